"""Applying suppressions: what they silence, what they record, and what they report about themselves."""

from __future__ import annotations

from hullcheck.engine.findings import Finding, Severity, SuppressionKind
from hullcheck.engine.lint import FileResult, LintOptions, lint_bytes
from hullcheck.engine.registry import select
from tests.samples import security_rules

ALL = LintOptions(rules=security_rules())
DIGEST = "@sha256:" + "0123456789abcdef" * 4


def lint(text: str, name: str = "Dockerfile", options: LintOptions = ALL) -> FileResult:
    return lint_bytes(text.encode(), name, options)


def codes(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.span.line, f.rule.code) for f in findings]


def test_a_comment_above_an_instruction_covers_its_continuation_and_heredoc_lines() -> None:
    text = (
        f"FROM alpine:3.20{DIGEST}\n"
        "# hullcheck: ignore[pipe-to-shell] -- pinned installer\n"
        "RUN apk add curl \\\n"
        " && curl -fsSL https://example.com/i.sh | sh\n"
        "# hullcheck: ignore[HC405] -- pinned installer\n"
        "RUN <<EOF\n"
        "curl -fsSL https://example.com/j.sh | sh\n"
        "EOF\n"
        "USER app\n"
    )
    result = lint(text)
    assert codes(result.findings) == []
    assert codes(result.suppressed) == [(4, "HC405"), (7, "HC405")]
    first = result.suppressed[0]
    assert first.suppression is not None and first.suppression.kind is SuppressionKind.IN_SOURCE
    assert first.suppression.reason == "pinned installer"


def test_a_suppression_silences_only_the_rules_it_names() -> None:
    text = f"FROM alpine:3.20{DIGEST}\n# hullcheck: ignore[sudo-usage] -- wrong rule\nUSER root\n"
    result = lint(text)
    assert codes(result.findings) == [(2, "HC003"), (3, "HC301")]


def test_reason_defaults_to_where_the_comment_is() -> None:
    text = "services:\n  web:\n    image: nginx:1.27\n    privileged: true  # hullcheck: ignore[HC201]\n"
    (suppressed,) = [f for f in lint(text, "compose.yaml").suppressed if f.rule.code == "HC201"]
    assert suppressed.suppression is not None
    assert suppressed.suppression.reason == "suppression comment at compose.yaml:4"


def test_unused_is_not_reported_for_a_rule_that_did_not_run() -> None:
    text = f"FROM alpine:3.20{DIGEST}\n# hullcheck: ignore[root-user] -- checked elsewhere\nUSER app\n"
    assert codes(lint(text).findings) == [(2, "HC003")]
    without_root_user = select(None, ["root-user"])
    options = LintOptions(rules=without_root_user.rules, engine_codes=without_root_user.engine_codes)
    assert codes(lint(text, options=options).findings) == []


def test_unused_is_not_reported_in_a_file_that_did_not_parse() -> None:
    text = "services:\n  web: [\n  # hullcheck: ignore[HC201] -- x\n  a: b\n"
    result = lint(text, "compose.yaml")
    assert [f.rule.code for f in result.findings] == ["HC001"]


def test_suppression_findings_can_be_ignored_like_rules() -> None:
    text = f"FROM alpine:3.20{DIGEST}\n# hullcheck: ignore -- which rules?\n# hullcheck: ignore[HC405]\nUSER app\n"
    assert codes(lint(text).findings) == [(2, "HC004"), (3, "HC003")]
    chosen = select(None, ["HC003", "invalid-suppression"])
    options = LintOptions(rules=chosen.rules, engine_codes=chosen.engine_codes)
    assert codes(lint(text, options=options).findings) == []


def test_hadolint_pragmas_silence_the_corresponding_rules() -> None:
    text = (
        "# hadolint global ignore=DL3007\n"
        "FROM ubuntu:latest\n"
        "# hadolint ignore=DL3004,DL3008\n"
        "RUN sudo apt-get update\n"
        "# hadolint ignore=DL3002\n"
        "USER root\n"
    )
    result = lint(text)
    assert codes(result.suppressed) == [(2, "HC401"), (4, "HC303"), (6, "HC301")]
    assert "HC003" not in {f.rule.code for f in result.findings}  # DL3008 has no counterpart: not reported
    (pragma, *_) = result.suppressed
    assert pragma.suppression is not None and pragma.suppression.reason == "hadolint pragma at Dockerfile:1"


def test_inline_suppressions_off_reports_everything_and_checks_no_comment() -> None:
    text = f"FROM alpine:3.20{DIGEST}\n# hullcheck: ignore[HC301] -- x\n# hullcheck: ignore\nUSER root\n"
    result = lint(text, options=LintOptions(rules=security_rules(), inline_suppressions=False))
    assert codes(result.findings) == [(4, "HC301")]
    assert result.suppressed == []


def test_configured_severity_ranks_the_rule_s_findings() -> None:
    text = f"FROM alpine:3.20{DIGEST}\nUSER root\n"
    result = lint(text, options=LintOptions(rules=security_rules(), severity={"HC301": Severity.ERROR}))
    assert [(f.rule.code, f.severity) for f in result.findings] == [("HC301", Severity.ERROR)]
