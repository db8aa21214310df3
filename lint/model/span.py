"""Source locations and located values.

Spans follow SARIF: lines and columns are 1-based, ``end_line`` is the line of the last
character and ``end_column`` is exclusive. Every parser converts its own positions once, here.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from hullcheck.records import field, record

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@record(frozen=True, slots=True, order=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int
    # the display path of another file than the one being linted: a Compose project's
    # override or extended file, a Dockerfile a service builds. None: the linted file itself
    path: str | None = field(default=None, compare=False)

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column + 1)

    def cover(self, other: Span) -> Span:
        """The smallest span holding both."""
        start = min((self.line, self.column), (other.line, other.column))
        end = max((self.end_line, self.end_column), (other.end_line, other.end_column))
        return Span(start[0], start[1], end[0], end[1], self.path)


@record(frozen=True, slots=True)
class Unresolved:
    """A value that depends on something hullcheck cannot know, such as an unset variable.

    ``text`` is the source text as written; ``reason`` says what is missing. Rules decide
    what an unresolved value means; it is never silently false or empty.
    """

    text: str
    reason: str


@record(frozen=True, slots=True)
class Located(Generic[T_co]):
    """A value with the span of the source text that set it."""

    value: T_co
    span: Span


@record(frozen=True, slots=True)
class Interpolated(Located[T_co]):
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
