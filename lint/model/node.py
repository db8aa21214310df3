"""The base of every model node the engine walks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar


class Node:
    """A model node. ``kind`` names the ``visit_<kind>``/``leave_<kind>`` methods rules define."""

    kind: ClassVar[str]

    def children(self) -> Iterator[Node]:
        """The child nodes, in source order."""
        return iter(())
