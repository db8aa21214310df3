"""The command-line reader and the program tables: options, values, operands, each located."""

from __future__ import annotations

import importlib

import pytest

from hullcheck.model import command_line
from hullcheck.model.command_line import CommandLine, CommandSyntax, command_syntax, read_command_line
from hullcheck.model.span import Located, Span
from hullcheck.parsers import docker_cli


def words(text: str) -> list[Located[str]]:
    """The blank-separated words of one line, each at its columns."""
    found, column = [], 1
    for word in text.split(" "):
        found.append(Located(word, Span(1, column, 1, column + len(word))))
        column += len(word) + 1
    return found


def read(text: str, syntax: CommandSyntax) -> CommandLine:
    """Read a command line's arguments (its words after the program's name)."""
    return read_command_line(words(text)[1:], syntax)


def options(line: CommandLine) -> list[tuple[str, str | None]]:
    return [(option.name, option.value_text) for option in line.options]


def operands(line: CommandLine) -> list[str]:
    return [operand.value for operand in line.operands]


def test_short_options_combine_and_the_first_taking_a_value_ends_the_word() -> None:
    line = read("curl -fsSLko out.tgz --output=x --output y URL", command_line.CURL)
    assert [option.written for option in line.options] == ["-f", "-s", "-S", "-L", "-k", "-o", "--output", "--output"]
    assert [option.value_text for option in line.named("--output")] == ["out.tgz", "x", "y"]
    assert operands(line) == ["URL"]


def test_aliases_read_as_one_canonical_option_and_keep_their_spelling() -> None:
    line = read("curl -k --insecure -O https://x", command_line.CURL)
    assert [(o.name, o.written) for o in line.options] == [
        ("--insecure", "-k"),
        ("--insecure", "--insecure"),
        ("--remote-name", "-O"),
    ]


def test_an_attached_value_is_the_rest_of_the_word() -> None:
    assert options(read("curl -ofile -Hx:y URL", command_line.CURL)) == [("--output", "file"), ("--header", "x:y")]
    # getopt keeps "=" in a short option's attached value; pflag drops it
    assert options(read("curl -o=file URL", command_line.CURL)) == [("--output", "=file")]
    assert options(read("dockerd -H=tcp://h:2376", command_line.DOCKERD)) == [("--host", "tcp://h:2376")]


def test_values_are_located_at_their_own_words() -> None:
    line = read("curl -o out URL --output=x", command_line.CURL)
    separate, attached = line.named("--output")
    assert separate.value == Located("out", Span(1, 9, 1, 12))
    assert (separate.word.span, separate.span, separate.value_index) == (Span(1, 6, 1, 8), Span(1, 6, 1, 12), 1)
    assert attached.value == Located("x", Span(1, 17, 1, 27)) and attached.span == Span(1, 17, 1, 27)
    assert attached.value_index == attached.index == 3


def test_double_dash_ends_the_options() -> None:
    line = read("curl -k -- -o URL", command_line.CURL)
    assert (options(line), operands(line), line.terminator, line.end) == ([("--insecure", None)], ["-o", "URL"], 1, 2)
    assert read("sudo -- ls -l", command_line.SUDO).end == 1


def test_a_permuting_program_reads_options_after_operands() -> None:
    line = read("curl https://x -k -o out", command_line.CURL)
    assert options(line) == [("--insecure", None), ("--output", "out")]
    assert (operands(line), line.operand_indices, line.end) == (["https://x"], (0,), 4)


def test_a_wrapper_stops_at_its_first_operand() -> None:
    line = read("sudo -Eu app curl -k https://x", command_line.SUDO)
    assert options(line) == [("-E", None), ("--user", "app")]
    assert (operands(line), line.end) == (["curl", "-k", "https://x"], 2)
    assert read("timeout -s KILL 10 make -j", command_line.TIMEOUT).operand_indices == (2, 3, 4)


def test_an_optional_value_is_read_only_when_attached() -> None:
    assert options(read("perl -MCPAN -e shell", command_line.PERL)) == [("-M", "CPAN"), ("-e", "shell")]
    assert options(read("perl -l -e x", command_line.PERL)) == [("-l", None), ("-e", "x")]
    line = read("wget --check-certificate=quiet --check-certificate https://x", command_line.WGET)
    assert (options(line), operands(line)) == (
        [("--check-certificate", "quiet"), ("--check-certificate", None)],
        ["https://x"],
    )
    # ``xargs -i`` takes the rest of its word only: ``-i {}`` leaves ``{}`` an operand
    assert operands(read("xargs -i {} rm", command_line.XARGS)) == ["{}", "rm"]


def test_pflag_booleans_take_a_value_only_after_equals() -> None:
    line = read("dockerd -D=false -DH tcp://h --tls --tlsverify=0", command_line.DOCKERD)
    assert options(line) == [
        ("--debug", "false"),
        ("--debug", None),
        ("--host", "tcp://h"),
        ("--tls", None),
        ("--tlsverify", "0"),
    ]
    assert operands(read("dockerd --tlsverify false", command_line.DOCKERD)) == ["false"]


def test_dockerd_hosts_and_tls_are_located_for_the_rule() -> None:
    line = read("dockerd -H tcp://0.0.0.0:2375 --tlsverify=false", command_line.DOCKERD)
    (host,) = line.named("--host")
    assert host.value == Located("tcp://0.0.0.0:2375", Span(1, 12, 1, 30))
    assert (host.written, host.word.span) == ("-H", Span(1, 9, 1, 11))
    (verify,) = line.named("--tlsverify")
    assert verify.value == Located("false", Span(1, 31, 1, 48)) and not verify.separate
    hosts = read("dockerd --host=unix:///var/run/docker.sock -H tcp://0.0.0.0:2375", command_line.DOCKERD)
    assert [option.value_text for option in hosts.named("--host")] == [
        "unix:///var/run/docker.sock",
        "tcp://0.0.0.0:2375",
    ]


def test_unknown_options_are_switches_named_as_written() -> None:
    line = read("curl --compressed -Z https://x --unknown=3", command_line.CURL)
    assert options(line) == [("--compressed", None), ("-Z", None), ("--unknown", "3")]
    assert line.unknown is None


def test_a_table_can_stop_at_an_unknown_option() -> None:
    syntax = command_syntax(values="-u --user", switches="-i, -t", permute=False, pflag=True, stop_at_unknown=True)
    line = read("docker -it -X -u root alpine", syntax)
    assert options(line) == [("-i", None), ("-t", None)]
    assert line.unknown is not None and (line.unknown.written, line.unknown.index, line.end) == ("-X", 1, 2)
    assert line.operands == ()  # the words after an unknown option are unread: it may take one


def test_an_option_marked_last_ends_the_options() -> None:
    line = read("python3 -u -c print(1) -v", command_line.PYTHON)
    assert (options(line), operands(line)) == ([("-u", None), ("-c", "print(1)")], ["-v"])
    line = read("python3 -mpip install -k", command_line.PYTHON)
    assert (options(line), operands(line)) == ([("-m", "pip")], ["install", "-k"])


def test_plus_options_and_a_lone_dash() -> None:
    assert options(read("sh +e -o pipefail +o errexit -c x", command_line.SHELL)) == [
        ("+e", None),  # named as written: the table does not know it
        ("-o", "pipefail"),
        ("-o", "errexit"),
        ("-c", None),
    ]
    assert operands(read("bash - x", command_line.SHELL)) == ["-", "x"]
    assert options(read("env - A=1 ls", command_line.ENV)) == [("--ignore-environment", None)]


def test_opaque_words_are_operands_even_when_they_look_like_options() -> None:
    arguments = words("sudo -u root -$X ls")[1:]
    line = read_command_line(arguments, command_line.SUDO, opaque={2})
    assert (options(line), operands(line)) == ([("--user", "root")], ["-$X", "ls"])
    # an option still takes one as its value
    line = read_command_line(words("sudo -u $U ls")[1:], command_line.SUDO, opaque={1})
    assert (options(line), operands(line)) == ([("--user", "$U")], ["ls"])


def test_reading_starts_where_asked() -> None:
    line = read_command_line(words("sudo -E env -i ls"), command_line.ENV, start=3)
    assert ([(option.name, option.index) for option in line.options], operands(line)) == (
        [("--ignore-environment", 3)],
        ["ls"],
    )


def test_a_spelling_is_declared_once() -> None:
    with pytest.raises(ValueError, match="-o is declared twice"):
        len(command_syntax(values="-o --output", switches="-o").options)
    with pytest.raises(ValueError, match="does not declare"):
        len(command_syntax(values="-c", last="-m").options)


def tables() -> list[tuple[str, CommandSyntax]]:
    """Every table the modules define (each read at its first use, not at import)."""
    modules = [command_line, docker_cli, *(importlib.import_module(name) for name in _MODULES_WITH_TABLES)]
    return [
        (f"{module.__name__}.{name}", value)
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, CommandSyntax)
    ]


_MODULES_WITH_TABLES = (
    "hullcheck.model.commands.package_caches",
    "hullcheck.model.commands.archives",
    "hullcheck.parsers.shell_variables",
)


@pytest.mark.parametrize(("name", "syntax"), tables(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_table_reads(name: str, syntax: CommandSyntax) -> None:
    assert syntax.options or name.endswith(("PLAIN", "NO_OPTIONS"))


@pytest.mark.parametrize(
    ("syntax", "text", "expected_options", "expected_operands"),
    [
        (
            command_line.WGET,
            "wget -nv -qO- https://x",
            [("-n", "v"), ("--quiet", None), ("--output-document", "-")],
            ["https://x"],
        ),
        (command_line.FETCH, "fetch -o - https://x", [("--output", "-")], ["https://x"]),
        (
            command_line.PIP,
            "pip install -r r.txt --trusted-host h x",
            [("--requirement", "r.txt"), ("--trusted-host", "h")],
            ["install", "x"],
        ),
        (
            command_line.UV,
            "uv pip install --trusted-host h x",
            [("--allow-insecure-host", "h")],
            ["pip", "install", "x"],
        ),
        (
            command_line.APT,
            "apt-get -o A=1 -t stable install x",
            [("--option", "A=1"), ("--target-release", "stable")],
            ["install", "x"],
        ),
        (
            command_line.YUM,
            "dnf --setopt=gpgcheck=0 -x k install x",
            [("--setopt", "gpgcheck=0"), ("--exclude", "k")],
            ["install", "x"],
        ),
        (
            command_line.GIT,
            "git -C /src -c http.sslVerify=false fetch",
            [("-C", "/src"), ("-c", "http.sslVerify=false")],
            ["fetch"],
        ),
        (command_line.DOAS, "doas -u app ls", [("-u", "app")], ["ls"]),
        (command_line.NICE, "nice -n 5 make", [("--adjustment", "5")], ["make"]),
        (command_line.TIME, "time -f %e make", [("--format", "%e")], ["make"]),
        (command_line.EXEC, "exec -a name sleep", [("-a", "name")], ["sleep"]),
        (command_line.COMMAND, "command -v curl", [("-v", None)], ["curl"]),
        (command_line.NO_OPTIONS, "gosu app ls -l", [], ["app", "ls", "-l"]),
        (command_line.RUBY, "ruby -rjson -e x", [("-r", "json"), ("-e", "x")], []),
        (command_line.NODE, "node --require=x -e code", [("--require", "x"), ("--eval", "code")], []),
        (command_line.PHP, "php -d memory_limit=-1 -r code", [("-d", "memory_limit=-1"), ("-r", "code")], []),
        (command_line.PLAIN, "npm --strict-ssl=false install", [("--strict-ssl", "false")], ["install"]),
    ],
)
def test_program_tables(
    syntax: CommandSyntax, text: str, expected_options: list[tuple[str, str | None]], expected_operands: list[str]
) -> None:
    line = read(text, syntax)
    assert (options(line), operands(line)) == (expected_options, expected_operands)
