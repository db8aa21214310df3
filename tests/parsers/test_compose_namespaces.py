from __future__ import annotations

from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.span import Unresolved
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.compose_namespaces import link_shared_namespaces


def services(text: str) -> dict[str, Container]:
    parsed = parse_compose(text, "compose.yaml", {})
    assert parsed.problems == []
    return {container.scope.removeprefix("service:"): container for container in parsed.model.containers}


def test_a_chain_is_followed_to_the_setting_that_decides_it() -> None:
    found = services(
        "services:\n"
        "  web:\n    network_mode: host\n    ipc: host\n"
        "  proxy:\n    network_mode: service:web\n"
        "  sidecar:\n    network_mode: service:proxy\n    ipc: service:web\n"
    )
    shared = found["sidecar"].shared_namespaces["network"]
    assert (shared.shared_with, shared.origin, shared.mode.value) == ("service 'proxy'", "service 'web'", "host")
    assert shared.setting is found["sidecar"].network_mode and shared.mode.span.line == 3
    assert found["sidecar"].shared_namespaces["ipc"].origin == "service 'web'"
    assert found["proxy"].shared_namespaces["network"].shared_with == "service 'web'"
    assert found["web"].shared_namespaces == {}


def test_container_names_the_container_name_of_another_service() -> None:
    found = services(
        "services:\n"
        "  top:\n    container_name: monitor\n    pid: host\n"
        "  debug:\n    pid: container:monitor\n"
        "  other:\n    pid: container:top\n"  # a service name is not a container name
    )
    assert found["debug"].shared_namespaces["pid"].origin == "service 'top'"
    assert found["other"].shared_namespaces == {}


def test_cycles_missing_services_and_defaults_resolve_to_nothing() -> None:
    found = services(
        "services:\n"
        "  a:\n    network_mode: service:b\n"
        "  b:\n    network_mode: service:a\n"
        "  c:\n    network_mode: service:a\n"
        "  d:\n    network_mode: service:missing\n"
        "  e:\n    network_mode: service:d\n"
        "  f:\n    network_mode: container:external\n"
        "  g:\n    image: alpine:3.20\n"
        "  h:\n    network_mode: service:g\n"
        "  i:\n    network_mode: service:i\n"
        "  j:\n    network_mode: ${UNSET}\n"
        "  k:\n    network_mode: service:j\n"
    )
    assert {name for name, container in found.items() if container.shared_namespaces} == {"k"}
    # unknown is not false: the origin's unresolved mode is recorded for rules to judge
    assert isinstance(found["k"].shared_namespaces["network"].mode.value, Unresolved)


def test_a_long_chain_is_resolved_in_linear_time() -> None:
    lines = ["services:", "  s0:", "    network_mode: host", "    volumes: ['/etc:/host-etc']"]
    for index in range(1, 3000):
        lines += [f"  s{index}:", f"    network_mode: service:s{index - 1}", f"    volumes_from: [s{index - 1}]"]
    found = services("\n".join(lines) + "\n")
    last = found["s2999"]
    assert (last.shared_namespaces["network"].shared_with, last.shared_namespaces["network"].origin) == (
        "service 's2998'",
        "service 's0'",
    )
    assert [(m.shared_with, m.origin) for m in last.inherited_mounts] == [("service 's2998'", "service 's0'")]


def test_volumes_from_inherits_mounts_and_their_inherited_mounts() -> None:
    found = services(
        "services:\n"
        "  agent:\n    container_name: agent-1\n    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock\n      - /etc:/host/etc:ro\n"
        "  reader:\n    volumes_from:\n      - agent:ro\n"
        "  writer:\n    volumes_from:\n      - container:agent-1:rw\n"
        "  second-hand:\n    volumes_from:\n      - reader\n"
        "  external:\n    volumes_from:\n      - container:elsewhere\n      - missing\n"
    )
    reader = found["reader"].inherited_mounts
    assert [(m.mount.source.value if m.mount.source else None, m.mount.read_only) for m in reader] == [
        ("/var/run/docker.sock", True),
        ("/etc", True),
    ]
    assert reader[0].entry.name.span.line == 9 and reader[0].mount.source is found["agent"].mounts[0].source
    assert [m.mount.read_only for m in found["writer"].inherited_mounts] == [False, False]
    second = found["second-hand"].inherited_mounts
    assert [(m.shared_with, m.origin, m.mount.read_only) for m in second] == [
        ("service 'reader'", "service 'agent'", True),
        ("service 'reader'", "service 'agent'", True),
    ]
    assert found["external"].inherited_mounts == []


def test_volumes_from_cycles_inherit_nothing() -> None:
    found = services(
        "services:\n"
        "  a:\n    volumes_from: [b]\n    volumes: ['/etc:/e']\n"
        "  b:\n    volumes_from: [a]\n"
        "  self:\n    volumes_from: [self]\n    volumes: ['/root:/r']\n"
    )
    assert all(container.inherited_mounts == [] for container in found.values())


def test_linking_again_replaces_what_was_linked() -> None:
    parsed = parse_compose("services:\n  a:\n    pid: host\n  b:\n    pid: service:a\n", "compose.yaml", {})
    model: ComposeFile = parsed.model
    link_shared_namespaces(model)
    assert len(model.containers[1].shared_namespaces) == 1
    model.containers[0].pid_mode = None
    link_shared_namespaces(model)
    assert model.containers[1].shared_namespaces == {}
