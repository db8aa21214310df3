"""Python modules that start containers, parsed with libcst, onto the container model.

Recognized, with import aliases resolved by libcst's qualified names (``import docker as d``,
``from docker import from_env``):

- the Docker SDK (docker-py): ``docker.from_env()``, ``docker.DockerClient(…)`` and
  ``docker.APIClient(…)`` (with ``base_url``/``tls`` for insecure-docker-host);
  ``client.containers.run/create(…)`` and ``api.create_container(…, host_config=
  api.create_host_config(…))``, their keyword arguments (``volumes`` as a dict or a list,
  ``mounts=[Mount(…)]``, ``ports``, ``privileged`` …), and ``client.images.build(buildargs=…)``;
- testcontainers: ``DockerContainer(image)`` and any ``…Container`` class of a
  ``testcontainers`` module, with the ``with_*`` methods chained on it or called on the
  variable that holds it (``with_kwargs`` replaces the keyword arguments given before, as it
  does at run time), and ``DockerImage(…, buildargs=…)``;
- python-on-whales: ``docker.run/create(…)``, ``docker.container.run/create(…)`` and builds,
  whose keyword arguments it passes to the docker CLI options of the same names;
- ``subprocess.run/call/check_call/check_output/Popen``, ``os.system``, ``os.popen`` and
  asyncio's subprocess functions running ``docker``/``podman``: an argv list, or a string run
  by a shell, read by the docker CLI parser.

A client or container object is followed through simple assignments: a name assigned once in
its scope (or at module level), and ``self.<name>`` assigned once in its class. Values are
read from literal strings, f-strings, lists, tuples, dicts, ``+`` and such names; anything
else is :class:`Unresolved`, written as ``${expression}``, and never guessed.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    CodeRange,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from hullcheck.model.code import PythonFile
from hullcheck.model.container import (
    BuildSpec,
    Container,
    EngineCalls,
    EngineClient,
    ImageBuild,
    MaybeText,
    Mount,
    Origin,
    PortMapping,
)
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.docker_cli import (
    Argument,
    apply_value,
    argv_script,
    cli_mount,
    environment_entry,
    exact_span,
    read_command,
    script_calls,
    verify_on,
    volume_mount,
    whole_span,
)
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_file import SHELLS
from hullcheck.parsers.source import ParseProblem
from hullcheck.parsers.specs import PROPAGATIONS, is_host_path, is_pipe

_REASON = "a Python expression hullcheck does not evaluate"
_MAX_DEPTH = 8  # names followed through assignments, one to the next

# --- what is recognized, by qualified name ---------------------------------------------------

_SDK_CLIENTS = {"docker.from_env", "docker.client.from_env", "docker.DockerClient", "docker.client.DockerClient"}
_SDK_API_CLIENTS = {"docker.APIClient", "docker.api.APIClient", "docker.api.client.APIClient"}
_SDK_MOUNTS = {"docker.types.Mount", "docker.types.services.Mount"}
_SDK_TLS = {"docker.tls.TLSConfig", "docker.TLSConfig"}
_WHALES = "python_on_whales.docker"
_WHALES_CLIENTS = {"python_on_whales.DockerClient", "python_on_whales.docker_client.DockerClient"}
_TESTCONTAINERS_IMAGES = {"testcontainers.core.image.DockerImage"}
# DockerContainer's own parameters; the others go to the Docker SDK's containers.create()
_TESTCONTAINERS_OWN = {
    "image",
    "docker_client_kw",
    "command",
    "env",
    "name",
    "ports",
    "volumes",
    "network",
    "network_aliases",
    "transferables",
    "_wait_strategy",
}
_SUBPROCESS_ARGV = {
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
}
_SHELL_STRING = {
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
}
_ARGV_ARGUMENTS = {"asyncio.create_subprocess_exec"}

# docker-py's keyword arguments of containers.run/create, create_host_config and create_container
_SDK_TEXT = {
    "network_mode": "network_mode",
    "network": "network_mode",  # containers.run(network=…) sets the network mode too
    "user": "user",
    "pid_mode": "pid_mode",
    "ipc_mode": "ipc_mode",
    "uts_mode": "uts_mode",
    "userns_mode": "userns_mode",
    "cgroupns": "cgroup_mode",
}
_SDK_LISTS = {
    "cap_add": "cap_add",
    "cap_drop": "cap_drop",
    "security_opt": "security_opt",
    "devices": "devices",
    "device_cgroup_rules": "device_cgroup_rules",
}
_SDK_LIMITS = {"mem_limit": "memory", "pids_limit": "pids", "nano_cpus": "cpus"}

# python-on-whales' keyword arguments and the docker CLI options it passes them to
_WHALES_OPTIONS = {
    "networks": "network",
    "pid": "pid",
    "ipc": "ipc",
    "uts": "uts",
    "userns": "userns",
    "cgroupns": "cgroupns",
    "user": "user",
    "cap_add": "cap-add",
    "cap_drop": "cap-drop",
    "security_options": "security-opt",
    "devices": "device",
    "device_cgroup_rules": "device-cgroup-rule",
    "expose": "expose",
    "memory": "memory",
    "pids_limit": "pids-limit",
    "cpus": "cpus",
    "entrypoint": "entrypoint",
}


def parse_python(text: str, path: str) -> PythonFile:
    """The engine calls in a Python module; raise ParseProblem when it is not valid Python.

    CPython's own parser reads the module first: it rejects invalid code with its own message,
    and code nested so deep that libcst's native parser would overflow its stack and crash
    the process (a chain of 10,000 ``+`` does), which CPython reports as an error or which
    goes past MAX_NESTING. It also finds the modules that call nothing that could start a
    container, which are done with before libcst, ten times slower, parses them."""
    if not _calls_a_candidate(_checked_tree(text)):
        return PythonFile(path)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise ParseProblem(
            Span.point(error.raw_line, error.raw_column + 1), f"not valid Python: {error.message}"
        ) from None
    finder = _Finder(module)
    MetadataWrapper(module, unsafe_skip_copy=True).visit(finder)
    return PythonFile(path, finder.calls)


MAX_NESTING = 500  # syntax tree levels; libcst's native parser crashed from about 1,300 (nested parentheses)


def _checked_tree(text: str) -> ast.Module:
    try:
        with warnings.catch_warnings():  # invalid escape sequences and the like are not ours to report
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        line = error.lineno or 1
        raise ParseProblem(Span.point(line, max(error.offset or 1, 1)), f"not valid Python: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ParseProblem(Span.point(1), "file is nested too deeply to parse") from None
    levels: list[tuple[ast.AST, int]] = [(tree, 0)]
    while levels:  # iterative: a deep tree must not exhaust Python's own stack here
        node, depth = levels.pop()
        if depth > MAX_NESTING:
            line = getattr(node, "lineno", 1)
            raise ParseProblem(
                Span.point(line), f"nested more than {MAX_NESTING} levels deep: too deep to parse safely"
            )
        levels.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


# The names of the functions and methods that start containers, build images or make clients,
# as called (the last part of ``a.b.name(…)``); a module that calls none of them is done with
# before libcst parses it.
_CANDIDATE_CALLS = {
    *(name.rsplit(".", 1)[-1] for name in _SUBPROCESS_ARGV | _SHELL_STRING | _ARGV_ARGUMENTS),
    *(name.rsplit(".", 1)[-1] for name in _SDK_CLIENTS | _SDK_API_CLIENTS | _WHALES_CLIENTS),
    *(name.rsplit(".", 1)[-1] for name in _TESTCONTAINERS_IMAGES),
    "run",
    "create",
    "create_container",
    "build",
    "legacy_build",
}


def _calls_a_candidate(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _CANDIDATE_CALLS or (name.endswith("Container") and name[:1].isupper()):
                return True
    return False


# --- values ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Object:
    """What an expression holds, as far as engines go: ``sdk`` (a docker-py client),
    ``sdk-api``, ``sdk-containers``, ``sdk-images``, ``whales``, ``whales-container``,
    ``whales-image``, ``whales-buildx``."""

    kind: str


@dataclass(slots=True)
class _Chain:
    """A testcontainers definition being read: what its constructor and ``with_*`` calls set."""

    container: Container
    kwargs: list[cst.Arg] = field(default_factory=list)  # the SDK keyword arguments in force


class _Finder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.module = module
        self.calls = EngineCalls()
        self.values: dict[cst.CSTNode, cst.BaseExpression] = {}  # an assigned name -> the value
        self.self_values: dict[tuple[cst.ClassDef, str], list[cst.BaseExpression]] = {}
        self.classes: list[cst.ClassDef] = []
        self.found: list[cst.Call] = []
        self.imports_docker = False

    # collecting: assignments and calls, read once the whole module is known

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.assigned(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.assigned(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.assigned(node.asname.name, node.item)

    def assigned(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.values[target] = value
        elif _is_self_attribute(target) and self.classes:
            assert isinstance(target, cst.Attribute)
            self.self_values.setdefault((self.classes[-1], target.attr.value), []).append(value)

    def visit_Import(self, node: cst.Import) -> None:
        self.imports_docker |= any(_root_module(alias.name) == "docker" for alias in node.names)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports_docker |= node.module is not None and _root_module(node.module) == "docker"

    def visit_Call(self, node: cst.Call) -> None:
        self.found.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        for call in self.found:
            self.read_call(call)

    # metadata

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self.get_metadata(PositionProvider, node)
        assert isinstance(code_range, CodeRange)
        return Span(code_range.start.line, code_range.start.column + 1, code_range.end.line, code_range.end.column + 1)

    def qualified(self, node: cst.CSTNode) -> set[str]:
        return {name.name for name in self.get_metadata(QualifiedNameProvider, node, set())}

    def code(self, node: cst.CSTNode, limit: int = 60) -> str:
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        found = self.get_metadata(ParentNodeProvider, node, None)
        return found if isinstance(found, cst.CSTNode) else None

    # following names

    def follow(self, node: cst.BaseExpression, depth: int = 0) -> cst.BaseExpression:
        """The expression a name (or ``self.<name>``) holds, when it is assigned once; else itself."""
        if depth >= _MAX_DEPTH:
            return node
        if isinstance(node, cst.Name):
            assignments = self.assignments_of(node)
            if len(assignments) == 1 and isinstance(assignments[0], Assignment):
                value = self.values.get(assignments[0].node)
                if value is not None and value is not node:
                    return self.follow(value, depth + 1)
        elif _is_self_attribute(node):
            assert isinstance(node, cst.Attribute)
            owner = self.enclosing_class(node)
            values = self.self_values.get((owner, node.attr.value), []) if owner is not None else []
            if len(values) == 1:
                return self.follow(values[0], depth + 1)
        return node

    def assignments_of(self, name: cst.Name) -> list[object]:
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        return list(scope[name.value])

    def enclosing_class(self, node: cst.CSTNode) -> cst.ClassDef | None:
        current = self.parent(node)
        while current is not None and not isinstance(current, cst.ClassDef):
            current = self.parent(current)
        return current

    def object_of(self, node: cst.BaseExpression, depth: int = 0) -> _Object | None:
        """What engine object ``node`` holds, if any."""
        if depth >= _MAX_DEPTH:
            return None
        names = self.qualified(node)
        if _WHALES in names:
            return _Object("whales")
        target = self.follow(node)
        if target is not node:
            return self.object_of(target, depth + 1)
        if isinstance(node, cst.Call):
            names = self.qualified(node.func)
            if names & _SDK_CLIENTS:
                return _Object("sdk")
            if names & _SDK_API_CLIENTS:
                return _Object("sdk-api")
            if names & _WHALES_CLIENTS:
                return _Object("whales")
        if isinstance(node, cst.Attribute):
            owner = self.object_of(node.value, depth + 1)
            attribute = node.attr.value
            if owner is not None and owner.kind == "sdk" and attribute in ("api", "containers", "images"):
                return _Object("sdk-api" if attribute == "api" else f"sdk-{attribute}")
            if owner is not None and owner.kind == "whales" and attribute in ("container", "image", "buildx"):
                return _Object(f"whales-{attribute}")
        return None

    # reading a call

    def read_call(self, call: cst.Call) -> None:
        names = self.qualified(call.func)
        if names & _SUBPROCESS_ARGV:
            self.subprocess_call(call)
        elif names & _SHELL_STRING:
            command = _argument(call, 0, "cmd")
            if command is not None:
                self.shell_string(command, _environment_of(call))
        elif names & _ARGV_ARGUMENTS:
            words = [self.word(arg.value, splits=arg.star == "*") for arg in call.args if not arg.keyword]
            self.argv(words)
        elif names & (_SDK_CLIENTS | _SDK_API_CLIENTS | _WHALES_CLIENTS):
            self.client(call, names)
        elif any(_is_testcontainer(name) for name in names):
            self.testcontainer(call, names)
        elif names & _TESTCONTAINERS_IMAGES:
            self.image_build(call, "path", "buildargs", Origin.TESTCONTAINERS)
        elif isinstance(call.func, cst.Attribute):
            self.method_call(call, call.func)

    def method_call(self, call: cst.Call, func: cst.Attribute) -> None:
        method = func.attr.value
        owner = self.object_of(func.value)
        kind = owner.kind if owner is not None else None
        from_elsewhere = kind is None and self.imports_docker and _is_containers_collection(func.value)
        if from_elsewhere and method in ("run", "create"):
            kind = "sdk-containers"  # ``<client>.containers.run()`` with a client from elsewhere
        if kind == "sdk-containers" and method in ("run", "create"):
            self.sdk_container(call)
        elif kind == "sdk-api" and method == "create_container":
            self.sdk_container(call, low_level=True)
        elif (kind, method) in (("sdk-images", "build"), ("sdk-api", "build")):
            self.image_build(call, "path", "buildargs", Origin.DOCKER_SDK)
        elif kind in ("whales", "whales-container") and method in ("run", "create"):
            self.whales_container(call)
        elif (kind, method) in (
            ("whales", "build"),
            ("whales", "legacy_build"),
            ("whales-buildx", "build"),
            ("whales-image", "legacy_build"),
        ):
            self.image_build(call, "context_path", "build_args", Origin.PYTHON_ON_WHALES)

    # values

    def word(self, node: cst.BaseExpression, splits: bool = False) -> Argument:
        """A string as one command-line word; anything else is unknown, written ``${…}``."""
        span = self.span(node)
        target = self.follow(node)
        if isinstance(target, cst.SimpleString) and not splits:
            value = target.evaluated_value
            text = value if isinstance(value, str) else value.decode("utf-8", "replace")
            if target is node and target.raw_value == text:
                start = self.span(target)
                return Argument(text, span, _string_span_of(start, len(target.prefix) + len(target.quote), text))
            return Argument(text, span, whole_span(span))
        if (number := _number(target)) is not None and not splits:
            return Argument(number, span, whole_span(span))
        if isinstance(target, (cst.FormattedString, cst.ConcatenatedString, cst.BinaryOperation)) and not splits:
            text, unknown = self.text_of(target)
            return Argument(text, span, whole_span(span), unknown, reason=_REASON)
        if isinstance(target, cst.Call) and self.qualified(target.func) & {"os.path.expanduser", "builtins.str"}:
            inner = _argument(target, 0, "path")
            if inner is not None:
                found = self.word(inner)
                return Argument(found.text, span, whole_span(span), found.unknown, reason=found.reason)
        return Argument(f"${{{self.code(node)}}}", span, whole_span(span), True, splits, _REASON)

    def text_of(self, node: cst.BaseExpression, depth: int = 0) -> tuple[str, bool]:
        """A string expression's text, and whether a part of it is unknown (written ``${…}``)."""
        target = self.follow(node) if depth < _MAX_DEPTH else node
        if isinstance(target, cst.SimpleString):
            value = target.evaluated_value
            return (value if isinstance(value, str) else value.decode("utf-8", "replace")), False
        if (number := _number(target)) is not None:
            return number, False
        if isinstance(target, cst.ConcatenatedString):
            left, left_unknown = self.text_of(target.left, depth + 1)
            right, right_unknown = self.text_of(target.right, depth + 1)
            return left + right, left_unknown or right_unknown
        if isinstance(target, cst.BinaryOperation) and isinstance(target.operator, cst.Add):
            left, left_unknown = self.text_of(target.left, depth + 1)
            right, right_unknown = self.text_of(target.right, depth + 1)
            return left + right, left_unknown or right_unknown
        if isinstance(target, cst.FormattedString):
            parts: list[str] = []
            unknown = False
            for part in target.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(part.value.replace("{{", "{").replace("}}", "}"))
                elif isinstance(part, cst.FormattedStringExpression):
                    inner, inner_unknown = self.text_of(part.expression, depth + 1)
                    parts.append(inner)
                    unknown |= inner_unknown
            return "".join(parts), unknown
        return f"${{{self.code(node)}}}", True

    def text(self, node: cst.BaseExpression) -> MaybeText:
        return self.word(node).located()

    def boolean(self, arg: cst.Arg) -> Located[bool | Unresolved]:
        """A keyword argument's truth, located at the whole ``name=value``."""
        return self.truth(arg.value, self.span(arg))

    def truth(self, node: cst.BaseExpression, span: Span) -> Located[bool | Unresolved]:
        target = self.follow(node)
        if isinstance(target, cst.Name) and target.value in ("True", "False", "None"):
            return Located(target.value == "True", span)
        if isinstance(target, cst.Integer):
            return Located(int(target.value, 0) != 0, span)
        return Located(Unresolved(self.code(node), _REASON), span)

    def is_none(self, node: cst.BaseExpression) -> bool:
        target = self.follow(node)
        return isinstance(target, cst.Name) and target.value == "None"

    def elements(self, node: cst.BaseExpression) -> list[cst.BaseExpression] | None:
        """The items of a list, tuple or set literal (a name holding one is followed); None when
        it is not one or holds a ``*starred`` item."""
        target = self.follow(node)
        if not isinstance(target, (cst.List, cst.Tuple, cst.Set)):
            return None
        if any(isinstance(element, cst.StarredElement) for element in target.elements):
            return None
        return [element.value for element in target.elements]

    def entries(self, node: cst.BaseExpression) -> list[tuple[cst.BaseExpression, cst.BaseExpression]] | None:
        """The ``key: value`` pairs of a dict literal (a name holding one is followed); None when
        it is not one or holds a ``**spread``."""
        target = self.follow(node)
        if not isinstance(target, cst.Dict):
            return None
        if any(isinstance(element, cst.StarredDictElement) for element in target.elements):
            return None
        return [(element.key, element.value) for element in target.elements if isinstance(element, cst.DictElement)]

    def key_text(self, key: cst.BaseExpression) -> str | None:
        target = self.follow(key)
        if isinstance(target, cst.SimpleString):
            value = target.evaluated_value
            return value if isinstance(value, str) else None
        if isinstance(target, cst.Integer):
            return target.value
        return None

    # the Docker SDK

    def client(self, call: cst.Call, names: set[str]) -> None:
        """A client given its engine's address: ``DockerClient(base_url=…)``, ``from_env(
        environment={…})``, python-on-whales' ``DockerClient(host=…)``."""
        subject = f"{self.code(call.func)}()"
        origin = Origin.PYTHON_ON_WHALES if names & _WHALES_CLIENTS else Origin.DOCKER_SDK
        tls: Located[bool | Unresolved] | None = None
        if names & _WHALES_CLIENTS:
            host = _argument(call, None, "host")
            for name in ("tls", "tlsverify"):
                setting = _keyword(call, name)
                if setting is not None:
                    tls = self.boolean(setting)
        elif names & {"docker.from_env", "docker.client.from_env"}:
            environment = _argument(call, None, "environment")
            pairs = self.entries(environment) if environment is not None else None
            variables = {self.key_text(key): value for key, value in pairs or []}
            host = variables.get("DOCKER_HOST")
            verify = variables.get("DOCKER_TLS_VERIFY")
            if verify is not None:
                located = self.text(verify)
                tls = Located(verify_on(located.value), located.span)
        else:
            host = _argument(call, 0, "base_url")
            setting = _keyword(call, "tls")
            if setting is not None:
                value = self.follow(setting.value)
                on = isinstance(value, cst.Call) and bool(self.qualified(value.func) & _SDK_TLS)
                tls = Located(True, self.span(setting)) if on else self.boolean(setting)
        if host is not None:
            located = self.text(host)
            self.calls.clients.append(EngineClient(subject, located.span, origin, located, tls))

    def started_container(self, call: cst.Call, origin: Origin) -> Container:
        """A container from ``run(image, command, …)``: the two positionals both APIs share."""
        container = Container(f"{self.code(call.func)}()", self.span(call), origin)
        image = _argument(call, 0, "image")
        if image is not None:
            self.set_image(container, image)
        command = _argument(call, 1, "command")
        if command is not None:
            container.command = self.command(command)
        return container

    def sdk_container(self, call: cst.Call, low_level: bool = False) -> None:
        container = self.started_container(call, Origin.DOCKER_SDK)
        self.sdk_arguments(container, [arg for arg in call.args if arg.keyword or arg.star == "**"], low_level)
        self.calls.containers.append(container)

    def sdk_arguments(self, container: Container, args: Sequence[cst.Arg], low_level: bool = False) -> None:
        """docker-py's keyword arguments onto the container."""
        for arg in args:
            if arg.star == "**":
                container.unread_settings = Located(self.code(arg), self.span(arg))
                continue
            if arg.keyword is None:
                continue
            name = arg.keyword.value
            if name in ("privileged", "read_only"):
                setattr(container, name, self.boolean(arg))
            elif name in _SDK_TEXT:
                setattr(container, _SDK_TEXT[name], self.text(arg.value))
            elif name in _SDK_LISTS:
                getattr(container, _SDK_LISTS[name]).extend(self.texts(arg.value))
            elif name in _SDK_LIMITS:
                container.limits[_SDK_LIMITS[name]] = self.text(arg.value)
            elif name == "environment":
                container.environment.update(self.environment(arg.value))
            elif name in ("volumes", "binds") and not (low_level and name == "volumes"):
                container.mounts.extend(self.sdk_volumes(arg.value))
            elif name == "mounts":
                container.mounts.extend(self.sdk_mounts(arg.value))
            elif name in ("ports", "port_bindings") and not (low_level and name == "ports"):
                container.ports.extend(self.sdk_ports(arg.value))
            elif name == "ports":  # create_container(ports=[…]): the ports the container exposes
                container.expose.extend(self.texts(arg.value))
            elif name == "entrypoint":
                container.entrypoint = self.command(arg.value)
            elif name == "host_config":
                self.host_config(container, arg.value)

    def host_config(self, container: Container, node: cst.BaseExpression) -> None:
        """``host_config=api.create_host_config(…)`` (or a name holding it)."""
        target = self.follow(node)
        if isinstance(target, cst.Call) and self.is_host_config(target):
            self.sdk_arguments(container, target.args)
        else:
            container.unread_settings = Located(self.code(node), self.span(node))

    def is_host_config(self, call: cst.Call) -> bool:
        if self.qualified(call.func) & {"docker.types.HostConfig", "docker.types.containers.HostConfig"}:
            return True
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "create_host_config":
            return False
        owner = self.object_of(func.value)
        return owner is not None and owner.kind == "sdk-api"

    def texts(self, node: cst.BaseExpression) -> list[MaybeText]:
        items = self.elements(node)
        if items is None:
            return [self.text(node)] if isinstance(self.follow(node), cst.SimpleString) else []
        return [self.text(item) for item in items]

    def environment(self, node: cst.BaseExpression) -> dict[str, MaybeText]:
        """``{"NAME": value}`` or ``["NAME=value"]``."""
        found: dict[str, MaybeText] = {}
        pairs = self.entries(node)
        if pairs is None:
            for item in self.elements(node) or []:
                found.update(environment_entry(self.text(item)))
            return found
        for key, value in pairs:
            name = self.key_text(key)
            if name is None:
                continue
            if self.is_none(value):
                reason = f"{name} takes its value from the environment"
                found[name] = Located(Unresolved("", reason), self.span(value))
            else:
                found[name] = self.text(value)
        return found

    def sdk_volumes(self, node: cst.BaseExpression) -> list[Mount]:
        """``volumes={host: {"bind": target, "mode": "ro"}}`` or ``["host:target:ro"]``."""
        pairs = self.entries(node)
        if pairs is None:
            return [volume_mount(self.text(item)) for item in self.elements(node) or []]
        mounts: list[Mount] = []
        for key, value in pairs:
            source = self.text(key)
            settings = {self.key_text(k): v for k, v in self.entries(value) or []}
            target = self.text(settings["bind"]) if "bind" in settings else self.text(value)
            mode_node = settings.get("mode")
            mode = self.text(mode_node) if mode_node is not None else None
            options = set(mode.value.split(",")) if mode is not None and isinstance(mode.value, str) else set()
            read_only = "ro" in options
            if "ro" in settings:
                read_only = self.truth(settings["ro"], self.span(settings["ro"])).value is True
            propagation_node = settings.get("propagation")
            propagation = self.text(propagation_node) if propagation_node is not None else None
            if propagation is None and mode is not None and options & PROPAGATIONS:
                propagation = Located(sorted(options & PROPAGATIONS)[0], mode.span)
            span = self.span(key).cover(self.span(value))
            mounts.append(Mount(span, _mount_type(source), source, target, read_only, propagation))
        return mounts

    def sdk_mounts(self, node: cst.BaseExpression) -> list[Mount]:
        """``mounts=[Mount(target, source, type="bind", read_only=…, propagation=…)]``."""
        mounts: list[Mount] = []
        for item in self.elements(node) or []:
            target = self.follow(item)
            if not isinstance(target, cst.Call) or not self.qualified(target.func) & _SDK_MOUNTS:
                continue
            destination = _argument(target, 0, "target")
            source = _argument(target, 1, "source")
            kind = _argument(target, 2, "type")
            type_text = self.text(kind).value if kind is not None else "volume"
            read_only = _keyword(target, "read_only")
            propagation = _argument(target, 5, "propagation")
            mounts.append(
                Mount(
                    self.span(item),
                    type_text if isinstance(type_text, str) else "bind",
                    self.text(source) if source is not None else None,
                    self.text(destination) if destination is not None else None,
                    read_only is not None and self.boolean(read_only).value is True,
                    self.text(propagation) if propagation is not None else None,
                )
            )
        return mounts

    def sdk_ports(self, node: cst.BaseExpression) -> list[PortMapping]:
        """``ports={"80/tcp": 8080, 443: ("127.0.0.1", 8443), 22: None, 53: [5353, 5354]}``."""
        mappings: list[PortMapping] = []
        for key, value in self.entries(node) or []:
            inside = self.exposed(key)
            span = self.span(key).cover(self.span(value))
            listed = self.elements(value) if isinstance(self.follow(value), cst.List) else None
            for host in listed if listed is not None else [value]:
                published, host_ip = self.published(host)
                mappings.append(PortMapping(span, inside.target, published, host_ip, inside.protocol))
        return mappings

    def published(self, node: cst.BaseExpression) -> tuple[str | Unresolved | None, str | Unresolved | None]:
        """A host side of docker-py's ports: a port, ``None`` (random), ``(ip, port)`` or ``(ip,)``."""
        target = self.follow(node)
        if isinstance(target, cst.Name) and target.value == "None":
            return None, None
        parts = self.elements(target) if isinstance(target, cst.Tuple) else None
        if parts is not None:
            host_ip = self.text(parts[0]).value if parts else None
            published = self.text(parts[1]).value if len(parts) > 1 else None
            return published, host_ip
        return self.text(node).value, None

    def command(self, node: cst.BaseExpression) -> ShellScript | None:
        """A command as an argv list, or a string split as a shell would."""
        items = self.elements(node)
        if items is not None:
            words = [self.word(item) for item in items]
            return argv_script([Located(word.text, word.span) for word in words]) if words else None
        word = self.word(node)
        if word.unknown:
            return None
        script = parse_shell(word.text, word.span_of)
        add_nested_scripts(script)
        return script

    def set_image(self, container: Container, node: cst.BaseExpression) -> None:
        located = self.text(node)
        if isinstance(located.value, Unresolved):
            container.image = Located(located.value, located.span)
            return
        try:
            container.image = Located(ImageReference.parse(located.value), located.span)
        except InvalidReference:
            container.invalid_image = Located(located.value, located.span)

    def image_build(self, call: cst.Call, context_name: str, args_name: str, origin: Origin) -> None:
        context = _argument(call, 0, context_name)
        build_args: dict[str, MaybeText] = {}
        given = _keyword(call, args_name)
        if given is not None:
            build_args = self.environment(given.value)
        dockerfile = _keyword(call, "dockerfile") or _keyword(call, "dockerfile_path") or _keyword(call, "file")
        target = _keyword(call, "target")
        spec = BuildSpec(
            self.span(call),
            self.text(context) if context is not None else None,
            self.text(dockerfile.value) if dockerfile is not None else None,
            self.text(target.value) if target is not None else None,
            build_args,
        )
        self.calls.builds.append(ImageBuild(f"{self.code(call.func)}()", self.span(call), origin, spec))

    # testcontainers

    def testcontainer(self, call: cst.Call, names: set[str]) -> None:
        class_name = next(name for name in names if _is_testcontainer(name)).rsplit(".", 1)[-1]
        image = _argument(call, 0, "image")
        shown = self.code(image, 40) if image is not None else ""
        container = Container(f"{self.code(call.func)}({shown})", self.span(call), Origin.TESTCONTAINERS)
        if image is not None:
            self.set_image(container, image)
        else:
            reason = f"the default image of {class_name}"
            container.image = Located(Unresolved(class_name, reason), self.span(call.func))
        chain = _Chain(container)
        for arg in call.args:
            name = arg.keyword.value if arg.keyword else None
            items = self.elements(arg.value) if name in ("ports", "volumes") else None
            if name == "command":
                container.command = self.command(arg.value)
            elif name == "env":
                container.environment.update(self.environment(arg.value))
            elif name == "ports" and items is not None:  # ports to publish on random host ports
                container.ports.extend(self.exposed(item) for item in items)
            elif name == "volumes" and items is not None and all(self.elements(item) for item in items):
                container.mounts.extend(self.volume_mapping(item, self.elements(item) or []) for item in items)
            elif arg.star == "**" or (name is not None and name not in _TESTCONTAINERS_OWN):
                chain.kwargs.append(arg)  # passed on to the Docker SDK (older versions pass all)
        for method in self.chained(call):
            self.container_method(chain, method)
        self.sdk_arguments(container, chain.kwargs)
        self.calls.containers.append(container)

    def chained(self, call: cst.Call) -> Iterator[cst.Call]:
        """The method calls made on the object ``call`` makes: chained on it, then on the names
        that hold it, in source order."""
        top: cst.CSTNode = call
        for method in self.chained_on(call):
            yield method
            top = method
        holder = self.parent(top)
        names: list[cst.BaseExpression] = []
        if isinstance(holder, cst.Assign):
            names = [target.target for target in holder.targets]
        elif isinstance(holder, cst.WithItem) and holder.asname is not None:
            names = [holder.asname.name]
        for name in names:
            for use in self.uses(name) if isinstance(name, cst.Name) else []:
                yield from self.chained_on(use)

    def uses(self, name: cst.Name) -> list[cst.Name]:
        """Where the name assigned here is read, in source order."""
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        found: list[cst.Name] = []
        for assignment in scope[name.value]:
            if isinstance(assignment, Assignment) and assignment.node is name:
                found.extend(access.node for access in assignment.references if isinstance(access.node, cst.Name))
        return sorted(found, key=self.span)

    def chained_on(self, node: cst.CSTNode) -> Iterator[cst.Call]:
        """``node.a(…).b(…)``: the calls of methods on ``node``, each on what the last returned."""
        top = node
        while True:
            attribute = self.parent(top)
            method = self.parent(attribute) if isinstance(attribute, cst.Attribute) else None
            if not isinstance(method, cst.Call) or method.func is not attribute:
                return
            yield method
            top = method

    def container_method(self, chain: _Chain, method: cst.Call) -> None:
        assert isinstance(method.func, cst.Attribute)
        name = method.func.attr.value
        container = chain.container
        if name == "with_volume_mapping":
            parts = [arg.value for arg in method.args if not arg.keyword]
            mode = _keyword(method, "mode")
            if mode is not None:
                parts = [*parts[:2], mode.value]
            if len(parts) >= 2:
                container.mounts.append(self.volume_mapping(method, parts))
        elif name in ("with_bind_ports", "with_exposed_ports"):
            ports = [arg.value for arg in method.args if not arg.keyword]
            if name == "with_exposed_ports":
                container.ports.extend(self.exposed(port) for port in ports)
            elif ports:
                host = _argument(method, 1, "host")
                mapping = self.exposed(ports[0])
                published = self.published(host)[0] if host is not None else None
                container.ports.append(
                    PortMapping(self.span(method), mapping.target, published, None, mapping.protocol)
                )
        elif name == "with_env":
            key, value = _argument(method, 0, "key"), _argument(method, 1, "value")
            if key is not None and value is not None and (text := self.key_text(key)) is not None:
                container.environment[text] = self.text(value)
        elif name == "with_envs":
            for arg in method.args:
                if arg.keyword is not None:
                    container.environment[arg.keyword.value] = self.text(arg.value)
        elif name == "with_command":
            command = _argument(method, 0, "command")
            container.command = self.command(command) if command is not None else None
        elif name == "with_kwargs":
            chain.kwargs = list(method.args)  # replaces what was given before, as at run time

    def exposed(self, node: cst.BaseExpression) -> PortMapping:
        """A container port published on a random host port, on every interface."""
        located = self.text(node)
        text = located.value
        protocol: str | Unresolved = "tcp"
        if isinstance(text, str) and "/" in text:
            text, protocol = text.split("/", 1)
        return PortMapping(located.span, text, None, None, protocol)

    def volume_mapping(self, node: cst.CSTNode, parts: Sequence[cst.BaseExpression], default_mode: str = "ro") -> Mount:
        """``(host, container[, mode])``: testcontainers' mode is read-only unless given,
        python-on-whales' read-write."""
        source = self.text(parts[0])
        target = self.text(parts[1])
        mode = self.text(parts[2]).value if len(parts) > 2 else default_mode
        options = set(mode.split(",")) if isinstance(mode, str) else set()
        propagation = None
        if len(parts) > 2 and options & PROPAGATIONS:
            propagation = Located(sorted(options & PROPAGATIONS)[0], self.span(parts[2]))
        return Mount(self.span(node), _mount_type(source), source, target, "ro" in options, propagation)

    # python-on-whales

    def whales_container(self, call: cst.Call) -> None:
        container = self.started_container(call, Origin.PYTHON_ON_WHALES)
        for arg in call.args:
            if arg.star == "**":
                container.unread_settings = Located(self.code(arg), self.span(arg))
            elif arg.keyword is not None:
                self.whales_argument(container, arg)
        self.calls.containers.append(container)

    def whales_argument(self, container: Container, arg: cst.Arg) -> None:
        assert arg.keyword is not None
        name = arg.keyword.value
        if name in ("privileged", "read_only"):
            setattr(container, name, self.boolean(arg))
        elif name in _WHALES_OPTIONS:
            items = self.elements(arg.value)
            for item in items if items is not None else [arg.value]:
                apply_value(container, _WHALES_OPTIONS[name], self.text(item))
        elif name == "envs":
            container.environment.update(self.environment(arg.value))
        elif name == "volumes":
            for item in self.elements(arg.value) or []:
                parts = self.elements(item)
                if parts is not None and len(parts) >= 2:
                    container.mounts.append(self.volume_mapping(item, parts, default_mode="rw"))
        elif name == "mounts":
            for item in self.elements(arg.value) or []:
                fields = [self.text(part) for part in self.elements(item) or []]
                if fields and all(isinstance(field.value, str) for field in fields):
                    text = ",".join(str(field.value) for field in fields)
                    container.mounts.append(cli_mount(Located(text, self.span(item))))
        elif name == "publish":
            for item in self.elements(arg.value) or []:
                container.ports.append(self.whales_port(item))

    def whales_port(self, node: cst.BaseExpression) -> PortMapping:
        """``(host, container[, protocol])``; the host side may name an address (``"127.0.0.1:8080"``)."""
        parts = self.elements(node) or [node]
        span = self.span(node)
        if len(parts) == 1:
            return PortMapping(span, self.text(parts[0]).value)
        host = self.text(parts[0]).value
        host_ip: str | Unresolved | None = None
        if isinstance(host, str) and ":" in host:
            host_ip, host = host.rsplit(":", 1)
        protocol = self.text(parts[2]).value if len(parts) > 2 else "tcp"
        return PortMapping(span, self.text(parts[1]).value, host, host_ip, protocol)

    # subprocess and os

    def subprocess_call(self, call: cst.Call) -> None:
        args = _argument(call, 0, "args")
        if args is None:
            return
        shell = _keyword(call, "shell")
        shell_on = shell is not None and self.boolean(shell).value is not False
        environment = _environment_of(call)
        words = self.argv_words(args)
        split = self.follow(args)
        if words is not None:
            self.argv(words, environment)
        elif isinstance(split, cst.Call) and self.qualified(split.func) == {"shlex.split"}:
            text = _argument(split, 0, "s")
            if text is not None:
                self.shell_string(text, environment)
        elif shell_on:
            self.shell_string(args, environment)

    def argv_words(self, node: cst.BaseExpression, depth: int = 0) -> list[Argument] | None:
        """An argv list as words: a ``*starred`` item, or a list added to it (``base + extra``)
        that is not a literal, may stand for any number of words. None when it is no list."""
        target = self.follow(node)
        if isinstance(target, (cst.List, cst.Tuple)):
            return [
                self.word(element.value, splits=isinstance(element, cst.StarredElement)) for element in target.elements
            ]
        if isinstance(target, cst.BinaryOperation) and isinstance(target.operator, cst.Add) and depth < _MAX_DEPTH:
            left = self.argv_words(target.left, depth + 1)
            right = self.argv_words(target.right, depth + 1)
            if left is None and right is None:
                return None
            return [
                *(left if left is not None else [self.word(target.left, splits=True)]),
                *(right if right is not None else [self.word(target.right, splits=True)]),
            ]
        return None

    def argv(self, words: list[Argument], environment: cst.BaseExpression | None = None) -> None:
        """An argv list run as it is; when it runs a shell with ``-c``, the string is a script."""
        words = [*self.environment_words(environment), *words]
        self.calls.extend(read_command(words, Origin.SUBPROCESS))
        for index, word in enumerate(words[:-2]):
            program = word.text.rsplit("/", 1)[-1]
            if program in SHELLS and words[index + 1].text == "-c":
                script = parse_shell(words[index + 2].text, words[index + 2].span_of)
                add_nested_scripts(script)
                self.calls.extend(script_calls(script, Origin.SUBPROCESS))
                break

    def environment_words(self, environment: cst.BaseExpression | None) -> list[Argument]:
        """``env={"DOCKER_HOST": …}`` as the ``NAME=value`` words a shell would put first."""
        words: list[Argument] = []
        for key, value in (self.entries(environment) if environment is not None else None) or []:
            name = self.key_text(key)
            if name in ("DOCKER_HOST", "DOCKER_TLS_VERIFY"):
                word = self.word(value)
                words.append(
                    Argument(
                        f"{name}={word.text}",
                        word.span,
                        _shifted(word.span_of, len(name) + 1),
                        word.unknown,
                        reason=word.reason,
                    )
                )
        return words

    def shell_string(self, node: cst.BaseExpression, environment: cst.BaseExpression | None) -> None:
        """A string run by a shell: a script, whose commands may run docker."""
        word = self.word(node)
        if word.unknown:
            return
        script = parse_shell(word.text, word.span_of)
        add_nested_scripts(script)
        self.calls.extend(script_calls(script, Origin.SUBPROCESS, self.environment_words(environment)))


def _mount_type(source: MaybeText) -> str:
    text = source.value.text if isinstance(source.value, Unresolved) else source.value
    if is_pipe(text):
        return "npipe"
    return "bind" if is_host_path(text) else "volume"


def _string_span_of(start: Span, opening: int, text: str) -> Callable[[int, int], Span]:
    """Offsets into a string literal's value written as is from ``opening`` characters after
    ``start`` (past its prefix and quotes), over one line or several."""
    if "\n" not in text:
        return exact_span(start.line, start.column + opening)
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(offset: int) -> tuple[int, int]:
        line = max(index for index, at in enumerate(line_starts) if at <= offset)
        column = offset - line_starts[line] + 1 + (start.column - 1 + opening if line == 0 else 0)
        return start.line + line, column

    return lambda a, b: Span(*position(a), *position(max(a, b)))


def _shifted(span_of: Callable[[int, int], Span], by: int) -> Callable[[int, int], Span]:
    """Offsets into ``prefix + text`` for offsets into ``text``, where ``prefix`` is ``by`` long."""
    return lambda start, end: span_of(max(start - by, 0), max(end - by, 0))


def _number(node: cst.BaseExpression) -> str | None:
    """``8080``, ``0.5``, ``-1`` as written."""
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _number(node.expression)
        return f"-{inner}" if inner is not None else None
    return None


def _argument(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    """The argument given by keyword, or at ``position`` among the positional ones."""
    found = _keyword(call, keyword)
    if found is not None:
        return found.value
    if position is None:
        return None
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    starred = any(arg.star == "*" for arg in call.args if arg.keyword is None)
    if position < len(positional) and not starred:
        return positional[position].value
    return None


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def _environment_of(call: cst.Call) -> cst.BaseExpression | None:
    found = _keyword(call, "env")
    return found.value if found is not None else None


def _is_self_attribute(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def _is_containers_collection(node: cst.BaseExpression) -> bool:
    """``<anything>.containers``: docker-py's container collection, however the client came."""
    return isinstance(node, cst.Attribute) and node.attr.value == "containers"


def _is_testcontainer(qualified: str) -> bool:
    """A ``…Container`` class of a testcontainers module (DockerContainer, PostgresContainer …)."""
    module, _, name = qualified.rpartition(".")
    return module.split(".")[0] == "testcontainers" and name.endswith("Container") and name[:1].isupper()


def _root_module(node: cst.BaseExpression | cst.ImportAlias) -> str:
    if isinstance(node, cst.ImportAlias):
        node = node.name
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""
