"""The docker and podman command lines onto the container model."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.whole_scripts import container_whole_scripts
from hullcheck.model.container import Container, EngineCalls, Origin
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.docker_cli import read_command, shell_arguments
from hullcheck.parsers.shell import parse_shell


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


def calls(text: str) -> EngineCalls:
    script = parse_shell(text, one_line)
    found = EngineCalls()
    for command in script.commands:
        found.extend(read_command(shell_arguments(command), Origin.SHELL))
    return found


def container(text: str) -> Container:
    found = calls(text).containers
    assert len(found) == 1, f"{text!r} gives {len(found)} containers"
    return found[0]


def image(text: str) -> str | Unresolved | None:
    located = container(text).image
    if located is None:
        return None
    value = located.value
    return value.text if isinstance(value, ImageReference) else value


def at(text: str, located: Located[object] | None) -> str:
    """The source text a located value points at."""
    assert located is not None
    assert located.span.line == located.span.end_line == 1
    return text[located.span.column - 1 : located.span.end_column - 1]


@pytest.mark.parametrize(
    "text",
    [
        "docker run nginx:1.27 echo hi",
        "docker run --name web -e A=1 -v /a:/b --user 1 -w /srv -l x=y --restart always nginx:1.27 echo hi",
        "docker run --name=web --env=A=1 --volume=/a:/b nginx:1.27 echo hi",
        "docker run -it --rm -d nginx:1.27 echo hi",
        "docker run -itd -p 80:80 nginx:1.27 echo hi",
        "docker run -itp 80:80 nginx:1.27 echo hi",
        "docker run -uroot -p8080:80 nginx:1.27 echo hi",
        "docker run --privileged=false --read-only nginx:1.27 echo hi",
        "docker run --rm -- nginx:1.27 echo hi",
        "docker container run -h host -c 512 -a stdout nginx:1.27 echo hi",
        "docker --debug --context prod run nginx:1.27 echo hi",
        "sudo -u ci docker run nginx:1.27 echo hi",
        "env DOCKER_CONFIG=/tmp docker run nginx:1.27 echo hi",
        "/usr/bin/docker create nginx:1.27 echo hi",
        "podman --root /var/lib/c run --pod app --userns=keep-id nginx:1.27 echo hi",
        "podman container create --systemd always nginx:1.27 echo hi",
    ],
)
def test_options_never_shift_the_image(text: str) -> None:
    found = container(text)
    assert found.image is not None and isinstance(found.image.value, ImageReference)
    assert found.image.value.text == "nginx:1.27"
    assert found.command is not None
    assert [word.value for word in found.command.commands[0].words] == ["echo", "hi"]
    assert found.unread_settings is None


def test_subject_says_which_command() -> None:
    assert container("docker run x").subject == "docker run"
    assert container("docker container create x").subject == "docker container create"
    assert container("podman run x").subject == "podman run"
    assert calls("docker buildx build .").builds[0].subject == "docker buildx build"


@pytest.mark.parametrize(
    "text",
    ["docker ps", "docker exec --privileged web sh", "docker --help run x", "docker -v", "dockerd --privileged", "ls"],
)
def test_commands_that_start_no_container(text: str) -> None:
    assert not calls(text).containers and not calls(text).builds


def test_each_setting_points_at_its_value() -> None:
    text = (
        "docker run --privileged --net=host -u root --pid host --ipc=host --uts host --userns host"
        " --cgroupns host --cap-add SYS_ADMIN --cap-drop ALL --security-opt seccomp=unconfined --device /dev/sda"
        " -e PASSWORD=x -p 127.0.0.1:80:8080 --expose 22 --read-only -m 1g --pids-limit 100 --cpus 2"
        " --entrypoint /bin/sh nginx:1.27"
    )
    found = container(text)
    assert at(text, found.privileged) == "--privileged" and found.privileged is not None
    assert found.privileged.value is True
    assert at(text, found.network_mode) == "host"
    assert at(text, found.user) == "root"
    for mode in (found.pid_mode, found.ipc_mode, found.uts_mode, found.userns_mode, found.cgroup_mode):
        assert at(text, mode) == "host"
    assert [at(text, item) for item in found.cap_add] == ["SYS_ADMIN"]
    assert [at(text, item) for item in found.cap_drop] == ["ALL"]
    assert [at(text, item) for item in found.security_opt] == ["seccomp=unconfined"]
    assert [at(text, item) for item in found.devices] == ["/dev/sda"]
    assert at(text, found.environment["PASSWORD"]) == "x"
    port = found.ports[0]
    assert (port.host_ip, port.published, port.target, port.protocol) == ("127.0.0.1", "80", "8080", "tcp")
    assert [at(text, item) for item in found.expose] == ["22"]
    assert found.read_only is not None and found.read_only.value is True
    assert {kind: at(text, value) for kind, value in found.limits.items()} == {
        "memory": "1g",
        "pids": "100",
        "cpus": "2",
    }
    assert found.entrypoint is not None and found.entrypoint.commands[0].words[0].value == "/bin/sh"


def test_boolean_options_take_a_value_only_after_equals() -> None:
    assert container("docker run --privileged=false x").privileged == Located(False, Span(1, 12, 1, 30))
    assert image("docker run --privileged false") == "false"  # a switch never takes the next word


def test_short_options_as_pflag_reads_them() -> None:
    assert image("docker run -d=false alpine") == "alpine"  # a short boolean's value after "="
    (client,) = calls("docker -Htcp://ci:2375 ps").clients
    assert client.subject == "docker -H"
    assert not calls("docker -- run --privileged alpine").containers  # cobra finds no subcommand after --


def test_volumes_and_mounts() -> None:
    text = "docker run -v /var/run/docker.sock:/sock:ro,rshared -v data:/data -v /anon x"
    socket, named, anonymous = container(text).mounts
    assert (socket.type, at(text, socket.source), at(text, socket.target)) == ("bind", "/var/run/docker.sock", "/sock")
    assert socket.read_only and socket.propagation is not None and socket.propagation.value == "rshared"
    assert (named.type, named.source and named.source.value) == ("volume", "data")
    assert (anonymous.source, anonymous.target and anonymous.target.value) == (None, "/anon")
    text = "docker run --mount type=bind,src=/etc,dst=/e,readonly,bind-propagation=shared --mount dst=/cache x"
    bind, volume = container(text).mounts
    assert (bind.type, at(text, bind.source), at(text, bind.target), bind.read_only) == ("bind", "/etc", "/e", True)
    assert at(text, bind.propagation) == "shared"
    assert (volume.type, volume.source) == ("volume", None)


def test_podman_takes_comma_separated_capabilities() -> None:
    text = "podman run --cap-add=SYS_ADMIN,NET_ADMIN x"
    assert [at(text, item) for item in container(text).cap_add] == ["SYS_ADMIN", "NET_ADMIN"]


def test_an_unknown_option_leaves_the_image_unresolved() -> None:
    found = container("docker run --from-the-future value-or-image cmd")
    assert found.unread_settings is not None and found.unread_settings.value == "--from-the-future"
    assert found.image is not None and isinstance(found.image.value, Unresolved)
    assert found.image.value.text == "value-or-image"
    # with =, the unknown option holds its own value, but what it sets stays unknown
    assert container("docker run --from-the-future=1 x").unread_settings is not None


def test_shell_variables_stay_unknown() -> None:
    assert image('docker run "$IMAGE"') == Unresolved("$IMAGE", "set when the command runs")
    assert image("docker run nginx:$TAG") == Unresolved("nginx:$TAG", "set when the command runs")
    assert image("docker run '$literal'") is None  # not a valid reference, and not a variable
    found = container('docker run -v "$HOME/.ssh:/root/.ssh" x')
    source, target = found.mounts[0].source, found.mounts[0].target
    assert source is not None and source.value == Unresolved("$HOME/.ssh", "set when the command runs")
    assert target is not None and target.value == "/root/.ssh"
    assert container('docker run -p "$BIND:80:80" x').ports[0].host_ip == Unresolved(
        "$BIND", "set when the command runs"
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [("docker run --rm $IMG sh", "$IMG"), ("docker run $DOCKER_OPTS --rm nginx:1.27", "$DOCKER_OPTS")],
)
def test_an_unquoted_expansion_is_a_word_where_the_image_is(text: str, written: str) -> None:
    """It may be the image or options before it: the image is unresolved (never the next word,
    which may be the command), and what the container sets and runs is unknown."""
    found = container(text)
    assert found.image is not None and found.image.value == Unresolved(written, "set when the command runs")
    assert found.unread_settings is not None and found.unread_settings.value == found.image.value.text
    assert found.command is None


def test_an_unquoted_expansion_last_is_the_image() -> None:
    found = container("docker run --rm $IMAGE")
    assert found.unread_settings is None
    assert found.image is not None and found.image.value == Unresolved("$IMAGE", "set when the command runs")


def test_an_expansion_inside_a_word_does_not_hide_options() -> None:
    """``app:$TAG`` starts with the image's name: whatever it splits into, the rest is the command."""
    found = container("docker run --rm app:$TAG sh")
    assert found.unread_settings is None
    assert found.command is not None and found.command.commands[0].words[0].value == "sh"


def test_environment_from_the_calling_environment_is_unresolved() -> None:
    value = container("docker run -e TOKEN -e A=b x").environment
    assert value["TOKEN"].value == Unresolved("", "TOKEN takes its value from the environment")
    assert value["A"].value == "b"


def test_builds() -> None:
    text = "docker build --build-arg NPM_TOKEN=abc -f docker/Dockerfile --target prod --build-arg CI -t app:1 ctx"
    (build,) = calls(text).builds
    assert at(text, build.spec.args["NPM_TOKEN"]) == "abc"
    assert isinstance(build.spec.args["CI"].value, Unresolved)
    assert at(text, build.spec.dockerfile) == "docker/Dockerfile"
    assert at(text, build.spec.target) == "prod"
    assert at(text, build.spec.context) == "ctx"
    for subcommand in ("buildx build", "image build", "builder build", "buildx --builder b build"):
        assert calls(f"docker {subcommand} --build-arg A=1 .").builds
    assert calls("podman build --build-arg A=1 .").builds


def test_clients() -> None:
    text = "docker -H tcp://ci:2375 ps"
    (client,) = calls(text).clients
    assert (client.subject, at(text, client.host), client.tls) == ("docker -H", "tcp://ci:2375", None)
    (client,) = calls("docker --tlsverify --host=tcp://ci:2376 ps").clients
    assert client.subject == "docker --host" and client.tls is not None and client.tls.value is True
    text = "DOCKER_HOST=tcp://ci:2375 DOCKER_TLS_VERIFY=1 docker ps"
    (client,) = calls(text).clients
    assert at(text, client.host) == "tcp://ci:2375"
    assert client.tls is not None and client.tls.value is True
    assert not calls("docker ps").clients


def test_health_cmd_is_a_shell_script_at_its_columns() -> None:
    text = "docker run --health-cmd 'curl -f http://localhost:$PORT || exit 1' nginx:1.27"
    run = container(text)
    assert run.healthcheck is not None and run.healthcheck.shell and not run.healthcheck.disabled
    assert run.healthcheck.span == Span(1, 12, 1, 67)
    (whole,) = container_whole_scripts(run)
    assert (whole.source.text, whole.dialect, whole.source.exact) == (
        "curl -f http://localhost:$PORT || exit 1",
        "sh",
        True,
    )
    start = whole.source.text.index("$PORT")
    span = whole.span_of(start, start + 5)
    assert text[span.column - 1 : span.end_column - 1] == "$PORT"


def test_health_cmd_after_equals_and_through_double_quotes() -> None:
    text = 'docker run --health-cmd="test -f \\$READY" nginx:1.27'
    (whole,) = container_whole_scripts(container(text))
    assert whole.source.text == "test -f $READY"
    span = whole.span_of(8, 14)
    assert text[span.column - 1 : span.end_column - 1] == "\\$READY"


def test_a_health_cmd_the_outer_shell_expands_is_not_what_runs() -> None:
    run = container('docker run --health-cmd "curl localhost:$PORT" nginx:1.27')
    assert run.healthcheck is not None and run.healthcheck.test is not None
    assert container_whole_scripts(run) == []


def test_no_healthcheck_disables_it() -> None:
    run = container("docker run --no-healthcheck nginx:1.27")
    assert run.healthcheck is not None and run.healthcheck.disabled and run.healthcheck.test is None
