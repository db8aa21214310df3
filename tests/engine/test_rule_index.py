"""The rule index (hullcheck.engine.rule_index) is the rules' metadata, generated from them: a run
selects rules and plans its walk from it, and imports a rule's module only when a node the rule
visits is walked. This test fails when the index differs from the rules; with
HULLCHECK_UPDATE_GOLDEN=1 it writes the index anew."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import hullcheck.engine.rule_index
from hullcheck.engine.locality import node_local
from hullcheck.engine.registry import IndexedRule, all_rules, indexed_rules
from hullcheck.engine.rule import Rule

INDEX = Path(hullcheck.engine.rule_index.__file__)
HEADER = '''"""The rules of hullcheck.rules as a run selects them and plans its walk, without importing them.

Generated from the rules by tests/engine/test_rule_index.py, which fails while this differs
from them: do not edit; after adding a rule or changing its code, name, group, selection,
hadolint codes, BuildKit checks, options, visit and leave methods or what they read of the rule
(hullcheck.engine.locality), regenerate it with
HULLCHECK_UPDATE_GOLDEN=1 python -m pytest tests/engine/test_rule_index.py
"""

from hullcheck.engine.registry import IndexedRule

RULES = (
'''


def _strings(values: tuple[str, ...] | list[str]) -> str:
    """A tuple of strings as ruff formats it."""
    return f'("{values[0]}",)' if len(values) == 1 else "(" + ", ".join(f'"{value}"' for value in values) + ")"


def _kinds(kinds: list[str]) -> str:
    """A frozenset of node kinds as ruff formats it: on one line when it fits."""
    line = "frozenset({" + ", ".join(f'"{kind}"' for kind in kinds) + "})" if kinds else "frozenset()"
    if len(f"        visits={line},") <= 120:
        return line
    return (
        "frozenset(\n            {\n"
        + "".join(f'                "{kind}",\n' for kind in kinds)
        + "            }\n        )"
    )


def entry(rule: type[Rule]) -> str:
    indexed = IndexedRule.of(rule, node_local(rule))
    fields = [
        f'"{indexed.code}"',
        f'"{indexed.name}"',
        f'"{indexed.module}"',
        f'"{indexed.class_name}"',
        f'group="{indexed.group}"',
        f"enabled_by_default={indexed.enabled_by_default}",
        f"selected_with_group={indexed.selected_with_group}",
        f"hadolint_codes={_strings(indexed.hadolint_codes)}",
        f"buildkit_checks={_strings(indexed.buildkit_checks)}",
        f"options={_strings(indexed.options)}",
        f"visits={_kinds(sorted(indexed.visits))}",
        f"checks_scripts={indexed.checks_scripts}",
        f"node_local={indexed.node_local}",
    ]
    return "    IndexedRule(\n" + "".join(f"        {field},\n" for field in fields) + "    ),\n"


def index_text() -> str:
    return HEADER + "".join(entry(rule) for rule in all_rules()) + ")\n"


def test_the_index_is_generated_from_the_rules() -> None:
    expected = index_text()
    if os.environ.get("HULLCHECK_UPDATE_GOLDEN") == "1" and INDEX.read_text(encoding="utf-8") != expected:
        INDEX.write_text(expected, encoding="utf-8")
    command = "HULLCHECK_UPDATE_GOLDEN=1 python -m pytest tests/engine/test_rule_index.py"
    assert INDEX.read_text(encoding="utf-8") == expected, f"{INDEX} is stale: regenerate it with {command}"


def test_each_entry_loads_its_rule() -> None:
    assert [entry.load() for entry in indexed_rules()] == list(all_rules())


def test_a_rule_the_index_describes_otherwise_is_an_error_not_a_rule_run_on_other_nodes() -> None:
    entry = IndexedRule.of(all_rules()[0])
    entry.visits = entry.visits | {"stage"}
    with pytest.raises(RuntimeError, match="regenerate"):
        entry.load()
