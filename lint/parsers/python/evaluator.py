"""What the library adapters read a Python module through: its expressions, evaluated without
running anything.

An :class:`Evaluator` knows the module's syntax tree and libcst's metadata on it (positions,
qualified names, scopes, parents), and:

- follows a name through simple assignments: a name assigned once in its scope (or at module
  level), and ``self.<name>`` assigned once in its class;
- reads literal strings, f-strings, numbers, ``+`` and implicit concatenation as texts (with the
  exact span of each character of a string written as is), lists, tuples and sets as their
  items, dicts as their pairs, ``True``/``False``/``None`` and integers as truths;
- knows which engine object an expression holds (a Docker SDK client, python-on-whales'
  ``docker`` …) from the :class:`Objects` the adapters declare, through attributes and names.

Anything else is :class:`Unresolved`, written ``${expression}``, and never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import libcst as cst
from libcst.metadata import (
    Assignment,
    CodeRange,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from hullcheck.model.container import MaybeText
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.docker_cli import Argument, exact_span, whole_span
from hullcheck.records import Record, field

_REASON = "a Python expression hullcheck does not evaluate"
_MAX_DEPTH = 8  # names followed through assignments, one to the next


class Objects(Record, frozen=True, slots=True):
    """The engine objects libraries make, each known by a kind (``"sdk"`` for a docker-py client,
    ``"whales-image"`` for python-on-whales' ``docker.image`` …), so that a method call is read by
    what it is called on."""

    instances: Mapping[str, str] = field(default_factory=dict)  # a module-level object's qualified name -> kind
    constructors: Mapping[str, str] = field(default_factory=dict)  # a callable's qualified name -> kind it returns
    attributes: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (kind, attribute) -> its kind


class Evaluator(cst.MetadataDependent):
    """A module's expressions. Its metadata is read while ``evaluator.resolve(wrapper)`` holds."""

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def __init__(self, module: cst.Module, objects: Objects) -> None:
        super().__init__()
        self.module = module
        self.objects = objects
        collected = _Collector()
        module.visit(collected)
        self.values = collected.values
        self.self_values = collected.self_values
        self.calls = collected.calls  # every call in the module, in source order
        self.imported = collected.imported  # the top-level package of every module it imports

    # metadata

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self.get_metadata(PositionProvider, node)
        assert isinstance(code_range, CodeRange)
        return Span(code_range.start.line, code_range.start.column + 1, code_range.end.line, code_range.end.column + 1)

    def qualified(self, node: cst.CSTNode) -> set[str]:
        return {name.name for name in self.get_metadata(QualifiedNameProvider, node, set())}

    def code(self, node: cst.CSTNode, limit: int = 60) -> str:
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        found = self.get_metadata(ParentNodeProvider, node, None)
        return found if isinstance(found, cst.CSTNode) else None

    # following names

    def follow(self, node: cst.BaseExpression, depth: int = 0) -> cst.BaseExpression:
        """The expression a name (or ``self.<name>``) holds, when it is assigned once; else itself."""
        if depth >= _MAX_DEPTH:
            return node
        if isinstance(node, cst.Name):
            assignments = self._assignments_of(node)
            if len(assignments) == 1 and isinstance(assignments[0], Assignment):
                value = self.values.get(assignments[0].node)
                if value is not None and value is not node:
                    return self.follow(value, depth + 1)
        elif _is_self_attribute(node):
            assert isinstance(node, cst.Attribute)
            owner = self._enclosing_class(node)
            values = self.self_values.get((owner, node.attr.value), []) if owner is not None else []
            if len(values) == 1:
                return self.follow(values[0], depth + 1)
        return node

    def _assignments_of(self, name: cst.Name) -> list[object]:
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        return list(scope[name.value])

    def _enclosing_class(self, node: cst.CSTNode) -> cst.ClassDef | None:
        current = self.parent(node)
        while current is not None and not isinstance(current, cst.ClassDef):
            current = self.parent(current)
        return current

    def uses(self, name: cst.Name) -> list[cst.Name]:
        """Where the name assigned here is read, in source order."""
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        found: list[cst.Name] = []
        for assignment in scope[name.value]:
            if isinstance(assignment, Assignment) and assignment.node is name:
                found.extend(access.node for access in assignment.references if isinstance(access.node, cst.Name))
        return sorted(found, key=self.span)

    def chained(self, call: cst.Call) -> Iterator[cst.Call]:
        """The method calls made on the object ``call`` makes: chained on it, then on the names
        that hold it, in source order."""
        top: cst.CSTNode = call
        for method in self.chained_on(call):
            yield method
            top = method
        holder = self.parent(top)
        names: list[cst.BaseExpression] = []
        if isinstance(holder, cst.Assign):
            names = [target.target for target in holder.targets]
        elif isinstance(holder, cst.WithItem) and holder.asname is not None:
            names = [holder.asname.name]
        for name in names:
            for use in self.uses(name) if isinstance(name, cst.Name) else []:
                yield from self.chained_on(use)

    def chained_on(self, node: cst.CSTNode) -> Iterator[cst.Call]:
        """``node.a(…).b(…)``: the calls of methods on ``node``, each on what the last returned."""
        top = node
        while True:
            attribute = self.parent(top)
            method = self.parent(attribute) if isinstance(attribute, cst.Attribute) else None
            if not isinstance(method, cst.Call) or method.func is not attribute:
                return
            yield method
            top = method

    def object_of(self, node: cst.BaseExpression, depth: int = 0) -> str | None:
        """The kind of engine object ``node`` holds, if any (see :class:`Objects`)."""
        if depth >= _MAX_DEPTH:
            return None
        instance = _kind_named(self.objects.instances, self.qualified(node))
        if instance is not None:
            return instance
        target = self.follow(node)
        if target is not node:
            return self.object_of(target, depth + 1)
        if isinstance(node, cst.Call):
            return _kind_named(self.objects.constructors, self.qualified(node.func))
        if isinstance(node, cst.Attribute):
            owner = self.object_of(node.value, depth + 1)
            return self.objects.attributes.get((owner, node.attr.value)) if owner is not None else None
        return None

    # values

    def word(self, node: cst.BaseExpression, splits: bool = False) -> Argument:
        """A string as one command-line word; anything else is unknown, written ``${…}``."""
        span = self.span(node)
        target = self.follow(node)
        if isinstance(target, cst.SimpleString) and not splits:
            value = target.evaluated_value
            text = value if isinstance(value, str) else value.decode("utf-8", "replace")
            if target is node and target.raw_value == text:
                start = self.span(target)
                span_of = exact_span(start, text, len(target.prefix) + len(target.quote))
                return Argument(text, span, span_of, exact=True)
            return Argument(text, span, whole_span(span))
        if (number := _number(target)) is not None and not splits:
            return Argument(number, span, whole_span(span))
        if isinstance(target, (cst.FormattedString, cst.ConcatenatedString, cst.BinaryOperation)) and not splits:
            text, unknown = self.text_of(target)
            return Argument(text, span, whole_span(span), unknown, reason=_REASON)
        if isinstance(target, cst.Call) and self.qualified(target.func) & {"os.path.expanduser", "builtins.str"}:
            inner = argument(target, 0, "path")
            if inner is not None:
                found = self.word(inner)
                return Argument(found.text, span, whole_span(span), found.unknown, reason=found.reason)
        return Argument(f"${{{self.code(node)}}}", span, whole_span(span), True, splits, _REASON)

    def text_of(self, node: cst.BaseExpression, depth: int = 0) -> tuple[str, bool]:
        """A string expression's text, and whether a part of it is unknown (written ``${…}``)."""
        target = self.follow(node) if depth < _MAX_DEPTH else node
        if isinstance(target, cst.SimpleString):
            value = target.evaluated_value
            return (value if isinstance(value, str) else value.decode("utf-8", "replace")), False
        if (number := _number(target)) is not None:
            return number, False
        if isinstance(target, cst.ConcatenatedString) or (
            isinstance(target, cst.BinaryOperation) and isinstance(target.operator, cst.Add)
        ):
            left, left_unknown = self.text_of(target.left, depth + 1)
            right, right_unknown = self.text_of(target.right, depth + 1)
            return left + right, left_unknown or right_unknown
        if isinstance(target, cst.FormattedString):
            parts: list[str] = []
            unknown = False
            for part in target.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(part.value.replace("{{", "{").replace("}}", "}"))
                elif isinstance(part, cst.FormattedStringExpression):
                    inner, inner_unknown = self.text_of(part.expression, depth + 1)
                    parts.append(inner)
                    unknown |= inner_unknown
            return "".join(parts), unknown
        return f"${{{self.code(node)}}}", True

    def text(self, node: cst.BaseExpression) -> MaybeText:
        return self.word(node).located()

    def boolean(self, arg: cst.Arg) -> Located[bool | Unresolved]:
        """A keyword argument's truth, located at the whole ``name=value``."""
        return self.truth(arg.value, self.span(arg))

    def truth(self, node: cst.BaseExpression, span: Span) -> Located[bool | Unresolved]:
        target = self.follow(node)
        if isinstance(target, cst.Name) and target.value in ("True", "False", "None"):
            return Located(target.value == "True", span)
        if isinstance(target, cst.Integer):
            return Located(int(target.value, 0) != 0, span)
        return Located(Unresolved(self.code(node), _REASON), span)

    def is_none(self, node: cst.BaseExpression) -> bool:
        target = self.follow(node)
        return isinstance(target, cst.Name) and target.value == "None"

    def elements(self, node: cst.BaseExpression) -> list[cst.BaseExpression] | None:
        """The items of a list, tuple or set literal (a name holding one is followed); None when
        it is not one or holds a ``*starred`` item."""
        target = self.follow(node)
        if not isinstance(target, (cst.List, cst.Tuple, cst.Set)):
            return None
        if any(isinstance(element, cst.StarredElement) for element in target.elements):
            return None
        return [element.value for element in target.elements]

    def entries(self, node: cst.BaseExpression) -> list[tuple[cst.BaseExpression, cst.BaseExpression]] | None:
        """The ``key: value`` pairs of a dict literal (a name holding one is followed); None when
        it is not one or holds a ``**spread``."""
        target = self.follow(node)
        if not isinstance(target, cst.Dict):
            return None
        if any(isinstance(element, cst.StarredDictElement) for element in target.elements):
            return None
        return [(element.key, element.value) for element in target.elements if isinstance(element, cst.DictElement)]

    def key_text(self, key: cst.BaseExpression) -> str | None:
        target = self.follow(key)
        if isinstance(target, cst.SimpleString):
            value = target.evaluated_value
            return value if isinstance(value, str) else None
        if isinstance(target, cst.Integer):
            return target.value
        return None


def argument(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    """The argument given by keyword, or at ``position`` among the positional ones."""
    found = keyword_argument(call, keyword)
    if found is not None:
        return found.value
    if position is None:
        return None
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    starred = any(arg.star == "*" for arg in call.args if arg.keyword is None)
    if position < len(positional) and not starred:
        return positional[position].value
    return None


def keyword_argument(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


class _Collector(cst.CSTVisitor):
    """One walk over the module: the values names are assigned, the calls, the imports."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[cst.CSTNode, cst.BaseExpression] = {}  # an assigned name -> the value
        self.self_values: dict[tuple[cst.ClassDef, str], list[cst.BaseExpression]] = {}
        self.classes: list[cst.ClassDef] = []
        self.calls: list[cst.Call] = []
        self.imported: set[str] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.assigned(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.assigned(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.assigned(node.asname.name, node.item)

    def assigned(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.values[target] = value
        elif _is_self_attribute(target) and self.classes:
            assert isinstance(target, cst.Attribute)
            self.self_values.setdefault((self.classes[-1], target.attr.value), []).append(value)

    def visit_Import(self, node: cst.Import) -> None:
        self.imported.update(_root_module(alias.name) for alias in node.names)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None:
            self.imported.add(_root_module(node.module))

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _kind_named(kinds: Mapping[str, str], names: set[str]) -> str | None:
    """The kind of the first object in ``kinds`` that one of ``names`` names (a name bound in
    several ways has several qualified names)."""
    return next((kind for name, kind in kinds.items() if name in names), None)


def _number(node: cst.BaseExpression) -> str | None:
    """``8080``, ``0.5``, ``-1`` as written."""
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _number(node.expression)
        return f"-{inner}" if inner is not None else None
    return None


def _is_self_attribute(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def _root_module(node: cst.BaseExpression) -> str:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""
