"""A dev container configuration (``devcontainer.json``) as the model holds it."""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.model.container import Container, EngineCalls
from hullcheck.model.node import Node
from hullcheck.records import Record, field


class DevContainerFile(Node, Record, slots=True, eq=False):
    """A ``devcontainer.json``: the dev container, one container for each feature it installs from
    a registry (a feature is pulled as an image is, so the image rules read its reference), and
    the engine calls its lifecycle commands make (``initializeCommand`` on the host, the others in
    the container)."""

    kind = "devcontainer_file"

    path: str
    containers: list[Container] = field(default_factory=list)
    calls: EngineCalls = field(default_factory=EngineCalls)

    def children(self) -> Iterator[Node]:
        yield from self.containers
        yield from self.calls.nodes()
