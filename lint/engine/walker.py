"""One walk over a model for all rules, dispatching to their visit and leave methods."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.options import OptionValue
from hullcheck.engine.rule import Rule, ScriptCheckingRule
from hullcheck.engine.shellcheck import ScriptRequest
from hullcheck.model.dockerfile import OnbuildInstruction
from hullcheck.model.node import Node
from hullcheck.model.span import Span

Handler = Callable[[Rule, Node], None]  # a rule class's method, called with the instance


def walk(
    root: Node,
    rule_classes: Sequence[type[Rule]],
    path: str,
    settings: Mapping[str, Mapping[str, OptionValue]] | None = None,
    scripts: list[ScriptRequest] | None = None,
) -> list[Finding]:
    """Run fresh instances of ``rule_classes`` over ``root``; return their findings.

    ``settings`` holds checked option values by rule code; a rule not in it uses its defaults.
    ``scripts`` receives the scripts rules hand to a checker run after the walk (ShellCheck);
    without it, they are not checked (a Compose project's build of a Dockerfile, whose own lint
    checks them).

    A rule that raises is stopped for this file and reported as an internal error; the
    others go on.
    """
    rules = [rule_class(path, (settings or {}).get(rule_class.code)) for rule_class in rule_classes]
    trail: list[Node] = []  # the nodes from the root to the one being visited, for logical locations
    for rule in rules:
        rule.trail = trail
    visitors, leavers = _plan(tuple(rule_classes))
    failed: dict[int, Finding] = {}  # by the rule's index

    def dispatch(handlers: list[tuple[int, Handler]], node: Node) -> None:
        for index, handler in handlers:
            if index in failed:
                continue
            try:
                handler(rules[index], node)
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                failed[index] = _internal_error(rules[index], error, path, node)

    def visit(node: Node) -> None:
        trail.append(node)
        if handlers := visitors.get(node.kind):
            dispatch(handlers, node)
        for child in node.children():
            visit(child)
        if handlers := leavers.get(node.kind):
            dispatch(handlers, node)
        trail.pop()

    visit(root)
    if scripts is not None:
        for index, rule in enumerate(rules):
            if isinstance(rule, ScriptCheckingRule) and index not in failed:
                scripts.extend(rule.scripts)
    findings = [finding for index, rule in enumerate(rules) if index not in failed for finding in rule.findings]
    findings.extend(failed.values())
    return findings


Plan = dict[str, list[tuple[int, Handler]]]  # by node kind: the rules' indexes and their methods


@functools.lru_cache(maxsize=64)
def _plan(rule_classes: tuple[type[Rule], ...]) -> tuple[Plan, Plan]:
    """Which rules' ``visit_<kind>`` and ``leave_<kind>`` methods each kind of node calls, made
    once per set of rules: a run walks every file with the same set."""
    visitors: Plan = defaultdict(list)
    leavers: Plan = defaultdict(list)
    for index, rule_class in enumerate(rule_classes):
        for name in dir(rule_class):
            if name.startswith(("visit_", "leave_")):
                table = visitors if name.startswith("visit_") else leavers
                table[name[6:]].append((index, getattr(rule_class, name)))
        if rule_class.checks_onbuild_triggers:
            visitors[OnbuildInstruction.kind].append((index, _visit_trigger))
    return dict(visitors), dict(leavers)


def _visit_trigger(rule: Rule, node: Node) -> None:
    """An ONBUILD trigger, visited as the instruction it is, for a rule that checks them."""
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
