"""Files of code that start containers: Python modules and shell scripts.

Their parsers find the engine calls in them (``docker run`` lines, SDK calls, testcontainers
chains …) and map each onto the container model, so every runtime rule applies unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.model.container import EngineCalls
from hullcheck.model.node import Node
from hullcheck.model.shell import VariableUse, assignment_of
from hullcheck.model.span import Span
from hullcheck.records import Record, field


class CodeFile(Node, Record, slots=True, eq=False):
    """A file of code: its engine calls are the children rules visit."""

    path: str
    calls: EngineCalls = field(default_factory=EngineCalls)

    def children(self) -> Iterator[Node]:
        return iter(self.calls.nodes())


class PythonFile(CodeFile, Record, slots=True, eq=False):
    """A Python module."""

    kind = "python_file"


class ShellFile(CodeFile, Record, slots=True, eq=False):
    """A shell script (``*.sh``, ``*.bash`` or a file with a shell shebang)."""

    kind = "shell_file"

    # the values of variables used in its engine calls (``$IMG``), with where they were assigned
    variable_uses: list[VariableUse] = field(default_factory=list)

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A finding at a value that came from a variable gets the variable's assignment."""
        return assignment_of(self.variable_uses, span)
