"""JSON output, versioned. Version 2: see README "JSON output"."""

from __future__ import annotations

import json

from hullcheck import __version__
from hullcheck.engine.findings import Finding, Fix, Severity
from hullcheck.engine.lint import FileResult
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

SCHEMA_VERSION = 2  # 2: `fix` is the finding's edits (or null); the prose moved to `advice`


def write_json(report: Report, stream: TextIO) -> None:
    counts = report.counts()
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "hullcheck", "version": __version__},
        "files": [_file(result) for result in report.results],
        "findings": [_finding(finding) for finding in report.findings],
        "summary": {severity.value: counts[severity] for severity in Severity},
    }
    stream.write(json.dumps(document, indent=2))  # one write: dump() writes each token separately
    stream.write("\n")


def write_json_statistics(report: Report, stream: TextIO) -> None:
    """``--statistics --format json``: each reporting rule's count, most first, as ruff writes them."""
    from hullcheck.reporters.text import rule_counts

    counts = [
        {"code": count.code, "name": count.name, "severity": count.severity.value, "count": count.count}
        for count in rule_counts(report)
    ]
    stream.write(json.dumps(counts, indent=2))
    stream.write("\n")


def _file(result: FileResult) -> dict[str, str]:
    entry = {"path": result.path, "kind": result.kind.value}
    if result.note:
        entry["note"] = result.note  # why it was not linted
    return entry


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.rule.code,
        "name": finding.rule.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "span": _span(finding.span),
        "advice": finding.advice,
        "help_uri": finding.rule.help_uri,  # the rule's documentation: ShellCheck's wiki for SC2086
        "fix": _fix(finding.fix, finding.path) if finding.fix is not None else None,
        "related": [
            {"path": related.path, "span": _span(related.span), "message": related.message}
            for related in finding.related
        ],
    }


def _fix(fix: Fix, path: str) -> dict[str, Any]:
    """As ruff writes a fix: what it does, whether it is safe, and its edits, each with the path
    of its file (a Compose project's fix may edit the override or Dockerfile a value came from)."""
    return {
        "description": fix.description,
        "applicability": fix.applicability.value,
        "edits": [{"path": edit.span.path or path, "span": _span(edit.span), "text": edit.text} for edit in fix.edits],
    }


def _span(span: Any) -> dict[str, int]:
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}
