"""JSON strings and arrays of them (hullcheck.parsers.json_strings), which a Dockerfile's exec
form is: the same verdict and the same words as :func:`json.loads` for every text, but for a
lone surrogate escape, which is U+FFFD as Go's decoder (Docker's) reads it."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.json_strings import read_escape, string_array, string_value


def by_json(text: str) -> list[str] | None:
    """What the exec form was read with before: json.loads, then a check for a list of strings."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for item in value]
    return None


def words(text: str) -> list[str] | None:
    found = string_array(text)
    return None if found is None else [word for word, _, _ in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["nginx", "-g", "daemon off;"]', ["nginx", "-g", "daemon off;"]),
        ("[]", []),
        (' \t[ "a" ,"b"\r\n] \n', ["a", "b"]),
        ('["tab\\there", "quote\\"", "slash\\/", "back\\\\slash", "\\b\\f\\n\\r"]', None),  # checked below
        ('["\\u00e9\\ud83d\\ude00"]', ["é😀"]),
        ('["\\ud83d"]', ["\ufffd"]),  # a lone surrogate: Go's replacement character
        ('["a",]', None),  # a trailing comma
        ('["a"] && b', None),  # text after the array
        ('["a", ["b"]]', None),  # nested
        ('["a", 1]', None),  # not a string
        ("['a']", None),  # single quotes
        ('["a\tb"]', None),  # a control character in a string
        ('["\\x41"]', None),  # no such escape
        ('["\\u12"]', None),
        ('["unclosed]', None),
        ("[ -f /x ] && echo", None),  # a shell form's test
        ('"a"', None),
        ("", None),
    ],
)
def test_an_exec_form_is_a_whole_json_array_of_strings(text: str, expected: list[str] | None) -> None:
    assert words(text) == by_json(text)
    if expected is not None:
        assert words(text) == expected


def test_each_word_is_at_its_literal() -> None:
    text = ' ["a", "b\\"c" , "d"]'
    assert string_array(text) == [("a", 2, 5), ('b"c', 7, 13), ("d", 16, 19)]
    for word, start, end in string_array(text) or []:
        assert string_value(text[start:end]) == word


def test_an_escape_reads_to_its_end() -> None:
    assert read_escape('\\n"', 0) == ("\n", 2)
    assert read_escape("\\ud83d\\ude00", 0) == ("😀", 12)
    assert read_escape("\\ud83d\\u0041", 0) == ("\ufffd", 6)  # a high surrogate with no low one after it
    assert read_escape("\\q", 0) is None


json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=8,
).map(json.dumps)
pieces = st.sampled_from(['"', "\\", "[", "]", ",", " ", "\t", "\n", "a", "é", "\\u00", "\\ud83d", "\\ude00", "\x01"])


@given(st.one_of(json_text, st.lists(pieces, max_size=12).map("".join), st.text(max_size=12).map(lambda t: f"[{t}]")))
@settings(max_examples=1500, deadline=None)
@example('["\\ud800\\udc00"]')
@example('["\\udc00\\ud800"]')
def test_the_verdict_and_words_are_json_loads(text: str) -> None:
    assert words(text) == by_json(text)


def test_a_long_text_that_almost_is_an_array_is_read_in_linear_time() -> None:
    # each string one character at a time: a failed match tries no other split of the same text
    text = "[" + ", ".join('"' + "a\\n" * 2000 + '"' for _ in range(200)) + ",]"
    started = time.process_time()
    assert string_array(text) is None
    assert time.process_time() - started < 5.0  # linear: about 0.1 s here; a backtracking split takes hours


def test_a_dockerfile_reads_its_exec_form_words_where_they_are() -> None:
    text = 'FROM alpine\nSHELL ["/bin/ash", "-e\\u0078c"]\nCMD ["a", 1]\n'
    shell, cmd = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions[:2]
    assert [(word.value, word.span.column, word.span.end_column) for word in shell.words] == [
        ("/bin/ash", 8, 18),  # each at its literal, quotes included
        ("-exc", 20, 31),
    ]
    assert not cmd.exec_form
