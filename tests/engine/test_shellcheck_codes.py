"""ShellCheck's codes as hullcheck's: selected, ignored, suppressed and ranked one by one; the
scripts of many files checked by one ShellCheck process; the scripts no shell of ShellCheck's
dialects runs left out."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from hullcheck.engine import shellcheck
from hullcheck.engine.findings import Severity
from hullcheck.engine.lint import FileResult, LintOptions, lint_bytes, lint_bytes_steps, lint_together
from hullcheck.engine.registry import select

pytestmark = pytest.mark.skipif(shellcheck.find_shellcheck() is None, reason="no ShellCheck here")

# SC2046 (an unquoted $(…)) and SC2086 (an unquoted variable the script sets) on line 3
DOCKERFILE = """FROM alpine:3.20
USER nobody
RUN dir="$(pwd)"; chown nobody $(ls $dir)
"""


def _options(
    selectors: Sequence[str] | None = None, ignore: Sequence[str] = (), extend: Sequence[str] = ("shellcheck",)
) -> LintOptions:
    selection = select(selectors, ignore, extend)
    return LintOptions(rules=selection.rules, engine_codes=selection.engine_codes, script_codes=selection.script_codes)


def _codes(result: FileResult) -> list[tuple[int, str]]:
    return [(finding.span.line, finding.rule.code) for finding in result.findings if finding.rule.code[:2] == "SC"]


def _lint(text: str, options: LintOptions) -> FileResult:
    return lint_bytes(text.encode(), "Dockerfile", options)


def test_the_group_reports_every_code_at_its_own_word() -> None:
    result = _lint(DOCKERFILE, _options())
    assert _codes(result) == [(3, "SC2046"), (3, "SC2086")]
    found = {finding.rule.code: finding for finding in result.findings}
    assert found["SC2086"].span.column == DOCKERFILE.splitlines()[2].index("$dir") + 1
    assert found["SC2046"].severity is Severity.WARNING and found["SC2086"].severity is Severity.NOTE
    assert found["SC2086"].rule.help_uri == "https://www.shellcheck.net/wiki/SC2086"


@pytest.mark.parametrize(
    ("selectors", "ignore", "extend", "expected"),
    [
        (["SC2086"], [], [], ["SC2086"]),  # one code selects the rule and reports that code only
        (["SC20"], [], [], ["SC2046", "SC2086"]),  # a prefix of codes
        (None, ["SC2046"], ["shellcheck"], ["SC2086"]),
        (None, [], ["HC670"], ["SC2046", "SC2086"]),  # the rule's code names all of them
        (None, [], ["best-practice"], ["SC2046", "SC2086"]),  # which takes in shellcheck
        (None, ["shellcheck"], ["best-practice"], []),
        (None, ["HC670"], ["SC2086"], []),
        (["ALL"], ["SC2086"], [], ["SC2046"]),
    ],
)
def test_codes_select_and_ignore_one_by_one(
    selectors: list[str] | None, ignore: list[str], extend: list[str], expected: list[str]
) -> None:
    result = _lint(DOCKERFILE, _options(selectors, ignore, extend))
    assert [code for _line, code in _codes(result)] == expected


@pytest.mark.parametrize(
    ("comment", "left"),
    [
        ("# hullcheck: ignore[SC2086]", ["SC2046"]),
        ("# hadolint ignore=SC2046", ["SC2086"]),
        ("# hullcheck: ignore[shellcheck]", []),  # the rule's name silences all its codes
        ("# hullcheck: ignore[HC670]", []),
    ],
)
def test_a_suppression_names_a_code_or_the_rule(comment: str, left: list[str]) -> None:
    text = DOCKERFILE.replace("RUN ", f"{comment}\nRUN ")
    result = _lint(text, _options())
    assert [code for _line, code in _codes(result)] == left
    assert not [finding for finding in result.findings if finding.rule.code == "HC003"]  # none unused


def test_a_suppression_of_a_code_shellcheck_did_not_find_is_unused() -> None:
    text = DOCKERFILE.replace("RUN ", "# hullcheck: ignore[SC2016]\nRUN ")
    unused = [finding for finding in _lint(text, _options()).findings if finding.rule.code == "HC003"]
    assert len(unused) == 1 and "SC2016" in unused[0].message


def test_a_configured_severity_ranks_one_code() -> None:
    options = _options()
    ranked = LintOptions(
        rules=options.rules,
        engine_codes=options.engine_codes,
        script_codes=options.script_codes,
        severity={"SC2086": Severity.ERROR},
    )
    found = {finding.rule.code: finding.severity for finding in _lint(DOCKERFILE, ranked).findings}
    assert found["SC2086"] is Severity.ERROR and found["SC2046"] is Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        'FROM alpine:3.20\nSHELL ["pwsh", "-Command"]\nRUN chown nobody $(ls /srv)\n',  # not a shell ShellCheck reads
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir $(ls /srv)\n",  # cmd, the default there
        'FROM alpine:3.20\nRUN ["sh", "-c", "chown nobody $(ls /srv)"]\n',  # the exec form: no shell of Docker's
        "FROM alpine:3.20\nRUN <<EOF\n#!/usr/bin/env python3\nprint($(ls))\nEOF\n",  # a heredoc python runs
    ],
)
def test_scripts_no_shell_of_shellchecks_runs_are_left_out(text: str) -> None:
    assert _codes(_lint(text, _options())) == []


def test_an_onbuild_run_is_checked() -> None:
    text = "FROM alpine:3.20\nONBUILD RUN chown nobody $(ls /srv)\n"
    assert _codes(_lint(text, _options())) == [(2, "SC2046")]


def test_the_scripts_of_many_files_go_to_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    start = shellcheck._start

    def counted(program: str, texts: list[str]) -> object:
        started.append(len(texts))
        return start(program, texts)

    monkeypatch.setattr(shellcheck, "_start", counted)
    options = _options()
    texts = [DOCKERFILE.replace("pwd", f"pwd -P {number}") for number in range(10)]
    results = lint_together(
        [lint_bytes_steps(text.encode(), f"Dockerfile.{n}", options) for n, text in enumerate(texts)]
    )
    assert started == [10]  # one RUN script each, one process for all
    assert all(_codes(result) == [(3, "SC2046"), (3, "SC2086")] for result in results)
