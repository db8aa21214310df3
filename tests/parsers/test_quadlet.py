"""Podman Quadlet units onto the container model: the podman command Quadlet writes for each
key, located at the key or word that wrote it; sibling units (.volume, .pod, .build, .image);
systemd's specifiers and variables; files of a unit's name that are no units; discovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hullcheck.discovery import discover
from hullcheck.engine.lint import LintOptions, lint_bytes, lint_file
from hullcheck.frontends import NotLinted, front_end_for_path
from hullcheck.model.container import Container, Origin
from hullcheck.model.hardening import disabled_protection
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.quadlet import parse_quadlet
from tests.samples import security_rules


def containers(text: str, folder: Path | None = None, name: str = "web.container") -> list[Container]:
    file = folder / name if folder is not None else None
    if file is not None:
        file.write_text(text, encoding="utf-8")
    return parse_quadlet(text, name, str(file) if file is not None else None).model.calls.containers


def one(text: str, folder: Path | None = None, name: str = "web.container") -> Container:
    found = containers(text, folder, name)
    assert len(found) == 1
    return found[0]


def at(text: str, span: Span) -> str:
    assert span.line == span.end_line
    return text.split("\n")[span.line - 1][span.column - 1 : span.end_column - 1]


def test_the_keys_map_onto_the_container_at_their_values() -> None:
    text = (
        "[Container]\n"
        "Image=docker.io/library/nginx:1.27\n"
        "ContainerName=web\n"
        "AddCapability=NET_BIND_SERVICE SYS_TIME\n"
        "DropCapability=all\n"
        "AddDevice=-/dev/dri/renderD128\n"
        "NoNewPrivileges=true\n"
        "ReadOnly=true\n"
        "User=app\n"
        "Group=app\n"
        "Environment=A=1 'B=two words'\n"
        "PublishPort=127.0.0.1:8080:80\n"
        "Network=host\n"
        "SeccompProfile=unconfined\n"
        "Memory=512m\n"
        "Exec=nginx -g 'daemon off;'\n"
    )
    container = one(text)
    assert container.origin is Origin.QUADLET
    assert container.subject == "container unit 'web.container'"
    assert isinstance(container.image.value if container.image else None, ImageReference)
    assert container.image is not None and at(text, container.image.span) == "docker.io/library/nginx:1.27"
    assert container.container_name is not None and container.container_name.value == "web"
    assert [(cap.value, at(text, cap.span)) for cap in container.cap_add] == [
        ("NET_BIND_SERVICE", "NET_BIND_SERVICE"),
        ("SYS_TIME", "SYS_TIME"),
    ]
    assert [cap.value for cap in container.cap_drop] == ["all"]
    assert [(device.value, at(text, device.span)) for device in container.devices] == [
        ("/dev/dri/renderD128", "/dev/dri/renderD128")
    ]
    assert {option.value for option in container.security_opt} == {"no-new-privileges", "seccomp=unconfined"}
    assert container.read_only is not None and container.read_only.value is True
    assert at(text, container.read_only.span) == "ReadOnly=true"
    assert container.user is not None and container.user.value == "app:app"
    assert container.user.span == Span(9, 6, 10, 10)  # User= and Group= values, which Quadlet joins
    assert container.environment["A"].value == "1"
    assert container.environment["B"].value == "two words"
    assert at(text, container.environment["B"].span) == "two words"
    assert container.ports[0].host_ip == "127.0.0.1" and at(text, container.ports[0].span) == "127.0.0.1:8080:80"
    assert container.network_mode is not None and at(text, container.network_mode.span) == "host"
    assert container.limits["memory"].value == "512m"
    assert container.command is not None
    assert [word.value for word in container.command.commands[0].words] == ["nginx", "-g", "daemon off;"]


def test_unmask_all_turns_off_the_masked_paths() -> None:
    text = "[Container]\nImage=alpine:3.20\nUnmask=ALL\nMask=/proc/sys/kernel\n"
    container = one(text)
    options = [option.value for option in container.security_opt]
    assert sorted(options) == ["mask=/proc/sys/kernel", "unmask=ALL"]
    assert disabled_protection("unmask=ALL") == disabled_protection("systempaths=unconfined")
    assert disabled_protection("unmask=/proc/acpi:ALL") is not None
    assert disabled_protection("unmask=/proc/acpi") is None and disabled_protection("mask=/proc/sys") is None


def test_podman_args_are_read_with_the_cli_parser_at_their_words() -> None:
    text = "[Container]\nImage=alpine:3.20\nPodmanArgs=--privileged \\\n  --pid host --cap-add=SYS_ADMIN\n"
    container = one(text)
    assert container.privileged is not None and container.privileged.value is True
    assert at(text, container.privileged.span) == "--privileged"
    assert container.pid_mode is not None and container.pid_mode.span == Span(4, 9, 4, 13)
    assert [cap.value for cap in container.cap_add] == ["SYS_ADMIN"]
    assert at(text, container.cap_add[0].span) == "SYS_ADMIN"


def test_an_option_podman_args_holds_that_hullcheck_does_not_know() -> None:
    """It may take the next word as its value: the image after it is not known."""
    container = one("[Container]\nImage=alpine:3.20\nPodmanArgs=--some-new-flag\n")
    assert container.image is not None and isinstance(container.image.value, Unresolved)
    assert container.unread_settings is not None


def test_a_health_command_is_a_script_the_containers_shell_runs() -> None:
    text = "[Container]\nImage=alpine:3.20\nHealthCmd=test -s $$(cat /run/app.pid)\n"
    container = one(text)
    assert container.healthcheck is not None and container.healthcheck.shell
    assert container.healthcheck.test is not None
    source = container.healthcheck.test.sources[0]
    assert source.text == "test -s $(cat /run/app.pid)"  # systemd makes $$ a $
    assert not source.expanded
    assert at(text, source.span_of(8, 9)) == "$$"


def test_systemd_variables_and_specifiers_are_unresolved() -> None:
    text = (
        "[Container]\n"
        "Image=registry.example.com/app:%i\n"
        "Environment=TOKEN=${TOKEN} HOME_DIR=%h\n"
        "Volume=%t/app:/run/app\n"
        "Volume=%h/.ssh:/root/.ssh:ro\n"
        "User=%U\n"
    )
    container = one(text, name="web@.container")
    assert container.image is not None and isinstance(container.image.value, Unresolved)
    assert isinstance(container.environment["TOKEN"].value, Unresolved)
    assert container.environment["HOME_DIR"].value == "~"
    runtime, ssh = container.mounts
    assert runtime.type == "bind" and isinstance(runtime.source.value if runtime.source else None, Unresolved)
    assert ssh.type == "bind" and ssh.source is not None and ssh.source.value == "~/.ssh"
    assert at(text, ssh.source.span) == "%h/.ssh"
    assert container.user is not None and isinstance(container.user.value, Unresolved)


def test_a_volume_unit_with_a_device_bind_is_a_bind_of_that_path(tmp_path: Path) -> None:
    (tmp_path / "run.volume").write_text("[Volume]\nDevice=/var/run\nOptions=rbind,ro\n", encoding="utf-8")
    (tmp_path / "data.volume").write_text("[Volume]\nDevice=/dev/sdb1\nType=ext4\n", encoding="utf-8")
    (tmp_path / "typed.volume").write_text("[Volume]\nDevice=/srv\nType=bind\n", encoding="utf-8")
    text = (
        "[Container]\nImage=alpine:3.20\nVolume=run.volume:/host-run\nVolume=data.volume:/data\n"
        "Mount=type=volume,source=typed.volume,destination=/srv\nVolume=missing.volume:/m\n"
    )
    parsed = parse_quadlet(text, "web.container", str(tmp_path / "web.container"))
    bound, filesystem, missing, typed = parsed.model.calls.containers[0].mounts  # -v before --mount
    assert bound.type == "bind" and bound.read_only
    assert bound.source is not None and bound.source.value == "/var/run"
    assert at(text, bound.source.span) == "run.volume"  # at the container's own mount
    assert bound.volume is not None and bound.volume.device.span == Span(2, 8, 2, 16, "run.volume")
    assert filesystem.type == "volume" and filesystem.volume is None  # a filesystem, not a bind
    assert typed.type == "bind" and typed.source is not None and typed.source.value == "/srv"
    assert missing.type == "volume"
    assert parsed.sources.keys() == {"run.volume", "data.volume", "typed.volume"}
    assert str((tmp_path / "run.volume").absolute()) in parsed.inputs


def test_the_socket_through_a_volume_unit_is_reported_with_the_device_related(tmp_path: Path) -> None:
    (tmp_path / "engine.volume").write_text("[Volume]\nDevice=/var/run/docker.sock\nOptions=bind\n", encoding="utf-8")
    unit = tmp_path / "agent.container"
    unit.write_text("[Container]\nImage=agent:1.0\nVolume=engine.volume:/var/run/docker.sock\n", encoding="utf-8")
    result = lint_file(str(unit), "agent.container", LintOptions(rules=security_rules()))
    socket = [finding for finding in result.findings if finding.rule.name == "docker-socket-mount"]
    assert len(socket) == 1 and socket[0].span == Span(3, 8, 3, 21)
    assert [related.span.path for related in socket[0].related] == ["engine.volume"]


def test_a_container_in_a_pod_on_the_hosts_network_shares_it(tmp_path: Path) -> None:
    (tmp_path / "web.pod").write_text("[Pod]\nNetwork=host\nPublishPort=8080:80\n", encoding="utf-8")
    container = one("[Container]\nImage=nginx:1.27\nPod=web.pod\n", tmp_path)
    shared = container.shared_namespaces["network"]
    assert shared.from_host and shared.shared_with == "pod unit 'web.pod'"
    assert shared.mode.span == Span(2, 9, 2, 13, "web.pod")
    # the pod unit itself: its infra container's settings, at the pod's keys
    pod = one((tmp_path / "web.pod").read_text(encoding="utf-8"), name="web.pod")
    assert pod.subject == "pod unit 'web.pod'" and pod.image is None
    assert pod.network_mode is not None and pod.network_mode.value == "host"
    assert pod.ports[0].published == "8080"


def test_a_container_joining_anothers_network_shares_it_through_the_chain(tmp_path: Path) -> None:
    (tmp_path / "vpn.container").write_text("[Container]\nImage=vpn:1\nNetwork=host\n", encoding="utf-8")
    (tmp_path / "proxy.container").write_text("[Container]\nImage=p:1\nNetwork=vpn.container\n", encoding="utf-8")
    (tmp_path / "a.container").write_text("[Container]\nImage=a:1\nNetwork=b.container\n", encoding="utf-8")
    (tmp_path / "b.container").write_text("[Container]\nImage=b:1\nNetwork=a.container\n", encoding="utf-8")
    text = "[Container]\nImage=app:1\nNetwork=proxy.container\n"
    shared = one(text, tmp_path).shared_namespaces["network"]
    assert shared.from_host and at(text, shared.setting.span) == "proxy.container"
    assert (shared.shared_with, shared.origin) == ("container unit 'proxy.container'", "container unit 'vpn.container'")
    assert shared.mode.span == Span(3, 9, 3, 13, "vpn.container")
    # a loop shares nothing known
    assert "network" not in one("[Container]\nImage=app:1\nNetwork=a.container\n", tmp_path).shared_namespaces


def test_a_build_unit_is_an_image_build() -> None:
    text = (
        "[Build]\nImageTag=localhost/app:1.0\nFile=Containerfile\nNetwork=host\nSetWorkingDirectory=unit\n"
        "PodmanArgs=--build-arg TOKEN=ghp_abc\n"
    )
    builds = parse_quadlet(text, "app.build", None).model.calls.builds
    assert len(builds) == 1
    build = builds[0]
    assert build.origin is Origin.QUADLET and build.subject == "build unit 'app.build'"
    assert [tag.value for tag in build.tags] == ["localhost/app:1.0"]
    assert build.spec.network is not None and build.spec.network.value == "host"
    assert build.spec.args["TOKEN"].value == "ghp_abc"


def test_an_image_a_build_unit_makes_is_local(tmp_path: Path) -> None:
    (tmp_path / "app.build").write_text("[Build]\nImageTag=localhost/app:latest\n", encoding="utf-8")
    container = one("[Container]\nImage=app.build\n", tmp_path)
    assert container.image_built_at is not None and not container.pulls_image
    assert container.image is not None and isinstance(container.image.value, ImageReference)
    assert container.image.value.text == "localhost/app:latest"


def test_a_container_of_a_build_units_image_builds_its_containerfile(tmp_path: Path) -> None:
    """Linked as a Compose service's build is: the Containerfile linted as the container runs it."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Containerfile").write_text("FROM alpine:3.20\nRUN apk add curl\n", encoding="utf-8")
    (tmp_path / "app.build").write_text(
        "[Build]\nImageTag=localhost/app:1.0\nSetWorkingDirectory=file\nFile=app/Containerfile\nTarget=run\n"
        "PodmanArgs=--build-arg VERSION=1.2\n",
        encoding="utf-8",
    )
    container = one("[Container]\nImage=app.build\n", tmp_path)
    build = container.build
    assert build is not None and build.directory == str(tmp_path)
    assert build.context is not None and build.context.value == "app"
    assert build.dockerfile is not None and build.dockerfile.value == "Containerfile"
    assert build.dockerfile.span == Span(4, 6, 4, 23, "app.build")
    assert build.target is not None and build.target.value == "run"
    assert build.args["VERSION"].value == "1.2" and build.args["VERSION"].span.path == "app.build"
    # no File=: the context's Containerfile, else its Dockerfile
    (tmp_path / "other.build").write_text("[Build]\nImageTag=o:1\nSetWorkingDirectory=app\n", encoding="utf-8")
    other = one("[Container]\nImage=other.build\n", tmp_path).build
    assert other is not None and other.dockerfile is not None and other.dockerfile.value == "Containerfile"
    # the stage it targets runs as root: reported in the Containerfile, built for the container
    (tmp_path / "app" / "Containerfile").write_text(
        "FROM alpine:3.20 AS base\nUSER app\nFROM base AS run\nUSER root\nFROM base\n", encoding="utf-8"
    )
    unit = tmp_path / "web.container"
    unit.write_text("[Container]\nImage=app.build\n", encoding="utf-8")
    result = lint_file(str(unit), "web.container", LintOptions(rules=security_rules()))
    root = [finding for finding in result.findings if finding.rule.name == "root-user"]
    assert [(Path(finding.path).name, finding.span.line) for finding in root] == [("Containerfile", 4)]
    assert [related.span for related in root[0].related] == [Span(2, 7, 2, 16)]
    assert str((tmp_path / "app.build").absolute()) in result.inputs


def test_an_image_unit_names_the_image_it_pulls(tmp_path: Path) -> None:
    (tmp_path / "base.image").write_text("[Image]\nImage=docker.io/library/nginx:latest\n", encoding="utf-8")
    text = "[Container]\nImage=base.image\n"
    container = one(text, tmp_path)
    assert container.pulls_image
    assert container.image is not None and isinstance(container.image.value, ImageReference)
    # located where it must change: the .image unit's Image=
    assert container.image.value.tag == "latest" and container.image.span == Span(2, 7, 2, 37, "base.image")


def test_a_drop_in_folder_may_set_what_the_unit_leaves_out(tmp_path: Path) -> None:
    (tmp_path / "web.container.d").mkdir()
    container = one("[Container]\nImage=nginx:1.27\n", tmp_path)
    assert container.unread_settings is not None


def test_units_that_start_nothing_and_sections_of_other_kinds() -> None:
    assert containers("[Container]\nImage=nginx:1.27\n", name="web.pod") == []
    assert containers("[Unit]\nDescription=x\n") == []


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"2024-05-01 12:00:00 container started\n2024-05-01 12:00:01 ok\n", "without a Quadlet section"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary"),
        (b"[Unit]\nDescription=only the unit section\n", "without a Quadlet section"),
    ],
)
def test_a_file_of_a_units_name_that_is_no_unit_gets_a_note(data: bytes, says: str) -> None:
    result = lint_bytes(data, "web.container", LintOptions(rules=security_rules()))
    assert result.note is not None and says in result.note
    assert not result.findings


def test_a_unit_quadlet_refuses_is_a_parse_problem_at_its_line() -> None:
    result = lint_bytes(b"[Container]\nImage=nginx:1.27\nnot an assignment\n", "web.container", LintOptions(rules=()))
    assert [(finding.rule.code, finding.span.line) for finding in result.findings] == [("HC001", 3)]


def test_hostile_units_lint_without_a_traceback() -> None:
    options = LintOptions(rules=security_rules())
    shapes = [
        "[Container]\nImage=x:1\nPodmanArgs=" + "--privileged \\\n" * 20_000 + "\n",
        "[Container]\nImage=x:1\n" + "Volume=/srv/a:/a\n" * 20_000,
        "[Container]\nImage=x:1\nExec='" + "x" * 500_000 + "\n",
        "[Container]\nImage=x:1\nPodmanArgs=\\xzz \\u0000 \\UFFFFFFFF '\n",
        "[Container]\nImage=\nExec=\nUser=\nGroup=app\n",
        "[Container]\nImage=x:1\nEnvironment==== ${ $$ %\nVolume=:::\nPublishPort=::::\nAddDevice=-\n",
    ]
    for shape in shapes:
        result = lint_bytes(shape.encode(), "web.container", options)
        assert not [finding for finding in result.findings if finding.rule.code == "HC000"], shape[:60]
    bad = lint_bytes(b"[Container]\nImage=\xff\xfe\n", "web.container", options)
    assert [finding.rule.code for finding in bad.findings] == ["HC001"]


def test_discovery_takes_in_quadlet_units(tmp_path: Path) -> None:
    names = (
        "web.container",
        "db.pod",
        "app.build",
        "data.volume",
        "net.network",
        "base.image",
        "meson.build",
        "a.kube",
    )
    for name in names:
        (tmp_path / name).write_text("[Container]\nImage=x:1\n", encoding="utf-8")
    found = sorted(os.path.basename(path) for path in discover(str(tmp_path)) if isinstance(path, str))
    assert found == ["app.build", "base.image", "data.volume", "db.pod", "net.network", "web.container"]
    front_end = front_end_for_path("web.container")
    assert front_end is not None and front_end.kind.value == "quadlet"
    assert not isinstance(front_end.may_hold_findings(b"[Container]\n"), NotLinted)
