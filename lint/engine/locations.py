"""Logical locations: where a finding is in the model, by name rather than by line.

``service:web/privileged``, ``service:web/environment.DB_PASSWORD``,
``service:web/cap_add[SYS_ADMIN]``, ``stage:build/USER``. A baseline keys findings by it, so
moving lines, reordering services or adding a stage above does not change it, while renaming the
service or the stage does. The engine derives it from the nodes being walked when the rule
reports and from the value it reports on: rules do nothing for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

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
    """``field``, ``field.key`` (a mapping) or ``field[value]`` (a list) of ``node`` holding ``at``."""
    for field in dataclasses.fields(node):  # type: ignore[arg-type]  # located_by_field nodes are dataclasses
        if field.name == "span":
            continue
        value = getattr(node, field.name)
        if isinstance(value, Mapping):
            key = next((key for key, item in value.items() if _holds(item, at, span)), None)
            if key is not None:
                return f"{field.name}.{key}"
        elif isinstance(value, list | tuple):
            if any(_holds(item, at, span) for item in value):
                text = written_text(at) if isinstance(at, Located) else None
                return f"{field.name}[{' '.join(text.split())}]" if text else field.name
        elif _holds(value, at, span):
            return field.name
    return None


def _holds(value: object, at: Located[object] | Span, span: Span) -> bool:
    """Whether ``value`` is ``at`` or its span lies within ``value``'s."""
    return value is at or _contains(getattr(value, "span", None), span)


def _contains(outer: object, inner: Span) -> bool:
    return (
        isinstance(outer, Span)
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )
