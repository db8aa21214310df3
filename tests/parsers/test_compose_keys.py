"""The generated key sets (hullcheck.parsers.compose_keys) against the Compose specification's
schema: the copy kept in tests/parsers/data (and the shared one, when ../shared/schemas has it), and a small schema
of our own for what the generator makes of each construct."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hullcheck.parsers.compose_keys import MAPPINGS, SCHEMA, Keys
from tests.parsers.generate_compose_keys import mapping_keys, module_text

# the schema the module was made from, kept with the tests (descriptions left out), and the
# shared copy, which may be newer, when ../shared has one
SCHEMAS = [
    Path(__file__).resolve().parent / "data" / "compose-spec.json",
    Path(__file__).resolve().parents[3] / "shared" / "schemas" / "compose-spec.json",
]


@pytest.mark.parametrize("path", SCHEMAS, ids=["kept", "shared"])
def test_the_generated_module_matches_the_schema(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert mapping_keys(schema) == MAPPINGS, (
        "the schema changed: python -m tests.parsers.generate_compose_keys "
        f"{path} SOURCE > lint/parsers/compose_keys.py, then ruff format it"
    )


def test_the_module_names_the_schema_it_was_made_from() -> None:
    assert SCHEMA.startswith("compose-spec/compose-spec schema/compose-spec.json, commit ")


def test_the_module_holds_the_keys_compose_checks_strictly() -> None:
    service = MAPPINGS[("services", "*")]
    assert {"image", "build", "privileged", "volumes", "ports", "use_api_socket"} <= service.known
    assert service.closed and service.extensions
    assert MAPPINGS[()].known == {
        "version",
        "name",
        "include",
        "services",
        "models",
        "networks",
        "volumes",
        "secrets",
        "configs",
    }
    for path in [("build",), ("deploy",), ("healthcheck",), ("logging",), ("volumes", "[]"), ("ports", "[]")]:
        assert MAPPINGS[("services", "*", *path)].closed, path
    assert ("services", "*", "environment") not in MAPPINGS  # any name: nothing to check


SMALL = {
    "type": "object",
    "properties": {
        "things": {"type": "object", "patternProperties": {"^[a-z]+$": {"$ref": "#/definitions/thing"}}},
        "free": {"type": "object", "properties": {"a": {"type": "string"}}},
        "open": {"type": "object", "patternProperties": {"^.+$": {"type": "string"}}, "additionalProperties": False},
        "tags": {"type": "array", "additionalProperties": False, "items": {"type": "string"}},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
    "definitions": {
        "thing": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "size": {"type": "integer"},
                        "parts": {"type": "array", "items": {"$ref": "#/definitions/part"}},
                    },
                    "additionalProperties": False,
                },
            ]
        },
        "part": {
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "additionalProperties": False,
            "patternProperties": {"^x-": {}},
        },
    },
}


def test_what_the_generator_makes_of_each_construct() -> None:
    assert mapping_keys(SMALL) == {
        (): Keys(frozenset({"things", "free", "open", "tags"}), None, True, True),
        ("things",): Keys(frozenset(), "^[a-z]+$", False, False),  # open, but above a closed mapping
        ("things", "*"): Keys(frozenset({"size", "parts"}), None, False, True),
        ("things", "*", "parts", "[]"): Keys(frozenset({"name"}), None, True, True),
    }  # "free" and "open" refuse no key and hold none that does; an array's own keywords say nothing


def test_the_module_text_is_python_that_gives_the_same_keys() -> None:
    namespace: dict[str, object] = {}
    exec(compile(module_text(SMALL, "a test"), "compose_keys.py", "exec"), namespace)
    mappings = namespace["MAPPINGS"]
    assert isinstance(mappings, dict)
    assert {path: tuple(keys) for path, keys in mappings.items()} == {
        path: tuple(keys) for path, keys in mapping_keys(SMALL).items()
    }
