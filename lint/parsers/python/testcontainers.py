"""testcontainers onto the container model.

``DockerContainer(image)`` and any ``…Container`` class of a ``testcontainers`` module
(``PostgresContainer()`` runs its class's default image), with the ``with_*`` methods chained on
it or called on the variable that holds it, and ``DockerImage(path, buildargs=…)``.

The keyword arguments DockerContainer does not take itself, and those of ``with_kwargs``, go
to the Docker SDK's ``containers.create()`` (older versions pass them all): they are read as
docker-py reads them, after the chain, since ``with_kwargs`` replaces those given before as it
does at run time.
"""

from __future__ import annotations

import libcst as cst

from hullcheck.model.container import Container, EngineCalls, Origin, PortMapping
from hullcheck.model.span import Located, Unresolved
from hullcheck.parsers.python.docker_sdk import apply_arguments, exposed, published
from hullcheck.parsers.python.evaluator import Evaluator, argument, keyword_argument
from hullcheck.parsers.python.library import Family, Library
from hullcheck.parsers.python.settings import command, environment, image_build, set_image, volume_mapping
from hullcheck.records import Record, field


def _is_container_class(name: str) -> bool:
    return name.endswith("Container") and name[:1].isupper()


CONTAINER_CLASSES = Family("testcontainers", _is_container_class)  # DockerContainer, PostgresContainer …
_IMAGES = ("testcontainers.core.image.DockerImage",)
# DockerContainer's own parameters; the others go to the Docker SDK's containers.create()
_OWN = {
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


class _Chain(Record, slots=True):
    """A definition being read: what its constructor and ``with_*`` calls set."""

    container: Container
    kwargs: list[cst.Arg] = field(default_factory=list)  # the SDK keyword arguments in force


def read_container(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``DockerContainer(image, command=…, env=…, ports=[…], volumes=[…], **sdk)`` and what is
    called on it."""
    names = evaluator.qualified(call.func)
    class_name = next(name for name in names if CONTAINER_CLASSES.holds(name)).rsplit(".", 1)[-1]
    image = argument(call, 0, "image")
    shown = evaluator.code(image, 40) if image is not None else ""
    container = Container(f"{evaluator.code(call.func)}({shown})", evaluator.span(call), Origin.TESTCONTAINERS)
    if image is not None:
        set_image(evaluator, container, image)
    else:
        reason = f"the default image of {class_name}"
        container.image = Located(Unresolved(class_name, reason), evaluator.span(call.func))
    chain = _Chain(container)
    for arg in call.args:
        name = arg.keyword.value if arg.keyword else None
        items = evaluator.elements(arg.value) if name in ("ports", "volumes") else None
        if name == "command":
            container.command = command(evaluator, arg.value)
        elif name == "env":
            container.environment.update(environment(evaluator, arg.value))
        elif name == "ports" and items is not None:  # ports to publish on random host ports
            container.ports.extend(exposed(evaluator, item) for item in items)
        elif name == "volumes" and items is not None and all(evaluator.elements(item) for item in items):
            container.mounts.extend(volume_mapping(evaluator, item, evaluator.elements(item) or []) for item in items)
        elif arg.star == "**" or (name is not None and name not in _OWN):
            chain.kwargs.append(arg)  # passed on to the Docker SDK
    for method in evaluator.chained(call):
        _apply_method(evaluator, chain, method)
    apply_arguments(evaluator, container, chain.kwargs)
    return EngineCalls(containers=[container])


def _apply_method(evaluator: Evaluator, chain: _Chain, method: cst.Call) -> None:
    assert isinstance(method.func, cst.Attribute)
    name = method.func.attr.value
    container = chain.container
    if name == "with_volume_mapping":
        parts = [arg.value for arg in method.args if not arg.keyword]
        mode = keyword_argument(method, "mode")
        if mode is not None:
            parts = [*parts[:2], mode.value]
        if len(parts) >= 2:
            container.mounts.append(volume_mapping(evaluator, method, parts))
    elif name in ("with_bind_ports", "with_exposed_ports"):
        ports = [arg.value for arg in method.args if not arg.keyword]
        if name == "with_exposed_ports":
            container.ports.extend(exposed(evaluator, port) for port in ports)
        elif ports:
            host = argument(method, 1, "host")
            mapping = exposed(evaluator, ports[0])
            # the host side is docker-py's (testcontainers passes ports= on): a port, (ip, port) or (ip,)
            port, address = published(evaluator, host) if host is not None else (None, None)
            container.ports.append(PortMapping(evaluator.span(method), mapping.target, port, address, mapping.protocol))
    elif name == "with_env":
        key, value = argument(method, 0, "key"), argument(method, 1, "value")
        if key is not None and value is not None and (text := evaluator.key_text(key)) is not None:
            container.environment[text] = evaluator.text(value)
    elif name == "with_envs":
        for arg in method.args:
            if arg.keyword is not None:
                container.environment[arg.keyword.value] = evaluator.text(arg.value)
    elif name == "with_command":
        given = argument(method, 0, "command")
        container.command = command(evaluator, given) if given is not None else None
    elif name == "with_kwargs":
        chain.kwargs = list(method.args)  # replaces what was given before, as at run time


def read_image(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    return image_build(evaluator, call, "path", "buildargs", Origin.TESTCONTAINERS)


LIBRARY = Library(functions=dict.fromkeys(_IMAGES, read_image), families={CONTAINER_CLASSES: read_container})
