"""The ``sh -c`` strings a container runs, as every front end but Compose hands them over: traced
to the file character by character where the text is written as is (a Python string without
escapes, a shell word through its quotes, over several lines too), and known not to be what runs
where a shell expands something in it first (``sh -c "ls $HOME"`` in a script, a Python
f-string's field)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions
from hullcheck.frontends import FrontEnd, front_end_for_content, front_end_for_path
from hullcheck.model.commands.whole_scripts import container_whole_scripts
from hullcheck.model.container import Container
from hullcheck.model.node import Node
from hullcheck.model.shell import ScriptText
from hullcheck.model.span import LineOrigin, MovingSpan, Span
from hullcheck.parsers.docker_cli import exact_span
from hullcheck.parsers.python import parse_python
from hullcheck.parsers.shell_file import parse_shell_file

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "shellcheck"
ORIGIN_FIXTURES = ["sdk.py", "testcontainers.py", "whales.py", "subprocess.py", "run.sh", "Dockerfile.docker-run"]


def containers(path: Path) -> Iterator[Container]:
    text = path.read_text(encoding="utf-8")
    front_end = front_end_for_path(str(path)) or front_end_for_content(path.name, text)
    assert isinstance(front_end, FrontEnd)
    model = front_end.parse(text, path.name, str(path), LintOptions(rules=())).model
    assert model is not None
    yield from _containers(model)


def _containers(node: Node) -> Iterator[Container]:
    if isinstance(node, Container):
        yield node
    for child in node.children():
        yield from _containers(child)


def sources(found: list[Container]) -> list[ScriptText]:
    """The scripts the containers' shells run, those whose text is not what runs too."""
    texts: list[ScriptText] = []
    for container in found:
        for script in (container.command, container.entrypoint):
            texts.extend(source for source in (script.sources if script is not None else []) if source.runner)
    return texts


def written(lines: list[str], source: ScriptText, start: int, end: int) -> str:
    span = source.span_of(start, end)
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    inner = lines[span.line : span.end_line - 1]
    return "\n".join([lines[span.line - 1][span.column - 1 :], *inner, lines[span.end_line - 1][: span.end_column - 1]])


@pytest.mark.parametrize("name", ORIGIN_FIXTURES)
def test_every_character_of_an_exact_script_is_where_the_file_has_it(name: str) -> None:
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    scripts = [
        script.source for container in containers(FIXTURES / name) for script in container_whole_scripts(container)
    ]
    exact = [source for source in scripts if source.exact]
    assert exact, "the fixture shows a script traced character by character"
    for source in exact:
        for index, char in enumerate(source.text):
            assert written(lines, source, index, index + 1) == char, (source.text, index)
        assert written(lines, source, 0, len(source.text)) == source.text


def python_sources(code: str) -> list[ScriptText]:
    return sources(parse_python(textwrap.dedent(code), "x.py").calls.containers)


@pytest.mark.parametrize(
    ("code", "exact", "expanded"),
    [
        # an argv list item, a command string split by the SDK (no shell expands it)
        ('client.containers.run("x:1", ["sh", "-c", "ls $HOME"])', True, False),
        ('client.containers.run("x:1", \'sh -c "ls $HOME"\')', True, False),
        # escapes: the value is not the text written, so it is found at the whole string
        ('client.containers.run("x:1", ["sh", "-c", "ls \\"$HOME\\""])', False, False),
        # implicit concatenation: the same
        ('client.containers.run("x:1", ["sh", "-c", "ls " "$HOME"])', False, False),
        # an f-string's field is not known: the text is not what runs
        ('client.containers.run("x:1", ["sh", "-c", f"ls {path}"])', False, True),
    ],
)
def test_python_strings(code: str, exact: bool, expanded: bool) -> None:
    (source,) = python_sources(f"import docker\nclient = docker.from_env()\npath = input()\n{code}\n")
    assert (source.exact, source.expanded) == (exact, expanded)


def test_a_python_argv_script_is_traced_to_its_column() -> None:
    code = 'import docker\ndocker.from_env().containers.run("x:1", ["sh", "-c", "cd /srv; ls $(pwd)"])\n'
    (source,) = python_sources(code)
    start = source.text.index("$(pwd)")
    span = source.span_of(start, start + len("$(pwd)"))
    column = code.splitlines()[1].index("$(pwd)") + 1
    assert span == Span(2, column, 2, column + len("$(pwd)"))


def test_a_triple_quoted_script_keeps_its_lines() -> None:
    code = 'import docker\ndocker.from_env().containers.run("x:1", ["sh", "-c", """\n  cd /srv\n  ls $(pwd)\n"""])\n'
    (source,) = python_sources(code)
    start = source.text.index("$(pwd)")
    span = source.span_of(start, start + 6)
    assert (span.line, span.column, span.end_line, span.end_column) == (4, 6, 4, 12)


def test_subprocess_docker_run_argv() -> None:
    code = 'import subprocess\nsubprocess.run(["docker", "run", "x:1", "sh", "-c", "ls $(pwd)"])\n'
    (source,) = python_sources(code)
    assert source.exact and not source.expanded
    assert source.span_of(3, 9).column == code.splitlines()[1].index("$(pwd)") + 1


def shell_sources(text: str) -> list[ScriptText]:
    return sources(parse_shell_file(text, "run.sh").calls.containers)


@pytest.mark.parametrize(
    ("line", "exact", "expanded"),
    [
        ("docker run x:1 sh -c 'ls $(pwd)'", True, False),
        # the script's own shell expands $HOME first: what runs is not this text
        ('docker run x:1 sh -c "ls $HOME"', True, True),
        # escaped, the dollar reaches the container's shell; the escape is written there
        ('docker run x:1 sh -c "ls \\$HOME"', False, False),
        # a variable of the script, known: its value runs
        ("cmd='ls /srv'\ndocker run x:1 sh -c \"$cmd\"", False, False),
    ],
)
def test_shell_words(line: str, exact: bool, expanded: bool) -> None:
    (source,) = shell_sources(f"#!/bin/sh\n{line}\n")
    assert (source.exact, source.expanded) == (exact, expanded)


def test_a_shell_word_over_several_lines_keeps_its_lines() -> None:
    text = "#!/bin/sh\ndocker run x:1 sh -c '\n  cd /srv\n  ls $(pwd)\n'\n"
    (source,) = shell_sources(text)
    assert source.exact
    start = source.text.index("$(pwd)")
    span = source.span_of(start, start + 6)
    assert (span.line, span.column, span.end_line, span.end_column) == (4, 6, 4, 12)


def test_exact_span_over_lines() -> None:
    span_of = exact_span(Span(3, 8, 6, 3), "ab\ncd\n\nef", indent=2)
    assert span_of(1, 4) == Span(3, 11, 4, 2)
    assert span_of(3, 5) == Span(4, 1, 4, 3)
    assert span_of(7, 9) == Span(6, 1, 6, 3)
    assert span_of(1, 1) == Span(3, 11, 3, 11)


def test_exact_spans_are_made_where_the_text_is_when_asked() -> None:
    # a stage the language server takes again below an added line moves its spans (MovingSpan):
    # the spans of a script's text, made as they are asked for, are where it is then
    origin = LineOrigin()
    span_of = exact_span(MovingSpan(origin, 3, 10, 4, 3), "ab\ncd")
    origin.moved += 2
    assert span_of(1, 4) == Span(5, 11, 6, 2)
    origin.moved -= 1
    assert span_of(4, 5) == Span(5, 2, 5, 3)
