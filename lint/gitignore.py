"""Paths git ignores, so a directory walk skips them as ``git status`` does.

The patterns are matched by pathspec's ``GitIgnoreSpec``, which reproduces git's own rules and
edge cases (negation, patterns anchored by a slash, directory-only patterns, ``**``, escapes,
trailing spaces), is pure Python, and is kept up by the projects that rely on it (black, mypy,
yamllint): writing those rules again here would be a second, less tested copy. This module adds
what pathspec leaves to its caller: which ``.gitignore`` files apply to a path and which wins.

As in git, ``.gitignore`` files apply only inside a work tree (below a folder holding ``.git``),
each to the paths below its own folder; a deeper file overrides a shallower one, the last
matching line of a file wins, and ``.git/info/exclude`` applies under all of them. The user's
global excludes file (``core.excludesFile``) is not read: it would make results depend on the
machine.
"""

from __future__ import annotations

import os
import stat

from hullcheck.parsers.source import relative_below

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


MAX_GITIGNORE_SIZE = 1024 * 1024  # bytes: every pattern is matched against every path walked
MAX_GLOB_LENGTH = 4096  # characters: PATH_MAX on Linux, so no longer pattern can match a path


class GitIgnoreError(ValueError):
    """A ``.gitignore`` that cannot be used; the message names it."""


def _read_patterns(file: str) -> list[str] | None:
    try:
        found = os.stat(file)
        if not stat.S_ISREG(found.st_mode):  # checked before opening: opening a FIFO blocks
            raise _unusable(file, "not a regular file")
        with open(file, "rb") as stream:
            data = stream.read(MAX_GITIGNORE_SIZE + 1)
    except OSError:
        return None
    if len(data) > MAX_GITIGNORE_SIZE:
        raise _unusable(file, f"larger than {MAX_GITIGNORE_SIZE:,} bytes")
    if b"\x00" in data:
        raise _unusable(file, "holds NUL bytes: not a .gitignore")
    # git matches bytes: a stray one spoils one pattern. A pattern longer than any path matches
    # nothing, so it is left out (pathspec's translation takes time quadratic in its length).
    lines = data.decode("utf-8", errors="replace").splitlines()
    return [line for line in lines if len(line) <= MAX_GLOB_LENGTH]


def _unusable(file: str, reason: str) -> GitIgnoreError:
    return GitIgnoreError(f"{file}: {reason}; use --no-gitignore to walk without .gitignore files")


class GitIgnore:
    """Answers whether git ignores a path, reading each ``.gitignore`` once."""

    def __init__(self) -> None:
        self._specs: dict[str, GitIgnoreSpec | None] = {}
        self._work_trees: dict[str, str | None] = {}

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` (absolute), by its name and the patterns above it.

        Callers walking a tree skip an ignored folder, so a path below one is never asked about
        (git does not look inside an ignored folder, whatever a negation says).
        """
        folder = os.path.dirname(path)
        root = self._work_tree(folder)
        if root is None:
            return False
        suffix = "/" if is_dir else ""
        directory = folder
        while True:  # from the path's folder up to the work tree's
            for spec in (self._spec(os.path.join(directory, ".gitignore")), *self._info_exclude(directory, root)):
                if spec is None:
                    continue
                verdict = spec.check_file(f"{relative_below(path, directory)}{suffix}").include
                if verdict is not None:
                    return verdict
            if directory == root:
                return False
            directory = os.path.dirname(directory)

    def _info_exclude(self, directory: str, root: str) -> tuple[GitIgnoreSpec | None, ...]:
        """``.git/info/exclude``: the patterns below every ``.gitignore`` of the work tree."""
        return (self._spec(os.path.join(root, ".git", "info", "exclude")),) if directory == root else ()

    def _work_tree(self, folder: str) -> str | None:
        """The folder holding ``.git`` at or above ``folder``, or None outside a work tree."""
        if folder not in self._work_trees:
            if os.path.exists(os.path.join(folder, ".git")):  # a folder, or a file in a worktree or submodule
                self._work_trees[folder] = folder
            else:
                parent = os.path.dirname(folder)
                self._work_trees[folder] = None if parent == folder else self._work_tree(parent)
        return self._work_trees[folder]

    def _spec(self, file: str) -> GitIgnoreSpec | None:
        """The patterns of ``file``; None when it is absent or unreadable (git skips it too).
        Raises GitIgnoreError for one that would block (a FIFO), or is too large or binary."""
        if file not in self._specs:
            lines = _read_patterns(file)
            if lines is None:
                self._specs[file] = None
            else:
                from pathspec import GitIgnoreSpec

                self._specs[file] = GitIgnoreSpec.from_lines(lines)
        return self._specs[file]
