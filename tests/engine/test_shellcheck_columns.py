"""ShellCheck's findings land on the column where the script says it: inside a Compose
``command:`` string (through its quotes and ``$$``), a list item, a block scalar, a health check's
``CMD-SHELL`` script, and in a Dockerfile's heredoc, continued line and ``sh -c`` string."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.engine.registry import all_rules
from hullcheck.engine.shellcheck import RULE_CODE, check_files, check_files_unplaced, find_shellcheck

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "shellcheck"

pytestmark = pytest.mark.skipif(find_shellcheck() is None, reason="ShellCheck is not installed")


def places(name: str) -> list[tuple[str, int, int, int, int]]:
    """(code, line, column, end line, end column) of each finding the shellcheck rule alone reports."""
    rules = [rule for rule in all_rules() if rule.code == RULE_CODE]
    result = lint_file(str(FIXTURES / name), name, LintOptions(rules=rules, engine_codes=frozenset()))
    spans = sorted((finding.span, finding.rule.code) for finding in result.findings)
    return [(code, span.line, span.column, span.end_line, span.end_column) for span, code in spans]


def test_compose_findings_land_on_their_columns() -> None:
    found = places("compose.yaml")
    assert found == [
        # command: sh -c 'cp /tmp/app.tgz $$DEST_DIR && …': $$DEST_DIR, both dollars
        ("SC2086", 12, 37, 12, 47),
        # command: sh -c "ls $$DEST_DIR": Compose expands nothing in the double quotes
        ("SC2086", 20, 24, 20, 34),
        # command: ["sh", "-c", "chown app $$(ls /srv)"]: the list item, through $$
        ("SC2046", 26, 38, 26, 49),
        # entrypoint: ["/bin/sh", "-c", "cd /srv; exec ./start"]
        ("SC2164", 31, 36, 31, 43),
        # a literal block scalar: its own line, less its indentation
        ("SC2086", 41, 34, 41, 40),
        # ${GREETING:-hello} substituted: the script's offsets are not the file's, the whole string
        ("SC2086", 48, 14, 48, 49),
        # healthcheck test: ["CMD-SHELL", "curl -fs http://localhost:$$PORT/health || exit 1"]
        ("SC2086", 55, 54, 55, 60),
        # healthcheck test as a string: a CMD-SHELL script
        ("SC2046", 63, 37, 63, 55),
    ]


def test_dockerfile_findings_land_on_their_columns() -> None:
    found = {(code, line, column) for code, line, column, _end_line, _end_column in places("Dockerfile")}
    assert {
        ("SC2046", 7, 18),  # RUN chown nobody $(ls /srv)
        ("SC2086", 14, 24),  # a continued line: && cp /tmp/app.tgz $DEST_DIR
        ("SC2086", 20, 4),  # a heredoc's line: cd $DEST_DIR
        ("SC2086", 25, 37),  # RUN sh -c 'tar -xzf /tmp/app.tgz -C $DEST_DIR', through the quotes
    } <= found


def test_findings_on_a_moved_stage_are_where_a_check_of_the_new_text_puts_them() -> None:
    # the language server runs ShellCheck in a worker thread and makes the findings in its own
    # (check_files_unplaced), never while its parse moves a stage; made after the parse of the
    # next version moved the stage (a line added above it), they are where the scripts are now
    from hullcheck.engine.lint import Relint, lint_bytes_steps

    rules = [rule for rule in all_rules() if rule.code == RULE_CODE]
    options = LintOptions(rules=rules, engine_codes=frozenset())
    text = "FROM debian:12.5 AS first\nRUN true\n\nFROM alpine:3.20\nRUN echo $HOME/x && cd /srv\n"
    memo = Relint()
    scripts = next(lint_bytes_steps(text.encode(), "Dockerfile", options, memo=memo))
    unplaced = check_files_unplaced([scripts], find_shellcheck())[0]
    moved = text.replace("RUN true\n", "RUN true\nRUN true\n")
    scripts_now = next(lint_bytes_steps(moved.encode(), "Dockerfile", options, memo=memo))
    placed = sorted((finding.rule.code, finding.span) for made in unplaced for finding in made())
    fresh = sorted((finding.rule.code, finding.span) for finding in check_files([scripts_now], find_shellcheck())[0])
    assert placed == fresh and [span.line for _, span in placed] == [6, 6]
