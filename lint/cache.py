"""Results of earlier runs, so a file that has not changed costs nothing the next time.

An entry is found by a key made of what a result is computed from and is known before linting:
the file's content, its path and the name findings give it, the effective configuration (rules,
rule options, severities, every field of its ``LintOptions``), and the hullcheck code and Python
that run. The entry also records a hash of each other file the result was made from
(``FileResult.inputs``: a Compose file's ``.env``, override and extended files, the Dockerfiles
its services build) and is used only while every one of them still hashes the same.

Entries are JSON, whose reader runs no code (a pickle runs whatever the data names), and are
checked field by field against the types ``FileResult`` declares when read: anything else (a
pickle, a truncated or corrupt file, another format or key, a rule this code does not have) is a
miss, never a failure and never a half-built result. A finding's rule is stored by its code and
read back as the catalog's own ``RuleInfo``. Each entry is written to a temporary file and
renamed into place, so a concurrent run reads the whole entry or none.

Entries live in the user's cache folder: ``$HULLCHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/hullcheck``, else ``~/.cache/hullcheck``; never in the scanned tree. The folder
is created private (0700): entries hold source text, and whoever can write them decides what a
run reports. A folder other users can write, or that another user owns, is not used (a one-line
warning, and the run goes on without a cache), nor is one that cannot be created.

The folder is kept under a size limit (``$HULLCHECK_CACHE_MAX_SIZE``, ``DEFAULT_MAX_SIZE``).
Entries are spread over 16 shard folders by their key's first digit, and each shard may hold a
sixteenth of the limit, as ccache does: after a run, only the shards written since it started are
looked at, so a run that stores one result costs a look at one shard, not at every entry. In
each, the least recently used entries (by modification time, which a hit renews) are removed
until it fits. Entries of other hullcheck versions or checkouts there are removed once unused
for a day (a pre-commit hook's hullcheck and the one on ``PATH`` may take turns), and folders of
former formats at once. Deleting the folder is always safe. Standard input and the language
server's documents are never cached.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import functools
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from hullcheck import records
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import RuleInfo
from hullcheck.engine.lint import DEFAULT_MAX_FILE_SIZE, FileResult, LintOptions
from hullcheck.engine.registry import RULES_PACKAGE, IndexedRule, checks_scripts, described_rule
from hullcheck.engine.shellcheck import CODE as SHELLCHECK_CODE
from hullcheck.engine.shellcheck import code_info, find_shellcheck, shellcheck_version
from hullcheck.parsers.source import cleaned_path
from hullcheck.records import Record

DEFAULT_MAX_SIZE = 100 * 1024 * 1024
_LAYOUT = "v2"  # the folder of this format's entries: a new format gets a new folder
_SHARDS = 16  # folders of entries, named by a key's first hex digit; each holds a sixteenth of the limit
_FORMAT = f"hullcheck result cache {_LAYOUT}"  # in each entry, checked when it is read
_FORMER_LAYOUTS = ("v1",)  # pickles: removed unread
_FOREIGN_UNUSED_NS = 24 * 3600 * 10**9  # how long another hullcheck's entries are kept unused
# how far before opening a folder's time stamp may be and still mean a write of this run: the
# kernel stamps files from a clock a tick behind time.time_ns(); ext3 keeps whole seconds, FAT two
_CLOCK_SLACK_NS = 2 * 10**9


def cache_directory() -> str:
    """Where the cache lives, from the environment (spelled by cleaned_path: messages name it)."""
    chosen = os.environ.get("HULLCHECK_CACHE_DIR")
    if chosen:
        return cleaned_path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return cleaned_path(os.path.join(base, "hullcheck"))


class CacheUsage(Record, frozen=True, slots=True):
    """What a cache folder holds."""

    size: int  # bytes: entries and folders, as ``du -sb`` counts them
    entries: int  # of this hullcheck
    other_entries: int  # of other hullcheck versions, checkouts or formats, and writers' leftovers


class ResultCache:
    """File results stored under ``directory``, one file per entry, at most ``max_size`` bytes
    once a run is over. Use :meth:`open` to get one that is safe to read."""

    def __init__(self, directory: str, max_size: int = DEFAULT_MAX_SIZE) -> None:
        self.root = directory
        self.directory = os.path.join(directory, _LAYOUT)
        self.max_size = max_size
        self._code = _code_fingerprint()
        self._entry_suffix = f".{self._code.hex()[:16]}.json"  # tells this code's entries from others'
        self._opened_ns = time.time_ns()  # a shard changed since was written by this run (or one beside it)
        # options fingerprints by id(), with the options kept alive so an id is not reused
        self._options: dict[int, tuple[LintOptions, bytes]] = {}

    @classmethod
    def open(cls, directory: str, max_size: int = DEFAULT_MAX_SIZE) -> ResultCache:
        """The cache in ``directory``, created private to this user when new, with the folders of
        former formats removed; CacheRefused when the folder cannot be created or is not private
        to this user."""
        cache = cls(directory, max_size)
        for folder in (cache.root, cache.directory):
            problem = _make_private(folder)
            if problem is not None:
                raise CacheRefused(f"the cache folder {folder} {problem}")
        for former in _FORMER_LAYOUTS:
            _remove_tree(os.path.join(cache.root, former))
        return cache

    def refusal(self) -> str | None:
        """Why :meth:`open` would refuse the folder as it is now, if it would (nothing is created)."""
        for folder in (self.root, self.directory):
            problem = _unsafe(folder) if os.path.lexists(folder) else None
            if problem is not None:
                return f"the cache folder {folder} {problem}"
        return None

    def key(self, data: bytes, path: str, display_path: str, options: LintOptions) -> str:
        """The key of the result of linting ``data``, read from ``path``, with ``options``."""
        digest = hashlib.sha256(self._code)
        digest.update(self._options_fingerprint(options))
        if any(checks_scripts(rule) for rule in options.rules):
            # another ShellCheck finds other things
            program = find_shellcheck()
            version = shellcheck_version(program) if program is not None else None
            digest.update(f"shellcheck {program} {version}\0".encode("utf-8", "surrogateescape"))
        for part in (os.path.abspath(path), display_path):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> FileResult | None:
        """The stored result, when there is one and every file it was made from is unchanged."""
        entry = self._entry(key)
        try:
            with open(entry, "rb") as stream:
                inputs, result = _decode_entry(stream.read(), key)
        except (OSError, ValueError, RecursionError):  # missing, unreadable, corrupt or foreign: a miss
            return None
        if any(_file_hash(path) != digest for path, digest in inputs.items()):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: among the last to be evicted
        return result

    def put(self, key: str, result: FileResult) -> None:
        """Store ``result`` with the hashes of its inputs as they are now (best effort)."""
        try:
            document = _encode_entry(key, {path: _file_hash(path) for path in result.inputs}, result)
        except _Unstorable:
            return
        entry = self._entry(key)
        try:
            descriptor, temporary = _new_file(os.path.dirname(entry))
        except OSError:  # the folder was removed, or the disk is full
            return
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(document)
            os.replace(temporary, entry)  # readers see the whole entry or none
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def prune(self) -> None:
        """After a run: in each shard written since the cache was opened (by this process, its
        workers or a concurrent run), remove other hullcheck's entries unused for a day, then the
        least recently used entries until the shard is within its share of ``max_size``. The
        shards nobody wrote to are within theirs already: they are not listed."""
        share = (self.max_size - _own_size(self.root) - _own_size(self.directory)) // _SHARDS
        unused_since = time.time_ns() - _FOREIGN_UNUSED_NS
        for shard, status in _shards(self.directory).items():
            if status.st_mtime_ns < self._opened_ns - _CLOCK_SLACK_NS:
                continue
            files = _files(shard, self._entry_suffix)
            folder = _ShrinkingShard(shard, status.st_size, files)
            for file in files:
                if not file.current and file.used_ns < unused_since:
                    folder.remove(file)
            for file in sorted(files, key=lambda file: file.used_ns):
                if folder.size <= share:
                    break
                folder.remove(file)  # a no-op for a file gone already

    def usage(self) -> CacheUsage:
        """What the folder holds: this format's entries and any left of former formats."""
        size, entries, others = _own_size(self.root), 0, 0
        for name in (_LAYOUT, *_FORMER_LAYOUTS):
            suffix = self._entry_suffix if name == _LAYOUT else None  # a former format's entries are all others'
            size += _own_size(os.path.join(self.root, name))
            for shard, status in _shards(os.path.join(self.root, name)).items():
                files = _files(shard, suffix)
                current = sum(file.current for file in files)
                size += status.st_size + sum(file.size for file in files)
                entries, others = entries + current, others + len(files) - current
        return CacheUsage(size, entries, others)

    def clear(self) -> CacheUsage:
        """Remove every entry, of any hullcheck and format; what was there."""
        removed = self.usage()
        for name in (_LAYOUT, *_FORMER_LAYOUTS):
            _remove_tree(os.path.join(self.root, name))
        with contextlib.suppress(OSError):  # a folder chosen with HULLCHECK_CACHE_DIR may hold other files
            os.rmdir(self.root)
        return removed

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:1], key[1:] + self._entry_suffix)

    def _options_fingerprint(self, options: LintOptions) -> bytes:
        known = self._options.get(id(options))
        if known is None:
            fields = [(item.name, _canonical(getattr(options, item.name))) for item in records.fields(options)]
            if options.use_environment:  # Compose interpolation reads the environment
                fields.append(("environment", sorted(os.environ.items())))
            known = (options, hashlib.sha256(repr(fields).encode("utf-8", "surrogateescape")).digest())
            self._options[id(options)] = known
        return known[1]


class CacheRefused(Exception):
    """A cache folder a run does not use: its message says which and why."""


def _make_private(folder: str) -> str | None:
    """Create ``folder`` readable and writable by this user only, or check that the existing one
    is: why it cannot be used, or None."""
    try:
        os.makedirs(os.path.dirname(folder) or ".", exist_ok=True)
        os.mkdir(folder, mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask, which may take away this user's bits
    except FileExistsError:
        return _unsafe(folder)
    except OSError as error:
        return f"cannot be created ({error.strerror or type(error).__name__})"
    return None


def _unsafe(folder: str) -> str | None:
    """Why an existing folder is not private to this user, or None when it is."""
    try:
        status = os.stat(folder)  # a link is judged by its target: that is where entries are read
    except OSError as error:
        return f"cannot be read ({error.strerror or type(error).__name__})"
    if not stat.S_ISDIR(status.st_mode):
        return "is not a folder"
    if sys.platform == "win32":  # no owner and mode bits: a profile's folders are private by their ACL
        return None
    if status.st_uid != os.getuid():
        return "belongs to another user"
    if status.st_mode & 0o022:
        return f"can be written by other users (mode {stat.S_IMODE(status.st_mode):o}; chmod 700 makes it private)"
    return None


def _new_file(shard: str) -> tuple[int, str]:
    """A new temporary file in ``shard``, open for writing, readable by this user only: its
    descriptor and path. The shard folder is created private when it is missing."""
    try:
        return _created_in(shard)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # another writer may create it first
            os.mkdir(shard, mode=0o700)
        os.chmod(shard, 0o700)  # as for the cache folder: the umask may take away this user's bits
        return _created_in(shard)


# as tempfile.mkstemp opens its file: only by this call, never through a link, private
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _created_in(folder: str) -> tuple[int, str]:
    """A file made in ``folder`` under a random name no other writer takes (``.<hex>.part``),
    as tempfile.mkstemp makes one: tempfile imports shutil and random, a quarter of what
    opening the cache cost a one-file run."""
    for _ in range(100):
        path = os.path.join(folder, f".{os.urandom(8).hex()}.part")
        try:
            return os.open(path, _NEW_FILE_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", folder)


def _remove_tree(path: str) -> None:
    """Remove a folder and what it holds, never following a link; nothing when it is absent
    (shutil, with its archive modules, is imported only then)."""
    if os.path.lexists(path):
        import shutil

        shutil.rmtree(path, ignore_errors=True)


class _Stored(Record, frozen=True, slots=True):
    """A file in a shard folder: an entry, or a writer's temporary file."""

    path: str
    size: int
    used_ns: int  # its modification time: when it was written or last served
    current: bool  # an entry this code reads (else another hullcheck's, or a leftover)


class _ShrinkingShard:
    """A shard folder whose files are being removed, and its size as ``du -sb`` counts it (its
    own and its files'), kept up to date; once empty, the folder goes too."""

    def __init__(self, path: str, own_size: int, files: list[_Stored]) -> None:
        self.path = path
        self.size = own_size + sum(file.size for file in files)
        self._own_size = own_size
        self._left = {file.path for file in files}
        self._remove_if_empty()

    def remove(self, file: _Stored) -> None:
        if file.path not in self._left:
            return
        try:
            os.unlink(file.path)
        except FileNotFoundError:
            pass  # another run's prune was first
        except OSError:
            return
        self._left.discard(file.path)
        self.size -= file.size
        self._remove_if_empty()

    def _remove_if_empty(self) -> None:
        if not self._left:
            with contextlib.suppress(OSError):  # a writer may have just added an entry
                os.rmdir(self.path)
                self.size -= self._own_size


def _shards(layout: str) -> dict[str, os.stat_result]:
    """The shard folders of a layout folder, with their status."""
    shards = {}
    with contextlib.suppress(OSError), os.scandir(layout) as found:
        for item in found:
            with contextlib.suppress(OSError):
                if item.is_dir(follow_symlinks=False):
                    shards[item.path] = item.stat(follow_symlinks=False)
    return shards


def _files(shard: str, entry_suffix: str | None) -> list[_Stored]:
    """The files in a shard folder; those named with ``entry_suffix`` are this code's entries."""
    stored = []
    with contextlib.suppress(OSError), os.scandir(shard) as found:
        for item in found:
            with contextlib.suppress(OSError):
                status = item.stat(follow_symlinks=False)
                if stat.S_ISREG(status.st_mode):
                    current = entry_suffix is not None and item.name.endswith(entry_suffix)
                    stored.append(_Stored(item.path, status.st_size, status.st_mtime_ns, current))
    return stored


def _own_size(folder: str) -> int:
    """A folder's own size, as ``du -sb`` counts it (0 when it is absent)."""
    try:
        return os.stat(folder).st_size
    except OSError:
        return 0


class _Unstorable(Exception):
    """A result the cache does not store: a finding of a rule outside hullcheck's catalog (a
    test's), which could not be read back as the same rule."""


class _Malformed(ValueError):
    """An entry not in the shape this code writes."""


class _Codec(Record, frozen=True, slots=True):
    """How values of one declared type are written as JSON values and read back, checked."""

    encode: Callable[[Any], object]
    decode: Callable[[object], Any]  # raises _Malformed (a ValueError) on anything unexpected


_JsonType = typing.TypeVar("_JsonType", str, int, list[object], dict[str, object])


def _checked(kind: type[_JsonType], data: object) -> _JsonType:
    """``data`` when it is exactly a ``kind`` (a bool is not an int here)."""
    if type(data) is not kind:
        raise _Malformed(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _record(data: object, names: frozenset[str]) -> dict[str, object]:
    """``data`` when it is a JSON object with exactly the keys ``names``."""
    record = _checked(dict, data)
    if record.keys() != names:
        raise _Malformed(f"expected the keys {sorted(names)}, found {sorted(record)}")
    return record


@functools.cache
def _codec(form: Any) -> _Codec:
    """The codec of a type as ``FileResult`` and what it holds declare their fields; a TypeError
    for a type the cache cannot write (a new field's: the round-trip test names it)."""
    if form is RuleInfo:
        return _Codec(_encode_rule, _decode_rule)
    if form in (str, int):
        return _Codec(_unchanged, functools.partial(_checked, form))
    if isinstance(form, type) and issubclass(form, enum.Enum):
        return _Codec(_enum_value, functools.partial(_enum_member, form))
    if isinstance(form, type) and records.is_record(form):
        return _record_codec(form)
    origin, arguments = typing.get_origin(form), typing.get_args(form)
    if origin in (types.UnionType, typing.Union) and len(arguments) == 2 and type(None) in arguments:
        present = _codec(next(argument for argument in arguments if argument is not type(None)))
        return _Codec(
            lambda value: None if value is None else present.encode(value),
            lambda data: None if data is None else present.decode(data),
        )
    if origin is list or (origin is tuple and arguments[1:] == (...,)):
        item, build = _codec(arguments[0]), origin
        return _Codec(
            lambda value: [item.encode(element) for element in value],
            lambda data: build(item.decode(element) for element in _checked(list, data)),
        )
    if origin is dict and arguments[0] is str:
        mapped = _codec(arguments[1])
        return _Codec(
            lambda value: {name: mapped.encode(element) for name, element in value.items()},
            lambda data: {name: mapped.decode(element) for name, element in _checked(dict, data).items()},
        )
    raise TypeError(f"the result cache cannot store a {form!r}")


# the names of typing that the model's records annotate with: their modules import them for
# type checkers only (a start does not import typing: see hullcheck.generics)
_TYPING_NAMES = {name: getattr(typing, name) for name in ("Any", "ClassVar", "Literal")}


def declared_types(form: type[Any]) -> dict[str, Any]:
    """The types a record class declares its fields (and class variables) as."""
    return typing.get_type_hints(form, localns=_TYPING_NAMES)


def _record_codec(form: type[Any]) -> _Codec:
    """A record as a JSON object of its fields, each by its declared type."""
    declared = declared_types(form)
    fields = [(item.name, _codec(declared[item.name])) for item in records.fields(form)]
    names = frozenset(name for name, _ in fields)

    def encode(value: object) -> object:
        return {name: codec.encode(getattr(value, name)) for name, codec in fields}

    def decode(data: object) -> object:
        record = _record(data, names)
        return form(**{name: codec.decode(record[name]) for name, codec in fields})

    return _Codec(encode, decode)


def _unchanged(value: object) -> object:
    return value


def _enum_value(member: enum.Enum) -> object:
    return member.value


def _enum_member(kind: type[enum.Enum], data: object) -> enum.Enum:
    return kind(_checked(str, data))  # ValueError when it names no member


def _encode_rule(info: RuleInfo) -> str:
    if _rule_of(info.code) != info:
        raise _Unstorable(f"{info.code} {info.name} is not in hullcheck's catalog")
    return info.code


def _decode_rule(data: object) -> RuleInfo:
    info = _rule_of(_checked(str, data))
    if info is None:
        raise _Malformed(f"no rule {data!r}")
    return info


def _rule_of(code: str) -> RuleInfo | None:
    """The catalog's rule of that code, the internal error (reported, never selected), or
    ShellCheck's code's (SC2086)."""
    if SHELLCHECK_CODE.fullmatch(code):
        return code_info(code)
    return INTERNAL_ERROR if code == INTERNAL_ERROR.code else described_rule(code)


_ENVELOPE = frozenset({"format", "key", "inputs", "result"})
_Inputs = dict[str, str | None]  # each input's hash; None: absent, or not a regular file


def _encode_entry(key: str, inputs: _Inputs, result: FileResult) -> bytes:
    document = {"format": _FORMAT, "key": key, "inputs": inputs, "result": _codec(FileResult).encode(result)}
    # ASCII, with escapes: a path may hold lone surrogates (undecodable bytes), which UTF-8 cannot
    return json.dumps(document, separators=(",", ":")).encode("ascii")


def _decode_entry(data: bytes, key: str) -> tuple[_Inputs, FileResult]:
    """The inputs and result of an entry stored for ``key``; _Malformed for any other content."""
    document = _record(json.loads(data), _ENVELOPE)
    if document["format"] != _FORMAT or document["key"] != key:
        raise _Malformed("an entry of another format, or for another key")
    return _codec(_Inputs).decode(document["inputs"]), _codec(FileResult).decode(document["result"])


def _canonical(value: object) -> object:
    """``value`` in a form whose ``repr`` does not depend on insertion order or object identity."""
    if isinstance(value, type):  # a rule class
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, IndexedRule):  # a rule, as the index names it: as its class would be
        return f"{RULES_PACKAGE}.{value.module}.{value.class_name}"
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
