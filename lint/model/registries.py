"""Which registry an image comes from, and whether a list of trusted registries covers it.

An image reference without a registry host comes from Docker Hub, ``docker.io``; a one-part
Docker Hub name is an official image in ``library/`` (``python`` is
``docker.io/library/python``). Docker Hub's other host names (``index.docker.io``,
``registry-1.docker.io``, ``registry.hub.docker.com``) are the same registry.

A trusted-registries entry is written like the start of an image reference:

* ``docker.io``, ``ghcr.io``, ``registry.example.com:5000``: every image on that registry. A
  port is part of the registry: ``registry.example.com`` does not cover ``…:5000``.
* ``ghcr.io/my-org``, ``docker.io/library``: images whose path starts with those components
  (``ghcr.io/my-org/app`` but not ``ghcr.io/my-org-evil/app``).
* ``bitnami``: a first component with no ``.`` or ``:`` that is not ``localhost`` is a Docker
  Hub namespace, as in an image reference (``docker.io/bitnami``).
* ``*.dkr.ecr.eu-west-1.amazonaws.com``: any subdomain of that host.

A scheme (``https://``) and trailing slashes are ignored; hosts compare case-insensitively.
"""

from __future__ import annotations

from hullcheck.model.image import ImageReference
from hullcheck.records import Record

DOCKER_HUB = "docker.io"
_DOCKER_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}


def registry_host(reference: ImageReference) -> str:
    """The registry as ``host`` or ``host:port``, lower-case; ``docker.io`` when none is named."""
    if reference.registry is None:
        return DOCKER_HUB
    host = reference.registry.lower()
    if host in _DOCKER_HUB_ALIASES and reference.port is None:
        return DOCKER_HUB
    return f"{host}:{reference.port}" if reference.port is not None else host


def repository_path(reference: ImageReference) -> str:
    """The repository path on its registry: ``library/python`` for Docker Hub's ``python``."""
    if registry_host(reference) == DOCKER_HUB and "/" not in reference.repository:
        return f"library/{reference.repository}"
    return reference.repository


class RegistryPattern(Record, frozen=True, slots=True):
    """One trusted-registries entry, parsed."""

    text: str
    host: str  # lower-case, with ``:port`` when given; ``*.`` prefix for subdomains
    path: tuple[str, ...]  # leading repository components, empty for the whole registry

    @classmethod
    def parse(cls, text: str) -> RegistryPattern | None:
        """The entry, or None when it is empty."""
        entry = text.strip()
        if "://" in entry:
            entry = entry.split("://", 1)[1]
        components = [part for part in entry.split("/") if part]
        if not components:
            return None
        first = components[0].lower()
        if "." in first or ":" in first or first == "localhost":
            host, path = first, components[1:]
        else:
            host, path = DOCKER_HUB, components
        if host in _DOCKER_HUB_ALIASES:
            host = DOCKER_HUB
        return cls(text, host, tuple(path))

    def covers(self, reference: ImageReference) -> bool:
        host = registry_host(reference)
        if self.host.startswith("*."):
            if not host.endswith(self.host[1:]):
                return False
        elif host != self.host:
            return False
        repository = repository_path(reference).split("/")
        return tuple(repository[: len(self.path)]) == self.path


def trusted_by(reference: ImageReference, entries: tuple[str, ...]) -> RegistryPattern | None:
    """The first entry that covers ``reference``, or None."""
    for entry in entries:
        pattern = RegistryPattern.parse(entry)
        if pattern is not None and pattern.covers(reference):
            return pattern
    return None
