"""Rule discovery: every Rule subclass in the modules of ``hullcheck.rules``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from hullcheck.engine.builtin import PARSE_ERROR
from hullcheck.engine.findings import RuleInfo
from hullcheck.engine.rule import Rule


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """The rules, ordered by code."""
    import hullcheck.rules as package

    found: list[type[Rule]] = []
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        found.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
        )
    codes = [rule.code for rule in found]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise RuntimeError(f"rule codes used twice: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda rule: rule.code))


def catalog() -> tuple[RuleInfo, ...]:
    """Every rule description a run can report, engine codes included, ordered by code."""
    return tuple(sorted((PARSE_ERROR, *(rule.info for rule in all_rules())), key=lambda info: info.code))


class UnknownRule(ValueError):
    pass


def select_rules(select: list[str] | None, ignore: list[str]) -> tuple[type[Rule], ...]:
    """The rules to run. Selectors are codes, code prefixes (``HC1``) or names.

    Without ``select``, the rules enabled by default run; ``ignore`` then removes rules.
    """
    rules = all_rules()

    def matches(rule: type[Rule], selector: str) -> bool:
        upper = selector.upper()
        return rule.code.startswith(upper) or rule.name == selector.lower() or upper == "ALL"

    engine_codes = [info for info in catalog() if info.code < "HC100"]  # parse-error and the like
    for selector in (*(select or []), *ignore):
        is_engine_code = any(
            info.code.startswith(selector.upper()) or info.name == selector.lower() for info in engine_codes
        )
        if not is_engine_code and not any(matches(rule, selector) for rule in rules):
            raise UnknownRule(selector)
    chosen = [
        rule
        for rule in rules
        if (any(matches(rule, s) for s in select) if select is not None else rule.enabled_by_default)
    ]
    return tuple(rule for rule in chosen if not any(matches(rule, s) for s in ignore))
