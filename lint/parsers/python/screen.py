"""What CPython's own parser checks before libcst parses a module.

It rejects invalid code with its own message, and code nested so deep that libcst's native
parser would overflow its stack and crash the process (a chain of 10,000 ``+`` does), which
CPython reports as an error or which goes past MAX_NESTING. It also finds the modules that call
nothing that could start a container, which are done with before libcst, ten times slower,
parses them.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Collection

from hullcheck.model.span import Span
from hullcheck.parsers.python.library import Family
from hullcheck.parsers.source import ParseProblem

MAX_NESTING = 500  # syntax tree levels; libcst's native parser crashed from about 1,300 (nested parentheses)


def checked_tree(text: str) -> ast.Module:
    """The module's syntax tree; ParseProblem when it is not valid Python or nested too deeply."""
    try:
        with warnings.catch_warnings():  # invalid escape sequences and the like are not ours to report
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        line = error.lineno or 1
        raise ParseProblem(Span.point(line, max(error.offset or 1, 1)), f"not valid Python: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ParseProblem(Span.point(1), "file is nested too deeply to parse") from None
    levels: list[tuple[ast.AST, int]] = [(tree, 0)]
    while levels:  # iterative: a deep tree must not exhaust Python's own stack here
        node, depth = levels.pop()
        if depth > MAX_NESTING:
            line = getattr(node, "lineno", 1)
            raise ParseProblem(
                Span.point(line), f"nested more than {MAX_NESTING} levels deep: too deep to parse safely"
            )
        levels.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


def calls_a_candidate(tree: ast.Module, names: Collection[str], families: Collection[Family]) -> bool:
    """Whether the module calls a function or method by one of ``names`` (the last part of
    ``a.b.name(…)``), or a class of one of ``families``: names alone, before imports are resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in names or any(family.named(name) for family in families):
                return True
    return False
