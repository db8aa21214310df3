"""Rule discovery: every Rule subclass in the modules of ``hullcheck.rules``."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from hullcheck.engine.engine_codes import ALWAYS_REPORTED, INTERNAL_ERROR, SELECTABLE_ENGINE_CODES
from hullcheck.engine.findings import RuleInfo
from hullcheck.engine.rule import Rule
from hullcheck.engine.shellcheck import CODE, code_info
from hullcheck.engine.shellcheck import RULE_CODE as SHELLCHECK_RULE


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


GROUPS = ("security", "best-practice", "shellcheck")
# a group whose selection takes in another: hadolint runs ShellCheck as part of its checks
_INCLUDED_GROUPS = {"best-practice": ("shellcheck",)}
_SHELLCHECK_SELECTOR = re.compile(r"SC\d{0,4}")  # ShellCheck's codes and their prefixes


@dataclass(frozen=True, slots=True)
class ScriptCodes:
    """The selectors of a run, which choose its rules and which of the codes of a checker the
    engine runs (ShellCheck's SC2086) it reports, read for each code. ``selectors`` None: no
    ``select``, so the rules on by default and every code of a checker that runs."""

    selectors: tuple[str, ...] | None = None
    extend: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def reports(self, code: str) -> bool:
        """Whether the run reports this code of ShellCheck's (``SC2086``)."""
        return CODE.fullmatch(code) is not None and _reports(self, code)

    def chosen(self, info: RuleInfo, default: bool) -> bool:
        """Whether these selectors take in the rule (``default``: whether it is in when nothing
        is selected): selected or extended, and not ignored."""
        wanted = any(matches(info, s) for s in self.selectors) if self.selectors is not None else default
        wanted = wanted or any(matches(info, s) for s in self.extend)
        return wanted and not any(matches(info, s, selecting=False) for s in self.ignore)


ALL_SCRIPT_CODES = ScriptCodes()  # no select: every code of a checker that runs


@functools.lru_cache(maxsize=1024)
def _reports(codes: ScriptCodes, code: str) -> bool:
    return codes.chosen(code_info(code), True)


@dataclass(frozen=True, slots=True)
class Selection:
    """What a run reports: the rules it runs, the engine codes it reports (parse errors,
    suppression problems) and the codes of ShellCheck it reports."""

    rules: tuple[type[Rule], ...]
    engine_codes: frozenset[str]
    script_codes: ScriptCodes = ALL_SCRIPT_CODES


def matches(info: RuleInfo, selector: str, selecting: bool = True) -> bool:
    """Whether a selector takes in the rule: a code or code prefix (``HC2``), a name, a group
    (``best-practice``, which takes in ``shellcheck`` too; not for a rule that is not
    ``selected_with_group``), ``ALL``, or one of the rule's hadolint codes (``DL3008``) or
    BuildKit check names (``JSONArgsRecommended``, any case). ShellCheck's codes (``SC2086``,
    ``SC2``) take in the rule that runs ShellCheck when ``selecting`` (ignoring one of its codes
    leaves the rule running for the others), and a code of ShellCheck's is taken in by what
    takes in that rule (its code, a prefix of it, its name)."""
    upper, lower = selector.upper(), selector.lower()
    return (
        info.code.startswith(upper)
        or info.name == lower
        or upper == "ALL"
        or (info.selected_with_group and info.group in (lower, *_INCLUDED_GROUPS.get(lower, ())) and lower in GROUPS)
        or _hadolint_code_of(info, upper)
        or _buildkit_check_of(info, upper)
        or (bool(info.reported_by) and info.reported_by.startswith(upper))
        or (selecting and info.code == SHELLCHECK_RULE and _SHELLCHECK_SELECTOR.fullmatch(upper) is not None)
    )


def find_rules(name: str) -> tuple[RuleInfo, ...]:
    """The rules named exactly (no prefix, no group) by ``name``: a code or name (engine codes
    included), a hadolint code or a BuildKit check name, which may stand for more than one; a
    code of ShellCheck's."""
    upper = name.upper()
    if CODE.fullmatch(upper):
        return (code_info(upper),)
    return tuple(
        info
        for info in catalog()
        if upper == info.code
        or name.lower() == info.name
        or _hadolint_code_of(info, upper)
        or _buildkit_check_of(info, upper)
    )


def foreign_rules(name: str, buildkit: bool) -> tuple[RuleInfo, ...]:
    """The rules of a hadolint code (a ``# hadolint ignore=`` pragma's: ShellCheck's codes,
    which hadolint reports, too), or of a BuildKit check name (a ``# check=skip=`` directive's;
    ``all``: every rule that has a BuildKit check)."""
    upper = name.upper()
    if buildkit:
        return tuple(
            info for info in catalog() if info.buildkit_checks and (upper == "ALL" or _buildkit_check_of(info, upper))
        )
    if CODE.fullmatch(upper):
        return (code_info(upper),)
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
    codes = ScriptCodes(None if selectors is None else tuple(selectors), tuple(extend), tuple(ignore))
    return Selection(
        script_codes=codes,
        rules=tuple(rule for rule in all_rules() if codes.chosen(rule.info, rule.enabled_by_default)),
        engine_codes=frozenset(
            info.code
            for info in SELECTABLE_ENGINE_CODES
            if codes.chosen(info, True) or (info in ALWAYS_REPORTED and not any(matches(info, s) for s in ignore))
        ),
    )
