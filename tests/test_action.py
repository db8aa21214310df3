"""The GitHub Action (action.yml): its shape, and its lint step run as the runner runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
ACTION: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
LINT = next(step for step in STEPS if step.get("id") == "lint")
DIGEST = "sha256:" + "0123456789abcdef" * 4


def test_composite_action_uploads_sarif_after_linting() -> None:
    assert ACTION["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in STEPS]
    upload = uses.index("github/codeql-action/upload-sarif@v3")
    assert STEPS.index(LINT) < upload < len(STEPS) - 1, "upload before the step that fails the job"
    assert STEPS[upload]["with"]["sarif_file"] == "${{ steps.lint.outputs.sarif-file }}"
    assert STEPS[-1]["if"] == "${{ steps.lint.outputs.exit-code != '0' }}"


def test_every_expression_names_a_declared_input_or_output() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.([\w-]+)", text)) == set(ACTION["inputs"])
    lint_outputs = set(re.findall(r"steps\.lint\.outputs\.([\w-]+)", text))
    assert lint_outputs == {"sarif-file", "exit-code"}
    for name in lint_outputs:
        assert f"{name}=" in LINT["run"], f"the lint step never writes {name}"


def test_run_scripts_never_paste_inputs_into_the_shell() -> None:
    for step in STEPS:
        assert "${{" not in step.get("run", ""), f"step {step.get('name')!r} expands an expression in its script"


def run_lint_step(project: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The lint step's script under bash as GitHub runs it (``-eo pipefail``), inputs in its env."""
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # the hullcheck under test
        "GITHUB_OUTPUT": str(project / "github-output"),
    }
    for variable, expression in LINT["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
        assert name, f"{variable}: {expression}"
        environment[variable] = values[name.group(1)]
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", LINT["run"]],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    written = (project / "github-output").read_text(encoding="utf-8") if (project / "github-output").exists() else ""
    outputs = dict(line.split("=", 1) for line in written.splitlines())
    return completed, outputs


def test_lint_step_annotates_writes_sarif_and_reports_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(f"services:\n  web:\n    image: nginx:1.27@{DIGEST}\n    privileged: true\n")
    completed, outputs = run_lint_step(tmp_path, category="containers")
    assert completed.returncode == 0, completed.stderr  # the step itself goes on to the upload
    assert outputs == {"exit-code": "1", "sarif-file": "hullcheck.sarif"}
    assert "::error file=compose.yaml,line=4,col=17," in completed.stdout
    run = json.loads((tmp_path / "hullcheck.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert run["automationDetails"] == {"id": "containers/"}
    assert {result["ruleId"] for result in run["results"]} >= {"HC201"}


def test_lint_step_passes_paths_and_options(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM ubuntu:latest\n")
    (tmp_path / "Dockerfile").write_text("FROM ubuntu:latest\n")
    completed, outputs = run_lint_step(
        tmp_path, paths="app", args="--select unpinned-image", annotate="false", **{"fail-on": "error"}
    )
    assert outputs["exit-code"] == "0"  # a warning, below fail-on
    assert completed.stdout.splitlines() == [
        "app/Dockerfile:1:6: warning: FROM uses image 'ubuntu:latest' with the floating tag 'latest' "
        "[HC401 unpinned-image]"
    ]


@pytest.mark.parametrize("bad", ["--no-such-option", "--select HC999"])
def test_a_usage_error_writes_no_sarif_and_fails(tmp_path: Path, bad: str) -> None:
    (tmp_path / "Dockerfile").write_text("FROM ubuntu:latest\n")
    _, outputs = run_lint_step(tmp_path, args=bad)
    assert outputs == {"exit-code": "2"}  # no sarif-file: the upload step is skipped
