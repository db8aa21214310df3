"""The variables in force at each instruction, built once by the Dockerfile parser, and the typed
references of FROM, COPY --from and RUN --mount=from=."""

from __future__ import annotations

from hullcheck.model.dockerfile import CopyInstruction, RunInstruction, Variable, VariableSource
from hullcheck.model.image import ImageReference, StageReference
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.dockerfile import parse_dockerfile

DOCKERFILE = """\
ARG BASE=alpine:3.20
ARG VERSION=1.0
FROM $BASE AS build
ARG VERSION
ARG MODE=debug
ENV PATH_A=/a
ENV PATH_A=/b COPY_OF_A=$PATH_A
ARG MODE=release
RUN echo $VERSION
FROM build AS final
ENV MODE=final
ARG MODE=arg
CMD ["app"]
"""


def shown(found: Variable | None) -> tuple[object, ...] | None:
    if found is None:
        return None
    value = None if found.value is None else found.value.value
    return (found.name.value, value, found.value.span if found.value else None, found.source, found.stage)


def test_each_instruction_sees_the_variables_set_before_it() -> None:
    model = parse_dockerfile(DOCKERFILE, "Dockerfile").model
    build, final = model.stages
    assert shown(build.from_instruction.variables.get("BASE")) == (
        "BASE",
        "alpine:3.20",
        Span(1, 10, 1, 21),
        VariableSource.DEFAULT,
        None,
    )
    arg_version, arg_mode, _env_a, env_both, arg_mode_again, run = build.instructions
    assert arg_version.variables.get("VERSION") is None  # a global ARG is not in a stage until declared
    # ``ARG VERSION`` takes the global ARG's value, at the global ARG's text
    assert shown(arg_mode.variables.get("VERSION")) == (
        "VERSION",
        "1.0",
        Span(2, 13, 2, 16),
        VariableSource.GLOBAL_ARG,
        0,
    )
    # ENV expands with the values from before the instruction, as Docker does
    assert env_both.variables.value("PATH_A") == "/a"
    assert run.variables.value("COPY_OF_A") == "/a" and run.variables.value("PATH_A") == "/b"
    # a second ARG of a name already set leaves it
    assert run.variables.value("MODE") == "debug"
    assert arg_mode_again.variables.value("MODE") == "debug"
    # the stage built from ``build`` inherits its variables; ENV always wins over a later ARG
    env_mode, arg_mode_final, _cmd = final.instructions
    assert arg_mode_final.variables.value("MODE") == "final"
    assert shown(env_mode.variables.get("PATH_A")) == ("PATH_A", "/b", Span(7, 12, 7, 14), VariableSource.ENV, 0)
    assert final.variables.value("MODE") == "final"
    assert [found.source for found in final.variables.history("MODE")] == [VariableSource.DEFAULT, VariableSource.ENV]


def test_build_args_override_defaults_and_fill_declarations() -> None:
    model = parse_dockerfile(DOCKERFILE, "Dockerfile", {"VERSION": "2.0", "MODE": "", "BASE": "debian:12"}).model
    build, _final = model.stages
    assert model.stages[0].from_instruction.base == Located(ImageReference.parse("debian:12"), Span(3, 6, 3, 11))
    assert shown(build.variables.get("VERSION")) == ("VERSION", "2.0", Span(4, 5, 4, 12), VariableSource.BUILD_ARG, 0)
    assert shown(build.variables.get("MODE")) == ("MODE", "", Span(5, 5, 5, 9), VariableSource.BUILD_ARG, 0)


def test_the_values_of_args_in_one_instruction_follow_one_another() -> None:
    (stage,) = parse_dockerfile("FROM alpine:3.20\nARG A=1 B=${A}2\nRUN true\n", "Dockerfile").model.stages
    assert stage.variables.value("B") == "12"


def test_an_unknown_value_is_unresolved_not_empty() -> None:
    (stage,) = parse_dockerfile("FROM alpine:3.20\nARG A\nENV B=$A C=${NOPE}\n", "Dockerfile").model.stages
    assert stage.variables.get("A") is not None and stage.variables.value("A") is None
    assert isinstance(stage.variables.value("C"), Unresolved)


def test_lineage_image_entrypoint_and_cmd_through_stages() -> None:
    text = (
        'FROM docker:27.3-dind AS base\nENTRYPOINT ["dockerd-entrypoint.sh"]\n'
        'FROM base AS mid\nFROM mid\nCMD ["--tls=false"]\n'
    )
    base, mid, last = parse_dockerfile(text, "Dockerfile").model.stages
    assert list(last.lineage) == [last, mid, base]
    assert last.image is not None and last.image.value == ImageReference.parse("docker:27.3-dind")
    assert last.entrypoint is base.instructions[0] and last.cmd is last.instructions[0]
    assert last.effective_command is base.instructions[0]
    assert mid.cmd is None and mid.parent is base


FROM_REFERENCES = """\
ARG TOOLS=busybox:1.36
FROM golang:1.23 AS builder
FROM alpine:3.20
ARG TOOLS
COPY --from=builder /out /app
COPY --from=0 /out /app
COPY --from=BUILDER /out /app
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
COPY --from=${TOOLS} /bin/busybox /bin/
COPY --from=$NOPE /x /x
COPY --from=7 /x /x
RUN --mount=type=bind,from=builder,source=/out,target=/mnt --mount=type=cache,target=/root/.cache true
"""


def test_copy_from_and_mount_from_name_a_stage_or_an_image() -> None:
    _builder, stage = parse_dockerfile(FROM_REFERENCES, "Dockerfile").model.stages
    copies = [instruction for instruction in stage.instructions if isinstance(instruction, CopyInstruction)]
    origins = [copy.origin.value if copy.origin else None for copy in copies]
    builder = StageReference("builder", 0)
    assert origins[:5] == [
        builder,
        builder,
        builder,  # stage names are case-insensitive
        ImageReference.parse("nginx:1.27"),
        ImageReference.parse("busybox:1.36"),  # expanded with the stage's variables
    ]
    assert isinstance(origins[5], Unresolved) and isinstance(origins[6], Unresolved)
    assert copies[0].origin is not None and copies[0].origin.span == Span(5, 13, 5, 20)
    (run,) = [instruction for instruction in stage.instructions if isinstance(instruction, RunInstruction)]
    assert [mount.origin.value if mount.origin else None for mount in run.mounts] == [builder, None]


def test_heredoc_sources_are_not_files() -> None:
    text = "FROM alpine:3.20\nCOPY <<EOF <<'ALSO' app.conf /etc/\nx\nEOF\ny\nALSO\n"
    (stage,) = parse_dockerfile(text, "Dockerfile").model.stages
    (copy,) = stage.instructions
    assert isinstance(copy, CopyInstruction)
    assert [source.value for source in copy.heredoc_sources] == ["<<EOF", "<<ALSO"]
    assert [source.value for source in copy.sources] == ["app.conf"]
    assert copy.destination is not None and copy.destination.value == "/etc/"
