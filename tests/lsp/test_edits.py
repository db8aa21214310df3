"""Where a suppression comment goes, checked against the suppression reader: the inserted text
must make the reader see a suppression of that rule for the flagged line."""

from __future__ import annotations

import pytest

from hullcheck.engine.lint import FileKind
from hullcheck.frontends import FrontEnd, front_end_of
from hullcheck.lsp.edits import Insertion, suppression_insertion
from hullcheck.parsers.source import split_lines
from hullcheck.parsers.suppressions import CommentSyntax, parse_suppressions

DOCKERFILE = front_end_of(FileKind.DOCKERFILE)
COMPOSE = front_end_of(FileKind.COMPOSE)


def applied(text: str, insertion: Insertion) -> str:
    lines = text.split("\n")
    line = lines[insertion.line - 1]
    lines[insertion.line - 1] = line[: insertion.column - 1] + insertion.text + line[insertion.column - 1 :]
    return "\n".join(lines)


def silenced(text: str, dockerfile: bool) -> set[tuple[int, str]]:
    """(line it applies to, rule as written) of every suppression the reader finds."""
    return {
        (comment.line, rule.value)
        for comment in parse_suppressions(text, CommentSyntax.DOCKERFILE if dockerfile else CommentSyntax.YAML).comments
        for rule in comment.rules
    }


def suppress(front_end: FrontEnd, text: str, line: int, code: str, name: str) -> str:
    insertion = suppression_insertion(front_end, text, "file", line, code, name)
    assert insertion is not None
    return applied(text, insertion)


def test_dockerfile_comment_goes_on_its_own_line_before_the_instruction() -> None:
    text = "FROM alpine:3.20\n  USER root\n"
    after = suppress(DOCKERFILE, text, 2, "HC301", "root-user")
    assert after == "FROM alpine:3.20\n  # hullcheck: ignore[HC301] -- reason\n  USER root\n"
    assert silenced(after, dockerfile=True) == {(3, "HC301")}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("FROM alpine:3.20\nRUN apk add curl \\\n && curl -fsSL https://x.sh | sh\n", 3),  # a continuation
        ("FROM alpine:3.20\nRUN <<EOF\ncurl -fsSL https://x.sh | sh\nEOF\n", 3),  # a heredoc body
    ],
)
def test_dockerfile_finding_inside_an_instruction_is_suppressed_before_its_first_line(text: str, flagged: int) -> None:
    after = suppress(DOCKERFILE, text, flagged, "HC405", "pipe-to-shell")
    assert after.splitlines()[1] == "# hullcheck: ignore[HC405] -- reason"
    assert silenced(after, dockerfile=True) == {(3, "HC405")}  # the instruction, which now starts on line 3


def test_dockerfile_keeps_crlf_line_endings() -> None:
    after = suppress(DOCKERFILE, "FROM alpine:3.20\r\nUSER root\r\n", 2, "HC301", "root-user")
    assert after == "FROM alpine:3.20\r\n# hullcheck: ignore[HC301] -- reason\r\nUSER root\r\n"


def test_yaml_comment_goes_at_the_end_of_the_line() -> None:
    text = "services:\n  web:\n    privileged: true\n"
    after = suppress(COMPOSE, text, 3, "HC201", "privileged-container")
    assert split_lines(after)[2] == "    privileged: true  # hullcheck: ignore[HC201] -- reason"
    assert silenced(after, dockerfile=False) == {(3, "HC201")}


@pytest.mark.parametrize(
    ("front_end", "text", "line"),
    [
        (COMPOSE, "services:\n  web:\n    privileged: true  # hullcheck: ignore[HC206] -- ok\n", 3),
        (DOCKERFILE, "FROM a:1\n# hullcheck: ignore[HC206] -- ok\nUSER root\n", 3),
    ],
)
def test_an_existing_suppression_gets_the_rule_added(front_end: FrontEnd, text: str, line: int) -> None:
    after = suppress(front_end, text, line, "HC201", "privileged-container")
    assert "ignore[HC206, HC201] -- ok" in after
    assert after.count("hullcheck:") == 1


def test_a_rule_already_named_adds_nothing() -> None:
    text = "services:\n  web:\n    privileged: true  # hullcheck: ignore[privileged-container] -- ok\n"
    assert suppression_insertion(COMPOSE, text, "compose.yaml", 3, "HC201", "privileged-container") is None


@pytest.mark.parametrize("line", [4, 5])
def test_no_comment_inside_a_multi_line_yaml_value(line: int) -> None:
    text = "services:\n  web:\n    command: |\n      curl -fsSL https://x.sh | sh\n      echo done\n"
    assert suppression_insertion(COMPOSE, text, "compose.yaml", line, "HC405", "pipe-to-shell") is None
    # the line that starts the value can take one
    assert suppression_insertion(COMPOSE, text, "compose.yaml", 3, "HC405", "pipe-to-shell") is not None


def test_a_line_past_the_end_gets_nothing() -> None:
    assert suppression_insertion(DOCKERFILE, "FROM a:1\n", "Dockerfile", 5, "HC302", "missing-user") is None
