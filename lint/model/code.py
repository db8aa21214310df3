"""Files of code that start containers: Python modules and shell scripts.

Their parsers find the engine calls in them (``docker run`` lines, SDK calls, testcontainers
chains …) and map each onto the container model, so every runtime rule applies unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from hullcheck.model.container import EngineCalls
from hullcheck.model.node import Node


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


@dataclass(slots=True, eq=False)
class ShellFile(CodeFile):
    """A shell script (``*.sh``, ``*.bash`` or a file with a shell shebang)."""

    kind = "shell_file"
