"""Where each character of a Compose value is written: through YAML's quotes, escapes, folding
and block indentation (hullcheck.parsers.yaml_positions), and Compose's ``$$``; the ``sh -c``
scripts of ``command``, ``entrypoint`` and ``healthcheck`` located character by character."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.whole_scripts import container_whole_scripts
from hullcheck.model.container import Container
from hullcheck.model.shell import ScriptText, ShellScript
from hullcheck.model.span import Span
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.yaml_nodes import compose_yaml
from hullcheck.parsers.yaml_positions import scalar_places


def service(text: str, variables: dict[str, str] | None = None) -> Container:
    parsed = parse_compose(text, "compose.yaml", variables or {})
    assert parsed.problems == []
    return parsed.model.containers[0]


def nested(script: ShellScript | None) -> ScriptText:
    """The one script ``sh -c`` runs in ``script``."""
    assert script is not None
    (source,) = [source for source in script.sources if source.runner is not None]
    return source


def written_at(text: str, span: Span) -> str:
    """The file's text at a one-line span."""
    assert span.line == span.end_line
    return text.splitlines()[span.line - 1][span.column - 1 : span.end_column - 1]


def assert_traced(text: str, source: ScriptText) -> None:
    """Each character of ``source`` is at a place in ``text`` that writes it: itself, ``$$`` for
    ``$``, ``''`` for ``'``, an escape; a line break folded or kept is at its line's end."""
    assert source.exact
    for offset, char in enumerate(source.text):
        span = source.span_of(offset, offset + 1)
        written = written_at(text, span)
        if char in "\n " and written == "":  # a line break: at the end of its line
            assert span.column == len(text.splitlines()[span.line - 1]) + 1
            continue
        assert written in (char, "$$" if char == "$" else char, "''" if char == "'" else char) or (
            written.startswith("\\") and len(written) >= 2
        ), (offset, char, written, span)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain text $$x", "plain text $$x"),
        ("'it''s $$HOME'", "it's $$HOME"),
        ('"tab\\there \\"q\\" \\x41 \\u00e9"', 'tab\there "q" A é'),
        ("plain\n    continued\n\n    para", "plain continued\npara"),
        ("'single\n    folded'", "single folded"),
        ('"escaped \\\n    break"', "escaped break"),
        ("|\n    echo one\n      two\n\n    three\n", "echo one\n  two\n\nthree\n"),
        ("|-\n    echo\n", "echo"),
        ("|+\n    echo\n", "echo\n\n"),
        ("|2\n      indented\n    line\n", "  indented\nline\n"),
        (">\n    folded\n    line\n\n    para\n      more\n    end\n", "folded line\npara\n  more\nend\n"),
    ],
)
def test_scalar_places_rebuild_the_value(value: str, expected: str) -> None:
    text = f"a:\n  key: {value}\n"
    node = compose_yaml(text).value[0][1].value[0][1]
    assert node.value == expected
    places = scalar_places(node, text.splitlines())
    assert places is not None and len(places) == len(expected)
    lines = text.splitlines()
    for char, (line, column, after) in zip(expected, places, strict=True):
        written = lines[line - 1][column - 1 : after - 1]
        assert written == char or (char in "\n " and written == "") or written.startswith(("\\", "''")), (char, written)


def test_a_command_string_is_traced_through_quotes_and_dollar_escapes() -> None:
    text = "services:\n  a:\n    image: alpine\n    command: sh -c 'cp /tmp/x $$APP_HOME && echo \"$$1\"'\n"
    source = nested(service(text).command)
    assert source.text == 'cp /tmp/x $APP_HOME && echo "$1"'
    assert_traced(text, source)
    start = source.text.index("$APP_HOME")
    assert source.span_of(start, start + len("$APP_HOME")) == Span(4, 31, 4, 41)


def test_quoted_yaml_scalars_and_list_items_are_traced() -> None:
    text = (
        "services:\n  a:\n    image: alpine\n"
        "    command: \"sh -c 'echo \\\"$$HOME\\\" it''s'\"\n"
        "    entrypoint: ['sh', '-c', 'printf ''%s'' $$PATH']\n"
    )
    a = service(text)
    command, entrypoint = nested(a.command), nested(a.entrypoint)
    assert command.text == 'echo "$HOME" its'
    assert entrypoint.text == "printf '%s' $PATH"
    assert_traced(text, command)
    assert_traced(text, entrypoint)
    start = entrypoint.text.index("$PATH")
    assert entrypoint.span_of(start, start + 5) == Span(5, 45, 5, 51)


def test_a_block_scalar_script_keeps_its_lines() -> None:
    text = (
        "services:\n  a:\n    image: alpine\n    command:\n      - sh\n      - -c\n"
        "      - |\n        set -e\n        cd $$HOME\n          exec ./start\n"
    )
    source = nested(service(text).command)
    assert source.text == "set -e\ncd $HOME\n  exec ./start\n"
    assert_traced(text, source)
    start = source.text.index("$HOME")
    assert source.span_of(start, start + 5) == Span(9, 12, 9, 18)
    folded = text.replace("- |", "- >")
    script = nested(service(folded).command)
    assert script.text == "set -e cd $HOME\n  exec ./start\n"
    assert_traced(folded, script)


def test_a_substituted_variable_leaves_the_whole_string() -> None:
    text = "services:\n  a:\n    image: alpine\n    command: sh -c 'echo ${GREETING:-hi} $$1'\n"
    source = nested(service(text).command)
    assert source.text == "echo hi $1" and not source.exact
    assert source.span_of(8, 10) == Span(4, 14, 4, 46)
    # an unset one: the text as written, $$ read as $; not what runs, so no whole script
    unset = "services:\n  a:\n    image: alpine\n    command: [sh, -c, 'echo ${GREETING} $$1']\n"
    a = service(unset)
    assert a.command is not None and a.command.commands[0].words[2].value == "echo ${GREETING} $1"
    assert nested(a.command).expanded and container_whole_scripts(a) == []
    string = unset.replace("[sh, -c, 'echo ${GREETING} $$1']", "sh -c 'echo ${GREETING} $$1'")
    assert nested(service(string).command).expanded and container_whole_scripts(service(string)) == []


def test_compose_expands_nothing_in_a_command_string() -> None:
    text = 'services:\n  a:\n    image: alpine\n    command: sh -c "ls $$APP_HOME"\n'
    source = nested(service(text).command)
    assert source.text == "ls $APP_HOME" and not source.expanded
    assert [script.source.text for script in container_whole_scripts(service(text))] == ["ls $APP_HOME"]


@pytest.mark.parametrize(
    ("test", "shell", "script", "disabled"),
    [
        ('["CMD-SHELL", "curl -f http://localhost:$$PORT"]', True, "curl -f http://localhost:$PORT", False),
        ("curl -f http://localhost:$$PORT || exit 1", True, "curl -f http://localhost:$PORT || exit 1", False),
        ('["CMD", "curl", "-f", "http://localhost"]', False, None, False),
        ('["NONE"]', False, None, True),
    ],
)
def test_healthcheck_test_forms(test: str, shell: bool, script: str | None, disabled: bool) -> None:
    text = f"services:\n  a:\n    image: alpine\n    healthcheck:\n      test: {test}\n      interval: 5s\n"
    a = service(text)
    healthcheck = a.healthcheck
    assert healthcheck is not None and healthcheck.span.line == 5
    assert (healthcheck.shell, healthcheck.disabled) == (shell, disabled)
    scripts = container_whole_scripts(a)
    if script is None:
        assert scripts == []
        return
    (whole,) = scripts
    assert (whole.source.text, whole.dialect, whole.span) == (script, "sh", healthcheck.span)
    assert_traced(text, whole.source)
    start = script.index("$PORT")
    assert whole.span_of(start, start + 5).line == 5
    assert written_at(text, whole.span_of(start, start + 5)) == "$$PORT"


def test_healthcheck_argv_and_disable() -> None:
    text = (
        "services:\n  a:\n    image: alpine\n    environment: [PORT=80]\n    healthcheck:\n"
        '      test: ["CMD", "sh", "-c", "wget -q localhost:$$PORT"]\n'
        "  b:\n    image: alpine\n    healthcheck:\n      disable: true\n"
    )
    parsed = parse_compose(text, "compose.yaml", {})
    a, b = parsed.model.containers
    assert a.healthcheck is not None and a.healthcheck.test is not None and not a.healthcheck.shell
    (whole,) = container_whole_scripts(a)
    assert whole.source.text == "wget -q localhost:$PORT" and whole.variables == ("PORT",)
    assert written_at(text, whole.span_of(18, 23)) == "$$PORT"
    assert b.healthcheck is not None and b.healthcheck.disabled and b.healthcheck.test is None


def test_a_windows_container_runs_no_sh_health_check() -> None:
    text = 'services:\n  a:\n    image: alpine\n    platform: windows/amd64\n    healthcheck:\n      test: "exit $$x"\n'
    assert container_whole_scripts(service(text)) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("healthcheck: [CMD, x]", "'healthcheck' must be a mapping, found a list"),
        ("healthcheck:\n      test: {x: y}", "'healthcheck.test' must be a string or a list, found a mapping"),
    ],
)
def test_healthcheck_of_the_wrong_type(setting: str, message: str) -> None:
    parsed = parse_compose(f"services:\n  a:\n    image: alpine\n    {setting}\n", "compose.yaml", {})
    assert [problem.message for problem in parsed.problems] == [message]
    assert parsed.model.containers[0].healthcheck is None or parsed.model.containers[0].healthcheck.test is None
