"""Files of code that start containers: Python modules and shell scripts.

Their parsers find the engine calls in them (``docker run`` lines, SDK calls, testcontainers
chains …) and map each onto the container model, so every runtime rule applies unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from hullcheck.model.container import EngineCalls
from hullcheck.model.node import Node
from hullcheck.model.span import Span


@dataclass(slots=True, eq=False)
class CodeFile(Node):
    """A file of code: its engine calls are the children rules visit."""

    path: str
    calls: EngineCalls = field(default_factory=EngineCalls)

    def children(self) -> Iterator[Node]:
        return iter(self.calls.nodes())


@dataclass(slots=True, eq=False)
class PythonFile(CodeFile):
    """A Python module."""

    kind = "python_file"


@dataclass(frozen=True, slots=True)
class VariableUse:
    """A variable's value used in a shell word: the expansion (``$IMG``), the word that holds
    it, and the assignment that gave the value."""

    name: str
    used: Span
    word: Span
    assigned: Span


@dataclass(slots=True, eq=False)
class ShellFile(CodeFile):
    """A shell script (``*.sh``, ``*.bash`` or a file with a shell shebang)."""

    kind = "shell_file"

    # the values of variables used in its engine calls (``$IMG``), with where they were assigned
    variable_uses: list[VariableUse] = field(default_factory=list)

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A finding at a value that came from a variable (the ``$IMG`` it was written as, or the
        part of the word that holds it) gets the variable's assignment."""
        for use in self.variable_uses:
            if (_within(use.used, span) and _within(span, use.word)) or _within(span, use.used):
                return use.assigned, f"{use.name} is assigned here"
        return None


def _within(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )
