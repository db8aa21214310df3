from __future__ import annotations

from pathlib import Path

from hullcheck.model.container import Container, Mount
from hullcheck.model.span import Interpolated, Unresolved
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.compose_project import ProjectOptions, load_compose_project


def services(text: str, variables: dict[str, str] | None = None) -> dict[str, Container]:
    parsed = parse_compose(text, "compose.yaml", variables or {})
    assert parsed.problems == []
    return {container.scope.removeprefix("service:"): container for container in parsed.model.containers}


def volume(name: str, options: str, extra: str = "") -> str:
    return f"  {name}:\n{extra}    driver_opts:\n" + "".join(f"      {line}\n" for line in options.split(";"))


def only_mount(text: str, variables: dict[str, str] | None = None) -> Mount:
    return services(text, variables)["web"].mounts[0]


def test_a_named_volume_that_binds_a_host_path_is_a_bind_of_that_path_at_the_service_mount() -> None:
    text = "services:\n  web:\n    volumes:\n      - data:/x:ro\nvolumes:\n" + volume(
        "data", "type: none;o: bind;device: /var/run", "    driver: local\n"
    )
    web = services(text)["web"]
    mount = web.mounts[0]
    assert (mount.type, mount.read_only) == ("bind", True)
    assert mount.source is not None and mount.source.value == "/var/run"
    assert (mount.source.span.line, mount.source.span.column, mount.source.span.end_column) == (4, 9, 13)
    assert mount.volume is not None and mount.volume.name == "data"
    assert (mount.volume.device.span.line, mount.volume.device.span.column) == (11, 15)
    assert mount.target is not None and mount.target.value == "/x"
    related = web.inherited_from(mount.source.span)
    assert related == (mount.volume.device.span, "volume 'data' binds this host path")


def test_the_long_form_and_options_beside_bind() -> None:
    text = (
        "services:\n  web:\n    volumes:\n      - type: volume\n        source: data\n        target: /x\n"
        "volumes:\n" + volume("data", 'o: "rbind,ro";device: /etc')
    )
    mount = only_mount(text)
    assert (mount.type, mount.read_only) == ("bind", True)  # ro in o: the volume is mounted read-only
    assert mount.source is not None and mount.source.value == "/etc" and mount.source.span.line == 5


def test_volumes_that_bind_nothing_stay_named_volumes() -> None:
    text = (
        "services:\n  web:\n    volumes:\n      - nfs:/a\n      - ext:/b\n      - plain:/c\n      - other:/d\n"
        "      - opts:/e\n      - undeclared:/f\n"
        "volumes:\n"
        + volume("nfs", "type: nfs;o: addr=10.0.0.1,rw;device: ':/export'")
        + "  ext:\n    external: true\n"
        + "  plain:\n"
        + volume("other", "o: bind;device: /etc", "    driver: vieux/sshfs\n")
        + volume("opts", "o: ${OPTS};device: /etc")
    )
    mounts = services(text)["web"].mounts
    assert [mount.type for mount in mounts] == ["volume"] * 6
    assert all(mount.volume is None for mount in mounts)


def test_an_unset_device_stays_unresolved_and_a_set_one_keeps_its_written_text() -> None:
    text = "services:\n  web:\n    volumes:\n      - data:/var/run/docker.sock\nvolumes:\n" + volume(
        "data", "o: bind;device: ${SOCKET}"
    )
    unresolved = only_mount(text)
    assert unresolved.type == "bind" and unresolved.source is not None
    assert isinstance(unresolved.source.value, Unresolved) and unresolved.source.value.text == "${SOCKET}"
    resolved = only_mount(text, {"SOCKET": "/run/docker.sock"})
    assert isinstance(resolved.source, Interpolated) and resolved.source.value == "/run/docker.sock"
    assert resolved.source.span.line == 4


def test_volumes_from_inherits_the_bind() -> None:
    text = (
        "services:\n  web:\n    volumes:\n      - data:/x\n  side:\n    volumes_from:\n      - web:ro\n"
        "volumes:\n" + volume("data", "o: bind;device: /etc")
    )
    inherited = services(text)["side"].inherited_mounts
    assert [(item.mount.type, item.mount.read_only) for item in inherited] == [("bind", True)]
    assert inherited[0].mount.source is not None and inherited[0].mount.source.value == "/etc"


def test_an_override_file_and_an_included_project_declare_the_volume(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "include:\n  - lib/compose.yaml\nservices:\n  web:\n    volumes:\n      - data:/x\n      - shared:/y\n"
    )
    (tmp_path / "compose.override.yaml").write_text("volumes:\n" + volume("data", "o: bind;device: /etc"))
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "compose.yaml").write_text(
        "services:\n  lib:\n    volumes:\n      - shared:/z\nvolumes:\n" + volume("shared", "o: bind;device: /root")
    )
    path = tmp_path / "compose.yaml"
    project = load_compose_project(path.read_text(), "compose.yaml", str(path), ProjectOptions(), str(tmp_path))
    assert project.parse.problems == []
    found = {container.scope: container for container in project.parse.model.containers}
    web = found["service:web"].mounts
    assert [(mount.type, mount.source and mount.source.value) for mount in web] == [
        ("bind", "/etc"),
        ("bind", "/root"),
    ]
    assert web[0].volume is not None and web[0].volume.device.span.path == "compose.override.yaml"
    assert web[1].volume is not None and web[1].volume.device.span.path == "lib/compose.yaml"
    lib = found["service:lib"].mounts[0]
    assert lib.type == "bind" and lib.source is not None and lib.source.span.path == "lib/compose.yaml"


def test_a_subpath_of_the_volume_binds_that_folder_below_device() -> None:
    text = (
        "services:\n  web:\n    volumes:\n      - type: volume\n        source: data\n        target: /x\n"
        "        volume:\n          subpath: app/config\n"
        "      - type: volume\n        source: data\n        target: /y\n        volume:\n          subpath: ${SUB}\n"
        "volumes:\n" + volume("data", "o: bind;device: /srv")
    )
    first, second = services(text)["web"].mounts
    assert first.source is not None and first.source.value == "/srv/app/config"
    assert second.source is not None and second.source.value == Unresolved("/srv/${SUB}", "variable SUB is not set")
