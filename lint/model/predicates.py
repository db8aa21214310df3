"""Shared facts about paths, users and images that several rules ask about."""

from __future__ import annotations

import re

from hullcheck.model.image import ImageReference
from hullcheck.model.span import Unresolved
from hullcheck.model.values import HOME_DIRECTORY
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

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
_SOCKET_PATTERNS = tuple((engine, LazyPattern(pattern)) for engine, pattern in _SOCKETS)
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
_WINDOWS_PIPE = LazyPattern(r"(?:\\\\|//)\.(?:\\|/)pipe(?:\\|/)(docker_engine\w*|podman\w*)", re.I)


class SocketExposure(Record, frozen=True, slots=True):
    """How a mount source exposes an engine socket."""

    engine: str
    socket: str
    via_parent: bool  # the source is a directory that holds the socket
    # the source is unresolved, and ``socket`` is the path in the container it is mounted at
    unresolved: Unresolved | None = None


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


def engine_socket_at(path: str) -> str | None:
    """The engine whose API socket ``path`` is (``/var/run/docker.sock``: Docker), or None. The
    socket itself only: a folder such as ``/var/run`` holds much else in a container."""
    pipe = _WINDOWS_PIPE.fullmatch(path.strip())
    if pipe:
        return "Podman" if pipe.group(1).lower().startswith("podman") else "Docker"
    normal = normalize_host_path(path.strip())
    return next((engine for engine, pattern in _SOCKET_PATTERNS if pattern.fullmatch(normal)), None)


def mount_socket_exposure(
    source: str | Unresolved, target: str | Unresolved | None, mount_type: str
) -> SocketExposure | None:
    """What engine socket a mount of ``source`` at ``target`` gives the container, if any.

    The source names a socket, or a folder that holds one; or it is unresolved (an unset
    variable) and bound at the path of an engine socket in the container: whatever the
    variable holds where the file is deployed, the container is built to reach an engine
    there. A named volume there (an engine in another container), or a known source that is
    no engine socket (a socket proxy's, a test double's), is not the host's engine.
    """
    if isinstance(source, str):
        return engine_socket_exposure(source)
    exposure = engine_socket_exposure(source.text)  # ${XDG_RUNTIME_DIR}/docker.sock: a socket whatever the value
    if exposure is not None or mount_type not in ("bind", "npipe") or not isinstance(target, str):
        return exposure
    engine = engine_socket_at(target)
    return SocketExposure(engine, target.strip(), via_parent=False, unresolved=source) if engine else None


def _is_runtime_dir(path: str, example: str) -> bool:
    """A rootless runtime directory (``/run/user/1000``) holds ``/run/user/<uid>/…`` sockets."""
    return example.startswith("/run/user/<uid>/") and bool(
        re.fullmatch(rf"/run/user(?:/{_UID})?|\$\{{?XDG_RUNTIME_DIR\}}?", path)
    )


# Windows containers: the built-in administrator account (the root of a Windows container) and
# the unprivileged one. Windows account names are case-insensitive.
WINDOWS_ADMINISTRATOR = "ContainerAdministrator"
WINDOWS_USER = "ContainerUser"
# Microsoft's base OS images and the account each runs as when no USER is set: Server Core and
# the full Windows images as the administrator, Nano Server (since version 1709, the oldest on
# mcr.microsoft.com) as ContainerUser ("Windows switched away from having the
# ContainerAdministrator be the default in the base OS images", dotnet/dotnet-docker#600;
# techcommunity.microsoft.com, "How to change the user account for Windows Containers").
_WINDOWS_DEFAULT_USERS = {
    "windows/servercore": WINDOWS_ADMINISTRATOR,
    "windows/server": WINDOWS_ADMINISTRATOR,
    "windows": WINDOWS_ADMINISTRATOR,
    "windows/nanoserver": WINDOWS_USER,
}
_WINDOWS_REGISTRY = "mcr.microsoft.com"
_DOCKER_HUB_WINDOWS = {"microsoft/windowsservercore": WINDOWS_ADMINISTRATOR}  # the name before mcr.microsoft.com
# Images that are Windows whatever their tag: the base OS images (mcr.microsoft.com/windows/…, and
# on Docker Hub their old names) and .NET Framework, which runs on Windows only. Other Microsoft
# images are multi-platform and name the Windows variant in their tag, after the base it is
# built on: dotnet/aspnet:8.0-nanoserver-ltsc2022, powershell:lts-windowsservercore-ltsc2022.
_WINDOWS_REPOSITORIES = LazyPattern(r"windows(?:/.*)?|dotnet/framework/.*")
_DOCKER_HUB_WINDOWS_REPOSITORIES = frozenset({*_DOCKER_HUB_WINDOWS, "microsoft/nanoserver"})
_WINDOWS_BASE_TAG = LazyPattern(r"(?:^|[-_.])(?:nanoserver|windowsservercore|servercore)(?:$|[-_.])", re.I)


def is_root_user(user: str) -> bool:
    """True for ``root``, ``0``, ``0:0``, ``root:<group>`` (the user part names uid 0), and for a
    Windows container's administrator, ``ContainerAdministrator`` in any case."""
    name = user.strip().split(":", 1)[0].strip()
    if name.casefold() == WINDOWS_ADMINISTRATOR.casefold():
        return True
    return name == "root" or (name.isdigit() and not name.strip("0"))  # int() refuses 4,300 digits


def default_user(image: ImageReference) -> str | None:
    """The user ``image`` runs as when nothing sets one, where that is known: Microsoft's Windows
    base images (``mcr.microsoft.com/windows/servercore``: ContainerAdministrator,
    ``mcr.microsoft.com/windows/nanoserver``: ContainerUser). None for every other image."""
    repository = image.repository.lower()
    if image.registry is not None and image.registry.lower() == _WINDOWS_REGISTRY:
        return _WINDOWS_DEFAULT_USERS.get(repository)
    return _DOCKER_HUB_WINDOWS.get(repository) if image.registry is None else None


def is_windows_image(image: ImageReference) -> bool:
    """Whether ``image`` is one of Microsoft's Windows images, which run only as Windows
    containers: a base OS image (``mcr.microsoft.com/windows/servercore``, ``…/nanoserver``),
    .NET Framework, or a Microsoft image whose tag names the Windows base it is built on
    (``mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022``)."""
    repository = image.repository.lower()
    registry = (image.registry or "").lower()
    if registry == _WINDOWS_REGISTRY:
        if _WINDOWS_REPOSITORIES.fullmatch(repository):
            return True
    elif registry or not repository.startswith("microsoft/"):
        return False  # not Microsoft's
    elif repository in _DOCKER_HUB_WINDOWS_REPOSITORIES:
        return True
    return image.tag is not None and _WINDOWS_BASE_TAG.search(image.tag) is not None


# Docker Hub's official images whose default variants are built on Debian, Ubuntu or a Red Hat
# family distribution, all of which install bash (Debian's is Essential: in -slim variants too)
_BASH_IMAGES = frozenset(
    {
        "almalinux", "amazonlinux", "buildpack-deps", "centos", "clojure", "debian", "eclipse-temurin",
        "elixir", "erlang", "fedora", "gcc", "golang", "gradle", "haskell", "httpd", "julia", "mariadb",
        "maven", "mongo", "mysql", "nginx", "node", "openjdk", "oraclelinux", "perl", "php", "postgres",
        "python", "r-base", "rabbitmq", "redis", "rockylinux", "ruby", "rust", "swift", "tomcat", "ubuntu",
    }
)  # fmt: skip
_ALPINE_TAG = LazyPattern(r"(?:^|[-_.])alpine", re.I)
_OTHER_BASE_TAG = LazyPattern(r"windows|nanoserver|servercore|busybox|distroless|musl|uclibc", re.I)


def pipefail_shell(image: ImageReference) -> str | None:
    """The POSIX shell with pipefail that ``image`` is known to have: ``/bin/bash`` in the
    Debian, Ubuntu and Red Hat family images of Docker Hub's official images, ``/bin/ash``
    (BusyBox's, which has pipefail) in Alpine and their ``-alpine`` variants; None for any
    other image, whose shells hullcheck does not know."""
    if image.registry not in (None, "docker.io"):
        return None
    repository = image.repository.lower().removeprefix("library/")
    tag = image.tag or ""
    if _OTHER_BASE_TAG.search(tag):
        return None
    if repository == "alpine" or (repository in _BASH_IMAGES and _ALPINE_TAG.search(tag)):
        return "/bin/ash"
    return "/bin/bash" if repository in _BASH_IMAGES else None
