"""``.env`` and ``env_file`` files, read as Compose reads them (compose-go's ``dotenv`` package).

The rules, each checked by a test in tests/parsers/test_dotenv.py:

* Blank lines and lines whose first non-blank character is ``#`` are skipped; a byte order mark
  at the start is dropped.
* ``export NAME=value`` is ``NAME=value``. ``NAME: value`` is accepted too. Spaces around the
  ``=`` are dropped. A name holds letters, digits, ``_``, ``.``, ``-``, ``[`` and ``]``; any other
  character, or a space inside the name, is an error that makes Compose refuse the file.
* ``NAME`` alone on its line takes its value from the environment, and is not set when the
  environment has no such variable.
* An unquoted value runs to the end of the line; `` #`` (a space, then ``#``) starts a comment,
  and the whitespace at its end (a ``\\r`` too) is not part of it. ``${VAR}``, ``$VAR`` and the
  ``${VAR:-default}`` family are interpolated; ``$$`` is a literal ``$``.
* A single-quoted value is literal: no interpolation, no escape but ``\\'`` for a quote.
* A double-quoted value is interpolated after its escapes are read: ``\\n``, ``\\t``, ``\\r``,
  ``\\a``, ``\\b``, ``\\f``, ``\\v``, ``\\\\``, ``\\"``, ``\\0`` and three octal digits, and ``\\$``
  for a literal ``$``; any other backslash stays.
* A quoted value may span lines. After its closing quote the line goes on as a new statement:
  blanks and a ``#`` comment are skipped, and anything else is read as another assignment. An
  unterminated quote is an error.
* Interpolation looks a variable up in the environment first (for ``.env``, the earlier
  ``--env-file`` files and, with ``--use-environment``, the process; for ``env_file``, the
  project's variables), then among the variables set earlier in the same file. A variable that
  is set nowhere leaves the value :class:`Unresolved` (Compose would make it empty).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.variables import substitute
from hullcheck.records import Record

Lookup = Callable[[str], "str | None"]

_BLANK = "\t\v\f\r \x85\xa0"  # compose-go's isSpace: whitespace that does not end a line
_EXPORT = re.compile(r"export[\t\n\f\r ]+")
_NAME_PUNCTUATION = "_.-[]"
_SHOWN = 60  # characters of a line quoted in an error
_ESCAPE = re.compile(r'\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})')
_ESCAPED = {"a": "\a", "b": "\b", "c": "\\c", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPED |= {"$": "$$", '"': '"', "\\": "\\"}  # ``\$`` becomes Compose's own escape, ``$$``


class DotenvEntry(Record, frozen=True, slots=True):
    """One variable set by the file: the last assignment of its name."""

    name: str
    value: str | Unresolved
    # the value in Compose's interpolation syntax, quotes and escapes read: a single-quoted
    # ``$x`` is ``$$x``; a name alone, which takes its value from the environment, is ``${NAME}``
    template: str
    span: Span  # from the name to the end of the value


class DotenvError(Record, frozen=True, slots=True):
    """Where and why Compose refuses the file. The variables set before it are kept."""

    span: Span
    message: str  # ends with "Compose refuses the file"

    @property
    def line(self) -> int:
        return self.span.line


class Dotenv(Record, frozen=True, slots=True):
    entries: dict[str, DotenvEntry]
    error: DotenvError | None = None

    def values(self) -> dict[str, str]:
        """The variables as text; an unresolved value is its template (variables unexpanded)."""
        return {
            name: entry.value if isinstance(entry.value, str) else entry.value.text
            for name, entry in self.entries.items()
        }


def parse_dotenv(text: str, lookup: Lookup | None = None) -> dict[str, str]:
    """Variables of a ``.env`` file (see :func:`read_dotenv`), as text."""
    return read_dotenv(text, lookup).values()


def read_dotenv(text: str, lookup: Lookup | None = None, path: str | None = None) -> Dotenv:
    """The variables ``text`` sets, and the error Compose would stop at, if any. ``lookup``: the
    environment values are interpolated from before the file's own; ``path``: the display path
    the entries' spans carry."""
    return _Reader(text, lookup or _nothing, path).read()


def _nothing(_name: str) -> str | None:
    return None


class _Error(Exception):
    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        self.message = message


class _Reader:
    def __init__(self, text: str, lookup: Lookup, path: str | None) -> None:
        self.text = text
        self.lookup = lookup
        self.path = path
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.entries: dict[str, DotenvEntry] = {}

    def read(self) -> Dotenv:
        at = 1 if self.text.startswith("\ufeff") else 0
        try:
            while (at := self.statement_start(at)) < len(self.text):
                at = self.statement(at)
        except _Error as error:
            line, column = self.position(error.offset)
            span = Span(line, column, line, column + 1, self.path)
            return Dotenv(self.entries, DotenvError(span, f"{error.message}; Compose refuses the file"))
        return Dotenv(self.entries)

    def statement_start(self, at: int) -> int:
        """The offset of the next statement: past whitespace, line breaks and ``#`` comments."""
        text = self.text
        while at < len(text):
            if text[at].isspace():
                at += 1
            elif text[at] == "#":
                end = text.find("\n", at)
                at = len(text) if end == -1 else end
            else:
                break
        return at

    def statement(self, start: int) -> int:
        """Read the assignment at ``start``; the offset after it."""
        text = self.text
        export = _EXPORT.match(text, start)
        at = self.skip_blanks(export.end()) if export else start
        name_start = at
        while at < len(text) and text[at] not in "=:\n":
            char = text[at]
            if not (char in _BLANK or char.isalnum() or char in _NAME_PUNCTUATION):
                raise _Error(at, f"unexpected character {char!r} in variable name {self.line_from(name_start)!r}")
            at += 1
        if at == len(text):  # words alone on the last line: Compose sets nothing anyone can read
            return at
        name = text[name_start:at].rstrip()
        if " " in name:
            raise _Error(name_start, f"variable name {name!r} contains a space")
        if text[at] == "\n":  # a name alone: its value comes from the environment
            value = self.lookup(name)
            if value is not None:
                self.set(name, value, f"${{{name}}}", name_start, at)
            return at + 1
        value_start = self.skip_blanks(at + 1)
        quote = text[value_start : value_start + 1]
        if quote in ("'", '"'):
            return self.quoted(name, name_start, value_start, quote)
        line_end = text.find("\n", value_start)
        line_end = len(text) if line_end == -1 else line_end
        comment = text.find(" #", value_start, line_end)
        raw = text[value_start : line_end if comment == -1 else comment].rstrip()
        self.set(name, self.interpolate(raw), raw, name_start, value_start + len(raw))
        return line_end

    def quoted(self, name: str, name_start: int, open_at: int, quote: str) -> int:
        text = self.text
        chars: list[str] = []
        at = open_at + 1
        escaped = False
        while at < len(text):
            char = text[at]
            at += 1
            if char == quote and not escaped:
                raw = "".join(chars)
                template = _ESCAPE.sub(_unescape, raw) if quote == '"' else raw.replace("$", "$$")
                self.set(name, self.interpolate(template), template, name_start, at)
                return at
            if char == "\\" and not escaped:
                escaped = True
                continue
            if escaped and char != quote:
                chars.append("\\")
            escaped = False
            chars.append(char)
        raise _Error(open_at, f"unterminated quoted value {self.line_from(open_at)}")

    def interpolate(self, template: str) -> str | Unresolved:
        return substitute(template, self.lookup_variable, dollar_escape=True)

    def lookup_variable(self, name: str) -> str | None:
        found = self.lookup(name)
        if found is not None:
            return found
        entry = self.entries.get(name)
        if entry is None:
            return None
        return entry.value if isinstance(entry.value, str) else None

    def set(self, name: str, value: str | Unresolved, template: str, start: int, end: int) -> None:
        if not name:  # ``=value``: Compose keeps it under an empty name, which nothing can read
            return
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        self.entries.pop(name, None)  # the last assignment wins, and is where the name is now
        self.entries[name] = DotenvEntry(name, value, template, Span(line, column, end_line, end_column, self.path))

    def line_from(self, start: int) -> str:
        """The text from ``start`` to the end of its line, shortened for a message."""
        end = self.text.find("\n", start)
        shown = self.text[start : end if end != -1 else len(self.text)]
        return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"

    def skip_blanks(self, at: int) -> int:
        while at < len(self.text) and self.text[at] in _BLANK:
            at += 1
        return at

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


def _unescape(match: re.Match[str]) -> str:
    """One escape of a double-quoted value, as compose-go's expandEscapes reads it."""
    escape = match.group()
    if escape[1] != "0":
        return _ESCAPED[escape[1]]
    digits = escape[2:]
    if len(digits) == 3 and all(digit in "01234567" for digit in digits) and int(digits, 8) <= 0o377:
        return chr(int(digits, 8))
    return escape  # Go's UnquoteChar refuses it: the text stays
