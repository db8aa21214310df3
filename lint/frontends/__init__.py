"""Front ends: one module per kind of file hullcheck reads, each defining one :class:`FrontEnd`.

A front end says once what the rest of hullcheck needs to know about its kind of file: the
names discovery takes in (and the contents, for a name no front end claims), how a file named
on the command line or read from stdin shows its kind by its content, how its comments are
written (suppressions, and where the editor inserts one), how it is parsed to the model, the
Dockerfiles its containers build (linted for them, see hullcheck.engine.builds) and which
statement holds a line. The registry is this package's
modules, as the rules are ``hullcheck.rules``' modules: a new kind of file is a new module here
(the kind is named after it) and its fixtures. tests/frontends/test_registry.py checks that
each is wired into discovery, suppressions and the language server.

A front end imports its parser when it first parses, not before: a run over Dockerfiles never
loads the YAML layer or libcst.
"""

from __future__ import annotations

import abc
import enum
import functools
import importlib.machinery
import os
from collections.abc import Callable, Collection, Mapping

from hullcheck.model.node import Node
from hullcheck.parsers.source import ParseProblem, cleaned_path
from hullcheck.parsers.suppressions import CommentSyntax
from hullcheck.records import Record, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

    from hullcheck.engine.lint import LintOptions, Relint
    from hullcheck.model.container import Container


def _module_names(folder: str) -> list[str]:
    """The modules in ``folder`` by their files' names, sorted, as pkgutil.iter_modules names
    them; it imports inspect (with ast, dis and tokenize: 6 ms of every start) to do so."""
    suffixes = tuple(importlib.machinery.all_suffixes())  # .py, .pyc, and extension modules'
    names = {name.partition(".")[0] for name in os.listdir(folder) if name.endswith(suffixes)}
    return sorted(names - {"__init__"})


# What a result and the reports call a file's kind: one per module of this package, named after
# it, and OTHER for a file no front end reads. Listed from the package's files without importing
# them, so a front end's module can import this one.
FileKind = enum.Enum(  # type: ignore[misc]  # mypy cannot see members listed at run time
    "FileKind",
    [(name.upper(), name) for name in _module_names(__path__[0])] + [("OTHER", "other")],
    module=__name__,
)
OTHER_KIND: FileKind = FileKind("other")


class NotLinted(Record, frozen=True, slots=True):
    """A file in a front end's format that is not of its kind (YAML without Compose's
    ``services``): skipped with a note saying what it is, and no other front end is asked."""

    description: str


class Parsed(Record, slots=True):
    """A file's model, its problems, and what else parsing it read."""

    model: Node
    problems: list[ParseProblem] = field(default_factory=list)
    # other files read (absolute paths), whose hashes keep a cached result valid
    inputs: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # their texts, by display path
    # files of this kind linted as parts of this one (real paths), whose own results are left out
    parts: list[str] = field(default_factory=list)


class FrontEnd(abc.ABC):
    """One kind of file. A subclass sets ``comment_syntax``, implements ``parse`` and
    ``claims_name`` (or ``claims_path``); every other method gives the answer most kinds have."""

    comment_syntax: ClassVar[CommentSyntax]
    # what a suppression comment the editor inserts silences, as its action names it
    statement: ClassVar[str] = "line"
    # editors' language ids that name this kind when the file name does not (an untitled buffer)
    language_ids: ClassVar[frozenset[str]] = frozenset()
    # asked after every other front end, by name and by content: its names are broad
    # (``Dockerfile.<anything>``), and a narrower kind's take precedence (``Dockerfile.sh``)
    tried_last: ClassVar[bool] = False
    # a small file the language server lints as it starts, loading the parser, so the first
    # document of this kind is linted as fast as the rest; None: the first document loads it
    warm_up: ClassVar[bytes | None] = None

    def __init__(self) -> None:
        self.kind: FileKind = FileKind(type(self).__module__.rpartition(".")[2])

    def claims_name(self, name: str) -> bool:
        """Whether a file named ``name`` is of this kind wherever it is: what discovery takes in
        below a folder."""
        return False

    def claims_path(self, path: str) -> bool:
        """Whether the file at ``path`` is of this kind: by its name, or for a kind known by the
        folders it sits in (``.github/workflows/*.yml``), by those too. ``path`` is relative,
        absolute, or a bare name (stdin's ``--stdin-filename``), spelled by cleaned_path."""
        return self.claims_name(os.path.basename(path))

    def sniff(self, name: str, text: str) -> bool | NotLinted:
        """Whether ``text``, of a file ``name`` that no front end claims by its name (one named
        on the command line, or stdin), is of this kind. NotLinted: the name shows a format only
        this front end reads (any YAML is Compose's), and the text is not of its kind."""
        return False

    def claims_content(self, name: str, read: Callable[[int], bytes]) -> bool:
        """Whether a file named ``name`` below a scanned folder, that no front end claims by its
        name, is of this kind by its content: discovery then takes it in. ``read(size)``: its
        first ``size`` bytes. Asked of every such file, so it must cost little for the files
        that are not of this kind (a look at the name, then a bounded read)."""
        return False

    def disabled(self, options: LintOptions) -> str | None:
        """Why ``options`` turn this kind off (``--no-python``); None when they do not."""
        return None

    def may_hold_findings(self, data: bytes) -> bool | NotLinted:
        """False when a byte-level look shows the file cannot hold anything the rules look at
        (a script that never names a container engine): it is then not parsed. NotLinted: the
        file is not of this kind at all, whatever its name says (a ``.container`` that is no
        unit file): skipped with that note."""
        return True

    @abc.abstractmethod
    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        """The model of ``text``, whose findings name ``path``; ``file``: where it was read from
        (None: stdin, or an editor's unsaved text). Raises ParseProblem when nothing parses."""

    def parse_again(self, text: str, path: str, file: str | None, options: LintOptions, memo: Relint) -> Parsed:
        """``parse`` of a new version of a document, taking what is unchanged from the last
        parse's ``memo.parsed`` (the parser's own, which it keeps there); a kind that keeps
        nothing parses anew."""
        return self.parse(text, path, file, options)

    def built_containers(self, model: Node) -> list[Container]:
        """The containers of ``model`` that build a Dockerfile: it is linted as each builds and
        runs it (hullcheck.engine.builds)."""
        return []

    def statement_starts(self, model: Node) -> Mapping[int, int]:
        """The first line of the statement each line of a statement that spans several belongs
        to: a suppression comment before a statement covers all of it."""
        return {}

    def lines_inside_values(self, text: str) -> Collection[int]:
        """The lines whose end lies inside a value, where a ``#`` appended is part of it: the
        editor puts no suppression comment there."""
        return frozenset()

    def linted_from(self, path: str, options: LintOptions) -> str:
        """The file whose lint covers ``path`` (a Compose override is linted with its project)."""
        return path

    def may_include(self, path: str) -> bool:
        """Whether linting ``path`` may lint other files of this kind as its parts (see
        ``Parsed.parts``): such files are linted first, so their parts are not linted alone."""
        return False


@functools.cache
def front_ends() -> tuple[FrontEnd, ...]:
    """Every front end, in the order they are asked about a file: by kind, those tried last
    after the rest."""
    found = [front_end_of(kind) for kind in FileKind if kind is not OTHER_KIND]
    return tuple(sorted((front_end for front_end in found if front_end is not None), key=_tried_last))


def _tried_last(front_end: FrontEnd) -> bool:
    return front_end.tried_last


@functools.cache
def front_end_of(kind: FileKind) -> FrontEnd | None:
    """The front end of a kind (its module imported, not the others'); None for OTHER."""
    if kind is OTHER_KIND:
        return None
    module = importlib.import_module(f"{__name__}.{kind.value}")
    defined = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, FrontEnd)
        and value.__module__ == module.__name__
        and not value.__abstractmethods__  # as inspect.isabstract, which is 6 ms to import
    ]
    if len(defined) != 1:
        raise RuntimeError(f"{module.__name__} defines {len(defined)} front ends, not one")
    return defined[0]()


# The kind of the files named alone most often (``hullcheck Dockerfile``, a pre-commit hook's one
# changed file), known without asking every front end: their lint imports no other front end
# (the Dockerfile one is asked last, after all the others). Only names whose front end is the
# one asking finds in any folder (not Compose's: ``.github/workflows/compose.yaml`` is a
# workflow): tests/frontends/test_registry.py checks that it is.
KNOWN_NAMES: dict[str, FileKind] = dict.fromkeys(("Dockerfile", "Containerfile"), FileKind("dockerfile"))


@functools.lru_cache(maxsize=1024)  # a scan asks about each file several times (scan, lint, its includes)
def front_end_for_path(path: str) -> FrontEnd | None:
    """The front end of the file at ``path`` by its name and folders; None when only its
    content can tell."""
    where = cleaned_path(path)
    known = KNOWN_NAMES.get(os.path.basename(where))
    if known is not None:
        return front_end_of(known)
    return next((front_end for front_end in front_ends() if front_end.claims_path(where)), None)


def front_end_claiming_content(name: str, read: Callable[[int], bytes]) -> FrontEnd | None:
    """The front end that claims, by its content, a file named ``name`` below a scanned folder
    that no front end claims by name; ``read(size)``: its first ``size`` bytes."""
    return next((front_end for front_end in front_ends() if front_end.claims_content(name, read)), None)


def front_end_for_content(name: str, text: str) -> FrontEnd | NotLinted:
    """The front end of the file ``name`` holding ``text``, for a name no front end claims."""
    for front_end in front_ends():
        verdict = front_end.sniff(name, text)
        if verdict is True:
            return front_end
        if isinstance(verdict, NotLinted):
            return verdict
    return NotLinted("file")


def front_end_for_language(language_id: str) -> FrontEnd | None:
    """The front end an editor's language id names, if any."""
    return next((front_end for front_end in front_ends() if language_id in front_end.language_ids), None)


def kind_of(front_end: FrontEnd | None) -> FileKind:
    """The kind a result of ``front_end`` has: OTHER for none."""
    return front_end.kind if front_end is not None else OTHER_KIND
