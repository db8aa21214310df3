"""LABEL in the Dockerfile model, and the build context a Dockerfile is linted in."""

from __future__ import annotations

from pathlib import Path

from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import all_rules
from hullcheck.frontends.dockerfile import DockerfileFrontEnd
from hullcheck.model.dockerfile import Dockerfile, LabelInstruction
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.dockerfile import parse_dockerfile


def labels(text: str) -> list[LabelInstruction]:
    parsed = parse_dockerfile(text, "Dockerfile")
    return [item for item in parsed.model.stages[0].instructions if isinstance(item, LabelInstruction)]


def test_key_value_pairs_dequoted_and_expanded() -> None:
    [label] = labels('FROM alpine\nARG V=1.2.3\nLABEL "com.example.vendor"="ACME Inc" version=$V empty= x=${NOPE}\n')
    assert not label.legacy
    assert [(item.key.value, item.value.value, item.text) for item in label.labels[:3]] == [
        ("com.example.vendor", "ACME Inc", "ACME Inc"),
        ("version", "$V", "1.2.3"),
        ("empty", "", ""),
    ]
    assert isinstance(label.labels[3].text, Unresolved)
    assert label.labels[0].key.span == Span(3, 7, 3, 27)
    assert label.labels[1].value.span == Span(3, 47, 3, 49)


def test_legacy_form_takes_the_rest_of_the_line() -> None:
    [label] = labels('FROM alpine\nLABEL maintainer "Jess <jess@example.com>"  \n')
    assert label.legacy
    [item] = label.labels
    assert (item.key.value, item.value.value, item.text) == ("maintainer", "Jess <jess@example.com>", item.value.value)


def test_continuation_lines() -> None:
    [label] = labels("FROM alpine\nLABEL a=1 \\\n      b=2\n")
    assert [(item.key.value, item.key.span.line) for item in label.labels] == [("a", 2), ("b", 3)]


def test_a_word_without_equals_is_a_problem() -> None:
    parsed = parse_dockerfile("FROM alpine\nLABEL a=1 b\n", "Dockerfile")
    assert [problem.message for problem in parsed.problems] == ["LABEL 'b' has no '=': write LABEL name=value"]


def test_a_dockerfile_alone_is_built_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine\n")
    (tmp_path / ".dockerignore").write_text(".env\n")
    parsed = DockerfileFrontEnd().parse(
        "FROM alpine\n", "app/Dockerfile", str(tmp_path / "Dockerfile"), LintOptions(())
    )
    assert isinstance(parsed.model, Dockerfile) and parsed.model.context is not None
    assert parsed.model.context.directory == "app"
    assert parsed.model.context.ignore_file is not None and parsed.model.context.ignore_file.path == "app/.dockerignore"
    assert str(tmp_path / ".dockerignore") in parsed.inputs
    alone = DockerfileFrontEnd().parse("FROM alpine\n", "Dockerfile", None, LintOptions(()))
    assert isinstance(alone.model, Dockerfile) and alone.model.context is None


def test_the_dockerfiles_own_ignore_file_is_not_a_dockerfile(tmp_path: Path) -> None:
    assert not DockerfileFrontEnd().claims_name("Dockerfile.dockerignore")
    assert not DockerfileFrontEnd().claims_name("app.Dockerfile.dockerignore")
    assert DockerfileFrontEnd().claims_name("Dockerfile.dev")


def test_both_ignore_files_are_inputs_of_the_result(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nCOPY .env /app/\n")
    result = lint_file(str(dockerfile), "Dockerfile", LintOptions(all_rules()))
    assert str(tmp_path / "Dockerfile.dockerignore") in result.inputs
