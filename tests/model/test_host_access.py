from __future__ import annotations

import pytest

from hullcheck.model.container import PortMapping
from hullcheck.model.host_access import (
    PortRange,
    all_devices_rule,
    container_ports,
    device_host_path,
    host_ports,
    is_device_path,
    is_dind_image,
    on_all_interfaces,
    port_range,
    port_text,
    raw_device,
    sensitive_host_path,
    tcp_address,
)
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span, Unresolved

SPAN = Span.point(1)


@pytest.mark.parametrize(
    ("source", "path", "via_parent"),
    [
        ("/", "/", False),
        ("/etc", "/etc", False),
        ("/etc/", "/etc", False),
        ("//etc", "/etc", False),
        ("/usr/../etc", "/etc", False),
        ("/etc/shadow", "/etc/shadow", False),
        ("/etc/ssh/ssh_host_ed25519_key", "/etc/ssh", False),
        ("/root/.bash_history", "/root", False),
        ("/proc/1/root", "/proc", False),
        ("/sys/fs/cgroup", "/sys", False),
        ("/dev", "/dev", False),
        ("/var/lib/docker/containers", "/var/lib/docker", False),
        ("/var/lib", "/var/lib/docker", True),
        ("/var", "/var/lib/docker", True),
        ("/run/dbus/system_bus_socket", "/run/dbus", False),
        ("~/.ssh", "~/.ssh", False),
        ("~/.ssh/id_rsa", "~/.ssh", False),
        ("$HOME/.aws", "$HOME/.aws", False),
        ("${HOME}/.kube/config", "${HOME}/.kube", False),
        ("/home/deploy/.docker/config.json", "/home/deploy/.docker", False),
        ("/root/.ssh", "/root/.ssh", False),
        ("/Users/me/.gnupg", "/Users/me/.gnupg", False),
        ("C:\\Users\\me\\.ssh", "C:/Users/me/.ssh", False),
        ("~/.config", "~/.config/gcloud", True),
        ("~", "~", False),
        ("/home", "/home", False),
    ],
)
def test_sensitive_paths(source: str, path: str, via_parent: bool) -> None:
    found = sensitive_host_path(source)
    assert found is not None
    assert (found.path, found.via_parent) == (path, via_parent)


@pytest.mark.parametrize(
    "source",
    [
        "./etc",
        "etc",
        "data/.ssh",
        "/etc/localtime",
        "/etc/letsencrypt",
        "/etcetera",
        "/dev/sda",  # a device: host-device's
        "/var/lib/mysql",
        "/var/lib/dockerd",
        "/run",  # holds the engine socket: docker-socket-mount's
        "~/.m2",
        "~/.sshkeys",
        "$HOME/projects/app",
        "${DATA}/etc",
        "/srv/home",
    ],
)
def test_not_sensitive(source: str) -> None:
    assert sensitive_host_path(source) is None


def test_read_only_does_not_protect_devices_and_sockets() -> None:
    assert sensitive_host_path("/etc") is not None
    assert sensitive_host_path("/etc").read_only_helps  # type: ignore[union-attr]
    assert not sensitive_host_path("/dev").read_only_helps  # type: ignore[union-attr]
    assert not sensitive_host_path("/run/dbus").read_only_helps  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("spec", "host"),
    [
        ("/dev/sda:/dev/xvda:rwm", "/dev/sda"),
        ("/dev/snd", "/dev/snd"),
        ("nvidia.com/gpu=all", "nvidia.com/gpu=all"),
        ("${DEVICE:?set it}:/dev/ttyUSB0", "${DEVICE:?set it}"),
    ],
)
def test_device_host_path(spec: str, host: str) -> None:
    assert device_host_path(spec) == host


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/dev/mem", True),
        ("/dev/kmem", True),
        ("/dev/sda", True),
        ("/dev/sdb1", True),
        ("/dev/nvme0n1p2", True),
        ("/dev/mmcblk0p1", True),
        ("/dev/mapper/vg-root", True),
        ("/dev/disk/by-uuid/1234", True),
        ("/dev/snd", False),
        ("/dev/ttyUSB0", False),
        ("/dev/dri/renderD128", False),
        ("/dev/sdcard-reader-led", False),
    ],
)
def test_raw_devices(path: str, raw: bool) -> None:
    assert (raw_device(path) is not None) is raw


def test_device_paths() -> None:
    assert is_device_path("/dev/snd")
    assert is_device_path("//dev/./snd")
    assert not is_device_path("/dev")
    assert not is_device_path("./dev/snd")
    assert not is_device_path("/devices")


@pytest.mark.parametrize(
    ("rule", "all_of_a_kind"),
    [
        ("a *:* rwm", True),
        ("a", True),
        ("c *:* rwm", True),
        ("b *:* r", True),
        ("c 188:* rwm", False),
        ("c 1:3 r", False),
        ("", False),
    ],
)
def test_all_devices_rule(rule: str, all_of_a_kind: bool) -> None:
    assert (all_devices_rule(rule) is not None) is all_of_a_kind


@pytest.mark.parametrize(
    ("url", "bare", "host", "port"),
    [
        ("tcp://docker:2375", False, "docker", 2375),
        ("TCP://10.0.0.5", False, "10.0.0.5", None),
        ("tcp://[::1]:2375", False, "::1", 2375),
        ("tcp://0.0.0.0:2376/", False, "0.0.0.0", 2376),
        (":2375", True, "0.0.0.0", 2375),
        ("127.0.0.1:2375", True, "127.0.0.1", 2375),
    ],
)
def test_tcp_address(url: str, bare: bool, host: str, port: int | None) -> None:
    address = tcp_address(url, bare_is_tcp=bare)
    assert address is not None
    assert (address.host, address.port) == (host, port)


@pytest.mark.parametrize(
    "url", ["unix:///var/run/docker.sock", "ssh://me@host", "npipe:////./pipe/docker_engine", "fd://", "$HOST", ":2375"]
)
def test_not_tcp(url: str) -> None:
    assert tcp_address(url) is None


def test_bare_paths_are_not_tcp_for_dockerd() -> None:
    assert tcp_address("/var/run/docker.sock", bare_is_tcp=True) is None


@pytest.mark.parametrize(
    ("image", "dind"),
    [
        ("docker:dind", True),
        ("docker:27.3-dind", True),
        ("docker.io/library/docker:dind-rootless", True),
        ("docker:27.3-cli", False),
        ("example.com/docker:dind", False),
        ("acme/docker:dind", False),
    ],
)
def test_dind_image(image: str, dind: bool) -> None:
    assert is_dind_image(ImageReference.parse(image)) is dind


def test_port_range() -> None:
    assert port_range("22") == PortRange(22, 22, None)
    assert port_range("22/tcp") == PortRange(22, 22, "tcp")
    assert port_range("20-25", "tcp") == PortRange(20, 25, "tcp")
    assert port_range("$PORT") is None
    assert 22 in PortRange(20, 25, "tcp")
    assert PortRange(8001, 8002, "tcp").within(PortRange(8000, 8010, None))
    assert not PortRange(53, 53, "tcp").within(PortRange(53, 53, "udp"))
    assert not PortRange(7999, 8002, "tcp").within(PortRange(8000, 8010, None))


def test_port_mappings() -> None:
    random = PortMapping(SPAN, "80")
    assert on_all_interfaces(random)
    assert host_ports(random) is None
    assert port_text(random) == "80"
    local = PortMapping(SPAN, "80", "8080", "::1", "udp")
    assert not on_all_interfaces(local)
    assert port_text(local) == "[::1]:8080:80/udp"
    assert container_ports(local) == PortRange(80, 80, "udp")
    unknown = PortMapping(SPAN, "80", "8080", Unresolved("${IP}", "IP is not set"))
    assert on_all_interfaces(unknown) is None
    assert port_text(unknown) == "${IP}:8080:80"
    assert on_all_interfaces(PortMapping(SPAN, "80", "8080", "0.0.0.0"))
    assert container_ports(PortMapping(SPAN, Unresolved("${T}", "T is not set"))) is None


def test_allowed_ports_option() -> None:
    """port-on-all-interfaces with allowed-ports: the predicates above, as the rule uses them."""
    from hullcheck.engine.lint import LintOptions, lint_bytes
    from hullcheck.engine.registry import all_rules

    compose = b"""services:
  web:
    image: nginx:1.27
    ports:
      - "443:443"
      - "8005:80"
      - "53:53/udp"
      - "53:53"
      - "${PORT}:80"
      - "80"
      - "5432:5432"
"""
    rules = [rule for rule in all_rules() if rule.name == "port-on-all-interfaces"]
    settings = {"HC210": {"allowed-ports": ("443", "8000-8010", "53/udp")}}
    result = lint_bytes(compose, "compose.yaml", LintOptions(rules=rules, rule_settings=settings))
    assert [finding.span.line for finding in result.findings] == [8, 10, 11]
