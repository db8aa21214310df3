"""GitLab CI pipelines (``.gitlab-ci.yml`` and the local files it includes) onto the container model.

A job runs its scripts in a container of its ``image`` beside a container for each of its
``services``; both are :class:`Container` of origin GITLAB_CI. The file is read as GitLab reads
it before it runs a job:

- ``include``: local files (a string, ``local:``, wildcards as GitLab expands them, paths from
  the repository's root, taken to be the folder of the file linted) are read with it; an
  included file's jobs and templates are merged under the including file's (mappings key by
  key, anything else replaced). ``project``, ``remote``, ``template`` and ``component``
  includes are never fetched: they are recorded as unread, and a job that extends a template
  hullcheck cannot find is then unknown in what it leaves out, not an error.
- ``extends`` (one name or several, nested up to 11 levels, hidden ``.jobs`` as templates):
  mappings merged key by key, lists and scalars replaced, later parents winning, the job's
  own keys last. ``default:`` (and the older top-level ``image``, ``services``,
  ``before_script``, ``after_script``) fills the keys a job does not set, as ``inherit:
  default`` allows. YAML anchors and merge keys, and ``!reference [job, key …]`` tags, are
  resolved; a reference that names nothing is unknown.
- ``variables`` at the top level (as ``inherit: variables`` allows), in the job and in a
  service are the containers' environment: the job's override the top level's, a service's
  its job's; a job's variables reach its services, as GitLab passes them. A value that uses
  another variable (``$VAR``, ``${VAR}``) is unresolved; ``$$`` is a ``$``, and ``expand:
  false`` keeps the value as written.
- ``before_script`` with ``script``, and ``after_script``, are shell scripts the job's shell
  runs in its container: its ``command``, each a script ``bash -c`` runs (GitLab's runner
  starts bash where the image has it, else sh), located character by character, so the rules
  that read a container's scripts (ShellCheck, pipe-to-shell, dockerd without TLS) see them.
  The docker and podman commands in them are read by the docker CLI parser (origin SHELL).
- ``image`` and each service: a name, or ``{name, entrypoint, docker: {user, platform},
  pull_policy}`` (a service also ``alias``, ``command``, ``variables``). Everything else a
  container could set (privileged mode, capabilities, mounts, devices, namespaces, security
  options, limits) comes from the runner's ``config.toml``: the containers' ``settings_set_by``
  says so, and the rules that report an absent setting leave them alone (see
  hullcheck.model.hardening.may_inherit_settings).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode

from hullcheck.model.commands.whole_scripts import joined
from hullcheck.model.container import Container, EngineClient, ImageBuild, MaybeText, Origin
from hullcheck.model.pipeline import CiPipeline, Extension
from hullcheck.model.shell import ScriptText, ShellCommand, ShellScript
from hullcheck.model.span import Interpolated, Located, Span, Unresolved
from hullcheck.parsers.bounds import MAX_NESTING
from hullcheck.parsers.docker_cli import argv_script, script_calls
from hullcheck.parsers.shell import parse_shell
from hullcheck.parsers.source import ParseProblem, ProjectProblem
from hullcheck.parsers.yaml_nodes import (
    MERGE_TAG,
    NULL_TAG,
    compose_yaml,
    is_mapping,
    is_scalar,
    is_sequence,
    kind_of,
    scalar_text,
    shape,
)
from hullcheck.parsers.yaml_positions import scalar_places, spans_in, value_place
from hullcheck.records import Record, field

# the top-level keys that are not jobs
GLOBAL_KEYS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "before_script", "after_script"}
    | {"cache", "types", "spec"}
)
# the keys ``default:`` (or, older, the top level) gives a job that does not set them, of those
# that define containers
DEFAULT_KEYS = ("image", "services", "before_script", "after_script")
MAX_EXTENDS = 11  # GitLab: "You can use up to eleven levels of inheritance"
MAX_INCLUDES = 150  # GitLab's limit of included files in one pipeline
MAX_REFERENCES = 10  # GitLab: "!reference tags can be nested up to 10 levels"
MAX_WILDCARD_FILES = 20_000  # files looked at to expand one wildcard include
REFERENCE_TAG = "!reference"
# who chooses what a job's container and its services cannot set: privileged mode, capabilities,
# security options, mounts, devices, namespaces and limits
RUNNER = "the GitLab runner's config.toml ([runners.docker])"
_HEADER = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*spec[ \t]*:.*?^---[ \t]*$", re.MULTILINE | re.DOTALL)
# ``$NAME``, ``${NAME}``, an input ``$[[ inputs.name ]]`` (a ``spec:`` header's), or ``$$``
_VARIABLE = re.compile(r"\$(?:\$|\{[^}]*\}?|\[\[|[A-Za-z_][A-Za-z0-9_]*)")
_REMOTE = re.compile(r"https?://", re.IGNORECASE)


class PipelineParse(Record, slots=True):
    model: CiPipeline
    problems: list[ParseProblem]
    inputs: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def without_header(text: str) -> str:
    """``text`` with a ``spec:`` header document (``spec: inputs: …`` then ``---``) blanked
    out, its lines kept so every position stays: the configuration is the document after it."""
    match = _HEADER.match(text)
    if match is None:
        return text
    return re.sub(r"[^\n]", " ", match.group(0)) + text[match.end() :]


def gitlab_text(raw: str, expand: bool = True) -> str | Unresolved:
    """A value as GitLab passes it: ``$$`` is ``$``; another variable (``$CI_COMMIT_SHA``,
    ``${NAME}``) or an input (``$[[ inputs.tag ]]``) makes it unknown. ``expand``: False keeps
    it as written (``expand: false``)."""
    if not expand or "$" not in raw:
        return raw
    parts: list[str] = []
    last = 0
    for match in _VARIABLE.finditer(raw):
        if match.group(0) != "$$":
            return Unresolved(raw, f"uses the CI/CD variable {match.group(0)}")
        parts.append(raw[last : match.start()] + "$")
        last = match.end()
    return "".join(parts) + raw[last:]


def parse_gitlab_ci(
    text: str, path: str, file: str | None, root: str | None = None, max_file_size: int = 2 * 1024 * 1024
) -> PipelineParse:
    """The pipeline of ``text`` (named ``path``, read from ``file``) and the local files it
    includes, never outside ``root``. Raises ParseProblem when its YAML does not parse."""
    reader = _Reader(text, path, file, root, max_file_size)
    return reader.parse()


class _Reader:
    def __init__(self, text: str, path: str, file: str | None, root: str | None, max_file_size: int) -> None:
        from hullcheck.parsers.compose_project import ProjectReader

        self.own_text = text
        self.path = path
        self.file = Path(os.path.abspath(file)) if file is not None else None
        self.files = ProjectReader(path, file, root, max_file_size)
        self.lines: dict[str, list[str]] = {path: text.splitlines()}
        self.sources: dict[str, str] = {}
        self.problems: list[ParseProblem] = []
        self.model = CiPipeline(path)
        # by id, with the node itself: holding it keeps its id from being reused by a new node
        self.resolved_items: dict[int, tuple[Any, list[tuple[Any, Any]]]] = {}
        self.merged_keys: set[int] = set()  # ids of key nodes a merge key brings into a mapping
        # where each variable's value node is written as it reads (see Container.environment_at),
        # by the ids of its key and value, with them; found once, as jobs share their templates'
        self.value_places: dict[tuple[int, int], tuple[Any, Any, Span | None]] = {}
        self.merges: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
        self.top: dict[str, tuple[Any, Any]] = {}
        self.jobs: dict[str, Any] = {}  # each job with its extends merged in, by name
        self.unknown_parents: dict[str, Located[str | Unresolved]] = {}  # jobs extending what was not read
        self.included: set[Path] = set()

    # --- YAML ---------------------------------------------------------------------------

    def file_of(self, node: Any) -> str:
        name = node.start_mark.name
        return name if name in self.lines else self.path

    def span(self, node: Any) -> Span:
        name = self.file_of(node)
        start, end = node.start_mark, node.end_mark
        last, after = end.line + 1, end.column + 1
        if end.column == 0 and end.line > start.line:  # a block scalar ends at the start of the next line
            rows = self.lines[name]
            last -= 1
            after = len(rows[last - 1]) + 1 if last <= len(rows) else 1
        return Span(start.line + 1, start.column + 1, last, after, None if name == self.path else name)

    def items(self, node: Any, depth: int = 0) -> list[tuple[Any, Any]]:
        """A mapping's keys and values, YAML merge keys (``<<: *defaults``) resolved, the
        mapping's own keys winning, the first merged mapping before the next; once per node (a
        merge cycle resolves to nothing)."""
        if not is_mapping(node):
            return []
        cached = self.resolved_items.get(id(node))
        if cached is not None:
            return cached[1]
        self.resolved_items[id(node)] = (node, [])
        own: dict[str, tuple[Any, Any]] = {}
        merged: dict[str, tuple[Any, Any]] = {}
        for key, value in node.value:
            if key.tag != MERGE_TAG:
                own[scalar_text(key)] = (key, value)
            elif depth < MAX_NESTING:
                for source in value.value if is_sequence(value) else [value]:
                    for name, pair in self.mapping(source, depth + 1).items():
                        merged.setdefault(name, pair)
                        self.merged_keys.add(id(pair[0]))
        found = [pair for name, pair in merged.items() if name not in own] + list(own.values())
        self.resolved_items[id(node)] = (node, found)
        return found

    def mapping(self, node: Any, depth: int = 0) -> dict[str, tuple[Any, Any]]:
        return {scalar_text(key): (key, value) for key, value in self.items(node, depth)}

    def values(self, node: Any) -> dict[str, Any]:
        """A mapping's values by key, each ``!reference`` resolved; nulls left out (unset)."""
        found = {}
        for name, (_key, written) in self.mapping(self.deref(node)).items():
            value = self.deref(written)
            if not (is_scalar(value) and value.tag == NULL_TAG):
                found[name] = value
        return found

    def deref(self, node: Any, depth: int = 0) -> Any:
        """``!reference [job, key, …]``: the value it names (itself when it names nothing)."""
        if getattr(node, "tag", None) != REFERENCE_TAG or not is_sequence(node) or depth >= MAX_REFERENCES:
            return node
        names = [scalar_text(item) for item in node.value]
        if not names or names[0] not in self.top:
            return node
        found = self.top[names[0]][1]
        for name in names[1:]:
            pair = self.mapping(self.deref(found, depth + 1)).get(name)
            if pair is None:
                return node
            found = pair[1]
        return self.deref(found, depth + 1)

    def text(self, node: Any, expand: bool = True) -> MaybeText:
        span = self.span(node)
        if getattr(node, "tag", None) == REFERENCE_TAG:
            return Located(Unresolved("!reference", "a !reference hullcheck cannot resolve"), span)
        if not is_scalar(node) or node.tag == NULL_TAG:
            return Located(Unresolved("", f"not a single value: {kind_of(node)}"), span)
        raw = str(node.value)
        value = gitlab_text(raw, expand)
        if isinstance(value, str) and value != raw:  # a ``$$``: the text as written says it is literal
            return Interpolated(value, span, raw)
        return Located(value, span)

    def expect(self, key: str, node: Any, kinds: tuple[str, ...], what: str) -> bool:
        """Whether ``node`` is of one of ``kinds``; a problem naming ``key`` when it is not."""
        if shape(node) in kinds or getattr(node, "tag", None) == REFERENCE_TAG:
            return True
        self.problems.append(ParseProblem(self.span(node), f"{key!r} must be {what}, found {kind_of(node)}"))
        return False

    def merged(self, base: Any, over: Any, depth: int = 0) -> Any:
        """``over`` merged onto ``base`` as ``extends`` and ``include`` merge: mappings key by
        key, anything else replaced. The result is built from the original nodes, so each value
        keeps where it is written."""
        if not (is_mapping(base) and is_mapping(over)) or depth >= MAX_NESTING:
            return over
        pair = (id(base), id(over))
        if pair not in self.merges:
            result = dict(self.mapping(base))
            for name, (key, value) in self.mapping(over).items():
                result[name] = (key, self.merged(result[name][1], value, depth + 1) if name in result else value)
            node = MappingNode(over.tag, list(result.values()), over.start_mark, over.end_mark)
            self.merges[pair] = (base, over, node)
        return self.merges[pair][2]

    # --- the files ----------------------------------------------------------------------

    def parse(self) -> PipelineParse:
        root = compose_yaml(without_header(self.own_text))
        result = PipelineParse(self.model, self.problems, self.files.inputs, self.sources)
        if root is None or (is_scalar(root) and root.tag == NULL_TAG):
            return result
        if not is_mapping(root):
            raise ParseProblem(self.span(root), "a GitLab CI configuration must be a mapping at the top level")
        chain = [Path(os.path.realpath(self.file))] if self.file is not None else []
        self.included.update(chain)
        layers = [*self.includes(root, chain), root]
        for layer in layers:
            for name, (key, value) in self.mapping(layer).items():
                previous = self.top.get(name)
                self.top[name] = (key, self.merged(previous[1], value) if previous else value)
        self.read_jobs()
        return result

    def includes(self, root: Any, chain: list[Path]) -> Iterator[Any]:
        """The top-level mappings of the files ``root`` includes, each after those it includes."""
        pair = self.mapping(root).get("include")
        if pair is None:
            return
        entries = self.deref(pair[1])
        for entry in entries.value if is_sequence(entries) else [entries]:
            for file, at in self.local_files(self.deref(entry), chain):
                yield from self.included_file(file, at, chain)

    def local_files(self, entry: Any, chain: list[Path]) -> list[tuple[Path, Span]]:
        """The local files an ``include`` entry names (in a file that ``chain`` ends with); the
        others are recorded as unread."""
        span = self.span(entry)
        if is_scalar(entry) and entry.tag != NULL_TAG:
            located = self.text(entry)
            if isinstance(located.value, str) and _REMOTE.match(located.value):
                self.model.unread_includes.append(Located(f"remote {located.value}", span))
                return []
        elif is_mapping(entry):
            fields = self.values(entry)
            if "local" not in fields:
                kinds = [kind for kind in ("project", "remote", "template", "component") if kind in fields]
                shown = f"{kinds[0]} {scalar_text(fields[kinds[0]])}" if kinds else "include"
                self.model.unread_includes.append(Located(shown.strip(), span))
                return []
            entry = fields["local"]
            located = self.text(entry)
        else:
            if not (is_scalar(entry) and entry.tag == NULL_TAG):
                message = f"each 'include' must be a file name or a mapping, found {kind_of(entry)}"
                self.problems.append(ParseProblem(span, message))
            return []
        name = located.value
        if isinstance(name, Unresolved):
            self.model.unread_includes.append(Located(f"local {name.text}", span))
            return []
        if self.file is None:  # stdin, or an editor's buffer: no repository to read from
            self.model.unread_includes.append(Located(f"local {name}", span))
            return []
        base = self.file.parent
        if "*" not in name:
            return [(base / name.lstrip("/"), located.span)]
        matches = wildcard_matches(base, name)
        if not matches:
            self.problems.append(ProjectProblem(located.span, f"include {name!r} matches no file"))
        # a wildcard that matches the file it is written in (``ci/*.yml`` in ``ci/all.yml``) or
        # one that includes it does not include it again: only a file named alone makes a loop
        return [(match, located.span) for match in matches if Path(os.path.realpath(match)) not in chain]

    def included_file(self, file: Path, at: Span, chain: list[Path]) -> Iterator[Any]:
        real = Path(os.path.realpath(file))
        shown = self.files.display_of(file)
        if real in chain:
            names = " -> ".join(self.files.display_of(step) for step in [*chain, file])
            self.problems.append(ProjectProblem(at, f"include loop: {names}"))
            return
        if real in self.included:  # GitLab reads a file included twice once
            return
        if len(self.included) > MAX_INCLUDES:
            self.problems.append(ProjectProblem(at, f"more than {MAX_INCLUDES} files included; {shown!r} not read"))
            return
        self.included.add(real)
        try:
            text = self.files.read(file, at, "included file")
        except ProjectProblem as unreadable:
            missing = ProjectProblem(at, f"included file {shown!r} does not exist")
            self.problems.append(unreadable if file.exists() else missing)
            return
        self.sources[shown] = text
        self.lines[shown] = text.splitlines()
        if file.name in (".gitlab-ci.yml", ".gitlab-ci.yaml"):
            self.model.included_parts.append(str(real))
        try:
            root = compose_yaml(without_header(text), shown)
        except ParseProblem as problem:
            self.problems.append(problem)
            return
        if not is_mapping(root):
            if not (root is None or (is_scalar(root) and root.tag == NULL_TAG)):
                message = "an included GitLab CI file must be a mapping at the top level"
                self.problems.append(ParseProblem(self.span(root), message))
            return
        yield from self.includes(root, [*chain, real])
        yield root

    # --- jobs ---------------------------------------------------------------------------

    def read_jobs(self) -> None:
        defaults = self.defaults()
        global_places: dict[str, Span] = {}
        global_variables = self.variables(self.top["variables"][1], global_places) if "variables" in self.top else {}
        for name, (key, node) in self.top.items():
            if name in GLOBAL_KEYS or name.startswith("."):
                continue
            if not is_mapping(node):
                if not (is_scalar(node) and node.tag == NULL_TAG):
                    message = f"job {name!r} must be a mapping, found {kind_of(node)}"
                    self.problems.append(ParseProblem(self.span(node), message))
                continue
            job = self.job(name, [])
            fields = self.values(job)
            if "trigger" in fields and "script" not in fields:
                continue  # a trigger job starts another pipeline, no container
            self.read_job(name, key, fields, defaults, global_variables, global_places)

    def defaults(self) -> dict[str, Any]:
        """What ``default:`` gives a job, over the top-level keys of old."""
        found = {key: self.deref(self.top[key][1]) for key in DEFAULT_KEYS if key in self.top}
        if "default" in self.top and self.expect(
            "default", self.deref(self.top["default"][1]), ("mapping",), "a mapping"
        ):
            found.update(
                {key: value for key, value in self.values(self.top["default"][1]).items() if key in DEFAULT_KEYS}
            )
        return {key: value for key, value in found.items() if not (is_scalar(value) and value.tag == NULL_TAG)}

    def job(self, name: str, chain: list[str]) -> Any:
        """The job (or template) ``name`` with what it ``extends`` merged in."""
        if name in self.jobs:
            return self.jobs[name]
        node = self.top[name][1]
        fields = self.mapping(node)
        if "extends" not in fields or not is_mapping(node):
            self.jobs[name] = node
            return node
        self.jobs[name] = node  # a loop back here reads the job as written
        extends = self.deref(fields["extends"][1])
        parents = [self.text(item) for item in extends.value] if is_sequence(extends) else [self.text(extends)]
        base = None
        for parent in parents:
            target = parent.value
            if not isinstance(target, str):
                self.unknown_parents[name] = parent
            elif target in chain or target == name:
                loop = " -> ".join([*chain, name, target])
                self.problems.append(ProjectProblem(parent.span, f"extends loop: {loop}"))
            elif target not in self.top:
                if self.model.unread_includes:
                    self.unknown_parents[name] = parent
                else:
                    message = f"job {name!r} extends {target!r}, which this pipeline does not define"
                    self.problems.append(ProjectProblem(parent.span, message))
            elif len(chain) >= MAX_EXTENDS:
                message = f"job {name!r} extends more than {MAX_EXTENDS} levels deep; GitLab refuses it"
                self.problems.append(ProjectProblem(parent.span, message))
            else:
                message = f"job {name!r} extends {target!r} here"
                self.model.extensions.append(Extension(self.span(self.top[target][1]), parent.span, message))
                inherited = self.job(target, [*chain, name])
                base = inherited if base is None else self.merged(base, inherited)
                if target in self.unknown_parents:
                    self.unknown_parents.setdefault(name, self.unknown_parents[target])
        own = [(key, value) for key, value in self.items(node) if scalar_text(key) != "extends"]
        mine = MappingNode(node.tag, own, node.start_mark, node.end_mark)
        self.jobs[name] = mine if base is None else self.merged(base, mine)
        return self.jobs[name]

    def inherit(self, fields: dict[str, Any], what: str) -> Callable[[str], bool]:
        """Whether the job takes ``default`` keys or top-level variables, as ``inherit`` says."""
        inherit = self.values(fields["inherit"]).get(what) if "inherit" in fields else None
        if inherit is None:
            return lambda _name: True
        if is_sequence(inherit):
            chosen = {scalar_text(item) for item in inherit.value}
            return lambda name: name in chosen
        flag = scalar_text(inherit).lower()
        return lambda _name: flag != "false"

    def read_job(
        self,
        name: str,
        key: Any,
        fields: dict[str, Any],
        defaults: dict[str, Any],
        global_variables: dict[str, MaybeText],
        global_places: dict[str, Span],
    ) -> None:
        takes_default = self.inherit(fields, "default")
        takes_variable = self.inherit(fields, "variables")
        for setting, value in defaults.items():
            if setting not in fields and takes_default(setting):
                fields[setting] = value
                message = f"job {name!r} takes {setting!r} from the defaults"
                self.model.extensions.append(Extension(self.span(value), self.span(key), message))
        environment = {variable: value for variable, value in global_variables.items() if takes_variable(variable)}
        places = {variable: place for variable, place in global_places.items() if takes_variable(variable)}
        if "variables" in fields:
            environment.update(self.variables(fields["variables"], places))
        subject = f"job '{name}'"
        container = Container(
            subject,
            self.span(key),
            Origin.GITLAB_CI,
            scope=f"job:{name}",
            environment=environment,
            environment_at=places,
            settings_set_by=RUNNER,
        )
        if name in self.unknown_parents:
            container.extends = self.unknown_parents[name]
        if "image" in fields:
            self.image(container, fields["image"])
        container.command = self.scripts(fields)
        self.model.nodes.append(container)
        services = fields.get("services")
        if services is not None and self.expect("services", services, ("list",), "a list"):
            for entry in self.flattened(services):
                service = self.service(name, entry, environment, places)
                if service is not None:
                    self.model.nodes.append(service)
        if container.command is not None:
            calls = script_calls(container.command, Origin.SHELL)
            started: list[Container | ImageBuild | EngineClient] = [*calls.containers, *calls.builds, *calls.clients]
            for node in started:
                node.subject = f"{node.subject} in {subject}"
                self.model.nodes.append(node)

    def variables(self, node: Any, places: dict[str, Span] | None = None) -> dict[str, MaybeText]:
        """``variables``: each value a string (or number), or ``{value, description, expand}``.
        ``places``, when given, gets where each value is written (see Container.environment_at)."""
        places = {} if places is None else places
        node = self.deref(node)
        if not self.expect("variables", node, ("mapping",), "a mapping"):
            return {}
        found: dict[str, MaybeText] = {}
        for key, written in self.items(node):
            name, value = scalar_text(key), self.deref(written)
            places.pop(name, None)
            expand = True
            if is_mapping(value):
                settings = self.values(value)
                expand = scalar_text(settings["expand"]).lower() != "false" if "expand" in settings else True
                if "value" not in settings:
                    found[name] = Located(Unresolved("", f"{name} has no value here"), self.span(key))
                    continue
                value = settings["value"]
            if is_scalar(value) and value.tag == NULL_TAG:
                found[name] = Located(Unresolved("", f"{name} has no value here"), self.span(key))
                continue
            found[name] = self.text(value, expand)
            if value is written and id(key) not in self.merged_keys and (place := self.value_place(key, value)):
                places[name] = place
        return found

    def value_place(self, key: Any, value: Any) -> Span | None:
        """Where the scalar ``value`` of ``key`` is written as it reads (see value_place)."""
        pair = (id(key), id(value))
        if pair not in self.value_places:
            file = self.file_of(value)
            place = (
                value_place(value, self.lines[file], self.span(value), key.end_mark)
                if file == self.file_of(key)
                else None
            )
            self.value_places[pair] = (key, value, place)
        return self.value_places[pair][2]

    def flattened(self, node: Any, depth: int = 0) -> Iterator[Any]:
        """A list's items, the lists in it (``!reference`` to another list) flattened, as GitLab
        flattens them (up to 10 levels)."""
        node = self.deref(node)
        for written in node.value if is_sequence(node) and node.tag != REFERENCE_TAG else [node]:
            item = self.deref(written)
            if item.tag == REFERENCE_TAG:
                continue  # a !reference that names nothing: unknown
            if is_sequence(item) and depth < MAX_REFERENCES:
                yield from self.flattened(item, depth + 1)
            elif not (is_scalar(item) and item.tag == NULL_TAG):
                yield item

    def image(self, container: Container, node: Any) -> None:
        """``image``: a name, or ``{name, entrypoint, docker: {user, platform}, pull_policy}``."""
        if not self.expect("image", node, ("scalar", "mapping"), "a string or a mapping"):
            return
        if is_mapping(node):
            fields = self.values(node)
            if "entrypoint" in fields:
                container.entrypoint = self.argv("entrypoint", fields["entrypoint"])
            if "pull_policy" in fields:
                policy = fields["pull_policy"]
                first = next(self.flattened(policy), policy) if is_sequence(policy) else policy
                container.pull_policy = self.text(first)
            if "docker" in fields and self.expect("docker", fields["docker"], ("mapping",), "a mapping"):
                docker = self.values(fields["docker"])
                container.user = self.text(docker["user"]) if "user" in docker else None
                container.platform = self.text(docker["platform"]) if "platform" in docker else None
            if "name" not in fields:
                message = "an image or service mapping must have a 'name'"
                self.problems.append(ParseProblem(self.span(node), message))
                return
            node = fields["name"]
        located = self.text(node)
        invalid = container.set_image(located)
        if invalid is not None:
            self.problems.append(ParseProblem(located.span, invalid))

    def service(
        self, job: str, node: Any, environment: dict[str, MaybeText], places: dict[str, Span]
    ) -> Container | None:
        """A service: a name, or ``{name, alias, entrypoint, command, variables, pull_policy,
        docker: {user, platform}}``; it gets its job's variables, under its own."""
        if not self.expect("services", node, ("scalar", "mapping"), "a list of names or mappings"):
            return None
        fields = self.values(node) if is_mapping(node) else {"name": node}
        shown = scalar_text(fields.get("alias") or fields.get("name")) or "service"
        service = Container(
            f"service '{shown}' of job '{job}'",
            self.span(node),
            Origin.GITLAB_CI,
            scope=f"job:{job}/service:{shown}",
            environment=dict(environment),
            environment_at=dict(places),
            settings_set_by=RUNNER,
        )
        self.image(service, node)
        if "variables" in fields:
            service.environment.update(self.variables(fields["variables"], service.environment_at))
        if "command" in fields:
            service.command = self.argv("command", fields["command"])
        return service

    def argv(self, key: str, node: Any) -> ShellScript | None:
        """An ``entrypoint`` or ``command``: a list of words (a string is one), the strings it
        hands ``sh -c`` parsed as scripts. ``[""]`` unsets the image's entrypoint."""
        if not self.expect(key, node, ("scalar", "list"), "a string or a list"):
            return None
        words: list[Located[str]] = []
        sources: list[ScriptText] = []
        for item in self.flattened(node):
            located = self.text(item)
            value = located.value
            words.append(Located(value.text if isinstance(value, Unresolved) else value, located.span))
            sources.append(self.source_text(item, words[-1].value, located.span))
        if not any(word.value for word in words):
            return ShellScript()
        return argv_script(words, sources)

    def source_text(self, node: Any, value: str, span: Span) -> ScriptText:
        """A scalar's value with each offset mapped to where its character is written."""
        if is_scalar(node) and node.value == value:
            places = scalar_places(node, self.lines[self.file_of(node)])
            if places is not None:
                return ScriptText(value, spans_in(places, span))
        return ScriptText(value, _at(span), exact=False)

    def scripts(self, fields: dict[str, Any]) -> ShellScript | None:
        """``before_script`` and ``script`` (one shell runs both), then ``after_script`` (a shell
        of its own): each a script run by ``bash -c``, its lines joined as the runner joins them."""
        script = ShellScript()
        for keys in (("before_script", "script"), ("after_script",)):
            pieces: list[tuple[str, ScriptText]] = []
            for key in keys:
                if key not in fields or not self.expect(key, fields[key], ("scalar", "list"), "a string or a list"):
                    continue
                for item in self.flattened(fields[key]):
                    located = self.text(item, expand=False)
                    if isinstance(located.value, str):
                        pieces.append((located.value, self.source_text(item, located.value, located.span)))
                        pieces.append(("\n", ScriptText("\n", _at(located.span), exact=False)))
            if not pieces:
                continue
            source = joined(pieces)
            runner_at = pieces[0][1].span_of(0, 0)
            words = (Located("bash", runner_at), Located("-c", runner_at))
            runner = ShellCommand(words, ("bash", "-c"), runner_at)
            try:
                parsed = parse_shell(source.text, source.span_of, exact=source.exact, runner=runner)
            except ParseProblem as problem:
                self.problems.append(problem)
                continue
            script.pipelines.extend(parsed.pipelines)
        return script if script.pipelines else None


def _at(span: Span) -> Callable[[int, int], Span]:
    """Every offset of a text at ``span``."""
    return lambda _start, _end: span


def wildcard_matches(base: Path, pattern: str) -> list[Path]:
    """The files below ``base`` a wildcard ``include: local`` names, as GitLab expands it: ``*``
    any characters but ``/``, ``**`` any characters, ``**/`` any folders or none; nothing else
    is special. Sorted, as GitLab lists them; at most MAX_WILDCARD_FILES files are looked at."""
    expression = re.escape(pattern.lstrip("/"))
    expression = expression.replace(r"\*\*/", "(?:.*?/)?").replace(r"\*\*", ".*?").replace(r"\*", "[^/]*?")
    compiled = re.compile(expression)
    found: list[Path] = []
    seen = 0
    for folder, folders, files in os.walk(base):
        folders[:] = sorted(name for name in folders if name != ".git")
        for name in files:
            seen += 1
            if seen > MAX_WILDCARD_FILES:
                return sorted(found)
            relative = os.path.relpath(os.path.join(folder, name), base).replace(os.sep, "/")
            if compiled.fullmatch(relative):
                found.append(Path(folder) / name)
    return sorted(found)
