"""Nesting bounds: every nested syntax is refused past its bound, at the place it is crossed,
before recursive code (ruamel's C composer, json, tomllib, our own parsers) sees it; at the
bound, a file is linted as usual."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

from hullcheck.baseline import BaselineError, read_baseline
from hullcheck.config import ConfigError, load_configuration
from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.model.shell import ShellCommand, ShellScript
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.bounds import (
    MAX_NESTING,
    MAX_SUBSTITUTION_NESTING,
    BoundExceeded,
    _yaml_depth_at_most,
    check_json,
    check_toml,
    check_yaml,
)
from hullcheck.parsers.shell import parse_shell
from hullcheck.parsers.source import ParseProblem
from hullcheck.parsers.variables import substitute
from hullcheck.parsers.yaml_nodes import yaml_loader
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())


def problems(data: str, name: str) -> list[tuple[str, int, int, str]]:
    """The parse errors (HC001) and internal errors (HC000) of linting ``data`` as ``name``."""
    return [
        (finding.rule.code, finding.span.line, finding.span.column, finding.message)
        for finding in lint_bytes(data.encode(), name, ALL_RULES).findings
        if finding.rule.code in ("HC000", "HC001")
    ]


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


# ---------------------------------------------------------------- YAML


def yaml_depth(text: str) -> int:
    depth = deepest = 0
    for event in yaml_loader().parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return deepest


def service_with_labels(labels: str) -> str:
    return f"services:\n  web:\n    image: nginx:1.27\n    labels: {labels}\n"


# (the Compose text, the 1-based line and column of the collection that crosses the bound)
DEEP_COMPOSE: dict[str, Callable[[int], tuple[str, int, int]]] = {
    "flow sequences": lambda n: (service_with_labels("[" * n + "]" * n), 4, 13 + MAX_NESTING - 3),
    "flow mappings": lambda n: (service_with_labels("{a: " * n + "1" + "}" * n), 4, 13 + 4 * (MAX_NESTING - 3)),
    "compact block sequences": lambda n: (
        service_with_labels("\n      " + "- " * n + "x"),
        5,
        7 + 2 * (MAX_NESTING - 3),
    ),
    "block mappings": lambda n: (
        service_with_labels(
            "\n" + "".join(" " * (6 + level) + f"k{level}:\n" for level in range(n - 1)) + " " * (5 + n) + "x: 1"
        ),
        MAX_NESTING - 3 + 5,
        6 + MAX_NESTING - 3 + 1,
    ),
}


@pytest.mark.parametrize("shape", DEEP_COMPOSE)
@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 1_000, 30_000])
def test_deep_yaml_is_refused_where_the_bound_is_crossed(shape: str, levels: int) -> None:
    if shape == "block mappings" and levels > 1_000:
        levels = 1_000  # its indentation grows quadratically: 30,000 levels would be 450 MB
    text, line, column = DEEP_COMPOSE[shape](levels)
    message = f"YAML nested more than {MAX_NESTING} levels deep; not checked"
    assert problems(text, "compose.yaml") == [("HC001", line, column, message)]


@pytest.mark.parametrize("shape", DEEP_COMPOSE)
def test_yaml_at_the_bound_is_linted(shape: str) -> None:
    text, _line, _column = DEEP_COMPOSE[shape](MAX_NESTING - 3)  # services, web, labels: 3 levels above
    assert yaml_depth(text) == MAX_NESTING
    assert problems(text, "compose.yaml") == []


# libyaml refuses this line (a colon inside a flow plain scalar) and the pure parser reads it:
# a file that starts with it is bounded and composed by the pure parser
LIBYAML_REFUSES = "x-options: [no-new-privileges:true]\n"


@pytest.mark.parametrize("shape", DEEP_COMPOSE)
@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 30_000])
def test_deep_yaml_read_by_the_pure_parser_is_refused_where_the_bound_is_crossed(shape: str, levels: int) -> None:
    if shape == "block mappings" and levels > 1_000:
        levels = 1_000
    text, line, column = DEEP_COMPOSE[shape](levels)
    message = f"YAML nested more than {MAX_NESTING} levels deep; not checked"
    assert problems(LIBYAML_REFUSES + text, "compose.yaml") == [("HC001", line + 1, column, message)]


@pytest.mark.parametrize("shape", DEEP_COMPOSE)
def test_yaml_at_the_bound_read_by_the_pure_parser_is_linted(shape: str) -> None:
    text, _line, _column = DEEP_COMPOSE[shape](MAX_NESTING - 3)
    assert problems(LIBYAML_REFUSES + text, "compose.yaml") == []


def test_the_c_composer_is_never_reached_by_deep_yaml(tmp_path: Path) -> None:
    """The real bound is the C stack: 100,000 levels composed would end the process with
    SIGSEGV, which no Python test in this process could report."""
    compose = tmp_path / "compose.yaml"
    compose.write_text(service_with_labels("[" * 100_000 + "]" * 100_000))
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hullcheck.cli import main; sys.exit(main())",
            "--no-cache",
            str(compose),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "YAML nested more than 256 levels deep" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_compose_file_of_a_project_is_refused_at_its_own_line(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    (tmp_path / "compose.override.yaml").write_text(service_with_labels("[" * 5_000 + "]" * 5_000))
    result = lint_bytes((tmp_path / "compose.yaml").read_bytes(), "compose.yaml", ALL_RULES, directory=str(tmp_path))
    (problem,) = [finding for finding in result.findings if finding.rule.code in ("HC001", "HC002")]
    assert (problem.span.line, problem.span.column) == (4, 13 + MAX_NESTING - 3)
    assert "nested more than" in problem.message


YAML_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x85"]


@st.composite
def nested_yaml(draw: st.DrawFn) -> str:
    """YAML documents of every block and flow style, with every line break YAML knows."""
    data = draw(
        st.recursive(
            st.sampled_from(["x", "- y", "a: b", ""]),
            lambda children: (
                st.lists(children, max_size=3)
                | st.dictionaries(st.sampled_from(["k", "? q", "-"]), children, max_size=3)
            ),
            max_leaves=40,
        )
    )
    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = draw(st.sampled_from([False, True, None]))
    writer.indent(
        mapping=draw(st.sampled_from([1, 2, 4])),
        sequence=draw(st.sampled_from([2, 4])),
        offset=draw(st.sampled_from([0, 2])),
    )
    stream = io.StringIO()
    writer.dump(data, stream)
    text = stream.getvalue()
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.replace("\n", draw(st.sampled_from(YAML_BREAKS)))


@settings(max_examples=300, deadline=None)
@given(nested_yaml())
def test_the_cheap_yaml_depth_bound_is_never_below_the_real_depth(text: str) -> None:
    try:
        depth = yaml_depth(text)
    except Exception:  # noqa: BLE001 - a break YAML 1.2 does not know: not a document to bound
        return
    assert _yaml_depth_at_most(text) >= depth


@pytest.mark.parametrize(
    "text",
    [
        "- - - - - - x",
        "a:\n- b:\n  - c:\n    - d:\n      - e",
        "? - - a\n: - - b",
        "-\t-\t- x",
        "- &anchor a: - b",
        "\ufeff- - - x",
        "a:\r b:\r  c:\r   d: 1",
        "--- - - - x",
        "[{a: [{b: [c]}]}]",
        "- !!map\n  k: - v",
    ],
)
def test_the_cheap_yaml_depth_bound_on_tricky_layouts(text: str) -> None:
    try:
        depth = yaml_depth(text)
    except Exception:  # noqa: BLE001 - invalid YAML is refused by the parser itself
        return
    assert _yaml_depth_at_most(text) >= depth


def test_node_count_is_bounded_at_the_line_it_is_crossed() -> None:
    text = "a: [" + "1," * 250_001 + "1]\n"
    with pytest.raises(BoundExceeded, match="more than 250,000 nodes") as raised:
        check_yaml(yaml_loader(), text)
    assert raised.value.line == 1 and raised.value.column > 250_000


# ---------------------------------------------------------------- JSON and TOML


def test_json_brackets_in_strings_do_not_count() -> None:
    check_json('{"a": "' + "[" * 10_000 + '", "b": "\\"[[[[\\\\"}')


def test_json_nesting_is_refused_where_it_crosses() -> None:
    with pytest.raises(BoundExceeded) as raised:
        check_json('{"findings":\n  ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert (raised.value.line, raised.value.column) == (2, 3 + MAX_NESTING - 1)


def test_toml_brackets_in_strings_and_comments_do_not_count() -> None:
    check_toml(
        'a = "' + "[" * 300 + '"\n'
        "b = '" + "{" * 300 + "'\n"
        "# " + "[" * 300 + "\n"
        'c = """\n' + "[" * 300 + '\n"""\n'
        "d = '''\n" + "{" * 300 + "\n'''\n"
    )


def test_toml_nesting_is_refused_where_it_crosses() -> None:
    with pytest.raises(BoundExceeded) as raised:
        check_toml("[tool.hullcheck]\nselect = " + "[" * 50_000 + "]" * 50_000)
    assert (raised.value.line, raised.value.column) == (2, len("select = ") + MAX_NESTING + 1)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (".hullcheck.toml", "select = " + "[" * 50_000 + "]" * 50_000, 1),
        (".hullcheck.toml", "x = " + "{a = " * 50_000 + "1" + "}" * 50_000, 1),
        ("pyproject.toml", "[tool.hullcheck]\nselect = " + "[" * 50_000 + "]" * 50_000, 2),
        (".hullcheck.yaml", "select: " + "[" * 50_000 + "]" * 50_000, 1),
        (".hullcheck.yaml", "select:\n" + "- " * 50_000 + "x", 2),
    ],
)
def test_deep_configuration_is_an_error_naming_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError, match=rf"{name}:{line}: .* nested more than {MAX_NESTING} levels deep"):
        load_configuration(str(path))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"select = [\x00]", "the configuration is not text: line 1: file holds NUL bytes"),
        (b"\xff\xfe\x00", "UTF-16"),
        (b"select = ['HC1']\n\xc3\x28", "not valid UTF-8"),
        (b"# " + b"x" * (1024 * 1024), "the configuration is larger than 1,048,576 bytes; not read"),
    ],
)
def test_binary_or_huge_configuration_is_an_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / ".hullcheck.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError, match=message):
        load_configuration(str(path))


def test_a_yaml_configuration_value_that_holds_itself_is_described_not_serialized(tmp_path: Path) -> None:
    path = tmp_path / ".hullcheck.yaml"
    path.write_text("fail-on: &loop [*loop]\n")
    with pytest.raises(ConfigError, match=r"expects one of .*, got a list of 1 items"):
        load_configuration(str(path))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"findings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            r":1: not a hullcheck baseline \(JSON nested more than 256",
        ),
        (b"\x89PNG\r\n\x1a\n\x00", "it is not text: line 3: file holds NUL bytes"),
        (b'{"tool": "hullcheck", "version": 1, "findings": [', "invalid JSON"),
        (b" " * (32 * 1024 * 1024 + 1), "it is larger than 33,554,432 bytes; not read"),
    ],
)
def test_hostile_baselines_are_errors_naming_the_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(data)
    with pytest.raises(BaselineError, match=message) as raised:
        read_baseline(str(path))
    assert str(path) in str(raised.value)


def test_a_baseline_that_is_a_fifo_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    os_mkfifo = pytest.importorskip("os").mkfifo
    os_mkfifo(path)
    with pytest.raises(BaselineError, match="it is not a regular file; not read"):
        read_baseline(str(path))


# ---------------------------------------------------------------- Dockerfile JSON exec form


@pytest.mark.parametrize("levels", [2, 100_000])
def test_a_nested_exec_form_is_a_shell_form_as_for_docker(levels: int) -> None:
    dockerfile = "FROM alpine:3.20\nUSER app\nCMD " + "[" * levels + '"sh"' + "]" * levels + "\n"
    assert problems(dockerfile, "Dockerfile") == []


# ---------------------------------------------------------------- shell


def substitutions(levels: int) -> str:
    return "echo " + "$(" * levels + "docker run --privileged x" + ")" * levels


def commands_in(script: ShellScript) -> list[ShellCommand]:
    """The commands of ``script`` and of the substitutions in them, outermost first."""
    found, scripts = [], [script]
    while scripts:
        for command in scripts.pop(0).commands:
            found.append(command)
            scripts.extend(inner for _span, inner in command.substitutions)
    return found


def test_command_substitutions_at_the_bound_are_parsed_to_the_innermost_command() -> None:
    script = parse_shell(substitutions(MAX_SUBSTITUTION_NESTING), one_line)
    innermost = commands_in(script)[-1]
    assert [word.value for word in innermost.words] == ["docker", "run", "--privileged", "x"]
    assert innermost.words[0].span.column == len("echo ") + 2 * MAX_SUBSTITUTION_NESTING + 1


@pytest.mark.parametrize("levels", [MAX_SUBSTITUTION_NESTING + 1, 100_000])
def test_deeper_command_substitutions_are_refused_where_crossed(levels: int) -> None:
    with pytest.raises(ParseProblem, match="command substitutions nested more than 64 levels deep") as raised:
        parse_shell(substitutions(levels), one_line)
    assert raised.value.span.column == len("echo ") + 2 * MAX_SUBSTITUTION_NESTING + 1


@pytest.mark.parametrize(
    ("name", "prefix", "line", "column"),
    [
        ("Dockerfile", "FROM alpine:3.20\nRUN ", 2, 5),
        ("run.sh", "#!/bin/sh\n", 2, 1),
        ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    command: ", 4, 14),
    ],
)
def test_every_front_end_refuses_deep_substitutions_at_their_line(
    name: str, prefix: str, line: int, column: int
) -> None:
    found = problems(prefix + substitutions(10_000) + "\n", name)
    assert found == [
        (
            "HC001",
            line,
            column + len("echo ") + 2 * MAX_SUBSTITUTION_NESTING,
            "command substitutions nested more than 64 levels deep; not checked",
        )
    ]


def test_a_python_string_run_by_a_shell_is_bounded_too() -> None:
    source = "import subprocess\nsubprocess.run(['sh', '-c', '" + substitutions(200) + "'])\n"
    ((code, line, _column, message),) = problems(source, "sdk.py")
    assert (code, line) == ("HC001", 2) and "nested more than 64" in message


@pytest.mark.parametrize(
    "script",
    [
        "echo $( (cd /x && docker run --privileged y) )",
        "echo $(case x in a) docker run --privileged y;; esac)",
        "echo $(case x in (a) true;; esac; docker run --privileged y)",
        "echo `docker run --privileged y`",
        'echo "$(echo ")" && docker run --privileged y)"',
        "echo $(cat <<EOF\n)\nEOF\ndocker run --privileged y)",
    ],
)
def test_scripts_in_substitutions_are_still_found(script: str) -> None:
    assert any(
        [word.value for word in command.words[:3]] == ["docker", "run", "--privileged"]
        for command in commands_in(parse_shell(script, one_line))
    )


# ---------------------------------------------------------------- ${…} interpolation


def interpolation(levels: int) -> str:
    return "${V:-" * levels + "x" + "}" * levels


def test_interpolation_at_the_bound_resolves() -> None:
    assert substitute(interpolation(MAX_SUBSTITUTION_NESTING), lambda _name: None) == "x"


def test_interpolation_past_the_bound_is_unresolved_without_recursing() -> None:
    value = substitute(interpolation(100_000), lambda _name: None)
    assert isinstance(value, Unresolved) and "nested more than 64 levels deep" in value.reason


@pytest.mark.parametrize(
    ("name", "prefix", "line", "column"),
    [
        ("Dockerfile", "FROM alpine:3.20\nENV A=", 2, 7),
        ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    environment:\n      A: ", 5, 10),
    ],
)
def test_deep_interpolation_is_refused_where_crossed(name: str, prefix: str, line: int, column: int) -> None:
    found = problems(prefix + interpolation(100_000) + "\n", name)
    assert found == [
        (
            "HC001",
            line,
            column + len("${V:-") * MAX_SUBSTITUTION_NESTING,
            "${…} substitutions nested more than 64 levels deep; not checked",
        )
    ]


def test_interpolation_written_with_yaml_escapes_is_bounded_in_the_expander() -> None:
    escaped = "\\u0024{V:-" * 1_000 + "x" + "}" * 1_000
    compose = f'services:\n  web:\n    image: "{escaped}"\n'
    assert problems(compose, "compose.yaml") == []
