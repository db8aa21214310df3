"""Rule docs: fixed headings, runnable examples, and the README's generated rules table."""

from __future__ import annotations

import inspect
import json
import re
import shlex
import tempfile
from pathlib import Path

import pytest

from hullcheck import records
from hullcheck.cli import main
from hullcheck.docs import (
    BUILDKIT_CHECKS,
    BUILDKIT_WITHOUT_RULE,
    HADOLINT_CODES,
    HADOLINT_WITHOUT_RULE,
    Example,
    examples,
    generated_blocks,
    hadolint_table,
    sections,
)
from hullcheck.engine.findings import Finding, RuleInfo
from hullcheck.engine.lint import FileResult, LintOptions, lint_bytes
from hullcheck.engine.registry import GROUPS, all_rules, catalog, select
from hullcheck.engine.rule import DOC_HEADINGS, FIX_HEADING, cleaned_docstring, example_language
from tests.expectations import read_expectations, settings_from_assignments

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ALL_RULES = LintOptions(rules=all_rules())


@pytest.mark.parametrize(
    "docstring",
    [*(rule.__doc__ or "" for rule in all_rules()), "", " \n", "one", "\n\n  a\n\t b\n\n", " a\n\n    b\n  c\n    "],
)
def test_docstrings_are_cleaned_as_inspect_cleans_them(docstring: str) -> None:
    assert cleaned_docstring(docstring) == inspect.cleandoc(docstring)


# docs whose Example sections are written otherwise than the rules' are
ODD_EXAMPLES = (
    "s\n\n## Example  \n```YAML\nservices: {}\n```\n",  # a heading with spaces after it, a tag in capitals
    "s\n\n## Use instead\n```yaml\na: 1\n```\n## Example\n```dockerfile\nFROM a\n```\n",
    "s\n\n## Example\n```dockerfile title\nFROM a\n```\n```yaml\nb: 2\n```\n",  # not a tag: a fence
    "s\n\n## Example\n```dockerfile\nFROM a\n## References\n```\n",  # closed in another section
    "s\n\n## Example\n```\nFROM a\n```\n",
    "s\n\n## Examples\n```dockerfile\nFROM a\n```\n",
    "s\n\n##  \n## Example\n\n```yaml\n## a comment\n```\n```yaml\nc: 3\n```\n",
)


@pytest.mark.parametrize(
    "info",
    [
        *catalog(),
        *(records.replace(catalog()[0], code=f"odd{number}", docs=docs) for number, docs in enumerate(ODD_EXAMPLES)),
    ],
    ids=lambda info: info.code,
)
def test_the_example_language_is_the_first_triggering_examples(info: RuleInfo) -> None:
    first = next((example for example in examples(info) if example.triggers), None)
    assert example_language(info.docs) == (first.language if first is not None else "")


@pytest.mark.parametrize("info", catalog(), ids=lambda info: info.code)
def test_docs_have_the_fixed_headings_in_order(info: RuleInfo) -> None:
    headings = [f"## {heading}" for heading in sections(info.docs)]
    if FIX_HEADING in headings:  # optional, right before References
        assert headings[headings.index(FIX_HEADING) + 1 :] == ["## References"], f"{info.code}: {headings}"
        headings.remove(FIX_HEADING)
        fix = sections(info.docs)[FIX_HEADING.removeprefix("## ")]
        assert re.search(r"\b(Safe|Unsafe)\b", fix), f"{info.code}: the Fix section says whether it is safe"
    assert headings == list(DOC_HEADINGS), f"{info.code} docs headings: {headings}"
    why = sections(info.docs)["Why is this bad?"].strip()
    assert why and "\n\n" not in why, f"{info.code}: the rationale must be one paragraph"


@pytest.mark.parametrize("info", catalog(), ids=lambda info: info.code)
def test_rule_metadata(info: RuleInfo) -> None:
    assert info.code.startswith("HC") and len(info.code) == 5
    assert info.name == info.name.lower() and " " not in info.name and "_" not in info.name
    is_engine_code = info.code < "HC100"
    assert (info.group == "engine") is is_engine_code
    assert info.group in ("engine", *GROUPS)
    # a best-practice rule is not a security alert: GitHub must not rank it as one
    assert (info.security_severity is None) is (is_engine_code or info.group in ("best-practice", "shellcheck"))
    assert all(re.fullmatch(r"DL[34]\d{3}", code) for code in info.hadolint_codes)
    assert all(re.fullmatch(r"[A-Z][A-Za-z]+", check) for check in info.buildkit_checks)
    assert info.security_severity is None or 0 < info.security_severity <= 10
    assert info.summary.endswith(".") and len(info.summary) < 120
    assert info.advice and "\n" not in info.advice


def _example_cases() -> list[tuple[str, RuleInfo, int]]:
    return [
        (f"{info.code}-{'bad' if example.triggers else 'good'}-{index}", info, index)
        for info in catalog()
        for index, example in enumerate(examples(info))
    ]


@pytest.mark.parametrize(("case", "info", "index"), _example_cases(), ids=str)
def test_examples_run(case: str, info: RuleInfo, index: int) -> None:
    example = examples(info)[index]
    settings = settings_from_assignments(read_expectations(example.code).rule_options, all_rules())
    options = LintOptions(rules=all_rules(), rule_settings=settings)
    result = _lint_example(example, options)
    codes = [_rule_code(finding) for finding in result.findings]
    if example.triggers:
        assert info.code in codes, f"{case}: the Example does not trigger {info.code}: {codes}"
    else:
        assert info.code not in codes, f"{case}: the Use instead block triggers {info.code}"


def _default_findings(info: RuleInfo, example: Example) -> list[str]:
    """The codes of what a run with the default rules, and the rule itself (which may be off by
    default), reports on the example: what a reader who copies it sees."""
    selection = select(None, [], extend=[info.code])
    settings = settings_from_assignments(read_expectations(example.code).rule_options, all_rules())
    options = LintOptions(
        rules=selection.rules,
        engine_codes=selection.engine_codes,
        script_codes=selection.script_codes,
        rule_settings=settings,
    )
    return [_rule_code(finding) for finding in _lint_example(example, options).findings]


def _rule_code(finding: Finding) -> str:
    """The code of the rule that reported a finding: the ShellCheck rule's for ShellCheck's codes."""
    return finding.rule.reported_by or finding.rule.code


def _lint_example(example: Example, options: LintOptions) -> FileResult:
    """Lint an example; one that shows the ``.dockerignore`` of its build context (lines
    ``# .dockerignore: PATTERN``) is linted in a folder that holds that file."""
    ignored = re.findall(r"^# \.dockerignore: (.+)$", example.code, re.MULTILINE)
    if not ignored:
        return lint_bytes(example.code.encode(), example.file_name, options)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, ".dockerignore").write_text("\n".join(ignored) + "\n", encoding="utf-8")
        return lint_bytes(example.code.encode(), example.file_name, options, directory=folder)


# what an Example shows besides its own rule's finding, because it is what the rule is about: a
# suppression comment that silences nothing leaves the finding it was meant for
_EXAMPLE_ALSO_SHOWS = {"HC004": {"HC301"}}


@pytest.mark.parametrize(("case", "info", "index"), [pytest.param(*case, id=case[0]) for case in _example_cases()])
def test_examples_show_only_their_rule_under_the_default_rules(case: str, info: RuleInfo, index: int) -> None:
    """A "Use instead" block is clean: copying it brings no other finding, at any level. An
    "Example" shows its own rule's finding and nothing else, so it differs from the "Use instead"
    only by the fix."""
    example = examples(info)[index]
    codes = _default_findings(info, example)
    if example.triggers:
        assert info.code in codes, f"{case}: the Example does not trigger {info.code} with the default rules"
        others = set(codes) - {info.code} - _EXAMPLE_ALSO_SHOWS.get(info.code, set())
        assert not others, f"{case}: the Example also triggers {sorted(others)}"
    else:
        assert not codes, f"{case}: the Use instead block triggers {codes} with the default rules"


@pytest.mark.parametrize("info", catalog(), ids=lambda info: info.code)
def test_every_rule_has_a_bad_and_a_good_example(info: RuleInfo) -> None:
    kinds = {example.triggers for example in examples(info)}
    assert kinds == {True, False}, f"{info.code} needs an Example and a Use instead code block"


def test_readme_generated_blocks_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    for (start, end), expected in generated_blocks().items():
        assert start in text and end in text, f"README has no generated block {start}"
        current = text.split(start, 1)[1].split(end, 1)[0].strip()
        assert current == expected, f"README block {start} is stale; run python -m hullcheck.docs README.md"


def test_the_hadolint_table_names_hullcheck_s_rule_for_a_hadolint_code() -> None:
    assert "| DL3002 | HC301 `root-user` |" in hadolint_table(all_rules())


@pytest.mark.parametrize(
    ("known", "without_rule", "attribute"),
    [
        (HADOLINT_CODES, HADOLINT_WITHOUT_RULE, "hadolint_codes"),
        (BUILDKIT_CHECKS, BUILDKIT_WITHOUT_RULE, "buildkit_checks"),
    ],
    ids=["hadolint", "buildkit"],
)
def test_every_hadolint_rule_and_buildkit_check_has_a_rule_or_a_reason(
    known: tuple[str, ...], without_rule: dict[str, str], attribute: str
) -> None:
    covered = {name for rule in all_rules() for name in getattr(rule, attribute)}
    assert covered <= set(known), f"unknown names: {sorted(covered - set(known))}"
    assert not covered & set(without_rule), f"a rule and a reason: {sorted(covered & set(without_rule))}"
    assert set(known) == covered | set(without_rule), f"neither: {sorted(set(known) - covered - set(without_rule))}"


def _codes_reported_on_fixtures(capsys: pytest.CaptureFixture[str], *options: str) -> set[str]:
    assert main([str(ROOT / "fixtures"), "--no-cache", "--format", "json", *options]) == 1
    return {finding["code"] for finding in json.loads(capsys.readouterr().out)["findings"]}


def test_fixtures_show_every_rule_as_the_readme_says(capsys: pytest.CaptureFixture[str]) -> None:
    """``hullcheck fixtures/`` shows every rule on by default; the options the README gives add
    the rules that are off by default."""
    claim = re.search(r"the rules off by\s+default join in with `([^`]+)`", README.read_text(encoding="utf-8"))
    assert claim, "the README no longer says how fixtures/ shows the rules off by default"
    on_by_default = {rule.code for rule in all_rules() if rule.enabled_by_default}
    engine_codes = {info.code for info in catalog()} - {rule.code for rule in all_rules()}
    assert _codes_reported_on_fixtures(capsys) == on_by_default | engine_codes
    every_code = _codes_reported_on_fixtures(capsys, *shlex.split(claim.group(1)))
    shellcheck_codes = {code for code in every_code if code.startswith("SC")}
    assert shellcheck_codes and {code for code in every_code if code not in shellcheck_codes} | {"HC670"} == {
        info.code for info in catalog()
    }
