"""Rule discovery: every Rule subclass in the modules of ``hullcheck.rules``, and the index of
their metadata (``hullcheck.engine.rule_index``), which selects rules and plans a walk without
importing them: a run imports a rule's module when a node it visits is first walked."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from functools import cache

from hullcheck.engine.engine_codes import ALWAYS_REPORTED, INTERNAL_ERROR, SELECTABLE_ENGINE_CODES
from hullcheck.engine.findings import RuleInfo
from hullcheck.engine.shellcheck import CODE, code_info
from hullcheck.engine.shellcheck import RULE_CODE as SHELLCHECK_RULE
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol, TypeAlias

    from hullcheck.engine.rule import Rule

RULES_PACKAGE = "hullcheck.rules"


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """The rules, ordered by code: every module of ``hullcheck.rules`` imported."""
    import pkgutil  # with weakref and, to list modules, inspect: not for a run that reads the index

    import hullcheck.rules as package
    from hullcheck.engine.rule import Rule

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


class IndexedRule:
    """A rule as the index describes it: what selecting it, planning a walk and checking its
    options need, without its module. ``load`` imports the rule itself. The index is generated
    from the rules (tests/engine/test_rule_index.py checks it and, with
    HULLCHECK_UPDATE_GOLDEN=1, writes it); a rule loaded that the index describes otherwise is
    an error, not a rule run on the wrong nodes."""

    __slots__ = (
        "buildkit_checks",
        "checks_scripts",
        "class_name",
        "code",
        "enabled_by_default",
        "group",
        "hadolint_codes",
        "module",
        "name",
        "node_local",
        "options",
        "selected_with_group",
        "visits",
    )
    reported_by = ""  # a rule's own code (only ShellCheck's codes are reported by a rule)

    def __init__(
        self,
        code: str,
        name: str,
        module: str,
        class_name: str,
        *,
        group: str,
        enabled_by_default: bool,
        selected_with_group: bool,
        hadolint_codes: tuple[str, ...],
        buildkit_checks: tuple[str, ...],
        options: tuple[str, ...],
        visits: frozenset[str],
        checks_scripts: bool,
        node_local: bool = False,
    ) -> None:
        self.code = code
        self.name = name
        self.module = module  # in hullcheck.rules
        self.class_name = class_name
        self.group = group
        self.enabled_by_default = enabled_by_default
        self.selected_with_group = selected_with_group
        self.hadolint_codes = hadolint_codes
        self.buildkit_checks = buildkit_checks
        self.options = options  # the names of its options
        self.visits = visits  # the node kinds it has visit_ or leave_ methods for (ONBUILD's, for triggers)
        self.checks_scripts = checks_scripts  # a ScriptCheckingRule: hands scripts to ShellCheck
        # its findings on a node depend on that node alone (hullcheck.engine.locality): derived
        # from its source, which a run does not read, so not among the fields a load compares
        self.node_local = node_local

    @classmethod
    def of(cls, rule: type[Rule], node_local: bool = False) -> IndexedRule:
        """The index's entry for a rule class (``node_local`` as derived by the caller)."""
        from hullcheck.engine.rule import ScriptCheckingRule

        return cls(
            rule.code,
            rule.name,
            rule.__module__.removeprefix(f"{RULES_PACKAGE}."),
            rule.__name__,
            group=rule.group,
            enabled_by_default=rule.enabled_by_default,
            selected_with_group=rule.selected_with_group,
            hadolint_codes=rule.hadolint_codes,
            buildkit_checks=rule.buildkit_checks,
            options=tuple(rule.options),
            visits=visited_kinds(rule),
            checks_scripts=issubclass(rule, ScriptCheckingRule),
            node_local=node_local,
        )

    def fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__ if name != "node_local")

    def __repr__(self) -> str:
        return f"IndexedRule({self.code}, {RULES_PACKAGE}.{self.module}.{self.class_name})"

    def load(self) -> type[Rule]:
        """The rule class, its module imported."""
        return _load(self)


@functools.cache
def _load(entry: IndexedRule) -> type[Rule]:
    rule: type[Rule] = getattr(importlib.import_module(f"{RULES_PACKAGE}.{entry.module}"), entry.class_name)
    if IndexedRule.of(rule).fields() != entry.fields():
        raise RuntimeError(
            f"hullcheck.engine.rule_index describes {entry.code} otherwise than its class is: regenerate it "
            "with HULLCHECK_UPDATE_GOLDEN=1 python -m pytest tests/engine/test_rule_index.py"
        )
    return rule


# the kind of hullcheck.model.dockerfile's OnbuildInstruction, whose trigger a rule may check
# (tests/engine/test_walker.py holds the two equal: the model is not imported to plan a walk)
ONBUILD_KIND = "onbuild_instruction"


def visited_kinds(rule: type[Rule]) -> frozenset[str]:
    """The node kinds whose walk calls the rule: those of its ``visit_<kind>`` and
    ``leave_<kind>`` methods, and ONBUILD's for a rule that checks triggers."""
    kinds = {name[6:] for name in dir(rule) if name.startswith(("visit_", "leave_"))}
    return frozenset(kinds | {ONBUILD_KIND}) if rule.checks_onbuild_triggers else frozenset(kinds)


# what a run's rules are given as: rule classes, or index entries it loads when it needs them
RuleSource: TypeAlias = "type[Rule] | IndexedRule"


@cache
def indexed_rules() -> tuple[IndexedRule, ...]:
    """Every rule, ordered by code, as the index describes it."""
    from hullcheck.engine.rule_index import RULES

    return RULES


def checks_scripts(rule: RuleSource) -> bool:
    """Whether the rule hands scripts to a checker the engine runs (ShellCheck)."""
    if isinstance(rule, IndexedRule):
        return rule.checks_scripts
    from hullcheck.engine.rule import ScriptCheckingRule

    return issubclass(rule, ScriptCheckingRule)


@cache
def selectables() -> tuple[RuleInfo | IndexedRule, ...]:
    """What a selector can name: the engine codes and the indexed rules, ordered by code (as
    the catalog, without importing the rules)."""
    return tuple(sorted((*SELECTABLE_ENGINE_CODES, *indexed_rules()), key=lambda entry: entry.code))


def _info(entry: RuleInfo | IndexedRule) -> RuleInfo:
    return entry.load().info if isinstance(entry, IndexedRule) else entry


def described_rule(code: str) -> RuleInfo | None:
    """The catalog's description of the rule or engine code ``code``, its rule loaded from the
    index; None when there is none."""
    entry = next((entry for entry in selectables() if entry.code == code), None)
    return _info(entry) if entry is not None else None


if TYPE_CHECKING:

    class Selectable(Protocol):
        """What a selector is matched against: a rule's description, or its index entry."""

        @property
        def code(self) -> str: ...
        @property
        def name(self) -> str: ...
        @property
        def group(self) -> str: ...
        @property
        def selected_with_group(self) -> bool: ...
        @property
        def hadolint_codes(self) -> tuple[str, ...]: ...
        @property
        def buildkit_checks(self) -> tuple[str, ...]: ...
        @property
        def reported_by(self) -> str: ...


class UnknownRule(ValueError):
    pass


class UnignorableRule(ValueError):
    pass


GROUPS = ("security", "best-practice", "shellcheck")
# a group whose selection takes in another: hadolint runs ShellCheck as part of its checks
_INCLUDED_GROUPS = {"best-practice": ("shellcheck",)}
_SHELLCHECK_SELECTOR = LazyPattern(r"SC\d{0,4}")  # ShellCheck's codes and their prefixes


class ScriptCodes(Record, frozen=True, slots=True):
    """The selectors of a run, which choose its rules and which of the codes of a checker the
    engine runs (ShellCheck's SC2086) it reports, read for each code. ``selectors`` None: no
    ``select``, so the rules on by default and every code of a checker that runs."""

    selectors: tuple[str, ...] | None = None
    extend: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def reports(self, code: str) -> bool:
        """Whether the run reports this code of ShellCheck's (``SC2086``)."""
        return CODE.fullmatch(code) is not None and _reports(self, code)

    def chosen(self, info: Selectable, default: bool) -> bool:
        """Whether these selectors take in the rule (``default``: whether it is in when nothing
        is selected): selected or extended, and not ignored."""
        wanted = any(matches(info, s) for s in self.selectors) if self.selectors is not None else default
        wanted = wanted or any(matches(info, s) for s in self.extend)
        return wanted and not any(matches(info, s, selecting=False) for s in self.ignore)


ALL_SCRIPT_CODES = ScriptCodes()  # no select: every code of a checker that runs


@functools.lru_cache(maxsize=1024)
def _reports(codes: ScriptCodes, code: str) -> bool:
    return codes.chosen(code_info(code), True)


class Selection(Record, frozen=True, slots=True):
    """What a run reports: the rules it runs, the engine codes it reports (parse errors,
    suppression problems) and the codes of ShellCheck it reports."""

    rules: tuple[IndexedRule, ...]
    engine_codes: frozenset[str]
    script_codes: ScriptCodes = ALL_SCRIPT_CODES


def matches(info: Selectable, selector: str, selecting: bool = True) -> bool:
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
        _info(entry)
        for entry in selectables()
        if upper == entry.code
        or name.lower() == entry.name
        or _hadolint_code_of(entry, upper)
        or _buildkit_check_of(entry, upper)
    )


def foreign_rules(name: str, buildkit: bool) -> tuple[RuleInfo, ...]:
    """The rules of a hadolint code (a ``# hadolint ignore=`` pragma's: ShellCheck's codes,
    which hadolint reports, too), or of a BuildKit check name (a ``# check=skip=`` directive's;
    ``all``: every rule that has a BuildKit check)."""
    upper = name.upper()
    if buildkit:
        return tuple(
            _info(entry)
            for entry in selectables()
            if entry.buildkit_checks and (upper == "ALL" or _buildkit_check_of(entry, upper))
        )
    if CODE.fullmatch(upper):
        return (code_info(upper),)
    return tuple(_info(entry) for entry in selectables() if _hadolint_code_of(entry, upper))


def _hadolint_code_of(info: Selectable, upper: str) -> bool:
    return upper in info.hadolint_codes


def _buildkit_check_of(info: Selectable, upper: str) -> bool:
    """BuildKit's check names are matched in any case, as its ``# check=skip=`` reads them."""
    return any(upper == check.upper() for check in info.buildkit_checks)


def check_selectors(selectors: Sequence[str]) -> None:
    """UnknownRule for the first selector that takes in no rule. HC000 is known: selecting it
    changes nothing, as internal errors are always reported; so is a group, even one with no
    rule yet."""
    infos = (*selectables(), INTERNAL_ERROR)
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
        rules=tuple(rule for rule in indexed_rules() if codes.chosen(rule, rule.enabled_by_default)),
        engine_codes=frozenset(
            info.code
            for info in SELECTABLE_ENGINE_CODES
            if codes.chosen(info, True) or (info in ALWAYS_REPORTED and not any(matches(info, s) for s in ignore))
        ),
    )
