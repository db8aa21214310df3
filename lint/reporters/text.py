"""Text output: ``full`` for people, ``concise`` for editors (``path:line:col: severity: message``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TextIO

from hullcheck.engine.findings import Finding, Severity, SuppressionKind
from hullcheck.parsers.source import split_lines
from hullcheck.reporters.report import Report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTE: "36"}


def write_concise(report: Report, stream: TextIO) -> None:
    for finding in report.findings:
        stream.write(f"{_location(finding)}: {finding.severity.value}: {finding.message} {_tag(finding)}\n")


def write_full(report: Report, stream: TextIO, color: bool) -> None:
    def paint(code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    for result in report.results:
        if not result.findings:
            continue
        stream.write(paint("1", result.path) + "\n")
        lines_by_path: dict[str, list[str]] = {}
        for finding in result.findings:
            if finding.path not in lines_by_path:
                lines_by_path[finding.path] = split_lines(report.sources.get(finding.path, ""))
            lines = lines_by_path[finding.path]
            severity = finding.severity
            stream.write(
                f"  {_location(finding)}: {paint(_COLORS[severity], severity.value)}: "
                f"{finding.message} {paint('2', _tag(finding))}\n"
            )
            stream.write(_excerpt(finding, lines, paint))
            for related in finding.related:
                stream.write(
                    f"    related: {related.path}:{related.span.line}:{related.span.column}: {related.message}\n"
                )
            stream.write(f"    {paint('32', 'advice')}: {finding.rule.advice}\n")
            stream.write(f"    see: {finding.rule.help_uri}\n")
        stream.write("\n")
    stream.write(summary(report) + "\n")


def summary(report: Report) -> str:
    counts = report.counts()
    parts = [
        f"{counts[severity]} {severity.value}{'s' if counts[severity] != 1 else ''}"
        for severity in Severity
        if counts[severity]
    ]
    files = sum(1 for result in report.results if result.note is None)
    with_findings = sum(1 for result in report.results if result.findings)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    silenced = _suppressed(report)
    if not parts:
        return f"No findings; {checked}{silenced}."
    return f"Found {', '.join(parts)} in {with_findings} of {checked}{silenced}."


def _suppressed(report: Report) -> str:
    """``; 3 suppressed (2 in the files, 1 by the baseline)``: silenced, but counted."""
    kinds = Counter(finding.suppression.kind for finding in report.suppressed if finding.suppression)
    if not kinds:
        return ""
    parts = [
        f"{kinds[kind]} {where}"
        for kind, where in ((SuppressionKind.IN_SOURCE, "in the files"), (SuppressionKind.EXTERNAL, "by the baseline"))
        if kinds[kind]
    ]
    return f"; {sum(kinds.values())} suppressed ({', '.join(parts)})"


def _excerpt(finding: Finding, lines: list[str], paint: Callable[[str, str], str]) -> str:
    span = finding.span
    if not 1 <= span.line <= len(lines):
        return ""
    source = lines[span.line - 1].expandtabs(1)
    end = span.end_column if span.end_line == span.line else len(source) + 1
    width = max(1, end - span.column)
    number = str(span.line)
    gutter = " " * len(number)
    marker = " " * (span.column - 1) + "^" * width
    return f"    {number} | {source}\n    {gutter} | {paint(_COLORS[finding.severity], marker)}\n"


def _location(finding: Finding) -> str:
    return f"{finding.path}:{finding.span.line}:{finding.span.column}"


def _tag(finding: Finding) -> str:
    return f"[{finding.rule.code} {finding.rule.name}]"
