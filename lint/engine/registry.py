"""Rule discovery: every Rule subclass in the modules of ``hullcheck.rules``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from hullcheck.engine.engine_codes import ALWAYS_REPORTED, INTERNAL_ERROR, SELECTABLE_ENGINE_CODES
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


@cache
def catalog() -> tuple[RuleInfo, ...]:
    """Every rule description a run can report, engine codes included, ordered by code."""
    return tuple(sorted((*SELECTABLE_ENGINE_CODES, *(rule.info for rule in all_rules())), key=lambda info: info.code))


class UnknownRule(ValueError):
    pass


class UnignorableRule(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Selection:
    """What a run reports: the rules it runs and the engine codes it reports (parse errors,
    suppression problems)."""

    rules: tuple[type[Rule], ...]
    engine_codes: frozenset[str]


GROUPS = ("security", "best-practice")


def matches(info: RuleInfo, selector: str) -> bool:
    """Whether a selector takes in the rule: a code or code prefix (``HC2``), a name, a group
    (``best-practice``; not for a rule that is not ``selected_with_group``), ``ALL``, or one of
    the rule's hadolint codes (``DL3008``) or BuildKit check names (``JSONArgsRecommended``, any
    case)."""
    upper = selector.upper()
    return (
        info.code.startswith(upper)
        or info.name == selector.lower()
        or upper == "ALL"
        or (info.group == selector.lower() and info.group in GROUPS and info.selected_with_group)
        or _hadolint_code_of(info, upper)
        or _buildkit_check_of(info, upper)
    )


def find_rules(name: str) -> tuple[RuleInfo, ...]:
    """The rules named exactly (no prefix, no group) by ``name``: a code or name (engine codes
    included), a hadolint code or a BuildKit check name, which may stand for more than one."""
    upper = name.upper()
    return tuple(
        info
        for info in catalog()
        if upper == info.code
        or name.lower() == info.name
        or _hadolint_code_of(info, upper)
        or _buildkit_check_of(info, upper)
    )


def foreign_rules(name: str, buildkit: bool) -> tuple[RuleInfo, ...]:
    """The rules of a hadolint code (a ``# hadolint ignore=`` pragma's), or of a BuildKit check
    name (a ``# check=skip=`` directive's; ``all``: every rule that has a BuildKit check)."""
    upper = name.upper()
    if buildkit:
        return tuple(
            info for info in catalog() if info.buildkit_checks and (upper == "ALL" or _buildkit_check_of(info, upper))
        )
    return tuple(info for info in catalog() if _hadolint_code_of(info, upper))


def _hadolint_code_of(info: RuleInfo, upper: str) -> bool:
    return upper in info.hadolint_codes


def _buildkit_check_of(info: RuleInfo, upper: str) -> bool:
    """BuildKit's check names are matched in any case, as its ``# check=skip=`` reads them."""
    return any(upper == check.upper() for check in info.buildkit_checks)


def check_selectors(selectors: Sequence[str]) -> None:
    """UnknownRule for the first selector that takes in no rule. HC000 is known: selecting it
    changes nothing, as internal errors are always reported; so is a group, even one with no
    rule yet."""
    infos = (*catalog(), INTERNAL_ERROR)
    for selector in selectors:
        if selector.lower() not in GROUPS and not any(matches(info, selector) for info in infos):
            raise UnknownRule(selector)


def check_ignorable(selectors: Sequence[str]) -> None:
    """UnignorableRule for a selector that names HC000 (by code or name): an internal error
    means a file was not fully checked, which no configuration may hide."""
    for selector in selectors:
        if selector.upper() == INTERNAL_ERROR.code or selector.lower() == INTERNAL_ERROR.name:
            raise UnignorableRule(
                f"{INTERNAL_ERROR.code} cannot be ignored: an internal error means a file was not fully checked"
            )


def select(selectors: Sequence[str] | None, ignore: Sequence[str], extend: Sequence[str] = ()) -> Selection:
    """The rules to run and the engine codes to report. Selectors are those :func:`matches`
    reads: codes, code prefixes (``HC1``), names, groups, hadolint codes, BuildKit check names.

    Without ``selectors``, the rules enabled by default run and every engine code is reported;
    ``extend`` adds rules and codes to either; ``ignore`` then removes rules and codes. The codes
    that say a file or project was not checked (ALWAYS_REPORTED) are reported whatever
    ``selectors`` name: only ``ignore`` removes them.
    """
    check_selectors([*(selectors or []), *extend, *ignore])

    def chosen(info: RuleInfo, default: bool) -> bool:
        wanted = any(matches(info, s) for s in selectors) if selectors is not None else default
        wanted = wanted or any(matches(info, s) for s in extend)
        return wanted and not any(matches(info, s) for s in ignore)

    return Selection(
        rules=tuple(rule for rule in all_rules() if chosen(rule.info, rule.enabled_by_default)),
        engine_codes=frozenset(
            info.code
            for info in SELECTABLE_ENGINE_CODES
            if chosen(info, True) or (info in ALWAYS_REPORTED and not any(matches(info, s) for s in ignore))
        ),
    )
