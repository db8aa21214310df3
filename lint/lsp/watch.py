"""Noticing a change to the files that decide a document's findings, without help from the editor.

Those are the configuration files in the document's folder and every folder above it (the
nearest one applies), a ``--config`` file, and the ``.env`` beside a Compose file. Their state
is their size and modification time; the server compares it every second. Editors can watch
files for a server only when the server asks them to (dynamic registration), which not every
client does, so the server watches for itself: a few dozen ``stat`` calls a second.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from hullcheck.config import CONFIG_FILE_NAMES

FileState = tuple[str, int, int]  # path, size, modification time in ns


def watched_files(documents: Iterable[Path], config_file: str | None) -> set[Path]:
    """The files whose change can change the findings of the documents at these paths."""
    files = {Path(config_file)} if config_file is not None else set()
    for document in documents:
        folder = Path(os.path.abspath(document)).parent
        files.add(folder / ".env")
        for directory in (folder, *folder.parents):
            files.update(directory / name for name in CONFIG_FILE_NAMES)
    return files


def state(files: Iterable[Path]) -> frozenset[FileState]:
    """The size and modification time of each file that exists."""
    found = set()
    for file in files:
        try:
            status = file.stat()
        except OSError:
            continue
        found.add((str(file), status.st_size, status.st_mtime_ns))
    return frozenset(found)
