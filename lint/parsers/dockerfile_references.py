"""The variables a Dockerfile instruction names in the words Docker expands, and a FROM's base
as the ARG defaults alone make it.

BuildKit replaces variables in the words of ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL,
USER, VOLUME and WORKDIR, in ARG defaults and in instruction flags (``COPY --chown``, ``RUN
--mount``, ``FROM --platform``); RUN, CMD and ENTRYPOINT leave their command to the shell (or
run it without one), and ONBUILD's instruction is expanded in the build that triggers it.
"""

from __future__ import annotations

from collections.abc import Sequence

from hullcheck.model.build_variables import AUTOMATIC_PLATFORM_ARGS
from hullcheck.model.dockerfile import ArgInstruction, Flag
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.variables import substitute

# instructions whose every word is expanded (ARG: its defaults; FROM: its base, not AS <name>)
EXPANDED_INSTRUCTIONS = frozenset({"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})
# instructions some of whose words after the flags are expanded (the others: only their flags)
WORDS_EXPANDED = EXPANDED_INSTRUCTIONS | {"ARG", "FROM"}
# instructions whose flags are expanded
_EXPANDED_FLAGS = frozenset({"ADD", "COPY", "RUN", "FROM"})
_FROM_FLAGS = frozenset({"platform"})


def referenced_names(text: str, escape: str) -> list[str]:
    """The variables ``text`` (one Dockerfile word, quotes and escapes as written) refers to, in
    order: ``$A``, ``${A}``, ``${A:-$B}`` (A and B); none inside single quotes or escaped."""
    if "$" not in text:
        return []
    names: list[str] = []

    def record(name: str) -> str:
        names.append(name)
        return ""  # empty, so a default is read for the names it holds too

    substitute(text, record, escape=escape, dequote=True)
    return names


def instruction_references(
    keyword: str, flags: Sequence[Flag], words: Sequence[Located[str]], escape: str
) -> list[Located[str]]:
    """The variables the words Docker expands in the instruction ``keyword`` refer to, each at
    the word (or flag value) it is in. ``words`` are the words after the flags, as written."""
    found: list[Located[str]] = []
    if keyword in _EXPANDED_FLAGS:
        for flag in flags:
            if keyword != "FROM" or flag.name in _FROM_FLAGS:
                found.extend(_located(flag.value.value, flag.value.span, escape))
    if keyword == "FROM":
        expanded = list(words[:1])
    elif keyword == "ARG":
        expanded = [word for word in words if "=" in word.value]
    elif keyword in EXPANDED_INSTRUCTIONS:
        expanded = list(words)
    else:
        expanded = []
    for word in expanded:
        found.extend(_located(word.value, word.span, escape, skip=word.value.find("=") + 1 if keyword == "ARG" else 0))
    return found


def _located(text: str, span: Span, escape: str, skip: int = 0) -> list[Located[str]]:
    """The references in ``text`` (written at ``span``, from offset ``skip``), each at its
    ``$NAME`` or ``${NAME`` where the text is written on one line, else at the whole span."""
    found: list[Located[str]] = []
    cursor = skip
    exact = span.line == span.end_line and span.end_column - span.column == len(text)
    for name in referenced_names(text[skip:], escape):
        at = min((i for i in (text.find(f"${name}", cursor), text.find(f"${{{name}", cursor)) if i >= 0), default=-1)
        if not exact or at < 0:
            found.append(Located(name, span))
            continue
        width = len(name) + (2 if text.startswith("${", at) else 1)
        found.append(Located(name, span.at(span.line, span.column + at, span.line, span.column + at + width)))
        cursor = at + width
    return found


def default_base(written: str, global_args: Sequence[ArgInstruction], escape: str) -> str | Unresolved:
    """A FROM's base as a build without build args makes it, as BuildKit's
    InvalidDefaultArgInFrom check does: each global ARG its default (expanded with those before
    it), the automatic platform ARGs theirs, and a variable with neither is empty."""
    values = dict(AUTOMATIC_PLATFORM_ARGS)
    for instruction in global_args:
        for declaration in instruction.declarations:
            if declaration.value is not None:
                value = substitute(declaration.value.value, lambda name: values.get(name, ""), escape=escape)
                values[declaration.name.value] = value if isinstance(value, str) else ""
    return substitute(written, lambda name: values.get(name, ""), escape=escape, dequote=True)
