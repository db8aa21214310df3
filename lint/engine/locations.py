"""Logical locations: where a finding is in the model, by name rather than by line.

``service:web/privileged``, ``service:web/environment.DB_PASSWORD``,
``service:web/cap_add[SYS_ADMIN]``, ``stage:build/USER``. A baseline keys findings by it, so
moving lines, reordering services or adding a stage above does not change it, while renaming the
service or the stage does. The engine derives it from the nodes being walked when the rule
reports and from the value it reports on: rules do nothing for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from hullcheck import records
from hullcheck.model.node import Node
from hullcheck.model.span import Located, Span, written_text


def logical_location(trail: Sequence[Node], at: Located[object] | Span) -> str:
    """The logical location of ``at``, reported while visiting the last node of ``trail``
    (the walk's path from the root)."""
    span = at if isinstance(at, Span) else at.span
    nodes = list(trail)
    # A rule deciding at the end (``leave_dockerfile``) reports on a node below the one it is
    # visiting: find that node by its span. Only nodes with a span are entered, so a Compose
    # service, whose fields may lie in an anchor elsewhere in the file, is never guessed at.
    while nodes:
        child = next((c for c in nodes[-1].children() if _contains(getattr(c, "span", None), span)), None)
        if child is None:
            break
        nodes.append(child)
    parts = [name for node in nodes if (name := node.logical_name()) is not None]
    if nodes and nodes[-1].located_by_field:
        member = _member(nodes[-1], at, span)
        if member:
            parts.append(member)
    return "/".join(parts)


def _member(node: Node, at: Located[object] | Span, span: Span) -> str | None:
    """``field``, ``field.key`` (a mapping) or ``field[value]`` (a list) of ``node`` holding ``at``:
    the field that is ``at`` itself, else the first whose span holds ``at``'s (one pass over the
    fields for both)."""
    if span == getattr(node, "span", None):  # the node itself (a service reported at its name)
        return None
    holding: str | None = None  # the first member whose span holds ``at``'s, while none is ``at``
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if not value:  # most fields of a service are unset or empty
            continue
        if isinstance(value, dict):  # the model's mappings are dicts (an ABC check costs more)
            for key, item in value.items():
                if item is at:
                    return f"{name}.{key}"
                if holding is None and _contains(getattr(item, "span", None), span):
                    holding = f"{name}.{key}"
        elif isinstance(value, list | tuple):
            found = any(item is at for item in value)
            if found or (holding is None and any(_contains(getattr(item, "span", None), span) for item in value)):
                text = written_text(at) if isinstance(at, Located) else None
                member = f"{name}[{' '.join(text.split())}]" if text else name
                if found:
                    return member
                holding = member
        elif value is at:
            return name
        elif holding is None and _contains(getattr(value, "span", None), span):
            holding = name
    return holding


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # by node class, worked out once


def _field_names(node_type: type) -> tuple[str, ...]:
    if node_type not in _FIELD_NAMES:
        fields = records.fields(node_type)  # located_by_field nodes are records
        # not compared: what the node was made from (Container.made_from), no part of its value
        _FIELD_NAMES[node_type] = tuple(field.name for field in fields if field.name != "span" and field.compare)
    return _FIELD_NAMES[node_type]


def _contains(outer: object, inner: Span) -> bool:
    return (
        isinstance(outer, Span)
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )
