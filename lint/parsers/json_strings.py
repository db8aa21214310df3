"""JSON's strings (RFC 8259), and whole texts that are an array of them: what both of hullcheck's
JSON readers share. hullcheck.parsers.jsonc reads ``devcontainer.json`` with their escapes; a
Dockerfile's exec form (``CMD ["nginx", "-g", "daemon off;"]``) is such an array, as BuildKit
reads it with Go's ``json.Unmarshal``: anything else (a nested array, a number, a trailing
comma, text after the ``]``) makes the line a shell form.

Not :mod:`json`: its import compiles five patterns of its own, 4.4 M of the 221 M instructions
of a cold one-Dockerfile run (tests/bench/cold_profile.py); these two are compiled at first use.
"""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.patterns import LazyPattern

_SPACE = " \t\n\r"  # JSON's whitespace: not every character str.isspace takes
# one character or escape at a time: a failed match never tries another split of the same text
_STRING_LITERAL = LazyPattern(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_ESCAPE = LazyPattern(r"\\(?:u([0-9a-fA-F]{4})|([\"\\/bfnrt]))")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def read_escape(written: str, index: int) -> tuple[str, int] | None:
    """The character the escape at ``written[index]`` (a backslash) stands for, and the index
    after it; None when no valid escape starts there. A ``\\u`` high surrogate followed by a
    low one is one character; a lone surrogate is no character of UTF-8 text, so U+FFFD stands
    in, as Go's decoder (Docker's) and jsonc-parser (VS Code's) read it."""
    escape = _ESCAPE.match(written, index)
    if escape is None:
        return None
    code = escape.group(1)
    if code is None:
        return _SIMPLE_ESCAPES[escape.group(2)], escape.end()
    unit = int(code, 16)
    low = _ESCAPE.match(written, escape.end()) if 0xD800 <= unit < 0xDC00 else None
    if low is not None and low.group(1) is not None and 0xDC00 <= int(low.group(1), 16) < 0xE000:
        return chr(0x10000 + ((unit - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)), low.end()
    return (chr(unit) if not 0xD800 <= unit < 0xE000 else "\ufffd"), escape.end()


class InvalidEscape(ValueError):
    """A backslash in a string literal that starts no valid escape, at ``index`` in the literal."""

    def __init__(self, index: int) -> None:
        super().__init__(f"invalid escape at {index}")
        self.index = index


def string_characters(written: str) -> Iterator[tuple[int, str]]:
    """Each character of the string literal ``written`` (its quotes included) with the index in
    ``written`` it is written at (an escape's backslash); InvalidEscape at a backslash that
    starts no valid escape."""
    index = 1
    while index < len(written) - 1:
        if written[index] != "\\":
            yield index, written[index]
            index += 1
            continue
        escaped = read_escape(written, index)
        if escaped is None:
            raise InvalidEscape(index)
        yield index, escaped[0]
        index = escaped[1]


def string_value(written: str) -> str:
    """The value of the string literal ``written`` (its quotes included), whose escapes are valid."""
    if "\\" not in written:
        return written[1:-1]
    return "".join(char for _, char in string_characters(written))


def string_array(text: str) -> list[tuple[str, int, int]] | None:
    """The strings of ``text`` when all of it is one JSON array of strings (whitespace around
    it too), each with the offsets its literal starts and ends at; None for any other text.
    Read token by token: one pattern for the whole array was 2 M instructions to compile."""
    index = _after_space(text, 0)
    if not text.startswith("[", index):
        return None
    index = _after_space(text, index + 1)
    if text.startswith("]", index):
        return [] if _ends_array(text, index) else None
    strings: list[tuple[str, int, int]] = []
    while literal := _STRING_LITERAL.match(text, index):
        strings.append((string_value(literal.group()), literal.start(), literal.end()))
        index = _after_space(text, literal.end())
        if not text.startswith(",", index):
            return strings if _ends_array(text, index) else None
        index = _after_space(text, index + 1)
    return None


def _ends_array(text: str, index: int) -> bool:
    """Whether the array closes at ``index`` with only whitespace after it."""
    return text.startswith("]", index) and _after_space(text, index + 1) == len(text)


def _after_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index
