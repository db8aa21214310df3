"""ADD sources: is this a URL or a Git repository, and is it pinned?"""

from __future__ import annotations

import posixpath
import re

from hullcheck.patterns import LazyPattern
from hullcheck.records import Record


class RemoteSource(Record, frozen=True, slots=True):
    """An ADD source that BuildKit fetches: a URL, or a Git repository."""

    kind: str  # "url" or "git"
    scheme: str  # https, http, git, ssh
    ref: str | None = None  # git: the branch, tag or commit asked for
    commit: str | None = None  # git: the commit the source is pinned to, if any

    @property
    def encrypted(self) -> bool:
        return self.scheme not in ("http", "git")


_SCP_LIKE = LazyPattern(r"[A-Za-z0-9_][A-Za-z0-9_.-]*@[A-Za-z0-9.-]+:.+")
_COMMIT = LazyPattern(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")
_HEX = LazyPattern(r"[0-9a-fA-F]{7,64}")


def remote_source(text: str) -> RemoteSource | None:
    """What BuildKit's ADD fetches for a source: a Git repository (``https://…/x.git``,
    ``git@host:x.git``, ``git://…``, ``ssh://…``), a URL (``http(s)://``), or None for a
    build-context path (``github.com/x/y`` included: ADD reads that form as a local path)."""
    lowered = text.lower()
    scheme = lowered.split("://", 1)[0] if "://" in lowered else ""
    if not scheme and _SCP_LIKE.fullmatch(text):
        return _git_source("ssh", text)
    if scheme in ("git", "ssh"):
        return _git_source(scheme, text)
    if scheme in ("http", "https"):
        from urllib.parse import urlsplit  # urllib.parse (with ipaddress, 5 M instructions) only for a URL

        try:
            path = urlsplit(text.split("#", 1)[0]).path
        except ValueError:  # not a URL urllib can split (a bad IPv6 host): BuildKit rejects it too
            return RemoteSource("url", scheme)
        return _git_source(scheme, text) if path.endswith(".git") else RemoteSource("url", scheme)
    return None


def _git_source(scheme: str, text: str) -> RemoteSource:
    base, _, fragment = text.partition("#")
    ref = fragment.split(":", 1)[0] or None
    commit = ref if ref and _COMMIT.fullmatch(ref) else None
    if "?" in base:
        from urllib.parse import parse_qs

        query = parse_qs(base.split("?", 1)[1])
        for key in ("checksum", "commit"):
            if key in query and _HEX.fullmatch(query[key][-1]):
                commit = query[key][-1]
        for key in ("ref", "tag", "branch"):
            if key in query:
                ref = query[key][-1]
                if key == "ref" and _COMMIT.fullmatch(ref):
                    commit = commit or ref
    return RemoteSource("git", scheme, ref, commit)


# Local tar archives ADD unpacks: tar, optionally gzip, bzip2, xz or zstd compressed. BuildKit
# decides by content; these names are what such archives are called (a lone .gz may be a tar).
_ARCHIVE = LazyPattern(
    r".*\.(?:tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tar\.(?:gz|bz2|xz|zst|zstd)|gz|bz2|xz|zst)", re.IGNORECASE
)
_VARIABLE_AT_END = LazyPattern(r"\$(?:\{[^}]*\}|\w+)$")


def local_source_kind(text: str) -> str | None:
    """``file`` for a build-context path ADD copies as it is, ``archive`` for one it may unpack,
    None when the source is remote or cannot be known (``$SRC``, ``dist/*``, ``pkg-$VERSION``)."""
    if text.startswith("$") or "://" in text or remote_source(text) is not None:
        return None  # remote, unknown, or a scheme ADD does not fetch (``ftp://`` fails the build)
    last = posixpath.basename(text.rstrip("/")) or text
    if _ARCHIVE.fullmatch(last):
        return "archive"
    if _VARIABLE_AT_END.search(last) or last.endswith(("*", "?", "]")):
        return None  # the name, or what a glob matches, could be an archive
    return "file"
