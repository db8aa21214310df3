"""Finding the files to lint below the paths a user names."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from hullcheck.engine.runner import kind_by_name

_SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache"}


def discover(root: Path) -> Iterator[Path]:
    """Dockerfiles and Compose files below ``root``, in sorted order.

    Skips version-control folders, ``node_modules`` and virtual environments; does not
    follow symbolic links to directories, so a link loop cannot trap the walk.
    """
    for directory, subdirectories, files in os.walk(root, onerror=None, followlinks=False):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in _SKIPPED_DIRECTORIES and not (Path(directory, name) / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            if kind_by_name(name) is not None:
                yield Path(directory, name)
