"""Finding the files to lint below the paths a user names."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from hullcheck.frontends import front_end_claiming_content, front_end_for_path
from hullcheck.parsers.source import relative_below
from hullcheck.records import Record

_SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache"}
MAX_DEPTH = 64  # folders below a scanned path; deeper ones are reported, not walked


class Skipped(Record, frozen=True, slots=True):
    """A path discovery passed over on purpose, and why: reported, never silently dropped."""

    path: str
    reason: str


def discover(
    root: str, follow_symlinks: bool = False, skip: Callable[[str, bool], bool] | None = None
) -> Iterator[str | Skipped]:
    """The files below ``root`` a front end claims by name, or by content for a name none
    claims (hullcheck.frontends: a Compose file named ``latest.yml``), in sorted order.

    Skips version-control folders, ``node_modules`` and virtual environments, and the folders
    and files for which ``skip(path, is_dir)`` is true (excluded by the configuration, ignored
    by git): silently, as they were left out on purpose. Without
    ``follow_symlinks`` a linked folder is not entered (and reported when its target lies outside
    ``root``: what it holds is not checked) and a linked file whose target lies outside ``root`` is
    skipped; with it, links are followed, each real folder once, so a link
    loop cannot trap the walk. The walk is iterative and stops at MAX_DEPTH folders; a folder
    that cannot be listed (removed mid-scan, no permission) is passed over. ``root`` is spelled
    as hullcheck.parsers.source.cleaned_path spells it, and so are the paths found below it.
    """
    real_root = os.path.realpath(root)
    visited = {real_root}
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        directory, depth = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        subdirectories: list[str] = []
        for entry in entries:
            path = entry.name if directory == "." else entry.path  # as pathlib spells it: no "./"
            if _is_directory(entry):
                if entry.name in _SKIPPED_DIRECTORIES or os.path.exists(os.path.join(path, "pyvenv.cfg")):
                    continue
                if skip is not None and skip(path, True):
                    continue
                if entry.is_symlink():
                    real = os.path.realpath(path)
                    if not follow_symlinks and relative_below(real, real_root) is None:
                        # a link within the scanned folder is passed over: the walk reaches its target
                        yield Skipped(
                            path,
                            "a symbolic link to a folder out of the scanned folder; not entered "
                            "(--follow-symlinks enters it)",
                        )
                    if not follow_symlinks or real in visited:
                        continue
                    visited.add(real)
                if depth + 1 > MAX_DEPTH:
                    yield Skipped(path, f"more than {MAX_DEPTH} folders deep; not scanned")
                    continue
                subdirectories.append(path)
            elif front_end_for_path(entry.path) is not None:
                if skip is not None and skip(path, False):
                    continue
                if (
                    entry.is_symlink()
                    and not follow_symlinks
                    and relative_below(os.path.realpath(path), real_root) is None
                ):
                    yield Skipped(
                        path, "a symbolic link out of the scanned folder; not read (--follow-symlinks reads it)"
                    )
                else:
                    yield path
            elif _claimed_by_content(entry, follow_symlinks, real_root, skip):
                yield path
        stack.extend((subdirectory, depth + 1) for subdirectory in reversed(subdirectories))


def _claimed_by_content(
    entry: os.DirEntry[str], follow_symlinks: bool, real_root: str, skip: Callable[[str, bool], bool] | None
) -> bool:
    """Whether a front end claims the file by its content (a Compose file named ``latest.yml``).
    The front ends look at the name first; the file is opened only when one asks for its bytes,
    and then only a regular file not left out by ``skip``, and a link out of the scanned folder
    only when links are followed. A file that cannot be read is claimed by no one."""
    head = b""
    complete = False

    def readable() -> bool:
        try:
            if not entry.is_file():
                return False
        except OSError:
            return False
        if (
            entry.is_symlink()
            and not follow_symlinks
            and relative_below(os.path.realpath(entry.path), real_root) is None
        ):
            return False
        return not (skip is not None and skip(entry.path, False))

    def read(size: int) -> bytes:
        nonlocal head, complete
        if not head and not complete and not readable():
            complete = True  # reads as empty: claimed by no one
        if len(head) < size and not complete:
            with open(entry.path, "rb") as stream:
                head = stream.read(size)
            complete = len(head) < size
        return head[:size]

    try:
        return front_end_claiming_content(entry.name, read) is not None
    except OSError:
        return False


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links: a link to a folder is a folder here
    except OSError:
        return False
