"""The command line helps with mistakes: one-line usage errors with a "did you mean", help for
every command, an explicit ``check`` command beside bare paths, a warning when a command's name
is also a path, and a warning when nothing was found to check."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hullcheck.cli import COMMANDS, main

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

DIGEST = "sha256:" + "0123456789abcdef" * 4
PRIVILEGED = (
    f"services:\n  web:\n    image: nginx:1.27@{DIGEST}\n    privileged: true\n"
    '    security_opt: ["no-new-privileges:true"]\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def help_text(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignroe", "HC201"], "unrecognized arguments: --ignroe (did you mean '--ignore'?) (see 'hullcheck --help')"),
        (["--stdin-filname=x"], "unrecognized arguments: --stdin-filname=x (did you mean '--stdin-filename'?)"),
        (["--format", "jsno"], "argument --format: invalid choice: 'jsno' (choose from"),
        (["--format", "jsno"], "(did you mean 'json'?) (see 'hullcheck --help')"),
        (["--fail-on", "warnings"], "(did you mean 'warning'?)"),
        (
            ["--select", "privleged-container"],
            "unknown rule 'privleged-container' (did you mean 'privileged-container'?)",
        ),
        (["--ignore", "HC2O1"], "unknown rule 'HC2O1' (did you mean 'HC201'?)"),
        (["--select", "HC999"], "unknown rule 'HC999': 'hullcheck rules' lists them"),
        (["explain", "root-usr"], "no rule 'root-usr' (did you mean 'root-user'?)"),
        (["explain"], "the following arguments are required: RULE (see 'hullcheck explain --help')"),
        (["rules", "x"], "unrecognized arguments: x (see 'hullcheck rules --help')"),
        (["config", "--selct", "HC1"], "(did you mean '--select'?) (see 'hullcheck config --help')"),
        (["cache", "clear"], "invalid choice: 'clear'"),
        (["check", "--colour", "never"], "(did you mean '--color'?) (see 'hullcheck check --help')"),
        (["--ignore", "HC000"], "HC000 cannot be ignored"),
        (["--rule-option", "untrusted-registy.trusted-registries=x"], "(did you mean 'untrusted-registry'?)"),
    ],
)
def test_usage_errors_are_one_line_with_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert err.startswith("hullcheck: error: ") and err.count("\n") == 1 and "usage:" not in err
    assert message in err


@pytest.mark.parametrize("option", ["--zzzz", "--bogus", "-x"])
def test_no_suggestion_when_nothing_is_close(project: Path, capsys: pytest.CaptureFixture[str], option: str) -> None:
    _, _, err = run([option], capsys)
    assert err == f"hullcheck: error: unrecognized arguments: {option} (see 'hullcheck --help')\n"


def test_help_lists_every_command_and_every_input_kind(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text([], capsys)
    assert text.startswith("usage: hullcheck [OPTIONS] [PATH ...]\n       hullcheck COMMAND [OPTIONS] [ARGUMENTS]")
    for name, line in COMMANDS.items():
        assert f"  {name:<7}  {line}\n" in text
    description = " ".join(text.split("\n\n")[1].split())
    for kind in ("Dockerfiles", "Docker Compose files", "Python code", "shell scripts"):
        assert kind in description


@pytest.mark.parametrize("command", ["check", "rules", "explain", "config", "cache", "lsp"])
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert help_text([command], capsys).startswith(f"usage: hullcheck {command} ")


def test_explain_the_internal_error_and_select_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", "HC000"], capsys)
    assert code == 0 and out.startswith("# HC000 internal-error (error)")
    code, out, _ = run(["explain", "internal-error"], capsys)
    assert code == 0 and out.startswith("# HC000 internal-error (error)")
    (project / "compose.yaml").write_text(PRIVILEGED)
    code, out, _ = run(["--select", "HC000", "--format", "concise"], capsys)
    assert (code, out) == (0, "")  # no rule runs; an internal error would still be reported


def test_check_is_the_explicit_form_of_linting(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    assert run(["check", "--format", "concise"], capsys)[:2] == run(["--format", "concise"], capsys)[:2]
    code, out, _ = run(["check", "compose.yaml", "--format", "concise"], capsys)
    assert code == 1 and out.startswith("compose.yaml:4:17: error:")


@pytest.mark.parametrize("command", ["config", "rules", "check"])
def test_a_command_named_like_a_folder_runs_and_says_how_to_lint_the_folder(
    project: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (project / command).mkdir()
    (project / command / "compose.yaml").write_text(PRIVILEGED)
    code, _, err = run([command], capsys)
    assert code == (1 if command == "check" else 0)  # 'hullcheck check' lints '.', the folder with it
    assert err.startswith(f"hullcheck: warning: '{command}' is a command and also a folder here")
    assert f"'hullcheck check {command}' or 'hullcheck ./{command}'" in err
    for explicit in (["check", command], [f".{os.sep}{command}"]):
        code, out, err = run([*explicit, "--format", "concise"], capsys)
        assert code == 1 and f"{command}/compose.yaml:4:17" in out
        assert explicit[0] == "check" or err == ""


def test_no_files_found_is_a_warning_naming_the_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "docs").mkdir()
    (project / "src").mkdir()
    (project / "docs" / "index.md").write_text("# docs\n")
    code, out, err = run(["docs", "src"], capsys)
    assert code == 0 and out == "No findings; 0 files checked.\n"
    assert err == (
        "hullcheck: warning: no container definition (Dockerfile, Compose file, dev container, CI workflow, "
        "Quadlet unit, shell script or Python file) found in docs, src; nothing was checked\n"
    )


def test_a_run_whose_every_file_was_passed_over_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes.txt").write_text("hello\n")
    code, _, err = run(["notes.txt"], capsys)
    assert code == 0 and err.endswith(
        "hullcheck: warning: no file was checked: each file found was passed over (see above)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--env-file", "missing.env"], "hullcheck: error: --env-file missing.env: does not exist\n"),
        (["--compose-file", "missing.yaml"], "hullcheck: error: --compose-file missing.yaml: no such file\n"),
    ],
)
def test_project_files_that_do_not_exist_are_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    assert run(args, capsys) == (2, "", message)


def test_a_linked_folder_out_of_the_scanned_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "compose.yaml").write_text(PRIVILEGED)
    (tmp_path / "repo" / "deploy").mkdir(parents=True)
    (tmp_path / "repo" / "deploy" / "shared").symlink_to(tmp_path / "shared")
    (tmp_path / "repo" / "same").symlink_to(tmp_path / "repo" / "deploy")  # inside: walked through its target
    monkeypatch.chdir(tmp_path / "repo")
    code, out, err = run(["--format", "junit"], capsys)
    assert code == 0
    assert err.startswith(
        "hullcheck: deploy/shared: a symbolic link to a folder out of the scanned folder; not entered "
        "(--follow-symlinks enters it)\n"
    )
    assert '<skipped message="a symbolic link to a folder out of the scanned folder' in out
    assert "same" not in err
    code, out, _ = run(["--follow-symlinks", "--format", "concise"], capsys)
    assert code == 1 and "compose.yaml:4:17: error:" in out


def test_config_prints_hostile_names_escaped_and_still_reads_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "cf\x1b[2J"
    folder.mkdir()
    (folder / ".hullcheck.toml").write_text('exclude = ["a\\u202eb", "\\u001b", "\\u0085"]\n')
    code, out, _ = run(["config", folder.name], capsys)
    assert code == 0 and "# The configuration that applies to cf\\x1b[2J\n" in out
    assert not set(out) & {"\x1b", "\u202e", "\x85"}
    assert tomllib.loads(out)["exclude"] == ["a\u202eb", "\x1b", "\x85"]
