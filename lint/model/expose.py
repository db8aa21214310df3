"""EXPOSE's port specifications, split as BuildKit splits them (dockerfile2llb convert_expose.go:
``[ip:][host port:]port[/protocol]``)."""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.model.dockerfile import ExposeInstruction
from hullcheck.model.span import Located, Unresolved
from hullcheck.records import Record

MAX_PORT = 65535


class PortSpec(Record, frozen=True, slots=True):
    host_ip: str  # "" when not written; EXPOSE cannot bind an address
    host_port: str  # "" when not written; EXPOSE cannot publish a port
    port: str  # the container port or range: ``80``, ``8000-8010``
    protocol: str  # as written (``tcp``, ``UDP``); "" when not written, which means tcp

    @property
    def publishes(self) -> bool:
        """Whether it names a host address or port, which only ``docker run -p`` can use."""
        return bool(self.host_ip or self.host_port)

    def numbers(self) -> tuple[int, int] | None:
        """The port range's first and last numbers; None when they are not numbers."""
        start, dash, end = self.port.partition("-")
        if not start.isdigit() or (dash and not end.isdigit()):
            return None
        return int(start), int(end) if dash else int(start)


def port_spec(text: str) -> PortSpec:
    """One EXPOSE word (variables substituted) split into its parts."""
    parts = text.split(":")
    if len(parts) == 1:
        host_ip, host_port, container = "", "", parts[0]
    elif len(parts) == 2:
        host_ip, host_port, container = "", parts[0], parts[1]
    else:
        host_ip, host_port, container = ":".join(parts[:-2]), parts[-2], parts[-1]
    port, _, protocol = container.partition("/")
    return PortSpec(host_ip, host_port, port, protocol)


def exposed_ports(expose: ExposeInstruction) -> Iterator[tuple[Located[str | Unresolved], str, PortSpec]]:
    """Each port EXPOSE names, with ARG and ENV values substituted (a value may hold several,
    as BuildKit splits it into words): its located word, its text and its parts. Ports whose
    value is unknown are left out."""
    for port in expose.ports:
        if isinstance(port.value, str):
            for word in port.value.split():
                yield port, word, port_spec(word)
