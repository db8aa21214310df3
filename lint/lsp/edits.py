"""The text a code action inserts to suppress a finding, placed where the suppression reader
(hullcheck.parsers.suppressions) looks for it.

Where a comment cannot end a line with content (a Dockerfile's), it goes on a line of its own
before the statement holding the finding, which it then silences whole (a comment inside a
heredoc or a continuation would be part of the instruction). Elsewhere it goes at the end of the
flagged line (before a comment there, which the new one then ends with), unless that line ends
inside a value (a YAML block scalar). An existing
suppression comment for the same place gets the rule added to its list instead of a second
comment. Nothing here imports pygls: positions are hullcheck's (1-based, code points); the
server converts them for the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hullcheck.engine.lint import LintOptions
from hullcheck.frontends import FrontEnd
from hullcheck.parsers.source import ParseProblem, split_lines
from hullcheck.parsers.suppressions import Scope, SuppressionComment, parse_suppressions, trailing_comments
from hullcheck.records import Record

REASON_PLACEHOLDER = "reason"  # the author replaces it with why the finding is accepted
_DOCUMENT_ALONE = LintOptions(rules=())  # parsing the document to find its statements: no other file is read


class Insertion(Record, frozen=True, slots=True):
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
    insertions = suppression_insertions(front_end, text, path, [(line, code, name)])
    return insertions[0] if insertions else None


def suppression_insertions(
    front_end: FrontEnd,
    text: str,
    path: str,
    wanted: Iterable[tuple[int, str, str]],
    reason: str = REASON_PLACEHOLDER,
) -> list[Insertion]:
    """The insertions that suppress each rule (line, code, name) of ``wanted`` on its line, at
    most one for each comment: the rules of one place go in one comment (a new one, or the one
    there, extended), in the order given. None for a rule already named there, or a line no
    comment can go on (see suppression_insertion)."""
    lines = split_lines(text)
    syntax = front_end.comment_syntax
    own_line = not syntax.trailing
    scope = Scope.NEXT if own_line else Scope.LINE
    inside_values = None if own_line else front_end.lines_inside_values(text)
    starts = _statement_starts(front_end, text, path) if own_line else {}
    commented = {} if own_line else trailing_comments(text, syntax)
    existing = {
        comment.line: comment
        for comment in parse_suppressions(text, syntax).comments
        if comment.scope is scope and not comment.hadolint
    }
    codes: dict[int, dict[str, str]] = {}  # by the line the comment silences: code -> name
    for line, code, name in wanted:
        if not 1 <= line <= len(lines) or (inside_values is not None and line in inside_values):
            continue
        codes.setdefault(starts.get(line, line), {}).setdefault(code, name)
    insertions: list[Insertion] = []
    for target, named in codes.items():
        comment = existing.get(target)
        if comment is not None:
            insertion = _add_rules(comment, named)
        elif own_line:
            flagged = lines[target - 1]
            indent = flagged[: len(flagged) - len(flagged.lstrip(" \t"))]
            newline = "\r\n" if "\r\n" in text else "\n"
            insertion = Insertion(target, 1, f"{indent}{_comment(named, reason, syntax.marker)}{newline}")
        elif target in commented:  # before the comment there: the reader reads the first one
            insertion = Insertion(target, commented[target], f"{_comment(named, reason, syntax.marker)} ")
        else:
            insertion = Insertion(target, len(lines[target - 1]) + 1, f"  {_comment(named, reason, syntax.marker)}")
        if insertion is not None:
            insertions.append(insertion)
    return insertions


def _comment(codes: Iterable[str], reason: str, marker: str = "#") -> str:
    return f"{marker} hullcheck: ignore[{', '.join(sorted(codes))}] -- {reason}"


def _add_rules(comment: SuppressionComment, codes: Mapping[str, str]) -> Insertion | None:
    if not comment.rules:
        return None  # a comment the reader reports as invalid: not extended
    written = {rule.value.upper() for rule in comment.rules} | {rule.value.lower() for rule in comment.rules}
    added = sorted(code for code, name in codes.items() if code not in written and name not in written)
    if not added:
        return None  # already named
    last = comment.rules[-1].span
    return Insertion(last.end_line, last.end_column, "".join(f", {code}" for code in added))


def _statement_starts(front_end: FrontEnd, text: str, path: str) -> Mapping[int, int]:
    """The first line of the statement holding each line of a statement of several lines;
    none when the file does not parse."""
    try:
        model = front_end.parse(text, path, None, _DOCUMENT_ALONE).model
    except ParseProblem:
        return {}
    return front_end.statement_starts(model)
