"""The Docker SDK for Python (docker-py) onto the container model.

- clients given their engine's address, for insecure-docker-host: ``docker.from_env(
  environment={"DOCKER_HOST": …})``, ``docker.DockerClient(base_url, tls=…)`` and
  ``docker.APIClient(…)``;
- containers: ``client.containers.run/create(…)`` (on a client made here, or on any
  ``<…>.containers`` in a module that imports docker) and ``api.create_container(…,
  host_config=api.create_host_config(…))``, with their keyword arguments (``volumes`` as a dict
  or a list, ``mounts=[Mount(…)]``, ``ports``, ``privileged`` …);
- builds: ``client.images.build(buildargs=…)`` and ``api.build(…)``.

testcontainers passes the keyword arguments it does not take itself to docker-py, so it reads
them with :func:`apply_arguments` and its ports with :func:`exposed` and :func:`published`.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from hullcheck.model.container import Container, EngineCalls, MaybeText, Mount, Origin, PortMapping
from hullcheck.model.span import Located, Unresolved
from hullcheck.model.values import tls_verify_on
from hullcheck.parsers.docker_cli import volume_mount
from hullcheck.parsers.python.evaluator import Evaluator, Objects, argument, keyword_argument
from hullcheck.parsers.python.library import Library
from hullcheck.parsers.python.settings import (
    command,
    engine_client,
    environment,
    image_build,
    mount_type,
    started_container,
)
from hullcheck.parsers.specs import PROPAGATIONS

_FROM_ENV = ("docker.from_env", "docker.client.from_env")
_CLIENTS = ("docker.DockerClient", "docker.client.DockerClient")
_API_CLIENTS = ("docker.APIClient", "docker.api.APIClient", "docker.api.client.APIClient")
_MOUNTS = {"docker.types.Mount", "docker.types.services.Mount"}
_TLS = {"docker.tls.TLSConfig", "docker.TLSConfig"}
_HOST_CONFIGS = {"docker.types.HostConfig", "docker.types.containers.HostConfig"}

# docker-py's keyword arguments of containers.run/create, create_host_config and create_container
_TEXT = {
    "network_mode": "network_mode",
    "network": "network_mode",  # containers.run(network=…) sets the network mode too
    "user": "user",
    "pid_mode": "pid_mode",
    "ipc_mode": "ipc_mode",
    "uts_mode": "uts_mode",
    "userns_mode": "userns_mode",
    "cgroupns": "cgroup_mode",
    "platform": "platform",
    "isolation": "isolation",
}
_LISTS = {
    "cap_add": "cap_add",
    "cap_drop": "cap_drop",
    "security_opt": "security_opt",
    "devices": "devices",
    "device_cgroup_rules": "device_cgroup_rules",
}
_LIMITS = {"mem_limit": "memory", "pids_limit": "pids", "nano_cpus": "cpus"}


# clients


def read_from_env(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``from_env(environment={"DOCKER_HOST": …, "DOCKER_TLS_VERIFY": …})``."""
    given = argument(call, None, "environment")
    pairs = evaluator.entries(given) if given is not None else None
    variables = {evaluator.key_text(key): value for key, value in pairs or []}
    verify = variables.get("DOCKER_TLS_VERIFY")
    tls = None
    if verify is not None:
        located = evaluator.text(verify)
        tls = Located(tls_verify_on(located.value), located.span)
    return engine_client(evaluator, call, Origin.DOCKER_SDK, variables.get("DOCKER_HOST"), tls)


def read_client(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``DockerClient(base_url, tls=…)`` or ``APIClient(…)``; ``tls=TLSConfig(…)`` turns TLS on."""
    setting = keyword_argument(call, "tls")
    tls = None
    if setting is not None:
        value = evaluator.follow(setting.value)
        on = isinstance(value, cst.Call) and bool(evaluator.qualified(value.func) & _TLS)
        tls = Located(True, evaluator.span(setting)) if on else evaluator.boolean(setting)
    return engine_client(evaluator, call, Origin.DOCKER_SDK, argument(call, 0, "base_url"), tls)


# containers and builds


def read_container(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``containers.run/create(image, command, **settings)``."""
    return _container(evaluator, call, low_level=False)


def read_api_container(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``api.create_container(image, command, ports=[…], host_config=…)``."""
    return _container(evaluator, call, low_level=True)


def read_collection_call(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``<client>.containers.run/create(…)`` on a client from elsewhere (a parameter, a fixture),
    read when the module imports docker: ``containers`` is then docker-py's collection."""
    func = call.func
    assert isinstance(func, cst.Attribute)
    from_docker = "docker" in evaluator.imported
    if from_docker and isinstance(func.value, cst.Attribute) and func.value.attr.value == "containers":
        return read_container(evaluator, call)
    return EngineCalls()


def read_build(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    return image_build(evaluator, call, "path", "buildargs", Origin.DOCKER_SDK)


def _container(evaluator: Evaluator, call: cst.Call, low_level: bool) -> EngineCalls:
    container = started_container(evaluator, call, Origin.DOCKER_SDK)
    settings = [arg for arg in call.args if arg.keyword or arg.star == "**"]
    apply_arguments(evaluator, container, settings, low_level)
    return EngineCalls(containers=[container])


def apply_arguments(
    evaluator: Evaluator, container: Container, args: Sequence[cst.Arg], low_level: bool = False
) -> None:
    """docker-py's keyword arguments onto the container; ``low_level``: those of the API client's
    ``create_container``, where ``ports`` are exposed ones and ``volumes`` only mount points."""
    for arg in args:
        if arg.star == "**":
            container.unread_settings = Located(evaluator.code(arg), evaluator.span(arg))
            continue
        if arg.keyword is None:
            continue
        name = arg.keyword.value
        if name in ("privileged", "read_only"):
            setattr(container, name, evaluator.boolean(arg))
        elif name in _TEXT:
            setattr(container, _TEXT[name], evaluator.text(arg.value))
        elif name in _LISTS:
            getattr(container, _LISTS[name]).extend(_texts(evaluator, arg.value))
        elif name in _LIMITS:
            container.limits[_LIMITS[name]] = evaluator.text(arg.value)
        elif name == "environment":
            container.environment.update(environment(evaluator, arg.value))
        elif name in ("volumes", "binds") and not (low_level and name == "volumes"):
            container.mounts.extend(_volumes(evaluator, arg.value))
        elif name == "mounts":
            container.mounts.extend(_mounts(evaluator, arg.value))
        elif name in ("ports", "port_bindings") and not (low_level and name == "ports"):
            container.ports.extend(_ports(evaluator, arg.value))
        elif name == "ports":  # create_container(ports=[…]): the ports the container exposes
            container.expose.extend(_texts(evaluator, arg.value))
        elif name == "entrypoint":
            container.entrypoint = command(evaluator, arg.value)
        elif name == "host_config":
            _host_config(evaluator, container, arg.value)


def _host_config(evaluator: Evaluator, container: Container, node: cst.BaseExpression) -> None:
    """``host_config=api.create_host_config(…)`` or ``HostConfig(…)`` (or a name holding it)."""
    target = evaluator.follow(node)
    if isinstance(target, cst.Call) and _is_host_config(evaluator, target):
        apply_arguments(evaluator, container, target.args)
    else:
        container.unread_settings = Located(evaluator.code(node), evaluator.span(node))


def _is_host_config(evaluator: Evaluator, call: cst.Call) -> bool:
    if evaluator.qualified(call.func) & _HOST_CONFIGS:
        return True
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "create_host_config":
        return False
    return evaluator.object_of(func.value) == "sdk-api"


def _texts(evaluator: Evaluator, node: cst.BaseExpression) -> list[MaybeText]:
    """A list of strings, or one string standing for a list of one."""
    items = evaluator.elements(node)
    if items is None:
        return [evaluator.text(node)] if isinstance(evaluator.follow(node), cst.SimpleString) else []
    return [evaluator.text(item) for item in items]


def _volumes(evaluator: Evaluator, node: cst.BaseExpression) -> list[Mount]:
    """``volumes={host: {"bind": target, "mode": "ro"}}`` or ``["host:target:ro"]``."""
    pairs = evaluator.entries(node)
    if pairs is None:
        return [volume_mount(evaluator.text(item)) for item in evaluator.elements(node) or []]
    mounts: list[Mount] = []
    for key, value in pairs:
        source = evaluator.text(key)
        settings = {evaluator.key_text(k): v for k, v in evaluator.entries(value) or []}
        target = evaluator.text(settings["bind"]) if "bind" in settings else evaluator.text(value)
        mode_node = settings.get("mode")
        mode = evaluator.text(mode_node) if mode_node is not None else None
        options = set(mode.value.split(",")) if mode is not None and isinstance(mode.value, str) else set()
        read_only = "ro" in options
        if "ro" in settings:
            read_only = evaluator.truth(settings["ro"], evaluator.span(settings["ro"])).value is True
        propagation_node = settings.get("propagation")
        propagation = evaluator.text(propagation_node) if propagation_node is not None else None
        if propagation is None and mode is not None and options & PROPAGATIONS:
            propagation = Located(sorted(options & PROPAGATIONS)[0], mode.span)
        span = evaluator.span(key).cover(evaluator.span(value))
        mounts.append(Mount(span, mount_type(source), source, target, read_only, propagation))
    return mounts


def _mounts(evaluator: Evaluator, node: cst.BaseExpression) -> list[Mount]:
    """``mounts=[Mount(target, source, type="bind", read_only=…, propagation=…)]``."""
    mounts: list[Mount] = []
    for item in evaluator.elements(node) or []:
        target = evaluator.follow(item)
        if not isinstance(target, cst.Call) or not evaluator.qualified(target.func) & _MOUNTS:
            continue
        destination = argument(target, 0, "target")
        source = argument(target, 1, "source")
        kind = argument(target, 2, "type")
        type_text = evaluator.text(kind).value if kind is not None else "volume"
        read_only = keyword_argument(target, "read_only")
        propagation = argument(target, 5, "propagation")
        mounts.append(
            Mount(
                evaluator.span(item),
                type_text if isinstance(type_text, str) else "bind",
                evaluator.text(source) if source is not None else None,
                evaluator.text(destination) if destination is not None else None,
                read_only is not None and evaluator.boolean(read_only).value is True,
                evaluator.text(propagation) if propagation is not None else None,
            )
        )
    return mounts


def _ports(evaluator: Evaluator, node: cst.BaseExpression) -> list[PortMapping]:
    """``ports={"80/tcp": 8080, 443: ("127.0.0.1", 8443), 22: None, 53: [5353, 5354]}``."""
    mappings: list[PortMapping] = []
    for key, value in evaluator.entries(node) or []:
        inside = exposed(evaluator, key)
        span = evaluator.span(key).cover(evaluator.span(value))
        listed = evaluator.elements(value) if isinstance(evaluator.follow(value), cst.List) else None
        for host in listed if listed is not None else [value]:
            port, host_ip = published(evaluator, host)
            mappings.append(PortMapping(span, inside.target, port, host_ip, inside.protocol))
    return mappings


def exposed(evaluator: Evaluator, node: cst.BaseExpression) -> PortMapping:
    """A container port (``"80/tcp"``, ``80``) published on a random host port, on every interface."""
    located = evaluator.text(node)
    text = located.value
    protocol: str | Unresolved = "tcp"
    if isinstance(text, str) and "/" in text:
        text, protocol = text.split("/", 1)
    return PortMapping(located.span, text, None, None, protocol)


def published(
    evaluator: Evaluator, node: cst.BaseExpression
) -> tuple[str | Unresolved | None, str | Unresolved | None]:
    """A host side of docker-py's ports, as (port, address): a port, ``None`` (random), ``(ip, port)``
    or ``(ip,)``."""
    target = evaluator.follow(node)
    if isinstance(target, cst.Name) and target.value == "None":
        return None, None
    parts = evaluator.elements(target) if isinstance(target, cst.Tuple) else None
    if parts is not None:
        host_ip = evaluator.text(parts[0]).value if parts else None
        port = evaluator.text(parts[1]).value if len(parts) > 1 else None
        return port, host_ip
    return evaluator.text(node).value, None


LIBRARY = Library(
    functions={**dict.fromkeys(_FROM_ENV, read_from_env), **dict.fromkeys(_CLIENTS + _API_CLIENTS, read_client)},
    methods={
        ("sdk-containers", "run"): read_container,
        ("sdk-containers", "create"): read_container,
        ("sdk-api", "create_container"): read_api_container,
        ("sdk-images", "build"): read_build,
        ("sdk-api", "build"): read_build,
        (None, "run"): read_collection_call,
        (None, "create"): read_collection_call,
    },
    objects=Objects(
        constructors={**dict.fromkeys(_FROM_ENV + _CLIENTS, "sdk"), **dict.fromkeys(_API_CLIENTS, "sdk-api")},
        attributes={
            ("sdk", "api"): "sdk-api",
            ("sdk", "containers"): "sdk-containers",
            ("sdk", "images"): "sdk-images",
        },
    ),
)
