from __future__ import annotations

from hullcheck.model.dockerfile import (
    CommandInstruction,
    FromInstruction,
    RunInstruction,
    ShellInstruction,
    StageReference,
    UserInstruction,
)
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.dockerfile import parse_dockerfile


def test_directives_and_backtick_escape() -> None:
    text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20\nRUN echo a `\n    b\n# escape=\\\n"
    parsed = parse_dockerfile(text, "Dockerfile")
    assert [(d.name.value, d.value.value) for d in parsed.model.directives] == [
        ("syntax", "docker/dockerfile:1"),
        ("escape", "`"),
    ]
    run = parsed.model.stages[0].instructions[0]
    assert run.span == Span(4, 1, 5, 6)
    assert run.arguments.value == "echo a     b"


def test_directives_stop_at_the_first_other_line() -> None:
    parsed = parse_dockerfile("# comment\n# escape=`\nFROM alpine:3.20\n", "Dockerfile")
    assert parsed.model.directives == [] and parsed.model.escape == "\\"


def test_continuations_skip_comments_and_blank_lines_and_keep_columns() -> None:
    text = "from --platform=linux/amd64 \\\n  # a comment\n\n  ubuntu:22.04 As Build\n"
    parsed = parse_dockerfile(text, "Dockerfile")
    instruction = parsed.model.stages[0].from_instruction
    assert instruction.keyword.value == "FROM" and instruction.keyword.span == Span(1, 1, 1, 5)
    assert instruction.base is not None and instruction.base.span == Span(4, 3, 4, 15)
    assert instruction.alias is not None and instruction.alias.value == "build"
    assert instruction.platform is not None and instruction.platform.value == "linux/amd64"
    assert instruction.span == Span(1, 1, 4, 24)


def test_crlf_and_bom_free_text() -> None:
    parsed = parse_dockerfile("FROM alpine:3.20\r\nUSER root\r\n", "Dockerfile")
    user = parsed.model.stages[0].effective_user
    assert user is not None and user.user is not None
    assert user.user.value == "root" and user.user.span == Span(2, 6, 2, 10)


def test_heredoc_bodies_are_not_instructions() -> None:
    text = (
        "FROM alpine:3.20\n"
        "RUN <<EOF\nFROM evil\nUSER root\nEOF\n"
        "COPY <<-'A' /a <<\"B\" /b\n\tUSER x\n\tA\nUSER y\nB\n"
        "USER app\n"
    )
    parsed = parse_dockerfile(text, "Dockerfile")
    assert parsed.problems == []
    assert len(parsed.model.stages) == 1
    stage = parsed.model.stages[0]
    assert [i.keyword.value for i in stage.instructions] == ["RUN", "COPY", "USER"]
    run, copy, _ = stage.instructions
    assert [(h.delimiter, h.body, h.span) for h in run.heredocs] == [("EOF", "FROM evil\nUSER root", Span(3, 1, 5, 4))]
    assert [(h.delimiter, h.strip_tabs, h.quoted, h.body) for h in copy.heredocs] == [
        ("A", True, True, "USER x"),
        ("B", False, True, "USER y"),
    ]
    assert stage.effective_user is not None and stage.effective_user.span.line == 11


def test_unterminated_heredoc_is_a_problem() -> None:
    parsed = parse_dockerfile("FROM alpine:3.20\nRUN <<EOF\necho hi\n", "Dockerfile")
    assert [(p.span.line, p.message.split(":")[0]) for p in parsed.problems] == [(2, "heredoc <<EOF is not terminated")]


def test_arithmetic_shift_is_not_a_heredoc() -> None:
    parsed = parse_dockerfile("FROM alpine:3.20\nRUN echo $((1<<2))\nUSER app\n", "Dockerfile")
    assert parsed.problems == [] and len(parsed.model.stages[0].instructions) == 2


def test_global_args_resolve_in_from_and_build_args_override() -> None:
    text = "ARG REGISTRY=ghcr.io\nARG TAG\nFROM ${REGISTRY}/org/app:${TAG:-1.0}\nFROM base:$TAG\n"
    parsed = parse_dockerfile(text, "Dockerfile")
    first, second = (stage.from_instruction.base for stage in parsed.model.stages)
    assert first is not None and isinstance(first.value, ImageReference)
    assert first.value.text == "ghcr.io/org/app:1.0" and first.span == Span(3, 6, 3, 37)
    assert second is not None and isinstance(second.value, Unresolved)
    overridden = parse_dockerfile(text, "Dockerfile", build_args={"TAG": "2.0"})
    base = overridden.model.stages[1].from_instruction.base
    assert base is not None and isinstance(base.value, ImageReference) and base.value.tag == "2.0"


def test_stage_references_and_inherited_user() -> None:
    text = "FROM alpine:3.20 AS Base\nUSER 0\nFROM base\nRUN true\nFROM base AS other\nUSER app\n"
    parsed = parse_dockerfile(text, "Dockerfile")
    stages = parsed.model.stages
    assert isinstance(stages[1].from_instruction.base.value, StageReference)  # type: ignore[union-attr]
    inherited = stages[1].effective_user
    assert isinstance(inherited, UserInstruction) and inherited.span.line == 2
    assert stages[2].effective_user is not None and stages[2].effective_user.span.line == 6


def test_user_expands_stage_args_and_env() -> None:
    text = "ARG U=root\nFROM alpine:3.20\nARG U\nENV G=wheel\nUSER ${U}:$G\n"
    user = parse_dockerfile(text, "Dockerfile").model.stages[0].effective_user
    assert user is not None and user.user is not None and user.user.value == "root:wheel"


def test_run_flags() -> None:
    text = (
        "FROM alpine:3.20\n"
        "RUN --mount=type=bind,source=/var/run/docker.sock,target=/s,rw --network=host --security=insecure true\n"
        "RUN --mount=type=cache,target=/root/.cache true\n"
    )
    stage = parse_dockerfile(text, "Dockerfile").model.stages[0]
    bind, cache = stage.instructions
    assert isinstance(bind, RunInstruction) and isinstance(cache, RunInstruction)
    mount = bind.mounts[0]
    assert (mount.type, mount.read_only) == ("bind", False)
    assert mount.source is not None and mount.source.value == "/var/run/docker.sock"
    assert mount.source.span == Span(2, 30, 2, 50)
    assert bind.network is not None and bind.network.value == "host"
    assert bind.security is not None and bind.security.value == "insecure"
    assert cache.mounts[0].type == "cache" and cache.mounts[0].source is None


def test_invalid_from_and_instruction_before_from() -> None:
    parsed = parse_dockerfile("RUN true\nFROM Ubuntu\n", "Dockerfile")
    assert [p.span.line for p in parsed.problems] == [1, 2]
    assert "only ARG may come before FROM" in parsed.problems[0].message
    instruction = parsed.model.stages[0].from_instruction
    assert isinstance(instruction, FromInstruction) and isinstance(instruction.base.value, Unresolved)  # type: ignore[union-attr]
    assert instruction.written == Located("Ubuntu", Span(2, 6, 2, 12))


def test_shell_in_force_and_exec_form() -> None:
    text = (
        "FROM alpine:3.20 AS base\n"
        "RUN echo default\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN echo bash\n"
        'RUN ["echo", "exec"]\n'
        "CMD echo shell form\n"
        "FROM base AS child\n"
        "ENTRYPOINT run.sh\n"
        "FROM alpine:3.20\n"
        'CMD ["run"]\n'
    )
    parsed = parse_dockerfile(text, "Dockerfile")
    assert parsed.problems == []
    base, child, other = parsed.model.stages
    default_run, shell, bash_run, exec_run, cmd = base.instructions
    assert isinstance(shell, ShellInstruction) and shell.executable == "/bin/bash"
    assert [word.value for word in shell.words or []] == ["/bin/bash", "-o", "pipefail", "-c"]
    assert isinstance(default_run, RunInstruction) and default_run.shell is None and not default_run.exec_form
    assert isinstance(bash_run, RunInstruction) and bash_run.shell is shell and not bash_run.exec_form
    assert isinstance(exec_run, RunInstruction) and exec_run.exec_form
    assert isinstance(cmd, CommandInstruction) and cmd.shell is shell and not cmd.exec_form
    entrypoint = child.instructions[0]
    assert isinstance(entrypoint, CommandInstruction) and entrypoint.shell is shell  # inherited through FROM base
    assert base.shell is shell and child.shell is shell and other.shell is None
    only = other.instructions[0]
    assert isinstance(only, CommandInstruction) and only.exec_form and only.shell is None


def test_shell_form_heredoc_and_invalid_shell() -> None:
    text = "FROM alpine:3.20\nSHELL /bin/bash -c\nRUN <<EOF\necho hi\nEOF\nCMD []\nCMD [1]\n"
    parsed = parse_dockerfile(text, "Dockerfile")
    assert [(p.span.line, p.message) for p in parsed.problems] == [
        (2, "SHELL takes a JSON array of strings: the shell and its parameters")
    ]
    shell, run, empty, numbers = parsed.model.stages[0].instructions
    assert isinstance(shell, ShellInstruction) and shell.words is None and shell.executable is None
    assert isinstance(run, RunInstruction) and not run.exec_form and run.shell is shell
    assert isinstance(empty, CommandInstruction) and empty.exec_form
    assert isinstance(numbers, CommandInstruction) and not numbers.exec_form  # not strings: a shell form
