"""The base of every model node the engine walks."""

from __future__ import annotations

from collections.abc import Hashable, Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

    from hullcheck.model.span import Span


class Node:
    """A model node. ``kind`` names the ``visit_<kind>``/``leave_<kind>`` methods rules define."""

    kind: ClassVar[str]

    # True when a finding's logical location names the field it points into (a container's
    # ``privileged``), not only the node (a Dockerfile instruction, named by its keyword)
    located_by_field: ClassVar[bool] = False

    def children(self) -> Iterator[Node]:
        """The child nodes, in source order."""
        return iter(())

    def logical_name(self) -> str | None:
        """This node's part of a finding's logical location (``service:web``, ``stage:build``,
        ``USER``): what names it in a baseline however its lines move. None: the node adds nothing."""
        return None

    def reuse_key(self) -> Hashable | None:
        """What the node was made from, when that is all it and the nodes below it hold: two
        nodes of one document with equal keys are equal, and so are the findings of a rule that
        reads nothing else on them (see hullcheck.engine.locality). None: not known."""
        return None

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """Where this node took the value at ``span`` from another definition, and what to say
        there (a Compose service that ``extends`` one in another file): findings at that value
        get it as a related location. None: the value is the node's own."""
        return None
