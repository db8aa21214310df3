"""The instructions' own fields: keyword casing, FROM's AS, blank continuation lines, WORKDIR,
HEALTHCHECK, MAINTAINER, ONBUILD's trigger and ENV's legacy form."""

from __future__ import annotations

from hullcheck.model.dockerfile import (
    CommandInstruction,
    CopyInstruction,
    EnvInstruction,
    HealthcheckInstruction,
    Instruction,
    MaintainerInstruction,
    OnbuildInstruction,
    RunInstruction,
    ShellInstruction,
    WorkdirInstruction,
)
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.dockerfile import parse_dockerfile


def test_keywords_and_stage_names_as_written() -> None:
    parsed = parse_dockerfile("from alpine:3.20 As Build\nRun true\n", "Dockerfile")
    stage = parsed.model.stages[0]
    instruction = stage.from_instruction
    assert instruction.written_keyword == "from" and instruction.keyword.value == "FROM"
    assert instruction.as_keyword == Located("As", Span(1, 18, 1, 20))
    assert instruction.written_alias == Located("Build", Span(1, 21, 1, 26))
    assert instruction.alias is not None and instruction.alias.value == "build"
    assert stage.instructions[0].written_keyword == "Run"


def test_blank_lines_inside_a_continuation() -> None:
    text = "FROM alpine:3.20\nRUN apk add \\\n\n    curl \\\n    # a comment is not blank\n  \n    git\nRUN true\n\n"
    run, last = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
    assert [span.line for span in run.empty_lines] == [3, 6]
    assert run.arguments.value.split() == ["apk", "add", "curl", "git"]
    assert last.empty_lines == []


def test_workdir_path_is_substituted() -> None:
    text = 'FROM alpine:3.20\nARG APP=/srv/app\nWORKDIR $APP/src\nWORKDIR "my dir"\nWORKDIR $UNSET/x\n'
    _, substituted, quoted, unknown = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
    assert isinstance(substituted, WorkdirInstruction) and substituted.path == Located(
        "/srv/app/src", Span(3, 9, 3, 17)
    )
    assert isinstance(quoted, WorkdirInstruction) and quoted.path is not None and quoted.path.value == "my dir"
    assert isinstance(unknown, WorkdirInstruction) and unknown.path is not None
    assert isinstance(unknown.path.value, Unresolved)


def test_healthcheck_forms() -> None:
    text = (
        "FROM alpine:3.20\n"
        "HEALTHCHECK --interval=5s CMD wget -q -O- http://localhost/ || exit 1\n"
        'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n'
        "healthcheck none\n"
        "HEALTHCHECK PING x\n"
    )
    parsed = parse_dockerfile(text, "Dockerfile")
    shell, exec_form, none, unknown = parsed.model.stages[0].instructions
    assert isinstance(shell, HealthcheckInstruction) and shell.test is not None and shell.test.value == "CMD"
    assert not shell.exec_form and not shell.disables and shell.flag("interval") is not None
    assert [command.name for command in shell.script.commands] == ["wget", "exit"]
    assert isinstance(exec_form, HealthcheckInstruction) and exec_form.exec_form
    assert isinstance(none, HealthcheckInstruction) and none.disables
    assert isinstance(unknown, HealthcheckInstruction) and not unknown.disables
    assert [(p.span.line, p.message) for p in parsed.problems] == [(5, "HEALTHCHECK takes CMD or NONE, not 'PING'")]


def test_maintainer_and_legacy_env() -> None:
    text = "FROM alpine:3.20\nMAINTAINER Jo <jo@example.com>\nENV A b c\nENV B=1 C=2\n"
    maintainer, legacy, modern = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
    assert isinstance(maintainer, MaintainerInstruction) and maintainer.maintainer is not None
    assert maintainer.maintainer.value == "Jo <jo@example.com>"
    assert isinstance(legacy, EnvInstruction) and legacy.legacy
    assert isinstance(modern, EnvInstruction) and not modern.legacy


def test_onbuild_trigger_is_typed_and_joins_no_stage() -> None:
    text = (
        "FROM alpine:3.20\n"
        "ONBUILD COPY . /app\n"
        "ONBUILD RUN <<EOF\nFROM not-an-instruction\nEOF\n"
        "ONBUILD ENV A=1\n"
        "ONBUILD FROM x\n"
        "ONBUILD\n"
        "RUN echo $A\n"
    )
    parsed = parse_dockerfile(text, "Dockerfile")
    assert len(parsed.model.stages) == 1
    copy, run, env, from_, empty, last = parsed.model.stages[0].instructions
    assert isinstance(copy, OnbuildInstruction) and isinstance(copy.trigger, CopyInstruction)
    assert copy.trigger.span == Span(2, 9, 2, 20) and copy.trigger.destination is not None
    assert isinstance(run, OnbuildInstruction) and isinstance(run.trigger, RunInstruction)
    assert [command.name for command in run.trigger.script.commands] == ["FROM"]
    assert isinstance(env, OnbuildInstruction) and type(env.trigger) is Instruction  # no effect on this build
    assert isinstance(from_, OnbuildInstruction) and from_.trigger is not None and from_.trigger.keyword.value == "FROM"
    assert isinstance(empty, OnbuildInstruction) and empty.trigger is None
    assert isinstance(last, RunInstruction) and last.variables.get("A") is None


def test_exec_form_words_are_located_at_their_json_strings() -> None:
    text = (
        "FROM alpine:3.20\n"
        'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]\n'
        'CMD ["serve", \\\n    "--port=8080"]\n'
        'COPY ["my file", "/srv/"]\n'
    )
    shell, cmd, copy = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
    assert isinstance(shell, ShellInstruction) and shell.words is not None
    assert [(word.value, word.span) for word in shell.words][:2] == [
        ("/bin/ash", Span(2, 8, 2, 18)),
        ("-eo", Span(2, 20, 2, 25)),
    ]
    assert isinstance(cmd, CommandInstruction)
    assert [(word.value, word.span) for word in cmd.script.commands[0].words] == [
        ("serve", Span(3, 6, 3, 13)),
        ("--port=8080", Span(4, 5, 4, 18)),
    ]
    assert isinstance(copy, CopyInstruction) and copy.destination is not None
    assert copy.sources == [Located("my file", Span(5, 7, 5, 16))] and copy.destination.span == Span(5, 18, 5, 25)


def test_comments_right_above_an_instruction() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "# builder compiles\n"
        "FROM alpine:3.20 AS builder\n"
        "# cut off by a blank line\n"
        "\n"
        "# VERSION pins the release\n"
        "  # and more\n"
        "ARG VERSION=1\n"
        "# cut off by a bare #\n"
        "#\n"
        "RUN true\n"
    )
    stage = parse_dockerfile(text, "Dockerfile").model.stages[0]
    assert stage.from_instruction.comments == [Located("builder compiles", Span(2, 1, 2, 19))]
    arg, run = stage.instructions
    assert [comment.value for comment in arg.comments] == ["VERSION pins the release", "and more"]
    assert arg.comments[1].span == Span(7, 3, 7, 13)
    assert run.comments == []


def test_comments_above_from_are_not_the_next_instructions() -> None:
    # they describe the stage: an ARG right after FROM has no comment above it
    text = "# builder compiles\nFROM alpine:3.20 AS builder\nARG VERSION=1\n"
    stage = parse_dockerfile(text, "Dockerfile").model.stages[0]
    assert [comment.value for comment in stage.from_instruction.comments] == ["builder compiles"]
    assert stage.instructions[0].comments == []
