"""What the Compose specification allows a file to hold (its keys, generated from its schema in
hullcheck.parsers.compose_keys): the keys Docker Compose refuses, and whether a YAML file is a
Compose file by its content."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from hullcheck.model.span import Span
from hullcheck.parsers.compose_keys import MAPPINGS, Keys
from hullcheck.parsers.source import ParseProblem, SchemaProblem
from hullcheck.parsers.yaml_nodes import (
    MERGE_TAG,
    NULL_TAG,
    compose_yaml,
    is_mapping,
    is_scalar,
    is_sequence,
    scalar_text,
)
from hullcheck.suggestions import SHORT_WORD_CUTOFF, did_you_mean

TOP_LEVEL = MAPPINGS[()]
SERVICE = MAPPINGS[("services", "*")]
# the paths below which some mapping is checked: the walk goes no further than these
_REACHING = frozenset(path[:length] for path in MAPPINGS for length in range(len(path) + 1))
_NAME_PATTERNS = {keys.names: re.compile(keys.names) for keys in MAPPINGS.values() if keys.names is not None}
# a line that starts a top-level ``services`` key (after a byte order mark on the first line), in
# bytes (for discovery) and in text
SERVICES_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?services[ \t]*:", re.MULTILINE)
_SERVICES_LINE_TEXT = re.compile("^\ufeff?services[ \t]*:", re.MULTILINE)
# a plain key at the start of a line: in block YAML, a key of the top-level mapping
_LINE_KEY = re.compile(r"^\ufeff?([A-Za-z0-9_.$][^\s:]*)[ \t]*:(?=\s|$)", re.MULTILINE)

Items = Callable[[Any], list[tuple[Any, Any]]]


def unknown_keys(root: Any, items: Items, span: Callable[[Any], Span]) -> list[ParseProblem]:
    """A problem at each key of ``root`` (a Compose file's top-level mapping) that the
    specification does not define where it is written, where Compose refuses unknown keys: at
    the top level, in a service, in its ``build``, ``deploy``, ``healthcheck``, ``logging``,
    long-form ``volumes`` and ``ports`` entries, and so on. ``x-`` keys are allowed wherever
    the specification allows them. ``items``: a mapping's keys and values, merge keys resolved.

    Each node is read once for each place it is reached from (an anchor merged into several
    services is checked in each, and reported once), so aliases cannot multiply the work."""
    problems: list[ParseProblem] = []
    reported: set[int] = set()
    visited: set[tuple[int, tuple[str, ...]]] = set()
    stack: list[tuple[Any, tuple[str, ...], str]] = [(root, (), "")]
    while stack:
        node, path, where = stack.pop()
        if (id(node), path) in visited:
            continue
        visited.add((id(node), path))
        if is_sequence(node):
            entries = (*path, "[]")
            if entries in _REACHING:
                stack.extend((item, entries, f"{where}[{index}]") for index, item in enumerate(node.value))
            continue
        keys = MAPPINGS.get(path)
        if keys is None or not is_mapping(node):
            continue
        for key, value in reversed(items(node)):
            if not is_scalar(key):
                continue
            name = scalar_text(key)
            inner = f"{where}.{name}" if where else name
            if name in keys.known:
                child = (*path, name)
            elif keys.names is not None and _NAME_PATTERNS[keys.names].fullmatch(name):
                child = (*path, "*")
            elif keys.extensions and name.startswith("x-"):
                continue
            else:
                if keys.closed and id(key) not in reported:
                    reported.add(id(key))
                    problems.append(SchemaProblem(span(key), _unknown(name, keys, where)))
                continue
            if child in _REACHING:
                stack.append((value, child, inner))
    problems.reverse()
    return problems


def _nearest(name: str, known: frozenset[str]) -> str:
    return did_you_mean(name, known, cutoff=SHORT_WORD_CUTOFF)


def _unknown(name: str, keys: Keys, where: str) -> str:
    place = f"in '{where}'" if where else "at the top level"
    if keys.names is not None and not keys.known:
        return f"{name!r} is not a name Compose takes {place} (letters, digits, '.', '_' and '-')"
    return f"unknown key {name!r} {place}{_nearest(name, keys.known)}: Docker Compose refuses the file"


def misspelt_services(top_level: Iterable[str]) -> str | None:
    """The top-level key that is a misspelling of ``services`` (``sevices``, ``service``): what
    the file's author meant its services to be under."""
    meant = " (did you mean 'services'?)"
    return next((name for name in top_level if not _top_level(name) and _nearest(name, TOP_LEVEL.known) == meant), None)


def legacy_layout(first_service: str) -> str:
    """The problem of a file without ``services`` whose services are at the top level."""
    return (
        f"no 'services' key: {first_service!r} is a service at the top level (the version 1 layout, "
        "which Docker Compose no longer reads); move the services under 'services:'"
    )


def is_compose(text: str) -> bool | None:
    """Whether ``text`` is a Compose file by its content; None when it is not YAML.

    It is when its top level is a mapping of the specification's top-level keys (and ``x-``
    ones) with a ``services`` mapping, at least one entry of which looks like a service: a
    mapping most of whose keys are service keys. So a Kubernetes manifest, a CI workflow
    (``jobs``, ``steps``, ``stages``), an Ansible playbook (a list), OpenAPI, ``services`` that
    is a list or holds scalars, and Helm values whose ``services`` hold ``type``/``port`` are not
    Compose files. The lines are looked at before the YAML is parsed: most YAML files show
    they are not Compose by a line ``services:`` missing, or another key at the start of a line.
    """
    if _SERVICES_LINE_TEXT.search(text) is None:
        return False
    if not all(_top_level(match.group(1)) for match in _LINE_KEY.finditer(text)):
        return False
    try:
        root = compose_yaml(text)
    except ParseProblem:
        return None
    if not is_mapping(root):
        return False
    top = {scalar_text(key): value for key, value in root.value if is_scalar(key)}
    if not all(_top_level(name) for name in top):
        return False
    services = top.get("services")
    if services is None or not is_mapping(services):
        return False
    return any(looks_like_service(value) for _key, value in services.value)


def _top_level(name: str) -> bool:
    return name in TOP_LEVEL.known or name.startswith("x-")


def looks_like_service(node: Any) -> bool:
    """A mapping that names its image (a string), its build or the service it extends, or most
    of whose keys are service keys (an override's ``environment``)."""
    if not is_mapping(node):
        return False
    entries: list[tuple[Any, Any]] = []
    for key, value in node.value:
        if key.tag == MERGE_TAG:  # ``<<: *defaults``: the keys it brings in, one level deep
            merged = value.value if is_sequence(value) else [value]
            entries.extend(pair for source in merged if is_mapping(source) for pair in source.value)
        else:
            entries.append((key, value))
    fields = {scalar_text(key): value for key, value in entries if is_scalar(key) and key.tag != MERGE_TAG}
    if (is_scalar(fields.get("image")) and fields["image"].tag != NULL_TAG) or "build" in fields or "extends" in fields:
        return True
    names = [name for name in fields if not name.startswith("x-")]
    known = sum(1 for name in names if name in SERVICE.known)
    return known > 0 and known > len(names) - known
