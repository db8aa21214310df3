"""Host paths hidden in Compose named volumes.

A named volume of the ``local`` driver (the default) whose ``driver_opts.o`` holds ``bind`` or
``rbind`` is the host's ``device`` path, bound by the engine when the volume is first mounted
(moby's local driver hands ``device``, ``type`` and ``o`` to mount(2), where ``bind`` is
``MS_BIND``, so ``type: none`` changes nothing). Every service that mounts the volume then
bind-mounts that path: its mount becomes a ``bind`` of ``device``'s value, located at the
service's own mount, with the volume (:class:`VolumeBinding`) saying where ``device`` is.

Not a bind: an ``external`` volume (created elsewhere: unknown), another driver, an ``o`` without
``bind`` (``addr=…,type=nfs``), an ``o`` or ``driver`` that is unresolved. A ``device`` that is
unresolved stays so: the mount's source is then unresolved, never guessed. ``ro`` in ``o``
mounts the volume read-only, and every bind of it is read-only too. A mount of the volume's
``subpath`` binds that folder below ``device``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from hullcheck import records
from hullcheck.model.container import Container, MaybeText, Mount, VolumeBinding
from hullcheck.model.span import Unresolved
from hullcheck.model.values import compose_bool
from hullcheck.parsers.yaml_nodes import NULL_TAG, is_mapping, is_scalar, scalar_text

_BIND_OPTIONS = frozenset({"bind", "rbind"})
_READ_ONLY_OPTIONS = frozenset({"ro", "rdonly"})


def bound_volumes(
    volumes: Any, items: Callable[[Any], list[tuple[Any, Any]]], text: Callable[[Any], MaybeText]
) -> dict[str, VolumeBinding]:
    """The volumes of a top-level ``volumes`` mapping that bind a host path, by name.
    ``items`` and ``text`` read a mapping's entries and a scalar's interpolated value."""
    found: dict[str, VolumeBinding] = {}
    for key, node in items(volumes) if is_mapping(volumes) else []:
        binding = _binding(scalar_text(key), node, items, text)
        if binding is not None:
            found[scalar_text(key)] = binding
    return found


def _binding(
    name: str, node: Any, items: Callable[[Any], list[tuple[Any, Any]]], text: Callable[[Any], MaybeText]
) -> VolumeBinding | None:
    if not is_mapping(node):
        return None
    fields = {scalar_text(key): value for key, value in items(node)}

    def scalar(key: str, within: dict[str, Any]) -> MaybeText | None:
        value = within.get(key)
        if value is None or not is_scalar(value) or value.tag == NULL_TAG:
            return None
        return text(value)

    external = fields.get("external")
    if external is not None and not (is_scalar(external) and compose_bool(str(external.value)) is False):
        return None  # created outside the project (or unknown): what it holds is not known here
    driver = scalar("driver", fields)
    if driver is not None and (not isinstance(driver.value, str) or driver.value.strip() != "local"):
        return None
    options_node = fields.get("driver_opts")
    if options_node is None or not is_mapping(options_node):
        return None
    options = {scalar_text(key): value for key, value in items(options_node)}
    mount_options = scalar("o", options)
    device = scalar("device", options)
    if mount_options is None or device is None or not isinstance(mount_options.value, str):
        return None
    words = {word.strip() for word in mount_options.value.split(",")}
    if not words & _BIND_OPTIONS:
        return None
    return VolumeBinding(name, device, read_only=bool(words & _READ_ONLY_OPTIONS))


def bind_named_volumes(containers: Iterable[Container], volumes: dict[str, VolumeBinding]) -> None:
    """Each mount of a volume in ``volumes`` made the bind of its host path (see the module)."""
    if not volumes:
        return
    for container in containers:
        container.mounts = [_bound(mount, volumes) for mount in container.mounts]


def _bound(mount: Mount, volumes: dict[str, VolumeBinding]) -> Mount:
    if mount.type != "volume" or mount.volume is not None or mount.source is None:
        return mount
    name = mount.source.value
    binding = volumes.get(name.strip()) if isinstance(name, str) else None
    if binding is None:
        return mount
    source = records.replace(binding.device, span=mount.source.span)
    if mount.subpath is not None:  # the folder of the volume that is mounted: a path below device
        source = records.replace(source, value=_joined(binding.device.value, mount.subpath.value))
    read_only = mount.read_only or binding.read_only
    return records.replace(mount, type="bind", source=source, read_only=read_only, volume=binding)


def _joined(device: str | Unresolved, subpath: str | Unresolved) -> str | Unresolved:
    """``device``/``subpath``; unresolved when either part is."""
    parts = [part.text if isinstance(part, Unresolved) else part for part in (device, subpath)]
    joined = posixpath.join(parts[0], parts[1].lstrip("/"))
    unknown = next((part for part in (device, subpath) if isinstance(part, Unresolved)), None)
    return joined if unknown is None else Unresolved(joined, unknown.reason)
