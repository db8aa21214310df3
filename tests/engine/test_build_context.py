"""The build context a Compose service builds a Dockerfile in: its .dockerignore applies."""

from __future__ import annotations

from pathlib import Path

from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import all_rules

RULES = tuple(rule for rule in all_rules() if rule.name in ("copy-ignored-file", "whole-context-copy"))


def project(tmp_path: Path) -> Path:
    (tmp_path / "ctx").mkdir()
    (tmp_path / "docker").mkdir()
    (tmp_path / "ctx" / ".dockerignore").write_text("secret.txt\n")
    (tmp_path / "docker" / "Dockerfile").write_text("FROM alpine:3.20\nCOPY secret.txt /\nCOPY . /app/\n")
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  app:\n    build:\n      context: ./ctx\n      dockerfile: ../docker/Dockerfile\n")
    return compose


def test_a_service_builds_in_its_context(tmp_path: Path) -> None:
    compose = project(tmp_path)
    result = lint_file(str(compose), "compose.yaml", LintOptions(RULES))
    found = [(finding.path, finding.span.line, finding.rule.name) for finding in result.findings]
    # the service's context excludes secret.txt; it curates '.' with its .dockerignore
    assert found == [("docker/Dockerfile", 2, "copy-ignored-file")]
    [finding] = result.findings
    assert [place.message for place in finding.related] == [
        "the pattern that excludes 'secret.txt'",
        "built for service 'app'",
    ]
    assert finding.related[0].path == "ctx/.dockerignore"
    assert str(tmp_path / "ctx" / ".dockerignore") in result.inputs


def test_alone_the_dockerfile_is_built_in_its_folder(tmp_path: Path) -> None:
    project(tmp_path)
    result = lint_file(str(tmp_path / "docker" / "Dockerfile"), "docker/Dockerfile", LintOptions(RULES))
    # its folder has no .dockerignore: nothing is excluded, and '.' is the whole folder
    assert [(finding.span.line, finding.rule.name) for finding in result.findings] == [(3, "whole-context-copy")]
