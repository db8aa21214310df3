"""Findings the engine itself makes: files it cannot read and rules that fail."""

from __future__ import annotations

from hullcheck.engine.findings import RuleInfo, Severity

PARSE_ERROR = RuleInfo(
    code="HC001",
    name="parse-error",
    severity=Severity.ERROR,
    summary="A file hullcheck cannot read, decode or parse, so nothing in it was checked.",
    docs="""A file hullcheck cannot read, decode or parse, so nothing in it was checked.

## What it does
Reports a Dockerfile or Compose file that cannot be read (permission denied), decoded (not
UTF-8) or parsed (invalid YAML, an unterminated heredoc, an invalid FROM), at the best-known
line, with the parser's own message.

## Why is this bad?
A file that does not parse is a file no rule has checked: every mistake in it is hidden. Docker
itself rejects most of these files, so the build or deployment they describe is broken too.

## Example
```yaml
services:
  web:
    image: nginx:1.27
   privileged: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    privileged: false
```

## References
- https://docs.docker.com/reference/compose-file/
- https://docs.docker.com/reference/dockerfile/
""",
    fix="Fix the syntax error so the file can be checked.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

INTERNAL_ERROR = RuleInfo(
    code="HC000",
    name="internal-error",
    severity=Severity.ERROR,
    summary="A rule failed on this file; the file was not fully checked. Please report it.",
    docs="""A rule failed on this file; the file was not fully checked. Please report it.

This is a defect in hullcheck, not in your file. The other rules still ran.
""",
    fix="Report the message and the file to the hullcheck maintainers.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)
