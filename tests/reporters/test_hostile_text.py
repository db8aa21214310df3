"""Nothing a scanned file holds reaches the terminal as a control: escape sequences, NUL, C1
controls, line separators and bidi overrides in file content and file names are written as
visible escapes by every text format, kept exact by the structured ones, and never break the
one-line-per-finding formats or the markers under excerpts."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.reporters.printable import HOSTILE, json_safe, printable, width

ESC = "\x1b"
OSC8_LINK = f"{ESC}]8;;https://evil.example/{ESC}\\click{ESC}]8;;{ESC}\\"
CLEAR_SCREEN = f"{ESC}[2J"
RLO = "\u202e"  # right-to-left override, the "trojan source" character
# one of each class: C0 (NUL, BEL, ESC, CR), DEL, C1 (NEL, CSI), separators, bidi controls
HOSTILE_CHARACTERS = "\x00\x07\x1b\r\x7f\x85\x9b\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RED_NAME = f"Dockerfile.{ESC}[31mred"  # a file name is untrusted too


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Dockerfile whose LABEL holds an OSC 8 link and a clear-screen sequence, whose RUN line
    hides a bidi override, whose USER line overwrites itself with a CR, under a name with an
    escape sequence; and a Compose file whose service name holds every hostile character."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / RED_NAME).write_text(
        "FROM alpine:3.20\n"
        f'LABEL org.example.docs="{OSC8_LINK}" note={CLEAR_SCREEN}\n'
        f"RUN curl -fsSL https://get.example/i.sh | sh # {RLO} hs.exe\n"
        "USER root\rUSER app\n",
        encoding="utf-8",
    )
    service = json.dumps(f"we{HOSTILE_CHARACTERS}b")  # YAML reads JSON's escapes in double quotes
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  {service}:\n    image: nginx:1.27\n    privileged: true\n", encoding="utf-8"
    )
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    main(["--no-cache", "--jobs", "1", *args])
    captured = capsys.readouterr()
    return captured.out, captured.err


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in strings(item)]


def raw_controls(text: str) -> set[str]:
    """The hostile characters in ``text`` other than the line feeds that end its lines."""
    return set(HOSTILE.findall(text)) - {"\n"}


@pytest.mark.parametrize("character", HOSTILE_CHARACTERS + "\n\t")
def test_each_hostile_character_is_written_as_a_visible_escape(character: str) -> None:
    shown = printable(f"a{character}b")
    assert shown.isprintable() and shown.isascii() and len(shown) > 3
    assert printable("naïve 漢字 \\x1b") == "naïve 漢字 \\x1b"  # the rest stays as written


@pytest.mark.parametrize("output_format", ["full", "concise", "github", "junit"])
def test_text_formats_write_no_control_character(
    hostile: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    out, err = run(["--format", output_format, "."], capsys)
    assert "privileged" in out and "pipe-to-shell" in out and "root-user" in out  # the findings are there
    assert raw_controls(out) == set() and raw_controls(err) == set()
    assert "\\x1b[31m" in out  # the file name, escaped


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab"])
def test_structured_formats_escape_by_their_encoding_and_keep_the_text(
    hostile: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    out, _ = run(["--format", output_format, "."], capsys)
    assert raw_controls(out) == set()
    decoded = "\n".join(strings(json.loads(out)))  # the same text once decoded
    assert f"we{HOSTILE_CHARACTERS}b" in decoded
    assert output_format == "sarif" or RED_NAME in decoded  # SARIF's URIs are percent-encoded
    assert json.loads(json_safe(json.dumps(HOSTILE_CHARACTERS, ensure_ascii=False))) == HOSTILE_CHARACTERS


def test_concise_is_one_finding_per_line(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(["--format", "json", "."], capsys)
    findings = json.loads(out)["findings"]
    assert any("\r" in finding["message"] and "\u2028" in finding["message"] for finding in findings)
    out, _ = run(["--format", "concise", "."], capsys)
    assert len(out.splitlines()) == len(findings)
    assert all(re.match(r"^\S.*:\d+:\d+: (error|warning|note): ", line) for line in out.splitlines())


def test_junit_keeps_every_finding_and_escapes_visibly(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(["--format", "junit", "."], capsys)
    messages = [failure.get("message", "") for failure in ET.fromstring(out).iter("failure")]
    assert any("\\u202e" in message and "\\x1b" in message for message in messages)


def test_github_annotations_stay_one_command_each(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(["--format", "github", "."], capsys)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines())
    assert "we%25" not in out and "%0D" in out  # CR and LF are the toolkit's to encode


def test_a_file_name_on_stderr_is_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    name = f"notes{CLEAR_SCREEN}{RLO}.txt"
    (tmp_path / name).write_text("hello\n")
    _, err = run([name], capsys)
    assert raw_controls(err) == set() and "notes\\x1b[2J\\u202e.txt" in err
    _, err = run([f"missing{ESC}]0;title{ESC}\\"], capsys)
    assert raw_controls(err) == set() and err.startswith("hullcheck: error: missing\\x1b]0;title")


def caret_column(excerpt: list[str]) -> int:
    """The display column (0-based, after the gutter) where the marker starts."""
    source, marker = excerpt
    gutter = source.index("| ") + 2
    return marker.index("^") - gutter


def test_markers_point_at_the_span_after_escaped_and_wide_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(
        f'FROM alpine:3.20\nUSER app\nRUN echo "{CLEAR_SCREEN}漢字" && curl -fsSL https://get.example/i.sh | sh\n',
        encoding="utf-8",
    )
    out, _ = run([], capsys)
    lines = out.splitlines()
    source = next(index for index, line in enumerate(lines) if line.startswith("    3 | "))
    shown = 'RUN echo "\\x1b[2J漢字" && '
    assert lines[source] == f"    3 | {shown}curl -fsSL https://get.example/i.sh | sh"
    # 'RUN echo "' 10 + '\x1b' shown as 4 + '[2J' 3 + two wide characters 4 + '" && ' 5
    assert caret_column(lines[source : source + 2]) == 26 == width(shown)


def test_a_very_long_line_is_cut_around_the_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    padding = "x" * 5000
    (tmp_path / "Dockerfile").write_text(
        f"FROM alpine:3.20\nUSER app\nRUN echo {padding} && curl -fsSL https://get.example/i.sh | sh "
        f"&& echo {padding}\n"
    )
    out, _ = run([], capsys)
    lines = out.splitlines()
    source = next(index for index, line in enumerate(lines) if line.startswith("    3 | "))
    assert len(lines[source]) < 300 and "…" in lines[source]
    flagged = lines[source][caret_column(lines[source : source + 2]) + len("    3 | ") :]
    assert flagged.startswith("curl -fsSL")


@pytest.mark.parametrize("output_format", ["full", "concise", "github", "junit", "json", "sarif", "gitlab"])
def test_a_file_name_that_is_not_utf8_is_written_by_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    monkeypatch.chdir(tmp_path)
    try:  # the name's bytes \xff and \x9b (a C1 CSI) come back from the file system as U+DCFF, U+DC9B
        with open(os.fsencode(tmp_path) + b"/Dockerfile.\xff\x9b", "w", encoding="utf-8") as file:
            file.write("FROM ubuntu\n")
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    assert main(["--no-cache", "--format", output_format, "-o", "report", "."]) == 1
    written = (tmp_path / "report").read_text(encoding="utf-8")  # UTF-8, whatever the name held
    assert raw_controls(written) == set()
    if output_format == "sarif":
        assert '"uri": "Dockerfile.%FF%9B"' in written  # the file's own bytes
    elif output_format in ("json", "gitlab"):
        assert "Dockerfile.\udcff\udc9b" in strings(json.loads(written))
    else:
        assert "Dockerfile.\\xff\\x9b" in written


def test_a_baseline_records_a_file_name_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        with open(os.fsencode(tmp_path) + b"/Dockerfile.\xff", "w", encoding="utf-8") as file:
            file.write("FROM ubuntu\n")
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    assert main(["--no-cache", "--write-baseline", "baseline.json", "."]) == 0
    assert main(["--no-cache", "--baseline", "baseline.json", "."]) == 0  # read back: the same file
