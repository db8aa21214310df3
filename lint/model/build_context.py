"""The build context of a Dockerfile: its folder, and the ``.dockerignore`` that leaves files out.

The patterns are those moby/patternmatcher compiles (hullcheck.parsers.dockerignore reads the
file and compiles them); matching follows its ``MatchesOrParentMatches``, which BuildKit's
CopyIgnoredFile check calls: a path is excluded when the last pattern that matches it (or one of
its parent folders) is not a ``!`` exception.
"""

from __future__ import annotations

import enum
import posixpath
import re

from hullcheck.model.span import Span
from hullcheck.records import Record


class MatchKind(enum.Enum):
    EXACT = "exact"  # no wildcard: the cleaned pattern is the path
    PREFIX = "prefix"  # ``dir/**``: the path starts with ``dir/``
    SUFFIX = "suffix"  # ``**/name``, ``**name``: the path ends with it
    REGEX = "regex"


class IgnorePattern(Record, frozen=True, slots=True):
    """One pattern of a ``.dockerignore``, cleaned, compiled as patternmatcher compiles it."""

    text: str  # cleaned, without the ``!``
    exception: bool  # ``!pattern``: puts back what an earlier pattern excluded
    kind: MatchKind
    regex: re.Pattern[str] | None
    span: Span  # the line in the .dockerignore (its path set)

    def match(self, path: str) -> bool:
        if self.kind is MatchKind.EXACT:
            return path == self.text
        if self.kind is MatchKind.PREFIX:
            return path.startswith(self.text[:-2])
        if self.kind is MatchKind.SUFFIX:
            suffix = self.text[2:]
            # ``**/foo`` matches ``foo`` too
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        return self.regex is not None and self.regex.match(path) is not None


class IgnoreFile(Record, frozen=True, slots=True):
    """A ``.dockerignore`` (or ``<Dockerfile>.dockerignore``) and its patterns, in order."""

    path: str  # as findings name files
    patterns: tuple[IgnorePattern, ...]

    def matching(self, path: str) -> IgnorePattern | None:
        """The pattern that excludes ``path`` (a slash-separated path as written), or None when
        no pattern does or an exception puts it back: patternmatcher's MatchesOrParentMatches.
        A path matches a pattern when it, or one of its parent folders, does."""
        parent = _go_dir(path)
        parents = parent.split("/")
        matched: IgnorePattern | None = None
        for pattern in self.patterns:
            # an inclusion once matched, or an exception before any match, changes nothing
            if pattern.exception != (matched is not None):
                continue
            match = pattern.match(path)
            if not match and parent != ".":
                match = any(pattern.match("/".join(parents[: index + 1])) for index in range(len(parents)))
            if match:
                matched = None if pattern.exception else pattern
        return matched


class BuildContext(Record, frozen=True, slots=True):
    """Where a Dockerfile is built from: the folder its COPY and ADD sources are read in, and the
    ignore file that applies (the Dockerfile's own ``<name>.dockerignore`` beside it wins over the
    context's ``.dockerignore``). ``ignore_file`` is None when there is neither."""

    directory: str  # as findings name files
    ignore_file: IgnoreFile | None = None

    def excluding(self, source: str) -> IgnorePattern | None:
        """The pattern that leaves the COPY or ADD source ``source`` (variables expanded) out of
        the context: matched as written (as BuildKit's check does) and as the context path it
        names (``./x`` and ``/x`` are ``x``); the context's root (``.``) is never left out."""
        if self.ignore_file is None:
            return None
        cleaned = posixpath.normpath(source).lstrip("/") or "."
        if cleaned in {".", ".."} or cleaned.startswith("../"):
            return None
        return self.ignore_file.matching(source) or self.ignore_file.matching(cleaned)


def _go_dir(path: str) -> str:
    """Go's ``filepath.Dir``: everything before the last slash, cleaned; ``.`` when none."""
    head = path[: path.rfind("/") + 1]
    return go_clean(head) if head else "."


def go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` on a slash-separated path: ``posixpath.normpath``, except that
    a leading ``//`` is one slash, as Go keeps none."""
    cleaned = posixpath.normpath(path) if path else "."
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned
