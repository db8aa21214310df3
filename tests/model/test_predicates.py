from __future__ import annotations

import pytest

from hullcheck.model.image import ImageReference
from hullcheck.model.predicates import (
    default_user,
    engine_socket_at,
    engine_socket_exposure,
    is_root_user,
    mount_socket_exposure,
    normalize_host_path,
)
from hullcheck.model.span import Unresolved


@pytest.mark.parametrize(
    ("path", "normal"),
    [
        ("//var/run/docker.sock", "/var/run/docker.sock"),
        ("/var/run/./docker.sock", "/var/run/docker.sock"),
        ("/var/lib/../run/docker.sock", "/var/run/docker.sock"),
        ("/var/run/", "/var/run"),
        ("/../..", "/"),
        ("./data/", "data"),
    ],
)
def test_normalize(path: str, normal: str) -> None:
    assert normalize_host_path(path) == normal


@pytest.mark.parametrize(
    ("source", "engine", "via_parent"),
    [
        ("/var/run/docker.sock", "Docker", False),
        ("/run/docker.sock", "Docker", False),
        ("/run/user/1000/docker.sock", "Docker", False),
        ("${XDG_RUNTIME_DIR}/docker.sock", "Docker", False),
        ("$XDG_RUNTIME_DIR/docker.sock", "Docker", False),
        ("~/.docker/run/docker.sock", "Docker", False),
        ("\\\\.\\pipe\\docker_engine", "Docker", False),
        ("//./pipe/docker_engine", "Docker", False),
        ("/run/podman/podman.sock", "Podman", False),
        ("/run/containerd/containerd.sock", "containerd", False),
        ("/var/run/crio/crio.sock", "CRI-O", False),
        ("/var/run", "Docker", True),
        ("/run", "Docker", True),
        ("/", "Docker", True),
        ("/var", "Docker", True),
        ("/run/user/1000", "Docker", True),
    ],
)
def test_socket_exposure(source: str, engine: str, via_parent: bool) -> None:
    exposure = engine_socket_exposure(source)
    assert exposure is not None
    assert (exposure.engine, exposure.via_parent) == (engine, via_parent)


@pytest.mark.parametrize(
    "source", ["./docker.sock", "docker.sock", "/var/run/docker.sock.bak", "/var/lib/mysql", "/run/secrets", "/srv"]
)
def test_not_a_socket(source: str) -> None:
    assert engine_socket_exposure(source) is None


@pytest.mark.parametrize(
    ("path", "engine"),
    [
        ("/var/run/docker.sock", "Docker"),
        ("/run/docker.sock", "Docker"),
        ("//var/run/./docker.sock", "Docker"),
        ("/run/podman/podman.sock", "Podman"),
        ("/run/containerd/containerd.sock", "containerd"),
        ("/var/run/crio/crio.sock", "CRI-O"),
        ("/run/user/1000/docker.sock", "Docker"),
        ("\\\\.\\pipe\\docker_engine", "Docker"),
        ("/var/run/docker.sock.d", None),
        ("/var/run", None),  # a folder holds much else in a container
        ("/run", None),
        ("/docker.sock", None),
        ("/data", None),
    ],
)
def test_engine_socket_at(path: str, engine: str | None) -> None:
    assert engine_socket_at(path) == engine


UNSET = Unresolved("${SOCKET_PATH}", "variable SOCKET_PATH is not set")


@pytest.mark.parametrize(
    ("source", "target", "mount_type", "socket"),
    [
        # an unresolved source at an engine socket's path: the socket in a real deployment
        (UNSET, "/var/run/docker.sock", "bind", "/var/run/docker.sock"),
        (UNSET, "\\\\.\\pipe\\docker_engine", "npipe", "\\\\.\\pipe\\docker_engine"),
        # a source that names a socket whatever its variable holds: the source decides
        (Unresolved("${XDG_RUNTIME_DIR}/docker.sock", "unset"), "/x", "bind", "${XDG_RUNTIME_DIR}/docker.sock"),
        ("/var/run/docker.sock", "/x", "bind", "/var/run/docker.sock"),
        # near misses
        (UNSET, "/var/run/docker.sock", "volume", None),  # a named volume: another container's engine
        (UNSET, "/var/run", "bind", None),
        (UNSET, "/data", "bind", None),
        (UNSET, Unresolved("${TARGET}", "unset"), "bind", None),
        (UNSET, None, "bind", None),
        ("./proxy.sock", "/var/run/docker.sock", "bind", None),  # known, and no engine socket
    ],
)
def test_mount_socket_exposure(
    source: str | Unresolved, target: str | Unresolved | None, mount_type: str, socket: str | None
) -> None:
    exposure = mount_socket_exposure(source, target, mount_type)
    assert (exposure.socket if exposure else None) == socket
    if exposure is not None:
        assert (exposure.unresolved is not None) == (source is UNSET)


@pytest.mark.parametrize(
    ("user", "root"),
    [
        ("root", True),
        ("0", True),
        ("0:0", True),
        ("root:staff", True),
        ("00", True),
        ("0" * 5_000, True),  # more digits than int() reads
        ("0" * 4_999 + "1", False),
        ("1000", False),
        ("app:root", False),
        ("rooty", False),
        # Windows: the administrator account, whose name is case-insensitive
        ("ContainerAdministrator", True),
        ("containeradministrator", True),
        ("CONTAINERADMINISTRATOR", True),
        ("ContainerUser", False),
        ("ContainerAdministrators", False),
        ("ROOT", False),  # Linux names are case-sensitive
    ],
)
def test_is_root_user(user: str, root: bool) -> None:
    assert is_root_user(user) is root


@pytest.mark.parametrize(
    ("image", "user"),
    [
        ("mcr.microsoft.com/windows/servercore:ltsc2022", "ContainerAdministrator"),
        ("mcr.microsoft.com/windows/server:ltsc2022", "ContainerAdministrator"),
        ("mcr.microsoft.com/windows:ltsc2019", "ContainerAdministrator"),
        ("microsoft/windowsservercore:1803", "ContainerAdministrator"),
        ("mcr.microsoft.com/windows/nanoserver:ltsc2022", "ContainerUser"),
        # images built on them may set another user: unknown
        ("mcr.microsoft.com/windows/servercore/iis:latest", None),
        ("mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022", None),
        ("example.com/windows/servercore:ltsc2022", None),
        ("alpine:3.20", None),
    ],
)
def test_default_user(image: str, user: str | None) -> None:
    assert default_user(ImageReference.parse(image)) == user
