"""The text a code action inserts to suppress a finding, placed where the suppression reader
(hullcheck.parsers.suppressions) looks for it.

Where a comment cannot end a line with content (a Dockerfile's), it goes on a line of its own
before the statement holding the finding, which it then silences whole (a comment inside a
heredoc or a continuation would be part of the instruction). Elsewhere it goes at the end of the
flagged line, unless that line ends inside a value (a YAML block scalar). An existing
suppression comment for the same place gets the rule added to its list instead of a second
comment. Nothing here imports pygls: positions are hullcheck's (1-based, code points); the
server converts them for the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from hullcheck.engine.lint import LintOptions
from hullcheck.frontends import FrontEnd
from hullcheck.parsers.source import ParseProblem, split_lines
from hullcheck.parsers.suppressions import Scope, SuppressionComment, parse_suppressions

REASON_PLACEHOLDER = "reason"  # the author replaces it with why the finding is accepted
_DOCUMENT_ALONE = LintOptions(rules=())  # parsing the document to find its statements: no other file is read


@dataclass(frozen=True, slots=True)
class Insertion:
    """``text`` to insert before the character at (``line``, ``column``), both 1-based."""

    line: int
    column: int
    text: str


def suppression_insertion(
    front_end: FrontEnd, text: str, path: str, line: int, code: str, name: str
) -> Insertion | None:
    """Where and what to insert so that the rule ``code`` (named ``name``) is suppressed on
    ``line`` of a file of ``front_end``'s kind; None when it already is, or no comment can go
    there (the line is inside a multi-line YAML value, or past the end of the file)."""
    lines = split_lines(text)
    if not 1 <= line <= len(lines):
        return None
    syntax = front_end.comment_syntax
    own_line = not syntax.trailing
    target = _statement_start(front_end, text, path, line) if own_line else line
    scope = Scope.NEXT if own_line else Scope.LINE
    existing = next(
        (
            comment
            for comment in parse_suppressions(text, syntax).comments
            if comment.scope is scope and comment.line == target and not comment.hadolint
        ),
        None,
    )
    if existing is not None:
        return _add_rule(existing, code, name)
    comment = f"# hullcheck: ignore[{code}] -- {REASON_PLACEHOLDER}"
    if own_line:
        flagged = lines[target - 1]
        indent = flagged[: len(flagged) - len(flagged.lstrip(" \t"))]
        newline = "\r\n" if "\r\n" in text else "\n"
        return Insertion(target, 1, f"{indent}{comment}{newline}")
    if line in front_end.lines_inside_values(text):
        return None
    return Insertion(line, len(lines[line - 1]) + 1, f"  {comment}")


def _add_rule(comment: SuppressionComment, code: str, name: str) -> Insertion | None:
    if not comment.rules or any(rule.value.upper() == code or rule.value.lower() == name for rule in comment.rules):
        return None  # already named, or a comment the reader reports as invalid: not extended
    last = comment.rules[-1].span
    return Insertion(last.end_line, last.end_column, f", {code}")


def _statement_start(front_end: FrontEnd, text: str, path: str, line: int) -> int:
    """The first line of the statement holding ``line``; ``line`` itself when none holds it or
    the file does not parse."""
    try:
        model = front_end.parse(text, path, None, _DOCUMENT_ALONE).model
    except ParseProblem:
        return line
    return front_end.statement_starts(model).get(line, line)
