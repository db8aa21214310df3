"""Reading source bytes: decoding, line splitting and parse problems."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from hullcheck.model.span import Span
from hullcheck.records import Record

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class ParseProblem(Exception, Record, eq=False):  # not frozen: raising through a context manager sets __traceback__
    """Something in a file that stops hullcheck from understanding it (reported as HC001)."""

    span: Span
    message: str

    def __str__(self) -> str:
        return self.message


class ProjectProblem(ParseProblem):
    """Something that stops hullcheck from loading all of a Compose project: a missing or
    unreadable file, an ``extends`` or ``include`` cycle (reported as HC002, not HC001)."""


class SchemaProblem(ParseProblem):
    """A key the Compose specification does not define where it is written, which Docker
    Compose refuses (reported as HC005): the rest of the file is read."""


# what a fix run has written in memory and not yet to disk, by real path (see hullcheck.fixes):
# files are read from here first while it holds them
_WRITTEN_IN_MEMORY: dict[str, bytes] = {}


class ContentsInMemory:
    """Read the files named (by real path) in ``contents`` as holding those bytes, for as long
    as the context lasts: a fix run lints what its fixes would write, before writing it. (A
    class, not contextlib's decorator: every run imports this module, few make fixes.)"""

    def __init__(self, contents: Mapping[str, bytes]) -> None:
        self.contents = contents

    def __enter__(self) -> None:
        _WRITTEN_IN_MEMORY.update(self.contents)

    def __exit__(self, *_raised: object) -> None:
        _WRITTEN_IN_MEMORY.clear()


def read_file_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path`` (or of what a fix run holds for it);
    OSError when it cannot be read."""
    if _WRITTEN_IN_MEMORY:
        held = _WRITTEN_IN_MEMORY.get(os.path.realpath(path))
        if held is not None:
            return held[:limit]
    with path.open("rb") as stream:
        return stream.read(limit)


class UnreadableFile(Exception):
    """A file that cannot be read as text; the message says why, as a predicate of its name."""


def read_text_file(path: Path, max_size: int) -> str:
    """The text of the regular file at ``path`` (UTF-8, see :func:`decode`); UnreadableFile when
    it is absent, not a regular file (a FIFO would block), unreadable, larger than ``max_size``
    bytes (never read further) or not text."""
    try:
        if not path.is_file():
            raise UnreadableFile("is not a regular file; not read" if path.exists() else "does not exist")
        data = read_file_bytes(path, max_size + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or type(error).__name__}") from None
    if len(data) > max_size:
        raise UnreadableFile(f"is larger than {max_size:,} bytes; not read")
    try:
        return decode(data)
    except ParseProblem as problem:
        raise UnreadableFile(f"is not text: line {problem.span.line}: {problem.message}") from None


def decode(data: bytes) -> str:
    """UTF-8 text without a BOM; raise ParseProblem naming the line of the first bad byte."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    elif data.startswith(_UTF16_BOMS):
        raise ParseProblem(Span.point(1), "file is UTF-16 encoded; Docker reads UTF-8 only")
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise ParseProblem(Span.point(line), "file holds NUL bytes: it is binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ParseProblem(
            Span.point(line, column), f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None


def split_lines(text: str) -> list[str]:
    """Physical lines without their line endings; ``\\r\\n`` and ``\\n`` both end a line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
