"""Results of earlier runs, so a file that has not changed costs nothing the next time.

An entry is found by a key made of what a result is computed from and is known before linting:
the file's content, its path and the name findings give it, the effective configuration (rules,
rule options, severities, every field of its ``LintOptions``), and the hullcheck code and Python
that run. The entry also records a hash of each other file the result was made from
(``FileResult.inputs``: a Compose file's ``.env``, override and extended files, the Dockerfiles
its services build) and is used only while every one of them still hashes the same.

Entries live in the user's cache folder: ``$HULLCHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/hullcheck``, else ``~/.cache/hullcheck``; never in the scanned tree. A cache
that cannot be read or written is ignored: it never fails a run. Deleting the folder is safe.
Standard input and the language server's documents are never cached.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

from hullcheck.engine.runner import DEFAULT_MAX_FILE_SIZE, FileResult, LintOptions

_LAYOUT = "v1"  # the entries' format: a new one starts an empty folder beside the old


def cache_directory() -> Path:
    """Where the cache lives, from the environment."""
    chosen = os.environ.get("HULLCHECK_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hullcheck"


class ResultCache:
    """File results stored under ``directory``, one file per entry."""

    def __init__(self, directory: Path) -> None:
        self.root = directory
        self.directory = directory / _LAYOUT
        self._code = _code_fingerprint()
        # options fingerprints by id(), with the options kept alive so an id is not reused
        self._options: dict[int, tuple[LintOptions, bytes]] = {}

    def key(self, data: bytes, path: Path, display_path: str, options: LintOptions) -> str:
        """The key of the result of linting ``data``, read from ``path``, with ``options``."""
        digest = hashlib.sha256(self._code)
        digest.update(self._options_fingerprint(options))
        for part in (os.path.abspath(path), display_path):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> FileResult | None:
        """The stored result, when there is one and every file it was made from is unchanged."""
        try:
            with self._entry(key).open("rb") as stream:
                inputs, result = pickle.load(stream)
        except Exception:  # noqa: BLE001 - missing, unreadable, truncated or foreign: a miss, never a failure
            return None
        if not isinstance(result, FileResult) or not isinstance(inputs, dict):
            return None
        if any(_file_hash(path) != digest for path, digest in inputs.items()):
            return None
        return result

    def put(self, key: str, result: FileResult) -> None:
        """Store ``result`` with the hashes of its inputs as they are now (best effort)."""
        inputs = {path: _file_hash(path) for path in result.inputs}
        entry = self._entry(key)
        temporary = entry.with_name(f".{entry.name}.{os.getpid()}")  # no other process writes this name
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: entries hold source text
            entry.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                pickle.dump((inputs, result), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)  # readers see the whole entry or none
        except Exception:  # noqa: BLE001 - unwritable, full, or a result that cannot be stored: not stored
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / key[2:]

    def _options_fingerprint(self, options: LintOptions) -> bytes:
        known = self._options.get(id(options))
        if known is None:
            fields = [(item.name, _canonical(getattr(options, item.name))) for item in dataclasses.fields(options)]
            if options.use_environment:  # Compose interpolation reads the environment
                fields.append(("environment", sorted(os.environ.items())))
            known = (options, hashlib.sha256(repr(fields).encode("utf-8", "surrogateescape")).digest())
            self._options[id(options)] = known
        return known[1]


def _canonical(value: object) -> object:
    """``value`` in a form whose ``repr`` does not depend on insertion order or object identity."""
    if isinstance(value, type):  # a rule class
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, Mapping):
        return sorted((repr(key), _canonical(item)) for key, item in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(item)) for item in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    return value


def _code_fingerprint() -> bytes:
    """The hullcheck version and Python running, and the size and time of every hullcheck
    module, so an edited checkout never serves results of the code before the edit."""
    import hullcheck.rules

    digest = hashlib.sha256(f"{hullcheck.__version__}\0{sys.version}".encode())
    folders = {os.path.realpath(folder) for folder in (*hullcheck.__path__, *hullcheck.rules.__path__)}
    for folder in sorted(folders):
        for parent, directories, files in os.walk(folder):
            directories[:] = sorted(name for name in directories if name != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        status = os.stat(os.path.join(parent, name))
                        digest.update(f"{parent}/{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.digest()


def _file_hash(path: str) -> str | None:
    """The SHA-256 of a regular file's bytes (of its size and first bytes past the size limit:
    linting never reads more); None when it is absent or not a regular file (a FIFO would block)."""
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):  # checked before opening: opening a FIFO blocks
            return None
        with open(path, "rb") as stream:
            digest = hashlib.sha256(str(found.st_size).encode())
            digest.update(stream.read(DEFAULT_MAX_FILE_SIZE + 1))
            return digest.hexdigest()
    except OSError:
        return None
