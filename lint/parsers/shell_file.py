"""Shell scripts: the docker and podman commands they run, onto the container model.

The script is split by the shell tokenizer (comments, quotes, line continuations, heredoc
bodies as data, ``$(…)`` and ``sh -c '…'`` parsed too); each command's words are expanded with
the variables whose values the script makes known (see hullcheck.parsers.shell_variables) and
read by the docker CLI parser. ``DOCKER_HOST`` set or exported in the script configures its clients, and
``DOCKER_TLS_VERIFY`` set anywhere in it turns their TLS on.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right

from hullcheck.model.code import ShellFile
from hullcheck.model.container import EngineClient, MaybeText, Origin
from hullcheck.model.shell import ShellCommand, is_assignment
from hullcheck.model.span import Located, Span
from hullcheck.model.values import tls_verify_on
from hullcheck.parsers.docker_cli import script_calls, shell_arguments
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_variables import ScriptVariables

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
_SHEBANG = re.compile(r"#!\s*(\S+)[ \t]*(.*)")


def shebang_program(text: str) -> str | None:
    """The program a ``#!`` first line runs (``bash`` for ``#!/usr/bin/env -S bash -e``)."""
    match = _SHEBANG.match(text.removeprefix("\ufeff"))
    if match is None:
        return None
    program = posixpath.basename(match.group(1))
    if program == "env":
        words = [word for word in match.group(2).split() if not word.startswith("-") and "=" not in word]
        program = posixpath.basename(words[0]) if words else ""
    return program or None


def parse_shell_file(text: str, path: str) -> ShellFile:
    model = ShellFile(path)
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(offset: int) -> tuple[int, int]:
        line = bisect_right(line_starts, offset) - 1
        return line + 1, offset - line_starts[line] + 1

    def span_of(start: int, end: int) -> Span:
        return Span(*position(start), *position(max(end, start)))

    script = parse_shell(text, span_of)
    add_nested_scripts(script)
    variables = ScriptVariables(script)
    model.calls = script_calls(script, Origin.SHELL, variables=variables)
    model.variable_uses = list(variables.uses.values())
    environment = _exported(script.commands)
    host = environment.get("DOCKER_HOST")
    if host is not None:
        model.calls.clients.append(EngineClient("DOCKER_HOST", host.span, Origin.SHELL, host))
    verify = environment.get("DOCKER_TLS_VERIFY")
    for client in model.calls.clients:
        if client.tls is None and verify is not None:
            client.tls = Located(tls_verify_on(verify.value), verify.span)
    return model


def _exported(commands: list[ShellCommand]) -> dict[str, MaybeText]:
    """``DOCKER_HOST`` and ``DOCKER_TLS_VERIFY`` as the script sets them for what follows:
    ``export NAME=value`` or ``NAME=value`` alone; the last setting wins."""
    found: dict[str, MaybeText] = {}
    for command in commands:
        if command.name in ("export", "declare", "typeset"):
            skipped = command.program + 1
        elif command.program == len(command.words):
            skipped = 0
        else:
            continue
        for argument in shell_arguments(command)[skipped:]:
            name = argument.text.partition("=")[0]
            if is_assignment(argument.text) and name in ("DOCKER_HOST", "DOCKER_TLS_VERIFY"):
                found[name] = argument.located(len(name) + 1)
    return found
