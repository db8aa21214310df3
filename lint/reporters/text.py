"""Text output: ``full`` for people, ``concise`` for editors (``path:line:col: severity: message``),
and the counts by rule that end ``full`` and make up ``--statistics``.

Everything taken from the scanned files (paths, messages, source lines) is written through
:func:`printable`, so no file can send the terminal a control sequence, and ``concise`` stays
one finding per line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from hullcheck.engine.findings import Finding, Severity, SuppressionKind
from hullcheck.parsers.source import split_lines
from hullcheck.records import Record
from hullcheck.reporters.printable import printable, width
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTE: "36"}
# An excerpt shows at most this many characters on each side of the flagged text, and of the
# flagged text itself: a minified line of two megabytes is not printed whole for each finding.
_CONTEXT_CHARS = 60
_FLAGGED_CHARS = 120
# The summary offers to leave out the rules below error level that make this share of the
# findings, or more, when there are at least NOISY_MINIMUM of them.
NOISY_SHARE = 0.2
NOISY_MINIMUM = 10


class RuleCount(Record, frozen=True, slots=True):
    """How many findings one rule reported, at the highest severity among them."""

    code: str
    name: str
    severity: Severity
    count: int


def write_concise(report: Report, stream: TextIO) -> None:
    for finding in report.findings:
        stream.write(f"{_location(finding)}: {finding.severity.value}: {printable(finding.message)} {_tag(finding)}\n")


def write_full(report: Report, stream: TextIO, color: bool, quiet: bool = False) -> None:
    """Findings grouped by the file linted, each with its source line and a marker under the
    span; a rule's advice and link follow its first finding in the group only, and again a
    finding whose advice differs (a setting spelled for a ``docker run`` line, not for Compose).
    Then, unless ``quiet``, the counts by rule and the totals."""

    def paint(code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines_by_path: dict[str, list[str]] = {}
    for result in report.results:
        if not result.findings:
            continue
        stream.write(paint("1", printable(result.path)) + "\n")
        advised: set[tuple[str, str]] = set()  # (rule, advice): a finding's own advice differs by origin
        for finding in result.findings:
            if finding.path not in lines_by_path:
                lines_by_path[finding.path] = split_lines(report.sources.get(finding.path, ""))
            severity = finding.severity
            stream.write(
                f"  {_location(finding)}: {paint(_COLORS[severity], severity.value)}: "
                f"{printable(finding.message)} {paint('2', _tag(finding))}\n"
            )
            stream.write(_excerpt(finding, lines_by_path[finding.path], paint))
            for related in finding.related:
                where = f"{printable(related.path)}:{related.span.line}:{related.span.column}"
                stream.write(f"    related: {where}: {printable(related.message)}\n")
            if (finding.rule.code, finding.advice) not in advised:
                advised.add((finding.rule.code, finding.advice))
                stream.write(f"    {paint('32', 'advice')}: {finding.advice}\n")
                stream.write(f"    see: {finding.rule.help_uri}\n")
        stream.write("\n")
    if quiet:
        return
    counts = rule_counts(report)
    if len(counts) > 1:
        stream.write("Findings by rule:\n")
        stream.write(statistics_table(counts, indent="  "))
        noisy = noisy_rules(counts)
        if noisy:
            share = sum(count.count for count in noisy) / sum(count.count for count in counts)
            codes = ",".join(count.code for count in noisy)
            quoted = ", ".join(f'"{count.code}"' for count in noisy)
            stream.write(
                f"{_names(noisy)} {'makes' if len(noisy) == 1 else 'make'} {share:.0%} of the findings; "
                f"to leave {'it' if len(noisy) == 1 else 'them'} out: --ignore {codes}, "
                f"or ignore = [{quoted}] in the configuration\n"
            )
    stream.write(summary(report) + "\n")


def write_statistics(report: Report, stream: TextIO, quiet: bool = False) -> None:
    """``--statistics``: the count of each rule's findings, most first, then the totals."""
    stream.write(statistics_table(rule_counts(report)))
    if not quiet:
        stream.write(summary(report) + "\n")


def rule_counts(report: Report) -> list[RuleCount]:
    """Each reporting rule's count, most first (then by code)."""
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.rule.code, []).append(finding)
    counts = [
        RuleCount(code, found[0].rule.name, max((f.severity for f in found), key=lambda s: s.rank), len(found))
        for code, found in by_code.items()
    ]
    return sorted(counts, key=lambda count: (-count.count, count.code))


def statistics_table(counts: list[RuleCount], indent: str = "") -> str:
    number = max((len(str(count.count)) for count in counts), default=1)
    return "".join(
        f"{indent}{count.count:>{number}}  {count.code}  {count.severity.value:<7}  {count.name}\n" for count in counts
    )


def noisy_rules(counts: list[RuleCount]) -> list[RuleCount]:
    """The rules below error level that each make NOISY_SHARE of the findings or more: the ones
    a reader may want to leave out for now. Errors are never offered."""
    total = sum(count.count for count in counts)
    return [
        count
        for count in counts
        if count.severity is not Severity.ERROR and count.count >= max(NOISY_MINIMUM, NOISY_SHARE * total)
    ]


def _names(counts: list[RuleCount]) -> str:
    """``HC210 port-on-all-interfaces and HC206 missing-no-new-privileges, notes,``"""
    names = [f"{count.code} {count.name}" for count in counts]
    if len(counts) == 1:
        return f"{names[0]}, a {counts[0].severity.value},"
    levels = sorted({count.severity for count in counts}, key=lambda severity: severity.rank)
    return f"{', '.join(names[:-1])} and {names[-1]}, {' and '.join(f'{level.value}s' for level in levels)},"


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
    """The flagged line and a marker under the span. Hostile characters are escaped, so the
    marker is placed by the width of what is shown, not by the column."""
    span = finding.span
    if not 1 <= span.line <= len(lines):
        return ""
    source = lines[span.line - 1].expandtabs(1)  # a tab is one column, as spans count it
    start = min(span.column - 1, len(source))
    end = min(span.end_column - 1, len(source)) if span.end_line == span.line else len(source)
    before, flagged, after = source[:start], source[start:end], source[end:]
    if len(before) > _CONTEXT_CHARS:
        before = "…" + before[-_CONTEXT_CHARS:]
    if len(flagged) > _FLAGGED_CHARS:
        flagged, after = flagged[:_FLAGGED_CHARS] + "…", ""
    elif len(after) > _CONTEXT_CHARS:
        after = after[:_CONTEXT_CHARS] + "…"
    shown_before, shown_flagged = printable(before), printable(flagged)
    number = str(span.line)
    marker = " " * width(shown_before) + "^" * max(1, width(shown_flagged))
    return (
        f"    {number} | {shown_before}{shown_flagged}{printable(after)}\n"
        f"    {' ' * len(number)} | {paint(_COLORS[finding.severity], marker)}\n"
    )


def _location(finding: Finding) -> str:
    return f"{printable(finding.path)}:{finding.span.line}:{finding.span.column}"


def _tag(finding: Finding) -> str:
    return f"[{finding.rule.code} {finding.rule.name}]"
