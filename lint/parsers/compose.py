"""Compose file parser: YAML nodes (see hullcheck.parsers.yaml_nodes) to the container model,
with exact spans. Merge keys are resolved here; every value keeps the span of the node that set
it, so a value merged from an anchor points at the anchor's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from hullcheck.model.container import (
    BuildSpec,
    ComposeFile,
    Container,
    Healthcheck,
    InlineDockerfile,
    InlineLine,
    ListEnd,
    MaybeText,
    Mount,
    PortMapping,
    VolumesFrom,
)
from hullcheck.model.shell import Pipeline, ScriptText, ShellCommand, ShellScript
from hullcheck.model.span import Interpolated, LineOrigin, Located, MovingSpan, Span, Unresolved
from hullcheck.model.values import compose_bool
from hullcheck.model.versions import LastVersion
from hullcheck.parsers.bounds import MAX_NESTING, MAX_YAML_NODES
from hullcheck.parsers.compose_images import link_built_images
from hullcheck.parsers.compose_namespaces import link_shared_namespaces
from hullcheck.parsers.compose_schema import (
    TOP_LEVEL,
    legacy_layout,
    looks_like_service,
    misspelt_services,
    unknown_keys,
)
from hullcheck.parsers.compose_volumes import bind_named_volumes, bound_volumes
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.source import ParseProblem, SchemaProblem
from hullcheck.parsers.specs import short_port, short_volume, split_volume_spec
from hullcheck.parsers.variables import substitute
from hullcheck.parsers.yaml_nodes import (
    MERGE_TAG,
    NULL_TAG,
    compose_yaml,
    is_mapping,
    is_scalar,
    is_sequence,
    kind_of,
    may_construct,
    scalar_text,
    sequence,
    shape,
)
from hullcheck.parsers.yaml_positions import Place, scalar_places, spans_in, value_place
from hullcheck.records import Record, replace

_LIMIT_KEYS = {"mem_limit": "memory", "pids_limit": "pids", "cpus": "cpus"}
# what str.splitlines ends a line at and YAML does not (or not in every version): a file with one
# has marks whose line numbers are not those of its lines
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


class _Expected(Record, frozen=True, slots=True):
    """What a key must hold: ``kinds`` of node (``scalar``, ``list``, ``mapping``), and for a
    list what each entry must be; ``what`` and ``entry`` say it in messages."""

    kinds: frozenset[str]
    what: str
    entries: frozenset[str] = frozenset()
    entry: str = ""


_TEXT = _Expected(frozenset({"scalar"}), "a string")
_FLAG = _Expected(frozenset({"scalar"}), "true or false")
_AMOUNT = _Expected(frozenset({"scalar"}), "a number or a string")
_MAPPING = _Expected(frozenset({"mapping"}), "a mapping")
_TEXT_OR_MAPPING = _Expected(frozenset({"scalar", "mapping"}), "a string or a mapping")
_TEXTS = _Expected(frozenset({"list"}), "a list", frozenset({"scalar"}), "a string")
_SPECS = _Expected(frozenset({"list"}), "a list", frozenset({"scalar", "mapping"}), "a string or a mapping")
_ARGV = _Expected(frozenset({"scalar", "list"}), "a string or a list", frozenset({"scalar"}), "a string")

# The type of every key hullcheck reads, by its path below a service: a value of another type
# is a parse problem naming the key and is not read (null means unset and is always allowed);
# a list entry of another type is a parse problem and reads as unknown.
_EXPECTED: dict[str, _Expected] = {
    **dict.fromkeys(
        ("image", "user", "container_name", "network_mode", "net", "pid", "ipc", "uts", "userns_mode", "cgroup"),
        _TEXT,
    ),
    **dict.fromkeys(("platform", "isolation"), _TEXT),
    **dict.fromkeys(("privileged", "read_only"), _FLAG),
    **dict.fromkeys(_LIMIT_KEYS, _AMOUNT),
    **dict.fromkeys(
        ("cap_add", "cap_drop", "security_opt", "device_cgroup_rules", "expose", "profiles", "volumes_from"), _TEXTS
    ),
    **dict.fromkeys(("devices", "volumes", "ports"), _SPECS),
    **dict.fromkeys(("command", "entrypoint", "healthcheck.test"), _ARGV),
    "healthcheck": _MAPPING,
    "healthcheck.disable": _FLAG,
    **dict.fromkeys(("build", "extends"), _TEXT_OR_MAPPING),
    "environment": _Expected(frozenset({"list", "mapping"}), "a list or a mapping", frozenset({"scalar"}), "a string"),
    **dict.fromkeys(("deploy", "deploy.resources", "deploy.resources.limits"), _MAPPING),
    **dict.fromkeys(
        ("build.context", "build.dockerfile", "build.dockerfile_inline", "build.target", "build.network"), _TEXT
    ),
    "build.privileged": _FLAG,
    "pull_policy": _TEXT,
    "build.entitlements": _TEXTS,
    "build.args": _Expected(frozenset({"list", "mapping"}), "a list or a mapping", frozenset({"scalar"}), "a string"),
}


class ComposeParse(Record, slots=True):
    model: ComposeFile
    problems: list[ParseProblem]


def parse_compose(text: str, path: str, variables: Mapping[str, str]) -> ComposeParse:
    """Parse ``text``; ``variables`` are what interpolation may use. Raises ParseProblem
    when the YAML itself does not parse."""
    root = compose_yaml(text)
    parser = _ComposeParser(text, path, variables)
    return parser.parse(root)


class KeptServices:
    """The services a parse of a document read, for the parse of its next version (the language
    server keeps one for each open document): a service written as before, where it was, in a
    file read with the same name, folder and variables, is the same container, taken with the
    problems reading it found (see _ComposeParser.service_again)."""

    def __init__(self) -> None:
        self.context: tuple[object, ...] | None = None  # the file's name, folder and variables
        self.token = object()  # part of each service's key: a new one for each new context
        # by key (see service_again): the container, its mounts as read (before the project binds
        # named volumes), and the problems reading it found
        self.services: LastVersion[tuple[Container, list[Mount], list[ParseProblem]]] = LastVersion()

    def start(self, context: tuple[object, ...]) -> None:
        if context != self.context:
            self.context, self.token = context, object()
            self.services.forget()
        self.services.start()


class _ComposeParser:
    def __init__(
        self,
        text: str,
        path: str,
        variables: Mapping[str, str],
        directory: str | None = None,
        kept: KeptServices | None = None,
    ) -> None:
        self.path = path
        self.variables = variables
        # every file whose nodes this parser reads (a project's overrides and extended files too),
        # by the name their YAML marks carry: their lines, and the folder their relative paths start from
        self.lines: dict[str, list[str]] = {path: text.splitlines()}
        self.directories: dict[str, str | None] = {path: directory}
        self.may_construct = may_construct(text)  # whether any file may hold a Python tag
        self.problems: list[ParseProblem] = []
        # by id, with the node itself: holding it keeps its id from being reused by a new node
        self.resolved_mappings: dict[int, tuple[Any, list[tuple[Any, Any]]]] = {}
        self.forbidden: set[int] = set()  # ids of nodes with a tag that constructs objects
        self.merged_keys: set[int] = set()  # ids of key nodes a merge key brings into a mapping
        # a file whose lines str.splitlines counts as YAML does: a service's lines are its text
        self.kept = kept if kept is not None and _OTHER_LINE_BREAKS.search(text) is None else None
        self.origin: LineOrigin | None = None  # the spans of the service being read move with it (see service_again)

    # --- YAML helpers -------------------------------------------------------------------

    def add_file(self, name: str, text: str, directory: str | None) -> None:
        """Another file of the project: its nodes carry ``name`` in their marks (its display path)."""
        self.lines[name] = text.splitlines()
        self.directories[name] = directory
        self.may_construct = self.may_construct or may_construct(text)

    def file_of(self, node: Any) -> str:
        name = node.start_mark.name
        return name if name in self.lines else self.path

    def span(self, node: Any) -> Span:
        start, end = node.start_mark, node.end_mark
        name = self.file_of(node)
        lines = self.lines[name]
        end_line, end_column = end.line + 1, end.column + 1
        if end.column == 0 and end.line > start.line:  # block scalars end at the next line
            end_line -= 1
            end_column = len(lines[end_line - 1]) + 1 if end_line <= len(lines) else 1
        path = None if name == self.path else name
        if self.origin is not None:
            return MovingSpan(self.origin, start.line + 1, start.column + 1, end_line, end_column, path)
        return Span(start.line + 1, start.column + 1, end_line, end_column, path)

    def items(self, node: Any) -> list[tuple[Any, Any]]:
        """A mapping's key and value nodes, merge keys resolved; explicit keys win.

        Resolved once per node: merge keys that reuse anchors many times over (a merge-key
        alias bomb) cost one resolution each, and a merge cycle resolves to nothing.
        """
        if not is_mapping(node):
            return []
        cached = self.resolved_mappings.get(id(node), (None, None))[1]
        if cached is not None:
            return cached
        self.resolved_mappings[id(node)] = (node, [])
        explicit: dict[str, tuple[Any, Any]] = {}
        merged: dict[str, tuple[Any, Any]] = {}
        for key, value in node.value:
            if key.tag == MERGE_TAG:
                sources = value.value if is_sequence(value) else [value]
                for source in sources:
                    for merged_key, merged_value in self.items(source):
                        merged.setdefault(scalar_text(merged_key), (merged_key, merged_value))
                        self.merged_keys.add(id(merged_key))
                continue
            name = scalar_text(key)
            if name in explicit:
                first = explicit[name][0].start_mark.line + 1
                self.problems.append(
                    ParseProblem(self.span(key), f"duplicate key {name!r} (first set on line {first})")
                )
            explicit[name] = (key, value)
        resolved = [pair for name, pair in merged.items() if name not in explicit]
        resolved.extend(explicit.values())
        self.resolved_mappings[id(node)] = (node, resolved)
        return resolved

    def mapping(self, node: Any) -> dict[str, tuple[Any, Any]]:
        return {scalar_text(key): (key, value) for key, value in self.items(node)}

    def text(self, node: Any) -> MaybeText:
        """A scalar's value, interpolated."""
        span = self.span(node)
        if not is_scalar(node):
            return Located(Unresolved("", "not a single value"), span)
        if id(node) in self.forbidden:
            return Located(Unresolved(node.value, f"YAML tag {node.tag!r} is not allowed"), span)
        return self.interpolated(node.value, span)

    def interpolate(self, raw: str) -> str | Unresolved:
        return substitute(raw, self.variables.get, dollar_escape=True)

    def interpolated(self, raw: str, span: Span) -> MaybeText:
        """``raw`` interpolated; a value that came from variables keeps the text as written."""
        value = self.interpolate(raw)
        if "$" in raw and isinstance(value, str):
            return Interpolated(value, span, raw)
        return Located(value, span)

    def check_tags(self, root: Any) -> None:
        """Report every node, at any depth, whose tag would construct a Python object."""
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:  # aliases share nodes: each is visited once, never expanded
                continue
            seen.add(id(node))
            if len(seen) > MAX_YAML_NODES:
                raise ParseProblem(Span.point(1), f"YAML has more than {MAX_YAML_NODES:,} nodes; not checked")
            tag = node.tag or ""
            if tag.startswith("tag:yaml.org,2002:python/") or tag.startswith("!!python"):
                self.forbidden.add(id(node))
                self.problems.append(
                    ParseProblem(self.span(node), f"YAML tag {tag!r} is not allowed: it constructs Python objects")
                )
            if is_mapping(node):
                stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
            elif is_sequence(node):
                stack.extend(reversed(node.value))

    def texts(self, node: Any) -> list[MaybeText]:
        if is_sequence(node):
            return [self.text(item) for item in node.value]
        if is_scalar(node) and node.tag != NULL_TAG:
            return [self.text(node)]
        return []

    def boolean(self, node: Any, key: str | None = None) -> Located[bool | Unresolved]:
        """A YAML 1.1 boolean; ``key`` names the setting in the problem a non-boolean is."""
        located = self.text(node)
        value = located.value
        if isinstance(value, Unresolved):
            return Located(value, located.span)
        flag = compose_bool(value)
        if flag is not None:
            if isinstance(located, Interpolated):  # set through a variable: keep the text as written
                return Interpolated(flag, located.span, located.written)
            return Located(flag, located.span)
        what = f"{key!r} must be true or false" if key else "expected true or false"
        self.problems.append(ParseProblem(located.span, f"{what}, found {value!r}"))
        return Located(Unresolved(value, "not a boolean"), located.span)

    # --- the file -----------------------------------------------------------------------

    def parse(self, root: Any) -> ComposeParse:
        model = ComposeFile(self.path)
        result = ComposeParse(model, self.problems)
        if root is None or (is_scalar(root) and root.tag == NULL_TAG):
            return result
        if not is_mapping(root):
            raise ParseProblem(self.span(root), "a Compose file must be a mapping at the top level")
        if self.may_construct:
            self.check_tags(root)
        top = self.mapping(root)
        # services at the top level (the version 1 layout); other unknown keys are typos, reported as such
        outside = [
            key
            for name, (key, value) in top.items()
            if not name.startswith("x-") and name not in TOP_LEVEL.known and looks_like_service(value)
        ]
        model.legacy_layout = "services" not in top and bool(outside)
        if model.legacy_layout:  # reported once, not key by key
            self.problems.append(SchemaProblem(self.span(outside[0]), legacy_layout(scalar_text(outside[0]))))
        else:
            self.problems.extend(unknown_keys(root, self.items, self.span))
        if "services" in top:
            services = top["services"][1]
        elif model.legacy_layout:
            services = root
        elif (misspelt := misspelt_services(top)) is not None:
            services = top[misspelt][1]  # reported above: the services its author meant are still checked
        else:
            return result
        if is_scalar(services) and services.tag == NULL_TAG:
            return result
        if not is_mapping(services):
            raise ParseProblem(self.span(services), "'services' must be a mapping of service names")
        kept = self.kept
        if kept is not None and (self.may_construct or len(self.lines) > 1 or model.legacy_layout):
            kept = None  # a tag that constructs objects, or a service's nodes may come from another file
        where: Hashable = None
        if kept is not None:
            kept.start((self.path, self.directories[self.path], dict(self.variables)))
            where = (kept.token, services.start_mark.column, services.flow_style)
        for name, (key, value) in self.mapping(services).items():
            if model.legacy_layout and (name.startswith("x-") or name in TOP_LEVEL.known):
                continue
            if not is_mapping(value):
                if not (is_scalar(value) and value.tag == NULL_TAG):
                    message = f"service {name!r} must be a mapping, found {kind_of(value)}"
                    self.problems.append(ParseProblem(self.span(value), message))
                continue
            model.containers.append(
                self.service(name, key, value) if kept is None else self.service_again(name, key, value, where)
            )
        if kept is not None:
            kept.services.finish()
        if not model.legacy_layout and "volumes" in top:
            model.bound_volumes = bound_volumes(top["volumes"][1], self.items, self.text)
            bind_named_volumes(model.containers, model.bound_volumes)
        link_shared_namespaces(model)
        link_built_images(model)
        return result

    def service(self, name: str, key: Any, node: Any) -> Container:
        fields = self.mapping(node)
        container = Container(subject=f"service '{name}'", span=self.span(key), scope=f"service:{name}")
        container.new_setting_at = self.new_key_place(node)
        container.written_keys = frozenset(fields)
        for field_name, (field_key, value) in fields.items():
            self.service_field(container, field_name, value)
            if field_name in ("cap_drop", "security_opt") and (end := self.list_end(field_key, value)) is not None:
                container.list_ends[field_name] = end
        if container.profiles:  # every service is linted; say which ones run only on request
            names = ", ".join(container.profiles)
            container.subject += f" (profile{'s' if len(container.profiles) > 1 else ''} {names})"
        return container

    def service_again(self, name: str, key: Any, node: Any, where: Hashable) -> Container:
        """``service``, taken from the last parse (see KeptServices) when its lines are as they
        were there: what it is made from is those lines (its key's to its end's, which hold all
        it reads of the file) and ``where`` (the services mapping's column and style, and the
        parse's context), not where they are. Only for a service whose lines hold no anchor and
        no alias (no node of it is shared with what is written elsewhere, or taken from there),
        no ``extends`` (merged with another service) and no ``env_file`` (whose variables the
        project adds to its environment).

        A service read with a memo has spans of its own LineOrigin: one taken where its lines
        have moved is moved, unless reading it found problems (a message may name a line) or it
        has an inline Dockerfile (its lines are numbers: its key holds where it is). The container
        taken is the last parse's object (the last model is not kept), with its mounts as read:
        the project links it again."""
        assert self.kept is not None
        first, end = key.start_mark, node.end_mark
        lines = "\n".join(self.lines[self.path][first.line : end.line + 1])
        # a node merged with the one it extends has that one's marks, before its key or after its ``extends``
        written = _position(key.end_mark) <= _position(node.start_mark)
        if not written or "&" in lines or "*" in lines or "extends" in lines or "env_file" in lines:
            return self.service(name, key, node)
        fixed = first.line if "dockerfile_inline" in lines else None
        start, after = node.start_mark, (end.line - first.line, end.column)
        made_from = (where, first.column, start.line - first.line, start.column, after, fixed, lines)
        known = self.kept.services.known(made_from)
        moved = 0
        if known is not None:
            moved = first.line + 1 - known[0].span.line
            if moved and known[2]:
                known = None
        if known is None:
            kept_from = len(self.problems)
            self.origin = origin = LineOrigin()
            try:
                container = self.service(name, key, node)
            finally:
                self.origin = None
            # and its spans' origin: the findings the walk keeps for it (see Container.reuse_key)
            # hold its spans, which move with it, not with another container read from the same
            container.made_from = (made_from, origin)
            known = (container, container.mounts, self.problems[kept_from:])
        else:
            # what the project links to it, it records anew (replacing the last parse's) but
            # for the mounts, which binding named volumes made a new list of
            container, container.mounts, problems = known
            self.problems.extend(problems)
            if moved:
                assert isinstance(container.span, MovingSpan)
                container.span.origin.moved += moved
        self.kept.services.keep(made_from, known)
        return container

    def new_key_place(self, node: Any) -> Located[str] | None:
        """Where a key added to the mapping ``node`` goes (see Container.new_setting_at): in a
        block mapping after the last scalar of its last entry, on that line, at its keys'
        indentation; in a flow mapping after its last value. None for an empty mapping, one
        whose keys are not all written in it, in one file (a merge key's, an extended
        service's), a block one whose keys are not at one indentation, or one that ends in an
        alias (its value is written elsewhere) or an empty value."""
        if not is_mapping(node) or not node.value:
            return None
        keys = [key for key, _value in node.value]
        file = self.file_of(node)
        if not self.written_in(node, keys):
            return None
        if node.flow_style:
            last = node.value[-1][1]
            if not self.written_in(node, [keys[-1], last]) or (last.tag == NULL_TAG and not last.value):
                return None
            end = self.span(last)
            return Located(", ", end.at(end.end_line, end.end_column, end.end_line, end.end_column))
        column = keys[0].start_mark.column
        if any(key.start_mark.column != column for key in keys):
            return None
        leaf = node
        for _step in range(MAX_NESTING):  # bounded: an alias may lead back into itself
            if is_scalar(leaf):
                break
            if not getattr(leaf, "value", None):
                return None
            leaf = leaf.value[-1][1] if is_mapping(leaf) else leaf.value[-1]
            if leaf.start_mark.line < keys[-1].start_mark.line or self.file_of(leaf) != file:
                return None  # an alias: the value is written before its key
        else:
            return None
        leaf_span = self.span(leaf)
        line = leaf_span.end_line
        end_column = len(self.lines[file][line - 1]) + 1
        return Located("\n" + " " * column, leaf_span.at(line, end_column, line, end_column))

    def written_in(self, node: Any, parts: list[Any]) -> bool:
        """Whether ``parts`` (nodes) are written inside ``node``, in its file, one after another:
        not brought from elsewhere by an alias, a merge key or a merge of files."""
        file, start, end = self.file_of(node), _position(node.start_mark), _position(node.end_mark)
        for part in parts:
            if self.file_of(part) != file or _position(part.start_mark) < start or _position(part.end_mark) > end:
                return False
            start = _position(part.end_mark)
        return True

    def list_end(self, key: Any, node: Any) -> ListEnd | None:
        """Where an item appended to the list ``node``, the value of ``key``, goes (see ListEnd);
        None unless the list is written right after its key, in its file, with its items in it,
        no merge key brought it and no anchor (``&``) lets an alias share it. A block list's last
        item must be a single scalar on the line of its ``-`` (not a block scalar)."""
        if not is_sequence(node) or id(key) in self.merged_keys or not all(map(is_scalar, node.value)):
            return None
        file = self.file_of(node)
        if self.file_of(key) != file or not self.written_in(node, node.value):
            return None
        first = node.value[0].start_mark if node.value else node.end_mark
        if _position(node.start_mark) < _position(key.end_mark) or "&" in self.between(file, key.end_mark, first):
            return None
        lines = self.lines[file]
        if node.flow_style:
            closing = node.end_mark
            if closing.line >= len(lines) or lines[closing.line][closing.column - 1 : closing.column] != "]":
                return None
            if not node.value:
                at = self.span(node).at(closing.line + 1, closing.column, closing.line + 1, closing.column)
                return ListEnd(at, "", flow=True)
            last = node.value[-1]
            end = self.span(last)
            at = end.at(end.end_line, end.end_column, end.end_line, end.end_column)
            return ListEnd(at, ", ", flow=True, quote=_quote(last))
        last = node.value[-1]
        row = lines[last.start_mark.line]
        dash = row[: last.start_mark.column]
        if last.style in ("|", ">") or dash.strip(" \t") != "-":
            return None
        last_span = self.span(last)
        line = last_span.end_line
        end_column = len(lines[line - 1]) + 1
        return ListEnd(last_span.at(line, end_column, line, end_column), "\n" + dash, flow=False, quote=_quote(last))

    def between(self, file: str, start: Any, end: Any) -> str:
        """The text of ``file`` from the mark ``start`` to the mark ``end``."""
        lines = self.lines[file]
        if start.line == end.line:
            return lines[start.line][start.column : end.column] if start.line < len(lines) else ""
        middle = lines[start.line + 1 : end.line]
        last = lines[end.line][: end.column] if end.line < len(lines) else ""
        return "\n".join([lines[start.line][start.column :], *middle, last])

    def service_field(self, container: Container, name: str, value: Any) -> None:
        if is_scalar(value) and value.tag == NULL_TAG and name not in ("environment",):
            return
        if not self.well_typed(name, value):
            return
        if name == "image":
            self.image(container, value)
        elif name == "build":
            container.build = self.build(value)
        elif name == "user":
            container.user = self.text(value)
        elif name == "pull_policy":
            container.pull_policy = self.text(value)
        elif name == "privileged":
            container.privileged = self.boolean(value, name)
        elif name in ("network_mode", "net"):
            container.network_mode = self.text(value)
        elif name in ("pid", "ipc", "uts", "userns_mode", "cgroup"):
            attribute = {"pid": "pid_mode", "ipc": "ipc_mode", "uts": "uts_mode", "cgroup": "cgroup_mode"}
            setattr(container, attribute.get(name, name), self.text(value))
        elif name in ("cap_add", "cap_drop", "security_opt"):
            setattr(container, name, self.texts(value))
        elif name == "devices":
            container.devices = [self.device(item) for item in sequence(value)]
        elif name in ("device_cgroup_rules", "expose"):
            setattr(container, name, self.texts(value))
        elif name == "read_only":
            container.read_only = self.boolean(value, name)
        elif name in _LIMIT_KEYS:
            container.limits[_LIMIT_KEYS[name]] = self.text(value)
        elif name == "deploy" and is_mapping(value):
            self.deploy_limits(container, value)
        elif name == "volumes":
            container.mounts = [mount for item in sequence(value) if (mount := self.volume(item))]
        elif name == "environment":
            container.environment = self.environment(value, container.environment_at)
        elif name == "ports":
            container.ports = [port for item in sequence(value) if (port := self.port(item))]
        elif name in ("command", "entrypoint"):
            setattr(container, name, self.command(value))
        elif name == "healthcheck" and is_mapping(value):
            container.healthcheck = self.healthcheck(value)
        elif name == "profiles":
            container.profiles = tuple(located.value for located in self.texts(value) if isinstance(located.value, str))
        elif name == "container_name":
            container.container_name = self.text(value)
        elif name in ("platform", "isolation"):
            setattr(container, name, self.text(value))
        elif name == "volumes_from":
            container.volumes_from = [self.volumes_from(item) for item in sequence(value)]
        elif name == "extends":
            service = self.mapping(value).get("service") if is_mapping(value) else (None, value)
            container.extends = (
                self.text(service[1]) if service else Located(Unresolved("", "no service"), self.span(value))
            )

    def well_typed(self, key: str, node: Any) -> bool:
        """Whether ``node`` has the type ``key`` takes (see ``_EXPECTED``); reports it if not, and
        each list entry of the wrong type (which then reads as unknown)."""
        expected = _EXPECTED.get(key)
        if expected is None or id(node) in self.forbidden or (is_scalar(node) and node.tag == NULL_TAG):
            return True  # a forbidden tag is reported once, and its value reads as unknown
        if shape(node) not in expected.kinds:
            message = f"{key!r} must be {expected.what}, found {kind_of(node)}"
            self.problems.append(ParseProblem(self.span(node), message))
            return False
        if is_sequence(node) and expected.entries:
            for item in node.value:
                if shape(item) not in expected.entries:
                    message = f"each entry of {key!r} must be {expected.entry}, found {kind_of(item)}"
                    self.problems.append(ParseProblem(self.span(item), message))
        return True

    def volumes_from(self, node: Any) -> VolumesFrom:
        """``SERVICE[:MODE]`` or ``container:NAME[:MODE]``; MODE ``ro`` or ``rw``, as Compose splits it."""
        located = self.text(node)
        span = located.span
        if not isinstance(located.value, str):
            return VolumesFrom(span, located, container=False)
        parts = located.value.split(":")
        container = parts[0] == "container" and len(parts) > 1
        name = parts[1] if container else parts[0]
        mode = parts[2 if container else 1] if len(parts) > (2 if container else 1) else ""
        start = len("container:") if container else 0
        name_span = self.offsets_in(node, located.value, span)(start, start + len(name))
        read_only = {"ro": True, "rw": False}.get(mode)
        return VolumesFrom(span, Located(name, name_span), container, read_only)

    def image(self, container: Container, node: Any) -> None:
        located = self.text(node)
        if (invalid := container.set_image(located)) is not None:
            self.problems.append(ParseProblem(located.span, invalid))

    def build(self, node: Any) -> BuildSpec:
        directory = self.directories[self.file_of(node)]
        if not is_mapping(node):
            return BuildSpec(self.span(node), context=self.text(node), directory=directory)
        fields = {
            key: value
            for key, (_key, value) in self.mapping(node).items()
            if not (is_scalar(value) and value.tag == NULL_TAG) and self.well_typed(f"build.{key}", value)
        }

        def optional(key: str) -> MaybeText | None:
            return self.text(fields[key]) if key in fields else None

        inline = self.inline_dockerfile(fields["dockerfile_inline"]) if "dockerfile_inline" in fields else None
        if inline is not None and "dockerfile" in fields:
            message = "'build' sets both 'dockerfile' and 'dockerfile_inline': Compose accepts only one"
            self.problems.append(ParseProblem(self.span(fields["dockerfile"]), message))
        return BuildSpec(
            self.span(node),
            context=optional("context"),
            dockerfile=optional("dockerfile"),
            target=optional("target"),
            args=self.environment(fields["args"]) if "args" in fields else {},
            directory=directory,
            dockerfile_inline=inline,
            privileged=self.boolean(fields["privileged"], "build.privileged") if "privileged" in fields else None,
            network=optional("network"),
            entitlements=self.texts(fields["entitlements"]) if "entitlements" in fields else [],
        )

    def inline_dockerfile(self, node: Any) -> InlineDockerfile:
        """``dockerfile_inline``; for a literal block scalar (``|``), where each of its lines is."""
        located = self.text(node)
        if getattr(node, "style", None) != "|" or not isinstance(located.value, str):
            return InlineDockerfile(located)
        written, values = node.value.split("\n"), located.value.split("\n")
        if len(written) != len(values):  # a variable's value spans lines: no line is where it was
            return InlineDockerfile(located)
        source = self.lines[self.file_of(node)]
        lines = []
        for number, (text, value) in enumerate(zip(written, values, strict=True), start=located.span.line + 1):
            row = source[number - 1] if number <= len(source) else ""
            found = row.endswith(text)
            column = len(row) - len(text) + 1 if found else len(row) - len(row.lstrip()) + 1
            lines.append(InlineLine(number, column, len(row) + 1, exact=found and text == value))
        return InlineDockerfile(located, tuple(lines))

    def environment(self, node: Any, places: dict[str, Span] | None = None) -> dict[str, MaybeText]:
        """``environment`` (or ``build.args``), a mapping or a list of ``NAME=value``; ``places``,
        when given, gets where each value is written (see Container.environment_at)."""
        result: dict[str, MaybeText] = {}
        places = {} if places is None else places
        if is_mapping(node):
            for key, value in self.items(node):
                name = scalar_text(key)
                places.pop(name, None)
                if is_scalar(value) and value.tag == NULL_TAG:
                    reason = f"{name} takes its value from the environment"
                    result[name] = Located(Unresolved("", reason), self.span(key))
                else:
                    result[name] = self.text(value)
                    self.add_value_place(places, name, value, key.end_mark)
            return result
        after = node.start_mark
        for item in sequence(node):
            located = self.text(item)
            entry: MaybeText | None
            if is_scalar(item) and id(item) not in self.forbidden and "$" not in item.value.partition("=")[0]:
                # split what was written, then interpolate the value alone: an unset variable in
                # the value leaves the name known, and the value keeps its written text
                name, equals, written = item.value.partition("=")
                entry = self.interpolated(written, located.span) if equals else None
                places.pop(name, None)
                if equals and self.file_of(item) == self.file_of(node):  # not merged from another file
                    self.add_value_place(places, name, item, after, len(name) + 1)
            elif isinstance(located.value, str):  # a variable in the name: interpolate, then split
                name, equals, text = located.value.partition("=")
                entry = Located(text, located.span) if equals else None
                places.pop(name, None)
            else:
                continue
            if entry is None:
                entry = Located(Unresolved("", f"{name} takes its value from the environment"), located.span)
            result[name] = entry
            after = item.end_mark
        return result

    def add_value_place(self, places: dict[str, Span], name: str, node: Any, after: Any, start: int = 0) -> None:
        """Where the scalar ``node`` writes ``name``'s value from its character ``start`` on, when
        it is written after the mark ``after`` in its file, as it reads (see value_place)."""
        if is_scalar(node) and id(node) not in self.forbidden:
            place = value_place(node, self.lines[self.file_of(node)], self.span(node), after, start)
            if place is not None:
                places[name] = place

    def device(self, node: Any) -> MaybeText:
        if is_mapping(node):
            fields = self.mapping(node)
            if "source" in fields:
                return self.text(fields["source"][1])
            return Located(Unresolved("", "device has no source"), self.span(node))
        return self.text(node)

    def deploy_limits(self, container: Container, deploy: Any) -> None:
        """``deploy.resources.limits``: set only what the service-level keys did not."""
        resources = self.mapping(deploy).get("resources")
        if resources is None or not self.well_typed("deploy.resources", resources[1]):
            return
        limits = self.mapping(resources[1]).get("limits")
        if limits is None or not self.well_typed("deploy.resources.limits", limits[1]) or not is_mapping(limits[1]):
            return
        for key, (_key, value) in self.mapping(limits[1]).items():
            if key in ("memory", "pids", "cpus"):
                container.limits.setdefault(key, self.text(value))

    def command(self, node: Any) -> ShellScript:
        """An argv list is one command, each item located; a string is split as a shell would
        (Compose splits it into words, expanding nothing). The strings they hand to ``sh -c`` are
        scripts of their own, located character by character where their text can be traced.

        An item whose variables cannot be resolved keeps its text as written, ``$$`` read as ``$``."""
        if is_sequence(node):
            script, sources = self.argv(node.value)
        else:
            source = self.written(node)
            script = parse_shell(source.text, source.span_of, exact=source.exact, expanded=source.expanded)
            sources = {}
        add_nested_scripts(script, lambda word: sources.get(word.span), expands=False)
        return script

    def argv(self, items: list[Any]) -> tuple[ShellScript, dict[Span, ScriptText]]:
        """A list's items as one command's words, and the text of each, by its span."""
        sources: dict[Span, ScriptText] = {}
        words: list[Located[str]] = []
        for item in items:
            source = self.written(item)
            words.append(Located(source.text, self.span(item)))
            sources[words[-1].span] = source
        if not words:
            return ShellScript(), sources
        span = words[0].span.cover(words[-1].span)
        return ShellScript([Pipeline((ShellCommand(tuple(words), tuple(w.value for w in words), span),))]), sources

    def healthcheck(self, node: Any) -> Healthcheck:
        """``healthcheck``: ``test`` as a list (``CMD`` and its argv, ``CMD-SHELL`` and a script
        the container's shell runs, ``NONE``) or a string (a script, as ``CMD-SHELL``), and
        ``disable``."""
        fields = {
            key: value
            for key, (_key, value) in self.mapping(node).items()
            if not (is_scalar(value) and value.tag == NULL_TAG) and self.well_typed(f"healthcheck.{key}", value)
        }
        disabled = "disable" in fields and self.boolean(fields["disable"], "healthcheck.disable").value is True
        test = fields.get("test")
        if test is None:
            return Healthcheck(self.span(node), disabled=disabled)
        if not is_sequence(test):
            return Healthcheck(self.span(node), self.shell_script(self.written(test)), True, disabled)
        items = test.value
        kind = self.text(items[0]).value if items else None
        if kind == "CMD-SHELL" and len(items) > 1:
            # Docker runs ``/bin/sh -c`` with the items after CMD-SHELL: the first is the script
            return Healthcheck(self.span(node), self.shell_script(self.written(items[1])), True, disabled)
        if kind == "CMD" and len(items) > 1:
            script, sources = self.argv(items[1:])
            add_nested_scripts(script, lambda word: sources.get(word.span))
            return Healthcheck(self.span(node), script, False, disabled)
        return Healthcheck(self.span(node), None, False, disabled or kind == "NONE")

    @staticmethod
    def shell_script(source: ScriptText) -> ShellScript:
        """A script a shell runs, and the ``sh -c`` strings in it."""
        script = parse_shell(source.text, source.span_of, exact=source.exact, expanded=source.expanded)
        add_nested_scripts(script)
        return script

    def written(self, node: Any) -> ScriptText:
        """A scalar's value, interpolated, with the way back to the file (see ``source_text``).
        A value whose variables cannot be resolved is its text as written, ``$$`` read as ``$``:
        ``expanded``, as what runs is not that text (Compose puts the variables' values in)."""
        located = self.text(node)
        value = located.value
        if isinstance(value, Unresolved):
            return replace(self.source_text(node, _unescaped(value.text)[0], located.span), expanded=True)
        return self.source_text(node, value, located.span)

    def source_text(self, node: Any, value: str, span: Span) -> ScriptText:
        """``value``, a scalar's value interpolated, with each offset mapped to where its
        character is written: through the scalar's quotes, escapes, line folding and block
        indentation, and Compose's ``$$`` (one ``$``). Where a variable's value was substituted,
        or the scalar cannot be traced, every offset maps to the whole scalar (not ``exact``)."""
        if is_scalar(node) and id(node) not in self.forbidden:
            places = scalar_places(node, self.lines[self.file_of(node)])
            if places is not None and (traced := _uninterpolated(node.value, value, places)) is not None:
                return ScriptText(value, spans_in(traced, span))
        return ScriptText(value, lambda _start, _end: span, exact=False)

    def offsets_in(self, node: Any, value: str, span: Span) -> Callable[[int, int], Span]:
        """Map offsets in a scalar's value to the source (see ``source_text``)."""
        return self.source_text(node, value, span).span_of

    def volume(self, node: Any) -> Mount | None:
        if is_mapping(node):
            return self.long_volume(node)
        located = self.text(node)
        if isinstance(located.value, Unresolved):
            if not is_scalar(node):
                return Mount(located.span, "bind", Located(located.value, located.span), None)
            # split what was written, then interpolate each part: an unset variable in the
            # source leaves the target (and a default in the source) known
            return self.short_volume(node, node.value, located.span, interpolate=True)
        return self.short_volume(node, located.value, located.span)

    def long_volume(self, node: Any) -> Mount:
        fields = self.mapping(node)

        def optional(key: str) -> MaybeText | None:
            return self.text(fields[key][1]) if key in fields else None

        type_value = optional("type")
        mount_type = type_value.value if type_value and isinstance(type_value.value, str) else "volume"
        read_only = "read_only" in fields and self.boolean(fields["read_only"][1], "read_only").value is True
        propagation = subpath = None
        if "bind" in fields and is_mapping(fields["bind"][1]):
            bind = self.mapping(fields["bind"][1])
            propagation = self.text(bind["propagation"][1]) if "propagation" in bind else None
        if mount_type == "volume" and "volume" in fields and is_mapping(fields["volume"][1]):
            volume = self.mapping(fields["volume"][1])
            subpath = self.text(volume["subpath"][1]) if "subpath" in volume else None
        return Mount(
            self.span(node), mount_type, optional("source"), optional("target"), read_only, propagation, subpath=subpath
        )

    def short_volume(self, node: Any, spec: str, span: Span, interpolate: bool = False) -> Mount:
        """``SOURCE:TARGET[:OPTIONS]``, with Windows drive letters kept in paths.

        ``interpolate``: ``spec`` is the text as written; colons inside ``${…}`` do not split
        it, and each part is interpolated on its own.
        """
        fields = split_volume_spec(spec, braces=interpolate)
        if interpolate:
            values = [self.interpolate(text) for text, _offset in fields]
        else:
            values = [text for text, _offset in fields]
        first = span.column + (1 if node.style in ("'", '"') else 0)
        # part spans are exact only when the source holds the value as written (no YAML escapes)
        lines = self.lines[span.path or self.path]
        written = lines[span.line - 1][first - 1 : first - 1 + len(spec)] if span.line <= len(lines) else ""
        exact = node.value == spec and span.line == span.end_line and written == spec

        def part(index: int) -> Located[str | Unresolved]:
            text, offset = fields[index]
            if not exact:
                return Located(values[index], span)
            end = first + offset + len(text)
            return Located(values[index], span.at(span.line, first + offset, span.line, end))

        return short_volume(span, [text for text, _offset in fields], part)

    def port(self, node: Any) -> PortMapping | None:
        if is_mapping(node):
            fields = self.mapping(node)
            values = {key: self.text(value).value for key, (_k, value) in fields.items()}
            target = values.get("target")
            if target is None:
                return None
            published = values.get("published")
            host_ip = values.get("host_ip")
            return PortMapping(
                self.span(node),
                target,
                published or None,
                host_ip or None,
                values.get("protocol") or "tcp",
                new_key_at=None if "host_ip" in fields else self.new_key_place(node),
            )
        located = self.text(node)
        if isinstance(located.value, Unresolved):
            if not is_scalar(node) or id(node) in self.forbidden:
                return None
            # split what was written, then interpolate each part: an unset published port
            # leaves the host IP and the target known
            return short_port(node.value, located.span, self.interpolate)
        mapping = short_port(located.value, located.span)
        written = self.source_text(node, located.value, located.span)
        if not written.exact or not located.value:
            return mapping
        return replace(mapping, text_start=written.span_of(0, 0))


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line, mark.column)


def _quote(scalar: Any) -> str:
    """The quote a scalar node is written in: ``'``, ``"`` or none."""
    return scalar.style if scalar.style in ("'", '"') else ""


def _unescaped(written: str) -> tuple[str, list[int]]:
    """``written`` with each of Compose's ``$$`` read as the ``$`` it stands for, and where each
    character of the result is in ``written``."""
    chars: list[str] = []
    origins: list[int] = []
    i = 0
    while i < len(written):
        chars.append(written[i])
        origins.append(i)
        i += 2 if written.startswith("$$", i) else 1
    return "".join(chars), origins


def _uninterpolated(written: str, value: str, places: list[Place]) -> list[Place] | None:
    """The places of ``value``'s characters, when interpolating ``written`` (whose characters
    are at ``places``) only read its ``$$`` as ``$``; None when it substituted a variable."""
    if value == written:
        return places
    text, origins = _unescaped(written)
    if text != value:
        return None
    traced: list[Place] = []
    for origin in origins:
        line, column, after = places[origin]
        if written.startswith("$$", origin) and places[origin + 1][0] == line:
            after = places[origin + 1][2]  # the ``$$`` both
        traced.append((line, column, after))
    return traced
