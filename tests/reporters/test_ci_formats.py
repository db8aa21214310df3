"""The CI formats: GitHub workflow commands, GitLab Code Quality JSON and JUnit XML."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from hullcheck.cli import main
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding, RuleInfo, Severity
from hullcheck.engine.lint import FileKind, FileResult
from hullcheck.engine.registry import catalog
from hullcheck.model.span import Span
from hullcheck.reporters.github import annotation, escape_data, escape_property, write_github
from hullcheck.reporters.gitlab import write_gitlab
from hullcheck.reporters.junit import write_junit
from hullcheck.reporters.report import Report

DIGEST = "sha256:" + "0123456789abcdef" * 4
COMPOSE = (
    f"services:\n  web:\n    image: nginx:1.27@{DIGEST}\n    privileged: true\n"
    '    security_opt: ["no-new-privileges:true"]\n'
)


def rule(code: str) -> RuleInfo:
    return next(info for info in catalog() if info.code == code)


def report_of(results: list[FileResult], sources: dict[str, str], root: Path) -> Report:
    return Report(results=results, rules=catalog(), source_root=str(root), sources=sources)


def rendered(writer: Any, report: Report) -> str:
    stream = io.StringIO()
    writer(report, stream)
    return stream.getvalue()


# ------------------------------------------------------------------ github


def test_github_annotation_has_exact_position_and_inclusive_end() -> None:
    finding = Finding(rule("HC201"), "compose.yaml", Span(4, 17, 4, 21), "service 'web' runs privileged")
    line = annotation(finding)
    command, _, message = line.partition("::")[2].partition("::")
    assert command == ("error file=compose.yaml,line=4,col=17,endLine=4,endColumn=20,title=HC201 privileged-container")
    assert message.startswith("service 'web' runs privileged%0AAdvice: Remove `privileged: true`;")
    assert "\n" not in line


@pytest.mark.parametrize(
    ("severity", "command"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.NOTE, "notice")]
)
def test_github_levels(severity: Severity, command: str) -> None:
    finding = Finding(rule("HC401"), "Dockerfile", Span(1, 6, 1, 12), "m", severity_override=severity)
    assert annotation(finding).startswith(f"::{command} ")


def test_github_multi_line_span_has_no_columns() -> None:
    finding = Finding(rule("HC405"), "Dockerfile", Span(2, 5, 4, 9), "m")
    assert "file=Dockerfile,line=2,endLine=4,title=" in annotation(finding)
    assert "col=" not in annotation(finding)


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"
    assert escape_property("dir:a,b%\n") == "dir%3Aa%2Cb%25%0A"
    finding = Finding(rule("HC201"), "we:ird,dir/compose.yaml", Span(1, 1, 1, 2), "line one\nline two: 50%")
    line = annotation(finding)
    assert "file=we%3Aird%2Cdir/compose.yaml," in line
    advice, uri = rule("HC201").advice, rule("HC201").help_uri
    assert line.endswith(f"::line one%0Aline two: 50%25%0AAdvice: {advice}%0ASee {uri}")


def test_github_writes_one_command_per_finding(tmp_path: Path) -> None:
    findings = [
        Finding(rule("HC302"), "Dockerfile", Span(1, 1, 1, 5), "no USER"),
        Finding(rule("HC401"), "Dockerfile", Span(1, 6, 1, 12), "floating tag"),
    ]
    report = report_of([FileResult("Dockerfile", FileKind.DOCKERFILE, findings)], {"Dockerfile": "FROM x\n"}, tmp_path)
    assert rendered(write_github, report).splitlines() == [annotation(finding) for finding in findings]


def test_github_format_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    assert main(["--format", "github"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=compose.yaml,line=4,col=17,endLine=4,endColumn=20,")


# ------------------------------------------------------------------ gitlab


def test_gitlab_issue_fields(tmp_path: Path) -> None:
    finding = Finding(rule("HC201"), "compose.yaml", Span(4, 17, 4, 21), "service 'web' runs privileged")
    report = report_of([FileResult("compose.yaml", FileKind.COMPOSE, [finding])], {"compose.yaml": COMPOSE}, tmp_path)
    (issue,) = json.loads(rendered(write_gitlab, report))
    assert issue["description"] == "service 'web' runs privileged"
    assert issue["check_name"] == "HC201 privileged-container"
    assert issue["severity"] == "critical"
    assert issue["location"] == {"path": "compose.yaml", "lines": {"begin": 4, "end": 4}}
    assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert issue["categories"] == ["Security"]


@pytest.mark.parametrize(
    ("severity", "expected"), [(Severity.ERROR, "critical"), (Severity.WARNING, "major"), (Severity.NOTE, "minor")]
)
def test_gitlab_severity_mapping(tmp_path: Path, severity: Severity, expected: str) -> None:
    finding = Finding(rule("HC401"), "Dockerfile", Span(1, 6, 1, 12), "m", severity_override=severity)
    report = report_of([FileResult("Dockerfile", FileKind.DOCKERFILE, [finding])], {"Dockerfile": "FROM x\n"}, tmp_path)
    assert json.loads(rendered(write_gitlab, report))[0]["severity"] == expected


def gitlab_fingerprints(text: str, tmp_path: Path) -> list[str]:
    (tmp_path / "compose.yaml").write_text(text)
    output = tmp_path / "quality.json"
    main(["--format", "gitlab", "-o", str(output), str(tmp_path / "compose.yaml")])
    return [issue["fingerprint"] for issue in json.loads(output.read_text(encoding="utf-8"))]


def test_gitlab_fingerprints_are_unique_and_survive_moved_lines(tmp_path: Path) -> None:
    twins = "services:\n  a:\n    privileged: true\n  b:\n    privileged: true\n"
    before = gitlab_fingerprints(twins, tmp_path)
    assert len(before) == len(set(before)), "two findings share a fingerprint: GitLab would show one"
    moved = "# a comment pushes every line down\n\n" + twins
    assert gitlab_fingerprints(moved, tmp_path) == before
    changed = twins.replace("  b:", "  c:")
    assert set(gitlab_fingerprints(changed, tmp_path)) != set(before)


# ------------------------------------------------------------------ junit

ANT_SUITE_ATTRIBUTES = {"name", "tests", "failures", "errors", "time", "timestamp", "hostname", "id", "package"}
JENKINS_SUITE_ATTRIBUTES = ANT_SUITE_ATTRIBUTES | {"skipped", "group", "file", "log", "url"}
ANT_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
DECIMAL = re.compile(r"\d+(\.\d+)?")


def junit_schema_errors(document: str) -> list[str]:
    """What makes ``document`` invalid against the Apache Ant JUnit schema (windyroad JUnit.xsd)
    or the Jenkins xUnit plugin's junit-10.xsd, the two common JUnit XML schemas: the stricter
    rule of the two for each element and attribute, and counts that agree with the cases."""
    errors: list[str] = []
    root = ET.fromstring(document)
    if root.tag != "testsuites" or root.attrib:
        errors.append(f"root: expected <testsuites> without attributes (Ant), got <{root.tag} {root.attrib}>")
    for index, suite in enumerate(root):
        where = f"testsuite {index}"
        if suite.tag != "testsuite":
            errors.append(f"{where}: unexpected <{suite.tag}>")
            continue
        attributes = set(suite.attrib)
        errors += [f"{where}: missing {name}" for name in sorted(ANT_SUITE_ATTRIBUTES - attributes)]
        errors += [f"{where}: undeclared {name}" for name in sorted(attributes - JENKINS_SUITE_ATTRIBUTES)]
        if not suite.get("name") or not suite.get("hostname") or not suite.get("package"):
            errors.append(f"{where}: name, hostname and package must not be empty")
        if suite.get("id") != str(index):
            errors.append(f"{where}: id {suite.get('id')} should count from 0")
        if not ANT_TIMESTAMP.fullmatch(suite.get("timestamp", "")):
            errors.append(f"{where}: timestamp {suite.get('timestamp')!r} is not an ISO date-time without zone")
        if not DECIMAL.fullmatch(suite.get("time", "")):
            errors.append(f"{where}: time is not a decimal")
        children = [child.tag for child in suite]
        cases = [child for child in suite if child.tag == "testcase"]
        expected_order = ["properties"] + ["testcase"] * len(cases) + ["system-out", "system-err"]
        if children != expected_order:
            errors.append(f"{where}: children {children} are not properties, testcase*, system-out, system-err")
        for prop in suite.iter("property"):
            if not prop.get("name") or "value" not in prop.attrib:
                errors.append(f"{where}: a property without name or value")
        outcomes = {"failure": 0, "error": 0, "skipped": 0}
        for case in cases:
            if set(case.attrib) != {"name", "classname", "time"} or not DECIMAL.fullmatch(case.get("time", "")):
                errors.append(f"{where}: testcase attributes {case.attrib}")
            results = list(case)
            if len(results) > 1 or any(result.tag not in outcomes for result in results):
                errors.append(f"{where}: testcase holds {[r.tag for r in results]}, at most one outcome")
            for result in results:
                outcomes[result.tag] += 1
                if result.tag != "skipped" and (
                    "type" not in result.attrib or set(result.attrib) - {"type", "message"}
                ):
                    errors.append(f"{where}: <{result.tag}> needs type (and may have message only)")
        counts = {"tests": len(cases), "failures": outcomes["failure"], "errors": outcomes["error"]}
        counts["skipped"] = outcomes["skipped"]
        for name, count in counts.items():
            if suite.get(name) != str(count):
                errors.append(f"{where}: {name}={suite.get(name)} but {count} counted")
    return errors


def junit_report(tmp_path: Path) -> Report:
    failed_rule = rule("HC201")
    findings = [
        Finding(rule("HC201"), "compose.yaml", Span(4, 17, 4, 21), 'service "w<e>b" & co runs privileged\x01'),
        Finding(INTERNAL_ERROR, "compose.yaml", Span(1, 1, 1, 2), "rule failed", failed_rule=failed_rule),
    ]
    return report_of(
        [
            FileResult("compose.yaml", FileKind.COMPOSE, findings),
            FileResult("Dockerfile", FileKind.DOCKERFILE, []),
            FileResult("deep/link", FileKind.OTHER, note="a symbolic link out of the scanned folder; not read"),
        ],
        {"compose.yaml": COMPOSE},
        tmp_path,
    )


def test_junit_is_valid_against_the_common_schemas(tmp_path: Path) -> None:
    document = rendered(write_junit, junit_report(tmp_path))
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert junit_schema_errors(document) == []


def test_the_junit_check_catches_a_broken_document(tmp_path: Path) -> None:
    document = rendered(write_junit, junit_report(tmp_path))
    broken = document.replace('failures="1"', 'failures="0"', 1).replace("<system-err />", "", 1)
    assert len(junit_schema_errors(broken)) == 2


def test_junit_suites_cases_and_escaping(tmp_path: Path) -> None:
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    stream = io.StringIO()
    write_junit(junit_report(tmp_path), stream, now)
    root = ET.fromstring(stream.getvalue())
    compose, dockerfile, skipped = root
    assert compose.get("name") == "compose.yaml" and compose.get("timestamp") == "2025-01-02T03:04:05"
    failure = compose.find("testcase/failure")
    assert failure is not None
    assert failure.get("type") == "HC201 privileged-container"
    # XML-escaped, and the control character a visible escape (XML 1.0 cannot hold it)
    assert failure.get("message") == 'service "w<e>b" & co runs privileged\\x01'
    assert compose.find("testcase/error") is not None  # an internal error is an error, not a failure
    assert (compose.get("failures"), compose.get("errors")) == ("1", "1")
    assert [case.get("name") for case in dockerfile.iter("testcase")] == ["no findings"]
    assert dockerfile.get("failures") == "0"
    assert skipped.find("testcase/skipped") is not None and skipped.get("skipped") == "1"


# ------------------------------------------------------------------ several outputs in one run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def test_each_format_goes_to_the_output_after_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--format", "sarif", "-o", "out.sarif", "--format", "junit", "-o", "out.xml", "--format", "concise"]
    assert main(args) == 1
    assert json.loads((project / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert junit_schema_errors((project / "out.xml").read_text(encoding="utf-8")) == []
    assert capsys.readouterr().out.startswith("compose.yaml:4:17: error:")


def test_single_output_keeps_its_old_forms(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-o", "first.json", "--format", "json"]) == 1  # -o before --format: still one output
    assert json.loads((project / "first.json").read_text(encoding="utf-8"))["version"] == 2
    assert main(["--format", "json", "-o", "second.json"]) == 1
    assert (project / "second.json").read_text() == (project / "first.json").read_text()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "sarif", "--format", "full"], "--format sarif has no -o FILE"),
        (["-o", "a.sarif", "--format", "sarif", "--format", "full"], "-o a.sarif comes before any --format"),
        (["--format", "json", "-o", "a.json", "-o", "b.json"], "--format json already writes to a.json"),
        (["--format", "json", "-o", "a", "--format", "sarif", "-o", "a"], "two formats would write to"),
        (["--format", "json", "-o", "compose.yaml"], "names a file this run scans"),
        (["--sarif-category", "x"], "--sarif-category goes with --format sarif"),
    ],
)
def test_output_usage_errors(project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert (project / "compose.yaml").read_text() == COMPOSE


def test_sarif_category_sets_automation_details(project: Path) -> None:
    main(["--format", "sarif", "-o", "plain.sarif"])
    assert "automationDetails" not in json.loads((project / "plain.sarif").read_text())["runs"][0]
    main(["--format", "sarif", "-o", "tagged.sarif", "--sarif-category", "hullcheck/compose"])
    run = json.loads((project / "tagged.sarif").read_text())["runs"][0]
    assert run["automationDetails"] == {"id": "hullcheck/compose/"}  # GitHub's category is up to the last /
