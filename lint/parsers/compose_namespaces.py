"""What a Compose service gets from the services whose namespaces or volumes it shares.

``network_mode: service:web``, ``pid: service:web`` and ``ipc: service:web`` (or
``container:NAME``, where NAME is another service's ``container_name``) put a service in that
service's namespace: if ``web`` uses the host's network, so does the sidecar. ``volumes_from``
gives it that service's mounts. Resolved once, over every service of the file (or the merged
project), after parsing; rules then read :attr:`Container.shared_namespaces` and
:attr:`Container.inherited_mounts`.

Chains are followed to their end; a chain that runs into a cycle, a service that does not exist
or a container Compose does not define resolves to nothing: the value is not guessed. Each
service is resolved once, so the work is linear in the services and what they inherit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from hullcheck import records
from hullcheck.model.container import ComposeFile, Container, InheritedMount, MaybeText, SharedNamespace, VolumesFrom

# the namespaces a service can join from another, by name, and the container field that sets each
NAMESPACE_FIELDS = {"network": "network_mode", "pid": "pid_mode", "ipc": "ipc_mode"}
_SERVICE_SCOPE = "service:"


def link_shared_namespaces(model: ComposeFile) -> None:
    """Record on each service what it shares with the others (replacing what an earlier call recorded)."""
    services: dict[str, Container] = {}
    named: dict[str, Container] = {}  # by container_name
    for container in model.containers:
        container.shared_namespaces = {}
        container.inherited_mounts = []
        if container.scope.startswith(_SERVICE_SCOPE):
            services[container.scope.removeprefix(_SERVICE_SCOPE)] = container
        name = container.container_name
        if name is not None and isinstance(name.value, str):
            named.setdefault(name.value.strip(), container)

    def joined(setting: MaybeText | None) -> Container | None:
        """The service a namespace setting joins: ``service:NAME`` or ``container:NAME``."""
        if setting is None or not isinstance(setting.value, str):
            return None
        kind, colon, name = setting.value.strip().partition(":")
        if not colon:
            return None
        return services.get(name) if kind == "service" else named.get(name) if kind == "container" else None

    for namespace, field in NAMESPACE_FIELDS.items():
        _link_namespace(model.containers, namespace, field, joined)

    def source(entry: VolumesFrom) -> Container | None:
        if not isinstance(entry.name.value, str):
            return None
        return (named if entry.container else services).get(entry.name.value)

    _link_volumes(model.containers, source)


def _link_namespace(
    containers: list[Container], namespace: str, field: str, joined: Callable[[MaybeText | None], Container | None]
) -> None:
    """Each container's ``field`` followed to the end of its chain: one walk per chain, each
    container's end remembered, a cycle ending nowhere."""
    end: dict[int, Container | None] = {}
    for start in containers:
        path: list[Container] = []
        on_path: set[int] = set()
        current: Container | None = start
        while current is not None and id(current) not in end and id(current) not in on_path:
            path.append(current)
            on_path.add(id(current))
            current = joined(getattr(current, field))
        # the end found: a container already resolved, the last of a chain, or nowhere (a cycle)
        if current is None:
            last: Container | None = path[-1]
        elif id(current) in on_path:
            last = None
        else:
            last = end[id(current)]
        for container in path:
            end[id(container)] = last
    for container in containers:
        setting = getattr(container, field)
        shared_with = joined(setting)
        origin = end.get(id(container))
        if shared_with is None or origin is None or setting is None:
            continue
        mode: MaybeText | None = getattr(origin, field)
        if mode is None or _is_reference(mode):
            continue  # the default namespace, or joined from something this file does not define
        container.shared_namespaces[namespace] = SharedNamespace(setting, shared_with.subject, origin.subject, mode)


def _is_reference(mode: MaybeText) -> bool:
    return isinstance(mode.value, str) and mode.value.strip().startswith(("service:", "container:"))


def _link_volumes(containers: list[Container], source: Callable[[VolumesFrom], Container | None]) -> None:
    """``volumes_from``, in dependency order (Kahn's algorithm): a service inherits its sources'
    mounts and what they inherited. Services on a cycle, or behind one, inherit nothing (Compose
    refuses such a project)."""
    sources = {
        id(container): [(entry, found) for entry in container.volumes_from if (found := source(entry))]
        for container in containers
    }
    waiting = {id(container): len(sources[id(container)]) for container in containers}
    users: dict[int, list[Container]] = {}
    for container in containers:
        for _entry, found in sources[id(container)]:
            users.setdefault(id(found), []).append(container)
    ready = [container for container in containers if waiting[id(container)] == 0]
    while ready:
        container = ready.pop()
        container.inherited_mounts = list(_inherited(sources[id(container)]))
        for user in users.get(id(container), []):
            waiting[id(user)] -= 1
            if waiting[id(user)] == 0:
                ready.append(user)


def _inherited(entries: list[tuple[VolumesFrom, Container]]) -> Iterable[InheritedMount]:
    for entry, found in entries:
        mounts = [(mount, found.subject) for mount in found.mounts]
        mounts += [(inherited.mount, inherited.origin) for inherited in found.inherited_mounts]
        for mount, origin in mounts:
            moded = mount
            if entry.read_only is not None and mount.read_only is not entry.read_only:
                moded = records.replace(mount, read_only=entry.read_only)
            yield InheritedMount(moded, entry, found.subject, origin)
