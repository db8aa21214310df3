"""The text a code action inserts to suppress a finding, placed where the suppression reader
(hullcheck.parsers.suppressions) looks for it.

A Dockerfile has whole-line comments only: the comment goes on a line of its own before the
instruction holding the finding, which it then silences whole (a comment inside a heredoc or a
continuation would be part of the instruction). In YAML and code files the comment goes at the
end of the flagged line. An existing suppression comment for the same place gets the rule added
to its list instead of a second comment. Nothing here imports pygls: positions are hullcheck's
(1-based, code points); the server converts them for the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from hullcheck.engine.runner import FileKind
from hullcheck.model.dockerfile import Instruction
from hullcheck.model.node import Node
from hullcheck.parsers.source import ParseProblem, split_lines
from hullcheck.parsers.suppressions import CommentSyntax, Scope, SuppressionComment, parse_suppressions

REASON_PLACEHOLDER = "reason"  # the author replaces it with why the finding is accepted


@dataclass(frozen=True, slots=True)
class Insertion:
    """``text`` to insert before the character at (``line``, ``column``), both 1-based."""

    line: int
    column: int
    text: str


def suppression_insertion(kind: FileKind, text: str, path: str, line: int, code: str, name: str) -> Insertion | None:
    """Where and what to insert so that the rule ``code`` (named ``name``) is suppressed on
    ``line``; None when it already is, or no comment can go there (the line is inside a
    multi-line YAML value, or past the end of the file)."""
    lines = split_lines(text)
    if not 1 <= line <= len(lines):
        return None
    dockerfile = kind is FileKind.DOCKERFILE
    target = _instruction_start(text, path, line) if dockerfile else line
    scope = Scope.NEXT if dockerfile else Scope.LINE
    existing = next(
        (
            comment
            for comment in parse_suppressions(
                text, CommentSyntax.DOCKERFILE if dockerfile else CommentSyntax.YAML
            ).comments
            if comment.scope is scope and comment.line == target and not comment.hadolint
        ),
        None,
    )
    if existing is not None:
        return _add_rule(existing, code, name)
    comment = f"# hullcheck: ignore[{code}] -- {REASON_PLACEHOLDER}"
    if dockerfile:
        flagged = lines[target - 1]
        indent = flagged[: len(flagged) - len(flagged.lstrip(" \t"))]
        newline = "\r\n" if "\r\n" in text else "\n"
        return Insertion(target, 1, f"{indent}{comment}{newline}")
    if kind is FileKind.COMPOSE:
        from hullcheck.parsers.yaml_layout import lines_inside_scalars

        if line in lines_inside_scalars(text):
            return None
    return Insertion(line, len(lines[line - 1]) + 1, f"  {comment}")


def _add_rule(comment: SuppressionComment, code: str, name: str) -> Insertion | None:
    if not comment.rules or any(rule.value.upper() == code or rule.value.lower() == name for rule in comment.rules):
        return None  # already named, or a comment the reader reports as invalid: not extended
    last = comment.rules[-1].span
    return Insertion(last.end_line, last.end_column, f", {code}")


def _instruction_start(text: str, path: str, line: int) -> int:
    """The first line of the instruction holding ``line``: the last one that starts at or
    before it. ``line`` itself when the Dockerfile has no instruction there."""
    from hullcheck.parsers.dockerfile import parse_dockerfile

    try:
        model = parse_dockerfile(text, path).model
    except ParseProblem:
        return line
    starts = [node.span.line for node in _nodes(model) if isinstance(node, Instruction)]
    return max((start for start in starts if start <= line), default=line)


def _nodes(root: Node) -> list[Node]:
    found = [root]
    for child in root.children():
        found.extend(_nodes(child))
    return found
