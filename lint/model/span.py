"""Source locations and located values.

Spans follow SARIF: lines and columns are 1-based, ``end_line`` is the line of the last
character and ``end_column`` is exclusive. Every parser converts its own positions once, here.
A span made from another (a part of it, the place after it, two covered) is made with
:meth:`Span.at` or :meth:`Span.cover`, so it moves as that one does (see MovingSpan).
"""

from __future__ import annotations

from hullcheck.generics import Generic, TypeVar
from hullcheck.records import Record, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Span(Record, frozen=True, slots=True):
    line: int
    column: int
    end_line: int
    end_column: int
    # the display path of another file than the one being linted: a Compose project's
    # override or extended file, a Dockerfile a service builds. None: the linted file itself
    path: str | None = field(default=None, compare=False)
    origin: ClassVar[LineOrigin | None] = None  # a MovingSpan's; a Span stays where it is made

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column + 1)

    def at(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        """A span in the same text as this one, which moves with it."""
        return Span(line, column, end_line, end_column, self.path)

    def cover(self, other: Span) -> Span:
        """The smallest span holding both (moving with them when both move alike)."""
        start = min((self.line, self.column), (other.line, other.column))
        end = max((self.end_line, self.end_column), (other.end_line, other.end_column))
        if other.origin is self.origin:
            return self.at(start[0], start[1], end[0], end[1])
        return Span(start[0], start[1], end[0], end[1], self.path)

    # compared by place with any span, moving or not (a record compares with its own class only)
    def _place(self) -> tuple[int, int, int, int]:
        return (self.line, self.column, self.end_line, self.end_column)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and self._place() == other._place()

    def __hash__(self) -> int:
        return hash(self._place())

    def __lt__(self, other: Span) -> bool:
        return self._place() < other._place()

    def __le__(self, other: Span) -> bool:
        return self._place() <= other._place()

    def __gt__(self, other: Span) -> bool:
        return self._place() > other._place()

    def __ge__(self, other: Span) -> bool:
        return self._place() >= other._place()


class LineOrigin:
    """Where a block of lines that moves as one (a Dockerfile stage in the language server's
    parses) is now, against where it was when its spans were made: ``moved`` lines down.

    The language server's parse of a document's next version takes a stage it read before,
    unchanged, from the last parse even when lines were added or removed above it: one
    assignment here moves all its spans (and those made from them) instead of a new model."""

    __slots__ = ("moved",)

    def __init__(self) -> None:
        self.moved = 0


# A plain subclass of the record, no record itself (it names no Record, gives no keywords):
# type checkers read every subclass of Record as a record class (PEP 681), hence its ignores.
class MovingSpan(Span):  # type: ignore[misc]
    """A span in a block of lines that moves as one (see LineOrigin): its lines are where they
    were made, plus how far its origin has moved since."""

    __slots__ = ("_end_line", "_line", "origin")  # the lines when the origin had not moved

    origin: LineOrigin  # type: ignore[misc]  # a slot here, where Span has a class default
    _line: int  # type: ignore[misc]
    _end_line: int  # type: ignore[misc]

    def __init__(
        self, origin: LineOrigin, line: int, column: int, end_line: int, end_column: int, path: str | None = None
    ) -> None:
        set_slot = object.__setattr__
        set_slot(self, "origin", origin)
        set_slot(self, "_line", line - origin.moved)
        set_slot(self, "_end_line", end_line - origin.moved)
        set_slot(self, "column", column)
        set_slot(self, "end_column", end_column)
        set_slot(self, "path", path)

    @property  # type: ignore[misc]
    def line(self) -> int:
        return self._line + self.origin.moved

    @property  # type: ignore[misc]
    def end_line(self) -> int:
        return self._end_line + self.origin.moved

    def at(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        return MovingSpan(self.origin, line, column, end_line, end_column, self.path)

    def __replace__(self, **changes: Any) -> Span:
        place = {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column}
        path = changes.pop("path", self.path)
        place.update(changes)
        return MovingSpan(self.origin, **place, path=path)

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int, str | None]]:
        return Span, (self.line, self.column, self.end_line, self.end_column, self.path)

    def __repr__(self) -> str:  # as the Span it equals, pickles as and is shown as
        place = f"line={self.line}, column={self.column}, end_line={self.end_line}, end_column={self.end_column}"
        return f"Span({place}, path={self.path!r})"


def span_in(origin: LineOrigin | None, line: int, column: int, end_line: int, end_column: int) -> Span:
    """A span made by a parser: moving with ``origin``, or where it is without one."""
    if origin is None:
        return Span(line, column, end_line, end_column)
    return MovingSpan(origin, line, column, end_line, end_column)


class Unresolved(Record, frozen=True, slots=True):
    """A value that depends on something hullcheck cannot know, such as an unset variable.

    ``text`` is the source text as written; ``reason`` says what is missing. Rules decide
    what an unresolved value means; it is never silently false or empty.
    """

    text: str
    reason: str


class Located(Generic[T_co], Record, frozen=True, slots=True):
    """A value with the span of the source text that set it."""

    value: T_co
    span: Span


class Interpolated(Located[T_co], Record, frozen=True, slots=True):
    """A located value computed by substituting variables; ``written`` is the text as written.

    Rules that ask whether a value is literal in the file (a hardcoded password) read
    ``written``; every other rule reads ``value`` as for any located value.
    """

    written: str


def written_text(located: Located[object]) -> str | None:
    """The source text of a located text value: what was written, before any substitution.

    None when the value is not text (a boolean, an image reference).
    """
    if isinstance(located, Interpolated):
        return located.written
    value = located.value
    if isinstance(value, Unresolved):
        return value.text
    return value if isinstance(value, str) else None


def resolved(located: Located[T | Unresolved] | None) -> T | None:
    """The value when it is known; None when absent or unresolved."""
    if located is None or isinstance(located.value, Unresolved):
        return None
    return located.value
