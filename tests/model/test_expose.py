from __future__ import annotations

from hullcheck.model.expose import PortSpec, port_spec


def test_port_specs_split_as_buildkit_does() -> None:
    assert port_spec("80") == PortSpec("", "", "80", "")
    assert port_spec("53/UDP") == PortSpec("", "", "53", "UDP")
    assert port_spec("8080:80/tcp") == PortSpec("", "8080", "80", "tcp")
    assert port_spec("127.0.0.1:8080:80") == PortSpec("127.0.0.1", "8080", "80", "")
    assert port_spec("[::1]:8080:80") == PortSpec("[::1]", "8080", "80", "")
    assert port_spec("8080:80").publishes and not port_spec("80/tcp").publishes


def test_port_numbers() -> None:
    assert port_spec("8000-8010/udp").numbers() == (8000, 8010)
    assert port_spec("70000").numbers() == (70000, 70000)
    assert port_spec("$PORT").numbers() is None and port_spec("80-x").numbers() is None
