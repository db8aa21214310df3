"""Every rule of the fixture's groups on every fixture: the findings must be exactly what the fixture says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hullcheck.engine.findings import Finding, merged_variants
from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import all_rules, catalog
from tests.expectations import read_expectations, settings_from_assignments
from tests.samples import security_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RULE_NAMES = {info.name for info in catalog()}
GROUP_OF_RULE = {info.name: info.group for info in catalog()}
# fixtures of the best-practice group (a rule's folder, or a clean Dockerfile in _clean/) run
# every rule; the others run the default set's groups, as a run without --select does
SECURITY_RULES = security_rules()


def fixture_files() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES.rglob("*")
        # .env, .dockerignore and configuration files are read with the files beside them
        if path.is_file()
        and not path.name.startswith((".env", ".hullcheck."))
        and not path.name.endswith(".dockerignore")
    )


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.relative_to(FIXTURES).as_posix())
def test_fixture(path: Path) -> None:
    expectations = read_expectations(path.read_text(encoding="utf-8", errors="replace"))
    unknown = expectations.names - RULE_NAMES
    assert not unknown, f"{path.name} names unknown rules {sorted(unknown)}"
    settings = settings_from_assignments(expectations.rule_options, all_rules())
    own_rule = path.relative_to(FIXTURES).parts[0]
    every_rule = GROUP_OF_RULE.get(own_rule) in ("best-practice", "shellcheck") or own_rule == "_clean"
    # a rule its group leaves out (hadolint's 'ignore' level: missing-healthcheck) runs on its own
    # fixtures; ShellCheck runs on its own and the clean ones (the others' scripts are about them)
    best_practice = [
        rule
        for rule in all_rules()
        if (rule.info.selected_with_group or rule.name == own_rule)
        and (rule.group != "shellcheck" or own_rule in ("shellcheck", "_clean"))
    ]
    rules = best_practice if every_rule else SECURITY_RULES
    result = lint_file(str(path), path.name, LintOptions(rules=rules, rule_settings=settings))
    assert result.note is None, result.note
    assert own_rule not in expectations.ignored, "a fixture may not ignore the rule it is about"
    findings = merged_variants(result.findings)  # one finding once, as a run reports them
    here = [finding for finding in findings if finding.path == path.name]
    found = Counter(
        (finding.span.line, finding.rule.name) for finding in here if finding.rule.name not in expectations.ignored
    )
    messages = {(f.span.line, f.rule.name): f.message for f in here}
    unexpected = found - expectations.expected
    missing = expectations.expected - found
    assert not unexpected and not missing, (
        f"\nunexpected: {[(key, messages[key]) for key in sorted(unexpected)]}\nmissing: {sorted(missing)}"
    )
    assert not (expectations.near_misses & set(found)), "a rule marked ok reported"
    _check_other_files(path, [finding for finding in findings if finding.path != path.name])


def _check_other_files(path: Path, findings: list[Finding]) -> None:
    """Findings of a Compose project in its other files (an override, an extended file, a
    Dockerfile a service builds) must each be expected there, and none where a near miss is
    marked. What only linting ``path`` reports there (a service's build of a Dockerfile) is
    expected with ``# expect from <path, relative to that file>:``, and must all be found."""
    others = {finding.path for finding in findings} | set(_files_expecting_from(path))
    for other in sorted(others):
        file = path.parent / other
        assert file.is_file(), f"a finding in {other}, which is not a fixture"
        expectations = read_expectations(file.read_text(encoding="utf-8", errors="replace"))
        from_here: Counter[tuple[int, str]] = Counter()
        for source, expected in expectations.expected_from.items():
            if (file.parent / source).resolve() == path.resolve():
                from_here += expected
        there = Counter(
            (finding.span.line, finding.rule.name)
            for finding in findings
            if finding.path == other and finding.rule.name not in expectations.ignored
        )
        unexpected = {key: n for key, n in there.items() if key not in expectations.expected and key not in from_here}
        missing = from_here - there
        assert not unexpected, f"findings in {other} that it does not expect: {sorted(unexpected)}"
        assert not missing, f"findings in {other} expected from {path.name} but not reported: {sorted(missing)}"
        # a near miss there is one for its own lint: this file's lint may expect a finding on it
        assert not ((expectations.near_misses - set(from_here)) & set(there)), f"a rule marked ok in {other} reported"


def _files_expecting_from(path: Path) -> list[str]:
    """The files beside ``path`` (or below its folder) that expect findings from linting it."""
    found = []
    for file in sorted(path.parent.rglob("*")):
        if not file.is_file() or file == path:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        if "expect from" not in text:
            continue
        sources = read_expectations(text).expected_from
        if any((file.parent / source).resolve() == path.resolve() for source in sources):
            found.append(file.relative_to(path.parent).as_posix())
    return found


def test_every_rule_has_fixtures() -> None:
    directories = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    missing = {info.name for info in catalog()} - directories
    assert not missing, f"rules without a fixtures/<rule-name>/ folder: {sorted(missing)}"


def test_every_rule_has_positive_and_near_miss_fixtures() -> None:
    expected: set[str] = set()
    near: set[str] = set()
    for path in fixture_files():
        expectations = read_expectations(path.read_text(encoding="utf-8", errors="replace"))
        expected |= {name for _, name in expectations.expected}
        near |= {name for _, name in expectations.near_misses}
    for info in catalog():
        assert info.name in expected, f"no fixture expects {info.name}"
        assert info.name in near or info.name == "parse-error", f"no near miss marked ok for {info.name}"
