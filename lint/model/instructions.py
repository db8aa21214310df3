"""Predicates over Dockerfile instructions that several rules share."""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.model.dockerfile import Dockerfile, Instruction, Stage


def repeated(stage: Stage, keyword: str) -> Iterator[tuple[Instruction, Instruction]]:
    """Each instruction of ``keyword`` in the stage after the first, with the one before it,
    which it overrides: an image keeps one CMD, ENTRYPOINT and HEALTHCHECK (those of the
    stage it is built from are not counted, as hadolint and BuildKit count per stage)."""
    previous: Instruction | None = None
    for instruction in stage.instructions:
        if instruction.keyword.value != keyword:
            continue
        if previous is not None:
            yield previous, instruction
        previous = instruction


def every_instruction(dockerfile: Dockerfile) -> Iterator[Instruction]:
    """The file's instructions in order: the ARGs before the first FROM, then each stage's FROM
    and its instructions (ONBUILD's triggers are inside their ONBUILD)."""
    yield from dockerfile.global_args
    for stage in dockerfile.stages:
        yield stage.from_instruction
        yield from stage.instructions


def consistently_cased(word: str) -> bool:
    """All lower case or all upper case, as BuildKit's casing checks want keywords."""
    return word in (word.lower(), word.upper())


def is_absolute_path(path: str) -> bool:
    """A WORKDIR path that does not depend on the working directory before it: ``/app``,
    ``C:\\app``, or one starting with a variable, which may hold such a path (as hadolint reads it)."""
    unquoted = path.strip("\"'")
    return unquoted.startswith(("/", "\\", "$")) or (
        len(unquoted) >= 2 and unquoted[0].isalpha() and unquoted[1] == ":"
    )


def overrides(overridden: Instruction) -> str:
    """What a repeated instruction does to the one before it, for a finding's message."""
    keyword = overridden.keyword.value
    return f"a second {keyword} in the stage: the {keyword} on line {overridden.span.line} is ignored"
