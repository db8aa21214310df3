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


@dataclass(frozen=True, slots=True)
class ShellCommand:
    """One simple command. ``words`` are dequoted (quotes removed, nothing expanded);
    ``raw`` keeps each word as written, for ``$(…)`` and ``${…}``."""

    words: tuple[Located[str], ...]
    raw: tuple[str, ...]
    span: Span
    redirects: tuple[Located[str], ...] = ()

    @property
    def name(self) -> str:
        """The program's base name (``/usr/bin/curl`` -> ``curl``), after ``A=b`` assignments."""
        for word in self.words:
            if "=" in word.value and not word.value.startswith(("=", "-")) and word.value.split("=")[0].isidentifier():
                continue
            return posixpath.basename(word.value)
        return ""

    @property
    def arguments(self) -> tuple[Located[str], ...]:
        """The words after the program name."""
        for index, word in enumerate(self.words):
            if posixpath.basename(word.value) == self.name and word.value:
                return self.words[index + 1 :]
        return ()

    def unwrapped(self) -> ShellCommand:
        """The command ``sudo``/``env``/``timeout`` … runs, or this command."""
        command: ShellCommand = self
        while command.name in _WRAPPERS:
            rest = list(command.arguments)
            raw = list(command.raw[len(command.words) - len(rest) :])
            while rest and (rest[0].value.startswith("-") or "=" in rest[0].value or rest[0].value.isdigit()):
                rest.pop(0)
                raw.pop(0)
            if not rest:
                return command
            command = ShellCommand(tuple(rest), tuple(raw), rest[0].span.cover(rest[-1].span), command.redirects)
        return command


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Commands joined by ``|``: each one's output feeds the next."""

    commands: tuple[ShellCommand, ...]


@dataclass(slots=True)
class ShellScript:
    """The pipelines of a RUN command (shell form, exec form or heredoc body), in order."""

    pipelines: list[Pipeline] = field(default_factory=list)

    @property
    def commands(self) -> list[ShellCommand]:
        return [command for pipeline in self.pipelines for command in pipeline.commands]
