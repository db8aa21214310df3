"""Variable substitution as Docker does it, for Dockerfiles and Compose files alike.

``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:+alternative}``,
``${VAR+alternative}``, ``${VAR:?error}`` and ``${VAR?error}``, nested in defaults. A variable
with no value and no default makes the result :class:`Unresolved`, never an empty string, as
does nesting deeper than MAX_SUBSTITUTION_NESTING (the parsers refuse a file that has it in its
text: see :func:`hullcheck.parsers.bounds.check_interpolation`).
"""

from __future__ import annotations

from collections.abc import Callable

from hullcheck.model.span import Unresolved
from hullcheck.parsers.bounds import MAX_SUBSTITUTION_NESTING, brace_pairs, nesting_message
from hullcheck.patterns import LazyPattern

Lookup = Callable[[str], "str | None"]

_NAME = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":+", ":?", "-", "+", "?")


class _Missing(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def substitute(
    text: str,
    lookup: Lookup,
    *,
    escape: str | None = None,
    dollar_escape: bool = False,
    dequote: bool = False,
    expand: bool = True,
) -> str | Unresolved:
    """Expand the variables in ``text``.

    ``escape`` is the Dockerfile escape character (it makes the next character literal);
    ``dollar_escape`` makes ``$$`` a literal ``$`` as in Compose; ``dequote`` removes shell
    quotes as Dockerfile words do, with no expansion inside single quotes; ``expand=False``
    only removes quotes and escapes, leaving variables as written.
    """
    quoted = dequote and ("'" in text or '"' in text)
    if "$" not in text and not (escape and escape in text) and not quoted:  # nothing to expand or remove
        return text
    try:
        return _Expander(text, lookup, escape, dollar_escape, dequote, expand).run()
    except _Missing as missing:
        return Unresolved(text, missing.reason)


class _Expander:
    def __init__(
        self, text: str, lookup: Lookup, escape: str | None, dollar_escape: bool, dequote: bool, expand: bool
    ) -> None:
        self.text = text
        self.lookup = lookup
        self.escape = escape
        self.dollar_escape = dollar_escape
        self.dequote = dequote
        self.expand_variables = expand
        self.depth = 0  # of the defaults being expanded
        self.closing_braces: dict[int, int] | None = None  # found once, at the first ``${``

    def run(self) -> str:
        return self.expand(0, len(self.text), quoting=self.dequote)

    def expand(self, start: int, end: int, quoting: bool) -> str:
        if self.depth > MAX_SUBSTITUTION_NESTING:
            raise _Missing(nesting_message("substitutions", MAX_SUBSTITUTION_NESTING))
        self.depth += 1
        try:
            return self.expand_words(start, end, quoting)
        finally:
            self.depth -= 1

    def expand_words(self, start: int, end: int, quoting: bool) -> str:
        text, out, i, quote = self.text, [], start, ""
        while i < end:
            char = text[i]
            if self.escape and char == self.escape and i + 1 < end and quote != "'":
                out.append(text[i + 1])
                i += 2
            elif quoting and char in "'\"" and (not quote or quote == char):
                quote = "" if quote else char
                i += 1
            elif char == "$" and quote != "'" and self.expand_variables:
                value, i = self.dollar(i, end)
                out.append(value)
            else:
                out.append(char)
                i += 1
        return "".join(out)

    def dollar(self, i: int, end: int) -> tuple[str, int]:
        text = self.text
        following = text[i + 1] if i + 1 < end else ""
        if following == "$" and self.dollar_escape:
            return "$", i + 2
        if following == "{":
            close = self.matching_brace(i + 1, end)
            name_match = _NAME.match(text, i + 2, close)
            if not name_match:
                raise _Missing(f"invalid substitution {text[i : close + 1]!r}")
            name = name_match.group()
            rest = name_match.end()
            operator = next((op for op in _OPERATORS if text.startswith(op, rest)), None)
            if operator is None and rest != close:
                raise _Missing(f"invalid substitution {text[i : close + 1]!r}")
            word_start = rest + len(operator or "")
            return self.apply(name, operator, word_start, close), close + 1
        name_match = _NAME.match(text, i + 1, end)
        if not name_match:
            return "$", i + 1
        return self.apply(name_match.group(), None, 0, 0), name_match.end()

    def apply(self, name: str, operator: str | None, word_start: int, word_end: int) -> str:
        value = self.lookup(name)
        is_set = value is not None
        is_nonempty = bool(value)
        present = is_nonempty if operator and operator.startswith(":") else is_set
        if operator in (":-", "-"):
            return value if present and value is not None else self.expand(word_start, word_end, False)
        if operator in (":+", "+"):
            return self.expand(word_start, word_end, False) if present else ""
        if operator in (":?", "?"):
            if present and value is not None:
                return value
            message = self.text[word_start:word_end] or "is required"
            raise _Missing(f"variable {name} is not set: {message}")
        if value is None:
            raise _Missing(f"variable {name} is not set")
        return value

    def matching_brace(self, open_at: int, end: int) -> int:
        if self.closing_braces is None:
            self.closing_braces = brace_pairs(self.text)
        close = self.closing_braces.get(open_at, end)
        if close >= end:
            raise _Missing("unterminated ${ in substitution")
        return close
