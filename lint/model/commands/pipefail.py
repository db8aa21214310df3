"""Pipelines whose failure the shell hides: without ``pipefail`` a pipeline's status is that of
its last command, so ``curl URL | tar -x`` succeeds when the download fails.

A RUN's scripts start with the pipefail of the shell that runs them (see run_scripts): the
SHELL in force, or the options given to the new shell of a ``sh -c`` string or a heredoc fed to
a shell. ``set -o pipefail`` turns it on for the pipelines after it in the same shell, ``set +o
pipefail`` off.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator, Sequence

from hullcheck.model import command_line
from hullcheck.model.command_line import read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.programs import effective, interpreter_kind
from hullcheck.model.commands.run_scripts import run_scripts
from hullcheck.model.dockerfile import RunInstruction, ShellInstruction
from hullcheck.model.shell import Pipeline, ShellCommand
from hullcheck.model.span import Located
from hullcheck.records import Record


def is_posix_shell(program: str) -> bool:
    """``/bin/sh``, ``bash``, ``/usr/bin/zsh``, ``ash`` …; not ``pwsh``, ``powershell.exe``
    or ``cmd``, whose pipes are another thing."""
    return interpreter_kind(posixpath.basename(program.replace("\\", "/"))) == "shell"


def pipefail_option(arguments: Sequence[Located[str]]) -> bool | None:
    """What a shell's options (``-o pipefail``, ``-eo pipefail``, ``+o pipefail``), or those of
    ``set``, say of pipefail: True on, False off, None nothing."""
    said: bool | None = None
    for option in read_command_line(arguments, command_line.SHELL).named("-o"):
        if option.value_text == "pipefail":
            said = not option.written.startswith("+")
    return said


def shell_has_pipefail(shell: ShellInstruction | None) -> bool:
    """The SHELL in force runs RUN scripts with pipefail on (``SHELL ["/bin/bash", "-o",
    "pipefail", "-c"]``); the default ``/bin/sh -c`` does not."""
    if shell is None or not shell.words:
        return False
    return bool(pipefail_option(shell.words[1:]))


def sets_pipefail(command: ShellCommand) -> bool | None:
    """``set -o pipefail`` (``set -euxo pipefail``): True; ``set +o pipefail``: False."""
    inner = effective(command)
    return pipefail_option(inner.arguments) if inner.name == "set" else None


class MaskedPipeline(Record, frozen=True, slots=True):
    """A pipeline that runs without pipefail: only its last command's failure fails the step."""

    pipeline: Pipeline
    # the first command before the last whose failure is hidden; None when those commands cannot
    # fail (``echo … | sha256sum -c``), where pipefail changes nothing
    hidden: ShellCommand | None
    # it runs in the RUN's shell (the SHELL in force), not in a new one (``sh -c '…'``, a heredoc
    # fed to a shell or with a ``#!`` line): a SHELL with pipefail reaches it
    own_shell: bool = True

    @property
    def last(self) -> ShellCommand:
        return self.pipeline.commands[-1]


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def masked_pipelines(run: RunInstruction) -> tuple[MaskedPipeline, ...]:
    """The RUN's pipelines that run without pipefail, in the order of its scripts; none when the
    SHELL in force is not a POSIX shell. Memoized by the RUN (asked several times of each, and
    an editor's re-lint hands out an unchanged RUN again): it reads what the parse set."""
    shell = run.shell
    if shell is not None and (not shell.words or not is_posix_shell(shell.words[0].value)):
        return ()
    found: list[MaskedPipeline] = []
    for script in run_scripts(run):
        if script.shell is None:
            start = shell_has_pipefail(shell)
        else:  # a new shell, with the options it is given
            start = bool(pipefail_option(effective(script.shell).arguments))
        found.extend(_masked(script.pipelines, start, script.shell is None))
    return tuple(found)


def fed_by_yes(run: RunInstruction) -> bool:
    """Whether a pipeline the RUN's own shell runs is fed by ``yes``, which ends on SIGPIPE:
    a SHELL with pipefail would fail the step."""
    pending = [pipeline for script in run_scripts(run) if script.shell is None for pipeline in script.pipelines]
    while pending:  # the pipelines of ``$(…)`` scripts too; each script is walked once
        pipeline = pending.pop()
        if any(effective(command).name == "yes" for command in pipeline.commands[:-1]):
            return True
        scripts = [script for command in pipeline.commands for _span, script in command.substitutions]
        pending.extend(inner for script in scripts for inner in script.pipelines)
    return False


# what cannot fail before the last command of a pipeline, so that its status is of no interest
_CANNOT_FAIL = frozenset({"echo", "printf", "true", ":"})


def _masked(pipelines: Sequence[Pipeline], pipefail: bool, own_shell: bool) -> Iterator[MaskedPipeline]:
    """The pipelines of one shell, in order, that run without pipefail; ``$(…)`` scripts inside
    them run with the pipefail in force where they are. A pipeline fed by ``yes`` is not one:
    ``yes`` ends on SIGPIPE, which pipefail would count as a failure of the step."""
    for pipeline in pipelines:
        for command in pipeline.commands:
            for _span, script in command.substitutions:
                yield from _masked(script.pipelines, pipefail, own_shell)
        upstream = [(effective(command).name, command) for command in pipeline.commands[:-1]]
        if upstream and not pipefail and all(name != "yes" for name, _command in upstream):
            hidden = next((c for name, c in upstream if name not in _CANNOT_FAIL), None)
            yield MaskedPipeline(pipeline, hidden, own_shell)
        for command in pipeline.commands:
            if (said := sets_pipefail(command)) is not None:
                pipefail = said
