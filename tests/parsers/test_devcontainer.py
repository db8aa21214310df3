"""devcontainer.json onto the container model (hullcheck.parsers.devcontainer, the devcontainer
front end): what each property sets and where, the features that reach the host, the build of a
Dockerfile and a Compose service, lifecycle commands, suppressions, and hostile shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions, lint_bytes, lint_file
from hullcheck.frontends import NotLinted, front_end_for_path
from hullcheck.frontends.devcontainer import DevContainerFrontEnd
from hullcheck.model.container import Container, Origin
from hullcheck.model.devcontainer import DevContainerFile
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Interpolated, Located, Span, Unresolved
from hullcheck.parsers.devcontainer import parse_devcontainer
from hullcheck.parsers.source import ParseProblem
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())
FRONT_END = DevContainerFrontEnd()


def parsed(text: str, file: Path | None = None) -> tuple[DevContainerFile, list[ParseProblem]]:
    result = parse_devcontainer(text, "devcontainer.json", str(file) if file is not None else None)
    return result.model, result.problems


def dev_container(text: str, file: Path | None = None) -> Container:
    return parsed(text, file)[0].containers[0]


def written(text: str, span: Span) -> str:
    line = text.split("\n")[span.line - 1]
    assert span.line == span.end_line
    return line[span.column - 1 : span.end_column - 1]


def findings(text: str, name: str = "devcontainer.json") -> list[tuple[int, int, str]]:
    result = lint_bytes(text.encode(), name, ALL_RULES, FRONT_END)
    return sorted((finding.span.line, finding.span.column, finding.rule.name) for finding in result.findings)


# --- which files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        (".devcontainer/devcontainer.json", True),
        ("/home/dev/project/.devcontainer/devcontainer.json", True),
        (".devcontainer/python/devcontainer.json", True),
        ("project/.devcontainer.json", True),
        (".devcontainer.json", True),
        ("devcontainer.json", False),  # only by its content
        (".devcontainer/a/b/devcontainer.json", False),  # the CLI looks one folder deep
        ("docs/devcontainer.json", False),
        (".devcontainer/devcontainer-lock.json", False),
        (".devcontainer/docker-compose.yml", False),
    ],
)
def test_claimed_by_its_name_and_folders(path: str, claimed: bool) -> None:
    assert FRONT_END.claims_path(path) is claimed
    assert (front_end_for_path(path) is not None and front_end_for_path(path).kind.value == "devcontainer") is claimed


def test_a_devcontainer_json_elsewhere_is_one_by_its_content() -> None:
    assert FRONT_END.sniff("devcontainer.json", '{"image": "ubuntu:24.04"}') is True
    assert isinstance(FRONT_END.sniff("devcontainer.json", "[1, 2]"), NotLinted)
    assert isinstance(FRONT_END.sniff("devcontainer.json", "not json"), NotLinted)
    assert FRONT_END.sniff("package.json", '{"name": "x"}') is False


# --- the settings --------------------------------------------------------------------------------

SETTINGS = """{
  "name": "API",
  "image": "mcr.microsoft.com/devcontainers/python:1-3.12",
  "privileged": true,
  "capAdd": ["SYS_PTRACE"],
  "securityOpt": ["seccomp=unconfined"],
  "containerUser": "vscode",
  "containerEnv": {"DB_PASSWORD": "hunter2", "HOST": "${localEnv:HOSTNAME}"},
  "mounts": ["source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind"],
  "runArgs": ["--network=host", "--device", "/dev/kvm"],
  "appPort": [3000, "8080:80"],
  "forwardPorts": [5432, "db:5432"]
}
"""


def test_every_setting_is_read_at_its_word() -> None:
    container = dev_container(SETTINGS)
    assert container.origin is Origin.DEVCONTAINER and container.subject == "dev container 'API'"
    assert isinstance(container.image, Located) and isinstance(container.image.value, ImageReference)
    assert written(SETTINGS, container.image.span) == "mcr.microsoft.com/devcontainers/python:1-3.12"
    assert container.privileged is not None and container.privileged.value is True
    assert written(SETTINGS, container.privileged.span) == "true"
    assert [(cap.value, written(SETTINGS, cap.span)) for cap in container.cap_add] == [("SYS_PTRACE", "SYS_PTRACE")]
    assert [option.value for option in container.security_opt] == ["seccomp=unconfined"]
    assert container.user is not None and written(SETTINGS, container.user.span) == "vscode"
    password = container.environment["DB_PASSWORD"]
    assert password.value == "hunter2" and written(SETTINGS, password.span) == "hunter2"
    host = container.environment["HOST"].value
    assert isinstance(host, Unresolved) and host.text == "${HOSTNAME}" and "localEnv:HOSTNAME" in host.reason
    [socket] = container.mounts
    assert socket.source is not None and written(SETTINGS, socket.source.span) == "/var/run/docker.sock"
    assert container.network_mode is not None and written(SETTINGS, container.network_mode.span) == "host"
    assert [written(SETTINGS, device.span) for device in container.devices] == ["/dev/kvm"]
    # appPort: a number on 127.0.0.1, a string as -p reads it; forwardPorts to the loopback
    ports = [(port.host_ip, port.published, port.target) for port in container.ports]
    assert ports == [("127.0.0.1", "3000", "3000"), (None, "8080", "80"), ("127.0.0.1", "5432", "5432")]


def test_findings_are_at_the_key_or_word() -> None:
    found = findings(SETTINGS)
    assert (4, 17, "privileged-container") in found
    assert (9, 22, "docker-socket-mount") in found
    assert (10, 26, "host-network-mode") in found
    assert (5, 15, "dangerous-capability") in found
    assert (8, 36, "hardcoded-credential") in found
    assert (11, 22, "port-on-all-interfaces") in found
    assert not any(rule == "hardcoded-credential" and line != 8 for line, _, rule in found)


def test_run_args_come_last_so_an_unknown_option_hides_nothing_else() -> None:
    text = '{"image": "alpine:3.20", "privileged": true, "runArgs": ["--some-new-option", "x"]}'
    container = dev_container(text)
    assert container.privileged is not None and container.privileged.value is True
    assert container.unread_settings is not None  # the absent settings are then unknown
    assert isinstance(container.image is not None and container.image.value, Unresolved)


def test_remote_user_is_the_user_when_root_or_alone() -> None:
    assert dev_container('{"image": "a:1", "remoteUser": "root"}').user.value == "root"  # type: ignore[union-attr]
    both = dev_container('{"image": "a:1", "containerUser": "vscode", "remoteUser": "root"}')
    assert both.user is not None and both.user.value == "root"
    neither_root = dev_container('{"image": "a:1", "containerUser": "app", "remoteUser": "vscode"}')
    assert neither_root.user is not None and neither_root.user.value == "app"


def test_object_mounts_and_variables(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / ".devcontainer"
    folder.mkdir(parents=True)
    text = """{
  "image": "a:1",
  "workspaceFolder": "/srv/shop",
  "mounts": [
    {"source": "${localEnv:HOME}/.ssh", "target": "/home/vscode/.ssh", "type": "bind"},
    {"source": "${localWorkspaceFolder}/data", "target": "${containerWorkspaceFolder}/data", "type": "bind"},
    "source=${localWorkspaceFolderBasename}-cache,target=/cache,type=volume"
  ]
}
"""
    mounts = dev_container(text, folder / "devcontainer.json").mounts
    ssh, data, cache = sorted(mounts, key=lambda mount: mount.span)
    assert ssh.type == "bind" and ssh.source is not None and isinstance(ssh.source.value, Unresolved)
    assert ssh.source.value.text == "${HOME}/.ssh" and written(text, ssh.source.span) == '"${localEnv:HOME}/.ssh"'
    assert data.source is not None and data.source.value == "./data" and isinstance(data.source, Interpolated)
    assert data.target is not None and data.target.value == "/srv/shop/data"
    assert cache.source is not None and cache.source.value == "shop-cache"
    assert (5, 16, "sensitive-host-mount") in findings(text)
    assert not any(line == 6 for line, _, _ in findings(text))


def test_compose_dev_container_holds_only_what_the_file_adds() -> None:
    text = """{
  "dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"],
  "service": "app",
  "runArgs": ["--privileged"],
  "appPort": ["8080:80"],
  "capAdd": ["SYS_ADMIN"]
}
"""
    container = dev_container(text)
    assert container.subject == "dev container (Compose service 'app')"
    assert container.image is None and container.build is None  # the Compose file's: linted there
    assert container.privileged is None and not container.ports  # runArgs and appPort do not apply
    assert [cap.value for cap in container.cap_add] == ["SYS_ADMIN"]
    found = findings(text)
    assert [rule for _, _, rule in found] == ["dangerous-capability"]  # no absent-setting finding


def test_image_and_build_decide_over_compose_and_a_build_over_the_image(tmp_path: Path) -> None:
    folder = tmp_path / ".devcontainer"
    folder.mkdir()
    text = (
        '{"image": "ignored:latest", "build": {"dockerfile": "Dockerfile", "context": ".."},'
        ' "dockerComposeFile": "c.yml"}'
    )
    container = dev_container(text, folder / "devcontainer.json")
    assert container.image is None and container.build is not None
    assert container.build.dockerfile is not None and container.build.dockerfile.value == str(folder / "Dockerfile")
    assert container.build.context is not None and container.build.context.value == ".."
    assert container.build.directory == str(folder)


def test_build_options_that_grant_the_host() -> None:
    text = """{
  "build": {"dockerfile": "Dockerfile", "options": ["--network=host", "--allow", "security.insecure", "--pull"]}
}
"""
    build = dev_container(text).build
    assert build is not None and build.network is not None and written(text, build.network.span) == "host"
    assert [written(text, entitlement.span) for entitlement in build.entitlements] == ['"security.insecure"']
    assert {(line, rule) for line, _, rule in findings(text)} >= {(2, "host-network-mode"), (2, "privileged-container")}


def test_a_built_dockerfile_is_linted_for_the_dev_container(tmp_path: Path) -> None:
    folder = tmp_path / ".devcontainer"
    folder.mkdir()
    (folder / "Dockerfile").write_text("ARG BASE=alpine:3.20\nFROM ${BASE}\nUSER app\n")
    path = folder / "devcontainer.json"
    path.write_text('{"build": {"dockerfile": "Dockerfile", "args": {"BASE": "alpine"}}, "remoteUser": "app"}\n')
    result = lint_file(str(path), ".devcontainer/devcontainer.json", ALL_RULES)
    [unpinned] = [finding for finding in result.findings if finding.rule.name == "unpinned-image"]
    assert unpinned.path == ".devcontainer/Dockerfile" and unpinned.span.line == 2
    assert [place.message for place in unpinned.related] == ["built for dev container"]
    assert unpinned.related[0].span.line == 1


# --- features ------------------------------------------------------------------------------------------

FEATURES = """{
  "image": "mcr.microsoft.com/devcontainers/base:bookworm",
  "features": {
    "ghcr.io/devcontainers/features/docker-outside-of-docker:1": {"moby": false},
    "ghcr.io/devcontainers/features/docker-in-docker@sha256:%s": {},
    "docker-from-docker": "latest",
    "ghcr.io/devcontainers/features/node": {},
    "./local-feature": {},
    "https://example.com/feature.tgz": {}
  }
}
""" % ("a" * 64)


def test_features_that_reach_the_host_are_settings_at_their_key() -> None:
    model, problems = parsed(FEATURES)
    assert not problems
    container = model.containers[0]
    sockets = [mount for mount in container.mounts if mount.source is not None]
    assert [written(FEATURES, mount.span) for mount in sockets] == [
        '"ghcr.io/devcontainers/features/docker-outside-of-docker:1"',
        '"docker-from-docker"',
    ]
    assert container.privileged is not None and container.privileged.span.line == 5
    assert [option.span.line for option in container.security_opt] == [4, 6]
    found = findings(FEATURES)
    assert (4, 5, "docker-socket-mount") in found and (5, 5, "privileged-container") in found


def test_a_feature_from_a_registry_is_read_as_an_image() -> None:
    model, _ = parsed(FEATURES)
    references = {container.subject: container.image for container in model.containers[1:]}
    assert set(references) == {
        "dev container feature 'docker-outside-of-docker'",
        "dev container feature 'docker-in-docker'",
        "dev container feature 'node'",
    }
    found = findings(FEATURES)
    assert (7, 5, "unpinned-image") in found  # no version: latest
    assert not any(rule == "unpinned-image" and line in (4, 5) for line, _, rule in found)
    # a feature is no container: nothing is said about its absent settings
    assert not any(rule == "missing-no-new-privileges" and line != 2 for line, _, rule in found)


# --- lifecycle commands -------------------------------------------------------------------------------


def test_lifecycle_commands() -> None:
    text = """{
  "image": "a:1",
  "initializeCommand": "docker run -v /:/host alpine:3.20",
  "postCreateCommand": {"db": ["docker", "run", "--privileged", "postgres:16"], "deps": "npm ci $FLAGS"},
  "postStartCommand": ["bash", "-c", "docker run --network=host redis:7"]
}
"""
    model, problems = parsed(text)
    assert not problems
    shells = model.calls.containers
    assert [(container.origin, container.span.line) for container in shells] == [
        (Origin.SHELL, 3),
        (Origin.SHELL, 4),
        (Origin.SHELL, 5),
    ]
    assert shells[1].privileged is not None and written(text, shells[1].privileged.span) == '"--privileged"'
    assert shells[2].network_mode is not None and written(text, shells[2].network_mode.span) == "host"
    dev = model.containers[0]
    # the host's command is no command of the container's
    assert [(command.span.line, command.shell) for command in dev.exec_commands] == [(4, False), (4, True), (5, False)]


# --- suppressions ------------------------------------------------------------------------------------


def test_a_comment_suppresses_the_next_line_or_its_own() -> None:
    text = """{
  // hullcheck: ignore[privileged-container] -- builds kernel modules
  "privileged": true,
  "image": "a:latest", // hullcheck: ignore[unpinned-image] -- a throwaway sandbox
  "capAdd": ["SYS_ADMIN"] // "// hullcheck: ignore[x]" in a string is not a comment
}
"""
    result = lint_bytes(text.encode(), "devcontainer.json", ALL_RULES, FRONT_END)
    assert sorted(finding.rule.name for finding in result.suppressed) == ["privileged-container", "unpinned-image"]
    assert "dangerous-capability" in {finding.rule.name for finding in result.findings}
    assert "invalid-suppression" not in {finding.rule.name for finding in result.findings}


# --- bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "must be a JSON object, found an array"),
        ('"image"', "must be a JSON object, found a string"),
        ("{", "expected a property name"),
        ('{"image": "a:1",, }', "expected a property name"),
    ],
)
def test_what_is_no_object_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseProblem) as raised:
        parsed(text)
    assert message in raised.value.message


HOSTILE = [
    '{"image": 1, "runArgs": "--privileged", "mounts": {"a": 1}, "features": [], "capAdd": [1, null]}',
    '{"image": null, "privileged": "true", "containerEnv": [], "remoteEnv": {"A": null, "B": 2}}',
    '{"image": "a:1", "postCreateCommand": 5, "postStartCommand": {"x": {"y": 1}}, "onCreateCommand": [[]]}',
    '{"image": "a:1", "appPort": [true, 3.5, "x:y:z:w"], "forwardPorts": "22", "build": "Dockerfile"}',
    '{"image": "${localEnv:IMAGE}", "mounts": ["${", "type=bind,source=${localEnv:X:/y},target=/z"]}',
    '{"image": "a:1", "features": {"": {}, "ghcr.io/": 1, ":": null}, "runArgs": ["--", "-", ""]}',
    '{"build": {"dockerfile": null, "args": {"A": ["x"]}}, "dockerFile": 7}',
    '{"image": "a:1", "postCreateCommand": []}',
    '{"image": "a:1", "mounts": [{"type": 5}, {}], "containerUser": ["root"]}',
    '{"dockerComposeFile": 1, "service": {}}',
    '{"image": "a:1", "runArgs": ["-v", "\\u0000:/x", "--mount", "type=bind,source=\\ud800,target=/x"]}',
    "{}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_shapes_are_problems_not_tracebacks(text: str) -> None:
    result = lint_bytes(text.encode(), "devcontainer.json", ALL_RULES, FRONT_END)
    assert not any(finding.rule.name == "internal-error" for finding in result.findings), result.findings


def test_wrong_types_are_reported_where_they_are() -> None:
    _, problems = parsed(HOSTILE[0])
    messages = [problem.message for problem in problems]
    assert "'image' must be a string, found a number" in messages
    assert "'runArgs' must be an array of strings, found a string" in messages
    assert "'features' must be an object, found an array" in messages
    assert "each entry of 'capAdd' must be a string, found a number" in messages


def test_deep_and_large_input_is_bounded() -> None:
    for text in ('{"a": ' + "[" * 100_000, '{"mounts": [' + '"x",' * 300_000 + '"x"]}'):
        result = lint_bytes(text.encode(), "devcontainer.json", ALL_RULES, FRONT_END)
        assert [finding.rule.name for finding in result.findings] == ["parse-error"]
