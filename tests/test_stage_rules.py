"""Stage rules on what their fixtures cannot show without other rules' findings: stage names in
any case (BuildKit lower-cases them; uppercase-stage-name reports those too)."""

from __future__ import annotations

from pathlib import Path

from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import all_rules

STAGE_RULES = ("duplicate-stage-name", "reserved-stage-name", "copy-from-own-stage", "unknown-copy-origin")


def _findings(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    path = tmp_path / "Dockerfile"
    path.write_text(text, encoding="utf-8")
    rules = tuple(rule for rule in all_rules() if rule.name in STAGE_RULES)
    result = lint_file(str(path), "Dockerfile", LintOptions(rules=rules))
    return sorted((finding.span.line, finding.rule.name) for finding in result.findings)


def test_stage_names_in_any_case(tmp_path: Path) -> None:
    text = (
        "FROM alpine:3.20 AS build\n"
        "RUN true\n"
        "FROM alpine:3.20 AS Build\n"  # the same name
        "FROM alpine:3.20 AS CONTEXT\n"  # reserved
        "COPY --from=BUILD /a /b\n"  # the first stage named build: fine
        "FROM alpine:3.20 AS Final\n"
        "COPY --from=final /a /b\n"  # its own stage
    )
    assert _findings(tmp_path, text) == [
        (3, "duplicate-stage-name"),
        (4, "reserved-stage-name"),
        (7, "copy-from-own-stage"),
    ]
