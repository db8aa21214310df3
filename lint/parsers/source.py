"""Reading source files: their paths, decoding, line splitting and parse problems.

Paths are strings (``os.path``): pathlib and what it imports (urllib.parse, ipaddress, ntpath,
fnmatch) were 7% of a one-file run's start. A path named on the command line is spelled as
pathlib spelled it, by :func:`cleaned_path`, before it is shown or looked up."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping

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


def cleaned_path(path: str) -> str:
    """``path`` as pathlib spells it: without repeated slashes, ``.`` parts and a trailing slash
    (``./Dockerfile``, ``dir//Dockerfile``, ``dir/./Dockerfile/`` are ``Dockerfile`` and
    ``dir/Dockerfile``; an empty path is ``.``). ``..`` parts stay, unlike os.path.normpath's:
    ``link/..`` is the folder above the link's target, not the folder holding the link. Two
    leading slashes stay two, as POSIX leaves their meaning to the system."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    head = "//" if path.startswith("//") and not path.startswith("///") else "/" if path.startswith("/") else ""
    return head + "/".join(part for part in path.split("/") if part not in ("", ".")) or "."


def relative_below(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder``, with ``/`` separators (``.`` for the folder itself), when
    it is below it; else None. Both are absolute and normalized (os.path.abspath, realpath);
    the comparison is lexical, as pathlib's ``relative_to``."""
    if path == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if not path.startswith(prefix):
        return None
    below = path[len(prefix) :]
    return below.replace(os.sep, "/") if os.sep != "/" else below


# what pathlib's is_file() and exists() take for nothing there, rather than raise
_NOTHING_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def file_mode(path: str) -> int | None:
    """The mode (``st_mode``) of what ``path`` names, following links; None when nothing is there
    (nothing of that name, a link to nothing, a link loop), as pathlib's ``exists()`` answers.
    Raises OSError when it cannot tell (no permission to look in the folder)."""
    try:
        return os.stat(path).st_mode
    except OSError as error:
        if error.errno in _NOTHING_THERE:
            return None
        raise
    except ValueError:  # a NUL byte: no file can have that name
        return None


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


def read_file_bytes(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path`` (or of what a fix run holds for it);
    OSError when it cannot be read."""
    if _WRITTEN_IN_MEMORY:
        held = _WRITTEN_IN_MEMORY.get(os.path.realpath(path))
        if held is not None:
            return held[:limit]
    with open(path, "rb") as stream:
        return stream.read(limit)


class UnreadableFile(Exception):
    """A file that cannot be read as text; the message says why, as a predicate of its name."""


def read_text_file(path: str, max_size: int) -> str:
    """The text of the regular file at ``path`` (UTF-8, see :func:`decode`); UnreadableFile when
    it is absent, not a regular file (a FIFO would block), unreadable, larger than ``max_size``
    bytes (never read further) or not text."""
    data = _regular_file_bytes(path, max_size)
    try:
        return decode(data)
    except ParseProblem as problem:
        raise UnreadableFile(f"is not text: line {problem.span.line}: {problem.message}") from None


def read_bytes_as_text(path: str, max_size: int) -> str:
    """The bytes of the regular file at ``path`` as text whatever they hold, as a Go program
    reads a file (BuildKit its ignore files): UTF-8 without a BOM, each byte that is not kept
    as its surrogate escape (as os.fsdecode keeps it in a file name, which it then matches).
    UnreadableFile as for :func:`read_text_file`, but for bytes that are not UTF-8."""
    return _regular_file_bytes(path, max_size).removeprefix(_UTF8_BOM).decode("utf-8", "surrogateescape")


def _regular_file_bytes(path: str, max_size: int) -> bytes:
    try:
        mode = file_mode(path)
        if mode is None or not stat.S_ISREG(mode):
            raise UnreadableFile("is not a regular file; not read" if mode is not None else "does not exist")
        data = read_file_bytes(path, max_size + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror or type(error).__name__}") from None
    if len(data) > max_size:
        raise UnreadableFile(f"is larger than {max_size:,} bytes; not read")
    return data


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
