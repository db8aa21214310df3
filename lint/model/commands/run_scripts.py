"""Which shell runs each script of a RUN, and which of its heredocs are data.

A RUN's script (shell form) and a heredoc that is the script itself (``RUN <<EOF`` alone) run in
the SHELL in force. A ``sh -c '…'`` string, a heredoc fed to a shell (``RUN bash <<EOF``) and a
heredoc script with a shell's ``#!`` line run in a new shell, with the options that shell is
given. Any other heredoc is
data that the step does not run: a file it writes (``cat <<EOF > /entrypoint.sh``) or a program
for another interpreter (``python3 <<EOF``). The parser reads every heredoc body as shell (a
security rule may look into a script that a build writes and the container runs later); rules
about what the build step itself runs read :func:`run_pipelines` instead.
"""

from __future__ import annotations

import functools

from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.programs import effective, interpreter_invocation, interpreter_kind
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.shell import Pipeline, ScriptText, ShellCommand, ShellScript
from hullcheck.model.span import Located
from hullcheck.records import Record


class RunScript(Record, frozen=True, slots=True):
    """One script of a RUN: its text and pipelines, and what runs it."""

    source: ScriptText
    pipelines: tuple[Pipeline, ...]
    # the command that starts the new shell running it (``bash -c``, ``bash <<EOF``); None: the
    # SHELL in force runs it
    shell: ShellCommand | None = None


def run_scripts(run: RunInstruction) -> tuple[RunScript, ...]:
    """The scripts the RUN runs, in order (its own first), without the heredocs that are data."""
    return _scripts(run.script, _heredocs(run))


def scripts_of(script: ShellScript) -> tuple[RunScript, ...]:
    """The scripts of a script with no heredocs (a container's command): its own and the
    strings it hands to ``sh -c``, each with the command that runs it."""
    return _scripts(script, ())


def _heredocs(run: RunInstruction) -> tuple[tuple[str, str], ...]:
    if not run.heredocs:  # most RUNs, asked by many rules: no generator made
        return ()
    return tuple((heredoc.body, heredoc.delimiter) for heredoc in run.heredocs)


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _scripts(script: ShellScript, heredocs: tuple[tuple[str, str], ...]) -> tuple[RunScript, ...]:
    readers: dict[str, ShellCommand] = {}
    for command in script.commands:
        for redirect in command.redirects:
            readers.setdefault(redirect.value, command)
    bodies = dict(heredocs)
    by_source: dict[int, list[Pipeline]] = {}
    for pipeline in script.pipelines:
        if pipeline.source is not None:
            by_source.setdefault(id(pipeline.source), []).append(pipeline)
    scripts: list[RunScript] = []
    for source in script.sources:
        pipelines = tuple(by_source[id(source)])
        if source.runner is not None:  # a ``sh -c`` string
            scripts.append(RunScript(source, pipelines, source.runner))
        elif source.text in bodies and (reader := readers.get(bodies[source.text])) is not None:
            if reads_script_from_stdin(reader):
                scripts.append(RunScript(source, pipelines, reader))
        elif source.text in bodies and source.text.startswith("#!"):
            # ``RUN <<EOF`` of a script with a shebang: BuildKit runs it with that interpreter
            if (interpreter := _shebang(source)) is not None:
                scripts.append(RunScript(source, pipelines, interpreter))
        else:
            scripts.append(RunScript(source, pipelines))
    return tuple(scripts)


def _shebang(source: ScriptText) -> ShellCommand | None:
    """The command a script's ``#!`` line names (``#!/bin/bash -e``, ``#!/usr/bin/env sh``) when
    it is a shell; None for another interpreter (``#!/usr/bin/env python3``)."""
    line = source.text.split("\n", 1)[0]
    words = line[2:].split()
    if not words:
        return None
    span = source.span_of(0, len(line))
    command = ShellCommand(tuple(Located(word, span) for word in words), tuple(words), span)
    return command if interpreter_kind(effective(command).name) == "shell" else None


def reads_script_from_stdin(command: ShellCommand) -> bool:
    """A shell that runs what its standard input holds: ``bash``, ``sh -s``, ``sudo -u app sh``."""
    inner = effective(command)
    invocation = interpreter_invocation(inner) if interpreter_kind(inner.name) == "shell" else None
    return invocation is not None and invocation.reads_stdin


def run_pipelines(run: RunInstruction) -> tuple[Pipeline, ...]:
    """The pipelines the RUN runs: its script's, its ``sh -c`` strings' and those of the heredocs
    a shell runs; an exec form's one."""
    return _pipelines(run.script, _heredocs(run))


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _pipelines(script: ShellScript, heredocs: tuple[tuple[str, str], ...]) -> tuple[Pipeline, ...]:
    exec_form = tuple(pipeline for pipeline in script.pipelines if pipeline.source is None)  # its words, no shell
    return exec_form + tuple(pipeline for found in _scripts(script, heredocs) for pipeline in found.pipelines)


def run_commands(run: RunInstruction, substitutions: bool = True) -> tuple[ShellCommand, ...]:
    """The commands of :func:`run_pipelines`, each followed (unless not ``substitutions``) by
    those of the ``$(…)`` scripts in its words."""
    return _commands(run.script, _heredocs(run), substitutions)


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _commands(
    script: ShellScript, heredocs: tuple[tuple[str, str], ...], substitutions: bool
) -> tuple[ShellCommand, ...]:
    found: list[ShellCommand] = []
    for pipeline in _pipelines(script, heredocs):
        for command in pipeline.commands:
            found.append(command)
            if substitutions:
                for _span, inner in command.substitutions:
                    found.extend(inner.every_command())
    return tuple(found)
