"""python-on-whales onto the container model.

``docker.run/create(…)`` and ``docker.container.run/create(…)`` on its ``docker`` object or a
``DockerClient(host=…)``, whose keyword arguments it passes to the docker CLI options of the
same names (so they map through the CLI's own reading), and builds: ``docker.build(…)``,
``docker.buildx.build(…)``, ``docker.legacy_build(…)``, ``docker.image.legacy_build(…)``.
"""

from __future__ import annotations

import libcst as cst

from hullcheck.model.container import Container, EngineCalls, Origin, PortMapping
from hullcheck.model.span import Located, Unresolved
from hullcheck.parsers.docker_cli import apply_value, cli_mount
from hullcheck.parsers.python.evaluator import Evaluator, Objects, argument, keyword_argument
from hullcheck.parsers.python.library import Library
from hullcheck.parsers.python.settings import (
    engine_client,
    environment,
    image_build,
    started_container,
    volume_mapping,
)

_DOCKER = "python_on_whales.docker"  # the module's ready-made client
_CLIENTS = ("python_on_whales.DockerClient", "python_on_whales.docker_client.DockerClient")

# python-on-whales' keyword arguments and the docker CLI options it passes them to
_OPTIONS = {
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
    "platform": "platform",
}


def read_client(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``DockerClient(host=…, tls=…)``; ``tlsverify`` given after ``tls`` is the one in force."""
    tls: Located[bool | Unresolved] | None = None
    for name in ("tls", "tlsverify"):
        setting = keyword_argument(call, name)
        if setting is not None:
            tls = evaluator.boolean(setting)
    return engine_client(evaluator, call, Origin.PYTHON_ON_WHALES, argument(call, None, "host"), tls)


def read_container(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``run/create(image, command, **options)``."""
    container = started_container(evaluator, call, Origin.PYTHON_ON_WHALES)
    for arg in call.args:
        if arg.star == "**":
            container.unread_settings = Located(evaluator.code(arg), evaluator.span(arg))
        elif arg.keyword is not None:
            _apply_argument(evaluator, container, arg)
    return EngineCalls(containers=[container])


def _apply_argument(evaluator: Evaluator, container: Container, arg: cst.Arg) -> None:
    assert arg.keyword is not None
    name = arg.keyword.value
    if name in ("privileged", "read_only"):
        setattr(container, name, evaluator.boolean(arg))
    elif name in _OPTIONS:
        items = evaluator.elements(arg.value)
        for item in items if items is not None else [arg.value]:
            apply_value(container, _OPTIONS[name], evaluator.text(item))
    elif name == "envs":
        container.environment.update(environment(evaluator, arg.value))
    elif name == "volumes":
        for item in evaluator.elements(arg.value) or []:
            parts = evaluator.elements(item)
            if parts is not None and len(parts) >= 2:
                container.mounts.append(volume_mapping(evaluator, item, parts, default_mode="rw"))
    elif name == "mounts":
        for item in evaluator.elements(arg.value) or []:
            fields = [evaluator.text(part) for part in evaluator.elements(item) or []]
            if fields and all(isinstance(field.value, str) for field in fields):
                text = ",".join(str(field.value) for field in fields)
                container.mounts.append(cli_mount(Located(text, evaluator.span(item))))
    elif name == "publish":
        for item in evaluator.elements(arg.value) or []:
            container.ports.append(_port(evaluator, item))


def _port(evaluator: Evaluator, node: cst.BaseExpression) -> PortMapping:
    """``(host, container[, protocol])``; the host side may name an address (``"127.0.0.1:8080"``)."""
    parts = evaluator.elements(node) or [node]
    span = evaluator.span(node)
    if len(parts) == 1:
        return PortMapping(span, evaluator.text(parts[0]).value)
    host = evaluator.text(parts[0]).value
    host_ip: str | Unresolved | None = None
    if isinstance(host, str) and ":" in host:
        host_ip, host = host.rsplit(":", 1)
    protocol = evaluator.text(parts[2]).value if len(parts) > 2 else "tcp"
    return PortMapping(span, evaluator.text(parts[1]).value, host, host_ip, protocol)


def read_build(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    return image_build(evaluator, call, "context_path", "build_args", Origin.PYTHON_ON_WHALES)


LIBRARY = Library(
    functions=dict.fromkeys(_CLIENTS, read_client),
    methods={
        ("whales", "run"): read_container,
        ("whales", "create"): read_container,
        ("whales-container", "run"): read_container,
        ("whales-container", "create"): read_container,
        ("whales", "build"): read_build,
        ("whales", "legacy_build"): read_build,
        ("whales-buildx", "build"): read_build,
        ("whales-image", "legacy_build"): read_build,
    },
    objects=Objects(
        instances={_DOCKER: "whales"},
        constructors=dict.fromkeys(_CLIENTS, "whales"),
        attributes={
            ("whales", "container"): "whales-container",
            ("whales", "image"): "whales-image",
            ("whales", "buildx"): "whales-buildx",
        },
    ),
)
