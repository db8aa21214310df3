"""Suppressed findings in SARIF: left out by default, written with ``suppressions`` on request."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hullcheck.cli import main
from tests.reporters.test_sarif import SHARED, needs_shared, sarif_validator
from tests.samples import TWO_SERVICES, write_two_services

__all__ = ["sarif_validator"]  # a fixture, used by name below

PRIVILEGED_SUPPRESSED_ON_HOST_NETWORK = (
    "privileged: true  # hullcheck: ignore[privileged-container] -- runs the host's disk snapshots\n"
    "    network_mode: host"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    # the web service's own comment silences privileged; it joins the host's network too; the
    # baseline records cap_add only
    write_two_services(tmp_path, TWO_SERVICES.replace("privileged: true", PRIVILEGED_SUPPRESSED_ON_HOST_NETWORK))
    main(["--select", "HC204", "--write-baseline", "baseline.json"])  # records cap_add only
    return tmp_path


def sarif(args: list[str], project: Path) -> Any:
    main(["--format", "sarif", "-o", "out.sarif", "--baseline", "baseline.json", *args])
    return json.loads((project / "out.sarif").read_text(encoding="utf-8"))


def results(log: Any) -> list[tuple[str, Any]]:
    return [(result["ruleId"], result.get("suppressions")) for result in log["runs"][0]["results"]]


def test_suppressed_findings_are_left_out_by_default(project: Path) -> None:
    assert results(sarif([], project)) == [("HC202", None)]


def test_include_suppressed_writes_them_with_their_reasons(project: Path) -> None:
    assert results(sarif(["--sarif-include-suppressed"], project)) == [
        (
            "HC201",
            [{"kind": "inSource", "status": "accepted", "justification": "runs the host's disk snapshots"}],
        ),
        ("HC202", None),
        (
            "HC204",
            [{"kind": "external", "status": "accepted", "justification": "recorded in the baseline baseline.json"}],
        ),
    ]


def test_text_summary_counts_suppressed_findings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--baseline", "baseline.json"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        "Found 1 warning in 1 of 1 file checked; 2 suppressed (1 in the files, 1 by the baseline)."
    )


@needs_shared
def test_include_suppressed_is_valid_against_the_oasis_schema(project: Path) -> None:
    from jsonschema import Draft4Validator

    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = sarif(["--sarif-include-suppressed"], project)
    assert [e.message for e in Draft4Validator(schema).iter_errors(log)] == []


@pytest.mark.slow
def test_include_suppressed_passes_the_shared_validator(project: Path, sarif_validator: Path) -> None:
    """GitHub's rules and the SARIF multitool accept it; they warn that GitHub shows suppressed
    results as open alerts, which is why they are left out by default."""
    sarif(["--sarif-include-suppressed"], project)
    validation = subprocess.run(
        ["bash", str(sarif_validator), "--source-root", str(project), str(project / "out.sarif")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = validation.stdout + validation.stderr
    assert validation.returncode == 0, output
    assert "does not honour result.suppressions" in output, output
