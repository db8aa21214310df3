"""Bounds on nesting and size, checked before any recursive or costly code sees the input.

Every nested syntax hullcheck reads is refused past a bound: YAML, JSON and TOML past
:data:`MAX_NESTING` levels, shell substitutions and ``${…}`` interpolation past
:data:`MAX_SUBSTITUTION_NESTING`. Real files nest a dozen levels at most; the bounds are far
below where recursion hurts: ruamel.yaml's C composer recurses on the C
stack and kills the process with SIGSEGV at about 30,000 levels, ``json`` and ``tomllib`` raise
RecursionError at about 1,000, and a deeper document costs work for every level it has.
"""

from __future__ import annotations

import re

from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

MAX_NESTING = 256  # levels of nested collections (YAML, JSON, TOML)
# services in a chain of Compose ``extends`` (one extending the next, in a file or across files):
# real projects use 1 to 3, Compose sets no limit; each level beyond is a file read and a merge
# for every project whose services reach it
MAX_EXTENDS_DEPTH = 32
# ``$(…)`` in one another, ``${…}`` in one another's defaults: each level is a few Python frames
MAX_SUBSTITUTION_NESTING = 64
# distinct YAML nodes; aliases are never expanded, so this bounds all work (the largest corpus
# Compose file has a few thousand)
MAX_YAML_NODES = 250_000
# values in a JSON document read with positions (hullcheck.parsers.jsonc): each is a node kept in
# memory; a configuration file has a few hundred
MAX_JSON_VALUES = 250_000

# Whatever nests in YAML starts with one of these: a flow collection with its bracket, a block
# collection at the column after its line's indentation and indicators (``- ``, ``? ``, ``: ``).
# Everything that starts a line for YAML ends the one before (a BOM may open a document).
_BLOCK_PREFIX = LazyPattern("(?:^|[\n\r\x85\u2028\u2029])([ \t?:\\-\ufeff]*)")
_BRACE = LazyPattern(r"[{}]")
_INTERPOLATION_BRACE = LazyPattern(r"\$?\{|\}")
# a string (its brackets do not count; plain runs in one step: a 10 MB message takes 0.7 s), or a bracket
_JSON_TOKEN = LazyPattern(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]', re.DOTALL)
_TOML_TOKEN = LazyPattern(
    r"""#[^\n]*|\"\"\"(?:[^\\]|\\.)*?(?:\"\"\"|$)|'''.*?(?:'''|$)|"(?:[^"\\\n]+|\\.)*"?|'[^'\n]*'?|[\[\]{}]""",
    re.DOTALL,
)


class BoundExceeded(Exception, Record, eq=False):  # not frozen: raising through a context manager sets __traceback__
    """Input past a bound; ``line`` and ``column`` (1-based) say where it is crossed."""

    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return self.message


def nesting_message(what: str, limit: int = MAX_NESTING) -> str:
    return f"{what} nested more than {limit:,} levels deep; not checked"


def check_yaml(yaml: Any, text: str) -> None:
    """Raise BoundExceeded for YAML nested deeper than MAX_NESTING or with more than
    MAX_YAML_NODES nodes, at the line where the bound is crossed; counted on the parser's event
    stream, which never recurses, and only for text that may cross a bound at all."""
    nodes_possible = sum(text.count(char) for char in ",\n:[{-") > MAX_YAML_NODES
    if not nodes_possible and _yaml_depth_at_most(text) <= MAX_NESTING:
        return
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent

    nodes = depth = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                raise BoundExceeded(nesting_message("YAML"), mark.line + 1, mark.column + 1)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            continue
        elif not isinstance(event, ScalarEvent):
            continue
        nodes += 1
        if nodes > MAX_YAML_NODES:
            mark = event.start_mark
            raise BoundExceeded(
                f"YAML has more than {MAX_YAML_NODES:,} nodes; not checked", mark.line + 1, mark.column + 1
            )


def _yaml_depth_at_most(text: str) -> int:
    """An upper bound of the nesting of the YAML ``text``, cheap to compute.

    A flow collection needs a bracket. A block collection nested in another starts at a greater
    column, or at the same column only for a sequence that is a mapping's value, whose entries
    then start two columns further; and it starts right after its line's indentation and
    indicators. So block nesting is at most twice the longest such line prefix, plus one."""
    prefix = max((len(match.group(1)) for match in _BLOCK_PREFIX.finditer(text)), default=0)
    return text.count("[") + text.count("{") + 2 * (prefix + 1)


def brace_pairs(text: str) -> dict[int, int]:
    """The offset of the ``}`` that closes each ``{`` of ``text`` (by count alone), in one pass."""
    closing: dict[int, int] = {}
    opened: list[int] = []
    for brace in _BRACE.finditer(text):
        if brace.group() == "{":
            opened.append(brace.start())
        elif opened:
            closing[opened.pop()] = brace.start()
    return closing


def check_interpolation(text: str) -> None:
    """Raise BoundExceeded where ``${…}`` nests in another's default deeper than
    MAX_SUBSTITUTION_NESTING, braces matched as Docker and Compose match them: by count alone."""
    if text.count("${") <= MAX_SUBSTITUTION_NESTING:  # the usual case, without a scan
        return
    enclosing: list[bool] = []  # for each open brace: whether it opened a ``${``
    depth = 0
    for brace in _INTERPOLATION_BRACE.finditer(text):
        if brace.group() == "}":
            if enclosing and enclosing.pop():
                depth -= 1
            continue
        opens_substitution = brace.group() == "${"
        enclosing.append(opens_substitution)
        if opens_substitution:
            depth += 1
            if depth > MAX_SUBSTITUTION_NESTING:
                _raise_at(text, brace.start(), nesting_message("${…} substitutions", MAX_SUBSTITUTION_NESTING))


def check_json(text: str, limit: int = MAX_NESTING) -> None:
    """Raise BoundExceeded when the JSON ``text`` nests arrays and objects deeper than ``limit``
    (brackets inside strings do not count)."""
    _check_brackets(_JSON_TOKEN, text, limit, "JSON")


def check_toml(text: str) -> None:
    """Raise BoundExceeded when the TOML ``text`` nests arrays and inline tables deeper than
    MAX_NESTING (brackets in strings and comments do not count; a table header is one level)."""
    _check_brackets(_TOML_TOKEN, text, MAX_NESTING, "TOML")


def _check_brackets(tokens: LazyPattern[str], text: str, limit: int, what: str) -> None:
    if text.count("[") + text.count("{") <= limit:  # the usual case, without a scan
        return
    depth = 0
    for token in tokens.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > limit:
                _raise_at(text, token.start(), nesting_message(what, limit))
        elif bracket in ("]", "}"):
            depth = max(depth - 1, 0)


def _raise_at(text: str, offset: int, message: str) -> NoReturn:
    line = text.count("\n", 0, offset) + 1
    raise BoundExceeded(message, line, offset - text.rfind("\n", 0, offset))
