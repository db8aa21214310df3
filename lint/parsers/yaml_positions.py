"""Where each character of a YAML scalar's value is written in the file.

ruamel.yaml marks where a scalar starts and ends; its value differs from the text between the
marks by the scalar's quoting (``''`` in single quotes, escapes in double quotes), by line
folding, and for a block scalar (``|``, ``>``) by its indentation and chomping. The text is read
here again, character by character, and the result kept only where it rebuilds the value
ruamel.yaml read: a form this does not model gives None, and its caller the whole scalar's span.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hullcheck.model.span import Span

# where one character of a value is written: its 1-based line, its first column and the column
# after it (more than one column for an escape or ``''``; none for a line break folded away)
Place = tuple[int, int, int]

_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_BLANKS = " \t"


class _Built:
    """A value being rebuilt, with the place of each of its characters."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.places: list[Place] = []

    def add(self, char: str, place: Place) -> None:
        self.chars.append(char)
        self.places.append(place)

    def result(self, value: str) -> list[Place] | None:
        return self.places if "".join(self.chars) == value else None


def scalar_places(node: Any, lines: list[str]) -> list[Place] | None:
    """For each character of the scalar ``node``'s value, where it is written in ``lines`` (the
    file's lines, from ``str.splitlines``); None where the value cannot be traced that way."""
    style = getattr(node, "style", None) or ""
    value = node.value
    if not isinstance(value, str):
        return None
    if style in ("|", ">"):
        return _block(node, lines, folded=style == ">")
    if style not in ("", "'", '"'):
        return None
    return _flow(node, lines, style)


def spans_in(places: list[Place], whole: Span) -> Callable[[int, int], Span]:
    """``span_of(start, end)`` for a value whose characters are at ``places``: the span from the
    first character's place to the last one's, in ``whole``'s file; ``whole`` for an empty value.
    Spans made from ``whole``, where it is when asked (a MovingSpan moves after ``places`` are read)."""
    made_at = whole.line

    def span_of(start: int, end: int) -> Span:
        if not places:
            return whole
        moved = whole.line - made_at
        start = min(max(start, 0), len(places))
        end = min(max(end, start), len(places))
        if start == len(places):
            line, _first, after = places[-1]
            return whole.at(line + moved, after, line + moved, after)
        line, column, _after = places[start]
        if end == start:
            return whole.at(line + moved, column, line + moved, column)
        end_line, _first, end_column = places[end - 1]
        end_column = max(end_column, column) if end_line == line else end_column
        return whole.at(line + moved, column, end_line + moved, end_column)

    return span_of


def value_place(node: Any, lines: list[str], whole: Span, after: Any, start: int = 0) -> Span | None:
    """Where the scalar ``node``'s value is written from its character ``start`` on, to the end
    (in its quotes; between them for an empty value): text put there that reads the same in the
    scalar's quoting makes the value's rest. ``whole`` is the scalar's span; ``after``, the mark
    the scalar must start after (its key's end: an alias's node is written before its key).
    None for a block scalar, an alias, a value that cannot be traced, or one with a ``$`` (a
    variable's: what is written there is not the value, and the variable would be lost)."""
    style = getattr(node, "style", None) or ""
    first, last = node.start_mark, node.end_mark
    if style in ("|", ">") or not isinstance(node.value, str) or "$" in node.value[start:]:
        return None
    if (first.line, first.column) < (after.line, after.column):
        return None
    if not node.value and style:
        at = whole.at(first.line + 1, first.column + 2, first.line + 1, first.column + 2)
        return at if first.line == last.line and last.column - first.column == 2 else None
    places = scalar_places(node, lines)
    if not places or start > len(places):
        return None
    return spans_in(places, whole)(start, len(places))


def _flow(node: Any, lines: list[str], quote: str) -> list[Place] | None:
    """A plain or quoted scalar: its lines folded (one line break to a space, each empty line
    a newline), each continuation line's leading blanks and each line's trailing blanks dropped;
    in double quotes, escapes and the escaped line break (``\\`` at a line's end)."""
    start, end = node.start_mark, node.end_mark
    skip = 1 if quote else 0
    first_line, last_line = start.line, end.line
    if last_line >= len(lines) or first_line > last_line:
        return None
    built = _Built()
    pending: Place | None = None  # the line break being folded, and the empty lines after it
    empty_lines = 0
    escaped_break = False
    for number in range(first_line, last_line + 1):
        row = lines[number]
        left = start.column + skip if number == first_line else 0
        right = end.column - skip if number == last_line else len(row)
        if right < left:
            return None
        if number != first_line:
            left += len(row[left:right]) - len(row[left:right].lstrip(_BLANKS))
        breaks_after = number != last_line
        escaped = False
        if breaks_after:
            text = row[left:right]
            backslashes = len(text) - len(text.rstrip("\\"))
            if quote == '"' and backslashes % 2 == 1:
                escaped, right = True, right - 1
            else:
                right = left + len(text.rstrip(_BLANKS))
        empty = left >= right and number != first_line
        if empty and breaks_after:
            empty_lines += 1
            continue
        if pending is not None:
            if escaped_break:
                pass
            elif empty_lines:
                for _ in range(empty_lines):
                    built.add("\n", pending)
            else:
                built.add(" ", pending)
        if not _characters(row, number, left, right, quote, built):
            return None
        pending, empty_lines, escaped_break = (number + 1, right + 1, right + 1), 0, escaped
    return built.result(node.value)


def _characters(row: str, number: int, left: int, right: int, quote: str, built: _Built) -> bool:
    """The characters of ``row[left:right]`` unquoted; False for an escape this does not read."""
    i = left
    while i < right:
        char = row[i]
        if quote == "'" and char == "'" and row.startswith("''", i):
            built.add("'", (number + 1, i + 1, i + 3))
            i += 2
        elif quote == '"' and char == "\\":
            escape = row[i + 1 : i + 2]
            if escape in _ESCAPES:
                built.add(_ESCAPES[escape], (number + 1, i + 1, i + 3))
                i += 2
            elif escape in _HEX_ESCAPES:
                digits = row[i + 2 : i + 2 + _HEX_ESCAPES[escape]]
                try:
                    decoded = chr(int(digits, 16))
                except ValueError:
                    return False
                after = i + 2 + len(digits)
                built.add(decoded, (number + 1, i + 1, after + 1))
                i = after
            else:
                return False
        else:
            built.add(char, (number + 1, i + 1, i + 2))
            i += 1
    return True


def _block(node: Any, lines: list[str], folded: bool) -> list[Place] | None:
    """A literal (``|``) or folded (``>``) block scalar: its content lines less their
    indentation, joined by newlines (folded: by a space between two lines of text that are not
    more indented), its final line breaks chomped as its header says."""
    start, end = node.start_mark, node.end_mark
    if start.line >= len(lines):
        return None
    header = lines[start.line][start.column + 1 :].split("#", 1)[0].strip()
    chomping = next((char for char in header if char in "+-"), "")
    digits = [char for char in header if char.isdigit()]
    last = min(end.line if end.column > 0 else end.line - 1, len(lines) - 1)
    rows = list(range(start.line + 1, last + 1))
    if digits:
        parent = lines[start.line]
        indent = len(parent) - len(parent.lstrip(" ")) + int(digits[0])
    else:
        texts = [lines[number] for number in rows if lines[number].strip(" ")]
        indent = min((len(text) - len(text.lstrip(" ")) for text in texts[:1]), default=0)
    content = [number for number in rows if len(lines[number]) > indent and lines[number].strip(_BLANKS)]
    if not content:
        return [] if node.value == "" else None
    body = [number for number in rows if number <= content[-1]]
    trailing = [number for number in rows if number > content[-1]]
    built = _Built()
    previous: int | None = None  # the last line of text
    for number in body:
        row = lines[number]
        if number not in content:
            continue  # an empty line: counted when the next line of text comes
        if previous is not None:
            between = number - previous - 1
            kept = not folded or _more_indented(lines[previous], indent) or _more_indented(row, indent)
            place = (previous + 1, len(lines[previous]) + 1, len(lines[previous]) + 1)
            if between == 0 and not kept:
                built.add(" ", place)
            else:
                for _ in range(between + (1 if kept else 0)):
                    built.add("\n", place)
        else:
            for empty in range(body[0], number):  # empty lines before the first line of text
                built.add("\n", (empty + 1, 1, 1))
        _add_row(row, number, indent, built)
        previous = number
    if previous is not None and chomping != "-":
        place = (previous + 1, len(lines[previous]) + 1, len(lines[previous]) + 1)
        built.add("\n", place)
        if chomping == "+":
            for number in trailing:
                built.add("\n", (number + 1, 1, 1))
    return built.result(node.value)


def _more_indented(row: str, indent: int) -> bool:
    return len(row) > indent and row[indent] in _BLANKS


def _add_row(row: str, number: int, indent: int, built: _Built) -> None:
    for column in range(indent, len(row)):
        built.add(row[column], (number + 1, column + 1, column + 2))
