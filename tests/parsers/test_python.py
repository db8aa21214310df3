"""Python modules that start containers, onto the container model."""

from __future__ import annotations

import textwrap

import pytest

from hullcheck.model.code import PythonFile
from hullcheck.model.container import Container, Origin
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located, Unresolved
from hullcheck.parsers.precheck import python_may_start_containers
from hullcheck.parsers.python import parse_python
from hullcheck.parsers.source import ParseProblem


def parse(code: str) -> PythonFile:
    return parse_python(textwrap.dedent(code), "example.py")


def only(code: str) -> Container:
    found = parse(code).calls.containers
    assert len(found) == 1, f"{len(found)} containers"
    return found[0]


def image_of(found: Container) -> str | Unresolved | None:
    if found.image is None:
        return None
    value = found.image.value
    return value.text if isinstance(value, ImageReference) else value


def at(code: str, located: Located[object] | None) -> str:
    """The source text a located value points at (one line)."""
    assert located is not None
    span = located.span
    lines = textwrap.dedent(code).splitlines()
    assert span.line == span.end_line
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


@pytest.mark.parametrize(
    "code",
    [
        'import docker\ndocker.from_env().containers.run("x:1", privileged=True)',
        'import docker as d\nc = d.from_env()\nc.containers.run("x:1", privileged=True)',
        'from docker import from_env\nclient = from_env()\nclient.containers.create("x:1", privileged=True)',
        'from docker import DockerClient as DC\nc = DC()\nrunning = c.containers\nrunning.run("x:1", privileged=True)',
        'import docker\ndef f(client):\n    client.containers.run("x:1", privileged=True)',  # a client from elsewhere
        (
            "import docker\nclass Helper:\n    def __init__(self):\n        self.client = docker.from_env()\n"
            '    def start(self):\n        self.client.containers.run("x:1", privileged=True)'
        ),
    ],
)
def test_the_docker_sdk_through_aliases_and_assignments(code: str) -> None:
    found = only(code)
    assert found.origin is Origin.DOCKER_SDK
    assert found.privileged is not None and found.privileged.value is True
    assert image_of(found) == "x:1"


def test_a_collection_without_docker_imported_is_not_guessed() -> None:
    assert not parse('def f(client):\n    client.containers.run("x:1", privileged=True)').calls.containers


def test_sdk_keyword_arguments_point_at_the_argument() -> None:
    code = """
        import docker
        from docker.types import Mount
        SOCKET = "/var/run/docker.sock"
        docker.from_env().containers.run(
            "nginx:latest",
            "sh -c 'echo hi'",
            privileged=True,
            network_mode="host",
            user="root",
            cap_add=["SYS_ADMIN"],
            volumes={SOCKET: {"bind": "/sock", "mode": "ro"}, "data": {"bind": "/data", "mode": "rw,rshared"}},
            mounts=[Mount("/t", "/etc", type="bind", read_only=True)],
            ports={"2375/tcp": 2375, 80: ("127.0.0.1", 8080), "53/udp": [5353, 5354], 22: None},
            environment={"PASSWORD": "x", "FROM_HOST": None},
            mem_limit="1g",
        )
    """
    found = only(code)
    assert found.subject == "docker.from_env().containers.run()"
    assert at(code, found.privileged) == "privileged=True"
    assert at(code, found.network_mode) == "host"  # a string's value, inside its quotes
    assert at(code, found.user) == "root"
    assert [at(code, item) for item in found.cap_add] == ["SYS_ADMIN"]
    socket, data, etc = found.mounts
    assert (at(code, socket.source), socket.read_only, socket.type) == ("SOCKET", True, "bind")
    assert socket.source is not None and socket.source.value == "/var/run/docker.sock"
    assert data.type == "volume" and data.propagation is not None and data.propagation.value == "rshared"
    assert etc.source is not None and etc.source.value == "/etc" and etc.read_only
    ports = [(p.target, p.published, p.host_ip, p.protocol) for p in found.ports]
    assert ports == [
        ("2375", "2375", None, "tcp"),
        ("80", "8080", "127.0.0.1", "tcp"),
        ("53", "5353", None, "udp"),
        ("53", "5354", None, "udp"),
        ("22", None, None, "tcp"),
    ]
    assert found.environment["PASSWORD"].value == "x"
    assert isinstance(found.environment["FROM_HOST"].value, Unresolved)
    assert at(code, found.limits["memory"]) == "1g"
    assert found.command is not None
    assert [w.value for w in found.command.commands[0].words] == ["sh", "-c", "echo hi"]


def test_what_cannot_be_evaluated_is_unresolved() -> None:
    code = """
        import os
        import docker
        client = docker.from_env()
        image = "x:1"
        image = "y:2"
        options = {"privileged": True}
        client.containers.run(image, privileged=os.environ.get("PRIV") == "1", user=f"{os.getuid()}", **options)
    """
    found = only(code)
    assert isinstance(found.image and found.image.value, Unresolved)  # assigned twice: not followed
    assert found.privileged is not None and isinstance(found.privileged.value, Unresolved)
    assert found.user is not None and isinstance(found.user.value, Unresolved)
    assert found.unread_settings is not None and found.unread_settings.value == "**options"


def test_low_level_client_and_host_config() -> None:
    code = """
        import docker
        api = docker.APIClient(base_url="tcp://ci:2375")
        config = api.create_host_config(binds=["/:/host:ro"], pid_mode="host", port_bindings={22: 2222})
        api.create_container("x:1", ports=[22], host_config=config)
    """
    file = parse(code)
    (found,) = file.calls.containers
    assert found.mounts[0].source is not None and found.mounts[0].source.value == "/"
    assert found.pid_mode is not None and found.pid_mode.value == "host"
    assert [(p.target, p.published) for p in found.ports] == [("22", "2222")]
    assert [e.value for e in found.expose] == ["22"]
    (client,) = file.calls.clients
    assert (client.subject, client.host.value, client.tls) == ("docker.APIClient()", "tcp://ci:2375", None)


def test_clients_and_tls() -> None:
    code = """
        import docker
        from docker.tls import TLSConfig
        docker.DockerClient(base_url="tcp://a:2375", tls=TLSConfig())
        docker.DockerClient(base_url="tcp://b:2375", tls=False)
        docker.from_env(environment={"DOCKER_HOST": "tcp://c:2375", "DOCKER_TLS_VERIFY": "0"})
        docker.from_env(environment={"DOCKER_HOST": "tcp://d:2375", "DOCKER_TLS_VERIFY": ""})
        docker.from_env()
    """
    clients = parse(code).calls.clients
    assert [(c.host.value, c.tls and c.tls.value) for c in clients] == [
        ("tcp://a:2375", True),
        ("tcp://b:2375", False),
        ("tcp://c:2375", True),  # docker-py's kwargs_from_env: any non-empty value turns TLS on, "0" too
        ("tcp://d:2375", False),
    ]


def test_testcontainers_chains_and_variables() -> None:
    code = """
        from testcontainers.core.container import DockerContainer
        from testcontainers.postgres import PostgresContainer
        with DockerContainer("redis:7").with_kwargs(privileged=True).with_kwargs(user="root") as redis:
            pass
        app = DockerContainer("app:1", env={"A": "1"}, ports=[8080], volumes=[("/srv", "/srv")])
        app.with_volume_mapping("/var/run/docker.sock", "/var/run/docker.sock")
        app.with_bind_ports(22, 2222).with_env("TOKEN", "abc")
        PostgresContainer()
    """
    redis, app, postgres = parse(code).calls.containers
    assert redis.subject == 'DockerContainer("redis:7")' and redis.origin is Origin.TESTCONTAINERS
    assert redis.privileged is None  # with_kwargs replaces what was given before
    assert redis.user is not None and redis.user.value == "root"
    assert [m.source and m.source.value for m in app.mounts] == ["/srv", "/var/run/docker.sock"]
    assert all(m.read_only for m in app.mounts)  # testcontainers mounts read-only unless told
    assert [(p.target, p.published) for p in app.ports] == [("8080", None), ("22", "2222")]
    assert {name: value.value for name, value in app.environment.items()} == {"A": "1", "TOKEN": "abc"}
    assert postgres.image is not None and postgres.image.value == Unresolved(
        "PostgresContainer", "the default image of PostgresContainer"
    )


def test_python_on_whales() -> None:
    code = """
        from python_on_whales import DockerClient, docker
        docker.run(
            "ubuntu",
            ["sleep", "1"],
            privileged=True,
            networks=["host"],
            volumes=[("/etc", "/e"), ("/data", "/d", "ro")],
            publish=[(2375, 2375), ("127.0.0.1:8080", 80, "udp")],
            envs={"A": "b"},
            mounts=[["type=bind", "source=/run", "target=/run"]],
        )
        podman = DockerClient(host="tcp://h:2375", client_call=["podman"])
        podman.container.create("x:1", cap_add=["NET_ADMIN"])
    """
    file = parse(code)
    run, create = file.calls.containers
    assert run.origin is Origin.PYTHON_ON_WHALES and run.subject == "docker.run()"
    assert run.network_mode is not None and run.network_mode.value == "host"
    assert [(m.source and m.source.value, m.read_only) for m in run.mounts] == [
        ("/etc", False),
        ("/data", True),
        ("/run", False),
    ]
    assert [(p.published, p.target, p.host_ip, p.protocol) for p in run.ports] == [
        ("2375", "2375", None, "tcp"),
        ("8080", "80", "127.0.0.1", "udp"),
    ]
    assert create.subject == "podman.container.create()"
    assert [c.value for c in create.cap_add] == ["NET_ADMIN"]
    assert [client.host.value for client in file.calls.clients] == ["tcp://h:2375"]


def test_subprocess_and_os() -> None:
    code = """
        import asyncio, os, shlex, subprocess
        subprocess.run(["docker", "run", "--privileged", "a:1"])
        subprocess.Popen("docker run --privileged b:1", shell=True)
        os.system("cd /srv && docker run --privileged c:1")
        subprocess.call(shlex.split("docker run --privileged d:1"))
        subprocess.run(["bash", "-c", "docker run --privileged e:1"])
        asyncio.create_subprocess_exec("docker", "run", "--privileged", "f:1")
        subprocess.run("docker run --privileged not-run:1")
        subprocess.run(["echo", "docker run --privileged not-run:2"])
        print("docker run --privileged not-run:3")
    """
    found = parse(code).calls.containers
    assert [image_of(c) for c in found] == ["a:1", "b:1", "c:1", "d:1", "e:1", "f:1"]
    assert all(c.origin is Origin.SUBPROCESS and c.subject == "docker run" for c in found)
    assert at(code, found[0].privileged) == '"--privileged"'  # the whole argv item
    assert at(code, found[1].privileged) == "--privileged"  # inside the string, exactly


def test_argv_words_from_names_and_splats() -> None:
    code = """
        import subprocess
        def start(image, extra):
            subprocess.run(["docker", "run", image])
            subprocess.run(["docker", "run", *extra, "x:1"])
        subprocess.run(["docker", "run"] + extra + ["y:1"])
    """
    named, splat, added = parse(code).calls.containers
    assert named.image is not None and named.image.value == Unresolved(
        "${image}", "a Python expression hullcheck does not evaluate"
    )
    assert splat.unread_settings is not None and image_of(splat) == "x:1"
    assert added.unread_settings is not None and image_of(added) == "y:1"


def test_subprocess_environment_sets_the_client() -> None:
    code = 'import subprocess\nsubprocess.run(["docker", "ps"], env={"DOCKER_HOST": "tcp://h:2375"})'
    (client,) = parse(code).calls.clients
    assert client.host.value == "tcp://h:2375" and at(code, client.host) == "tcp://h:2375"


def test_builds() -> None:
    code = """
        import docker
        from python_on_whales import docker as whales
        from testcontainers.core.image import DockerImage
        docker.from_env().images.build(path=".", buildargs={"TOKEN": "a"})
        whales.build(".", build_args={"TOKEN": "b"})
        DockerImage(path=".", buildargs={"TOKEN": "c"})
    """
    builds = parse(code).calls.builds
    assert [(b.origin, b.spec.args["TOKEN"].value) for b in builds] == [
        (Origin.DOCKER_SDK, "a"),
        (Origin.PYTHON_ON_WHALES, "b"),
        (Origin.TESTCONTAINERS, "c"),
    ]


def test_a_string_over_several_lines_keeps_exact_spans() -> None:
    code = 'import os\nos.system(r"""\n  docker run \\\n    --privileged x:1\n""")\n'
    (found,) = parse_python(code, "x.py").calls.containers
    assert found.privileged is not None
    assert (found.privileged.span.line, found.privileged.span.column) == (4, 5)


def test_invalid_python_is_a_parse_problem_with_its_line() -> None:
    with pytest.raises(ParseProblem) as problem:
        parse_python("import docker\n\ndef broken(:\n", "x.py")
    assert problem.value.span.line == 3 and "not valid Python" in problem.value.message


@pytest.mark.parametrize(
    ("source", "may_start"),
    [
        (b"import docker\n", True),
        (b"from testcontainers.redis import RedisContainer\n", True),
        (b"    from python_on_whales import docker\n", True),
        (b'import subprocess\nsubprocess.run(["docker", "ps"])\n', True),
        (b'import os\nos.system("podman ps")\n', True),
        (b"import dockerfile_parse\n", False),
        (b"# docker is mentioned here\nimport json\n", False),
        (b"LEXERS = {'DockerLexer': ('docker', 'red/system')}\n", False),
    ],
)
def test_the_byte_level_pre_check(source: bytes, may_start: bool) -> None:
    assert python_may_start_containers(source) is may_start
