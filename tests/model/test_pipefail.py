"""Which pipelines of a RUN run without pipefail: the SHELL in force, set -o pipefail, sh -c
strings and heredocs that are scripts, shell input or data."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.pipefail import is_posix_shell, masked_pipelines, pipefail_option
from hullcheck.model.commands.programs import effective
from hullcheck.model.commands.run_scripts import run_pipelines
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.span import Located, Span
from hullcheck.parsers.dockerfile import parse_dockerfile

SPAN = Span(1, 1, 1, 1)


def masked(text: str) -> list[list[tuple[str, str | None]]]:
    """For each RUN: its masked pipelines, as (last command, hidden command)."""
    model = parse_dockerfile(text, "Dockerfile").model
    runs = [i for stage in model.stages for i in stage.instructions if isinstance(i, RunInstruction)]
    return [
        [(effective(m.last).name, effective(m.hidden).name if m.hidden else None) for m in masked_pipelines(run)]
        for run in runs
    ]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("-o pipefail -c", True),
        ("-eo pipefail -c", True),
        ("-euxo pipefail", True),
        ("-o errexit -o pipefail -c", True),
        ("-o pipefail +o pipefail", False),
        ("-e -c", None),
        ("-c", None),
    ],
)
def test_pipefail_option(words: str, said: bool | None) -> None:
    assert pipefail_option([Located(word, SPAN) for word in words.split()]) is said


@pytest.mark.parametrize(
    ("program", "posix"),
    [
        ("/bin/sh", True),
        ("/usr/bin/bash", True),
        ("ash", True),
        ("pwsh", False),
        ("cmd", False),
        ("powershell.exe", False),
    ],
)
def test_is_posix_shell(program: str, posix: bool) -> None:
    assert is_posix_shell(program) is posix


def test_the_shell_in_force_and_set_o_pipefail() -> None:
    assert masked(
        "FROM debian:12\n"
        "RUN curl -fsSL x | tar -xz\n"
        "RUN set -o pipefail && curl x | tar -x\n"
        "RUN set -eux; curl x | tar -x; set -o pipefail; wget -O- y | tar -x\n"
        'RUN X="$(curl x | jq .a)" && echo "$X" | tee /x\n'
        "RUN yes | apt-get install x\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN curl x | tar -x\n"
        "RUN set +o pipefail; curl x | tar -x\n"
        "FROM debian:12 AS next\n"
        "RUN curl x | tar -x\n"
    ) == [
        [("tar", "curl")],
        [],
        [("tar", "curl")],
        [("jq", "curl"), ("tee", None)],
        [],
        [],
        [("tar", "curl")],
        [("tar", "curl")],
    ]


def test_a_stage_built_from_a_stage_keeps_its_shell() -> None:
    assert masked(
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nFROM base\nRUN curl x | tar -x\n'
    ) == [[]]


def test_sh_c_strings_run_in_a_new_shell() -> None:
    assert masked(
        "FROM debian:12\n"
        "RUN bash -c 'curl x | tar -x'\n"
        "RUN bash -o pipefail -c 'curl x | tar -x'\n"
        "RUN sh -c 'set -o pipefail; curl x | tar -x'\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN sh -c 'curl x | tar -x'\n"
    ) == [[("tar", "curl")], [], [], [("tar", "curl")]]


def test_heredocs_are_scripts_shell_input_or_data() -> None:
    assert masked(
        "FROM debian:12\n"
        "RUN <<EOF\ncurl x | tar -x\nEOF\n"
        "RUN bash <<EOF\ncurl x | tar -x\nEOF\n"
        "RUN bash -o pipefail <<EOF\ncurl x | tar -x\nEOF\n"
        "RUN cat <<EOF > /etc/x.conf\na | b\nEOF\n"
        "RUN python3 <<EOF\nprint(1 | 2)\nEOF\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN <<EOF\ncurl x | tar -x\nEOF\n"
        "RUN bash <<EOF\ncurl x | tar -x\nEOF\n"
    ) == [[("tar", "curl")], [("tar", "curl")], [], [], [], [], [("tar", "curl")]]


def test_no_posix_shell_no_pipes_to_check() -> None:
    assert masked('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN Get-Item x | Select-Object y\n') == [[]]


def pipelines_run(text: str) -> list[list[str]]:
    """For each RUN: the first command of each pipeline it runs."""
    model = parse_dockerfile(text, "Dockerfile").model
    runs = [i for stage in model.stages for i in stage.instructions if isinstance(i, RunInstruction)]
    return [[pipeline.commands[0].name for pipeline in run_pipelines(run)] for run in runs]


def test_run_pipelines_leave_out_heredocs_that_are_data() -> None:
    assert pipelines_run(
        "FROM debian:12\n"
        "RUN <<EOF\nmake\nEOF\n"
        "RUN bash -e <<EOF\nmake\nEOF\n"
        "RUN sudo -u app sh -s <<EOF\nmake\nEOF\n"
        "RUN cat <<EOF > /start.sh\nmake\nEOF\n"
        "RUN python3 <<EOF\nprint(1)\nEOF\n"
        "RUN sh -c 'make check' && tee /x <<EOF\nrm -rf /\nEOF\n"
        'RUN ["bash", "-c", "make"]\n'
        "RUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n"
        "RUN <<EOF\n#!/bin/bash -e\nmake\nEOF\n"
    ) == [
        ["make"],
        ["bash", "make"],
        ["sudo", "make"],
        ["cat"],
        ["python3"],
        ["sh", "tee", "make"],
        ["bash", "make"],
        [],
        ["make"],
    ]


def test_a_heredoc_script_with_a_shebang_runs_in_that_shell() -> None:
    assert masked(
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN <<EOF\n#!/bin/bash\ncurl x | tar -x\nEOF\n"
        "RUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n"
        "RUN <<EOF\ncurl x | tar -x\nEOF\n"
    ) == [[("tar", "curl")], [], []]
