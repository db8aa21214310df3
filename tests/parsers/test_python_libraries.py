"""The registry of the Python front end's library adapters: every call it declares is read, by
one library only, on objects some library makes."""

from __future__ import annotations

import textwrap
from types import ModuleType

import pytest

from hullcheck.model.container import Container, EngineClient, ImageBuild, Origin
from hullcheck.parsers.python import LIBRARIES, docker_sdk, parse_python, subprocess, testcontainers, whales
from hullcheck.parsers.python.library import Reader

ADAPTERS: dict[ModuleType, Origin] = {
    subprocess: Origin.SUBPROCESS,
    whales: Origin.PYTHON_ON_WHALES,
    docker_sdk: Origin.DOCKER_SDK,
    testcontainers: Origin.TESTCONTAINERS,
}

# the arguments each reader of a function is called with in its sample, and what it then reads
FUNCTION_ARGUMENTS: dict[Reader, tuple[str, type]] = {
    subprocess.read_run: ('["docker", "run", "x:1"]', Container),
    subprocess.read_shell_command: ('"docker run x:1"', Container),
    subprocess.read_exec: ('"docker", "run", "x:1"', Container),
    whales.read_client: ('host="tcp://h:2375"', EngineClient),
    docker_sdk.read_from_env: ('environment={"DOCKER_HOST": "tcp://h:2375"}', EngineClient),
    docker_sdk.read_client: ('"tcp://h:2375"', EngineClient),
    testcontainers.read_image: ('"./context"', ImageBuild),
}

# an expression holding each kind of engine object; None: one hullcheck does not know
OBJECTS: dict[str | None, str] = {
    "sdk": "docker.from_env()",
    "sdk-api": "docker.APIClient()",
    "sdk-containers": "docker.from_env().containers",
    "sdk-images": "docker.DockerClient().images",
    "whales": "python_on_whales.docker",
    "whales-container": "python_on_whales.docker.container",
    "whales-image": "python_on_whales.DockerClient().image",
    "whales-buildx": "python_on_whales.docker.buildx",
    None: "client.containers",  # a parameter: docker-py's collection in a module that imports docker
}
METHOD_READS: dict[str, type] = {
    "run": Container,
    "create": Container,
    "create_container": Container,
    "build": ImageBuild,
    "legacy_build": ImageBuild,
}

FUNCTIONS = [
    pytest.param(name, reader, ADAPTERS[adapter], id=name)
    for adapter in ADAPTERS
    for name, reader in adapter.LIBRARY.functions.items()
]
METHODS = [
    pytest.param(kind, method, ADAPTERS[adapter], id=f"{kind}.{method}")
    for adapter in ADAPTERS
    for kind, method in adapter.LIBRARY.methods
]


def test_every_adapter_is_registered() -> None:
    assert tuple(adapter.LIBRARY for adapter in ADAPTERS) == LIBRARIES


def test_each_call_is_read_by_one_library() -> None:
    names = [name for library in LIBRARIES for name in library.functions]
    methods = [key for library in LIBRARIES for key in library.methods]
    assert len(names) == len(set(names))
    assert len(methods) == len(set(methods))


def test_methods_are_declared_on_objects_a_library_makes() -> None:
    made: set[str | None] = {None}
    for library in LIBRARIES:
        made.update(library.objects.instances.values(), library.objects.constructors.values())
        made.update(library.objects.attributes.values())
    owners = {owner for library in LIBRARIES for owner, _attribute in library.objects.attributes}
    assert owners <= made
    assert {kind for library in LIBRARIES for kind, _method in library.methods} <= made


@pytest.mark.parametrize(("name", "reader", "origin"), FUNCTIONS)
def test_each_function_is_read(name: str, reader: Reader, origin: Origin) -> None:
    arguments, reads = FUNCTION_ARGUMENTS[reader]
    module = name.rsplit(".", 1)[0]
    (found,) = parse_python(f"import {module}\n{name}({arguments})\n", "example.py").calls.nodes()
    assert isinstance(found, (Container, ImageBuild, EngineClient)) and isinstance(found, reads)
    assert found.origin is origin


def test_each_family_is_read() -> None:
    code = "from testcontainers.postgres import PostgresContainer\nPostgresContainer()\n"
    (found,) = parse_python(code, "example.py").calls.containers
    assert found.origin is Origin.TESTCONTAINERS and found.subject == "PostgresContainer()"


@pytest.mark.parametrize(("kind", "method", "origin"), METHODS)
def test_each_method_is_read_on_its_object(kind: str | None, method: str, origin: Origin) -> None:
    code = f"""
        import docker, python_on_whales
        def start(client):
            {OBJECTS[kind]}.{method}("x:1")
    """
    (found,) = parse_python(textwrap.dedent(code), "example.py").calls.nodes()
    assert isinstance(found, (Container, ImageBuild)) and isinstance(found, METHOD_READS[method])
    assert found.origin is origin
    assert found.subject == f"{OBJECTS[kind]}.{method}()"
