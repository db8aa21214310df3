"""What ShellCheck reads of a RUN: the variables ARG and ENV set assigned ``1`` above the first
command, as hadolint assigns them (an unquoted build argument is not SC2086), only those the
script may name, and findings mapped back past the line hullcheck adds: after a ``#!`` line and
the comments that cover the whole script, in continued lines and heredocs."""

from __future__ import annotations

import pytest

from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.engine.registry import all_rules
from hullcheck.engine.shellcheck import RULE_CODE, _declared, find_shellcheck, layout
from hullcheck.model.commands.whole_scripts import WholeScript, run_whole_scripts
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.shell import ScriptText
from hullcheck.model.span import Span
from hullcheck.parsers.dockerfile import parse_dockerfile

needs_shellcheck = pytest.mark.skipif(find_shellcheck() is None, reason="ShellCheck is not installed")


def findings(dockerfile: str) -> list[tuple[str, int, int]]:
    """(code, line, column) of each finding the shellcheck rule alone reports."""
    rules = [rule for rule in all_rules() if rule.code == RULE_CODE]
    result = lint_bytes(dockerfile.encode(), "Dockerfile", LintOptions(rules=rules, engine_codes=frozenset()))
    return sorted((finding.rule.code, finding.span.line, finding.span.column) for finding in result.findings)


def read_texts(dockerfile: str) -> list[str]:
    """What ShellCheck reads of each script of the Dockerfile's RUNs."""
    model = parse_dockerfile(dockerfile, "Dockerfile").model
    runs = [node for stage in model.stages for node in stage.instructions if isinstance(node, RunInstruction)]
    return [layout(script).text for run in runs for script in run_whole_scripts(run)]


def test_the_variables_a_script_names_are_assigned_above_it() -> None:
    dockerfile = "FROM alpine:3.20\nARG VERSION\nARG UNUSED\nENV HOME_DIR=/srv\nRUN cd $HOME_DIR && echo $VERSION\n"
    assert read_texts(dockerfile) == [
        "# shellcheck shell=sh\nexport VERSION=1 HOME_DIR=1\ncd $HOME_DIR && echo $VERSION\n"
    ]


def test_a_heredoc_s_top_comments_stay_above_the_assignments() -> None:
    # a directive right after the #! line covers the whole script only while no command precedes it
    dockerfile = "FROM alpine:3.20\nARG A\nRUN <<EOF\n#!/bin/bash\n# shellcheck disable=SC2046\n\necho $A\nEOF\n"
    assert read_texts(dockerfile) == ["#!/bin/bash\n# shellcheck disable=SC2046\n\nexport A=1\necho $A\n"]


def test_a_script_of_comments_alone_gets_its_assignments_on_a_line_of_their_own() -> None:
    text = "#!/bin/sh\n# $A"
    script = WholeScript(
        ScriptText(text, lambda start, end: Span(1, start + 1, 1, end + 1)), "sh", ("A",), Span.point(1)
    )
    read = layout(script)
    assert read.text == "#!/bin/sh\n# $A\nexport A=1\n\n"
    # the script's offsets, and none for the line added
    assert [read.script_offset(at) for at in (0, 13, 14, 25, 26, 27)] == [0, 13, None, None, 14, None]
    assert [read.script_offset(at, end=True) for at in (14, 27)] == [14, 14]


def test_only_the_variables_a_script_may_name_are_declared() -> None:
    variables = ("VERSION", "UNUSED", "ID", "HTTP_PROXY")
    # a name it holds, and one a name it reads may be a misspelling of (ShellCheck's SC2153)
    assert _declared("curl $HTTP_PROXY/$VERISON", variables) == ["VERSION", "HTTP_PROXY"]
    # a short name only where the text holds it
    assert _declared("echo $IDS", variables) == ["ID"]
    assert _declared("echo $XD", variables) == []


@needs_shellcheck
def test_a_build_argument_unquoted_is_not_sc2086_and_a_script_s_own_variable_is() -> None:
    dockerfile = 'FROM alpine:3.20\nARG PACKAGES\nRUN apk add $PACKAGES && dirs="a b" && mkdir $dirs\n'
    assert findings(dockerfile) == [("SC2086", 3, 46)]


@needs_shellcheck
def test_findings_land_past_the_added_line() -> None:
    dockerfile = (
        "FROM alpine:3.20\n"  # 1
        "ARG A\n"  # 2
        "RUN <<EOF\n"  # 3
        "#!/bin/sh\n"  # 4
        "# a comment above the first command\n"  # 5
        "echo $A\n"  # 6
        "chown nobody $(ls /srv)\n"  # 7
        "EOF\n"  # 8
        "RUN echo $A \\\n"  # 9
        "  # a comment line BuildKit drops\n"  # 10
        "  && cp $(ls) /tmp\n"  # 11
    )
    assert findings(dockerfile) == [("SC2046", 7, 14), ("SC2046", 11, 9)]


@needs_shellcheck
def test_a_directive_at_a_heredoc_s_top_still_covers_the_whole_script() -> None:
    dockerfile = "FROM alpine:3.20\nARG A\nRUN <<EOF\n# shellcheck disable=SC2086\necho $A\ncp $RELEASE $B /tmp\nEOF\n"
    assert findings(dockerfile) == []
