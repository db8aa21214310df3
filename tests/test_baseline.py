"""Baselines: record the findings of today, report only new ones tomorrow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hullcheck.cli import main
from tests.samples import TWO_SERVICES, write_two_services


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_two_services(tmp_path)


def lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit code, the concise lines as ``line:code``, and stderr."""
    code = main(["--format", "concise", *args])
    captured = capsys.readouterr()
    found = [f"{line.split(':')[1]}:{line.rsplit('[', 1)[1].split()[0]}" for line in captured.out.splitlines()]
    return code, found, captured.err


def test_write_baseline_records_fingerprints_not_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, err = lint(["--write-baseline", "baseline.json"], capsys)
    assert (code, found) == (0, [])
    assert "recorded 2 finding(s) in the baseline baseline.json" in err
    document = json.loads((project / "baseline.json").read_text())
    assert document == {
        "version": 1,
        "tool": "hullcheck",
        "findings": [
            {"rule": "HC201", "path": "compose.yaml", "location": "service:web/privileged", "count": 1},
            {"rule": "HC204", "path": "compose.yaml", "location": "service:worker/cap_add[SYS_ADMIN]", "count": 1},
        ],
    }


def test_baseline_reports_only_new_findings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lint(["--write-baseline", "baseline.json"], capsys)
    (project / "compose.yaml").write_text(TWO_SERVICES + "    network_mode: host\n")
    code, found, _ = lint(["--baseline", "baseline.json"], capsys)
    assert (code, found) == (1, ["10:HC202"])
    main(["--baseline", "baseline.json"])
    assert "Found 1 warning in 1 of 1 file checked; 2 suppressed (2 by the baseline)." in capsys.readouterr().out


def test_moving_lines_does_not_resurrect_findings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lint(["--write-baseline", "baseline.json"], capsys)
    web, worker = TWO_SERVICES.split("  worker:\n")
    moved = "# services, reordered\nservices:\n\n  worker:\n" + worker + web.removeprefix("services:\n")
    (project / "compose.yaml").write_text(moved)
    assert lint(["--baseline", "baseline.json"], capsys)[:2] == (0, [])


def test_fixing_then_reintroducing_a_finding_resurrects_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lint(["--write-baseline", "baseline.json"], capsys)
    (project / "compose.yaml").write_text(TWO_SERVICES.replace("privileged: true", "privileged: false"))
    code, found, err = lint(["--baseline", "baseline.json"], capsys)
    assert (code, found) == (0, [])
    assert "1 finding(s) recorded in baseline.json were not found (fixed?)" in err
    lint(["--write-baseline", "baseline.json"], capsys)  # the fix is recorded: the entry is gone
    (project / "compose.yaml").write_text(TWO_SERVICES)
    assert lint(["--baseline", "baseline.json"], capsys)[:2] == (1, ["5:HC201"])


def test_each_fingerprint_keeps_a_count(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(
        TWO_SERVICES.replace("cap_add: [SYS_ADMIN]", "cap_add: [SYS_ADMIN, SYS_ADMIN]")
    )
    lint(["--write-baseline", "baseline.json"], capsys)
    assert json.loads((project / "baseline.json").read_text())["findings"][1]["count"] == 2
    tripled = TWO_SERVICES.replace("cap_add: [SYS_ADMIN]", "cap_add: [SYS_ADMIN, SYS_ADMIN, SYS_ADMIN]")
    (project / "compose.yaml").write_text(tripled)
    code, found, _ = lint(["--baseline", "baseline.json"], capsys)
    assert (code, found) == (1, ["9:HC204"])  # the third one is new


def test_paths_are_relative_to_the_baseline_so_any_working_directory_works(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "ci").mkdir()
    lint(["--write-baseline", "ci/baseline.json"], capsys)
    assert json.loads((project / "ci/baseline.json").read_text())["findings"][0]["path"] == "../compose.yaml"
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert lint(["--baseline", "../ci/baseline.json", ".."], capsys)[:2] == (0, [])


def test_inline_suppressions_are_not_recorded(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TWO_SERVICES.replace("privileged: true", "privileged: true  # hullcheck: ignore[HC201] -- needs devices")
    (project / "compose.yaml").write_text(text)
    lint(["--write-baseline", "baseline.json"], capsys)
    assert [entry["rule"] for entry in json.loads((project / "baseline.json").read_text())["findings"]] == ["HC204"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "baseline.json: not a hullcheck baseline (invalid JSON"),
        ('{"tool": "other"}', "baseline.json: not a hullcheck baseline"),
        ('{"tool": "hullcheck", "version": 9, "findings": []}', "baseline version 9; this hullcheck reads version 1"),
        ('{"tool": "hullcheck", "version": 1, "findings": {}}', "key 'findings' expects a list"),
        (
            '{"tool": "hullcheck", "version": 1, "findings": '
            '[{"rule": "HC201", "path": "a", "location": "", "count": 0}]}',
            "findings[0] expects count as a positive integer",
        ),
        (
            '{"tool": "hullcheck", "version": 1, "findings": [{"rule": 1}]}',
            "findings[0] expects rule, path and location",
        ),
    ],
)
def test_a_bad_baseline_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (project / "baseline.json").write_text(content)
    code, _, err = lint(["--baseline", "baseline.json"], capsys)
    assert code == 2 and err.startswith("hullcheck: error:") and message in err, err


def test_baseline_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "cannot read the baseline missing.json" in lint(["--baseline", "missing.json"], capsys)[2]
    both = lint(["--baseline", "a.json", "--write-baseline", "a.json"], capsys)
    assert both[0] == 2 and "separate runs" in both[2]
    before = (project / "compose.yaml").read_text()
    assert lint(["--write-baseline", "compose.yaml"], capsys)[0] == 2
    assert (project / "compose.yaml").read_text() == before  # a scanned file is never written
