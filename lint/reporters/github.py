"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` per finding, escaped as
actions/toolkit's ``command.ts`` escapes them. GitHub shows a limited number of annotations per
step, so this format is for the pull request view; SARIF carries every finding.
"""

from __future__ import annotations

from hullcheck.engine.findings import Finding, Severity
from hullcheck.reporters.printable import printable
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

# GitHub's annotation levels: "notice" is the lowest, there is no "note"
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
MAX_TITLE_CHARS = 255  # the checks API's limit for an annotation title
_LINE_BREAKS = "\r\n"  # percent-encoded by escape_data, so left to it


def write_github(report: Report, stream: TextIO) -> None:
    stream.writelines(f"{annotation(finding)}\n" for finding in report.findings)


def annotation(finding: Finding) -> str:
    span = finding.span
    # the file's own text and name, minus what a log viewer would obey (CR and LF are
    # percent-encoded below, as the toolkit does: an annotation may hold several lines)
    properties = [("file", printable(finding.path, keep=_LINE_BREAKS)), ("line", str(span.line))]
    if span.end_line == span.line:
        # GitHub's columns are inclusive (endColumn defaults to col); SARIF's end is exclusive.
        # Columns are only allowed when the annotation is on one line.
        last_column = max(span.column, span.end_column - 1)
        properties += [("col", str(span.column)), ("endLine", str(span.end_line)), ("endColumn", str(last_column))]
    else:
        properties.append(("endLine", str(span.end_line)))
    properties.append(("title", f"{finding.rule.code} {finding.rule.name}"[:MAX_TITLE_CHARS]))
    written = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    message = f"{printable(finding.message, keep=_LINE_BREAKS)}\nAdvice: {finding.advice}\nSee {finding.rule.help_uri}"
    return f"::{_COMMANDS[finding.severity]} {written}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF are percent-encoded, so a message is one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, and also ``:`` and ``,``, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
