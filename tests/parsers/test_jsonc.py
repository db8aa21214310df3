"""JSON with comments (hullcheck.parsers.jsonc): the values of devcontainer.json with the exact
place of every key, value and character, and a ParseProblem at the place of each kind of error."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hullcheck.model.span import Span
from hullcheck.parsers.bounds import MAX_JSON_VALUES, MAX_NESTING
from hullcheck.parsers.jsonc import (
    JsonArray,
    JsonBool,
    JsonNull,
    JsonNumber,
    JsonObject,
    JsonString,
    JsonValue,
    parse_jsonc,
)
from hullcheck.parsers.source import ParseProblem

TEXT = """// a dev container
{
  /* its image */ "image": "node:20",
  "runArgs": ["--privileged", 1, 2.5e3, true, null,],  // a trailing comma
  "x": {"y": "tab\\there \\u00e9\\ud83d\\ude00!"},
}
"""


def plain(value: JsonValue) -> object:
    """The value as json.loads gives it."""
    if isinstance(value, JsonObject):
        return {member.key.value: plain(member.value) for member in value.members}
    if isinstance(value, JsonArray):
        return [plain(item) for item in value.items]
    if isinstance(value, JsonNull):
        return None
    assert isinstance(value, (JsonString, JsonNumber, JsonBool))
    return value.value


def written(text: str, span: Span) -> str:
    lines = text.split("\n")
    assert span.line == span.end_line
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


def test_keys_and_values_are_located_through_comments_and_trailing_commas() -> None:
    document = parse_jsonc(TEXT)
    root = document.root
    assert isinstance(root, JsonObject)
    assert root.span == Span(2, 1, 6, 2)
    assert [member.key.value for member in root.members] == ["image", "runArgs", "x"]
    image = root.by_key["image"]
    assert written(TEXT, image.key.span) == '"image"'
    assert image.value.span == Span(3, 28, 3, 37)
    run_args = root.get("runArgs")
    assert isinstance(run_args, JsonArray)
    assert [written(TEXT, item.span) for item in run_args.items] == ['"--privileged"', "1", "2.5e3", "true", "null"]
    assert plain(root) == {
        "image": "node:20",
        "runArgs": ["--privileged", 1, 2500.0, True, None],
        "x": {"y": "tab\there é😀!"},
    }
    assert not document.problems


def test_each_character_of_a_string_is_located_through_escapes() -> None:
    root = parse_jsonc(TEXT).root
    assert isinstance(root, JsonObject)
    inner = root.get("x")
    assert isinstance(inner, JsonObject)
    string = inner.get("y")
    assert isinstance(string, JsonString)
    line = TEXT.split("\n")[4]
    for index, char in enumerate(string.value):
        at = string.offset(index) - TEXT.index(line)
        source = line[at:]
        assert source.startswith(char) or source.startswith("\\"), (index, char, source)
    assert TEXT[string.offset(len(string.value))] == '"'
    assert line[string.offset(string.value.index("h")) - TEXT.index(line)] == "h"


def test_a_string_without_escapes_is_located_by_arithmetic() -> None:
    root = parse_jsonc('{"a": "source=/x,target=/y"}').root
    assert isinstance(root, JsonObject)
    string = root.get("a")
    assert isinstance(string, JsonString) and string.offsets is None
    assert string.offset(0) == 7 and string.offset(len(string.value)) == 26


def test_a_duplicate_key_keeps_its_last_value_and_is_reported() -> None:
    document = parse_jsonc('{\n  "privileged": false,\n  "privileged": true\n}')
    assert isinstance(document.root, JsonObject)
    value = document.root.get("privileged")
    assert isinstance(value, JsonBool) and value.value is True
    [problem] = document.problems
    assert problem.span == Span(3, 3, 3, 15)
    assert "first set on line 2" in problem.message


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"a": 1 "b": 2}', (1, 9), "expected ',' or '}' after an object member, found '\"b\"'"),
        ('{"a" 1}', (1, 6), "expected ':' after the property name 'a'"),
        ("{a: 1}", (1, 2), "expected a property name in double quotes"),
        ("{'a': 1}", (1, 2), "unexpected character"),
        ("[1,,]", (1, 4), "expected a value, found ','"),
        ("[1 2]", (1, 4), "expected ',' or ']' after an array item"),
        ('{"a": tru}', (1, 7), "expected a value, found 'tru'"),
        ('{"a": NaN}', (1, 7), "expected a value, found 'NaN'"),
        ('{"a": 01}', (1, 8), "expected ',' or '}'"),
        ('{\n  "a": "abc', (2, 8), "unterminated string"),
        ('{"a": "x\ny"}', (1, 7), "unterminated string"),
        ('{"a": "x\ty"}', (1, 9), "a control character (U+0009)"),
        ('{"a": "\\q"}', (1, 8), "invalid escape '\\\\q'"),
        ('{"a": "\\u12"}', (1, 8), "invalid escape"),
        ("{} /* x", (1, 4), "unterminated /* comment"),
        ("{} {}", (1, 4), "unexpected '{' after the end of the value"),
        ("", (1, 1), "expected a value, found the end of the file"),
        ("// only a comment\n", (2, 1), "expected a value, found the end of the file"),
        ('{"a": [1, 2}', (1, 12), "expected ',' or ']'"),
        ('{"a": 1', (1, 8), "expected ',' or '}' after an object member, found the end of the file"),
    ],
)
def test_an_error_is_a_parse_problem_at_its_place(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(ParseProblem) as raised:
        parse_jsonc(text)
    assert (raised.value.span.line, raised.value.span.column) == where
    assert message in raised.value.message


def test_a_byte_order_mark_is_skipped() -> None:
    root = parse_jsonc('\ufeff{"a": 1}').root
    assert isinstance(root, JsonObject) and root.span.column == 2


def test_nesting_is_bounded_without_recursion() -> None:
    at_bound = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert isinstance(parse_jsonc(at_bound).root, JsonArray)
    for deep in ("[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), '{"a":' * 100_000, "[" * 1_000_000):
        with pytest.raises(ParseProblem) as raised:
            parse_jsonc(deep)
        assert "nested more than" in raised.value.message


def test_the_number_of_values_is_bounded() -> None:
    text = "[" + "0," * MAX_JSON_VALUES + "0]"
    with pytest.raises(ParseProblem) as raised:
        parse_jsonc(text)
    assert "more than" in raised.value.message and raised.value.span.line == 1


def test_an_unterminated_string_does_not_backtrack() -> None:
    started = time.perf_counter()
    with pytest.raises(ParseProblem):
        parse_jsonc('{"a": "' + "x\\\\" * 200_000)
    assert time.perf_counter() - started < 5


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values, st.booleans())
def test_what_json_reads_is_read_the_same(value: object, indent: bool) -> None:
    text = json.dumps(value, indent=2 if indent else None, ensure_ascii=bool(indent))
    assert plain(parse_jsonc(text).root) == json.loads(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[],:"\\/*\n tfnu0123456789.e-abx', max_size=40))
def test_any_text_parses_or_is_a_parse_problem(text: str) -> None:
    try:
        parse_jsonc(text)
    except ParseProblem as problem:
        assert problem.span.line >= 1 and problem.span.column >= 1
