"""Image references, parsed with the grammar of the distribution reference library.

``[host[:port]/]path[:tag][@algorithm:hex]``. The first path component is a registry host
only when it holds a ``.`` or a ``:``, or is ``localhost``; so a registry port is never taken
for a tag.
"""

from __future__ import annotations

import re

from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_PATH = re.compile(rf"{_COMPONENT}(?:/{_COMPONENT})*")
_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = LazyPattern(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
_HOST = LazyPattern(
    r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
    r"|\[[0-9a-fA-F:]+\])"
)


class StageReference(Record, frozen=True, slots=True):
    """A Dockerfile stage named where an image could be (``FROM <stage>``, ``COPY --from``,
    ``RUN --mount=from=``): by its name, or by its index as ``COPY --from=0`` counts them."""

    name: str | None  # None: named by index, or a stage without a name
    index: int


class InvalidReference(ValueError):
    """The text is not an image reference."""


class ImageReference(Record, frozen=True, slots=True):
    text: str
    registry: str | None
    port: int | None
    repository: str
    tag: str | None
    digest: str | None

    @property
    def is_scratch(self) -> bool:
        return self.registry is None and self.repository == "scratch"

    @property
    def is_pinned_by_digest(self) -> bool:
        return self.digest is not None

    @property
    def has_floating_tag(self) -> bool:
        """True when the reference names no tag or ``latest``, and no digest pins it."""
        return self.digest is None and self.tag in (None, "latest")

    @property
    def local_name(self) -> str:
        """The name the engine stores the image by, so that two spellings of one image compare
        equal: ``app`` is ``docker.io/library/app:latest``."""
        registry = "docker.io" if self.registry in (None, "index.docker.io") else self.registry
        port = f":{self.port}" if self.port is not None else ""
        repository = self.repository
        if registry == "docker.io" and "/" not in repository:  # an official image
            repository = f"library/{repository}"
        digest = f"@{self.digest}" if self.digest else ""
        return f"{registry}{port}/{repository}:{self.tag or 'latest'}{digest}"

    @classmethod
    def parse(cls, text: str) -> ImageReference:
        """Parse ``text``; raise InvalidReference with the reason when it is not a reference."""
        remainder = text
        digest = None
        if "@" in remainder:
            remainder, digest = remainder.split("@", 1)
            if not _DIGEST.fullmatch(digest):
                raise InvalidReference(f"invalid digest {digest!r}")
        registry: str | None = None
        port: int | None = None
        first, slash, rest = remainder.partition("/")
        if slash and ("." in first or ":" in first or first == "localhost"):
            host, colon, port_text = first.rpartition(":") if _has_port(first) else (first, "", "")
            if not _HOST.fullmatch(host):
                raise InvalidReference(f"invalid registry host {host!r}")
            if colon and not (port_text.isascii() and port_text.isdigit() and len(port_text) <= 5):
                raise InvalidReference(f"invalid registry port {port_text!r}")
            registry = host
            port = int(port_text) if colon else None
            remainder = rest
        tag = None
        last_slash = remainder.rfind("/")
        colon_at = remainder.find(":", last_slash + 1)
        if colon_at != -1:
            remainder, tag = remainder[:colon_at], remainder[colon_at + 1 :]
            if not _TAG.fullmatch(tag):
                raise InvalidReference(f"invalid tag {tag!r}")
        if not remainder:
            raise InvalidReference("no repository name")
        if not _PATH.fullmatch(remainder):
            reason = "uppercase letters" if remainder.lower() != remainder else "invalid characters"
            raise InvalidReference(f"repository name {remainder!r} has {reason}")
        return cls(text, registry, port, remainder, tag, digest)


def _has_port(host: str) -> bool:
    """True for ``host:5000`` and ``[::1]:5000``, false for a bare IPv6 literal."""
    if host.startswith("["):
        return "]:" in host
    return ":" in host
