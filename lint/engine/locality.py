"""Which rules are node-local: their findings on a node and the nodes below it depend on those
nodes alone (and on the rule's options, the file's path and where the walk is, which a finding's
logical location names), so a walk may reuse them for a node it met before, unchanged (see
hullcheck.engine.walker's memo, which the language server uses between versions of a document).

Derived from the rule's source, not declared: a rule is node-local when it keeps nothing
between calls and looks at nothing but the node it is called with. In its methods and those of
its bases below Rule, ``self`` is only read, and only for a method, ``path``, ``settings`` or a
class attribute that cannot change (a string, a number, a frozenset …); it defines no
``__init__`` and no ``leave_<kind>`` method (one that decides at the end of a node has looked at
others first), uses no ``global`` or ``nonlocal``, and hands no script to ShellCheck. The rule
index (hullcheck.engine.rule_index) records the answer for each rule, so a run reads no source.
"""

from __future__ import annotations

import ast
import enum
import inspect
import textwrap
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hullcheck.engine.rule import Rule

# what a node-local rule may read of its own instance: Rule's, set once when it is made
_INSTANCE_READS = frozenset({"path", "settings"})
_IMMUTABLE = (str, bytes, int, float, bool, type(None), frozenset, enum.Enum, types.MappingProxyType)
_METHODS = (types.FunctionType, staticmethod, classmethod, property)


def node_local(rule: type[Rule]) -> bool:
    """Whether ``rule`` is node-local (see the module's docs)."""
    from hullcheck.engine.rule import BestPracticeRule, Rule, ScriptCheckingRule

    if issubclass(rule, ScriptCheckingRule) or any(name.startswith("leave_") for name in dir(rule)):
        return False
    own = [cls for cls in rule.__mro__ if issubclass(cls, Rule) and cls not in (Rule, BestPracticeRule)]
    return all(_reads_only_itself(cls, rule) for cls in own)


def _reads_only_itself(cls: type, rule: type) -> bool:
    if "__init__" in vars(cls):
        return False
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Global | ast.Nonlocal):
            return False
        if not (isinstance(node, ast.Name) and node.id == "self"):
            continue
        parent = parents.get(node)
        if not isinstance(parent, ast.Attribute) or not isinstance(parent.ctx, ast.Load):
            return False  # ``self`` handed on, or an attribute set or deleted
        if isinstance(parents.get(parent), ast.Attribute | ast.Subscript) and _assigned(parent, parents):
            return False  # ``self.found[key] = …``, ``self.counts.total += 1``
        if not _readable(rule, parent.attr):
            return False
    return True


def _assigned(attribute: ast.Attribute, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether an expression starting at ``self.<attribute>`` is the target of a store."""
    node: ast.AST = attribute
    while isinstance(parent := parents.get(node), ast.Attribute | ast.Subscript) and parent.value is node:
        if not isinstance(parent.ctx, ast.Load):
            return True
        node = parent
    return False


def _readable(rule: type, name: str) -> bool:
    """Whether a node-local rule may read ``self.<name>``."""
    value = inspect.getattr_static(rule, name, _MISSING)
    if value is _MISSING:
        return name in _INSTANCE_READS
    if isinstance(value, _METHODS):
        return True
    if isinstance(value, tuple):
        return all(isinstance(item, _IMMUTABLE) for item in value)
    return isinstance(value, _IMMUTABLE) or name in _metadata()


def _metadata() -> frozenset[str]:
    """The class attributes Rule declares (its code, severity, RuleInfo …): set once per class."""
    from hullcheck.engine.rule import Rule

    return frozenset(name for name, declared in Rule.__annotations__.items() if str(declared).startswith("ClassVar"))


_MISSING = object()
