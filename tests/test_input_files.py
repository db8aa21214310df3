"""Files read besides the linted ones (.gitignore, .env, env files, --env-file, --compose-file):
a FIFO, a binary, a huge or a missing one is one line naming it and exit 2, or an HC002 finding
where it is part of a Compose project; never a traceback, never a blocked run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hullcheck.cli import main

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
COMPOSE = "services:\n  web:\n    image: nginx:${TAG}\n"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--no-cache", "--format", "concise", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def make(path: Path, content: str) -> None:
    if content == "fifo":
        os.mkfifo(path)
    elif content == "huge":
        path.write_bytes(b"# padding\n" * 300_000)
    elif content == "binary":
        path.write_bytes(b"TAG=1\x00\x89PNG\n")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("fifo", "not a regular file", marks=needs_fifos),
        ("huge", "larger than 1,048,576 bytes"),
        ("binary", "holds NUL bytes: not a .gitignore"),
    ],
)
def test_an_unusable_gitignore_is_an_error_naming_it(
    repository: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    make(repository / ".gitignore", content)
    code, out, err = lint(["."], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"hullcheck: error: {repository / '.gitignore'}: {reason}; use --no-gitignore to walk without .gitignore files"
    ]
    assert lint(["--no-gitignore", "."], capsys)[0] == 0


def test_a_gitignore_with_stray_bytes_is_read_as_git_reads_it(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / ".gitignore").write_bytes(b"caf\xe9/\nignored/\n")
    (repository / "ignored").mkdir()
    (repository / "ignored" / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    assert lint(["."], capsys)[0] == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("fifo", "is not a regular file; not read", marks=needs_fifos),
        ("huge", "is larger than 1,048,576 bytes; not read"),
        ("binary", "is not text: line 1: file holds NUL bytes: it is binary, not text"),
    ],
)
def test_an_unreadable_project_env_is_a_project_error(
    repository: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    make(repository / ".env", content)
    code, out, _err = lint(["--max-file-size", "1M", "compose.yaml"], capsys)
    assert code == 1
    assert f"compose.yaml:1:1: error: env file '.env' {reason} [HC002 project-error]" in out.splitlines()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("fifo", "is not a regular file; not read", marks=needs_fifos),
        ("huge", "is larger than 1,048,576 bytes; not read"),
        ("binary", "is not text: line 1: file holds NUL bytes: it is binary, not text"),
        ("missing", "does not exist"),
    ],
)
def test_an_unusable_env_file_option_is_a_usage_error(
    repository: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    make(repository / "given.env", content)
    code, out, err = lint(["--max-file-size", "1M", "--env-file", "given.env", "compose.yaml"], capsys)
    assert (code, out, err) == (2, "", f"hullcheck: error: --env-file given.env: {reason}\n")


@needs_fifos
def test_a_compose_file_option_that_is_a_fifo_is_a_usage_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(repository / "other.yaml")
    code, _out, err = lint(["--compose-file", "compose.yaml", "--compose-file", "other.yaml"], capsys)
    assert (code, err) == (2, "hullcheck: error: --compose-file other.yaml: not a regular file\n")


def test_an_included_project_with_an_unreadable_env_file_is_reported_at_the_include(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "part").mkdir()
    (repository / "part" / "compose.yaml").write_text(COMPOSE.replace("web", "db"))
    make(repository / "part" / "bad.env", "binary")
    (repository / "compose.yaml").write_text(
        COMPOSE + "include:\n  - path: part/compose.yaml\n    env_file: part/bad.env\n"
    )
    code, out, _err = lint(["compose.yaml"], capsys)
    assert code == 1
    assert (
        "compose.yaml:5:5: error: env file 'bad.env' is not text: line 1: file holds NUL bytes: it is binary, not text"
        " [HC002 project-error]"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".hullcheck.toml", "fail-on = " + "9" * 5_000),
        (".hullcheck.yaml", "fail-on: " + "9" * 5_000),
        (".hullcheck.yaml", "? {a: b}\n: c\n"),  # a mapping as a key
    ],
)
def test_configuration_values_python_cannot_hold_are_errors(
    repository: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    (repository / name).write_text(text)
    code, _out, err = lint(["compose.yaml"], capsys)
    assert code == 2 and err.startswith(f"hullcheck: error: {name}: invalid ")


def test_a_glob_longer_than_any_path_is_a_configuration_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / ".hullcheck.toml").write_text(f'exclude = ["{"*a" * 2_049}"]\n')
    code, _out, err = lint(["compose.yaml"], capsys)
    assert (code, err) == (
        2,
        "hullcheck: error: .hullcheck.toml: key 'exclude': a glob of 4,098 characters (at most 4,096)\n",
    )


def test_a_gitignore_pattern_longer_than_any_path_matches_nothing(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "ignored").mkdir()
    (repository / "ignored" / "compose.yaml").write_text("services:\n  web:\n    privileged: true\n")
    (repository / ".gitignore").write_text("*" * 100_000 + "\n" + "**/" * 30_000 + "x\nignored/\n")
    assert lint(["."], capsys)[0] == 0


def test_a_baseline_count_python_cannot_hold_is_an_error(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "baseline.json").write_text(
        '{"tool": "hullcheck", "version": 1, "findings": [{"count": ' + "9" * 5_000 + "}]}"
    )
    code, _out, err = lint(["--baseline", "baseline.json", "compose.yaml"], capsys)
    assert code == 2 and "baseline.json: not a hullcheck baseline (invalid JSON: Exceeds the limit" in err


def test_an_unclosed_quote_in_a_project_env_is_the_error_compose_stops_at(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / ".env").write_text('TAG="1.27\n' + "more\n" * 200_000)
    code, out, _err = lint(["compose.yaml"], capsys)
    message = "env file '.env' line 1: unterminated quoted value \"1.27; Compose refuses the file"
    assert code == 1 and f"compose.yaml:1:1: error: {message} [HC002 project-error]" in out.splitlines()
