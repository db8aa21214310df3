"""systemd unit files as Podman Quadlet reads them: sections, keys, continued lines, comments,
repeated keys and resets, systemd's word splitting, and where each word is written."""

from __future__ import annotations

import pytest

from hullcheck.model.span import Span
from hullcheck.parsers.source import ParseProblem
from hullcheck.parsers.unit_file import Word, parse_unit_file


def located(text: str, span: Span) -> str:
    """The text of the file at ``span`` (one line)."""
    assert span.line == span.end_line
    return text.split("\n")[span.line - 1][span.column - 1 : span.end_column - 1]


def texts(words: list[Word] | None) -> list[str] | None:
    return None if words is None else [word.text for word in words]


def test_sections_keys_and_values_with_their_spans() -> None:
    text = "[Unit]\nDescription=web\n\n[Container]\nImage = docker.io/library/nginx:1.27  \nUser=app\n"
    unit = parse_unit_file(text)
    assert list(unit.sections) == ["Unit", "Container"]
    image = unit.last("Container", "Image")
    assert image is not None
    assert image.value == "docker.io/library/nginx:1.27"  # blanks around = and at the end dropped
    assert located(text, image.key_span) == "Image"
    assert located(text, image.span) == "docker.io/library/nginx:1.27"
    assert image.statement == Span(5, 1, 5, 37)
    assert unit.headers["Container"] == Span(4, 1, 4, 12)


def test_sections_of_one_name_merge() -> None:
    unit = parse_unit_file("[Container]\nVolume=/a:/a\n[Service]\nRestart=always\n[Container]\nVolume=/b:/b\n")
    assert [entry.value for entry in unit.entries("Container", "Volume")] == ["/a:/a", "/b:/b"]


def test_repeated_keys_collect_and_an_empty_value_resets_them() -> None:
    unit = parse_unit_file("[Container]\nVolume=/a:/a\nVolume=/b:/b\nVolume=\nVolume=/c:/c\nImage=x:1\nImage=y:2\n")
    assert [entry.value for entry in unit.entries("Container", "Volume")] == ["/c:/c"]
    last = unit.last("Container", "Image")
    assert last is not None and last.value == "y:2"
    assert parse_unit_file("[Container]\nVolume=/a:/a\nVolume=\n").entries("Container", "Volume") == []


def test_a_continued_value_joins_its_lines_as_quadlet_does() -> None:
    """The backslash is removed and the stripped lines joined as they are: a blank before the
    backslash separates, none does not (Quadlet's parser, not systemd's, which adds one)."""
    text = "[Container]\nPodmanArgs=--privileged \\\n    --pid=host\\\n  _x\n"
    entry = parse_unit_file(text).last("Container", "PodmanArgs")
    assert entry is not None
    assert entry.value == "--privileged --pid=host_x"
    words = entry.args()
    assert words is not None
    assert [word.text for word in words] == ["--privileged", "--pid=host_x"]
    assert words[0].span == Span(2, 12, 2, 24)
    # a word over two lines: each character where it is written
    assert words[1].span == Span(3, 5, 4, 5)
    assert words[1].span_of(0, 5) == Span(3, 5, 3, 10)
    assert words[1].span_of(10, 12) == Span(4, 3, 4, 5)


def test_comments_inside_a_continued_value_are_left_out() -> None:
    text = "[Container]\nExec=/bin/sh -c \\\n  # not part of it\n  ; nor this\n\n  'echo hi'\nUser=app\n"
    unit = parse_unit_file(text)
    entry = unit.last("Container", "Exec")
    assert entry is not None
    assert entry.value == "/bin/sh -c 'echo hi'"
    words = entry.args()
    assert words is not None and words[2].text == "echo hi"
    assert words[2].span == Span(6, 3, 6, 12)
    user = unit.last("Container", "User")
    assert user is not None and user.value == "app"


def test_a_hash_after_a_value_is_part_of_it() -> None:
    entry = parse_unit_file("[Container]\nImage=nginx:1.27 # pinned\n").last("Container", "Image")
    assert entry is not None and entry.value == "nginx:1.27 # pinned"


def test_a_backslash_on_the_last_line_is_dropped() -> None:
    entry = parse_unit_file("[Container]\nExec=run \\").last("Container", "Exec")
    assert entry is not None and entry.value == "run "


def test_crlf_lines() -> None:
    text = "[Container]\r\nImage=nginx:1.27\r\nExec=a \\\r\n  b\r\n"
    unit = parse_unit_file(text)
    image, command = unit.last("Container", "Image"), unit.last("Container", "Exec")
    assert image is not None and image.value == "nginx:1.27"
    assert command is not None and command.value == "a b"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("a b  c", ["a", "b", "c"]),
        ("'a b' \"c d\"", ["a b", "c d"]),
        ('x"a b"y', ["xa by"]),
        ('"it\'s" \'say "hi"\'', ["it's", 'say "hi"']),
        (r"a\tb \x41 \101 \u00e9 \s", ["a\tb", "A", "A", "é", " "]),
        ('"a\\"b"', ['a"b']),
        ("'unbalanced", ["unbalanced"]),  # SPLIT_RELAX: an open quote runs to the end
        ("trailing\\", ["trailing"]),  # and a trailing backslash is eaten
        ("'' after", []),  # an empty quoted word ends the splitting, as in systemd
        ("bad\\q escape", None),  # an escape systemd does not know: the value is dropped
        ("nul\\x00", None),
    ],
)
def test_exec_like_values_split_as_systemd_splits_them(value: str, words: list[str] | None) -> None:
    entry = parse_unit_file(f"[Container]\nPodmanArgs={value}\n").last("Container", "PodmanArgs")
    assert entry is not None
    assert texts(entry.args()) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("SYS_ADMIN NET_ADMIN", ["SYS_ADMIN", "NET_ADMIN"]),
        ("'CAP_A CAP_B' c", ["CAP_A CAP_B", "c"]),
        (r"back\slash", [r"back\slash"]),  # list values keep backslashes
        ("'open", None),  # and refuse an open quote: the value is dropped
    ],
)
def test_list_values_split_without_escapes(value: str, words: list[str] | None) -> None:
    entry = parse_unit_file(f"[Container]\nAddCapability={value}\n").last("Container", "AddCapability")
    assert entry is not None
    assert texts(entry.strv()) == words


def test_words_know_where_each_character_is() -> None:
    text = '[Container]\nEnvironment=A=1 "B=two words" C=\\x41\n'
    entry = parse_unit_file(text).last("Container", "Environment")
    assert entry is not None
    words = entry.args()
    assert words is not None
    first, second, third = words
    assert first.exact and located(text, first.span) == "A=1"
    assert located(text, second.span) == '"B=two words"'  # with its quotes
    assert not second.exact
    assert located(text, second.span_of(2, 5)) == "two"
    assert third.text == "C=A" and located(text, third.span_of(2, 3)) == "\\x41"


def test_lookup_strips_one_pair_of_double_quotes() -> None:
    text = '[Container]\nImage="docker.io/library/nginx:1.27"\n'
    entry = parse_unit_file(text).last("Container", "Image")
    assert entry is not None
    word = entry.looked_up()
    assert word.text == "docker.io/library/nginx:1.27"
    assert located(text, word.span) == "docker.io/library/nginx:1.27"


def test_booleans_as_quadlet_reads_them() -> None:
    unit = parse_unit_file("[Container]\nReadOnly=Yes\nNoNewPrivileges=enabled\nRunInit=on\n")
    assert unit.boolean("Container", "ReadOnly") is not None
    assert [unit.boolean("Container", key)[0] for key in ("ReadOnly", "NoNewPrivileges", "RunInit")] == [  # type: ignore[index]
        True,
        False,  # only 1, yes, true and on are true
        True,
    ]
    assert unit.boolean("Container", "Notify") is None


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("Image=nginx\n", 1, "before any [Section]"),
        ("[Container]\nthis is not an assignment\n", 2, "not a Key=Value pair"),
        ("[Container]\n=value\n", 2, "not a Key=Value pair"),
        ("[Contai[ner]\n", 1, "invalid section name"),
        ("[Container]\nA=1\n[\x01]\n", 3, "invalid section name"),
    ],
)
def test_lines_quadlet_refuses_are_parse_problems_at_their_line(text: str, line: int, says: str) -> None:
    with pytest.raises(ParseProblem) as raised:
        parse_unit_file(text)
    assert raised.value.span.line == line
    assert says in raised.value.message


def test_hostile_shapes_end_quickly_and_cleanly() -> None:
    # an endless continuation: one value of 50,000 words
    endless = "[Container]\nPodmanArgs=" + "--x \\\n" * 50_000 + "end\n"
    entry = parse_unit_file(endless).last("Container", "PodmanArgs")
    assert entry is not None
    words = entry.args()
    assert words is not None and len(words) == 50_001
    assert words[-1].span.line == 50_002
    # many keys, a long line, a long quoted word
    many = "[Container]\n" + "Volume=/a:/a\n" * 20_000 + "Exec='" + "x" * 200_000 + "'\n"
    unit = parse_unit_file(many)
    assert len(unit.entries("Container", "Volume")) == 20_000
    command = unit.last("Container", "Exec")
    assert command is not None and len(command.args() or []) == 1
    # comments and blank lines only: no section, nothing set
    assert parse_unit_file("# a comment\n\n; another\n").sections == {}
