"""A Dockerfile's parser directives (``# syntax=…``, ``# escape=…``, ``# check=…``), read as
BuildKit reads them: the comments at the very top of the file, up to the first line that is not a
known directive (a blank line, another comment, an instruction) or a directive seen before."""

from __future__ import annotations

from collections.abc import Sequence

from hullcheck.model.dockerfile import Directive
from hullcheck.model.span import Located, Span
from hullcheck.patterns import LazyPattern

_DIRECTIVE = LazyPattern(r"\s*#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$")
_KNOWN_DIRECTIVES = {"syntax", "escape", "check"}
_CHECK_SETTING = LazyPattern(r"\s*([A-Za-z]+)\s*=([^;]*)")
_CHECK_NAME = LazyPattern(r"[^,\s]+")


def parser_directives(lines: Sequence[str]) -> tuple[list[Directive], int]:
    """The directives (names lower-cased) and the index of the first line after them."""
    directives: list[Directive] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        match = _DIRECTIVE.match(line) if "=" in line else None  # most files have none: not compiled
        name = match.group(1).lower() if match else ""
        if match is None or name not in _KNOWN_DIRECTIVES or name in seen:  # BuildKit stops at a repeat
            return directives, index
        seen.add(name)
        line_no = index + 1
        name_span = Span(line_no, match.start(1) + 1, line_no, match.end(1) + 1)
        value_span = Span(line_no, match.start(2) + 1, line_no, match.end(2) + 1)
        directives.append(Directive(Located(name, name_span), Located(match.group(2), value_span)))
    return directives, len(lines)


def skipped_checks(directive: Directive) -> tuple[Located[str], ...]:
    """The BuildKit check names a ``# check=skip=A,B;error=true`` directive skips (``all`` too),
    each with its span; none for another directive or setting."""
    if directive.name.value != "check":
        return ()
    value = directive.value
    names: list[Located[str]] = []
    for setting in _CHECK_SETTING.finditer(value.value):
        if setting.group(1).lower() != "skip":
            continue
        for name in _CHECK_NAME.finditer(setting.group(2)):
            start = value.span.column + setting.start(2) + name.start()
            span = Span(value.span.line, start, value.span.line, start + len(name.group()))
            names.append(Located(name.group(), span))
    return tuple(names)
