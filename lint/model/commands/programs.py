"""Which program a shell command runs: through wrappers (sudo, env, timeout …), and how an
interpreter is given its program (``sh -c CODE``, a script, standard input)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from hullcheck.model import command_line
from hullcheck.model.command_line import CommandSyntax, read_command_line
from hullcheck.model.shell import ShellCommand
from hullcheck.model.span import Located
from hullcheck.records import Record


def word_set(*groups: str) -> frozenset[str]:
    """The words of the space-separated ``groups``: a table of option names, written compactly."""
    return frozenset(name for group in groups for name in group.split())


def effective(command: ShellCommand) -> ShellCommand:
    """The program that does the work: through ``sudo``/``env``/``timeout`` …, ``busybox wget``
    and ``python -m pip``."""
    command = command.unwrapped()
    if command.name == "busybox" and command.arguments:
        return command.tail(0).unwrapped()
    if interpreter_kind(command.name) == "python":
        modules = read_command_line(command.arguments, command_line.PYTHON).named("-m")
        # pip's command starts at the module's own word: ``-m pip``, not ``-mpip``
        module = modules[0].value if modules and modules[0].separate else None
        if module is not None and module.value in ("pip", "pip3"):
            return command.tail(modules[0].index + 1)
    return command


def wrapper_chain(command: ShellCommand) -> Iterator[ShellCommand]:
    """The command, then each command it wraps: ``env A=1 sudo apt-get`` gives three."""
    current: ShellCommand | None = command
    while current is not None:
        yield current
        current = current.wrapped()


_INTERPRETER_NAMES = (
    ("shell", re.compile(r"(?:ba|da|a|z|k|mk|ya)?sh")),
    ("python", re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?")),
    ("perl", re.compile(r"perl(?:\d+(?:\.\d+)*)?")),
    ("ruby", re.compile(r"ruby(?:\d+(?:\.\d+)*)?")),
    ("node", re.compile(r"node(?:js)?")),
    ("php", re.compile(r"php(?:\d+(?:\.\d+)*)?")),
)


@functools.lru_cache(maxsize=1024)  # asked of every command by many rules; names repeat
def interpreter_kind(name: str) -> str | None:
    """``shell``, ``python``, ``perl``, ``ruby``, ``node`` or ``php`` for an interpreter's name."""
    for kind, pattern in _INTERPRETER_NAMES:
        if pattern.fullmatch(name):
            return kind
    return None


class _Interpreter(Record, frozen=True, slots=True):
    syntax: CommandSyntax
    code: frozenset[str]  # options whose value is the program (``-c``, ``--eval``) or its module (``-m``)
    stdin: frozenset[str] = frozenset()  # options that make it read the program from standard input


_INTERPRETERS = {
    "shell": _Interpreter(command_line.SHELL, word_set("-c"), stdin=word_set("-s")),
    "python": _Interpreter(command_line.PYTHON, word_set("-c -m")),
    "perl": _Interpreter(command_line.PERL, word_set("-e -E")),
    "ruby": _Interpreter(command_line.RUBY, word_set("-e")),
    "node": _Interpreter(command_line.NODE, word_set("--eval --print")),
    "php": _Interpreter(command_line.PHP, word_set("-r -f -B -R -E -F")),
}


class Invocation(Record, frozen=True, slots=True):
    """How an interpreter was started: its program text, script operand, or standard input."""

    code: Located[str] | None = None  # ``sh -c CODE``, ``python -c CODE``
    script: Located[str] | None = None  # ``bash install.sh``, ``bash <(curl …)``
    reads_stdin: bool = False


def interpreter_invocation(command: ShellCommand) -> Invocation | None:
    kind = interpreter_kind(command.name)
    if kind is None:
        return None
    interpreter = _INTERPRETERS[kind]
    line = read_command_line(command.arguments, interpreter.syntax)
    first = line.operands[0] if line.operands else None
    for option in line.options:
        if option.name in interpreter.code:
            # ``sh -c CODE``: the code is the first operand, not the option's value
            return Invocation(code=first if kind == "shell" else option.value)
    stdin = any(option.name in interpreter.stdin for option in line.options)
    # ``php -- args``: what follows ``--`` are the arguments of a program read from standard input
    if stdin or first is None or first.value == "-" or (kind == "php" and line.terminator is not None):
        return Invocation(reads_stdin=True)
    return Invocation(script=first)


def shell_code(command: ShellCommand) -> Located[str] | None:
    """The word whose text a shell runs as its script: ``sh -c CODE``, ``sudo bash -ec CODE``."""
    inner = effective(command)
    invocation = interpreter_invocation(inner) if interpreter_kind(inner.name) == "shell" else None
    return None if invocation is None else invocation.code


def runs_program_from_stdin(command: ShellCommand) -> bool:
    """True when this interpreter reads its program from standard input: ``sh``, ``bash -s --
    args``, ``python3 -``, ``php -- --install-dir=…``; not ``bash -c …`` or ``python app.py``."""
    invocation = interpreter_invocation(effective(command))
    return invocation is not None and invocation.reads_stdin
