"""Shell commands as the model holds them: pipelines of commands of located words.

RUN instructions are parsed into this once, in the parser layer, so rules match commands and
arguments rather than raw text.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from hullcheck.model.span import Located, Span

# Commands that run the command given in their arguments; the wrapped command is what runs.
_WRAPPERS = {"sudo", "doas", "env", "nice", "nohup", "time", "timeout", "exec", "command", "xargs", "gosu", "su-exec"}
# Each wrapper's options that take the next word as their value (``sudo -u app``, ``timeout -s KILL``).
_VALUE_OPTIONS: dict[str, frozenset[str]] = {
    name: frozenset(options.split())
    for name, options in {
        "sudo": "-u -g -C -D -h -p -r -R -t -T -U --user --group --close-from --chdir --host --prompt --role"
        " --chroot --type --command-timeout --other-user",
        "doas": "-u -C",
        "env": "-u --unset -C --chdir",
        "nice": "-n --adjustment",
        "timeout": "-s --signal -k --kill-after",
        "time": "-f --format -o --output",
        "exec": "-a",
        "xargs": "-a -d -E -I -L -n -P -s --arg-file --delimiter --max-args --max-procs --max-chars --max-lines"
        " --replace --eof --process-slot-var",
    }.items()
}
# Operands a wrapper takes before the command: the user of gosu/su-exec, the duration of timeout.
_LEADING_OPERANDS = {"gosu": 1, "su-exec": 1, "timeout": 1}


@dataclass(frozen=True, slots=True)
class ShellCommand:
    """One simple command. ``words`` are dequoted (quotes removed, nothing expanded);
    ``raw`` keeps each word as written, for ``$(…)`` and ``${…}``."""

    words: tuple[Located[str], ...]
    raw: tuple[str, ...]
    span: Span
    redirects: tuple[Located[str], ...] = ()
    # the scripts run by ``$(…)``, backticks, ``<(…)`` and ``>(…)`` inside a word or redirect
    # target, each with the span of the word that holds it
    substitutions: tuple[tuple[Span, ShellScript], ...] = ()
    # computed once: the index of the program word (after ``A=b`` assignments) and its base name
    program: int = field(init=False, repr=False, compare=False)
    name: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        program = next((i for i, word in enumerate(self.words) if not is_assignment(word.value)), len(self.words))
        object.__setattr__(self, "program", program)
        object.__setattr__(self, "name", posixpath.basename(self.words[program].value) if self.words[program:] else "")

    def scripts_in(self, word: Located[str]) -> list[ShellScript]:
        """The substituted scripts inside ``word`` (one of this command's words or redirects)."""
        return [script for span, script in self.substitutions if span == word.span]

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
        name = self.name
        if name not in _WRAPPERS:
            return None
        rest = list(self.arguments)
        raw = list(self.raw[len(self.words) - len(rest) :])
        value_options = _VALUE_OPTIONS.get(name, frozenset())
        operands = _LEADING_OPERANDS.get(name, 0)
        while rest:
            word = rest[0].value
            if word == "--":
                rest.pop(0)
                raw.pop(0)
                break
            if name == "command" and word.startswith("-") and ("v" in word or "V" in word):
                return None  # command -v/-V names a program, it does not run it
            if word.startswith("-") and (len(word) > 1 or name == "env"):  # ``env -`` is ``env -i``
                takes_value = word in value_options and len(rest) > 1
                del rest[: 2 if takes_value else 1], raw[: 2 if takes_value else 1]
            elif "=" in word and word.split("=", 1)[0].isidentifier():  # env NAME=value
                rest.pop(0)
                raw.pop(0)
            elif operands or (name == "nice" and word.lstrip("+-").isdigit()):
                operands = max(operands - 1, 0)
                rest.pop(0)
                raw.pop(0)
            else:
                break
        while rest and operands:  # operands after ``--``: ``gosu -- app cmd`` is unusual, but allowed
            operands -= 1
            rest.pop(0)
            raw.pop(0)
        if not rest:
            return None
        span = rest[0].span.cover(rest[-1].span)
        return ShellCommand(tuple(rest), tuple(raw), span, self.redirects, self.substitutions)


def is_assignment(word: str) -> bool:
    """``NAME=value`` before a command sets a variable for it."""
    name, equals, _ = word.partition("=")
    return bool(equals) and name.isidentifier()


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Commands joined by ``|``: each one's output feeds the next."""

    commands: tuple[ShellCommand, ...]


@dataclass(slots=True, eq=False)
class ShellScript:
    """The pipelines of a RUN command (shell form, exec form or heredoc body), in order."""

    pipelines: list[Pipeline] = field(default_factory=list)

    @property
    def commands(self) -> list[ShellCommand]:
        return [command for pipeline in self.pipelines for command in pipeline.commands]
