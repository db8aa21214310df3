"""A Compose project as Docker Compose loads it, read into one Compose model.

The linted file plus what Compose loads with it: the override file beside it, the files
``COMPOSE_FILE`` names (from the project's ``.env``), or those named with ``--compose-file``;
then ``extends`` (in the file and from others), ``include`` and each service's ``env_file``.
Files are merged as YAML nodes (see :mod:`hullcheck.parsers.compose_merge`), so each value keeps
the file and line that set it, and the merged tree is read once by the Compose parser.

Interpolation uses the project's ``.env`` (or ``--env-file``), then defaults; the process
environment only with ``--use-environment``. Nothing outside the scanned folder is read.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hullcheck.model.container import Container, Extension, MaybeText
from hullcheck.model.span import Interpolated, Located, Span
from hullcheck.parsers.bounds import MAX_EXTENDS_DEPTH
from hullcheck.parsers.compose import ComposeParse, KeptServices, _ComposeParser
from hullcheck.parsers.compose_images import link_built_images
from hullcheck.parsers.compose_merge import OVERRIDE_TAG, RESET_TAG, NodeMerger, without_resets
from hullcheck.parsers.compose_namespaces import link_shared_namespaces
from hullcheck.parsers.compose_volumes import bind_named_volumes
from hullcheck.parsers.dotenv import DotenvEntry, read_dotenv
from hullcheck.parsers.source import ParseProblem, ProjectProblem, UnreadableFile, read_text_file
from hullcheck.parsers.yaml_nodes import compose_yaml, is_mapping, is_scalar, is_sequence
from hullcheck.records import Record, field

# the files ``docker compose`` looks for, in its order, and the override it loads with them
DEFAULT_FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILE_NAMES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
_PROJECT_FILE_NAMES = frozenset(DEFAULT_FILE_NAMES + OVERRIDE_FILE_NAMES)


class ProjectOptions(Record, frozen=True, slots=True):
    compose_files: tuple[str, ...] = ()  # --compose-file: the project's files, first file first
    env_files: tuple[str, ...] = ()  # --env-file: read instead of the project's .env
    use_environment: bool = False
    max_file_size: int = 2 * 1024 * 1024


class ComposeProject(Record, slots=True):
    parse: ComposeParse
    inputs: list[str] = field(default_factory=list)  # absolute paths of the other files read
    sources: dict[str, str] = field(default_factory=dict)  # their texts, by display path


class ProjectVariables(Record, slots=True):
    """Interpolation values, the files looked for (read, or absent: inputs of the result), and
    why any of them present could not be read."""

    values: dict[str, str]
    files: list[Path]
    problems: list[str]


def project_variables(directory: Path | None, options: ProjectOptions) -> ProjectVariables:
    """``--env-file`` or the ``.env`` in ``directory``, then (if asked) the process environment.
    A ``.env`` that is absent is no problem; one that cannot be read as text is one, and gives
    no variable."""
    variables: dict[str, str] = {}
    files = [Path(name) for name in options.env_files] or ([directory / ".env"] if directory else [])
    problems = []
    environment = os.environ if options.use_environment else {}

    def earlier(name: str) -> str | None:  # values look up earlier files and the environment first
        return variables.get(name, environment.get(name))

    for path in files:
        if not options.env_files and not os.path.lexists(path):
            continue  # most projects have no .env: one look, not a failed read and its exception
        try:
            found = read_dotenv(read_text_file(str(path), options.max_file_size), earlier)
            variables.update(found.values())
            if found.error is not None:
                problems.append(f"env file {path.name!r} line {found.error.line}: {found.error.message}")
        except UnreadableFile as unreadable:
            if options.env_files or os.path.lexists(path):
                problems.append(f"env file {path.name!r} {unreadable}")
    if options.use_environment:
        variables.update(os.environ)
    return ProjectVariables(variables, files, problems)


def project_files(
    path: Path, options: ProjectOptions, variables: Mapping[str, str] | None = None, with_override: bool = True
) -> list[Path]:
    """The files of the project the Compose file at ``path`` belongs to, first file first.
    ``variables``: the project's, when the caller has read them already. ``with_override`` False: the
    override file loaded with a default file is not looked for, nor the folder read for it (for a
    caller that needs only the first file).

    ``--compose-file`` names them; else ``COMPOSE_FILE`` in the project's ``.env``; else a file
    with one of Compose's default names is loaded with the override file beside it. A file that
    is none of these is a project of its own. An override file belongs to the project of the
    default file beside it.
    """
    given = [Path(os.path.abspath(name)) for name in options.compose_files]
    absolute = Path(os.path.abspath(path))
    if absolute in given:
        return given
    directory = absolute.parent
    if variables is None:
        variables = project_variables(directory, options).values
    if variables.get("COMPOSE_FILE"):
        separator = variables.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
        named = [Path(os.path.abspath(directory / name)) for name in variables["COMPOSE_FILE"].split(separator) if name]
        if absolute in named:
            return named
    if path.name not in OVERRIDE_FILE_NAMES and (path.name not in DEFAULT_FILE_NAMES or not with_override):
        return [absolute]
    try:  # one look at the folder rather than a stat for each name Compose tries
        present = {name for name in os.listdir(directory) if name in _PROJECT_FILE_NAMES}
    except OSError:
        present = set()
    present = {name for name in present if (directory / name).is_file()}
    default = next((directory / name for name in DEFAULT_FILE_NAMES if name in present), None)
    if path.name in OVERRIDE_FILE_NAMES:
        return project_files(default, options, variables, with_override) if default is not None else [absolute]
    override = _override_for(absolute, present, is_default=default is not None and default.name == path.name)
    return [absolute, override] if override else [absolute]


def first_project_file(path: str, options: ProjectOptions) -> str:
    """The first file of the project the Compose file at ``path`` belongs to, when it is a file;
    else ``path``."""
    first = project_files(Path(path), options, with_override=False)[0]
    return str(first) if first.is_file() else path


def _override_for(path: Path, present: set[str], is_default: bool) -> Path | None:
    """The override file loaded with ``path``: one named like it (``compose.override.yaml`` for
    ``compose.yaml``), or for the file Compose picks in its folder, the first one there.
    ``present``: the Compose file names in its folder."""
    prefix = path.name.rsplit(".", 1)[0] + ".override."
    existing = [name for name in OVERRIDE_FILE_NAMES if name in present]
    alike = [name for name in existing if name.startswith(prefix)]
    if alike:
        return path.parent / alike[0]
    return path.parent / existing[0] if existing and is_default else None


def load_compose_project(
    text: str,
    display: str,
    file: str | None,
    options: ProjectOptions,
    root: str | None,
    kept: KeptServices | None = None,
) -> ComposeProject:
    """The project whose first file is ``file`` (holding ``text``; None: a file of its own, such
    as stdin), read as one model whose findings point into each file; nothing is read outside
    the folder ``root``. Raises ParseProblem when the first file itself does not parse. ``kept``:
    the services of the last parse of an earlier version of the file, taken where they are
    unchanged (see KeptServices)."""
    path = Path(file) if file is not None else None
    directory = path.parent if path is not None else None
    loader = _Loader(display, file, root, options, kept)
    found = project_variables(directory, options)
    variables = found.values
    loader.inputs.extend(os.path.abspath(file) for file in found.files)
    if path is not None and path.name in DEFAULT_FILE_NAMES:  # an override file added later joins the project
        folder = os.path.abspath(path.parent)
        loader.inputs.extend(os.path.join(folder, name) for name in OVERRIDE_FILE_NAMES)
    files = project_files(path, options, variables) if path is not None else []
    first = files and path is not None and files[0] == Path(os.path.abspath(path))
    chain = [_Included(Path(os.path.abspath(path)), None)] if path is not None else []
    parse = loader.load(text, display, directory, files[1:] if first else [], variables, chain)
    parse.problems.extend(ProjectProblem(Span.point(1), problem) for problem in found.problems)
    parse.model.included_parts = loader.included_parts
    return ComposeProject(parse, loader.inputs, loader.sources)


class _Link(Record, frozen=True, slots=True):
    """A service in a chain of ``extends``: its file, its name, and the span of its ``extends``."""

    file: str
    service: str
    at: Span


class _Service(Record, frozen=True, slots=True):
    """A service as written: the ``services`` mapping it is in (of the project, or of a file it
    extends from), its name and node, the folder its paths start from, and its file."""

    services: Any
    name: str
    node: Any
    directory: Path
    file: str


class _Resolved(Record, frozen=True, slots=True):
    """A service with its ``extends`` merged in, how many levels of them, and whether the chain
    was cut at MAX_EXTENDS_DEPTH (the node then keeps the ``extends`` not followed)."""

    node: Any
    depth: int
    cut: bool


class _ExtendsCycle(ProjectProblem):
    """A service that extends itself, through others or not."""


class _Included(Record, frozen=True, slots=True):
    """A file in a chain of ``include``: the file, and the entry that included it (None: the first)."""

    file: Path
    at: Span | None


class _Document(Record, slots=True):
    """A file's composed YAML and what the merges need to read it."""

    root: Any
    display: str
    directory: Path


class ProjectReader:
    """Reads the other files of a Compose project: never outside ``root``, never more than the
    size limit; records each file it looks for (``inputs``, read or absent) and names files as
    findings do."""

    def __init__(self, display: str, path: str | None, root: str | None, max_file_size: int) -> None:
        self.display = display  # the linted file's display path, which other files are named from
        self.path = Path(os.path.abspath(path)) if path is not None else None
        self.given_root = root
        self.max_file_size = max_file_size
        self.inputs: list[str] = []

    @functools.cached_property
    def root(self) -> Path | None:
        """The scanned folder, its links resolved: when a file is first read (most projects read none)."""
        return Path(os.path.realpath(self.given_root)) if self.given_root is not None else None

    def display_of(self, file: Path) -> str:
        """``file`` named as findings name it: relative to the linted file's display path."""
        if self.path is None:
            return file.as_posix()
        relative = os.path.relpath(file, self.path.parent)
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.display), Path(relative).as_posix()))

    def read(self, file: Path, at: Span, what: str) -> str:
        """The text of ``file``, recorded as an input; ProjectProblem (at ``at``) when it cannot be read."""
        shown = self.display_of(file)
        real = Path(os.path.realpath(file))
        if self.root is not None and not real.is_relative_to(self.root):
            raise ProjectProblem(at, f"{what} {shown!r} is outside the scanned folder; not read")
        self.inputs.append(str(real))  # a file missing now may be added later: a cached result then goes stale
        try:
            return read_text_file(str(real), self.max_file_size)
        except UnreadableFile as unreadable:
            raise ProjectProblem(at, f"{what} {shown!r} {unreadable}") from None


class _Loader:
    def __init__(
        self, display: str, path: str | None, root: str | None, options: ProjectOptions, kept: KeptServices | None
    ) -> None:
        self.display = display
        self.options = options
        self.kept = kept
        self.reader = ProjectReader(display, path, root, options.max_file_size)
        self.inputs = self.reader.inputs
        self.sources: dict[str, str] = {}
        self.documents: dict[Path, _Document] = {}
        self.included_parts: list[str] = []  # see ComposeFile.included_parts
        self.extensions: dict[tuple[str, str], Extension] = {}  # the extends merged in, by file and service
        # each services mapping's services with their extends merged in, by name
        self.resolved: dict[Any, dict[str, _Resolved]] = {}
        self.services_by_name: dict[Any, dict[str, Any]] = {}  # see service_named
        self.chain_too_long = False  # reported once

    def document(self, file: Path, at: Span, what: str, parser: _ComposeParser, directory: Path) -> _Document:
        """Another Compose file of the project, composed once; its nodes carry its display path."""
        file = Path(os.path.abspath(file))
        if file not in self.documents:
            text = self.reader.read(file, at, what)
            shown = self.reader.display_of(file)
            self.sources[shown] = text
            self.documents[file] = _Document(compose_yaml(text, shown), shown, directory)
        document = self.documents[file]
        parser.add_file(document.display, self.sources[document.display], str(document.directory))
        return document

    # --- a project -----------------------------------------------------------------------

    def load(
        self,
        text: str,
        shown: str,
        directory: Path | None,
        overrides: Sequence[Path],
        variables: Mapping[str, str],
        chain: list[_Included],
    ) -> ComposeParse:
        """A project: its first file's ``text`` (named ``shown``), merged with ``overrides``;
        relative paths start from ``directory``. ``chain``: this file and the files including it."""
        folder = str(directory) if directory is not None else None
        if shown == self.display:
            # services are taken from the last parse only where nothing is merged onto them
            alone = not overrides and RESET_TAG not in text and OVERRIDE_TAG not in text
            parser = _ComposeParser(text, shown, variables, folder, self.kept if alone else None)
        else:  # an included project: every node is in another file than the linted one
            parser = _ComposeParser("", self.display, variables, None)
            parser.add_file(shown, text, folder)
        root = compose_yaml(text, None if shown == self.display else shown)
        merger = NodeMerger(parser.items)
        base = directory or Path()
        for override in overrides:
            try:  # paths in override files are relative to the first file, as Compose reads them
                document = self.document(override, Span.point(1), "override file", parser, base)
            except ParseProblem as problem:
                parser.problems.append(problem)
                continue
            if is_mapping(root) and is_mapping(document.root):
                root = merger.merge(root, document.root)
        if is_mapping(root) and (overrides or RESET_TAG in text or OVERRIDE_TAG in text):
            root = without_resets(root, parser.items, merger.cleaned)
        services = _value(parser, root, "services") if is_mapping(root) else None
        if services is not None and is_mapping(services):
            services = self.resolve_extends(parser, merger, services, base, shown)
            root = _replaced(parser, root, "services", services)
        included = self.include(parser, root, base, chain)
        parse = parser.parse(root)
        for container in parse.model.containers:
            container.extended_from = self.extensions.get((shown, container.scope.removeprefix("service:")))
        self.add_env_files(parser, parse.model.containers, services)
        if included:
            self.add_included(parse, included)
            link_shared_namespaces(parse.model)  # a sidecar may join a service of an included project
            link_built_images(parse.model)  # or run an image it builds
        return parse

    # --- extends -------------------------------------------------------------------------

    def resolve_extends(
        self, parser: _ComposeParser, merger: NodeMerger, services: Any, directory: Path, file: str
    ) -> Any:
        """``services`` with every ``extends`` merged in; a service that cannot be extended is
        kept as written (with a project problem), so its rules know a part is missing."""
        entries = [
            (key, self.extended(parser, merger, _Service(services, str(key.value), node, directory, file)))
            for key, node in parser.items(services)
        ]
        return type(services)(services.tag, entries, services.start_mark, services.end_mark)

    def extended(self, parser: _ComposeParser, merger: NodeMerger, top: _Service) -> Any:
        """The service ``top`` with its ``extends`` merged in: the chain walked down (never
        recursing) to a service that extends none, one resolved before or a problem, then merged
        back up. A cycle is reported where it starts, from each service that reaches it; a chain
        longer than MAX_EXTENDS_DEPTH once per project, at the ``extends`` that crosses the
        bound, which is not followed: the services above keep that ``extends``, so their rules
        know a part is missing. The services merged on the way are kept (unless the walk met a
        cycle), so a chain within a file is walked once, however many services start it."""
        walked: list[_Service] = []  # the services whose extends is followed, top first
        chain: list[_Link] = []  # and their extends
        current, cycle, cut = top, False, False
        while True:
            base, depth = current.node, 0
            known = self.resolved.get(current.services, {}).get(current.name)
            if known is not None and len(chain) + known.depth <= MAX_EXTENDS_DEPTH:
                base, depth, cut = known.node, known.depth, known.cut
                break
            if known is not None:  # the chain merged below is too long with this walk's part
                self.report_too_long(parser, chain.pop().at)
                current = walked.pop()
                base, cut = current.node, True
                break
            extends = _value(parser, current.node, "extends") if is_mapping(current.node) else None
            if extends is None:
                break
            service = _value(parser, extends, "service") if is_mapping(extends) else None
            link = _Link(current.file, current.name, parser.span(service if service is not None else extends))
            if len(chain) == MAX_EXTENDS_DEPTH:
                self.report_too_long(parser, link.at)
                cut = True
                break
            try:
                following = self.base_of(parser, extends, current, [*chain, link])
            except ParseProblem as problem:
                parser.problems.append(problem)
                cycle = isinstance(problem, _ExtendsCycle)
                break
            walked.append(current)
            chain.append(link)
            current = following
        for extending, link in zip(reversed(walked), reversed(chain), strict=True):
            # the files its inherited values come from: the base's, and those the base inherited from
            earlier = self.extensions.get((current.file, current.name))
            files = frozenset({current.file} | (earlier.files if earlier else set())) - {extending.file}
            self.extensions[extending.file, extending.name] = Extension(Located(current.name, link.at), files)
            inherited = base if cut else _replaced(parser, base, "extends", None)
            base = merger.merge(inherited, _replaced(parser, extending.node, "extends", None))
            depth += 1
            if not cycle:
                self.resolved.setdefault(extending.services, {})[extending.name] = _Resolved(base, depth, cut)
            current = extending
        return base

    def report_too_long(self, parser: _ComposeParser, at: Span) -> None:
        """Report (once per project) an ``extends`` at ``at`` that makes a chain too long."""
        if not self.chain_too_long:
            self.chain_too_long = True
            message = f"'extends' chain longer than {MAX_EXTENDS_DEPTH} levels; not followed further"
            parser.problems.append(ProjectProblem(at, message))

    def base_of(self, parser: _ComposeParser, extends: Any, extending: _Service, chain: list[_Link]) -> _Service:
        """The service ``extends`` (of ``extending``) names, as written. ``chain``: the services
        extending it, each with its ``extends`` span (a cycle is reported where it starts)."""
        at = parser.span(extends)
        if is_scalar(extends):
            service_node, file_node = extends, None
        elif is_mapping(extends):
            service_node, file_node = _value(parser, extends, "service"), _value(parser, extends, "file")
        else:
            raise ProjectProblem(at, "'extends' must be a service name or a mapping with 'service'")
        if service_node is None or not is_scalar(service_node):
            raise ProjectProblem(at, "'extends' names no service")
        at = parser.span(service_node)
        service = _interpolated(parser, service_node)
        base_services, base_directory, base_file = extending.services, extending.directory, extending.file
        if file_node is not None and is_scalar(file_node):
            target = extending.directory / _interpolated(parser, file_node)
            document = self.document(target, parser.span(file_node), "extended file", parser, target.parent)
            base_services = _value(parser, document.root, "services") if is_mapping(document.root) else None
            base_directory, base_file = target.parent, document.display
        for index, earlier in enumerate(chain):
            if (earlier.file, earlier.service) == (base_file, service):
                loop = " -> ".join([*(link.service for link in chain[index:]), service])
                raise _ExtendsCycle(earlier.at, f"'extends' cycle: {loop}")
        base = self.service_named(parser, base_services, service)
        if base is None or not is_mapping(base):
            where = "" if base_file == extending.file else f" in {base_file!r}"
            raise ProjectProblem(at, f"'extends' names service {service!r}, which is not defined{where}")
        return _Service(base_services, service, base, base_directory, base_file)

    def service_named(self, parser: _ComposeParser, services: Any, name: str) -> Any:
        """The service ``name`` of the ``services`` mapping (None: not a mapping, or not there),
        looked up by name once the mapping is indexed: a chain may cross thousands of services."""
        if services is None or not is_mapping(services):
            return None
        if services not in self.services_by_name:
            index: dict[str, Any] = {}
            for key, node in parser.items(services):
                if is_scalar(key):
                    index.setdefault(key.value, node)
            self.services_by_name[services] = index
        return self.services_by_name[services].get(name)

    # --- include -------------------------------------------------------------------------

    def include(self, parser: _ComposeParser, root: Any, directory: Path, chain: list[_Included]) -> list[ComposeParse]:
        """The projects ``include`` names, each loaded with its own variables. ``chain``: the
        files that included this one (a cycle is reported in the file where it starts)."""
        entries = _value(parser, root, "include") if is_mapping(root) else None
        if entries is None or not is_sequence(entries):
            return []
        projects = []
        for entry in entries.value:
            at = parser.span(entry)
            if is_scalar(entry):
                paths, project_directory, env_files = [entry], None, []
            elif is_mapping(entry):
                paths = _scalars(_value(parser, entry, "path"))
                project_directory = _value(parser, entry, "project_directory")
                env_files = _scalars(_value(parser, entry, "env_file"))
            else:
                parser.problems.append(ProjectProblem(at, "an 'include' entry must be a path or a mapping with 'path'"))
                continue
            if not paths:
                parser.problems.append(ProjectProblem(at, "'include' entry names no file"))
                continue
            files = [Path(os.path.abspath(directory / _interpolated(parser, node))) for node in paths]
            cycle = next((index for index, earlier in enumerate(chain) if earlier.file in files), None)
            if cycle is not None:
                loop = [self.reader.display_of(earlier.file) for earlier in chain[cycle:]]
                start = chain[cycle + 1].at if cycle + 1 < len(chain) else at
                message = f"'include' cycle: {' -> '.join([*loop, loop[0]])}"
                parser.problems.append(ProjectProblem(start or at, message))
                continue
            folder = files[0].parent
            if project_directory is not None and is_scalar(project_directory):
                folder = Path(os.path.abspath(directory / _interpolated(parser, project_directory)))
                if folder != files[0].parent:
                    self.included_parts.extend(os.path.realpath(file) for file in files)
            names = [str(directory / _interpolated(parser, node)) for node in env_files]
            try:
                projects.append(self.included(files, folder, names, at, chain))
            except ParseProblem as problem:
                parser.problems.append(problem)
        return projects

    def included(
        self, files: list[Path], directory: Path, env_files: list[str], at: Span, chain: list[_Included]
    ) -> ComposeParse:
        """An included project, with its own variables; relative paths start from ``directory``."""
        options = ProjectOptions(
            env_files=tuple(env_files),
            use_environment=self.options.use_environment,
            max_file_size=self.options.max_file_size,
        )
        variables = project_variables(directory, options)
        self.inputs.extend(os.path.abspath(file) for file in variables.files)
        text = self.reader.read(files[0], at, "included file")
        shown = self.reader.display_of(files[0])
        self.sources[shown] = text
        parse = self.load(text, shown, directory, files[1:], variables.values, [*chain, _Included(files[0], at)])
        parse.problems.extend(ProjectProblem(at, problem) for problem in variables.problems)
        return parse

    def add_included(self, parse: ComposeParse, included: list[ComposeParse]) -> None:
        for project in included:
            parse.problems.extend(project.problems)
            for name, binding in project.model.bound_volumes.items():  # Compose merges their volumes
                parse.model.bound_volumes.setdefault(name, binding)
            defined = {container.scope: container for container in parse.model.containers}
            for container in project.model.containers:
                if container.scope in defined:
                    message = f"{container.subject} is defined both here and in an included project"
                    parse.problems.append(ProjectProblem(container.span, message))
                    continue
                parse.model.containers.append(container)
        bind_named_volumes(parse.model.containers, parse.model.bound_volumes)

    # --- env_file ------------------------------------------------------------------------

    def add_env_files(self, parser: _ComposeParser, containers: list[Container], services: Any) -> None:
        """Each service's ``env_file`` variables, below its ``environment`` (which wins)."""
        if services is None or not is_mapping(services):
            return
        by_scope = {container.scope: container for container in containers}
        for key, node in parser.items(services):
            container = by_scope.get(f"service:{key.value}")
            entries = _value(parser, node, "env_file") if is_mapping(node) else None
            if container is None or entries is None:
                continue
            directory = Path(parser.directories[parser.file_of(entries)] or ".")
            for entry in entries.value if is_sequence(entries) else [entries]:
                path_node, required = entry, True
                if is_mapping(entry):
                    path_node = _value(parser, entry, "path")
                    required_node = _value(parser, entry, "required")
                    required = not (required_node is not None and str(required_node.value).lower() == "false")
                if path_node is None or not is_scalar(path_node):
                    continue
                file = directory / _interpolated(parser, path_node)
                if not required and not file.exists():
                    continue
                try:
                    text = self.reader.read(file, parser.span(path_node), "env_file")
                except ParseProblem as problem:
                    parser.problems.append(problem)
                    continue
                shown = self.reader.display_of(file)
                self.sources[shown] = text
                container.env_files[shown] = parser.span(path_node)
                found = read_dotenv(text, parser.variables.get, shown)
                if found.error is not None:
                    parser.problems.append(ProjectProblem(found.error.span, found.error.message))
                for name, variable in found.entries.items():
                    container.environment.setdefault(name, _env_file_value(variable))


def _env_file_value(entry: DotenvEntry) -> MaybeText:
    """An env_file variable as the container model holds an ``environment`` entry: a value that
    came from variables keeps its template, where a literal ``$`` is ``$$``, as written text."""
    if "$" in entry.template:
        return Interpolated(entry.value, entry.span, entry.template)
    return Located(entry.value, entry.span)


def _value(parser: _ComposeParser, node: Any, key: str) -> Any:
    for key_node, value in parser.items(node):
        if is_scalar(key_node) and key_node.value == key:
            return value
    return None


def _replaced(parser: _ComposeParser, node: Any, key: str, value: Any) -> Any:
    """``node`` with ``key`` set to ``value`` (removed when None)."""
    entries = [
        (k, value if k.value == key else v) for k, v in parser.items(node) if not (value is None and k.value == key)
    ]
    return type(node)(node.tag, entries, node.start_mark, node.end_mark)


def _scalars(node: Any) -> list[Any]:
    if node is None:
        return []
    if is_sequence(node):
        return [item for item in node.value if is_scalar(item)]
    return [node] if is_scalar(node) else []


def _interpolated(parser: _ComposeParser, node: Any) -> str:
    value = parser.interpolate(str(node.value))
    return value if isinstance(value, str) else value.text
