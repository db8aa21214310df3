"""Suppression comments, read from the raw lines of a file.

``# hullcheck: ignore[HC101, privileged-container] -- reason`` on a line of its own silences
those rules on the next line that is not blank or a comment (in a Dockerfile: the whole
instruction that starts there); at the end of a line (YAML), it silences them on that line.
``# hullcheck: ignore-file[…] -- reason`` in the comments at the top of a file silences them in
the whole file. hadolint's ``# hadolint ignore=DL3002,…`` and ``# hadolint global ignore=…``
pragmas are read too, for the rules that correspond (``Rule.hadolint_codes``), and BuildKit's
``# check=skip=JSONArgsRecommended,…`` parser directive for the rules of those build checks
(``Rule.buildkit_checks``; ``skip=all``: all of them).

This module only reads what is written, with spans: which rules the names mean, and what a
suppression silenced, is for the engine (hullcheck.engine.suppressions).
"""

from __future__ import annotations

import enum

from hullcheck.model.span import Located, Span
from hullcheck.parsers.source import split_lines
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record, field


class Scope(enum.Enum):
    LINE = "line"  # at the end of the line it silences
    NEXT = "next"  # on a line of its own: the next line that is not blank or a comment
    FILE = "file"


class SuppressionComment(Record, frozen=True, slots=True):
    span: Span  # the comment, from its ``#``
    scope: Scope
    line: int  # the line it silences (its own or the next one); 0 for the whole file
    rules: tuple[Located[str], ...]  # as written: codes or names, or hadolint codes
    reason: str  # the text after ``--``, or ""
    hadolint: bool = False  # a hadolint pragma: ``rules`` are hadolint codes
    buildkit: bool = False  # a ``# check=skip=`` directive: ``rules`` are BuildKit check names, or ``all``

    @property
    def foreign(self) -> bool:
        """Written for another tool (hadolint, BuildKit): never reported as unused."""
        return self.hadolint or self.buildkit


class MalformedSuppression(Record, frozen=True, slots=True):
    span: Span
    message: str


class SuppressionComments(Record, slots=True):
    comments: list[SuppressionComment] = field(default_factory=list)
    malformed: list[MalformedSuppression] = field(default_factory=list)


SYNTAX = "# hullcheck: ignore[RULE, …] -- reason"
_MARKER = LazyPattern(r"#[ \t]*hullcheck[ \t]*:")
_HULLCHECK = LazyPattern(
    r"#[ \t]*hullcheck[ \t]*:[ \t]*(?P<what>ignore-file|ignore)\b[ \t]*"
    r"(?:\[(?P<rules>[^\]]*)\])?[ \t]*(?:--[ \t]*(?P<reason>.*?))?[ \t]*$"
)
_HADOLINT = LazyPattern(r"#[ \t]*hadolint[ \t]+(?P<global>global[ \t]+)?ignore[ \t]*=[ \t]*(?P<rules>[^ \t].*?)[ \t]*$")
_RULE_NAME = LazyPattern(r"[A-Za-z0-9_.-]+")


class CommentSyntax(enum.Enum):
    """How a kind of file writes comments."""

    DOCKERFILE = "dockerfile"  # whole-line comments only; hadolint pragmas are read
    YAML = "yaml"
    PYTHON = "python"
    SHELL = "shell"
    JSONC = "jsonc"  # JSON with comments: a suppression is a ``//`` comment
    # systemd unit files (Podman Quadlet): whole-line comments only, ``#`` or ``;``
    UNIT_FILE = "unit-file"

    @property
    def trailing(self) -> bool:
        """Whether a comment may end a line with content (in a Dockerfile or a unit file a
        ``#`` there is part of the instruction or value)."""
        return self not in (CommentSyntax.DOCKERFILE, CommentSyntax.UNIT_FILE)

    @property
    def marker(self) -> str:
        """What starts a comment: ``#``, or ``//`` in JSON with comments."""
        return "//" if self is CommentSyntax.JSONC else "#"


def parse_suppressions(text: str, syntax: CommentSyntax) -> SuppressionComments:
    """The suppression comments of a file: on lines of their own, and (but in a Dockerfile,
    where a ``#`` after an instruction is part of it) at the end of a line."""
    found = SuppressionComments()
    lines = split_lines(text)
    dockerfile = syntax is CommentSyntax.DOCKERFILE
    python_comments = _python_comments(text) if syntax is CommentSyntax.PYTHON else None
    if dockerfile:
        found.comments.extend(_check_directives(lines))
    if "hullcheck" not in text and not (dockerfile and "hadolint" in text):
        return found  # no comment below can be one: each names hullcheck (or hadolint, see _read)
    in_header = True  # in the comments and blank lines at the top of the file
    pending: list[tuple[int, int, str]] = []  # whole-line comments waiting for the line they silence
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            continue
        indent = len(line) - len(stripped)
        if syntax is CommentSyntax.JSONC:
            start = _jsonc_comment(line)
            if start is not None:  # read as the ``#`` comment it would be elsewhere, of the same length
                line = f"{line[:start]}# {line[start + 2 :]}"  # noqa: PLW2901 - the line as read
                stripped = line.lstrip(" \t")
        elif python_comments is not None:
            start = python_comments.get(number)
        elif syntax is CommentSyntax.UNIT_FILE and stripped.startswith(";"):
            continue  # a comment, written for no tool
        elif stripped.startswith("#"):
            start = indent
        elif not syntax.trailing:  # a marker at the end of a line is reported, not obeyed
            marker = _MARKER.search(line)
            start = marker.start() if marker else None
        else:
            start = _trailing_comment(line, shell=syntax is CommentSyntax.SHELL)
        if start == indent:
            pending.append((number, indent + 1, stripped))
            continue
        for comment_line, comment_column, comment in pending:
            _read(comment, comment_line, comment_column, number, in_header, syntax, found)
        pending = []
        in_header = False
        if start is not None and _MARKER.match(line, start):
            _read(line[start:], number, start + 1, number, in_header, syntax, found)
    for comment_line, comment_column, comment in pending:  # comments at the end of the file silence nothing
        _read(comment, comment_line, comment_column, None, in_header, syntax, found)
    return found


def trailing_comments(text: str, syntax: CommentSyntax) -> dict[int, int]:
    """Where a comment after content starts (its 1-based column), on each line that has one, as
    the reader finds them: where a suppression added to such a line must go, to be read."""
    python_comments = _python_comments(text) if syntax is CommentSyntax.PYTHON else None
    found: dict[int, int] = {}
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip() or line.lstrip(" \t").startswith("#"):
            continue
        start = python_comments.get(number) if python_comments is not None else None
        if syntax is CommentSyntax.JSONC:
            start = _jsonc_comment(line)
            start = None if start is not None and not line[:start].strip() else start
        elif python_comments is None:
            start = _trailing_comment(line, shell=syntax is CommentSyntax.SHELL)
        if start is not None:
            found[number] = start + 1
    return found


def _read(
    comment: str,
    number: int,
    column: int,
    target: int | None,
    in_header: bool,
    syntax: CommentSyntax,
    found: SuppressionComments,
) -> None:
    """Read one comment starting at (``number``, ``column``); ``target`` is the line a whole-line
    comment silences (None: there is none), or ``number`` itself for a trailing comment."""
    span = Span(number, column, number, column + len(comment.rstrip()))
    dockerfile = syntax is CommentSyntax.DOCKERFILE
    hadolint = _HADOLINT.fullmatch(comment.rstrip()) if dockerfile and target != number else None
    if hadolint:
        rules = _names(hadolint.group("rules"), number, column + hadolint.start("rules"))
        scope = Scope.FILE if hadolint.group("global") else Scope.NEXT
        if scope is Scope.FILE or target is not None:
            line = 0 if scope is Scope.FILE else target or 0
            found.comments.append(SuppressionComment(span, scope, line, rules, "", hadolint=True))
        return
    if not _MARKER.match(comment):
        return
    if not syntax.trailing and target == number:
        kind, part = ("a Dockerfile", "the instruction") if dockerfile else ("a unit file", "the value")
        found.malformed.append(
            MalformedSuppression(
                span,
                f"{kind} has whole-line comments only: this is part of {part}; "
                "put the suppression on the line before it",
            )
        )
        return
    match = _HULLCHECK.fullmatch(comment.rstrip())
    if match is None:
        found.malformed.append(MalformedSuppression(span, f"malformed suppression: expected '{SYNTAX}'"))
        return
    reason = match.group("reason") or ""
    if match.group("rules") is None or not match.group("rules").strip():
        what = match.group("what")
        found.malformed.append(
            MalformedSuppression(span, f"a suppression must name the rules it silences: '# hullcheck: {what}[RULE, …]'")
        )
        return
    rules = _names(match.group("rules"), number, column + match.start("rules"))
    if match.group("what") == "ignore-file":
        if not in_header:
            found.malformed.append(
                MalformedSuppression(
                    span, "ignore-file belongs in the comments at the top of the file, before any content"
                )
            )
            return
        found.comments.append(SuppressionComment(span, Scope.FILE, 0, rules, reason))
    elif target is None:
        found.malformed.append(MalformedSuppression(span, "this suppression has no line after it to silence"))
    else:
        scope = Scope.LINE if target == number else Scope.NEXT
        found.comments.append(SuppressionComment(span, scope, target, rules, reason))


def _check_directives(lines: list[str]) -> list[SuppressionComment]:
    """BuildKit's ``# check=skip=…`` directive, as a suppression of those checks in the file."""
    from hullcheck.parsers.directives import parser_directives, skipped_checks  # Dockerfiles only

    comments = []
    for directive in parser_directives(lines)[0]:
        if names := skipped_checks(directive):
            span = directive.name.span.cover(directive.value.span)
            comments.append(SuppressionComment(span, Scope.FILE, 0, names, "", buildkit=True))
    return comments


def _names(text: str, line: int, column: int) -> tuple[Located[str], ...]:
    """The comma-separated names in ``text``, which starts at ``column``, each with its span."""
    return tuple(
        Located(match.group(), Span(line, column + match.start(), line, column + match.end()))
        for match in _RULE_NAME.finditer(text)
    )


def _trailing_comment(line: str, shell: bool) -> int | None:
    """Where a comment starts in a line with content: a ``#`` after a space, outside quotes.

    YAML quotes a scalar from its start (``'`` doubled inside single quotes); a shell quotes
    anywhere in a word and escapes with a backslash outside quotes too. A quoted string that
    goes on over several lines is not followed: its later lines are read as plain text (a
    ``# hullcheck:`` inside one is a rare thing to write).
    """
    if "#" not in line:
        return None
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote == "'" and char == "'":
            if not shell and line[index + 1 : index + 2] == "'":  # '' is YAML's escaped quote
                index += 1
            else:
                quote = None
        elif char == "\\" and (quote == '"' or (shell and quote is None)):
            index += 1
        elif quote == '"' and char == '"':
            quote = None
        elif quote is None and char in "'\"" and (shell or index == 0 or line[index - 1] in " \t[{,:-"):
            quote = char
        elif quote is None and char == "#" and index > 0 and line[index - 1] in " \t":
            return index
        index += 1
    return None


def _jsonc_comment(line: str) -> int | None:
    """Where a ``//`` comment starts in a line of JSON with comments: outside strings, which
    escape with a backslash and end at their line."""
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if quoted and char == "\\":
            index += 1
        elif char == '"':
            quoted = not quoted
        elif not quoted and line.startswith("//", index):
            return index
        index += 1
    return None


def _python_comments(text: str) -> dict[int, int]:
    """The column (0-based) where each line's comment starts, from Python's own tokenizer, so a
    ``#`` inside a string, even a triple-quoted one, is never taken for a comment. A file that
    does not tokenize to the end keeps the comments before the problem (it is reported as a
    parse error anyway)."""
    import io
    import tokenize

    comments: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        pass
    return comments
