from __future__ import annotations

import pytest

from hullcheck.model.predicates import engine_socket_exposure, is_root_user, normalize_host_path


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
    ],
)
def test_is_root_user(user: str, root: bool) -> None:
    assert is_root_user(user) is root
