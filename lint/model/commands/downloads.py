"""Downloads and what runs them: is this command a download, does its output go to standard
output, is it piped into an interpreter or run from a command substitution?"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from hullcheck.model import command_line
from hullcheck.model.command_line import Option, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.programs import (
    effective,
    interpreter_invocation,
    interpreter_kind,
    runs_program_from_stdin,
)
from hullcheck.model.shell import Pipeline, ShellCommand, ShellScript
from hullcheck.model.span import Located, Span
from hullcheck.records import Record

_STDOUT_FILES = frozenset({"-", "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"})
# Filters that pass a downloaded script on: ``curl … | tee install.sh | sh`` still runs it.
_PASS_THROUGH = frozenset(
    {"tee", "cat", "tr", "sed", "dos2unix", "gunzip", "zcat", "bzcat", "xzcat", "gzip", "head", "tail", "base64"}
)


def download_to_stdout(command: ShellCommand) -> str | None:
    """The tool's name when ``command`` downloads a URL and writes the body to standard output:
    ``curl URL``, ``curl -o- URL``, ``wget -qO- URL``, ``wget -O - URL``, ``fetch -o - URL``;
    not ``curl -o file URL``, ``curl -O URL`` or ``wget URL`` (those write a file)."""
    command = effective(command)
    name = command.name
    if name == "curl":
        line = read_command_line(command.arguments, command_line.CURL)
        if not line.operands and not line.named("--url"):
            return None
        if line.named("--remote-name", "--remote-name-all"):
            return None
        return name if all(writes_stdout(option) for option in line.named("--output")) else None
    if name in ("wget", "wget2"):
        outputs = read_command_line(command.arguments, command_line.WGET).named("--output-document")
        return name if outputs and writes_stdout(outputs[-1]) else None
    if name == "fetch":
        outputs = read_command_line(command.arguments, command_line.FETCH).named("--output")
        return name if outputs and writes_stdout(outputs[-1]) else None
    return None


def writes_stdout(output: Option) -> bool:
    """``-o -``, ``-o /dev/stdout`` …: the output option names standard output."""
    return output.value is not None and output.value.value in _STDOUT_FILES


class PipeToInterpreter(Record, frozen=True, slots=True):
    """``download | [filters |] interpreter``: the downloaded text runs as a program."""

    download: ShellCommand
    tool: str
    interpreter: ShellCommand
    interpreter_name: str


def pipes_to_interpreter(pipeline: Pipeline | Sequence[ShellCommand]) -> Iterator[PipeToInterpreter]:
    """Each download in the pipeline whose output reaches an interpreter that runs it."""
    commands = pipeline.commands if isinstance(pipeline, Pipeline) else tuple(pipeline)
    for index, command in enumerate(commands):
        tool = download_to_stdout(command)
        if tool is None:
            continue
        for consumer in commands[index + 1 :]:
            inner = effective(consumer)
            if runs_program_from_stdin(inner):
                yield PipeToInterpreter(command, tool, consumer, inner.name)
                break
            if inner.name not in _PASS_THROUGH:
                break


# --- command substitutions -------------------------------------------------------------------


def substituted_pipelines(command: ShellCommand, word: Located[str]) -> list[list[ShellCommand]]:
    """The pipelines run by the ``$(…)``, backtick and ``<(…)`` substitutions inside ``word``."""
    return [list(pipeline.commands) for script in command.scripts_in(word) for pipeline in script.pipelines]


def substituted_download(command: ShellCommand, word: Located[str]) -> str | None:
    """The download tool whose output a substitution in ``word`` yields: ``$(curl -fsSL URL)``,
    ``<(wget -qO- URL)``; not ``$(curl -o file URL)`` or ``$(curl URL | sha256sum)``."""
    for pipeline in substituted_pipelines(command, word):
        for index, inner in enumerate(pipeline):
            tool = download_to_stdout(inner)
            if tool and all(effective(other).name in _PASS_THROUGH for other in pipeline[index + 1 :]):
                return tool
    return None


class SubstitutedRun(Record, frozen=True, slots=True):
    """A download run as a program through a substitution: ``sh -c "$(curl …)"``."""

    word: Located[str]  # the word holding the substitution
    tool: str
    how: str  # "runs a download from curl with sh -c", "sources a download from wget" …


def runs_substituted_download(command: ShellCommand) -> Iterator[SubstitutedRun]:
    """Downloads this command runs as a program: ``sh -c "$(curl …)"``, ``bash <(curl …)``,
    ``source <(curl …)``, ``. <(wget -O- …)``, ``eval "$(curl …)"``, ``bash <<< "$(curl …)"``."""
    inner = effective(command)
    name = inner.name
    arguments = inner.arguments
    if name == "eval":
        for word in arguments:
            if tool := substituted_download(inner, word):
                yield SubstitutedRun(word, tool, f"evaluates a download from {tool}")
        return
    if name in ("source", "."):
        if arguments and (tool := substituted_download(inner, arguments[0])):
            yield SubstitutedRun(arguments[0], tool, f"sources a download from {tool}")
        return
    invocation = interpreter_invocation(inner)
    if invocation is None:
        return
    flag = "-e" if interpreter_kind(name) in ("perl", "ruby", "node") else "-r" if name.startswith("php") else "-c"
    candidates = (
        (invocation.code, f"runs a download from {{tool}} with {name} {flag}"),
        (invocation.script, f"runs a download from {{tool}} as a {name} script"),
    )
    for source, how in candidates:
        if source is not None and (tool := substituted_download(inner, source)):
            yield SubstitutedRun(source, tool, how.format(tool=tool))
    if invocation.reads_stdin:
        for redirect in inner.redirects:
            if tool := substituted_download(inner, redirect):
                yield SubstitutedRun(redirect, tool, f"feeds a download from {tool} to {name}")


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def script_downloads_run(script: ShellScript) -> tuple[tuple[Span, str], ...]:
    """Where ``script`` runs what it downloads, with how: ``pipes a download from curl into sh``,
    ``runs a download from curl with sh -c`` …; each place and way once."""
    found: dict[tuple[Span, str], None] = {}
    for pipeline in script.pipelines:
        for pipe in pipes_to_interpreter(pipeline):
            span = pipe.download.span.cover(pipe.interpreter.span)
            found[(span, f"pipes a download from {pipe.tool} into {pipe.interpreter_name}")] = None
        for command in pipeline.commands:
            for run in runs_substituted_download(command):
                found[(run.word.span, run.how)] = None
    return tuple(found)
