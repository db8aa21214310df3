"""A shell word expanded as the shell expands it, with the variables whose values are known.

Quotes are removed; ``$NAME``, ``${NAME}`` and ``${NAME:-word}`` (``-``, ``=``, ``+``, ``?``,
with and without ``:``) take the value the lookup gives; an unquoted expansion is split into
fields at blanks, and one that is empty and alone makes no field, as the shell does. What cannot
be known stays as written and makes its field unknown: a variable with no known value,
``$(…)``, backticks, ``$((…))``, ``$1``, ``$@``, ``${#NAME}`` and the other operators.
Each character of a field knows the offsets in the word it comes from (a whole expansion for
a character of its value), so a finding points at what is written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.bounds import MAX_SUBSTITUTION_NESTING, nesting_message
from hullcheck.parsers.shell import bracket_closes
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record, field


class Assigned(Record, frozen=True, slots=True):
    """A variable's value where it is used, and the assignment that gave it."""

    name: str
    value: str | Unresolved
    span: Span  # the assignment word: ``IMG=alpine``


# What a variable holds where it is used: a known assignment, something unknown, or None when
# it is not set (so ``${NAME:-default}`` is the default).
VariableValue = Assigned | Unresolved | None
Lookup = Callable[[str], VariableValue]

NOT_EXPANDED = "set when the command runs"  # the reason when no variable is known
_NAME = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATOR = LazyPattern(r":?[-=+?]")
_SPECIAL = "@*#?$!-0123456789"
_BLANKS = " \t\n"
# bounds for a hostile word (a million ``\x`` or ``$X``): where its characters are written is
# kept for the first segments, and the assignments behind the first expansions
_MAX_SEGMENTS = 1024
_MAX_SOURCES = 16
_PLAIN = LazyPattern(r"[^\\'\"`$]+")  # characters that stand for themselves, in one step


class Segment(Record, frozen=True, slots=True):
    """A run of a field's text from ``offset`` on, and the range of the written word it comes
    from: character by character when ``as_written`` (``[start, end)`` holds the same text),
    else each character from the whole range (an expansion's value, an escape)."""

    offset: int
    start: int
    end: int
    as_written: bool


class Field(Record, frozen=True, slots=True):
    """One word the shell passes to the command, and where each of its characters is written."""

    text: str = ""
    segments: tuple[Segment, ...] = ()
    unknown: bool = False  # it holds a part written as is, whose value is not known
    splits: bool = False  # it holds an unquoted expansion of unknown value: it may be several words
    reason: str | None = None  # why the first unknown part is unknown
    sources: tuple[tuple[int, int, Assigned], ...] = ()  # known expansions: where written, and their values

    def origin(self, index: int) -> tuple[int, int]:
        """The range of the written word that character ``index`` of the text comes from."""
        segment = self.segments[bisect_right(self.segments, index, key=lambda segment: segment.offset) - 1]
        if segment.as_written:
            at = segment.start + index - segment.offset
            return at, at + 1
        return segment.start, segment.end


class _Building(Record, slots=True):
    """A field being expanded."""

    chunks: list[str] = field(default_factory=list)
    length: int = 0
    segments: list[Segment] = field(default_factory=list)
    unknown: bool = False
    splits: bool = False
    reason: str | None = None
    sources: list[tuple[int, int, Assigned]] = field(default_factory=list)

    def add(self, text: str, start: int, end: int, as_written: bool) -> None:
        if not text:
            return
        if len(self.segments) < _MAX_SEGMENTS:
            self.segments.append(Segment(self.length, start, end, as_written))
        else:  # a hostile word: the rest of it is located as a whole
            last = self.segments[-1]
            self.segments[-1] = Segment(last.offset, last.start, end, as_written=False)
        self.chunks.append(text)
        self.length += len(text)

    def add_source(self, start: int, end: int, source: Assigned) -> None:
        if len(self.sources) < _MAX_SOURCES:
            self.sources.append((start, end, source))

    def built(self) -> Field:
        text = "".join(self.chunks)
        segments, sources = tuple(self.segments), tuple(self.sources)
        return Field(text, segments, self.unknown, self.splits, self.reason, sources)


def expand_word(raw: str, lookup: Lookup, *, split: bool = True) -> list[Field]:
    """The fields the written word ``raw`` expands to. ``split=False``: no field splitting (an
    assignment's value, or a script that sets ``IFS``: then an unquoted expansion is unknown)."""
    if _PLAIN.fullmatch(raw):  # most words: nothing to remove or expand
        return [Field(raw, (Segment(0, 0, len(raw), as_written=True),))]
    return _Expander(raw, lookup, split).run()


def expand_value(raw: str, lookup: Lookup) -> tuple[str | Unresolved, list[Assigned]]:
    """The value of an assignment written ``raw`` (after ``NAME=``): no field splitting; with
    the assignments of the variables it uses."""
    expander = _Expander(raw, lookup, split=False, assignment=True)
    (value,) = expander.run() or [Field()]
    assigned = [source for _start, _end, source in value.sources]
    if value.unknown:
        return Unresolved(value.text, value.reason or NOT_EXPANDED), assigned
    return value.text, assigned


class _Expander:
    def __init__(
        self,
        raw: str,
        lookup: Lookup,
        split: bool,
        assignment: bool = False,
        depth: int = 0,
        closes: dict[int, int] | None = None,
    ) -> None:
        self.raw = raw
        self.depth = depth  # of the operator words (``${A:-${B:-…}}``) this one is in
        self.closes: dict[int, int] = {} if closes is None else closes  # brackets' closing offsets, found once
        self.lookup = lookup
        self.split = split
        self.assignment = assignment
        self.fields: list[Field] = []
        self.current: _Building | None = None  # None until something (even ``""``) makes a field

    def run(self) -> list[Field]:
        self.read(0, len(self.raw), quoted=False)
        self.end_field()
        return self.fields

    def field(self) -> _Building:
        if self.current is None:
            self.current = _Building()
        return self.current

    def end_field(self) -> None:
        if self.current is not None:
            self.fields.append(self.current.built())
        self.current = None

    def literal(self, text: str, start: int, end: int) -> None:
        """Text from ``[start, end)`` of the written word: as written when it has the same length."""
        self.field().add(text, start, end, len(text) == end - start)

    def unknown(self, start: int, end: int, reason: str, quoted: bool, splits: bool = False) -> None:
        """A part whose value is not known, kept as written."""
        self.literal(self.raw[start:end], start, end)
        current = self.field()
        current.unknown = True
        current.splits = current.splits or splits or (not quoted and not self.assignment)
        current.reason = current.reason or reason

    def value(self, text: str, start: int, end: int, quoted: bool, source: Assigned | None) -> None:
        """A known expansion's value: split into fields at blanks where unquoted."""
        if not quoted and not self.assignment and not self.split:
            self.unknown(start, end, "the script sets IFS, which decides how values split into words", quoted)
            return
        parts = [text] if quoted or self.assignment else re.split(f"[{_BLANKS}]+", text)
        for index, part in enumerate(parts):
            if index:
                self.end_field()
            if part or quoted or self.assignment:
                self.field().add(part, start, end, as_written=False)
                if source is not None:
                    self.field().add_source(start, end, source)

    def read(self, i: int, end: int, quoted: bool) -> None:
        raw = self.raw
        while i < end:
            char = raw[i]
            if char == "\\":
                i = self.escape(i, end, quoted)
            elif char == "'" and not quoted:
                close = raw.find("'", i + 1, end)
                close = end if close == -1 else close
                self.literal(raw[i + 1 : close], i + 1, close) if close > i + 1 else self.field()
                i = close + 1
            elif char == '"':
                self.field()
                quoted = not quoted
                i += 1
            elif char == "`":
                close = raw.find("`", i + 1, end)
                close = end if close == -1 else close + 1
                self.unknown(i, close, "the output of a command", quoted)
                i = close
            elif char == "$":
                i = self.dollar(i, end, quoted)
            else:
                plain = _PLAIN.match(raw, i, end)
                stop = plain.end() if plain else i + 1
                self.literal(raw[i:stop], i, stop)
                i = stop

    def escape(self, i: int, end: int, quoted: bool) -> int:
        following = self.raw[i + 1 : i + 2] if i + 1 < end else ""
        if following == "\n":  # a line continuation
            return i + 2
        if quoted and following not in ('"', "\\", "$", "`"):
            self.literal("\\", i, i + 1)
            return i + 1
        self.literal(following, i, i + 2)
        return i + 2

    def dollar(self, i: int, end: int, quoted: bool) -> int:
        raw = self.raw
        following = raw[i + 1] if i + 1 < end else ""
        if following == "(":
            close = min(self.closing(i + 1), end)
            arithmetic = raw.startswith("$((", i)
            self.unknown(i, close, "an arithmetic expansion" if arithmetic else "the output of a command", quoted)
            return close
        if following == "{":
            close = min(self.closing(i + 1), end)
            self.braced(i, close, quoted)
            return close
        if following == "'" and not quoted:  # $'…': escapes hullcheck does not decode
            close = raw.find("'", i + 2, end)
            close = end if close == -1 else close + 1
            self.unknown(i, close, "an ANSI-C quoted string", quoted)
            return close
        if following and following in _SPECIAL:
            self.unknown(i, i + 2, "a parameter of the script or a shell value", quoted, splits=following in "@*")
            return i + 2
        name = _NAME.match(raw, i + 1, end)
        if name is None:
            self.literal("$", i, i + 1)
            return i + 1
        self.variable(name.group(), None, (i, i), i, name.end(), quoted)
        return name.end()

    def closing(self, open_at: int) -> int:
        if open_at not in self.closes:
            self.closes.update(bracket_closes(self.raw, open_at))
        return self.closes.get(open_at, len(self.raw))

    def braced(self, start: int, close: int, quoted: bool) -> None:
        """``${NAME}`` and ``${NAME<operator>word}``; ``close`` is past the ``}``."""
        raw = self.raw
        name = _NAME.match(raw, start + 2, close - 1)
        rest = name.end() if name else start + 2
        operator = _OPERATOR.match(raw, rest, close - 1)
        if name is None or (operator is None and rest != close - 1):
            special = raw[start + 2 : start + 3]
            self.unknown(start, close, "a parameter expansion hullcheck does not evaluate", quoted, special in "@*")
            return
        word = (operator.end(), close - 1) if operator else (close - 1, close - 1)
        self.variable(name.group(), operator.group() if operator else None, word, start, close, quoted)

    def variable(
        self, name: str, operator: str | None, word: tuple[int, int], start: int, end: int, quoted: bool
    ) -> None:
        """``$NAME`` or ``${NAME<operator>word}`` (``word``: where the operator's word is)."""
        found = self.lookup(name)
        if isinstance(found, Unresolved):
            self.unknown(start, end, found.reason, quoted)
            return
        if isinstance(found, Assigned) and isinstance(found.value, Unresolved):
            self.unknown(start, end, f"{name} (as the script assigns it): {found.value.reason}", quoted)
            return
        value = None if found is None else found.value
        assert not isinstance(value, Unresolved)
        kind = operator[-1] if operator else None
        present = bool(value) if operator and operator.startswith(":") else value is not None
        if kind == "+":
            if present:
                self.word(word, start, end, quoted)
        elif kind in ("-", "=") and not present:
            self.word(word, start, end, quoted)
        elif value is None or (kind == "?" and not present):
            reason = f"{name} is empty" if value is not None else f"{name} is not set by the script here"
            self.unknown(start, end, reason, quoted)
        else:
            self.value(value, start, end, quoted, found if isinstance(found, Assigned) else None)

    def word(self, word: tuple[int, int], start: int, end: int, quoted: bool) -> None:
        """An operator's word (``${NAME:-word}``), expanded in place: its characters come from the
        whole expansion."""
        if self.depth == MAX_SUBSTITUTION_NESTING:
            self.unknown(start, end, nesting_message("substitutions", MAX_SUBSTITUTION_NESTING), quoted)
            return
        inner = _Expander(self.raw, self.lookup, self.split, self.assignment, self.depth + 1, self.closes)
        inner.read(word[0], word[1], quoted)
        inner.end_field()
        for index, part in enumerate(inner.fields):
            if index:
                self.end_field()
            current = self.field()
            current.add(part.text, start, end, as_written=False)
            current.unknown = current.unknown or part.unknown
            current.splits = current.splits or part.splits
            current.reason = current.reason or part.reason
            for _start, _end, source in part.sources:
                current.add_source(start, end, source)
