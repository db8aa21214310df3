"""Applying findings' fixes to files: ``--fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only``.

A fix is edits at spans of the file as hullcheck read it (1-based lines, columns counted in code
points, as every span is). They are applied to the bytes read: a UTF-8 BOM, the line endings
(an edit's ``\\n`` is written as the line it lands on ends, ``\\r\\n`` in a CRLF file), tabs and
everything outside the edits stay byte for byte.

A run goes in rounds: lint, take the fixes of the findings whose edits do not touch an edit taken
before in the same round (two fixes whose edits overlap, or meet at one place, are never applied
together: the second waits for the next round, where it is computed again on the fixed text),
apply them in memory, lint again what they would write (hullcheck.parsers.source reads it from
memory), until a round applies nothing or MAX_ROUNDS have run. A fix whose edits fall outside its
file, or overlap each other, is never applied. Only then are files written, each only when its
bytes on disk are still those read first: a file changed meanwhile is left as it is and named.
"""

from __future__ import annotations

import difflib
import itertools
import os
from collections.abc import Callable, Iterable, Mapping

from hullcheck.engine.findings import Applicability, Finding, Fix
from hullcheck.records import Record, field
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.frontends import FrontEnd

MAX_ROUNDS = 10  # a fix that keeps bringing back a finding with a fix stops here
STDIN = "-"  # the key of the text read from standard input
_UTF8_BOM = b"\xef\xbb\xbf"


class FileText:
    """A file's bytes as text with positions: where each line starts, what ends it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.bom = data.startswith(_UTF8_BOM)
        self.text = data[len(_UTF8_BOM) :].decode("utf-8") if self.bom else data.decode("utf-8")
        self.starts = [0]
        for index, character in enumerate(self.text):
            if character == "\n":
                self.starts.append(index + 1)
        if self.starts[-1] == len(self.text) and len(self.starts) > 1:
            self.starts.pop()  # the text ends with a line ending: no line after it
        elif not self.text:
            self.starts = []

    def offset(self, line: int, column: int) -> int | None:
        """The index in ``text`` of a 1-based line and code-point column; None outside the text.
        A column may be one past the line's last character (its end); the line after the last
        has only its first column (the end of the text)."""
        if column < 1:
            return None
        if line == len(self.starts) + 1:
            return len(self.text) if column == 1 else None
        if not 1 <= line <= len(self.starts):
            return None
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        end = len(self.text) if end == -1 else end
        if end > start and self.text[end - 1] == "\r":
            end -= 1  # \r\n ends the line (and a last line's \r is no part of it either, as split_lines reads it)
        at = start + column - 1
        return at if at <= end else None

    def newline_at(self, offset: int) -> str:
        """How the line holding ``offset`` ends (the file's first line ending when it has none)."""
        end = self.text.find("\n", offset)
        if end == -1:
            end = self.text.find("\n")
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"

    def edited(self, edits: Iterable[tuple[int, int, str]]) -> bytes:
        """The bytes with ``edits`` (start, end, text; not overlapping) applied."""
        pieces: list[str] = []
        position = 0
        for start, end, written in sorted(edits, key=lambda edit: (edit[0], edit[1])):
            pieces.append(self.text[position:start])
            if "\n" in written:
                written = written.replace("\r\n", "\n").replace("\n", self.newline_at(start))  # noqa: PLW2901
            pieces.append(written)
            position = end
        pieces.append(self.text[position:])
        encoded = "".join(pieces).encode("utf-8")
        return _UTF8_BOM + encoded if self.bom else encoded


class _Edit(Record, frozen=True, slots=True):
    file: str  # the key of its file: its real path, or STDIN
    start: int
    end: int
    text: str

    def overlaps(self, other: _Edit) -> bool:
        """Whether the two change the same text, or insert at one place (in an unclear order)."""
        if self.file != other.file:
            return False
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end

    def touches(self, other: _Edit) -> bool:
        """Whether the two change the same text, or meet at one place (whose order is unclear)."""
        return self.file == other.file and self.start <= other.end and other.start <= self.end


class FixRun(Record, slots=True):
    """What a run's fixes have done so far, in memory: each touched file's bytes as first read and as
    fixed, by key (real path or STDIN), and the findings whose fixes were applied."""

    unsafe: bool  # apply unsafe fixes too
    originals: dict[str, bytes] = field(default_factory=dict)
    fixed: dict[str, bytes] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # each key's display path
    applied: list[Finding] = field(default_factory=list)
    changed_while_read: set[str] = field(default_factory=set)  # keys of files that changed after the lint read them
    rounds: int = 0
    stdin_name: str | None = None  # the display path of the text read from stdin, when it is linted

    def wanted(self, fix: Fix) -> bool:
        return fix.applicability is Applicability.SAFE or self.unsafe

    def key_of(self, display: str, root: str) -> str:
        if self.stdin_name is not None and display == self.stdin_name:
            return STDIN
        return os.path.realpath(os.path.join(root, display))

    def text_of(self, key: str, report: Report, display: str) -> FileText | None:
        """The current text of a file (read at its first fix); None when it cannot be fixed: it
        is not UTF-8 text, or changed on disk after the lint read it."""
        if key in self.fixed:
            return FileText(self.fixed[key])
        if key in self.changed_while_read or key == STDIN:
            return None
        try:
            with open(key, "rb") as stream:
                data = stream.read()
            text = FileText(data)
        except (OSError, UnicodeDecodeError):
            self.changed_while_read.add(key)
            return None
        linted = report.sources.get(display)
        if linted is not None and linted != text.text:
            self.changed_while_read.add(key)
            return None
        self.originals[key] = data
        self.fixed[key] = data
        self.shown[key] = display
        return text

    def apply_round(self, report: Report) -> int:
        """Apply the wanted fixes of ``report``'s findings that touch no edit taken before in this
        round, in the order of their first edit; the number applied."""
        candidates = [finding for finding in report.findings if finding.fix is not None and self.wanted(finding.fix)]
        texts: dict[str, FileText | None] = {}
        planned: list[tuple[Finding, list[_Edit]]] = []
        for finding in candidates:
            assert finding.fix is not None
            edits = self._edits(finding, finding.fix, report, texts)
            if edits is not None:
                planned.append((finding, edits))
        planned.sort(key=lambda item: (min((edit.file, edit.start) for edit in item[1]), item[0].rule.code))
        taken: list[_Edit] = []
        taken_sets: set[tuple[_Edit, ...]] = set()
        applied = 0
        for finding, edits in planned:
            if tuple(edits) in taken_sets:  # the same edits as a fix taken: it fixes this one too
                self.applied.append(finding)
                applied += 1
                continue
            if any(edit.touches(other) for edit in edits for other in taken):
                continue
            taken.extend(edits)
            taken_sets.add(tuple(edits))
            self.applied.append(finding)
            applied += 1
        for key in {edit.file for edit in taken}:
            text = texts[key]
            assert text is not None
            self.fixed[key] = text.edited((edit.start, edit.end, edit.text) for edit in taken if edit.file == key)
        return applied

    def _edits(
        self, finding: Finding, fix: Fix, report: Report, texts: dict[str, FileText | None]
    ) -> list[_Edit] | None:
        """The fix's edits at offsets of their files' texts; None when one cannot be applied."""
        edits: list[_Edit] = []
        for edit in fix.edits:
            display = edit.span.path or finding.path
            key = self.key_of(display, report.source_root)
            if key == STDIN and STDIN not in self.fixed:
                return None
            if key not in texts:
                texts[key] = self.text_of(key, report, display)
            text = texts[key]
            if text is None:
                return None
            span = edit.span
            start, end = text.offset(span.line, span.column), text.offset(span.end_line, span.end_column)
            if start is None or end is None or end < start:
                return None
            edits.append(_Edit(key, start, end, edit.text))
        edits.sort(key=lambda edit: (edit.file, edit.start, edit.end))
        if not edits or any(first.overlaps(second) for first, second in itertools.pairwise(edits)):
            return None  # its own edits overlap: what it means is unclear
        return edits

    def changes(self) -> dict[str, tuple[bytes, bytes]]:
        """Each file the fixes change: its bytes as first read and as fixed, by key."""
        return {key: (self.originals[key], data) for key, data in self.fixed.items() if data != self.originals[key]}

    def in_memory(self) -> dict[str, bytes]:
        """The fixed bytes of the files on disk the fixes change, for the next lint to read."""
        return {key: data for key, (_, data) in self.changes().items() if key != STDIN}


def disjoint_fixes(text: str, fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes of one round in a text (a document in the editor): each whose edits are all in
    the text and touch no edit of one taken before, in the order of their first edit; what
    --fix takes in one round of a file."""
    return [fix for fix, _edits in _disjoint(FileText(text.encode("utf-8")), fixes)]


def _disjoint(found: FileText, fixes: Iterable[Fix]) -> list[tuple[Fix, list[_Edit]]]:
    """disjoint_fixes, each with its edits at offsets of ``found``."""
    placed: list[tuple[Fix, list[_Edit]]] = []
    for fix in fixes:
        edits = []
        for edit in fix.edits:
            span = edit.span
            start, end = found.offset(span.line, span.column), found.offset(span.end_line, span.end_column)
            if start is None or end is None or end < start:
                break
            edits.append(_Edit("", start, end, edit.text))
        else:
            edits.sort(key=lambda edit: (edit.start, edit.end))
            if edits and not any(first.overlaps(second) for first, second in itertools.pairwise(edits)):
                placed.append((fix, edits))
    placed.sort(key=lambda item: item[1][0].start)
    taken: list[_Edit] = []
    chosen: list[tuple[Fix, list[_Edit]]] = []
    for fix, edits in placed:
        if not any(edit.touches(other) for edit in edits for other in taken):
            taken.extend(edits)
            chosen.append((fix, edits))
    return chosen


def fixed_in_rounds(text: str, first: Iterable[Fix], fixes_of: Callable[[str], Iterable[Fix]]) -> str:
    """``text`` (a document in the editor) with fixes applied as --fix applies them to a file,
    in memory: ``first``, the fixes of the text's findings, then ``fixes_of(text)`` for each
    fixed text, until a round applies none or MAX_ROUNDS have run."""
    for round_number in range(MAX_ROUNDS):
        found = FileText(text.encode("utf-8"))
        chosen = _disjoint(found, fixes_of(text) if round_number else first)
        if not chosen:
            break
        text = found.edited((e.start, e.end, e.text) for _fix, edits in chosen for e in edits).decode("utf-8")
    return text


def fix_in_rounds(run: FixRun, lint: Callable[[Mapping[str, bytes], bytes | None], Report]) -> Report:
    """Lint (``lint(files in memory, stdin's text)``) and apply fixes until a round applies none
    or MAX_ROUNDS have run; the report of the last lint, which is of the fixed texts."""
    stdin = run.fixed.get(STDIN)
    report = lint({}, stdin)
    while run.rounds < MAX_ROUNDS:
        run.rounds += 1
        if not run.apply_round(report):
            break
        report = lint(run.in_memory(), run.fixed.get(STDIN))
    return report


class Written(Record, frozen=True, slots=True):
    written: list[str]  # display paths
    refused: list[str]  # display paths of files changed on disk since they were read


def write_fixed(run: FixRun) -> Written:
    """Write each file the fixes change whose bytes on disk are still those read first."""
    written: list[str] = []
    refused: list[str] = []
    for key, (original, data) in sorted(run.changes().items()):
        if key == STDIN:
            continue
        try:
            with open(key, "r+b") as stream:
                if stream.read() != original:
                    refused.append(run.shown[key])
                    continue
                stream.seek(0)
                stream.write(data)
                stream.truncate()
        except OSError:
            refused.append(run.shown[key])
            continue
        written.append(run.shown[key])
    return Written(written, refused)


def unified_diff(run: FixRun) -> str:
    """The fixes as a unified diff with ``a/`` and ``b/`` prefixes (``patch -p1``, ``git apply``);
    stdin's text is named by its display path. Lines are split at ``\n`` only, as patch reads them."""
    parts: list[str] = []
    for key, (original, data) in sorted(run.changes().items(), key=lambda item: run.shown[item[0]]):
        name = run.shown[key]
        before, after = _lines(original.decode("utf-8")), _lines(data.decode("utf-8"))
        for index, line in enumerate(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")):
            if index < 2:  # the file names
                parts.append(line.rstrip("\n") + "\n")
            elif line.endswith("\n"):
                parts.append(line)
            else:
                parts.append(line + "\n\\ No newline at end of file\n")
    return "".join(parts)


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ``\n`` (the last may have none)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def add_suppressions(run: FixRun, report: Report, reason: str) -> int:
    """Write in memory a ``# hullcheck: ignore[RULE] -- reason`` comment for each finding of
    ``report`` that a comment can silence, where the language server's suppression action puts
    it (hullcheck.lsp.edits): the rules of one place in one comment, an existing comment there
    extended. The number of comments written or extended."""
    from hullcheck.engine.suppressions import NOT_SUPPRESSIBLE
    from hullcheck.frontends import front_end_for_path, front_end_of
    from hullcheck.lsp.edits import suppression_insertions

    by_file: dict[str, list[Finding]] = {}
    kinds: dict[str, FrontEnd | None] = {}
    for result in report.results:
        for finding in result.findings:
            if finding.rule.code in NOT_SUPPRESSIBLE:
                continue
            by_file.setdefault(finding.path, []).append(finding)
            if finding.path == result.path:
                kinds[finding.path] = front_end_of(result.kind)
            elif finding.path not in kinds:  # another file of its project: its own kind, else the project's (.env)
                kinds[finding.path] = front_end_for_path(finding.path) or front_end_of(result.kind)
    added = 0
    for display, findings in by_file.items():
        front_end = kinds[display]
        key = run.key_of(display, report.source_root)
        text = run.text_of(key, report, display)
        if front_end is None or text is None:
            continue
        wanted = [(finding.span.line, finding.rule.code, finding.rule.name) for finding in findings]
        edits = []
        for insertion in suppression_insertions(front_end, text.text, display, wanted, reason):
            at = text.offset(insertion.line, insertion.column)
            if at is not None:
                edits.append((at, at, insertion.text))
        if edits:
            run.fixed[key] = text.edited(edits)
            added += len(edits)
    return added
