"""The variables a Dockerfile's instructions name where Docker expands them, and FROM's base as
the ARG defaults alone make it (BuildKit's UndefinedVar, UndefinedArgInFrom and
InvalidDefaultArgInFrom read these)."""

from __future__ import annotations

import pytest

from hullcheck.model.build_variables import image_environment, platform_names, suggestion
from hullcheck.model.dockerfile import FromInstruction
from hullcheck.model.image import ImageReference
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.dockerfile_references import referenced_names


@pytest.mark.parametrize(
    ("word", "names"),
    [
        ("plain", []),
        ("$A", ["A"]),
        ("${A}/x-$B", ["A", "B"]),
        ("${A:-$B}", ["A", "B"]),
        ("'$A'", []),  # single quotes: not expanded
        ('"$A"', ["A"]),
        ("\\$A", []),  # escaped
        ("$$", []),
    ],
)
def test_referenced_names(word: str, names: list[str]) -> None:
    assert referenced_names(word, "\\") == names


def _references(text: str) -> list[tuple[str, str, int, int]]:
    model = parse_dockerfile(text, "Dockerfile").model
    instructions = [
        instruction for stage in model.stages for instruction in (stage.from_instruction, *stage.instructions)
    ]
    return [
        (instruction.keyword.value, reference.value, reference.span.line, reference.span.column)
        for instruction in instructions
        for reference in instruction.references
    ]


def test_references_are_located_at_each_variable() -> None:
    text = (
        "FROM --platform=$BUILDPLATFORM alpine:${TAG} AS a\n"
        "COPY --chown=$U:$G src-${V} /dst/\n"
        "ENV A=1 B=$A\n"
        "ARG X=$Y Z\n"
        "RUN --mount=type=cache,target=$CACHE echo $NOT_DOCKERS\n"
        "LABEL version=$VERSION\n"
        "CMD echo $SHELLS\n"
    )
    assert _references(text) == [
        ("FROM", "BUILDPLATFORM", 1, 17),
        ("FROM", "TAG", 1, 39),
        ("COPY", "U", 2, 14),
        ("COPY", "G", 2, 17),
        ("COPY", "V", 2, 24),
        ("ENV", "A", 3, 11),
        ("ARG", "Y", 4, 7),
        ("RUN", "CACHE", 5, 31),
        ("LABEL", "VERSION", 6, 15),
    ]


def test_a_word_over_several_lines_is_located_as_a_whole() -> None:
    text = "FROM alpine:3.20\nCOPY a-$V\\\n-b /dst/\n"
    [(keyword, name, line, column)] = _references(text)
    assert (keyword, name, line, column) == ("COPY", "V", 2, 6)


@pytest.mark.parametrize(
    ("text", "default"),
    [
        ("ARG TAG\nFROM busybox:${TAG}\n", "busybox:"),
        ("ARG VARIANT\nFROM busybox:stable${VARIANT}\n", "busybox:stable"),
        ("ARG TAG\nFROM alpine:${TAG:-3.14}\n", "alpine:3.14"),
        ("ARG V=3\nARG IMAGE=alpine:3.$V\nFROM $IMAGE\n", "alpine:3.3"),
        ("FROM build_${TARGETARCH}\n", "build_amd64"),
        ("FROM $UNDECLARED\n", ""),
    ],
)
def test_default_base(text: str, default: str) -> None:
    stage = parse_dockerfile(text, "Dockerfile", build_args={"TAG": "1.0"}).model.stages[-1]
    assert isinstance(stage.from_instruction, FromInstruction)
    assert stage.from_instruction.default_base == default  # build args are left out


@pytest.mark.parametrize(
    ("platform", "names"),
    [
        ("linux/amd64", ("linux", "amd64")),
        ("linux/arm64/v8", ("linux", "arm64")),
        ("windows/amd64", ("windows", "amd64")),
        ("arm64", ("linux", "arm64")),
        ("linux", ("linux", "amd64")),
        ("linux/x86_64", ("linux", "amd64")),
        ("linux//", None),
    ],
)
def test_platform_names(platform: str, names: tuple[str, str] | None) -> None:
    assert platform_names(platform) == names


def test_image_environment() -> None:
    python = image_environment(ImageReference.parse("python:3.12-slim"))
    assert python is not None and {"PATH", "PYTHON_VERSION"} <= python
    assert image_environment(ImageReference.parse("docker.io/library/node:22")) == {
        "PATH",
        "NODE_VERSION",
        "YARN_VERSION",
    }
    assert image_environment(ImageReference.parse("scratch")) == {"PATH"}
    assert image_environment(ImageReference.parse("ghcr.io/example/python:3.12")) is None
    assert image_environment(ImageReference.parse("example/tool:1.0")) is None


def test_suggestion() -> None:
    assert suggestion("PAHT", ["PATH", "HOME"]) == "PATH"
    assert suggestion("VERSION", ["PATH"]) is None
