"""systemd unit files as Podman Quadlet reads them, with the place of every key, value and word.

The syntax is Quadlet's own parser's (podman ``pkg/systemd/parser/unitfile.go``), which is what
decides what a ``.container`` unit runs: each physical line is stripped of surrounding blanks; a
line that is then empty or starts with ``#`` or ``;`` is a comment, also between the lines of a
continued value (systemd allows that too); a line ending in ``\\`` goes on on the next line, the
backslash removed and the two joined as they are (``Exec=a \\`` + ``b`` is ``a b``); ``[Name]``
starts a section (sections of one name merge); ``Key=Value`` assigns, blanks around ``=``
dropped. A ``#`` after a value is part of it: there are no trailing comments. A key may be
repeated: list keys collect every value, and an empty assignment (``Volume=``) drops the values
before it; a single-valued key takes its last one.

Values are read per key as Quadlet reads them (see :class:`Entry`): as written (``lookup``:
trailing blanks dropped, one pair of surrounding double quotes removed), or split into words
with systemd's rules (podman ``pkg/systemd/parser/split.go``, systemd's ``extract_first_word``):
``args`` (``PodmanArgs``, ``Exec``, ``Environment``, ``Mount``: quotes removed, C escapes
decoded, a bad escape drops the whole value) and ``strv`` (``AddCapability``, ``AddDevice``:
quotes removed, backslashes literal). Each word knows where each of its characters was written.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from hullcheck.model.span import Span
from hullcheck.parsers.source import ParseProblem
from hullcheck.records import Record, field

_SEPARATORS = " \t\n\r"
_LAST = 1 << 62  # sorts after any line or column
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "s": " ",
}


class Word(Record, frozen=True, slots=True):
    """One word of a split value: its text, the span of each of its characters in the file
    (``origins``: offsets in the value, start and end, for each character) and the whole word's
    span (its quotes included). ``exact``: its text is written as is on one line (no quote or
    escape inside it), so an edit of it can be placed in the file."""

    text: str
    span: Span
    origins: tuple[tuple[int, int], ...]
    entry: Entry
    exact: bool

    def span_of(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` (the whole word's span for an empty word)."""
        count = len(self.origins)
        if count == 0:
            return self.span
        first = self.origins[start][0] if start < count else self.origins[count - 1][1]
        last = self.origins[end - 1][1] if start < end <= count else first
        return self.entry.span_of(first, max(first, last))


class Entry(Record, frozen=True, slots=True):
    """One ``Key=Value`` assignment of a section. ``value`` is the value as Quadlet's
    ``LookupAll`` gives it (continued lines joined); ``pieces`` say where its parts are written:
    ``(offset, line, column)``, the value from ``offset`` on starts at that line and column."""

    section: str
    key: str
    key_span: Span
    value: str
    pieces: tuple[tuple[int, int, int], ...]
    span: Span  # the value (a point after ``=`` when it is empty)
    statement: Span  # from the key to the end of the value

    def span_of(self, start: int, end: int) -> Span:
        """The span of ``value[start:end]``; a point where it is empty."""
        line, column = self._position(start)
        if end <= start:
            return Span(line, column, line, column)
        end_line, end_column = self._position(end - 1)
        return Span(line, column, end_line, end_column + 1)

    def _position(self, offset: int) -> tuple[int, int]:
        if len(self.pieces) == 1:
            _, line, column = self.pieces[0]
            return line, column + offset
        index = max(bisect.bisect_right(self.pieces, (offset, _LAST, _LAST)) - 1, 0)
        start, line, column = self.pieces[index]
        return line, column + offset - start

    def lookup(self) -> tuple[str, int]:
        """The value as Quadlet's ``Lookup`` reads a single-valued key (``Image``, ``User``):
        trailing blanks dropped and one pair of surrounding double quotes removed; and where
        that text starts in ``value``."""
        text = self.value.rstrip()
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            return text[1:-1], 1
        return text, 0

    def looked_up(self) -> Word:
        """:meth:`lookup` as a word located in the file."""
        text, start = self.lookup()
        origins = tuple((start + index, start + index + 1) for index in range(len(text)))
        whole = self.span_of(start, start + len(text)) if text else self.span
        exact = whole.line == whole.end_line and whole.end_column - whole.column == len(text)
        return Word(text, whole, origins, self, exact)

    def args(self) -> list[Word] | None:
        """The words of an exec-like value (``PodmanArgs``, ``Exec``, ``Environment``):
        quotes removed, C escapes decoded, an unbalanced quote or trailing backslash let pass
        (systemd's SPLIT_RELAX). None when Quadlet drops the value: an escape it does not know."""
        return split_words(self, unescape=True)

    def strv(self) -> list[Word] | None:
        """The words of a list value (``AddCapability``, ``AddDevice``, ``DropCapability``):
        quotes removed, backslashes kept as written. None when Quadlet drops the value (an
        unbalanced quote)."""
        return split_words(self, unescape=False)


class UnitFile(Record, slots=True):
    """A unit file's sections (those of one name merged), each a list of its entries in order."""

    sections: dict[str, list[Entry]] = field(default_factory=dict)
    headers: dict[str, Span] = field(default_factory=dict)  # each section's first header

    def entries(self, section: str, key: str) -> list[Entry]:
        """Every assignment of ``key`` that counts, as Quadlet's ``LookupAll`` reads them: an
        empty one drops those before it, and is not itself a value."""
        found: list[Entry] = []
        for entry in self.sections.get(section, ()):
            if entry.key == key and entry.value:
                found.append(entry)
            elif entry.key == key:
                found = []
        return found

    def last(self, section: str, key: str) -> Entry | None:
        """The last assignment of ``key`` (Quadlet's ``Lookup``), empty or not."""
        return next((entry for entry in reversed(self.sections.get(section, ())) if entry.key == key), None)

    def boolean(self, section: str, key: str) -> tuple[bool, Entry] | None:
        """``key``'s last value as systemd reads a boolean in Quadlet (``1``, ``yes``, ``true``,
        ``on`` in any case are true; anything else false); None when it is not set."""
        entry = self.last(section, key)
        if entry is None:
            return None
        return entry.lookup()[0].lower() in ("1", "yes", "true", "on"), entry

    def all_entries(self) -> Iterator[Entry]:
        for entries in self.sections.values():
            yield from entries


def _is_comment(line: str) -> bool:
    return not line or line[0] in "#;"


def _is_section(line: str) -> bool:
    end = line.find("]")
    return line.startswith("[") and end != -1 and not line[end + 1 :].strip(" \t")


def parse_unit_file(text: str) -> UnitFile:
    """The unit file ``text`` holds; ParseProblem for a line Quadlet refuses (it then
    generates nothing for the unit), with the line."""
    unit = UnitFile()
    section: str | None = None
    lines = text.removesuffix("\n").split("\n")
    pending: list[tuple[str, int, int]] = []  # the pieces of a continued line: text, line, column
    continued = False  # some of them hold text
    for index, raw in enumerate(lines):
        number = index + 1
        stripped = raw.strip()
        column = len(raw) - len(raw.lstrip()) + 1
        if _is_comment(stripped):
            if not continued:
                pending = []
            continue  # a comment, inside a continued value or not
        if stripped.endswith("\\"):
            stripped = stripped[:-1]
            if index != len(lines) - 1:
                pending.append((stripped, number, column))
                continued = continued or bool(stripped)
                continue
        pieces = [*pending, (stripped, number, column)]
        pending, continued = [], False
        section = _read_line(unit, section, pieces)
    return unit


def _read_line(unit: UnitFile, section: str | None, pieces: list[tuple[str, int, int]]) -> str | None:
    """Read one logical line (its physical pieces); the section it leaves current."""
    line = "".join(piece for piece, _, _ in pieces)
    offsets: list[tuple[int, int, int]] = []
    at = 0
    for piece, number, column in pieces:
        offsets.append((at, number, column))
        at += len(piece)
    located = Entry("", "", Span.point(1), line, tuple(offsets), Span.point(1), Span.point(1))
    first = pieces[0][1]
    if _is_section(line):
        name = line[1 : line.index("]")]
        if not name or any(char in "[]" or not char.isprintable() for char in name):
            raise ParseProblem(
                located.span_of(0, len(line)), f"invalid section name [{name}]: Quadlet refuses the unit"
            )
        unit.sections.setdefault(name, [])
        unit.headers.setdefault(name, located.span_of(0, len(line)))
        return name
    equals = line.find("=")
    if equals <= 0:
        shown = line if len(line) <= 60 else line[:57] + "…"
        raise ParseProblem(
            Span.point(first),
            f"line {first} is not a Key=Value pair, a [Section] or a comment: {shown!r} (Quadlet refuses the unit)",
        )
    if section is None:
        raise ParseProblem(Span.point(first), "a Key=Value before any [Section]: Quadlet refuses the unit")
    key = line[:equals].rstrip()
    if not key:
        raise ParseProblem(Span.point(first), "a Key=Value with an empty key: Quadlet refuses the unit")
    start = equals + 1
    while start < len(line) and line[start].isspace():
        start += 1
    value = line[start:]
    value_pieces = _value_pieces(offsets, start)
    key_span = located.span_of(0, len(key))
    value_span = located.span_of(start, len(line)) if value else _point_after(located.span_of(equals, equals + 1))
    entry = Entry(section, key, key_span, value, value_pieces, value_span, key_span.cover(value_span))
    unit.sections[section].append(entry)
    return section


def _point_after(span: Span) -> Span:
    return Span(span.end_line, span.end_column, span.end_line, span.end_column)


def _value_pieces(offsets: list[tuple[int, int, int]], start: int) -> tuple[tuple[int, int, int], ...]:
    """The pieces of the line from ``start`` on, as offsets in the value: the piece ``start``
    is in, and those after it."""
    found: list[tuple[int, int, int]] = []
    for index, (offset, number, column) in enumerate(offsets):
        following = offsets[index + 1][0] if index + 1 < len(offsets) else None
        if following is not None and following <= start:
            continue
        skip = max(start - offset, 0)
        found.append((offset + skip - start, number, column + skip))
    return tuple(found)


# --- systemd's word splitting ------------------------------------------------------------------


class _Dropped(Exception):
    """A value Quadlet drops: an escape it does not know, or (for list values) an open quote."""


def split_words(entry: Entry, unescape: bool) -> list[Word] | None:
    """``entry``'s value split as podman's splitString does, with SplitUnquote and either
    SplitRelax|SplitCUnescape (``unescape``) or SplitRetainEscape. None: the value is dropped."""
    words: list[Word] = []
    position = 0
    try:
        while True:
            word = _first_word(entry, position, unescape)
            if word is None:
                return words
            words.append(word[0])
            position = word[1]
    except _Dropped:
        return None


def _first_word(entry: Entry, position: int, unescape: bool) -> tuple[Word, int] | None:
    """extract_first_word: the next word from ``position`` and where the rest starts; None when
    there is none (an empty quoted word before a blank ends the splitting, as in systemd)."""
    text = entry.value
    end = len(text)
    p = position
    while p < end and text[p] in _SEPARATORS:
        p += 1
    if p >= end:
        return None
    first = last = p
    characters: list[tuple[str, int, int]] = []
    plain = True  # no quote or escape inside
    quote = ""
    backslash = -1  # where the escape being read started
    while p < end:
        c = text[p]
        if backslash >= 0:
            count, decoded = _c_unescape(text, p) if unescape else (1, c)
            if count <= 0:
                raise _Dropped
            p += count - 1
            characters.append((decoded, backslash, p + 1))
            plain, backslash, last = False, -1, p + 1
        elif c == "\\" and unescape:  # with SplitRetainEscape a backslash is a character
            backslash = p
        elif quote and c == quote:
            quote, last = "", p + 1
        elif not quote and c in "'\"":
            quote, plain, last = c, False, p + 1
        elif not quote and c in _SEPARATORS:
            while p < end and text[p] in _SEPARATORS:
                p += 1
            break
        else:
            characters.append((c, p, p + 1))
            last = p + 1
        p += 1
    if quote and not unescape:  # an open quote: only SplitRelax lets it run to the end
        raise _Dropped
    if not characters:
        return None
    word_text = "".join(character for character, _, _ in characters)
    origins = tuple((start, stop) for _, start, stop in characters)
    span = entry.span_of(first, last)
    exact = plain and span.line == span.end_line and span.end_column - span.column == len(word_text)
    return Word(word_text, span, origins, entry, exact), p


def _c_unescape(text: str, at: int) -> tuple[int, str]:
    """systemd's cunescape_one on ``text[at:]`` (the characters after a backslash): how many
    characters it reads and what they stand for; -1 for an escape it does not know."""
    c = text[at]
    if c in _SIMPLE_ESCAPES:
        return 1, _SIMPLE_ESCAPES[c]
    digits = {"x": (2, 16), "u": (4, 16), "U": (8, 16)}
    if c in digits:
        count, base = digits[c]
        code = text[at + 1 : at + 1 + count]
        if len(code) != count or not all(char in "0123456789abcdefABCDEF" for char in code):
            return -1, ""
        value = int(code, base)
        if value == 0 or value > 0x10FFFF:
            return -1, ""
        return count + 1, "\ufffd" if 0xD800 <= value <= 0xDFFF else chr(value)
    code = text[at : at + 3]
    if len(code) == 3 and all(char in "01234567" for char in code):
        value = int(code, 8)
        if value == 0 or value > 255:
            return -1, ""
        return 3, chr(value)
    return -1, ""
