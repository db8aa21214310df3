"""Every rule on every fixture: the findings must be exactly what the fixture says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hullcheck.engine.options import settings_from_assignments
from hullcheck.engine.registry import all_rules, catalog
from hullcheck.engine.runner import LintOptions, lint_file
from tests.expectations import read_expectations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALL_RULES = LintOptions(rules=all_rules())
RULE_NAMES = {info.name for info in catalog()}


def fixture_files() -> list[Path]:
    return sorted(path for path in FIXTURES.rglob("*") if path.is_file() and not path.name.startswith(".env"))


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.relative_to(FIXTURES).as_posix())
def test_fixture(path: Path) -> None:
    expectations = read_expectations(path.read_text(encoding="utf-8", errors="replace"))
    unknown = expectations.names - RULE_NAMES
    assert not unknown, f"{path.name} names unknown rules {sorted(unknown)}"
    settings = settings_from_assignments(expectations.rule_options, all_rules())
    result = lint_file(path, path.name, LintOptions(rules=all_rules(), rule_settings=settings))
    assert result.note is None, result.note
    own_rule = path.relative_to(FIXTURES).parts[0]
    assert own_rule not in expectations.ignored, "a fixture may not ignore the rule it is about"
    found = Counter(
        (finding.span.line, finding.rule.name)
        for finding in result.findings
        if finding.rule.name not in expectations.ignored
    )
    messages = {(f.span.line, f.rule.name): f.message for f in result.findings}
    unexpected = found - expectations.expected
    missing = expectations.expected - found
    assert not unexpected and not missing, (
        f"\nunexpected: {[(key, messages[key]) for key in sorted(unexpected)]}\nmissing: {sorted(missing)}"
    )
    assert not (expectations.near_misses & set(found)), "a rule marked ok reported"


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
