"""Generate lint/parsers/compose_keys.py from the Compose specification's JSON schema.

    python -m tests.parsers.generate_compose_keys SCHEMA SOURCE > lint/parsers/compose_keys.py

SCHEMA: the specification's ``schema/compose-spec.json``; SOURCE: where it came from (repository
and commit), written into the module. tests/parsers/test_compose_keys.py checks the module against
``../shared/schemas/compose-spec.json`` when that file is there.

The schema is walked from its root, following ``properties`` (a key), ``patternProperties``
other than ``^x-`` (``*``: any name the pattern takes, such as a service's), ``items`` (``[]``: a
list's entries), ``$ref`` and the branches of ``oneOf``. Each mapping on the way is recorded by
its path when it, or a mapping below it, refuses keys it does not define
(``additionalProperties: false``): those are the ones a misspelt key makes Compose refuse.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hullcheck.parsers.compose_keys import Keys

Path_ = tuple[str, ...]
_EXTENSIONS = "^x-"
_MAX_DEPTH = 16  # the schema's references do not loop; this bounds a schema whose would


def mapping_keys(schema: Mapping[str, Any]) -> dict[Path_, Keys]:
    """The mappings the schema describes, by path, those that refuse unknown keys and the ones
    above them."""
    found: dict[Path_, Keys] = {}
    _walk(schema, schema, (), found, 0)
    checked = {path for path, keys in found.items() if keys.closed}
    return {
        path: keys for path, keys in sorted(found.items()) if any(closed[: len(path)] == path for closed in checked)
    }


def _walk(
    schema: Mapping[str, Any], node: Mapping[str, Any], path: Path_, found: dict[Path_, Keys], depth: int
) -> None:
    if depth > _MAX_DEPTH:
        raise ValueError(f"schema nests deeper than {_MAX_DEPTH} at {'.'.join(path)}")
    if "$ref" in node:
        _walk(schema, _resolve(schema, node["$ref"]), path, found, depth + 1)
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        _walk(schema, branch, path, found, depth + 1)
    if "items" in node:
        _walk(schema, node["items"], (*path, "[]"), found, depth + 1)
    properties: Mapping[str, Any] = node.get("properties", {})
    patterns: Mapping[str, Any] = node.get("patternProperties", {})
    types = node.get("type", "object")
    if "object" not in (types if isinstance(types, list) else [types]):
        return  # an array's own ``additionalProperties`` (gpus) says nothing about mappings
    if not properties and not patterns and node.get("additionalProperties") is not False:
        return
    names = [pattern for pattern in patterns if pattern != _EXTENSIONS]
    if len(names) > 1:
        raise ValueError(f"mapping at {'.'.join(path)} has several name patterns: {names}")
    name = names[0] if names else None
    open_names = name is not None and re.search(name, "any key") is not None and re.search(name, "x") is not None
    keys = Keys(
        frozenset(properties),
        name,
        _EXTENSIONS in patterns,
        node.get("additionalProperties") is False and not open_names,
    )
    earlier = found.get(path)
    if earlier is not None:  # two branches of a oneOf describe a mapping here: either is taken
        keys = Keys(
            earlier.known | keys.known,
            earlier.names or keys.names,
            earlier.extensions or keys.extensions,
            earlier.closed and keys.closed,
        )
    found[path] = keys
    for key, value in properties.items():
        _walk(schema, value, (*path, key), found, depth + 1)
    if name is not None:
        _walk(schema, patterns[name], (*path, "*"), found, depth + 1)


def _resolve(schema: Mapping[str, Any], reference: str) -> Mapping[str, Any]:
    if not reference.startswith("#/"):
        raise ValueError(f"reference outside the schema: {reference}")
    node: Any = schema
    for part in reference[2:].split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]


def module_text(schema: Mapping[str, Any], source: str) -> str:
    """The text of lint/parsers/compose_keys.py (before ``ruff format``)."""
    lines = [
        '"""The keys the Compose specification allows, by where they are written. Generated from the',
        "specification's JSON schema by tests/parsers/generate_compose_keys.py: do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import NamedTuple",
        "",
        f"SCHEMA = {source!r}",
        "",
        "",
        "class Keys(NamedTuple):",
        '    """What a mapping written at a path may hold."""',
        "",
        "    known: frozenset[str]  # the keys the specification defines there",
        "    names: str | None  # the pattern of the names it holds (services, networks), or None",
        "    extensions: bool  # whether it takes x- extension keys too",
        "    closed: bool  # whether Compose refuses any other key",
        "",
        "",
        "# By path from the top of the file: a key, '*' for a name (a service's, a network's), '[]'",
        "# for a list's entries. Mappings that refuse no key are listed only above ones that do.",
        "MAPPINGS: dict[tuple[str, ...], Keys] = {",
    ]
    for path, keys in mapping_keys(schema).items():
        known = (
            "frozenset({" + ", ".join(repr(key) for key in sorted(keys.known)) + "})" if keys.known else "frozenset()"
        )
        lines.append(f"    {path!r}: Keys({known}, {keys.names!r}, {keys.extensions}, {keys.closed}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(arguments: list[str]) -> int:
    schema_file, source = arguments
    schema = json.loads(Path(schema_file).read_text(encoding="utf-8"))
    sys.stdout.write(module_text(schema, source))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
