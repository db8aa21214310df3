"""What a container can reach on its host: sensitive host paths, credential folders, device
nodes, and the Docker daemon's TCP addresses and ports.

Paths are matched after :func:`normalize_host_path`; a variable that names the user's home
(``$HOME``, ``${HOME}``, ``~``) is a home whatever its value, so such paths need no value.
"""

from __future__ import annotations

import functools
import re

from hullcheck.model.command_line import DOCKERD, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.container import PortMapping
from hullcheck.model.image import ImageReference
from hullcheck.model.predicates import normalize_host_path
from hullcheck.model.shell import ShellCommand, ShellScript
from hullcheck.model.span import Located, Unresolved
from hullcheck.model.values import HOME_DIRECTORY, HOMES_FOLDER, go_bool
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

# --- sensitive host paths -----------------------------------------------------------------


class SensitivePath(Record, frozen=True, slots=True):
    """Why a host path is sensitive.

    ``path`` is the sensitive path (``/etc``, ``~/.ssh``) and ``what`` says what it holds.
    ``read_only_helps`` is False where a read-only mount does not lower the risk (device nodes
    and sockets are opened, not written). ``via_parent``: the mount's source is a directory
    that holds ``path``, not ``path`` itself.
    """

    path: str
    what: str
    read_only_helps: bool = True
    via_parent: bool = False


class _Entry(Record, frozen=True, slots=True):
    path: str
    what: str
    subtree: bool = True  # a path below it is just as sensitive
    parents: bool = False  # a directory holding it exposes it
    read_only_helps: bool = True


_SYSTEM_PATHS: tuple[_Entry, ...] = (
    _Entry("/", "the host's root filesystem", subtree=False),
    # /etc as a whole; below it only what holds secrets or grants root (not /etc/localtime)
    _Entry("/etc", "the host's configuration: users, passwords, sudo, cron", subtree=False),
    _Entry("/etc/shadow", "the host's password hashes"),
    _Entry("/etc/gshadow", "the host's group password hashes"),
    _Entry("/etc/sudoers", "the host's sudo rules"),
    _Entry("/etc/sudoers.d", "the host's sudo rules"),
    _Entry("/etc/ssh", "the host's SSH server keys and configuration"),
    _Entry("/etc/kubernetes", "the Kubernetes node's credentials and certificates"),
    _Entry("/etc/docker", "the Docker daemon's configuration and TLS keys"),
    _Entry("/root", "root's home directory"),
    _Entry("/boot", "the host's kernel and boot loader"),
    _Entry("/proc", "the host's processes and kernel settings"),
    _Entry("/sys", "the host's kernel settings, cgroups and devices"),
    # below /dev is a device: host-device reports those
    _Entry("/dev", "every host device", subtree=False, read_only_helps=False),
    _Entry("/var/lib/docker", "the Docker engine's state, with every container's files", parents=True),
    _Entry("/var/lib/containerd", "containerd's state, with every container's files", parents=True),
    _Entry("/var/lib/kubelet", "the kubelet's state, with pod secrets and volumes", parents=True),
    _Entry("/run/dbus", "the host's D-Bus system bus, where systemd takes orders from root", read_only_helps=False),
    _Entry("/var/run/dbus", "the host's D-Bus system bus, where systemd takes orders from root", read_only_helps=False),
)

# Folders under a user's home that hold credentials.
CREDENTIAL_FOLDERS: dict[str, str] = {
    ".ssh": "SSH keys",
    ".aws": "AWS credentials",
    ".kube": "Kubernetes credentials",
    ".docker": "registry credentials",
    ".gnupg": "GnuPG keys",
    ".azure": "Azure credentials",
    ".config/gcloud": "Google Cloud credentials",
}

_HOME = LazyPattern(rf"(?P<home>{HOME_DIRECTORY})(?P<rest>/.*)?")
_HOMES_FOLDER = LazyPattern(HOMES_FOLDER)


def sensitive_host_path(source: str) -> SensitivePath | None:
    """Why a bind mount of host path ``source`` is sensitive, or None.

    ``source`` is the path as written (variables unexpanded); relative paths are inside the
    project and never sensitive.
    """
    path = _normal(source)
    if path is None:
        return None
    home = _HOME.fullmatch(path)
    rest = (home.group("rest") or "").lstrip("/") if home else ""
    if home and rest:
        for folder, what in CREDENTIAL_FOLDERS.items():
            if rest == folder or rest.startswith(folder + "/"):
                return SensitivePath(f"{home.group('home')}/{folder}", what)
            if folder.startswith(rest + "/"):  # ~/.config holds ~/.config/gcloud
                return SensitivePath(f"{home.group('home')}/{folder}", what, via_parent=True)
    for entry in _SYSTEM_PATHS:
        if path == entry.path or (entry.subtree and path.startswith(entry.path + "/")):
            return SensitivePath(entry.path, entry.what, entry.read_only_helps)
        if entry.parents and entry.path.startswith(path + "/"):
            return SensitivePath(entry.path, entry.what, entry.read_only_helps, via_parent=True)
    if home and not rest:
        return SensitivePath(path, "a home directory, with credential folders such as .ssh and .aws")
    if _HOMES_FOLDER.fullmatch(path):
        return SensitivePath(path, "every user's home directory, with their credential folders")
    return None


def _normal(source: str) -> str | None:
    text = source.strip().replace("\\", "/")
    if not text.startswith(("/", "~", "$")) and not re.match(r"[A-Za-z]:/", text):
        return None
    return normalize_host_path(text)


# --- devices --------------------------------------------------------------------------------

# Device nodes that give the host's memory or disks: a container with one owns the host.
_RAW_DEVICES = LazyPattern(
    r"/dev/(?:mem|kmem|port"
    r"|[shv]d[a-z]+\d*|xvd[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|dm-\d+|md\d+|sg\d+"
    r"|mapper/.+|disk/.+)"
)
_RAW_DEVICE_NAMES = {
    "mem": "the host's physical memory",
    "kmem": "the host's kernel memory",
    "port": "the host's I/O ports",
}
# Bind mounts of these nodes give nothing the container does not already have.
HARMLESS_DEVICE_MOUNTS = frozenset({"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"})


def device_host_path(spec: str) -> str:
    """The host side of a device mapping ``HOST[:CONTAINER[:PERMISSIONS]]``.

    A CDI name such as ``nvidia.com/gpu=all`` is returned whole."""
    depth = 0
    for index, char in enumerate(spec):
        if spec.startswith("${", index):
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == ":" and not depth:
            return spec[:index].strip()
    return spec.strip()


def is_device_path(path: str) -> bool:
    """True for a host path below ``/dev`` (not ``/dev`` itself)."""
    normal = _normal(path)
    return normal is not None and normal.startswith("/dev/")


def raw_device(path: str) -> str | None:
    """What a host's memory or disk device gives, or None for other devices."""
    normal = _normal(path)
    if normal is None or not _RAW_DEVICES.fullmatch(normal):
        return None
    name = normal.removeprefix("/dev/")
    return _RAW_DEVICE_NAMES.get(name, "a disk of the host")


def all_devices_rule(rule: str) -> str | None:
    """What a device cgroup rule ``TYPE MAJOR:MINOR ACCESS`` grants when it grants every
    device of a kind (``a *:* rwm``, ``c *:* rwm``, ``b *:* rwm``), or None.

    Type ``a`` applies to every device whatever its numbers; with the default ``MKNOD``
    capability the container can then create any device node it likes.
    """
    parts = rule.split()
    if not parts:
        return None
    kind = parts[0].lower()
    numbers = parts[1] if len(parts) > 1 else "*:*"
    major = numbers.split(":", 1)[0]
    if kind == "a":
        return "every device"
    if major == "*" and kind == "c":
        return "every character device (including /dev/mem)"
    if major == "*" and kind == "b":
        return "every block device (the host's disks)"
    return None


# --- the Docker daemon over TCP -------------------------------------------------------------

DOCKER_PLAIN_PORT = 2375  # the Docker API without TLS; 2376 is the TLS port
DOCKER_TLS_PORT = 2376


class DaemonAddress(Record, frozen=True, slots=True):
    """A ``tcp://`` address of a Docker daemon."""

    host: str
    port: int | None


def tcp_address(url: str, bare_is_tcp: bool = False) -> DaemonAddress | None:
    """The host and port of a ``tcp://host:port`` Docker address, or None for other schemes.

    ``bare_is_tcp``: an address without a scheme (``0.0.0.0:2375``, ``:2375``) is TCP, as
    dockerd's ``-H`` reads it; ``DOCKER_HOST`` needs the scheme.
    """
    text = url.strip()
    scheme, separator, rest = text.partition("://")
    if separator:
        if scheme.lower() != "tcp":
            return None
    elif bare_is_tcp and text and not text.startswith(("/", "$")) and ":" in text:
        rest = text
    else:
        return None
    authority = rest.split("/", 1)[0]
    if authority.startswith("["):
        host, _, port_text = authority[1:].partition("]")
        port_text = port_text.removeprefix(":")
    else:
        host, _, port_text = authority.rpartition(":") if ":" in authority else (authority, "", "")
    port = int(port_text) if port_text.isdigit() else None
    return DaemonAddress(host or "0.0.0.0", port)  # dockerd's default for ":2375"


def is_dind_image(image: ImageReference) -> bool:
    """The official ``docker:*dind*`` image, whose entrypoint starts dockerd; without
    ``DOCKER_TLS_CERTDIR`` it listens on ``tcp://0.0.0.0:2375`` without TLS."""
    official = image.registry in (None, "docker.io", "index.docker.io", "registry-1.docker.io")
    return official and image.repository in ("docker", "library/docker") and "dind" in (image.tag or "")


def dind_without_tls(
    image: Located[ImageReference | Unresolved] | None, entrypoint: bool, command: ShellScript | None, certdir: object
) -> bool:
    """True when the docker:dind image runs its own entrypoint (no ``entrypoint`` of the
    container's), which starts dockerd, given no command or only flags (a command of its own
    runs as written), with ``DOCKER_TLS_CERTDIR`` set empty: then it listens on
    ``tcp://0.0.0.0:2375`` without TLS."""
    if certdir != "" or entrypoint or image is None or not isinstance(image.value, ImageReference):
        return False
    first = command.commands[0] if command is not None and command.commands else None
    default_daemon = first is None or not first.words or first.words[0].value.startswith("-")
    return is_dind_image(image.value) and default_daemon


def is_plain_api_port(text: str | Unresolved) -> bool:
    """``2375``, ``2375/tcp`` or a range holding it: the Docker API's plain-text port."""
    ports = port_range(text, "tcp") if isinstance(text, str) else None
    return ports is not None and ports.protocol == "tcp" and DOCKER_PLAIN_PORT in ports


def publishes_plain_api_port(mapping: PortMapping) -> bool:
    inside = container_ports(mapping)
    return inside is not None and inside.protocol == "tcp" and DOCKER_PLAIN_PORT in inside


class DaemonStart(Record, frozen=True, slots=True):
    """dockerd as a command starts it: where it listens, and its TLS flags."""

    hosts: tuple[Located[str], ...]  # -H/--host, each at its value
    tls_verify: bool | None  # --tlsverify[=bool]; None: not given, DOCKER_TLS_VERIFY decides
    tls_off: Located[str] | None  # --tls=false


_DAEMONS = {"dockerd"}
_DAEMON_WRAPPERS = {"dind", "dockerd-entrypoint.sh"}  # run dockerd with the flags they are given


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def daemon_starts(script: ShellScript) -> tuple[DaemonStart, ...]:
    """How each of ``script``'s commands that starts dockerd starts it (see :func:`daemon_start`).
    Memoized by the script (the parser hands out the same one for an unchanged RUN): an editor's
    re-lint reads only the scripts an edit touched."""
    return tuple(filter(None, map(daemon_start, script.commands)))


def daemon_start(command: ShellCommand) -> DaemonStart | None:
    """How ``command`` starts dockerd (itself, or through the dind wrappers, which pass their
    flags on), or None when it does not."""
    command = command.unwrapped()
    arguments = command.arguments
    if command.name in _DAEMON_WRAPPERS and arguments and arguments[0].value.rsplit("/", 1)[-1] in _DAEMONS:
        arguments = arguments[1:]
    elif command.name not in _DAEMONS and not (
        command.name in _DAEMON_WRAPPERS and arguments and arguments[0].value.startswith("-")
    ):
        return None
    line = read_command_line(arguments, DOCKERD)
    verify = line.named("--tlsverify")[-1:]
    off = [
        option
        for option in line.named("--tls")
        if option.value_text is not None and go_bool(option.value_text) is False
    ]
    return DaemonStart(
        tuple(option.value for option in line.named("--host") if option.value is not None),
        None if not verify else (True if verify[0].value_text is None else go_bool(verify[0].value_text)),
        off[-1].word if off else None,
    )


# --- ports ----------------------------------------------------------------------------------


class PortRange(Record, frozen=True, slots=True):
    start: int
    end: int
    protocol: str | None  # None when not written

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.start <= port <= self.end

    def within(self, other: PortRange) -> bool:
        same_protocol = other.protocol is None or (self.protocol or "tcp") == other.protocol
        return same_protocol and other.start <= self.start and self.end <= other.end


_PORT_RANGE = LazyPattern(r"(\d{1,5})(?:-(\d{1,5}))?(?:/(\w+))?")


def port_range(text: str, protocol: str | None = None) -> PortRange | None:
    """``22``, ``22/tcp``, ``8000-8010`` as a range; None when it is not a port number."""
    match = _PORT_RANGE.fullmatch(text.strip())
    if match is None:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else start
    written = match.group(3).lower() if match.group(3) else protocol
    return PortRange(start, end, written)


_ALL_INTERFACES = {"", "0.0.0.0", "::", "[::]"}


def on_all_interfaces(mapping: PortMapping) -> bool | None:
    """True when a published port listens on every host interface (no host IP, ``0.0.0.0``,
    ``::``); None when the host IP is an unset variable."""
    host_ip = mapping.host_ip
    if isinstance(host_ip, Unresolved):
        return None
    return host_ip is None or host_ip.strip() in _ALL_INTERFACES


def port_text(mapping: PortMapping) -> str:
    """The mapping in Compose's short syntax, variables as written."""

    def text(value: str | Unresolved) -> str:
        return value.text if isinstance(value, Unresolved) else value

    parts = [text(mapping.target)]
    if mapping.published is not None:
        parts.insert(0, text(mapping.published))
    if mapping.host_ip is not None:
        host = text(mapping.host_ip)
        parts.insert(0, f"[{host}]" if ":" in host and not host.startswith("[") else host)
    protocol = text(mapping.protocol)
    return ":".join(parts) + ("" if protocol == "tcp" else f"/{protocol}")


def container_ports(mapping: PortMapping) -> PortRange | None:
    """The container side of a mapping as a range, or None when it is not known."""
    if isinstance(mapping.target, Unresolved) or isinstance(mapping.protocol, Unresolved):
        return None
    return port_range(mapping.target, mapping.protocol.lower())


def host_ports(mapping: PortMapping) -> PortRange | None:
    """The host side of a mapping as a range; None when random or not known."""
    if mapping.published is None or isinstance(mapping.published, Unresolved):
        return None
    if isinstance(mapping.protocol, Unresolved):
        return None
    return port_range(mapping.published, mapping.protocol.lower())
