"""What a shell script's variables hold where its commands use them.

As the Python front end follows a module constant, a variable's value is known at a use when it
can be nothing else there: the script assigns it exactly once (``IMG=…``, ``export``,
``readonly``, ``declare``/``typeset`` without options that change the value), and that
assignment runs once, unconditionally, in the script's own shell (not in ``if``, a loop,
``case``, a group, a subshell, a function, a pipeline, the background or after ``&&``/``||``)
before the use. Any other setting of the name makes it unknown everywhere: a second assignment,
``local``, ``read``, ``for NAME``, ``unset``, ``getopts``, ``mapfile``, ``printf -v``, ``let``,
``(( … ))``, ``${NAME:=…}``, an assignment in front of a command. A command in a function body
sees the value when the function is defined after the assignment (so every call is after it
too); a function defined before it may be called before it, so there the value is unknown.
``eval``, ``source`` and ``.`` may set anything: after one (or anywhere, in a function), values
are unknown. A script that ``sh -c`` runs is another shell: its variables stay unknown.

A name the script never sets is not set (the environment is not read, as for Compose files),
so ``${IMG:-alpine}`` is ``alpine`` and ``$IMG`` is unknown; for a Dockerfile RUN, whose
environment is the ARG and ENV in force, ``environment`` says what such a name holds.

Why a value is unknown says what set it, not on which line: the text stays in the model of a
Dockerfile stage the language server takes again below an added line (see MovingSpan), and the
finding's span is where the value is used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from hullcheck.model.command_line import command_syntax, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.dockerfile import Variables
from hullcheck.model.shell import ShellCommand, ShellScript, VariableUse, assigned_name
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.shell_words import Assigned, Lookup, VariableValue, expand_value
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

Environment = Callable[[str], VariableValue]

_DECLARATIONS = frozenset({"export", "readonly", "declare", "typeset", "local"})
_KEEP_VALUE = frozenset({"-x", "-r", "-g", "-p"})  # declare options that keep the value as written
_MAY_SET_ANYTHING = frozenset({"eval", "source", "."})
_READ = command_syntax(values="-a, -d, -i, -n, -N, -p, -t, -u")
_MAPFILE = command_syntax(values="-d, -n, -O, -s, -u, -C, -c")
_UNSET = command_syntax(switches="-v, -f, -n")
_ARITHMETIC = LazyPattern(
    r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)"
    r"|([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+\+|--)|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)"
)
_DEFAULT_ASSIGNMENT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?=")


class _Site(Record, frozen=True, slots=True):
    """One place that sets a variable. ``raw``: the value as written, when it is a plain
    assignment that runs once at the top level; else None."""

    name: str
    span: Span
    command: ShellCommand
    raw: str | None
    how: str  # what sets it, for the reason a value is unknown: "read", "a for loop" …


class _Sites(Record, frozen=True, slots=True):
    """What sets a script's variables: the same whatever its environment (read only)."""

    by_name: dict[str, list[_Site]]
    barriers: list[Span]  # eval, source and . outside functions
    barriers_in_functions: list[Span]


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _sites(script: ShellScript) -> _Sites:
    """Memoized by the script (the parser hands out the same one for an unchanged RUN): an
    editor's re-lint reads only the sites of the scripts an edit touched."""
    found = _Sites({}, [], [])
    for command in script.every_command():
        for name, raw, span, how in _settings(command):
            found.by_name.setdefault(name, []).append(_Site(name, span, command, raw, how))
        if command.name in _MAY_SET_ANYTHING and command.program < len(command.words):
            if command.placement.function is not None:
                found.barriers_in_functions.append(command.span)
            elif not command.placement.child:
                found.barriers.append(command.span)
    return found


class ScriptVariables:
    """The variables of one script (with its ``$(…)`` scripts and the ``sh -c`` scripts it runs)."""

    def __init__(self, script: ShellScript, environment: Environment | None = None) -> None:
        self.environment: Environment = environment or (lambda _name: None)
        found = _sites(script)
        self.sites = found.by_name
        self.barriers = found.barriers
        self.barriers_in_functions = found.barriers_in_functions
        self.splits_at_blanks = "IFS" not in self.sites
        self.values: dict[int, VariableValue] = {}  # of each plain site, by id, once computed
        self.uses: dict[Span, VariableUse] = {}  # where a known value was used, as words are read

    def lookup(self, command: ShellCommand) -> Lookup:
        """What each variable holds where ``command`` runs."""
        known: dict[str, VariableValue] = {}

        def value(name: str) -> VariableValue:
            if name not in known:
                known[name] = self.value(name, command)
            return known[name]

        return value

    def value(self, name: str, use: ShellCommand) -> VariableValue:
        placement = use.placement
        if placement.child:
            return Unresolved(f"${name}", f"{name} is not known in a script another shell runs")
        sites = self.sites.get(name, [])
        if len(sites) > 1:
            return Unresolved(f"${name}", f"{name} is set more than once in the script")
        site = sites[0] if sites else None
        if site is not None and site.raw is None:
            return Unresolved(f"${name}", f"{name} is set by {site.how}")
        if site is not None and placement.function is not None and placement.function < site.span:
            reason = f"{name} is assigned after the function that uses it is defined"
            return Unresolved(f"${name}", reason)
        # the assignment has run (else the value is the environment's: a use before it, or in it)
        assigned = (
            site if site is not None and (placement.function is not None or site.command.span < use.span) else None
        )
        barrier = self.barrier_between(assigned.span if assigned is not None else None, use)
        if barrier is not None:
            return Unresolved(f"${name}", f"{name} may be set by an eval, source or . command of the script")
        return self.environment(name) if assigned is None else self.site_value(assigned)

    def barrier_between(self, assigned: Span | None, use: ShellCommand) -> Span | None:
        """An ``eval``, ``source`` or ``.`` that may have set anything before ``use`` (after the
        assignment at ``assigned``, when there is one)."""
        if self.barriers_in_functions:  # it may be called anywhere
            return self.barriers_in_functions[0]
        in_function = use.placement.function is not None
        for barrier in self.barriers:
            if (assigned is None or assigned < barrier) and (in_function or barrier < use.span):
                return barrier
        return None

    def site_value(self, site: _Site) -> Assigned:
        known = self.values.get(id(site))
        if not isinstance(known, Assigned):
            assert site.raw is not None
            value, _used = expand_value(site.raw, self.lookup(site.command))
            known = Assigned(site.name, value, site.span)
            self.values[id(site)] = known
        return known


def _settings(command: ShellCommand) -> Iterator[tuple[str, str | None, Span, str]]:
    """The variables ``command`` sets: name, value as written (None: not a plain assignment
    that runs once at the top level), where, and what sets it."""
    words, raw = command.words, command.raw
    top_level = command.placement.top_level
    alone = command.program == len(words)  # ``NAME=value`` with no command after it
    for word, written in zip(words[: command.program], raw, strict=False):
        name = assigned_name(word.value)
        if name is not None:
            plain = alone and top_level and written.startswith(f"{name}=")
            value = written[len(name) + 1 :] if plain else None
            if value is not None and value.startswith("("):
                yield name, None, word.span, "an array assignment"
            else:
                yield name, value, word.span, _assignment_kind(command) if alone else "an assignment before a command"
    for text in raw:
        for match in _DEFAULT_ASSIGNMENT.finditer(text):
            yield match.group(1), None, command.span, f"${{{match.group(1)}:=…}}"
        if "$((" in text:
            yield from _arithmetic(text, command.span)
    if command.header in ("for", "select") and words:
        yield words[0].value, None, words[0].span, f"a {command.header} loop"
    elif command.header == "((":
        yield from _arithmetic(raw[0], command.span)
    if command.program < len(words):
        yield from _builtin_settings(command)


def _assignment_kind(command: ShellCommand) -> str:
    placement = command.placement
    if placement.function is not None:
        return "an assignment in a function"
    if placement.child:
        return "an assignment in a script another shell runs"
    if placement.top_level:
        return "an assignment"
    return "an assignment that may not run, or runs in a subshell"


def _builtin_settings(command: ShellCommand) -> Iterator[tuple[str, str | None, Span, str]]:
    name = command.name
    arguments = command.arguments
    raw = command.raw[command.program + 1 :]
    if name in _DECLARATIONS:
        options = [word.value for word in arguments if word.value[:1] in "-+"]
        keeps = name in ("export", "readonly", "declare", "typeset") and set(options) <= _KEEP_VALUE
        for word, written in zip(arguments, raw, strict=True):
            if word.value[:1] in "-+":
                continue
            variable = assigned_name(word.value)
            if variable is None:
                if word.value.isidentifier() and (name in ("local", "declare", "typeset") or not keeps):
                    yield word.value, None, word.span, name
                continue
            plain = keeps and command.placement.top_level and written.startswith(f"{variable}=")
            value = written[len(variable) + 1 :] if plain else None
            how = name if not keeps or command.placement.top_level else _assignment_kind(command)
            yield variable, None if value is None or value.startswith("(") else value, word.span, how
    elif name in ("read", "mapfile", "readarray", "unset"):
        syntax = {"read": _READ, "unset": _UNSET}.get(name, _MAPFILE)
        line = read_command_line(arguments, syntax)
        named = [*line.operands, *(option.value for option in line.named("-a") if option.value is not None)]
        for word in named:
            if word.value.isidentifier():
                yield word.value, None, word.span, name
        if name == "read" and not named:
            yield "REPLY", None, command.span, name
    elif name == "getopts" and len(arguments) >= 2:
        yield arguments[1].value, None, arguments[1].span, name
    elif name == "printf":
        for index, word in enumerate(arguments[:-1]):
            if word.value == "-v":
                yield arguments[index + 1].value, None, arguments[index + 1].span, "printf -v"
    elif name == "let":
        for word in arguments:
            yield from _arithmetic(word.value, word.span)


def _arithmetic(text: str, span: Span) -> Iterator[tuple[str, str | None, Span, str]]:
    for match in _ARITHMETIC.finditer(text):
        variable = match.group(1) or match.group(2) or match.group(3)
        yield variable, None, span, "arithmetic"


def build_environment(variables: Variables) -> Environment:
    """A Dockerfile RUN's environment: the ARG and ENV in force (an ARG's default, as for
    ``FROM``). Any other name may come from the base image's ENV, so it is unknown."""

    def lookup(name: str) -> VariableValue:
        variable = variables.get(name)
        if variable is None:
            return Unresolved(f"${name}", f"{name} is not set by an ARG or ENV of the Dockerfile")
        if variable.value is None:
            return Unresolved(f"${name}", f"ARG {name} has no default: the build passes it")
        if isinstance(variable.value.value, Unresolved):
            return variable.value.value
        return Assigned(name, variable.value.value, variable.name.span)

    return lookup
