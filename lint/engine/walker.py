"""One walk over a model for all rules, dispatching to their visit and leave methods."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.options import OptionValue
from hullcheck.engine.registry import ONBUILD_KIND, IndexedRule, RuleSource, visited_kinds
from hullcheck.model.node import Node
from hullcheck.model.span import Span

if TYPE_CHECKING:
    from hullcheck.engine.rule import Rule
    from hullcheck.engine.shellcheck import ScriptRequest

Handler = Callable[["Rule", Node], None]  # a rule class's method, called with the instance


def walk(
    root: Node,
    rules: Sequence[RuleSource],
    path: str,
    settings: Mapping[str, Mapping[str, OptionValue]] | None = None,
    scripts: list[ScriptRequest] | None = None,
) -> list[Finding]:
    """Run fresh instances of ``rules`` over ``root``; return their findings.

    A rule given by its index entry is imported when a node it visits is first walked, and
    made (as a rule given as a class) when it is first called: a rule that visits nothing in
    this model costs nothing.

    ``settings`` holds checked option values by rule code; a rule not in it uses its defaults.
    ``scripts`` receives the scripts rules hand to a checker run after the walk (ShellCheck);
    without it, they are not checked (a Compose project's build of a Dockerfile, whose own lint
    checks them).

    A rule that raises is stopped for this file and reported as an internal error; the
    others go on.
    """
    plan = _plan(tuple(rules))
    made: list[Rule | None] = [None] * len(rules)
    trail: list[Node] = []  # the nodes from the root to the one being visited, for logical locations
    failed: dict[int, Finding] = {}  # by the rule's index

    def dispatch(handlers: list[tuple[int, Handler]], node: Node) -> None:
        for index, handler in handlers:
            if index in failed:
                continue
            rule = made[index]
            if rule is None:
                rule_class = plan.classes[index]
                rule = made[index] = rule_class(path, (settings or {}).get(rule_class.code))
                rule.trail = trail
            try:
                handler(rule, node)
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                failed[index] = _internal_error(rule, error, path, node)

    def visit(node: Node) -> None:
        trail.append(node)
        visitors, leavers = plan.handlers.get(node.kind) or plan.plan(node.kind)
        if visitors:
            dispatch(visitors, node)
        for child in node.children():
            visit(child)
        if leavers:
            dispatch(leavers, node)
        trail.pop()

    visit(root)
    ran = [(index, rule) for index, rule in enumerate(made) if rule is not None and index not in failed]
    if scripts is not None:
        from hullcheck.engine.rule import ScriptCheckingRule

        scripts.extend(request for _, rule in ran if isinstance(rule, ScriptCheckingRule) for request in rule.scripts)
    findings = [finding for _, rule in ran for finding in rule.findings]
    findings.extend(failed.values())
    return findings


class _Plan:
    """Which rules' ``visit_<kind>`` and ``leave_<kind>`` methods each kind of node calls, made
    for a kind when a node of it is first walked (loading the rules that visit it), once per set
    of rules: a run walks every file with the same set."""

    def __init__(self, rules: tuple[RuleSource, ...]) -> None:
        self.rules = rules
        self.visits = [rule.visits if isinstance(rule, IndexedRule) else visited_kinds(rule) for rule in rules]
        self.classes: dict[int, type[Rule]] = {
            index: rule for index, rule in enumerate(rules) if not isinstance(rule, IndexedRule)
        }
        # by node kind: the rules' indexes and their visit methods, and their leave methods
        self.handlers: dict[str, tuple[list[tuple[int, Handler]], list[tuple[int, Handler]]]] = {}

    def plan(self, kind: str) -> tuple[list[tuple[int, Handler]], list[tuple[int, Handler]]]:
        visitors: list[tuple[int, Handler]] = []
        leavers: list[tuple[int, Handler]] = []
        for index, visits in enumerate(self.visits):
            if kind not in visits:
                continue
            rule = self.rules[index]
            rule_class = self.classes[index] = rule.load() if isinstance(rule, IndexedRule) else rule
            if (visitor := getattr(rule_class, f"visit_{kind}", None)) is not None:
                visitors.append((index, visitor))
            if kind == ONBUILD_KIND and rule_class.checks_onbuild_triggers:
                visitors.append((index, _visit_trigger))
            if (leaver := getattr(rule_class, f"leave_{kind}", None)) is not None:
                leavers.append((index, leaver))
        self.handlers[kind] = (visitors, leavers)
        return visitors, leavers


@functools.lru_cache(maxsize=64)
def _plan(rules: tuple[RuleSource, ...]) -> _Plan:
    return _Plan(rules)


def _visit_trigger(rule: Rule, node: Node) -> None:
    """An ONBUILD trigger, visited as the instruction it is, for a rule that checks them."""
    from hullcheck.model.dockerfile import OnbuildInstruction  # loaded: it made the node

    assert isinstance(node, OnbuildInstruction)
    handler = getattr(rule, f"visit_{node.trigger.kind}", None) if node.trigger is not None else None
    if handler is not None:
        handler(node.trigger)


def _internal_error(rule: Rule, error: Exception, path: str, node: Node) -> Finding:
    import traceback  # only when a rule fails: it costs a few milliseconds of every start-up

    frame = traceback.extract_tb(error.__traceback__)[-1]
    span = getattr(node, "span", None)
    where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
    return Finding(
        INTERNAL_ERROR,
        path,
        span if isinstance(span, Span) else Span.point(1),
        f"rule {rule.code} {rule.name} failed: {type(error).__name__}: {error} (at {where})",
        failed_rule=rule.info,
    )
