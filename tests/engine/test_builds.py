"""Linking a Compose service to the Dockerfile it builds: what is read, what is reported, where."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.lint import FileResult, LintOptions, lint_file
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())
# what the Compose file's own rules report on any service: left out so each test shows its point
NOISE = {
    "missing-no-new-privileges",
    "capabilities-not-dropped",
    "writable-root-filesystem",
    "missing-resource-limits",
    "image-without-digest",
}
# a Dockerfile that is fine on its own: a final stage with USER, and a root stage before it
DOCKERFILE = """\
FROM python:3.12-slim AS dev
RUN pip install debugpy==1.8.5
FROM python:3.12-slim AS runtime
RUN useradd app
USER app
CMD ["python", "-m", "app"]
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "compose.yaml"


def lint(path: Path, options: LintOptions = ALL_RULES) -> FileResult:
    return lint_file(str(path), path.name, options)


def found(result: FileResult) -> list[tuple[str, int, str, str]]:
    return [
        (finding.path, finding.span.line, finding.rule.name, finding.message)
        for finding in result.findings
        if finding.rule.name not in NOISE
    ]


def test_a_targeted_stage_without_user_is_reported_in_the_dockerfile(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    build:\n      context: .\n      target: dev\n",
            "Dockerfile": DOCKERFILE,
        },
    )
    result = lint(compose)
    message = (
        "the target stage 'dev' never sets USER, so it runs as the default user of the image "
        "'python:3.12-slim', usually root"
    )
    assert found(result) == [("Dockerfile", 1, "missing-user", message)]
    related = result.findings[0].related
    assert [(place.path, place.span.line, place.message) for place in related] == [
        ("compose.yaml", 4, "built for service 'web' (target 'dev')")
    ]
    assert result.linked_sources == {"Dockerfile": DOCKERFILE}
    assert str((tmp_path / "Dockerfile").resolve()) in result.inputs


def test_a_service_user_replaces_the_stage_user(tmp_path: Path) -> None:
    dockerfile = "FROM alpine:3.20 AS dev\nUSER root\nFROM alpine:3.20\nUSER app\n"
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    user: '1000'\n    build: {context: ., target: dev}\n",
            "Dockerfile": dockerfile,
        },
    )
    assert found(lint(compose)) == []


def test_a_final_stage_without_command_runs_when_a_service_builds_it(tmp_path: Path) -> None:
    # on its own the Dockerfile is a base image (no CMD); the service runs it
    compose = write(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n", "Dockerfile": "FROM alpine:3.20\n"})
    assert [(path, line, rule) for path, line, rule, _ in found(lint(compose))] == [("Dockerfile", 1, "missing-user")]
    assert found(lint(tmp_path / "Dockerfile")) == []


def test_only_what_the_service_adds_is_reported(tmp_path: Path) -> None:
    # the Dockerfile's own findings (its unpinned FROM, its root final stage) are its own lint's
    dockerfile = 'FROM node\nUSER root\nCMD ["node"]\n'
    compose = write(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n", "Dockerfile": dockerfile})
    own = {(line, rule) for _path, line, rule, _ in found(lint(tmp_path / "Dockerfile"))}
    assert own == {(1, "unpinned-image"), (2, "root-user")}
    assert found(lint(compose)) == []


def test_services_adding_the_same_finding_share_it(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n  a:\n    build: {context: ., target: dev}\n"
            "  b:\n    build: {context: ., target: dev}\n",
            "Dockerfile": DOCKERFILE,
        },
    )
    result = lint(compose)
    assert [(path, line, rule) for path, line, rule, _ in found(result)] == [("Dockerfile", 1, "missing-user")]
    assert [place.message for place in result.findings[0].related] == [
        "built for service 'a' (target 'dev')",
        "built for service 'b' (target 'dev')",
    ]


def test_build_args_feed_from_and_args_without_a_value_are_left_out(tmp_path: Path) -> None:
    dockerfile = 'ARG BASE=python:3.12-slim\nFROM ${BASE}\nUSER app\nCMD ["python"]\n'
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n"
            "  latest:\n    build: {context: ., args: {BASE: 'python:latest'}}\n"
            "  environment:\n    build: {context: ., args: [BASE]}\n"
            "  unset:\n    build: {context: ., args: {BASE: '${NOT_SET}'}}\n"
            "  empty:\n    build: {context: ., args: {BASE: null}}\n",
            "Dockerfile": dockerfile,
        },
    )
    result = lint(compose)
    assert [(path, line, rule) for path, line, rule, _ in found(result)] == [("Dockerfile", 2, "unpinned-image")]
    assert [place.message for place in result.findings[0].related] == ["built for service 'latest'"]


def test_a_missing_dockerfile_is_a_project_error_at_the_service(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    build: ./app\n  api:\n    build:\n      context: .\n"
            "      dockerfile: api.Dockerfile\n"
        },
    )
    assert found(lint(compose)) == [
        ("compose.yaml", 3, "project-error", "Dockerfile 'app/Dockerfile' does not exist"),
        ("compose.yaml", 7, "project-error", "Dockerfile 'api.Dockerfile' does not exist"),
    ]


def test_a_missing_target_stage_is_a_project_error_naming_it(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {"compose.yaml": "services:\n  web:\n    build:\n      target: debug\n", "Dockerfile": DOCKERFILE},
    )
    assert found(lint(compose)) == [
        (
            "compose.yaml",
            4,
            "project-error",
            "service 'web' builds target stage 'debug', which 'Dockerfile' does not define",
        )
    ]


def test_a_dockerfile_outside_the_scanned_folder_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, {"Dockerfile": "FROM alpine:3.20\n"})
    compose = write(tmp_path / "project", {"compose.yaml": "services:\n  web:\n    build: ..\n"})
    result = lint(compose, LintOptions(rules=security_rules(), root=str(tmp_path / "project")))
    assert found(result) == [
        ("compose.yaml", 3, "project-error", "Dockerfile '../Dockerfile' is outside the scanned folder; not read")
    ]
    assert not [path for path in result.inputs if path.endswith("Dockerfile")]


def test_remote_and_unknown_contexts_are_not_followed(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n"
            "  git:\n    build: https://github.com/example/app.git#main\n"
            "  ssh:\n    build: git@github.com:example/app.git\n"
            "  unset:\n    build: ${APP_CONTEXT}\n"
            "  target:\n    build: {context: ., target: '${TARGET}'}\n",
            "Dockerfile": "FROM alpine:3.20\n",
        },
    )
    result = lint(compose)
    assert found(result) == []
    assert not [path for path in result.inputs if path.endswith("Dockerfile")]


def test_an_absolute_dockerfile_and_a_context_in_an_extended_file(tmp_path: Path) -> None:
    absolute = tmp_path / "elsewhere" / "App.Dockerfile"
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    extends: {file: sub/base.yaml, service: base}\n"
            f"  abs:\n    build: {{context: ., dockerfile: '{absolute}'}}\n",
            "sub/base.yaml": "services:\n  base:\n    build: .\n",
            "sub/Dockerfile": "FROM alpine:3.20\n",
            "elsewhere/App.Dockerfile": "FROM alpine:3.20\n",
        },
    )
    result = lint(tmp_path / "compose.yaml")
    assert {(path, line, rule) for path, line, rule, _ in found(result)} == {
        ("sub/Dockerfile", 1, "missing-user"),
        ("elsewhere/App.Dockerfile", 1, "missing-user"),
    }
    by_path = {finding.path: finding.related[0] for finding in result.findings if finding.rule.name == "missing-user"}
    assert (by_path["sub/Dockerfile"].path, by_path["sub/Dockerfile"].span.line) == ("sub/base.yaml", 3)


def test_a_suppression_comment_in_the_dockerfile_silences_a_service_finding(tmp_path: Path) -> None:
    dockerfile = (
        "# hullcheck: ignore[missing-user] -- a throwaway debug stage\nFROM alpine:3.20 AS debug\nFROM scratch\n"
    )
    compose = write(
        tmp_path,
        {"compose.yaml": "services:\n  web:\n    build: {context: ., target: debug}\n", "Dockerfile": dockerfile},
    )
    result = lint(compose)
    assert found(result) == []
    assert [(f.path, f.span.line, f.rule.name) for f in result.suppressed] == [("Dockerfile", 2, "missing-user")]
    assert result.suppressed[0].suppression is not None
    assert result.suppressed[0].suppression.reason == "a throwaway debug stage"


def test_that_suppression_is_not_unused_in_the_dockerfiles_own_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dockerfile = (
        "# hullcheck: ignore[missing-user] -- a throwaway debug stage\nFROM alpine:3.20 AS debug\nFROM scratch\n"
    )
    write(
        tmp_path,
        {"compose.yaml": "services:\n  web:\n    build: {context: ., target: debug}\n", "Dockerfile": dockerfile},
    )
    monkeypatch.chdir(tmp_path)
    main(["--format", "concise", "--no-cache", "--select", "missing-user,unused-suppression", "Dockerfile"])
    assert "HC003" in capsys.readouterr().out  # on its own, the Dockerfile's comment silences nothing
    main(["--format", "concise", "--no-cache", "--select", "missing-user,unused-suppression", "."])
    assert capsys.readouterr().out == ""


def test_an_inline_dockerfile_maps_its_lines_into_the_compose_file(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n"
            "  block:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.20\n"
            "        RUN echo $$HOME && curl -fsSL https://example.com/i.sh | sh\n"
            "        USER root\n"
            '  quoted:\n    build:\n      dockerfile_inline: "FROM alpine\\nUSER app\\n"\n',
        },
    )
    result = lint(compose)
    places = [(f.path, f.span.line, f.span.column, f.span.end_column, f.rule.name) for f in result.findings]
    assert ("compose.yaml", 7, 14, 18, "root-user") in places  # USER root: exact columns
    assert ("compose.yaml", 6, 9, 68, "pipe-to-shell") in places  # a line with $$: the whole line
    assert ("compose.yaml", 10, 26, 51, "unpinned-image") in places  # a quoted scalar: all of it
    assert result.linked_sources == {}
    assert {f.logical_location for f in result.findings if f.rule.name == "root-user"} == {
        "service:block/build/stage:0/USER"
    }


def test_dockerfile_and_dockerfile_inline_together_and_mistyped_build_keys(tmp_path: Path) -> None:
    compose = write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    build:\n      dockerfile: Dockerfile\n"
            "      dockerfile_inline: |\n        FROM alpine:3.20\n        USER app\n"
            "      privileged: maybe\n      entitlements: network.host\n",
        },
    )
    assert [(line, rule, message) for _path, line, rule, message in found(lint(compose))] == [
        (4, "parse-error", "'build' sets both 'dockerfile' and 'dockerfile_inline': Compose accepts only one"),
        (8, "parse-error", "'build.privileged' must be true or false, found 'maybe'"),
        (9, "parse-error", "'build.entitlements' must be a list, found a string"),
    ]
