"""Scripts whole, as a shell reads them, for a checker of whole scripts (ShellCheck).

A RUN's shell form runs with the SHELL in force as BuildKit hands it over: continuation lines
joined, and, where it reads heredocs (``cat <<EOF > file``), each body and its closing delimiter
after it, as BuildKit rebuilds the text for the shell. A heredoc that is the whole command
(``RUN <<EOF``) runs alone in that shell, or with the shell its ``#!`` line names; a ``sh -c``
string and a heredoc fed to a shell (``RUN bash <<EOF``) run in that shell (a string the RUN's
shell expands something in first, ``sh -c "cd $DIR"``, is not what runs: it is left out). A
Compose service's
``command`` and ``entrypoint`` are split into words, not run by a shell: only the strings they
hand to ``sh -c`` are scripts, and its health check's ``CMD-SHELL`` script, which the
container's shell runs. Each script keeps the way back to the file; where it is a
dequoted string, every offset maps to the whole string (``ScriptText.exact`` is False).
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import re
from collections.abc import Iterable

from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.programs import effective
from hullcheck.model.commands.run_scripts import RunScript, run_scripts, scripts_of
from hullcheck.model.container import Container
from hullcheck.model.dockerfile import Heredoc, RunInstruction, ShellInstruction
from hullcheck.model.shell import ScriptText, ShellScript
from hullcheck.model.span import Span
from hullcheck.records import Record

# ShellCheck's dialects by the shell's program name: ash is checked as dash, as hadolint does
_DIALECTS = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ash": "dash",
    "ksh": "ksh",
    "mksh": "ksh",
    "pdksh": "ksh",
    "busybox": "busybox",
}
# the ARGs BuildKit defines without a declaration (the proxy settings), which a RUN sees
PREDEFINED_ARGS = tuple(
    name
    for upper in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY")
    for name in (upper, upper.lower())
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONE_HEREDOC = re.compile(r"\s*<<-?(['\"]?)[^\s'\"<>|&;()]+\1\s*")


class WholeScript(Record, frozen=True, slots=True, eq=False):
    """One script, whole: its text and the way back to the file, the dialect it is written
    in, and the variables its environment sets (ARG and ENV), which it may use unassigned."""

    source: ScriptText
    dialect: str  # ShellCheck's name: sh, bash, dash, ksh or busybox
    variables: tuple[str, ...]
    span: Span  # where the script is written: its instruction or value

    def span_of(self, start: int, end: int) -> Span:
        return self.source.span_of(start, end)


def dialect(program: str) -> str | None:
    """ShellCheck's dialect for a shell's program (``/bin/bash``, ``sh``), None for a shell it
    does not read (zsh, PowerShell, cmd) or a program that is no shell."""
    return _DIALECTS.get(posixpath.basename(program.replace("\\", "/")).lower())


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def run_whole_scripts(run: RunInstruction) -> tuple[WholeScript, ...]:
    """The scripts a RUN hands to shells, in order; none for its exec form or a shell
    ShellCheck does not read. Memoized by the RUN (an editor's re-lint hands out an unchanged
    RUN again): it reads what the parse set."""
    if run.exec_form:
        return ()
    variables = _names([*PREDEFINED_ARGS, *(variable.name.value for variable in run.variables)])
    bodies = {heredoc.body for heredoc in run.heredocs}
    found: list[WholeScript] = []
    for script in run_scripts(run):
        if script.source.expanded:
            continue  # its text is not what runs: the RUN's own shell expands into it first
        if script.shell is not None:
            language = dialect(effective(script.shell).name)
            source = script.source
        else:
            language = _shell_dialect(run.shell)
            # the shell form reads the heredocs it redirects: the shell gets their bodies too
            own = script.source.text not in bodies
            source = _with_heredocs(script.source, run) if own and run.heredocs else script.source
        if language is not None:
            found.append(WholeScript(source, language, variables, run.span))
    return tuple(found)


def container_whole_scripts(container: Container) -> list[WholeScript]:
    """The scripts a container hands to a shell: its health check's script (``CMD-SHELL``,
    which ``/bin/sh -c`` runs; none in a Windows container, whose shell is cmd), the commands run
    in it that ``/bin/sh -c`` runs (``exec_commands``) and the strings its ``command``,
    ``entrypoint``, health check and those commands give ``sh -c``."""
    variables = _names(container.environment)
    found: list[WholeScript] = []
    healthcheck = container.healthcheck
    test = healthcheck.test if healthcheck is not None else None
    if healthcheck is not None and test is not None and healthcheck.shell and not container.runs_windows:
        found.extend(
            WholeScript(source, "sh", variables, healthcheck.span)
            for source in test.sources
            if source.runner is None and not source.expanded
        )
    for command in container.exec_commands:  # a dev container's lifecycle commands
        if command.shell:
            found.extend(
                WholeScript(source, "sh", variables, command.span)
                for source in command.script.sources
                if source.runner is None and not source.expanded
            )
    exec_scripts = tuple(command.script for command in container.exec_commands)
    for script in (container.command, container.entrypoint, test, *exec_scripts):
        for child in _children(script):
            if child.source.expanded:
                continue
            language = dialect(effective(child.shell).name) if child.shell is not None else None
            if language is not None:
                found.append(WholeScript(child.source, language, variables, child.source.span_of(0, 0)))
    return found


def _children(script: ShellScript | None) -> tuple[RunScript, ...]:
    if script is None:
        return ()
    return tuple(found for found in scripts_of(script) if found.shell is not None)


def _shell_dialect(shell: ShellInstruction | None) -> str | None:
    if shell is None:
        return "sh"  # /bin/sh -c
    program = shell.executable
    return dialect(program) if program is not None else None


def _names(names: Iterable[str]) -> tuple[str, ...]:
    """The names a shell can assign, each once."""
    return tuple(dict.fromkeys(name for name in names if _NAME.fullmatch(name)))


def _with_heredocs(command: ScriptText, run: RunInstruction) -> ScriptText:
    """The shell form followed by each heredoc's body and closing delimiter, as BuildKit gives
    a shell a RUN that reads heredocs; none when the heredoc is the whole command (BuildKit
    runs its body instead, which is a script of its own)."""
    if len(run.heredocs) == 1 and _LONE_HEREDOC.fullmatch(command.text):
        return command
    parsed = {source.text: source for source in run.script.sources}
    pieces: list[tuple[str, ScriptText]] = [(command.text, command)]
    for heredoc in run.heredocs:
        body = parsed.get(heredoc.body)
        pieces.append(("\n", _at(_first_line(heredoc))))
        if heredoc.body:
            pieces.append((heredoc.body, body if body is not None else _at(heredoc.span)))
            pieces.append(("\n", _at(_last_line(heredoc))))
        pieces.append((heredoc.delimiter, _delimiter(heredoc)))
    return joined(pieces)


def _first_line(heredoc: Heredoc) -> Span:
    return heredoc.span.at(heredoc.span.line, 1, heredoc.span.line, 1)


def _last_line(heredoc: Heredoc) -> Span:
    return heredoc.span.at(heredoc.span.end_line, 1, heredoc.span.end_line, heredoc.span.end_column)


def _delimiter(heredoc: Heredoc) -> ScriptText:
    """The closing delimiter's line: its text after the tabs ``<<-`` allows before it."""
    span = heredoc.span  # its line is read when a span is made: it may have moved since (MovingSpan)
    first = span.end_column - len(heredoc.delimiter)
    return ScriptText(
        heredoc.delimiter, lambda start, stop: span.at(span.end_line, first + start, span.end_line, first + stop)
    )


def _at(span: Span) -> ScriptText:
    """A text every offset of which is at ``span``."""
    return ScriptText("", lambda _start, _end: span, exact=False)


def joined(pieces: list[tuple[str, ScriptText]]) -> ScriptText:
    """One text of several, each piece mapped back through its own source; a span across
    pieces covers the places of its ends. Exact where every piece with text is."""
    text = "".join(piece for piece, _source in pieces)
    starts: list[int] = []
    offset = 0
    for piece, _source in pieces:
        starts.append(offset)
        offset += len(piece)

    def piece_at(at: int) -> int:
        return max(0, bisect.bisect_right(starts, at) - 1)

    def span_of(start: int, end: int) -> Span:
        first, last = piece_at(start), piece_at(max(end - 1, start))
        first_source, last_source = pieces[first][1], pieces[last][1]
        if first == last:
            return first_source.span_of(start - starts[first], end - starts[first])
        head = first_source.span_of(start - starts[first], len(pieces[first][0]))
        tail = last_source.span_of(0, end - starts[last])
        return head.cover(tail)

    exact = all(source.exact for piece, source in pieces if piece.strip("\n"))
    return ScriptText(text, span_of, exact)
