"""``.env`` and ``env_file`` files read as Compose reads them: one test per rule of compose-go's
dotenv parser (dotenv/parser.go) and of Docker's env-file syntax page
(https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax)."""

from __future__ import annotations

import pytest

from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.dotenv import parse_dotenv, read_dotenv

ENVIRONMENT = {"FROM_ENV": "env-value", "SHADOWED": "from-the-environment"}


def values(text: str) -> dict[str, str | Unresolved]:
    found = read_dotenv(text, ENVIRONMENT.get)
    assert found.error is None, found.error
    return {name: entry.value for name, entry in found.entries.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines and comment lines
        ("\n\n   \nA=1\n\t\n", {"A": "1"}),
        ("# A=1\n  # B=2\nC=3 # not B\n", {"C": "3"}),
        # a byte order mark at the start is dropped
        ("\ufeffA=1\n", {"A": "1"}),
        # export, spaces around "=", the YAML-like ":"
        ("export A=1\nexport\tB=2\n", {"A": "1", "B": "2"}),
        ("A = 1\nB=  2\n", {"A": "1", "B": "2"}),
        ("A: 1\n", {"A": "1"}),
        ("exported=1\n", {"exported": "1"}),
        # names with dots, dashes and brackets, and digits first
        ("a.b=1\nc-d=2\ne[0]=3\n1X=4\n", {"a.b": "1", "c-d": "2", "e[0]": "3", "1X": "4"}),
        # VAR=VAL, VAR="VAL", VAR='VAL'
        ("A=VAL\nB=\"VAL\"\nC='VAL'\n", {"A": "VAL", "B": "VAL", "C": "VAL"}),
        # empty values
        ("A=\nB=\"\"\nC=''\n", {"A": "", "B": "", "C": ""}),
        # an unquoted value's inline comment needs a space before "#"; the blanks before it go
        (
            "A=VAL # comment\nB=VAL# not a comment\nC=0.0.0.0         # x\n",
            {"A": "VAL", "B": "VAL# not a comment", "C": "0.0.0.0"},
        ),
        ("A=a\t# a tab is no comment start\n", {"A": "a\t# a tab is no comment start"}),
        # the first non-blank of the value is "#": it is the value (compose-go trims blanks first)
        ("A=  # c\n", {"A": "# c"}),
        # inline comments of quoted values follow the closing quote
        (
            'A="VAL # not a comment"\nB="VAL" # comment\nC=\'V\' #c\n',
            {"A": "VAL # not a comment", "B": "VAL", "C": "V"},
        ),
        # single quotes are literal: no interpolation, no escapes but a quote
        (
            "A='$OTHER'\nB='${OTHER}'\nC='some\\tvalue'\nD='Let\\'s go!'\n",
            {"A": "$OTHER", "B": "${OTHER}", "C": "some\\tvalue", "D": "Let's go!"},
        ),
        ("S='r(m)9$(x)k$$'\n", {"S": "r(m)9$(x)k$$"}),
        # double quotes: escapes, then interpolation
        (
            'A="some\\tvalue"\nB="a\\nb\\rc"\nC="\\\\"\nD="{\\"hello\\": \\"json\\"}"\n',
            {"A": "some\tvalue", "B": "a\nb\rc", "C": "\\", "D": '{"hello": "json"}'},
        ),
        (
            'A="\\$FROM_ENV"\nB="$$FROM_ENV"\nC="\\0101\\0"\nD="\\q\\x41"\n',
            {"A": "$FROM_ENV", "B": "$FROM_ENV", "C": "A\\0", "D": "\\q\\x41"},
        ),
        # unquoted values: no escapes, interpolation
        ("A=some\\tvalue\nB=\\$FROM_ENV\n", {"A": "some\\tvalue", "B": "\\env-value"}),
        # interpolation: the environment, then the file's earlier variables
        ('A=1\nB=${A}\nC=$A-x\nD="${A}"\n', {"A": "1", "B": "1", "C": "1-x", "D": "1"}),
        (
            "A=${UNSET:-default}\nB=${UNSET-default}\nC=${A:+alt}\nD=${FROM_ENV:?required}\n",
            {"A": "default", "B": "default", "C": "alt", "D": "env-value"},
        ),
        ("SHADOWED=file\nB=${SHADOWED}\n", {"SHADOWED": "file", "B": "from-the-environment"}),
        ("E=\nA=${E:-d}\nB=${E-d}\n", {"E": "", "A": "d", "B": ""}),
        # a later assignment wins
        ("A=1\nA=2\n", {"A": "2"}),
        # a name alone takes the environment's value, or is not set
        ("FROM_ENV\nNOT_IN_ENV\nexport FROM_ENV\n", {"FROM_ENV": "env-value"}),
        ("LAST_LINE_WITHOUT_NEWLINE", {}),
        ("A=1\nlast words without a newline", {"A": "1"}),
        # quoted values over several lines
        ("A=\"line 1\nline 2\"\nB='x\ny'\nC=3\n", {"A": "line 1\nline 2", "B": "x\ny", "C": "3"}),
        # after a closing quote the line goes on as another statement
        ('A="x" B=y\n', {"A": "x", "B": "y"}),
        ("A='x'FROM_ENV\n", {"A": "x", "FROM_ENV": "env-value"}),
        # CRLF line ends
        ('A=1\r\nB="2"\r\nFROM_ENV\r\n# c\r\n', {"A": "1", "B": "2", "FROM_ENV": "env-value"}),
        # =value without a name sets nothing anyone can read
        ("=orphan\nA=1\n", {"A": "1"}),
    ],
)
def test_values(text: str, expected: dict[str, str]) -> None:
    assert values(text) == expected


def test_an_unset_variable_leaves_the_value_unresolved() -> None:
    found = read_dotenv("A=${UNSET}/docker.sock\nB=prefix-$A\nC='${UNSET}'\n")
    a, b, c = found.entries.values()
    assert isinstance(a.value, Unresolved) and a.value.text == "${UNSET}/docker.sock"
    assert isinstance(b.value, Unresolved)  # built on an unresolved value
    assert c.value == "${UNSET}"
    # as text, an unresolved value is its template
    assert parse_dotenv("A=${UNSET}/docker.sock\n") == {"A": "${UNSET}/docker.sock"}


def test_the_template_is_compose_syntax_so_a_literal_dollar_is_doubled() -> None:
    found = read_dotenv("S='r(m)9$(x'\nD=\"a\\$b ${X:-c}\"\nU=$$u\nFROM_ENV\n", ENVIRONMENT.get)
    assert {name: entry.template for name, entry in found.entries.items()} == {
        "S": "r(m)9$$(x",
        "D": "a$$b ${X:-c}",
        "U": "$$u",
        "FROM_ENV": "${FROM_ENV}",
    }


def test_spans_run_from_the_name_to_the_end_of_the_value() -> None:
    text = 'A=0.0.0.0    # x\n  export B = "one\ntwo" # c\nC=\n'
    found = read_dotenv(text, path="app.env")
    spans = {name: entry.span for name, entry in found.entries.items()}
    assert spans == {
        "A": Span(1, 1, 1, 10, "app.env"),
        "B": Span(2, 10, 3, 5, "app.env"),
        "C": Span(4, 1, 4, 3, "app.env"),
    }


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("A=1\nMY VAR=2\nB=3\n", 2, 1, "variable name 'MY VAR' contains a space"),
        ("A!=1\n", 1, 2, "unexpected character '!' in variable name 'A!=1'"),
        ('A=1\nB="never closed\nC=3\n', 2, 3, 'unterminated quoted value "never closed'),
        ("A='x' trailing words\n", 1, 7, "variable name 'trailing words' contains a space"),
        ("A=" + "'" + "x" * 100 + "\n", 1, 3, "unterminated quoted value '" + "x" * 58 + "…"),
    ],
)
def test_what_compose_refuses_is_an_error_where_it_stops(text: str, line: int, column: int, message: str) -> None:
    found = read_dotenv(text)
    assert found.error is not None
    assert (found.error.span.line, found.error.span.column) == (line, column)
    assert found.error.message == f"{message}; Compose refuses the file"
    assert "C" not in found.entries  # nothing after the error is read
