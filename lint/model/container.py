"""The container model: one shape for every way a container is started.

A Compose service maps onto it today; ``docker run`` lines and Python SDK calls will map onto
the same fields, so a runtime rule is written once. Every field keeps the span that set it;
a field that the source does not set is None (or empty), and a field whose value depends on
something unknown holds an :class:`Unresolved`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from hullcheck.model.image import ImageReference
from hullcheck.model.node import Node
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Span, Unresolved

MaybeText = Located[str | Unresolved]


@dataclass(frozen=True, slots=True)
class Mount:
    """A filesystem mount: Compose ``volumes``, ``docker run -v``/``--mount``, ``RUN --mount``."""

    span: Span
    type: str  # bind, volume, tmpfs, npipe, cache, secret, ssh, image, cluster
    source: MaybeText | None
    target: MaybeText | None
    read_only: bool = False
    propagation: MaybeText | None = None
    origin: MaybeText | None = None  # RUN --mount from=<stage or image>: the source is inside it


@dataclass(frozen=True, slots=True)
class PortMapping:
    """A published port: ``[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]``. A part that depends on an
    unset variable is :class:`Unresolved`; the parts around it stay known."""

    span: Span
    target: str | Unresolved
    published: str | Unresolved | None = None  # None: a random host port
    host_ip: str | Unresolved | None = None  # None: every interface
    protocol: str | Unresolved = "tcp"


@dataclass(frozen=True, slots=True)
class BuildSpec:
    """What a container is built from; ``image`` of the container then names the result."""

    span: Span
    context: MaybeText | None = None
    dockerfile: MaybeText | None = None
    target: MaybeText | None = None
    args: dict[str, MaybeText] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Container(Node):
    """A container definition. ``subject`` says which one in messages ("service 'web'")."""

    kind = "container"

    subject: str
    span: Span
    image: Located[ImageReference | Unresolved] | None = None
    invalid_image: Located[str] | None = None
    build: BuildSpec | None = None
    user: MaybeText | None = None
    privileged: Located[bool | Unresolved] | None = None
    network_mode: MaybeText | None = None
    pid_mode: MaybeText | None = None
    ipc_mode: MaybeText | None = None
    uts_mode: MaybeText | None = None
    userns_mode: MaybeText | None = None
    cgroup_mode: MaybeText | None = None
    cap_add: list[MaybeText] = field(default_factory=list)
    cap_drop: list[MaybeText] = field(default_factory=list)
    security_opt: list[MaybeText] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)
    devices: list[MaybeText] = field(default_factory=list)
    device_cgroup_rules: list[MaybeText] = field(default_factory=list)
    environment: dict[str, MaybeText] = field(default_factory=dict)
    ports: list[PortMapping] = field(default_factory=list)
    expose: list[MaybeText] = field(default_factory=list)  # ports open to linked containers only
    read_only: Located[bool | Unresolved] | None = None
    # resource limits by kind: "memory", "pids", "cpus" (Compose mem_limit, pids_limit, cpus,
    # deploy.resources.limits)
    limits: dict[str, MaybeText] = field(default_factory=dict)
    # what runs: an argv list becomes one command; a string is split as a shell would
    command: ShellScript | None = None
    entrypoint: ShellScript | None = None
    profiles: tuple[str, ...] = ()
    # the definition it extends (Compose ``extends``): fields it does not set may come from there
    extends: MaybeText | None = None


@dataclass(slots=True, eq=False)
class ComposeFile(Node):
    """A Compose file: its services, each a :class:`Container`."""

    kind = "compose_file"

    path: str
    containers: list[Container] = field(default_factory=list)
    legacy_layout: bool = False

    def children(self) -> Iterator[Node]:
        return iter(self.containers)
