"""The command line: paths, formats, selection, stdin and exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from hullcheck.cli import main

DIGEST = "sha256:" + "0123456789abcdef" * 4
# hardened but for one mistake, so each test sees exactly the finding it is about
PRIVILEGED = (
    f"services:\n  web:\n    image: nginx:1.27@{DIGEST}\n    privileged: true\n"
    '    security_opt: ["no-new-privileges:true"]\n'
)
CLEAN_DOCKERFILE = f"FROM alpine:3.20@{DIGEST}\nUSER nobody\n"
WARNING_ONLY = f'FROM alpine:3.20@{DIGEST}\nCMD ["/app"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_findings_exit_1_and_concise_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    code, out, _ = run(["--format", "concise"], capsys)
    assert code == 1
    assert out == "compose.yaml:4:17: error: service 'web' runs privileged [HC201 privileged-container]\n"


def test_clean_run_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text(CLEAN_DOCKERFILE)
    code, out, _ = run([], capsys)
    assert code == 0
    assert "No findings; 1 file checked." in out


@pytest.mark.parametrize(("fail_on", "expected"), [("note", 1), ("warning", 1), ("error", 0), ("never", 0)])
def test_fail_on_threshold(project: Path, capsys: pytest.CaptureFixture[str], fail_on: str, expected: int) -> None:
    (project / "Dockerfile").write_text(WARNING_ONLY)  # missing-user: a warning
    code, _, _ = run(["--fail-on", fail_on], capsys)
    assert code == expected


@pytest.mark.parametrize(
    "args", [["--select", "HC999"], ["--ignore", "no-such-rule"], ["missing-path"], ["explain"], ["rules", "x"]]
)
def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert err.startswith("hullcheck: error:")


def test_unknown_option_value_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--format", "xml"], capsys)
    assert code == 2 and "invalid choice: 'xml'" in err


def test_select_by_prefix_and_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text("FROM ubuntu\nUSER root\n")
    _, out, _ = run(["--format", "concise", "--select", "HC4"], capsys)
    assert [line.rsplit("[", 1)[1] for line in out.splitlines()] == ["HC401 unpinned-image]"]
    _, out, _ = run(["--format", "concise", "--ignore", "unpinned-image,HC3"], capsys)
    assert out == ""


def test_extend_select_adds_rules_that_are_off_by_default(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text("FROM ubuntu:24.04\nUSER app\n")
    _, out, _ = run(["--format", "concise"], capsys)
    assert out == ""
    _, out, _ = run(["--format", "concise", "--extend-select", "image-without-digest"], capsys)
    assert [line.rsplit("[", 1)[1] for line in out.splitlines()] == ["HC402 image-without-digest]"]
    _, out, _ = run(["--format", "concise", "--select", "HC1", "--extend-select", "HC402"], capsys)
    assert [line.rsplit("[", 1)[1] for line in out.splitlines()] == ["HC402 image-without-digest]"]


def test_stdin_with_filename(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PRIVILEGED.encode())))
    code, out, _ = run(["-", "--stdin-filename", "deploy/compose.yaml", "--format", "concise"], capsys)
    assert code == 1
    assert out.startswith("deploy/compose.yaml:4:17: error:")


def test_explicit_file_of_any_name_is_detected_by_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "stack.yml").write_text(PRIVILEGED)
    (project / "build.txt").write_text("# base\nFROM ubuntu:latest\nUSER app\n")
    (project / "values.yaml").write_text("replicas: 3\n")
    code, out, err = run(["--format", "concise", "stack.yml", "build.txt", "values.yaml"], capsys)
    assert code == 1
    assert "stack.yml:4:17: error" in out
    assert "build.txt:2:6: warning" in out
    assert "values.yaml: not a Dockerfile or Compose file" in err


def test_directory_walk_skips_vendored_folders(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("node_modules/pkg", ".git", "venv", "app"):
        (project / folder).mkdir(parents=True)
        (project / folder / "Dockerfile").write_text("FROM ubuntu\n")
    (project / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    _, out, _ = run(["--format", "json"], capsys)
    assert [entry["path"] for entry in json.loads(out)["files"]] == ["app/Dockerfile"]


def test_full_format_shows_source_marker_fix_and_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    _, out, _ = run([], capsys)
    assert "    4 |     privileged: true\n      |                 ^^^^\n" in out
    assert "advice: Remove `privileged: true`" in out
    assert "\033[" not in out  # not a terminal: no colour
    assert out.rstrip().endswith("Found 1 error in 1 of 1 file checked.")


def test_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    code, out, _ = run(["--format", "json", "-o", "report.json"], capsys)
    assert code == 1 and out == ""
    document = json.loads((project / "report.json").read_text())
    assert document["version"] == 2 and document["summary"]["error"] == 1


def test_rules_and_explain(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "HC101  docker-socket-mount" in out
    code, out, _ = run(["explain", "privileged-container"], capsys)
    assert code == 0 and out.startswith("# HC201 privileged-container (error)") and "## Why is this bad?" in out


def test_unparsable_file_is_a_finding_not_a_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_bytes(b"services:\n  web: [\n")
    (project / "Dockerfile").write_bytes(b"FROM alpine:3.20\nUSER \xff\n")
    code, out, err = run(["--format", "concise"], capsys)
    assert code == 1 and "Traceback" not in err
    assert "Dockerfile:2:6: error: file is not valid UTF-8 (byte 0xff) [HC001 parse-error]" in out
    assert "compose.yaml:3:1: error: invalid YAML" in out


def test_scan_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(PRIVILEGED)
    (project / "Dockerfile").write_bytes(b"\xff\xfe")
    before = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in project.rglob("*")}
    run(["--format", "sarif"], capsys)
    after = {path: (path.stat().st_mtime_ns, path.read_bytes()) for path in project.rglob("*")}
    assert before == after
