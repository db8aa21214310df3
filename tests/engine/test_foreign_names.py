"""Rules named the way hadolint and BuildKit name them: groups, hadolint codes and BuildKit check
names in selections and suppressions, BuildKit's ``# check=skip=`` directive, and the rule list
as JSON."""

from __future__ import annotations

import json

import pytest

from hullcheck.cli import main
from hullcheck.engine import registry
from hullcheck.engine.findings import Finding, RuleInfo, Severity
from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.engine.registry import all_rules, catalog, find_rules, matches, select
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CommandInstruction
from hullcheck.model.span import Span
from hullcheck.parsers.suppressions import CommentSyntax, Scope, parse_suppressions

DIGEST = "@sha256:" + "0123456789abcdef" * 4


class ShellFormCommandForTest(BestPracticeRule):
    """Test rule: reports every CMD."""

    code = "HC998"
    severity = Severity.WARNING
    advice = "none"
    hadolint_codes = ("DL3025",)
    buildkit_checks = ("JSONArgsRecommended",)

    def visit_command_instruction(self, command: CommandInstruction) -> None:
        self.report(command.keyword, "a CMD")


INFO = ShellFormCommandForTest.info


@pytest.mark.parametrize(
    "selector", ["best-practice", "DL3025", "dl3025", "JSONArgsRecommended", "jsonargsrecommended", "HC998", "ALL"]
)
def test_a_rule_is_selected_by_its_group_hadolint_code_and_buildkit_check(selector: str) -> None:
    assert matches(INFO, selector)


@pytest.mark.parametrize("selector", ["security", "DL3026", "JSONArgs", "DL302", "MaintainerDeprecated"])
def test_foreign_names_match_whole_names_only(selector: str) -> None:
    assert not matches(INFO, selector)


def test_engine_codes_are_no_group_a_selector_names() -> None:
    (parse_error,) = [info for info in catalog() if info.code == "HC001"]
    assert not matches(parse_error, "engine")


class HealthcheckMissingForTest(BestPracticeRule):
    """Test rule: selected by name only."""

    code = "HC997"
    severity = Severity.NOTE
    advice = "none"
    hadolint_codes = ("DL3057",)
    selected_with_group = False


@pytest.mark.parametrize(("selector", "selected"), [("best-practice", False), ("DL3057", True), ("HC997", True)])
def test_a_rule_not_selected_with_its_group_needs_its_own_name(selector: str, selected: bool) -> None:
    assert matches(HealthcheckMissingForTest.info, selector) is selected


def test_a_best_practice_rule_is_off_by_default_and_not_a_security_alert() -> None:
    assert not ShellFormCommandForTest.enabled_by_default
    assert INFO.group == "best-practice" and INFO.security_severity is None
    assert INFO.hadolint_codes == ("DL3025",) and INFO.buildkit_checks == ("JSONArgsRecommended",)


def test_groups_select_the_security_set_or_the_best_practice_set() -> None:
    security = select(["security"], []).rules
    assert security and all(rule.group == "security" for rule in security)
    best_practice = {rule for rule in all_rules() if rule.group == "best-practice" and rule.selected_with_group}
    shellcheck = {rule for rule in all_rules() if rule.group == "shellcheck"}
    assert shellcheck and {rule.code for rule in shellcheck} == {"HC670"}
    assert {rule.load() for rule in select(["shellcheck"], []).rules} == shellcheck
    # hadolint runs ShellCheck among its checks: the best-practice set takes it in
    assert {rule.load() for rule in select(["best-practice"], []).rules} == best_practice | shellcheck
    default = select(None, []).rules
    assert all(rule.group == "security" for rule in default)


def test_find_rules_takes_a_hadolint_code_for_every_rule_that_has_it() -> None:
    (unpinned,) = [info for info in catalog() if info.code == "HC401"]
    assert unpinned in find_rules("DL3007") and unpinned in find_rules("dl3006")
    assert find_rules("HC401") == (unpinned,) and find_rules("unpinned-image") == (unpinned,)
    assert find_rules("HC4") == ()  # a prefix selects, but names no rule exactly


def test_check_skip_directive_is_read_as_buildkit_reads_parser_directives() -> None:
    text = "# syntax=docker/dockerfile:1\n#  check = error=true;skip=JSONArgsRecommended, StageNameCasing\nFROM a\n"
    (comment,) = parse_suppressions(text, CommentSyntax.DOCKERFILE).comments
    assert comment.buildkit and comment.scope is Scope.FILE and comment.foreign
    assert [(name.value, name.span) for name in comment.rules] == [
        ("JSONArgsRecommended", Span(2, 28, 2, 47)),
        ("StageNameCasing", Span(2, 49, 2, 64)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "\n# check=skip=all\nFROM a\n",  # after a blank line: a comment
        "# a comment\n# check=skip=all\nFROM a\n",  # after another comment
        "FROM a\n# check=skip=all\n",  # after an instruction
        "# check=error=true\n# check=skip=all\nFROM a\n",  # a repeated directive ends the directives
        "# check=error=true\nFROM a\n",  # no skip
    ],
)
def test_a_check_directive_out_of_place_or_without_skip_skips_nothing(text: str) -> None:
    assert not any(comment.buildkit for comment in parse_suppressions(text, CommentSyntax.DOCKERFILE).comments)


def _lint_with_test_rule(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Finding], list[Finding]]:
    described = (*registry.selectables(), INFO)
    monkeypatch.setattr(registry, "selectables", lambda: described)
    result = lint_bytes(text.encode(), "Dockerfile", LintOptions(rules=(ShellFormCommandForTest,)))
    return result.findings, result.suppressed


@pytest.mark.parametrize("skip", ["JSONArgsRecommended", "jsonargsrecommended", "all", "StageNameCasing,all"])
def test_check_skip_silences_the_rules_of_those_checks_in_the_whole_file(
    skip: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"# check=skip={skip}\nFROM alpine:3.20{DIGEST}\nCMD run\nFROM alpine:3.20{DIGEST}\nCMD run\n"
    findings, suppressed = _lint_with_test_rule(text, monkeypatch)
    assert findings == []
    assert [f.span.line for f in suppressed] == [3, 5]
    assert suppressed[0].suppression is not None
    assert suppressed[0].suppression.reason == "check=skip directive at Dockerfile:1"


def test_check_skip_of_another_check_silences_nothing_and_is_never_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"# check=skip=StageNameCasing\nFROM a:1{DIGEST}\nCMD run\n"
    findings, suppressed = _lint_with_test_rule(text, monkeypatch)
    assert [(f.span.line, f.rule.code) for f in findings] == [(3, "HC998")]
    assert suppressed == []


def test_a_hullcheck_comment_may_name_a_rule_by_its_hadolint_code_or_buildkit_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        f"FROM a:1{DIGEST}\n# hullcheck: ignore[DL3025] -- shell form needed\nCMD run\n"
        "# hullcheck: ignore[JSONArgsRecommended]\nCMD run\n"
    )
    findings, suppressed = _lint_with_test_rule(text, monkeypatch)
    assert findings == [] and [f.span.line for f in suppressed] == [3, 5]


def test_rules_as_json_list_every_rule_with_its_group_and_foreign_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [entry["code"] for entry in entries] == [info.code for info in catalog()]
    by_code = {entry["code"]: entry for entry in entries}
    assert by_code["HC001"]["group"] == "engine"
    assert by_code["HC401"]["hadolint_codes"] == ["DL3006", "DL3007"]
    assert by_code["HC401"]["group"] == "security" and by_code["HC401"]["enabled_by_default"] is True
    assert by_code["HC403"]["enabled_by_default"] is False
    assert by_code["HC403"]["options"]["trusted-registries"]["kind"] == "string-list"
    for entry in entries:
        assert set(entry) >= {"code", "name", "group", "severity", "hadolint_codes", "buildkit_checks", "options"}
    infos: list[RuleInfo] = [info for info in catalog() if info.group == "best-practice"]
    assert all(by_code[info.code]["enabled_by_default"] is False for info in infos)
