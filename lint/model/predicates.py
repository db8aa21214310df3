"""Shared facts about paths, users and images that several rules ask about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hullcheck.model.values import HOME_DIRECTORY

# Paths of engine API sockets, as regular expressions over a normalized absolute path.
# <uid> and variable prefixes cover rootless engines; "~" is the user's home.
_UID = r"(?:\d+|\$\{?UID\}?|\$\(id -u\))"
_RUNTIME_DIR = rf"(?:/run/user/{_UID}|\$\{{?XDG_RUNTIME_DIR\}}?)"
_SOCKETS: tuple[tuple[str, str], ...] = (
    ("Docker", r"(?:/var)?/run/docker\.sock"),
    ("Docker", rf"{_RUNTIME_DIR}/docker\.sock"),
    ("Docker", rf"{HOME_DIRECTORY}/\.docker/(?:run/|desktop/)?docker\.sock"),
    ("Docker", r"(?:/var)?/run/docker/docker\.sock"),
    ("Docker", r"(?:/var)?/run/(?:dockershim|cri-dockerd)\.sock"),
    ("Podman", r"(?:/var)?/run/podman/podman\.sock"),
    ("Podman", rf"{_RUNTIME_DIR}/podman/podman\.sock"),
    ("containerd", r"(?:/var)?/run/(?:k3s/)?containerd/containerd\.sock"),
    ("containerd", rf"{_RUNTIME_DIR}/containerd/containerd\.sock"),
    ("CRI-O", r"(?:/var)?/run/crio/crio\.sock"),
)
_SOCKET_PATTERNS = tuple((engine, re.compile(pattern)) for engine, pattern in _SOCKETS)
# The canonical path of each socket, to name it when a parent directory is mounted.
_SOCKET_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Docker", "/var/run/docker.sock"),
    ("Docker", "/run/docker.sock"),
    ("Docker", "/run/user/<uid>/docker.sock"),
    ("Docker", "~/.docker/run/docker.sock"),
    ("Podman", "/run/podman/podman.sock"),
    ("containerd", "/run/containerd/containerd.sock"),
    ("CRI-O", "/var/run/crio/crio.sock"),
)
_WINDOWS_PIPE = re.compile(r"(?:\\\\|//)\.(?:\\|/)pipe(?:\\|/)(docker_engine\w*|podman\w*)", re.I)


@dataclass(frozen=True, slots=True)
class SocketExposure:
    """How a mount source exposes an engine socket."""

    engine: str
    socket: str
    via_parent: bool  # the source is a directory that holds the socket


def normalize_host_path(path: str) -> str:
    """Collapse repeated slashes, ``.`` and ``..`` segments, and a trailing slash.

    Unlike ``posixpath.normpath`` this does not keep a leading ``//``: Docker treats
    ``//var/run/docker.sock`` as ``/var/run/docker.sock``.
    """
    absolute = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif not (part == ".." and absolute):
            parts.append(part)
    joined = "/".join(parts)
    return "/" + joined if absolute else (joined or ".")


def engine_socket_exposure(source: str) -> SocketExposure | None:
    """What engine socket a mount of ``source`` gives the container, if any."""
    pipe = _WINDOWS_PIPE.fullmatch(source.strip())
    if pipe:
        engine = "Podman" if pipe.group(1).lower().startswith("podman") else "Docker"
        return SocketExposure(engine, source, via_parent=False)
    path = normalize_host_path(source.strip())
    for engine, pattern in _SOCKET_PATTERNS:
        if pattern.fullmatch(path):
            return SocketExposure(engine, path, via_parent=False)
    if not path.startswith(("/", "~", "$")):
        return None
    prefix = path.rstrip("/") + "/"
    for engine, example in _SOCKET_EXAMPLES:
        if path == "/" or example.startswith(prefix) or _is_runtime_dir(path, example):
            return SocketExposure(engine, example, via_parent=True)
    return None


def _is_runtime_dir(path: str, example: str) -> bool:
    """A rootless runtime directory (``/run/user/1000``) holds ``/run/user/<uid>/…`` sockets."""
    return example.startswith("/run/user/<uid>/") and bool(
        re.fullmatch(rf"/run/user(?:/{_UID})?|\$\{{?XDG_RUNTIME_DIR\}}?", path)
    )


def is_root_user(user: str) -> bool:
    """True for ``root``, ``0``, ``0:0``, ``root:<group>``: the user part names uid 0."""
    name = user.strip().split(":", 1)[0].strip()
    return name == "root" or (name.isdigit() and not name.strip("0"))  # int() refuses 4,300 digits
