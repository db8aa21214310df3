"""The ``.env`` file Compose reads for interpolation, parsed as Compose does."""

from __future__ import annotations

import re

from hullcheck.model.span import Unresolved
from hullcheck.parsers.variables import substitute

_ASSIGNMENT = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:[=:]\s?(.*))?$")
_DOUBLE_QUOTE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def parse_dotenv(text: str) -> dict[str, str]:
    """Variables of a ``.env`` file. Values refer to earlier variables with ``${VAR}``.

    A line that is not an assignment is skipped: Compose warns and goes on.
    """
    return {name: value for name, (value, _line) in dotenv_entries(text).items()}


def dotenv_entries(text: str) -> dict[str, tuple[str, int]]:
    """Like :func:`parse_dotenv`, with the line each variable is set on."""
    values: dict[str, str] = {}
    lines_set: dict[str, int] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if not match:
            continue
        name, raw = match.group(1), (match.group(2) or "").strip()
        lines_set[name] = index
        if raw[:1] in ("'", '"') and raw.count(raw[0]) == 1:  # a quoted value over several lines
            start = index
            while index < len(lines) and raw[0] not in lines[index]:
                index += 1
            index = min(index + 1, len(lines))  # the line that closes the quote, if there is one
            raw = "\n".join([raw, *lines[start:index]])  # joined once: an unclosed quote may run to the end
        values[name] = _value(raw, values)
    return {name: (value, lines_set[name]) for name, value in values.items()}


def _value(raw: str, known: dict[str, str]) -> str:
    if raw.startswith("'"):
        return raw[1 : raw.find("'", 1)] if raw.find("'", 1) != -1 else raw[1:]
    if raw.startswith('"'):
        out: list[str] = []
        i = 1
        while i < len(raw) and raw[i] != '"':
            if raw[i] == "\\" and i + 1 < len(raw):
                out.append(_DOUBLE_QUOTE_ESCAPES.get(raw[i + 1], "\\" + raw[i + 1]))
                i += 2
                continue
            out.append(raw[i])
            i += 1
        return _interpolate("".join(out), known)
    comment = re.search(r"\s#", raw)
    return _interpolate(raw[: comment.start()] if comment else raw, known)


def _interpolate(value: str, known: dict[str, str]) -> str:
    result = substitute(value, known.get)
    return value if isinstance(result, Unresolved) else result
