"""Shell commands as the model holds them: pipelines of commands of located words.

RUN instructions are parsed into this once, in the parser layer, so rules match commands and
arguments rather than raw text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from hullcheck.model import command_line
from hullcheck.model.command_line import CommandSyntax, read_command_line
from hullcheck.model.span import Located, Span
from hullcheck.records import Record, field


class _Wrapper(Record, frozen=True, slots=True):
    """A program that runs the command in its operands (``sudo``, ``env``, ``timeout`` …)."""

    syntax: CommandSyntax
    leading_operands: int = 0  # operands before the command: gosu's user, timeout's duration
    names_only: frozenset[str] = frozenset()  # options with which it names the command, not runs it


_WRAPPERS = {
    "sudo": _Wrapper(command_line.SUDO),
    "doas": _Wrapper(command_line.DOAS),
    "env": _Wrapper(command_line.ENV),
    "nice": _Wrapper(command_line.NICE),
    "nohup": _Wrapper(command_line.NO_OPTIONS),
    "time": _Wrapper(command_line.TIME),
    "timeout": _Wrapper(command_line.TIMEOUT, leading_operands=1),
    "exec": _Wrapper(command_line.EXEC),
    "command": _Wrapper(command_line.COMMAND, names_only=frozenset({"-v", "-V"})),
    "builtin": _Wrapper(command_line.NO_OPTIONS),
    "xargs": _Wrapper(command_line.XARGS),
    "gosu": _Wrapper(command_line.NO_OPTIONS, leading_operands=1),
    "su-exec": _Wrapper(command_line.NO_OPTIONS, leading_operands=1),
}


class Placement(Record, frozen=True, slots=True):
    """Where a command stands in its script, for what the variables it uses hold there."""

    # it runs once, unconditionally, in the script's own shell: not in a compound command
    # (``if``, a loop, ``case``, ``{ …; }``, a subshell), a function, a substitution, a pipeline
    # of several commands or the background, nor after ``&&`` or ``||``
    top_level: bool = False
    # the outermost function definition it is in (the span of the function's name)
    function: Span | None = None
    # in a script another shell runs (``sh -c '…'``): it sees only what that shell is given
    child: bool = False


NESTED = Placement()
ENGINES = frozenset({"docker", "podman"})  # the container engines' command-line programs


class ShellCommand(Record, frozen=True, slots=True):
    """One simple command. ``words`` are dequoted (quotes removed, nothing expanded);
    ``raw`` keeps each word as written, for ``$(…)`` and ``${…}``."""

    words: tuple[Located[str], ...]
    raw: tuple[str, ...]
    span: Span
    redirects: tuple[Located[str], ...] = ()
    # the scripts run by ``$(…)``, backticks, ``<(…)`` and ``>(…)`` inside a word or redirect
    # target, each with the span of the word that holds it
    substitutions: tuple[tuple[Span, ShellScript], ...] = ()
    placement: Placement = NESTED
    # the reserved word whose header these words are (``for``, ``select``, ``case``, ``((``):
    # ``for name in …`` is the command ``name in …`` with header "for"
    header: str | None = None
    # where each word starts in the text of its pipeline's source, as written (quotes included);
    # empty for a command not read from shell text (an exec form's, an argv list's)
    offsets: tuple[int, ...] = ()
    # computed once: the index of the program word (after ``A=b`` assignments) and its base name
    program: int = field(init=False, repr=False, compare=False)
    name: str = field(init=False, compare=False)
    # the substitutions by the span of their word: asked for each word, a scan of them all made
    # a command of many substitutions quadratic (100,000 took over 20 minutes)
    scripts_by_span: dict[Span, list[ShellScript]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        program = next((i for i, word in enumerate(self.words) if not is_assignment(word.value)), len(self.words))
        object.__setattr__(self, "program", program)
        object.__setattr__(self, "name", posixpath.basename(self.words[program].value) if self.words[program:] else "")
        scripts_by_span: dict[Span, list[ShellScript]] = {}
        for span, script in self.substitutions:
            scripts_by_span.setdefault(span, []).append(script)
        object.__setattr__(self, "scripts_by_span", scripts_by_span)

    def scripts_in(self, word: Located[str]) -> list[ShellScript]:
        """The substituted scripts inside ``word`` (one of this command's words or redirects)."""
        return self.scripts_by_span.get(word.span, [])

    @property
    def arguments(self) -> tuple[Located[str], ...]:
        """The words after the program name."""
        return self.words[self.program + 1 :]

    def unwrapped(self) -> ShellCommand:
        """The command ``sudo``/``env``/``timeout`` … runs, or this command."""
        command: ShellCommand = self
        while (inner := command.wrapped()) is not None:
            command = inner
        return command

    def wrapped(self) -> ShellCommand | None:
        """The command this wrapper runs (one level: ``sudo env X=1 y`` gives ``env X=1 y``), or
        None when this is not a wrapper or runs nothing (``sudo -i``, ``command -v curl``)."""
        wrapper = _WRAPPERS.get(self.name)
        if wrapper is None:
            return None
        line = read_command_line(self.arguments, wrapper.syntax)
        if line.named(*wrapper.names_only):
            return None
        first = line.end
        # ``NAME=value`` operands: env and sudo set them for the command (no other wrapper takes one)
        while first < len(self.arguments) and is_assignment(self.arguments[first].value):
            first += 1
        first += wrapper.leading_operands
        return self.tail(first) if first < len(self.arguments) else None

    def may_run_engine(self) -> bool:
        """Whether it may run docker or podman, before its words are expanded (most commands of
        a script do not, and expanding every word of each was a quarter of parsing a Dockerfile):
        a word names one, or takes its text from a variable or a substitution."""
        return any("$" in raw or "`" in raw for raw in self.raw) or any(
            engine in word.value for word in self.words for engine in ENGINES
        )

    def tail(self, start: int) -> ShellCommand:
        """The command made of the arguments from ``start`` on (what a wrapper runs, ``busybox``'s
        applet), with this command's redirects and substitutions; ``start`` must hold a word."""
        words = self.arguments[start:]
        raw = self.raw[len(self.raw) - len(words) :]
        offsets = self.offsets[len(self.offsets) - len(words) :] if self.offsets else ()
        span = words[0].span.cover(words[-1].span)
        return ShellCommand(words, raw, span, self.redirects, self.substitutions, self.placement, offsets=offsets)


def is_assignment(word: str) -> bool:
    """``NAME=value`` before a command sets a variable for it (``NAME+=more``, ``NAME[i]=value``
    too)."""
    return assigned_name(word) is not None


_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[^]]*\])?\+?=")


def assigned_name(word: str) -> str | None:
    """The variable a ``NAME=value`` word assigns (``NAME+=…`` and ``NAME[i]=…`` too), or None."""
    match = _ASSIGNMENT.match(word)
    return match.group(1) if match else None


class ScriptText(Record, frozen=True, slots=True, eq=False):
    """Shell text as the shell reads it (a RUN's continued lines joined, a heredoc's body), and
    the way back to the file: ``span_of(start, end)`` is the span of ``text[start:end]``, or the
    span of the whole string where the text is not written as it is (a dequoted ``sh -c`` string)."""

    text: str
    span_of: Callable[[int, int], Span]
    # False where span_of gives the whole string for every offset: an edit inside it cannot be placed
    exact: bool = True
    # the command that runs it in a new shell (``sh -c '…'``); None: the script's own shell
    runner: ShellCommand | None = None
    # the shell that read the word holding it expands something in it first (``sh -c "cd $DIR"``):
    # what runs is not this text
    expanded: bool = False


class Pipeline(Record, frozen=True, slots=True):
    """Commands joined by ``|``: each one's output feeds the next."""

    commands: tuple[ShellCommand, ...]
    source: ScriptText | None = field(default=None, compare=False, repr=False)  # None: an exec form's words


class ShellScript(Record, slots=True, eq=False):
    """The pipelines of a RUN command (shell form, exec form or heredoc body), in order."""

    pipelines: list[Pipeline] = field(default_factory=list)

    @property
    def commands(self) -> list[ShellCommand]:
        return [command for pipeline in self.pipelines for command in pipeline.commands]

    def every_command(self) -> list[ShellCommand]:
        """The commands, each followed by those of the ``$(…)`` scripts in its words."""
        found: list[ShellCommand] = []
        for command in self.commands:
            found.append(command)
            for _span, inner in command.substitutions:
                found.extend(inner.every_command())
        return found

    @property
    def sources(self) -> list[ScriptText]:
        """The texts the pipelines were parsed from, in order, each once: a RUN's shell form and
        heredoc bodies, and the strings ``sh -c`` runs; none for an exec form."""
        return list(dict.fromkeys(pipeline.source for pipeline in self.pipelines if pipeline.source is not None))


class VariableUse(Record, frozen=True, slots=True):
    """A variable's value used in a shell word: the expansion (``$IMG``), the word that holds
    it, and the assignment that gave the value."""

    name: str
    used: Span
    word: Span
    assigned: Span


def assignment_of(uses: list[VariableUse], span: Span) -> tuple[Span, str] | None:
    """For a finding at ``span``: where the variable its value came from was assigned, when the
    span is the expansion (``$IMG``), inside it, or the part of its word that holds it."""
    for use in uses:
        if (_within(use.used, span) and _within(span, use.word)) or _within(span, use.used):
            return use.assigned, f"{use.name} is assigned here"
    return None


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )
