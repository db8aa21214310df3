"""One walk over a model for all rules, dispatching to their visit and leave methods."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.options import OptionValue
from hullcheck.engine.registry import ONBUILD_KIND, IndexedRule, RuleSource, visited_kinds
from hullcheck.model.node import Node
from hullcheck.model.span import Span
from hullcheck.model.versions import LastVersion

TYPE_CHECKING = False
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
    memo: WalkMemo | None = None,
) -> list[Finding]:
    """Run fresh instances of ``rules`` over ``root``; return their findings.

    A rule given by its index entry is imported when a node it visits is first walked, and
    made (as a rule given as a class) when it is first called: a rule that visits nothing in
    this model costs nothing.

    ``settings`` holds checked option values by rule code; a rule not in it uses its defaults.
    ``scripts`` receives the scripts rules hand to a checker run after the walk (ShellCheck);
    without it, they are not checked (a Compose project's build of a Dockerfile, whose own lint
    checks them).

    ``memo``: the findings of the last walk of another version of the document, reused for the
    nodes it left as they were (see WalkMemo); the language server's.

    A rule that raises is stopped for this file and reported as an internal error; the
    others go on.
    """
    plan = _plan(tuple(rules))
    made: list[Rule | None] = [None] * len(rules)
    trail: list[Node] = []  # the nodes from the root to the one being visited, for logical locations
    failed: dict[int, Finding] = {}  # by the rule's index
    # with a memo: the findings of node-local rules, in the order they are reported, with the rule's index
    journal: list[tuple[int, Finding]] | None = [] if memo is not None else None

    def rule_at(index: int) -> Rule:
        """The rule's instance for this walk, made when it is first needed."""
        rule = made[index]
        if rule is None:
            rule_class = plan.classes[index]
            rule = made[index] = rule_class(path, (settings or {}).get(rule_class.code))
            rule.trail = trail
            if journal is not None and plan.is_local(index):
                rule.findings = _Journaled(journal, index)
        return rule

    def dispatch(handlers: list[tuple[int, Handler]], node: Node) -> None:
        for index, handler in handlers:
            if failed and index in failed:
                continue
            rule = made[index] or rule_at(index)
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

    recording = False  # a node's subtree is walked for the memo: the journal's new entries are its
    places: dict[int, Hashable] = {}  # by a node's id: the place of its children (see WalkMemo.key)

    def visit_reusing(node: Node, replayed: bool) -> None:
        """``visit`` with the memo: under a node it knows, the node-local rules are not called
        and their findings there are taken from it (``replayed`` below the node); under one it
        does not know, they are called and what they find is recorded."""
        nonlocal recording
        assert memo is not None and journal is not None
        key = memo.key(node, trail, places) if not replayed and not recording else None
        known = memo.found.known(key) if key is not None else None
        start = len(journal)
        recording = recording or (key is not None and known is None)
        trail.append(node)
        if replayed or known is not None:
            reuse = plan.reuse.get(node.kind) or plan.plan_reuse(node.kind)
            visitors, leavers = reuse.visitors, reuse.leavers
            replayed = True
        else:
            visitors, leavers = plan.handlers.get(node.kind) or plan.plan(node.kind)
        if visitors:
            dispatch(visitors, node)
        for child in node.children():
            visit_reusing(child, replayed)
        if leavers:
            dispatch(leavers, node)
        trail.pop()
        if key is None:
            return
        if known is None:
            recording = False
            if not failed:  # else a rule stopped on this subtree, or before it: not all it would find
                memo.found.keep(key, journal[start:])
            return
        for index, finding in known:
            if index not in failed:
                rule_at(index).findings.append(finding)
        memo.found.keep(key, known)

    if memo is None:
        visit(root)
    else:
        memo.start((plan, path, settings))
        visit_reusing(root, False)
        memo.found.finish()
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
        # by node kind, for a walk with a memo: the visit and leave methods of the rules that are not node-local
        self.reuse: dict[str, _Reuse] = {}
        self.local: list[bool] | None = None  # whether each rule is node-local, once a walk with a memo asks

    def is_local(self, index: int) -> bool:
        if self.local is None:
            from hullcheck.engine.locality import node_local  # reads the source of rules given as classes

            self.local = [rule.node_local if isinstance(rule, IndexedRule) else node_local(rule) for rule in self.rules]
        return self.local[index]

    def plan_reuse(self, kind: str) -> _Reuse:
        visitors, leavers = self.handlers.get(kind) or self.plan(kind)
        self.reuse[kind] = _Reuse(
            [(index, handler) for index, handler in visitors if not self.is_local(index)],
            [(index, handler) for index, handler in leavers if not self.is_local(index)],
        )
        return self.reuse[kind]

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


class _Reuse:
    """A kind's visit and leave methods of the rules that are not node-local: those a walk with
    a memo calls under a node it knows."""

    __slots__ = ("leavers", "visitors")

    def __init__(self, visitors: list[tuple[int, Handler]], leavers: list[tuple[int, Handler]]):
        self.visitors, self.leavers = visitors, leavers


class _Journaled(list["Finding"]):
    """A node-local rule's findings in a walk with a memo: each also goes to the walk's journal,
    with the rule's index, so the walk records what the rules found under a node in one slice."""

    __slots__ = ("journal", "rule_index")

    def __init__(self, journal: list[tuple[int, Finding]], rule_index: int) -> None:
        super().__init__()
        self.journal, self.rule_index = journal, rule_index

    def append(self, finding: Finding) -> None:
        super().append(finding)
        self.journal.append((self.rule_index, finding))


class WalkMemo:
    """What the node-local rules (hullcheck.engine.locality) found on the subtree of each node a
    walk of a document met that has a reuse key (Node.reuse_key), by that key and the node's
    place (its ancestors' logical names and syntax, which a finding's logical location and
    advice are made from). A walk of another version of the document takes those findings for a
    node it meets again with an equal key at the same place, instead of calling those rules on
    its subtree; the others run as always. The language server keeps one for each open
    document. It holds what the last walk met, for one set of rules, options and path."""

    def __init__(self) -> None:
        self.owner: object = None  # the walk's plan (its rules), path and options
        # by node: the node-local rules' findings on its subtree, in order, each with the rule's index in the plan
        self.found: LastVersion[list[tuple[int, Finding]]] = LastVersion()

    def start(self, owner: object) -> None:
        if owner != self.owner:
            self.owner = owner
            self.found.forget()
        self.found.start()

    def key(self, node: Node, trail: Sequence[Node], places: dict[int, Hashable]) -> Hashable | None:
        """The key of ``node``'s findings, under ``trail``; None for a node without a reuse key.
        ``places``: each parent's place, worked out once in a walk."""
        made_from = node.reuse_key()
        if made_from is None or not trail:
            return None
        place = places.get(id(trail[-1]))
        if place is None:
            place = places[id(trail[-1])] = _place(trail)
        return (made_from, place) if place is not _NOWHERE else None


_NOWHERE = object()  # the place of a node below one that adds related locations to findings below it


def _place(trail: Sequence[Node]) -> Hashable:
    """What a finding on a node below ``trail`` takes from it: its logical location's names and
    its advice's syntax (see Rule.report)."""
    if any(type(above).inherited_from is not Node.inherited_from for above in trail):
        return _NOWHERE
    from hullcheck.model.spellings import syntax_at  # loaded: the rules report with it

    return tuple(above.logical_name() for above in trail), syntax_at(trail)


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
