"""JSON with comments, as VS Code and the dev container CLI read ``devcontainer.json``, to
values that know where each of their characters is written.

The dialect is jsonc-parser's (Microsoft's, which both use): JSON (RFC 8259) plus ``//`` and
``/* */`` comments and a trailing comma before ``]`` or ``}``. A duplicate key keeps its last
value, as JavaScript does; it is reported. jsonc-parser recovers from other errors and goes on
with what it could read; hullcheck stops at the first one, with its line and column, as a
setting read from a broken file is a guess.

Written here rather than taken from PyPI: json5/pyjson5/commentjson give no positions, json-five
gives nodes with positions but reads JSON5 (a wider language: single quotes, bare keys, hex
numbers) through a recursive model, and tree-sitter-json refuses trailing commas and recovers
from errors instead of reporting them. This reader is one regular expression for the tokens and
a loop with an explicit stack: nesting is bounded by MAX_NESTING and the number of values by
MAX_JSON_VALUES (see hullcheck.parsers.bounds), never by Python's recursion limit or the C stack.
"""

from __future__ import annotations

import bisect
import re

from hullcheck.model.span import Span
from hullcheck.parsers.bounds import MAX_JSON_VALUES, MAX_NESTING, nesting_message
from hullcheck.parsers.json_strings import InvalidEscape, string_characters
from hullcheck.parsers.source import ParseProblem
from hullcheck.records import Record, field

_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
    |(?P<comment>//[^\n]*|/\*.*?\*/)
    |(?P<string>"(?:[^"\\\x00-\x1f]+|\\.)*(?P<closed>")?)  # never backtracks: the quote is optional
    |(?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    |(?P<punctuation>[{}\[\],:])""",
    re.VERBOSE | re.DOTALL,
)
_LITERALS: dict[str, bool | None] = {"true": True, "false": False, "null": None}
_CLOSING = {"{": "}", "[": "]"}


class Positions:
    """Lines and columns (1-based, columns counted in characters) of offsets in a text."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.position(start), *self.position(max(start, end)))


class JsonValue(Record, frozen=True, slots=True, eq=False):
    """A value, from ``start`` to ``end`` (offsets in the text), at ``span``."""

    span: Span
    start: int
    end: int


class JsonString(JsonValue, Record, frozen=True, slots=True, eq=False):
    """A string. ``offsets``: where each character of ``value`` starts in the text, and where the
    closing quote is; None when no escape moved them (character ``i`` is at ``start + 1 + i``)."""

    value: str
    offsets: tuple[int, ...] | None = None

    def offset(self, index: int) -> int:
        """Where character ``index`` of the value is in the text (``len(value)``: the closing quote)."""
        if self.offsets is not None:
            return self.offsets[index]
        return self.start + 1 + index


class JsonNumber(JsonValue, Record, frozen=True, slots=True, eq=False):
    value: int | float
    text: str


class JsonBool(JsonValue, Record, frozen=True, slots=True, eq=False):
    value: bool


class JsonNull(JsonValue, Record, frozen=True, slots=True, eq=False):
    pass


class JsonArray(JsonValue, Record, frozen=True, slots=True, eq=False):
    items: tuple[JsonValue, ...]


class JsonMember(Record, frozen=True, slots=True, eq=False):
    key: JsonString
    value: JsonValue


class JsonObject(JsonValue, Record, frozen=True, slots=True, eq=False):
    """An object: its members in order, a duplicate key's last one in ``by_key``."""

    members: tuple[JsonMember, ...]
    by_key: dict[str, JsonMember] = field(default_factory=dict)

    def get(self, key: str) -> JsonValue | None:
        member = self.by_key.get(key)
        return member.value if member is not None else None


class JsonDocument(Record, slots=True):
    """A parsed file: its value, the problems that did not stop the reading (duplicate keys) and
    the way from offsets to positions."""

    root: JsonValue
    positions: Positions
    problems: list[ParseProblem]


def kind_of(value: JsonValue) -> str:
    """What a value is, in words, for messages."""
    names = {
        JsonString: "a string",
        JsonNumber: "a number",
        JsonBool: "a boolean",
        JsonNull: "null",
        JsonArray: "an array",
        JsonObject: "an object",
    }
    return names[type(value)]


class _Open(Record, slots=True):
    """A container being read: its opening bracket's offset, what it holds so far, and for an
    object the key waiting for its value."""

    bracket: str
    start: int
    items: list[JsonValue] = field(default_factory=list)
    members: list[JsonMember] = field(default_factory=list)
    key: JsonString | None = None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = Positions(text)
        self.offset = 1 if text.startswith("\ufeff") else 0
        self.problems: list[ParseProblem] = []
        self.values = 0

    def fail(self, start: int, message: str, end: int | None = None) -> ParseProblem:
        return ParseProblem(self.positions.span(start, end if end is not None else start + 1), message)

    def token(self) -> tuple[str, int, int]:
        """The next token's kind (``string``, ``number``, ``word``, a punctuation character or
        ``end``), start and end; spaces and comments skipped."""
        text = self.text
        while True:
            start = self.offset
            if start >= len(text):
                return "end", start, start
            match = _TOKEN.match(text, start)
            if match is None:
                raise self._bad_token(start)
            self.offset = match.end()
            kind = match.lastgroup or ""
            if kind == "string" and match.group("closed") is None:
                raise self._bad_token(start)
            if kind in ("space", "comment"):
                continue
            return (match.group() if kind == "punctuation" else kind), start, match.end()

    def _bad_token(self, start: int) -> ParseProblem:
        text = self.text
        if text.startswith("/*", start):
            return self.fail(start, "unterminated /* comment", start + 2)
        if text.startswith('"', start):
            end = start + 1
            while end < len(text) and text[end] not in '"\n':
                end += 2 if text[end] == "\\" else 1
            if end < len(text) and text[end] == '"':
                bad = next(i for i in range(start + 1, end) if ord(text[i]) < 0x20)
                return self.fail(bad, f"a control character (U+{ord(text[bad]):04X}) in a string must be escaped")
            return self.fail(start, "unterminated string", end)
        return self.fail(start, f"unexpected character {text[start]!r}")

    def scalar(self, kind: str, start: int, end: int) -> JsonValue:
        span = self.positions.span(start, end)
        written = self.text[start:end]
        if kind == "string":
            return self.string(written, start, end, span)
        if kind == "number":
            number: int | float = float(written) if any(char in written for char in ".eE") else int(written)
            return JsonNumber(span, start, end, number, written)
        if kind == "word" and written in _LITERALS:
            literal = _LITERALS[written]
            return JsonNull(span, start, end) if literal is None else JsonBool(span, start, end, literal)
        found = "the end of the file" if kind == "end" else repr(written)
        raise self.fail(start, f"expected a value, found {found}", max(end, start + 1))

    def string(self, written: str, start: int, end: int, span: Span) -> JsonString:
        if "\\" not in written:
            return JsonString(span, start, end, written[1:-1])
        chars: list[str] = []
        offsets: list[int] = []
        try:
            for index, char in string_characters(written):
                offsets.append(start + index)
                chars.append(char)
        except InvalidEscape as invalid:
            escape, at = written[invalid.index : invalid.index + 2], start + invalid.index
            raise self.fail(at, f"invalid escape {escape!r} in a string", at + 2) from None
        offsets.append(end - 1)
        return JsonString(span, start, end, "".join(chars), tuple(offsets))

    def key(self) -> JsonString:
        kind, start, end = self.token()
        if kind != "string":
            found = "the end of the file" if kind == "end" else repr(self.text[start:end])
            raise self.fail(start, f"expected a property name in double quotes, found {found}", max(end, start + 1))
        key = self.scalar(kind, start, end)
        assert isinstance(key, JsonString)
        kind, start, end = self.token()
        if kind != ":":
            found = "the end of the file" if kind == "end" else repr(self.text[start:end])
            raise self.fail(start, f"expected ':' after the property name {key.value!r}, found {found}")
        return key

    def close(self, container: _Open, end: int) -> JsonValue:
        span = self.positions.span(container.start, end)
        if container.bracket == "[":
            return JsonArray(span, container.start, end, tuple(container.items))
        by_key: dict[str, JsonMember] = {}
        for member in container.members:
            first = by_key.get(member.key.value)
            if first is not None:
                line = first.key.span.line
                message = f"duplicate key {member.key.value!r} (first set on line {line}); the last one counts"
                self.problems.append(ParseProblem(member.key.span, message))
            by_key[member.key.value] = member
        return JsonObject(span, container.start, end, tuple(container.members), by_key)

    def document(self) -> JsonDocument:
        stack: list[_Open] = []
        kind, start, end = self.token()
        while True:
            # a value starts at the token read
            self.values += 1
            if self.values > MAX_JSON_VALUES:
                raise self.fail(start, f"JSON has more than {MAX_JSON_VALUES:,} values; not checked")
            value: JsonValue | None = None
            if kind in _CLOSING:
                if len(stack) >= MAX_NESTING:
                    raise self.fail(start, nesting_message("JSON"))
                stack.append(_Open(kind, start))
                if kind == "{":
                    kind, start, end = self.token()
                    if kind == "}":
                        value = self.close(stack.pop(), end)
                    else:
                        self.offset = start
                        stack[-1].key = self.key()
                        kind, start, end = self.token()
                        continue
                else:
                    kind, start, end = self.token()
                    if kind == "]":
                        value = self.close(stack.pop(), end)
                    else:
                        continue
            else:
                value = self.scalar(kind, start, end)
            # a value is complete: it joins the container it is in, or ends the document
            while True:
                if not stack:
                    kind, start, end = self.token()
                    if kind != "end":
                        raise self.fail(start, f"unexpected {self.text[start:end]!r} after the end of the value", end)
                    return JsonDocument(value, self.positions, self.problems)
                container = stack[-1]
                closing = _CLOSING[container.bracket]
                if container.key is not None:
                    container.members.append(JsonMember(container.key, value))
                    container.key = None
                else:
                    container.items.append(value)
                kind, start, end = self.token()
                if kind == ",":
                    kind, start, end = self.token()
                    if kind != closing:  # else a trailing comma, which jsonc-parser allows
                        if container.bracket == "{":
                            self.offset = start
                            container.key = self.key()
                            kind, start, end = self.token()
                        break
                elif kind != closing:
                    found = "the end of the file" if kind == "end" else repr(self.text[start:end])
                    what = "an object member" if container.bracket == "{" else "an array item"
                    raise self.fail(start, f"expected ',' or '{closing}' after {what}, found {found}")
                value = self.close(stack.pop(), end)


def parse_jsonc(text: str) -> JsonDocument:
    """The value of the JSON-with-comments ``text``; ParseProblem at the first error."""
    return _Reader(text).document()
