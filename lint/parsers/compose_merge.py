"""Merging Compose YAML nodes by the Compose specification's rules.

Overrides (``compose.override.yaml``, ``COMPOSE_FILE``, ``--compose-file``) and ``extends`` both
merge one service definition onto another: mappings key by key, ``command``/``entrypoint``/
``healthcheck.test`` replaced, ``ports``/``volumes``/``secrets``/``configs``/``devices`` by their
unique key, ``environment``-like settings by name, other sequences appended without duplicates,
scalars replaced; a value tagged ``!reset`` removes the setting and one tagged ``!override``
replaces it whole. The result is built from the original nodes, so every value keeps the mark
(file and line) of the node that set it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from hullcheck.model.span import Span
from hullcheck.parsers.specs import short_port, split_volume_spec
from hullcheck.parsers.yaml_nodes import NULL_TAG

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
RESET_TAG = "!reset"
OVERRIDE_TAG = "!override"
_REPLACED = frozenset({"command", "entrypoint", "test"})
_BY_NAME = frozenset({"environment", "labels", "annotations", "extra_hosts", "sysctls", "args", "ulimits"})

# the mapping's key and value nodes with YAML merge keys (``<<``) resolved: the Compose parser's
ItemsOf = Callable[[Any], list[tuple[Any, Any]]]


class NodeMerger:
    """Merges nodes; ``items_of`` resolves YAML merge keys first, so ``<<`` in either file counts."""

    def __init__(self, items_of: ItemsOf) -> None:
        self.items_of = items_of
        # aliases share nodes, so each pair merges once; entries hold their nodes, whose ids
        # could otherwise be reused by new nodes
        self.merged: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
        self.cleaned: dict[int, tuple[Any, Any]] = {}  # nodes without their resets, by id of the original

    def merge(self, base: Any, override: Any, key: str = "") -> Any | None:
        """``override`` merged onto ``base``; None when the setting is reset."""
        if override.tag == RESET_TAG:
            return None
        if override.tag == OVERRIDE_TAG or base is None:
            return without_resets(override, self.items_of, self.cleaned)
        pair = (id(base), id(override))
        if pair not in self.merged:
            self.merged[pair] = (base, override, self._merge(base, override, key))
        return self.merged[pair][2]

    def _merge(self, base: Any, override: Any, key: str) -> Any:
        if isinstance(base, MappingNode) and isinstance(override, MappingNode):
            if key in _BY_NAME:
                return self._by_name(_as_sequence(base, self.items_of), _as_sequence(override, self.items_of), base)
            return self._mapping(base, override)
        if key in _BY_NAME and _is_collection(base) and _is_collection(override):
            return self._by_name(_as_sequence(base, self.items_of), _as_sequence(override, self.items_of), base)
        if isinstance(base, SequenceNode) and isinstance(override, SequenceNode) and key not in _REPLACED:
            unique = _UNIQUE_KEYS.get(key, _scalar_identity)
            return self._unique(base, override, lambda node: unique(node, self.items_of))
        return without_resets(override, self.items_of, self.cleaned)

    def _mapping(self, base: MappingNode, override: MappingNode) -> MappingNode:
        entries: dict[str, tuple[Any, Any]] = {_text(k): (k, v) for k, v in self.items_of(base)}
        for key_node, value in self.items_of(override):
            name = _text(key_node)
            previous = entries.get(name)
            merged = self.merge(previous[1] if previous else None, value, name)
            if merged is None:
                entries.pop(name, None)
            else:  # the base's key node: the key was first written there
                entries[name] = (previous[0] if previous else key_node, merged)
        return MappingNode(base.tag, list(entries.values()), base.start_mark, base.end_mark, base.flow_style)

    def _unique(self, base: SequenceNode, override: SequenceNode, identity: Callable[[Any], object]) -> SequenceNode:
        items: dict[object, Any] = {}
        for index, item in enumerate([*base.value, *override.value]):
            identity_key = identity(item)
            items.pop(identity_key if identity_key is not None else ("item", index), None)
            items[identity_key if identity_key is not None else ("item", index)] = item
        return SequenceNode(base.tag, list(items.values()), base.start_mark, base.end_mark, base.flow_style)

    def _by_name(self, base: list[Any], override: list[Any], shape: Any) -> SequenceNode:
        items: dict[object, Any] = {}
        for index, item in enumerate([*base, *override]):
            name = _setting_name(item)
            items.pop(name if name else ("item", index), None)
            items[name if name else ("item", index)] = item
        return SequenceNode(_SEQ_TAG, list(items.values()), shape.start_mark, shape.end_mark)


def without_resets(node: Any, items_of: ItemsOf, seen: dict[int, tuple[Any, Any]] | None = None) -> Any:
    """``node`` with every setting tagged ``!reset`` removed, at any depth (a first file's
    ``!reset`` resets to nothing). ``seen``: results by id of the original node, with it."""
    seen = {} if seen is None else seen
    if id(node) in seen:
        return seen[id(node)][1]
    seen[id(node)] = (node, node)  # a cycle through merge keys resolves to the node itself
    result = node
    if isinstance(node, MappingNode):
        entries = [(k, without_resets(v, items_of, seen)) for k, v in items_of(node) if v.tag != RESET_TAG]
        result = MappingNode(node.tag, entries, node.start_mark, node.end_mark, node.flow_style)
    elif isinstance(node, SequenceNode):
        values = [without_resets(item, items_of, seen) for item in node.value if item.tag != RESET_TAG]
        result = SequenceNode(node.tag, values, node.start_mark, node.end_mark, node.flow_style)
    seen[id(node)] = (node, result)
    return result


def _is_collection(node: Any) -> bool:
    return isinstance(node, (MappingNode, SequenceNode))


def _as_sequence(node: Any, items_of: ItemsOf) -> list[Any]:
    """``environment``-like settings as a list of ``NAME=value`` items, whichever form was written.

    A mapping entry becomes a scalar spanning its key and value, so it keeps its place."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    items = []
    for key, value in items_of(node):
        unset = not isinstance(value, ScalarNode) or value.tag == NULL_TAG  # takes it from the environment
        text = _text(key) if unset else f"{_text(key)}={_text(value)}"
        items.append(ScalarNode(_STR_TAG, text, key.start_mark, value.end_mark))
    return items


def _setting_name(item: Any) -> str:
    text = _text(item)
    for separator in ("=", ":"):  # extra_hosts: ``host:ip`` or ``host=ip``
        if separator in text:
            return text.partition(separator)[0].strip()
    return text.strip()


def _text(node: Any) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else ""


def _field(node: Any, name: str, items_of: ItemsOf) -> str | None:
    for key, value in items_of(node):
        if _text(key) == name:
            return _text(value)
    return None


def _scalar_identity(node: Any, _items_of: ItemsOf) -> object:
    return ("scalar", node.value) if isinstance(node, ScalarNode) else None


def _volume_target(node: Any, items_of: ItemsOf) -> object:
    if isinstance(node, MappingNode):
        return _field(node, "target", items_of)
    parts = [text for text, _offset in split_volume_spec(_text(node), braces=True)]
    return parts[1] if len(parts) > 1 else parts[0] if parts else None


def _source(node: Any, items_of: ItemsOf) -> object:
    return _field(node, "source", items_of) if isinstance(node, MappingNode) else _text(node)


def _device_target(node: Any, items_of: ItemsOf) -> object:
    if isinstance(node, MappingNode):
        return _field(node, "target", items_of)
    parts = _text(node).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _port(node: Any, items_of: ItemsOf) -> object:
    """(host IP, target, published, protocol), alike for the short and the long form."""
    if isinstance(node, MappingNode):
        host_ip, target, published, protocol = (
            _field(node, name, items_of) for name in ("host_ip", "target", "published", "protocol")
        )
        return (host_ip or None, target, published or None, protocol or "tcp")
    port = short_port(_text(node), Span.point(1), interpolate=lambda text: text)
    return (port.host_ip, port.target, port.published, port.protocol)


_UNIQUE_KEYS: dict[str, Callable[[Any, ItemsOf], object]] = {
    "volumes": _volume_target,
    "secrets": _source,
    "configs": _source,
    "devices": _device_target,
    "ports": _port,
}
