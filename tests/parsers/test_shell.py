from __future__ import annotations

from hullcheck.model.dockerfile import (
    AddInstruction,
    CommandInstruction,
    EnvInstruction,
    ExposeInstruction,
    RunInstruction,
)
from hullcheck.model.shell import ShellCommand
from hullcheck.model.span import Located, Span
from hullcheck.parsers.compose import parse_compose
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


def test_each_script_text_maps_back_to_the_file() -> None:
    text = (
        "FROM alpine:3.20\nRUN apk add curl && \\\n    curl -k https://x\nRUN <<EOF\nset -e\n  wget -q https://y\nEOF\n"
    )
    continued, heredoc = (
        i.script
        for i in parse_dockerfile(text, "Dockerfile").model.stages[0].instructions
        if isinstance(i, RunInstruction)
    )
    (source,) = continued.sources
    assert source.text == "apk add curl &&     curl -k https://x"
    start = source.text.index("curl -k")
    assert source.span_of(start, start + 7) == Span(3, 5, 3, 12)
    assert source.span_of(0, len(source.text)) == Span(2, 5, 3, 22)  # across the continuation
    (body,) = heredoc.sources  # ``<<EOF`` alone runs no command: the body is the script
    assert body.text == "set -e\n  wget -q https://y"
    start = body.text.index("wget")
    assert body.span_of(start, start + 7) == Span(6, 3, 6, 10)


def test_a_compose_command_string_maps_back_to_the_file() -> None:
    text = "services:\n  web:\n    image: alpine\n    command: sh -c 'curl -k https://x'\n"
    script = parse_compose(text, "compose.yaml", {}).model.containers[0].command
    assert script is not None
    command, nested = script.sources  # the string sh -c runs is a script too, traced through its quotes
    start = command.text.index("-k")
    assert command.span_of(start, start + 2) == Span(4, 26, 4, 28)
    assert nested.text == "curl -k https://x" and nested.span_of(5, 7) == Span(4, 26, 4, 28)
    assert nested.exact and nested.runner is not None and nested.runner.name == "sh"


def test_a_nested_script_is_traced_through_quotes_and_escapes_across_continued_lines() -> None:
    text = 'FROM alpine\nRUN true && \\\n  bash -c "echo \\"\\$HOME\\" $x" && sh -c \'ls  $y\'\n'
    run = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions[0]
    _own, bash, sh = run.script.sources
    assert bash.text == 'echo "$HOME" $x' and bash.runner is not None and bash.runner.name == "bash"
    home, x = bash.text.index("$HOME"), bash.text.index("$x")
    assert bash.span_of(home, home + 5) == Span(3, 20, 3, 25)  # after the escaping backslash
    assert bash.span_of(x, x + 2) == Span(3, 28, 3, 30)
    assert sh.span_of(4, 6) == Span(3, 46, 3, 48)


def test_an_ansi_c_quoted_script_maps_to_its_whole_word() -> None:
    text = "FROM alpine\nRUN sh -c $'echo \\tx'\n"
    run = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions[0]
    nested = run.script.sources[-1]
    assert not nested.exact and nested.span_of(0, 1) == Span(2, 11, 2, 22)


def test_an_exec_form_has_no_script_text() -> None:
    (run,) = [
        i
        for i in parse_dockerfile('FROM alpine\nRUN ["curl", "-k", "x"]\n', "Dockerfile").model.stages[0].instructions
        if isinstance(i, RunInstruction)
    ]
    assert run.script.sources == []


def placements(text: str) -> dict[str, tuple[bool, int | None, str | None]]:
    """Each command's first word: whether it is at the top level, the column of the function
    it is in, and its header."""
    script = parse_shell(text, one_line)
    return {
        command.words[0].value: (
            command.placement.top_level,
            command.placement.function.column if command.placement.function else None,
            command.header,
        )
        for command in script.every_command()
    }


def test_where_commands_stand() -> None:
    found = placements(
        "a; if b; then c; fi; d && e || f; g | h; i & j; { k; }; ( l ); m=$(n);"
        " while o; do p; done; case q in r) s;; esac; for t in u; do v; done; (( w += 1 )); x &&\n y; z"
    )
    top = {name for name, (top_level, _function, _header) in found.items() if top_level}
    assert top == {"a", "d", "j", "m=$(n)", " w += 1 ", "x", "z"}  # not y, after "&&" and a newline
    assert found["t"][2] == "for" and found["q"][2] == "case" and found[" w += 1 "][2] == "(("


def test_function_bodies() -> None:
    text = "f() { a; }; function g { b; }; function h() ( c ); k () {\n d; if e; then i; fi; }; j"
    found = placements(text)
    assert found["a"] == (False, 1, None)
    assert found["b"][1] == text.index("g {") + 1 and found["c"][1] == text.index("h()") + 1
    assert found["d"][1] == found["i"][1] == text.index("k ()") + 1
    assert found["j"] == (True, None, None)
    assert "f" not in found and "function" not in found  # a function's name is no command


def test_array_assignments_are_one_word() -> None:
    assert words("A=(x y) B+=(z); echo") == [[["A=(x y)", "B+=(z)"]], [["echo"]]]


def test_a_child_script_is_never_top_level() -> None:
    sh = Located("sh", Span(1, 1, 1, 3))
    script = parse_shell("a; b=$(c)", one_line, runner=ShellCommand((sh,), ("sh",), sh.span))
    assert all(command.placement.child and not command.placement.top_level for command in script.every_command())


def test_a_tab_stripped_heredoc_maps_to_the_columns_past_its_tabs() -> None:
    text = "FROM alpine\nRUN <<-EOF\n\t\tcurl -k https://x\n\tEOF\n"
    run = parse_dockerfile(text, "Dockerfile").model.stages[0].instructions[0]
    (body,) = run.script.sources
    assert body.text == "curl -k https://x"
    assert body.span_of(5, 7) == Span(3, 8, 3, 10)  # two tabs, then ``curl ``
