from __future__ import annotations

from hullcheck.model.dockerfile import (
    AddInstruction,
    CommandInstruction,
    EnvInstruction,
    ExposeInstruction,
    RunInstruction,
)
from hullcheck.model.span import Span
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.shell import parse_shell


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


def words(text: str) -> list[list[list[str]]]:
    script = parse_shell(text, one_line)
    return [[[word.value for word in command.words] for command in pipeline.commands] for pipeline in script.pipelines]


def test_lists_pipelines_quotes_and_comments() -> None:
    assert words("a && b 'c d' || e \"f $g\"; h | i # j | k") == [
        [["a"]],
        [["b", "c d"]],
        [["e", "f $g"]],
        [["h"], ["i"]],
    ]


def test_substitutions_stay_inside_their_word() -> None:
    assert words('sh -c "$(curl -s https://x | tr a b)" `x | y`') == [
        [["sh", "-c", "$(curl -s https://x | tr a b)", "`x | y`"]]
    ]


def test_redirections_are_not_arguments() -> None:
    script = parse_shell("curl -o- https://x 2>/dev/null > out.sh", one_line)
    (command,) = script.commands
    assert [w.value for w in command.words] == ["curl", "-o-", "https://x"]
    assert [r.value for r in command.redirects] == ["/dev/null", "out.sh"]


def test_word_spans_and_unwrapping() -> None:
    (command,) = parse_shell("sudo -E env A=1 apt-get install -y x", one_line).commands
    assert command.words[3].span == Span(1, 13, 1, 16)
    inner = command.unwrapped()
    assert inner.name == "apt-get" and [w.value for w in inner.arguments] == ["install", "-y", "x"]


def test_reserved_words_and_groups() -> None:
    assert words("if [ -f a ]; then sudo x; fi") == [[["[", "-f", "a", "]"]], [["sudo", "x"]]]
    assert words("{ a; b; }") == [[["a"]], [["b"]]]


def test_run_script_in_every_form() -> None:
    text = (
        "FROM alpine:3.20\n"
        "RUN curl -fsSL https://get.example | \\\n    sh -s -- --yes\n"
        'RUN ["sh", "-c", "wget -qO- https://x | bash"]\n'
        "RUN <<EOF\nset -e\nsudo apk add curl\nEOF\n"
    )
    runs = [
        i for i in parse_dockerfile(text, "Dockerfile").model.stages[0].instructions if isinstance(i, RunInstruction)
    ]
    shell_form, exec_form, heredoc = (run.script for run in runs)
    assert [[c.name for c in p.commands] for p in shell_form.pipelines] == [["curl", "sh"]]
    assert shell_form.commands[1].span == Span(3, 5, 3, 19)
    assert [[c.name for c in p.commands] for p in exec_form.pipelines] == [["sh"], ["wget", "bash"]]
    assert [c.unwrapped().name for c in heredoc.commands] == ["set", "apk"]
    assert heredoc.commands[1].words[1].span == Span(7, 6, 7, 9)


def test_env_expose_add_and_cmd_models() -> None:
    text = (
        "FROM alpine:3.20\n"
        'ENV A=1 B="two words" C=$A\n'
        "ENV LEGACY some value\n"
        "EXPOSE 80 2375/tcp\n"
        'ADD --checksum=sha256:abc https://example.com/a.tgz "/opt/my dir/"\n'
        'CMD ["dockerd", "-H", "tcp://0.0.0.0:2375"]\n'
    )
    env, legacy, expose, add, cmd = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
    assert isinstance(env, EnvInstruction) and isinstance(legacy, EnvInstruction)
    assert [(a.name.value, a.value.value if a.value else None) for a in env.assignments] == [
        ("A", "1"),
        ("B", "two words"),
        ("C", "$A"),
    ]
    assert env.assignments[1].value is not None and env.assignments[1].value.span == Span(2, 11, 2, 22)
    assert [(a.name.value, a.value.value if a.value else None) for a in legacy.assignments] == [
        ("LEGACY", "some value")
    ]
    assert isinstance(expose, ExposeInstruction) and [p.value for p in expose.ports] == ["80", "2375/tcp"]
    assert isinstance(add, AddInstruction) and add.flag("checksum") is not None
    assert [s.value for s in add.sources] == ["https://example.com/a.tgz"]
    assert add.destination is not None and add.destination.value == "/opt/my dir/"
    assert isinstance(cmd, CommandInstruction)
    assert [w.value for w in cmd.script.commands[0].words] == ["dockerd", "-H", "tcp://0.0.0.0:2375"]
