"""BuildKit cache mounts: which tool caches a RUN keeps out of the image.

``RUN --mount=type=cache,target=/root/.npm npm ci`` keeps npm's download cache in a cache that
lives between builds and never lands in a layer; a ``tmpfs`` mount there keeps it out of the
layer too. A :class:`CacheLocation` says where one tool keeps its cache: path fragments a mount's
target holds (hadolint's test: ``.npm`` in ``/root/.npm`` or ``/home/node/.npm``), folders that
hold the cache (a mount at ``/root/.cache`` holds pip's ``/root/.cache/pip``), and the variables
that move it (``npm_config_cache=/cache``: a mount at ``/cache`` or above it covers it).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from hullcheck.model.container import Mount
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.records import Record

# mount types whose content stays out of the image's layer
CACHING_MOUNT_TYPES = frozenset({"cache", "tmpfs"})


class CacheLocation(Record, frozen=True, slots=True):
    """Where one tool keeps its cache, and the mount its advice suggests."""

    tool: str  # as messages name it: "npm", "pip", "Go"
    fragments: tuple[str, ...]  # a target holding one of these covers the cache
    suggested: tuple[str, ...]  # the mount targets the advice names: "/root/.npm"
    # folders that hold the cache: a target whose last folder is one of these covers it too
    parents: tuple[str, ...] = ()
    # variables that move the cache: a target at or above one's value covers it
    variables: tuple[str, ...] = ()

    @property
    def advice_mounts(self) -> str:
        """``--mount=type=cache,target=/root/.npm`` (several separated by spaces)."""
        return " ".join(f"--mount=type=cache,target={target}" for target in self.suggested)


def caching_mounts(run: RunInstruction) -> list[Mount]:
    """The RUN's cache and tmpfs mounts."""
    return [mount for mount in run.mounts if mount.type in CACHING_MOUNT_TYPES]


def covering_mount(
    run: RunInstruction, location: CacheLocation, assigned: Mapping[str, str] | None = None
) -> Mount | None:
    """The RUN's cache or tmpfs mount that holds ``location``'s cache, or None.

    ``assigned``: values the command itself gives the location's variables (``export
    npm_config_cache=/cache``, ``env GOMODCACHE=/mod go build``), which win over the ARG and ENV
    values in force."""
    moved = [value for value in _variable_values(run, location, assigned or {}) if value]
    for mount in caching_mounts(run):
        target = mount.target.value if mount.target is not None else None
        if not isinstance(target, str) or not target:
            continue
        if covers(target, location, moved):
            return mount
    return None


def covers(target: str, location: CacheLocation, moved: Iterable[str] = ()) -> bool:
    """Whether a cache mount at ``target`` holds ``location``'s cache (``moved``: where its
    variables put it)."""
    if any(fragment in target for fragment in location.fragments):
        return True
    folder = posixpath.normpath(target)
    if posixpath.basename(folder) in location.parents:
        return True
    return any(_within(posixpath.normpath(value), folder) for value in moved)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _variable_values(run: RunInstruction, location: CacheLocation, assigned: Mapping[str, str]) -> Iterable[str]:
    for name in location.variables:
        if name in assigned:
            yield assigned[name]
            continue
        value = run.variables.value(name)
        if isinstance(value, str):
            yield value
