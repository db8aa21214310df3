"""GitLab Code Quality JSON (``artifacts:reports:codequality``): one issue per finding.

GitLab compares the issues of a merge request with those of its target branch by
``fingerprint``, so the fingerprint leaves the line number out: it hashes the rule, the path,
the message and the text of the flagged lines, plus a counter for identical findings in one
file. Moving a block keeps its fingerprints; editing the flagged line makes a new one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from hullcheck.engine.findings import Finding, Severity
from hullcheck.parsers.source import split_lines
from hullcheck.reporters.printable import json_safe
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

# GitLab's scale is info, minor, major, critical, blocker. hullcheck's levels map onto the
# middle three; "blocker" is left for findings that break the build, which hullcheck cannot know.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.NOTE: "minor"}


def write_gitlab(report: Report, stream: TextIO) -> None:
    lines_by_path = {path: split_lines(text) for path, text in report.sources.items()}
    seen: Counter[str] = Counter()
    issues = []
    for finding in report.findings:
        key = _fingerprint_key(finding, lines_by_path.get(finding.path, []))
        seen[key] += 1
        # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
        digest = hashlib.md5(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape"), usedforsecurity=False)
        issues.append(_issue(finding, digest.hexdigest()))
    # readable non-ASCII text, but no raw control or bidi character, should it be printed
    stream.write(json_safe(json.dumps(issues, indent=2, ensure_ascii=False)))
    stream.write("\n")


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f"{finding.rule.code} {finding.rule.name}",
        "description": finding.message,
        "content": {"body": f"{finding.advice}\n\n{finding.rule.help_uri}"},
        "categories": ["Security"] if finding.rule.security_severity is not None else ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": finding.path,
            "lines": {"begin": finding.span.line, "end": finding.span.end_line},
        },
    }


def _fingerprint_key(finding: Finding, lines: list[str]) -> str:
    flagged = lines[finding.span.line - 1 : finding.span.end_line]
    text = "\n".join(" ".join(line.split()) for line in flagged)
    return "\0".join((finding.rule.code, finding.path, finding.message, text))
