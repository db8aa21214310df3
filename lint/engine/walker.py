"""One walk over a model for all rules, dispatching to their visit and leave methods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.options import OptionValue
from hullcheck.engine.rule import Rule
from hullcheck.model.node import Node
from hullcheck.model.span import Span

Handler = Callable[[Node], None]


def walk(
    root: Node,
    rule_classes: Sequence[type[Rule]],
    path: str,
    settings: Mapping[str, Mapping[str, OptionValue]] | None = None,
) -> list[Finding]:
    """Run fresh instances of ``rule_classes`` over ``root``; return their findings.

    ``settings`` holds checked option values by rule code; a rule not in it uses its defaults.

    A rule that raises is stopped for this file and reported as an internal error; the
    others go on.
    """
    rules = [rule_class(path, (settings or {}).get(rule_class.code)) for rule_class in rule_classes]
    trail: list[Node] = []  # the nodes from the root to the one being visited, for logical locations
    for rule in rules:
        rule.trail = trail
    visitors: dict[str, list[tuple[Rule, Handler]]] = defaultdict(list)
    leavers: dict[str, list[tuple[Rule, Handler]]] = defaultdict(list)
    for rule in rules:
        for attribute in _handler_names(type(rule)):
            table = visitors if attribute.startswith("visit_") else leavers
            table[attribute[6:]].append((rule, getattr(rule, attribute)))
    failed: dict[Rule, Finding] = {}

    def dispatch(handlers: list[tuple[Rule, Handler]], node: Node) -> None:
        for rule, handler in handlers:
            if rule in failed:
                continue
            try:
                handler(node)
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                failed[rule] = _internal_error(rule, error, path, node)

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
    findings = [finding for rule in rules if rule not in failed for finding in rule.findings]
    findings.extend(failed.values())
    return findings


_HANDLER_NAMES: dict[type[Rule], tuple[str, ...]] = {}


def _handler_names(rule_class: type[Rule]) -> tuple[str, ...]:
    """The rule's ``visit_<kind>`` and ``leave_<kind>`` methods: found once per class."""
    if rule_class not in _HANDLER_NAMES:
        _HANDLER_NAMES[rule_class] = tuple(name for name in dir(rule_class) if name.startswith(("visit_", "leave_")))
    return _HANDLER_NAMES[rule_class]


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
