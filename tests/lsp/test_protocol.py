"""The checks the server makes before it trusts a message: how deep its JSON nests, and whether an
edit stays inside the document. The server's reading is tested over stdio in
test_misbehaving_client."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.workspace import TextDocument

from hullcheck.lsp.protocol import beyond_end
from hullcheck.parsers.bounds import BoundExceeded, check_json


def nested_deeper_than(text: str, limit: int) -> bool:
    """The shared JSON bound the server checks, as a yes or no."""
    try:
        check_json(text, limit)
    except BoundExceeded:
        return True
    return False


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("[[[]]]", 3),
        ('{"a": [{"b": []}]}', 4),
        ('["[[[[", "{{{{"]', 1),  # brackets in strings do not count
        ('["\\"[[[[", "\\\\", [[]]]', 3),  # nor after an escaped quote; an escaped backslash ends no string
        ('{"a": 1}, {"b": 2}', 1),  # levels, not brackets
    ],
)
def test_nesting_is_counted_outside_strings(text: str, depth: int) -> None:
    assert nested_deeper_than(text, depth - 1)
    assert not nested_deeper_than(text, depth)


def test_brackets_after_an_unterminated_quote_are_in_a_string() -> None:
    assert not nested_deeper_than('["[[[[', 1)


def position_range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(start=types.Position(*start), end=types.Position(*end))


@pytest.mark.parametrize(
    ("text", "start", "end", "outside"),
    [
        ("a\nb\n", (2, 0), (2, 0), False),  # the empty line after a final line break
        ("a\nb\n", (3, 0), (3, 0), True),
        ("a\nb", (1, 9), (1, 9), False),  # a column past the end of its line means the end of the line
        ("a\nb", (2, 0), (2, 0), True),  # no final line break: no line after it
        ("", (0, 0), (0, 0), False),
        ("", (0, 0), (1, 0), True),
        ("a\rb\r", (2, 0), (2, 0), False),  # CR ends a line too, though no LF is counted
        ("a\rb\r", (3, 0), (3, 0), True),
        ("a\nb\n", (1, 0), (0, 0), True),  # ends before it starts
        ("a\nb\n", (0, 3), (0, 1), True),
    ],
)
def test_an_edit_beyond_the_end(text: str, start: tuple[int, int], end: tuple[int, int], outside: bool) -> None:
    assert beyond_end(TextDocument("file:///compose.yaml", text), position_range(start, end)) is outside
