"""One finding once: the findings of one rule at one place are one finding, whichever services,
build args or Compose files give them, in one file's result and across a whole run."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from hullcheck.baseline import write_baseline
from hullcheck.cache import ResultCache
from hullcheck.cli import main
from hullcheck.engine.findings import (
    MAX_RELATED,
    Finding,
    RelatedLocation,
    Severity,
    merge_variants,
    merged_variants,
    variant_key,
)
from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import catalog
from hullcheck.model.span import Span
from hullcheck.reporters.report import Report
from hullcheck.scan import scan
from tests.samples import security_rules

REPO = Path(__file__).resolve().parent.parent
PROJECT = REPO / "fixtures" / "_projects" / "one-finding-once"
RULES = {info.name: info for info in catalog()}
AT = Span(2, 1, 2, 5)


def finding(
    message: str, *related: RelatedLocation, rule: str = "missing-user", severity: Severity | None = None
) -> Finding:
    return Finding(RULES[rule], "Dockerfile", AT, message, related, severity_override=severity)


def built_for(service: str, line: int) -> RelatedLocation:
    return RelatedLocation("compose.yaml", Span(line, 7, line, 12), f"built for service '{service}'")


def test_variants_saying_the_same_list_each_cause_once() -> None:
    merged = merge_variants(
        [
            finding("no USER", built_for("web", 3)),
            finding("no USER", built_for("worker", 9), built_for("web", 3)),
            finding("no USER", built_for("web", 3)),
        ]
    )
    assert merged.message == "no USER"
    assert merged.related == (built_for("web", 3), built_for("worker", 9))


def test_a_variant_saying_something_else_is_a_cause_in_its_own_words() -> None:
    merged = merge_variants(
        [
            finding("runs as root of 'alpine:3.20'"),  # the Dockerfile's own lint: no related location
            finding("runs as root of 'debian:12'", built_for("b", 9)),
            finding("runs as root of 'alpine:3.19'", built_for("a", 3)),
        ]
    )
    assert merged.message == "runs as root of 'alpine:3.20'"
    assert [place.message for place in merged.related] == [
        "built for service 'a': runs as root of 'alpine:3.19'",  # in the order of their places
        "built for service 'b': runs as root of 'debian:12'",
    ]
    # a variant without a place of its own is a related location where it is
    alone = merge_variants([finding("service 'a' runs privileged"), finding("service 'b' runs privileged")])
    assert alone.related == (RelatedLocation("Dockerfile", AT, "service 'b' runs privileged"),)


def test_the_most_severe_variant_leads() -> None:
    merged = merge_variants(
        [finding("a note", severity=Severity.NOTE), finding("an error", built_for("db", 4), severity=Severity.ERROR)]
    )
    assert (merged.message, merged.severity) == ("an error", Severity.ERROR)
    assert [place.message for place in merged.related] == ["built for service 'db'", "a note"]


def test_related_locations_are_capped_and_the_rest_counted() -> None:
    services = [finding("no USER", built_for(f"s{line}", line)) for line in range(1, MAX_RELATED + 4)]
    merged = merge_variants(services)
    assert len(merged.related) == MAX_RELATED
    assert merged.message == "no USER (3 more related locations not listed)"
    assert merge_variants(services[:1]) is services[0]  # nothing to merge: the finding itself


def test_merged_variants_keep_other_findings_and_their_order() -> None:
    other = Finding(RULES["unpinned-image"], "Dockerfile", Span(2, 6, 2, 13), "unpinned")
    elsewhere = Finding(RULES["missing-user"], "Dockerfile", Span(9, 1, 9, 5), "no USER")
    findings = [finding("no USER", built_for("a", 3)), other, finding("no USER", built_for("b", 8)), elsewhere]
    merged = merged_variants(findings)
    assert [item.span for item in merged] == [AT, other.span, elsewhere.span]
    assert merged[0].related == (built_for("a", 3), built_for("b", 8))


def report_of(monkeypatch: pytest.MonkeyPatch, cache: ResultCache | None = None) -> Report:
    monkeypatch.chdir(REPO)
    return scan([str(PROJECT.relative_to(REPO))], LintOptions(rules=security_rules()), jobs=1, cache=cache)


def test_a_run_reports_each_rule_and_place_once(monkeypatch: pytest.MonkeyPatch) -> None:
    report = report_of(monkeypatch)
    keys = Counter(variant_key(finding) for finding in report.findings)
    assert [key for key, count in keys.items() if count > 1] == []
    related = {
        (Path(finding.path).name, finding.rule.name): [
            (Path(place.path).relative_to(PROJECT.relative_to(REPO)).as_posix(), place.span.line, place.message)
            for place in finding.related
        ]
        for finding in report.findings
        if finding.related
    }
    no_user = "the final stage never sets USER, so it runs as the default user of the image"
    # the Dockerfile's own finding leads: each service that builds it with other args is a cause
    assert related["Dockerfile", "missing-user"] == [
        ("admin/compose.yaml", 8, f"built for service 'builder': {no_user} 'fedora:41', usually root"),
        ("compose.yaml", 9, f"built for service 'debian': {no_user} 'debian:12.8', usually root"),
        ("compose.yaml", 14, f"built for service 'ubuntu': {no_user} 'ubuntu:24.04', usually root"),
    ]
    # read by two Compose files: one finding, with both
    assert [place[:2] for place in related[".env.secrets", "hardcoded-credential"]] == [
        ("compose.yaml", 21),
        ("admin/compose.yaml", 5),
    ]
    # common.yml is a Compose file linted itself too: its own finding leads, each extending service is a cause
    assert [place[:2] for place in related["common.yml", "privileged-container"]] == [
        ("compose.yaml", 20),
        ("compose.yaml", 25),
    ]


def test_cached_results_are_merged_as_fresh_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = report_of(monkeypatch).findings
    cache = ResultCache(str(tmp_path / "cache" / "hullcheck"))
    report_of(monkeypatch, cache)  # fills the cache: each file's result, unmerged
    assert report_of(monkeypatch, cache).findings == fresh


def test_json_and_sarif_carry_the_related_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    project = str(PROJECT.relative_to(REPO))
    main(
        [
            "--no-cache",
            "--format",
            "json",
            "-o",
            str(tmp_path / "out.json"),
            "--format",
            "sarif",
            "-o",
            str(tmp_path / "out.sarif"),
            project,
        ]
    )
    findings = json.loads((tmp_path / "out.json").read_text())["findings"]
    (credential,) = [item for item in findings if item["name"] == "hardcoded-credential"]
    assert [place["span"]["line"] for place in credential["related"]] == [21, 5]
    results = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    (credential_result,) = [item for item in results if item["ruleId"] == "HC502"]
    assert len(credential_result["relatedLocations"]) == 2


def test_a_baseline_recorded_before_merging_still_silences_every_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each variant was a finding of its own, recorded by its own logical location: the merged
    finding is one of them, so it stays silenced; the others are reported as no longer found."""
    monkeypatch.chdir(REPO)
    options = LintOptions(rules=security_rules())
    files = [PROJECT / name for name in ("Dockerfile", "compose.yaml", "admin/compose.yaml", "common.yml")]
    unmerged = [lint_file(str(file), file.relative_to(REPO).as_posix(), options) for file in files]
    baseline = tmp_path / "baseline.json"
    recorded = write_baseline(Report(unmerged, (), str(REPO), {}), str(baseline))
    project = str(PROJECT.relative_to(REPO))
    code = main(["--no-cache", "--select", "security", "--format", "concise", "--baseline", str(baseline), project])
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")
    merged = len(report_of(monkeypatch).findings)
    assert f"{recorded - merged} finding(s) recorded in {baseline} were not found" in captured.err
