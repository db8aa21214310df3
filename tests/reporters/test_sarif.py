"""SARIF output: golden snapshots, the OASIS schema, GitHub's ingestion rules (validate.sh) and the
SARIF-specific choices: internal errors as notifications, relative URIs, GitHub's line hashes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hullcheck import __version__
from hullcheck.cli import main
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.lint import FileKind, FileResult
from hullcheck.engine.registry import catalog, select
from hullcheck.model.span import Span
from hullcheck.reporters.report import Report
from hullcheck.reporters.sarif import line_hashes, write_sarif

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GOLDEN = REPO / "tests" / "golden"
WEBAPP = "fixtures/_projects/webapp"
CLEAN_DOCKERFILE = "FROM alpine:3.20@sha256:" + "0123456789abcdef" * 4 + "\nUSER nobody\n"
UPDATE_GOLDEN = os.environ.get("HULLCHECK_UPDATE_GOLDEN") == "1"
VERSION_PLACEHOLDER = "<hullcheck version>"
SOURCE_ROOT_PLACEHOLDER = "<file URI of the source root>/"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not here (only CI and developers have it)")


def lint_to_file(args: list[str], output: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the CLI in-process in ``cwd`` with ``-o output``; return the parsed output."""
    monkeypatch.chdir(cwd)
    main([*args, "-o", str(output)])
    return json.loads(output.read_text(encoding="utf-8"))


def redacted_sarif(log: Any) -> Any:
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == __version__
    driver["version"] = driver["semanticVersion"] = VERSION_PLACEHOLDER
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == f"{REPO.as_uri()}/"
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = SOURCE_ROOT_PLACEHOLDER
    return log


def redacted_json(document: Any) -> Any:
    assert document["tool"]["version"] == __version__
    document["tool"]["version"] = VERSION_PLACEHOLDER
    return document


def check_golden(name: str, actual: Any) -> None:
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, indent=2) + "\n", encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with HULLCHECK_UPDATE_GOLDEN=1 to write it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected, f"output differs from {golden}; if the change is intended, HULLCHECK_UPDATE_GOLDEN=1"


@pytest.fixture
def webapp_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    output = tmp_path / "webapp.sarif"
    lint_to_file(["--format", "sarif", WEBAPP], output, REPO, monkeypatch)
    return output


@pytest.fixture
def categorized_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """With ``--sarif-category``: ``automationDetails.id`` must pass the validators too."""
    output = tmp_path / "categorized.sarif"
    lint_to_file(["--format", "sarif", "--sarif-category", "hullcheck/webapp", WEBAPP], output, REPO, monkeypatch)
    return output


@pytest.fixture
def clean_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text(CLEAN_DOCKERFILE)
    output = tmp_path / "clean.sarif"
    lint_to_file(["--format", "sarif", "."], output, project, monkeypatch)
    return output


def test_sarif_matches_golden(webapp_sarif: Path) -> None:
    check_golden("webapp.sarif", redacted_sarif(json.loads(webapp_sarif.read_text(encoding="utf-8"))))


def test_json_matches_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = lint_to_file(["--format", "json", WEBAPP], tmp_path / "webapp.json", REPO, monkeypatch)
    check_golden("webapp.json", redacted_json(document))


@needs_shared
@pytest.mark.parametrize("fixture", ["webapp_sarif", "categorized_sarif", "clean_sarif"])
def test_sarif_is_valid_against_the_oasis_schema(fixture: str, request: pytest.FixtureRequest) -> None:
    from jsonschema import Draft4Validator, FormatChecker

    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(request.getfixturevalue(fixture).read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(log)
    ]
    assert not errors


@pytest.fixture(scope="session")
def sarif_validator() -> Path:
    """``validate.sh``, with the validators it runs installed by ``install.sh`` (idempotent)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not here (only CI and developers have it)")
    try:
        installed = subprocess.run(
            ["bash", str(SHARED / "sarif" / "install.sh"), "--no-hadolint"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("../shared/sarif/install.sh took over 10 minutes (no package registry reachable?)")
    if installed.returncode != 0:
        tail = "\n".join((installed.stdout + installed.stderr).strip().splitlines()[-5:])
        pytest.skip(f"../shared/sarif/install.sh could not install the SARIF validators (offline?):\n{tail}")
    return SHARED / "sarif" / "validate.sh"


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["webapp_sarif", "categorized_sarif", "clean_sarif"])
def test_sarif_passes_the_strict_hullcheck_contract(
    fixture: str, request: pytest.FixtureRequest, sarif_validator: Path
) -> None:
    sarif: Path = request.getfixturevalue(fixture)
    source_root = sarif.parent / "project" if fixture == "clean_sarif" else REPO
    validation = subprocess.run(
        [
            "bash",
            str(sarif_validator),
            "--profile",
            "hullcheck",
            "--tool-name",
            "hullcheck",
            "--source-root",
            str(source_root),
            "--strict",
            str(sarif),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = validation.stdout + validation.stderr
    assert validation.returncode == 0, output
    assert f"RESULT PASS ({sarif})" in output, output


def test_clean_run_lists_every_rule_and_no_result(clean_sarif: Path) -> None:
    run = json.loads(clean_sarif.read_text(encoding="utf-8"))["runs"][0]
    default = select(None, [])
    default_codes = {rule.code for rule in default.rules} | default.engine_codes
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == sorted(default_codes)
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_rule_metadata_is_what_github_reads(webapp_sarif: Path) -> None:
    log = json.loads(webapp_sarif.read_text(encoding="utf-8"))
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    socket = rules["HC101"]
    assert socket["name"] == "docker-socket-mount"
    assert socket["properties"] == {
        "tags": ["security", "external/cwe/cwe-250", "external/cwe/cwe-668"],
        "precision": "high",
        "security-severity": "9.8",
    }
    assert socket["defaultConfiguration"] == {"level": "error"}
    assert socket["fullDescription"]["text"].startswith("The engine's socket is root on the host:")
    assert socket["help"]["markdown"].endswith("**Advice:** " + next(i.advice for i in catalog() if i.code == "HC101"))
    for rule in rules.values():
        assert len(rule["fullDescription"]["text"]) <= 1024


def finding(rule: Any, path: str, line: int, message: str) -> Finding:
    return Finding(rule, path, Span(line, 1, line, 5), message)


def sarif_of(report: Report) -> Any:
    stream = io.StringIO()
    write_sarif(report, stream)
    return json.loads(stream.getvalue())


def test_internal_errors_are_notifications_not_results(tmp_path: Path) -> None:
    socket_rule = next(info for info in catalog() if info.code == "HC101")
    privileged_rule = next(info for info in catalog() if info.code == "HC201")
    broken = Finding(
        INTERNAL_ERROR,
        "compose.yaml",
        Span(3, 1, 3, 5),
        "rule HC201 privileged-container failed: KeyError",
        failed_rule=privileged_rule,
    )
    found = finding(socket_rule, "compose.yaml", 5, "service 'agent' mounts the Docker socket")
    report = Report(
        results=[FileResult("compose.yaml", FileKind.COMPOSE, [broken, found])],
        rules=catalog(),
        source_root=str(tmp_path),
        sources={"compose.yaml": "services:\n  agent:\n    image: x\n    volumes:\n      - a:b\n"},
    )
    run = sarif_of(report)["runs"][0]
    assert [result["ruleId"] for result in run["results"]] == ["HC101"]
    assert run["results"][0]["ruleIndex"] == [info.code for info in catalog()].index("HC101")
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"] == {"text": "rule HC201 privileged-container failed: KeyError"}
    assert notification["descriptor"] == {"id": "HC000"}
    assert notification["associatedRule"] == {"id": "HC201", "index": [info.code for info in catalog()].index("HC201")}
    assert notification["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "compose.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 5},
    }


def test_uris_are_percent_encoded_below_the_root_and_absolute_outside(tmp_path: Path) -> None:
    socket_rule = next(info for info in catalog() if info.code == "HC101")
    inside = "my app/dépôt/compose.yaml"
    outside = str(tmp_path / "elsewhere" / "compose.yaml")
    report = Report(
        results=[
            FileResult(inside, FileKind.COMPOSE, [finding(socket_rule, inside, 1, "inside")]),
            FileResult(outside, FileKind.COMPOSE, [finding(socket_rule, outside, 1, "outside")]),
        ],
        rules=catalog(),
        source_root=str(tmp_path / "root"),
        sources={inside: "services: {}\n", outside: "services: {}\n"},
    )
    run = sarif_of(report)["runs"][0]
    locations = [result["locations"][0]["physicalLocation"]["artifactLocation"] for result in run["results"]]
    assert locations == [
        {"uri": "my%20app/d%C3%A9p%C3%B4t/compose.yaml", "uriBaseId": "%SRCROOT%"},
        {"uri": (tmp_path / "elsewhere" / "compose.yaml").as_uri()},
    ]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": f"{(tmp_path / 'root').as_uri()}/"}}


# From github/codeql-action src/fingerprints.test.ts.
LINE_HASH_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        [
            *(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)),
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINE_HASH_VECTORS, ids=["empty", "spaces", "crlf", "repeated"])
def test_line_hashes_match_github(text: str, expected: list[str]) -> None:
    assert line_hashes(text) == expected


def test_sarif_module_is_not_imported_for_json() -> None:
    program = (
        "import sys, hullcheck.cli as c; "
        f"c.main(['--format', 'json', '{WEBAPP}']); "
        "print('sarif_om' in sys.modules, 'hullcheck.reporters.sarif' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.stdout.splitlines()[-1] == "False False", completed.stderr
