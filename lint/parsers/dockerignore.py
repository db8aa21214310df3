"""``.dockerignore`` files, read and compiled as BuildKit does (moby/patternmatcher).

Reading (its ``ignorefile.ReadAll``): a UTF-8 BOM is dropped; a line that starts with ``#`` is a
comment (``#`` after leading spaces is part of a pattern); lines are trimmed and blank ones
skipped; ``!`` marks an exception; each pattern is cleaned as Go's ``filepath.Clean`` does
(``./a//b/`` is ``a/b``) and a leading ``/`` dropped (``/a`` is ``a``: patterns are relative to
the context's root).

Compiling (its ``New`` and ``Pattern.compile``): Go's ``filepath.Match`` syntax (``*`` and ``?``
within one path segment, ``[a-z]`` and ``[^a-z]`` classes, ``\\`` escapes) plus ``**`` for any
number of segments (``**/`` eats its slash; ``dir/**`` matches below ``dir``; a leading ``**`` is
a suffix match, so ``**/foo`` matches ``foo`` too). A pattern ``filepath.Match`` refuses (an
unclosed ``[``, a trailing ``\\``) or a lone ``!`` makes BuildKit refuse the whole file and fail
the build; here that pattern is left out and the others apply.

Which file applies: ``<Dockerfile name>.dockerignore`` beside the Dockerfile, else the
context's ``.dockerignore`` (BuildKit's dockerui reads the first that exists).
"""

from __future__ import annotations

import os
import posixpath
import re
import warnings

from hullcheck.model.build_context import BuildContext, IgnoreFile, IgnorePattern, MatchKind, go_clean
from hullcheck.model.span import Span
from hullcheck.parsers.source import UnreadableFile, read_bytes_as_text

_ESCAPED = frozenset(".+()|{}$")  # regexp characters that mean nothing to filepath.Match


def read_patterns(text: str) -> list[tuple[int, str]]:
    """The patterns of a ``.dockerignore`` text with their line numbers, as ``ReadAll`` gives
    them (``!`` kept in front of an exception)."""
    patterns = []
    for number, written in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = written.removesuffix("\r")
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        exception = pattern.startswith("!")
        if exception:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = go_clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        patterns.append((number, "!" + pattern if exception else pattern))
    return patterns


def parse_dockerignore(text: str, path: str) -> IgnoreFile:
    """The compiled patterns of the ignore file ``path`` holding ``text``; those BuildKit would
    refuse are left out."""
    compiled = []
    lines = text.removeprefix("\ufeff").split("\n")
    for number, written in read_patterns(text):
        span = Span(number, 1, number, len(lines[number - 1].rstrip("\r")) + 1, path)
        pattern = compile_pattern(written, span)
        if pattern is not None:
            compiled.append(pattern)
    return IgnoreFile(path, tuple(compiled))


def compile_pattern(written: str, span: Span) -> IgnorePattern | None:
    """One pattern as ``patternmatcher.New`` and ``Pattern.compile`` make it; None when BuildKit
    refuses it."""
    text = go_clean(written.strip())
    exception = text.startswith("!")
    if exception:
        if len(text) == 1:
            return None  # "illegal exclusion pattern"
        text = text[1:]
    if not valid_match_pattern(text):
        return None
    kind, expression = _translate(text)
    regex = None
    if kind is MatchKind.REGEX:
        try:
            with warnings.catch_warnings():  # '[[' is a set in Go, a possible nested set to Python
                warnings.simplefilter("ignore", FutureWarning)
                regex = re.compile(expression)
        except re.error:
            return None  # Go's regexp refuses it too, and the pattern then never matches
    return IgnorePattern(text, exception, kind, regex, span)


def _translate(pattern: str) -> tuple[MatchKind, str]:
    """The match kind and (for REGEX) the expression of a cleaned pattern: Pattern.compile."""
    expression = "^"
    kind = MatchKind.EXACT
    index = 0
    token = 0
    while index < len(pattern):
        character = pattern[index]
        index += 1
        if character == "*":
            if index < len(pattern) and pattern[index] == "*":
                index += 1
                if index < len(pattern) and pattern[index] == "/":  # **/ is **
                    index += 1
                if index == len(pattern):  # a trailing ** matches everything below
                    if kind is MatchKind.EXACT:
                        kind = MatchKind.PREFIX
                    else:
                        expression += ".*"
                        kind = MatchKind.REGEX
                else:
                    expression += "(.*/)?"
                    kind = MatchKind.REGEX
                if token == 0:
                    kind = MatchKind.SUFFIX
            else:
                expression += "[^/]*"
                kind = MatchKind.REGEX
        elif character == "?":
            expression += "[^/]"
            kind = MatchKind.REGEX
        elif character in _ESCAPED:
            expression += "\\" + character
        elif character == "\\":
            if index < len(pattern):
                expression += "\\" + pattern[index]
                index += 1
                kind = MatchKind.REGEX
            else:
                expression += "\\\\"
        elif character in "[]":
            expression += character
            kind = MatchKind.REGEX
        else:
            expression += character
        token += 1
    return kind, expression + r"\Z"


def valid_match_pattern(pattern: str) -> bool:
    """Whether Go's ``filepath.Match`` accepts ``pattern``: every ``[`` class closed and not
    empty, its ranges well formed, no ``\\`` at the end."""
    index = 0
    while index < len(pattern):
        character = pattern[index]
        index += 1
        if character == "\\":
            if index == len(pattern):
                return False
            index += 1
        elif character == "[":
            end = _class_end(pattern, index)
            if end is None:
                return False
            index = end
    return True


def _class_end(pattern: str, index: int) -> int | None:
    """The index after the ``]`` closing the class whose ``[`` is just before ``index``; None
    when filepath.Match refuses the class."""
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    ranges = 0
    while True:
        if index < len(pattern) and pattern[index] == "]" and ranges > 0:
            return index + 1
        after = _class_character(pattern, index)
        if after is not None and pattern[after] == "-":
            after = _class_character(pattern, after + 1)
        if after is None:
            return None
        index = after
        ranges += 1


def _class_character(pattern: str, index: int) -> int | None:
    """Go's getEsc: the index after one (escaped) character of a class, which must be followed
    by more of the pattern."""
    if index >= len(pattern) or pattern[index] in "-]":
        return None
    if pattern[index] == "\\":
        index += 1
        if index >= len(pattern):
            return None
    index += 1
    return index if index < len(pattern) else None


def read_build_context(
    dockerfile: str | None, dockerfile_shown: str, directory: str, directory_shown: str, max_size: int
) -> tuple[BuildContext, list[str]]:
    """The build context ``directory`` of ``dockerfile`` (None: a Compose ``dockerfile_inline``),
    named as findings name them, with the ignore file that applies, and the ignore files looked
    for (absolute paths, read or absent: a file added later changes the result; as given, ``..``
    parts kept, since a link may come before them)."""
    candidates = [(os.path.join(directory, ".dockerignore"), posixpath.join(directory_shown, ".dockerignore"))]
    if dockerfile is not None:
        candidates.insert(0, (dockerfile + ".dockerignore", dockerfile_shown + ".dockerignore"))
    inputs = []
    ignore_file = None
    for file, shown in candidates:
        inputs.append(os.path.join(os.getcwd(), file))
        if ignore_file is None and os.path.isfile(file):
            try:
                # BuildKit reads its bytes: a line that is not UTF-8 leaves the others in force
                ignore_file = parse_dockerignore(read_bytes_as_text(file, max_size), shown)
            except UnreadableFile:
                continue
    return BuildContext(directory_shown or ".", ignore_file), inputs
