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
line, with the parser's own message. A Compose key that holds the wrong type (`volumes: 3`,
`privileged: maybe`, a service that is a list) is reported the same way, naming the key and
the type it takes; that value is not read, and the rest of the file is still checked.

It is reported whatever `--select` (or the configuration's `select`) names, so a run narrowed to
a few rules still says which files it could not check; only ignoring it (`--ignore HC001`,
`ignore`, `per-file-ignores`) turns it off.

## Why is this bad?
A file that does not parse is a file no rule has checked: every mistake in it is hidden. Docker
itself rejects most of these files, so the build or deployment they describe is broken too.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
   privileged: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
    privileged: false
```

## References
- https://docs.docker.com/reference/compose-file/
- https://docs.docker.com/reference/dockerfile/
""",
    advice="Fix the syntax error so the file can be checked.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

PROJECT_ERROR = RuleInfo(
    code="HC002",
    name="project-error",
    severity=Severity.ERROR,
    summary="A Compose project cannot be loaded whole: a file it names is missing, or extends or include loop.",
    docs="""A Compose project cannot be loaded whole: a file it names is missing, or extends or include loop.

## What it does
Reports, at the line that names it, a file of a Compose project that hullcheck cannot read: an
override file `COMPOSE_FILE` names, the file of an `extends` or an `include`, an `env_file`, the
Dockerfile a service builds; a service `extends` names that does not exist; a `build.target`
stage the service's Dockerfile does not define; an `extends` or `include` cycle; a file outside
the scanned folder (hullcheck reads nothing there); two included projects that define the same
service. Like HC001, it is reported whatever `--select` names, unless it is ignored.

## Why is this bad?
Docker Compose refuses to run such a project, and what hullcheck could not load it could not
check: the settings that file holds may be the dangerous ones.

## Example
```yaml
services:
  web:
    extends:
      file: common.yaml
      service: webapp
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
```

## References
- https://docs.docker.com/reference/compose-file/extends/
- https://docs.docker.com/reference/compose-file/include/
""",
    advice="Create the missing file or service, or break the cycle.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

INTERNAL_ERROR = RuleInfo(
    code="HC000",
    name="internal-error",
    severity=Severity.ERROR,
    summary="hullcheck failed on this file; the file was not fully checked. Please report it.",
    docs="""hullcheck failed on this file; the file was not fully checked. Please report it.

This is a defect in hullcheck, not in your file. When one rule fails, the other rules still ran.
When the parser fails, or the process linting the file dies (a crash in native code, or the
out-of-memory killer), nothing in the file was checked. Either way the run goes on.
""",
    advice="Report the message and the file to the hullcheck maintainers.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

UNUSED_SUPPRESSION = RuleInfo(
    code="HC003",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A suppression comment names a rule that reports nothing where it applies.",
    docs="""A suppression comment names a rule that reports nothing where it applies.

## What it does
Reports each rule named in a `# hullcheck: ignore[…]` or `# hullcheck: ignore-file[…]` comment
that silenced no finding, at the rule's name in the comment. A rule that did not run on the file
(not selected, or ignored for it by the configuration) is not reported. hadolint pragmas are
never reported: they are also there for hadolint.

## Why is this bad?
A suppression outlives the finding it was written for: once the code is fixed, the forgotten
comment still silences the rule on that line, so the mistake can come back unseen. Removing
unused suppressions keeps every remaining one a deliberate, reviewed exception.

## Example
```yaml
services:
  agent:
    image: example/backup-agent:1.4
    security_opt:
      - no-new-privileges:true
    # hullcheck: ignore[privileged-container] -- reads raw block devices for snapshots
    read_only: true
```

## Use instead
```yaml
services:
  agent:
    image: example/backup-agent:1.4
    security_opt:
      - no-new-privileges:true
    # hullcheck: ignore[privileged-container] -- reads raw block devices for snapshots
    privileged: true
```

## References
- https://github.com/hullcheck/hullcheck#suppressions
- https://docs.astral.sh/ruff/rules/unused-noqa/
""",
    advice="Remove the rule from the suppression comment, or the comment if it names no other rule.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

INVALID_SUPPRESSION = RuleInfo(
    code="HC004",
    name="invalid-suppression",
    severity=Severity.ERROR,
    summary="A suppression comment that silences nothing: malformed, naming no rule or an unknown one.",
    docs="""A suppression comment that silences nothing: malformed, naming no rule or an unknown one.

## What it does
Reports a `# hullcheck:` comment that does not follow
`# hullcheck: ignore[RULE, …] -- reason`: one that names no rule, names a rule hullcheck does
not have, is written at the end of a Dockerfile line (a Dockerfile has whole-line comments
only), has no line after it, or is an `ignore-file` below the comments at the top of the file.

## Why is this bad?
Its author meant to silence a finding and believes it is silenced, but the comment does nothing,
or, for a comment naming no rule, would silence every rule on the line, hiding mistakes nobody
has looked at. A suppression must say exactly which finding it accepts.

## Example
```dockerfile
FROM alpine:3.20
# hullcheck: ignore -- legacy image
USER root
```

## Use instead
```dockerfile
FROM alpine:3.20
# hullcheck: ignore[root-user] -- the entrypoint drops to uid 1000 after chown
USER root
```

## References
- https://github.com/hullcheck/hullcheck#suppressions
""",
    advice="Name the rules in brackets, by code or name: `# hullcheck: ignore[HC301] -- reason`.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

UNKNOWN_COMPOSE_KEY = RuleInfo(
    code="HC005",
    name="unknown-compose-key",
    severity=Severity.ERROR,
    summary="A Compose file holds a key the Compose specification does not define there: Docker Compose refuses it.",
    docs="""A Compose file holds a key the Compose specification does not define there: Docker Compose refuses it.

## What it does
Reports, at the key, each key that the Compose specification does not define where it is
written, wherever the specification refuses unknown keys: at the top level, in a service, and in
a service's `build`, `deploy`, `healthcheck`, `logging`, `extends`, long-form `volumes`, `ports`,
`secrets` and `configs` entries, and the rest (`x-` extension keys are allowed where the
specification allows them). The message suggests the nearest key (`privilegd` → `privileged`). A
file whose services sit at the top level, without a `services:` key (the version 1 layout), is
reported once, at its first service. The key sets are generated from the specification's JSON
schema (`hullcheck.parsers.compose_keys` names the version); the rest of the file is still checked.

It is a code of its own, not a parse error (HC001), so that a key added by a newer Compose release
than hullcheck knows can be ignored (`--ignore HC005`, or a suppression comment on its line)
without hiding files that do not parse.

## Why is this bad?
Docker Compose validates the file against the specification and refuses to run it. And a
misspelt key is a setting that is not there: `privilegd: false` or `read_onyl: true` is read by
nobody, so the container runs without the protection its author meant to give it.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
    read_onyl: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
    read_only: true
```

## References
- https://docs.docker.com/reference/compose-file/
- https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json
""",
    advice="Correct the key's spelling or move it where the Compose specification defines it.",
    security_severity=None,
    cwe=(),
    precision="very-high",
)

# The engine's own codes a run reports, and may select or ignore as it does rules.
SELECTABLE_ENGINE_CODES = (PARSE_ERROR, PROJECT_ERROR, UNUSED_SUPPRESSION, INVALID_SUPPRESSION, UNKNOWN_COMPOSE_KEY)
# Those that say a file, or part of a project, was not checked: reported whatever ``--select``
# names (a run narrowed to one rule must still say what it could not read), unless ignored.
ALWAYS_REPORTED = (PARSE_ERROR, PROJECT_ERROR)
