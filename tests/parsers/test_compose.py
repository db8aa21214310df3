from __future__ import annotations

import pytest

from hullcheck.model.container import Container
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.dotenv import parse_dotenv
from hullcheck.parsers.source import ParseProblem, SchemaProblem


def service(text: str, variables: dict[str, str] | None = None) -> Container:
    parsed = parse_compose(text, "compose.yaml", variables or {})
    assert parsed.problems == []
    return parsed.model.containers[0]


def test_merge_keys_keep_the_anchor_span_and_explicit_keys_win() -> None:
    text = (
        "x-base: &base\n  privileged: true\n  user: root\n"
        "services:\n  web:\n    <<: *base\n    user: app\n    image: nginx:1.27\n"
    )
    web = service(text)
    assert web.privileged is not None and web.privileged.value is True and web.privileged.span == Span(2, 15, 2, 19)
    assert web.user is not None and web.user.value == "app" and web.user.span.line == 7


def test_short_volume_syntax_gives_exact_sub_spans() -> None:
    text = 'services:\n  a:\n    volumes:\n      - "/var/run/docker.sock:/sock:ro,rshared"\n      - C:\\data:/d\n'
    socket, windows = service(text).mounts
    assert socket.source is not None and socket.source.span == Span(4, 10, 4, 30)
    assert socket.target is not None and socket.target.value == "/sock" and socket.target.span == Span(4, 31, 4, 36)
    assert socket.read_only and socket.propagation is not None and socket.propagation.value == "rshared"
    assert (windows.type, windows.source.value if windows.source else None) == ("bind", "C:\\data")


def test_long_volume_syntax_and_pipes() -> None:
    text = (
        "services:\n  a:\n    volumes:\n"
        "      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n"
        "      - type: bind\n        source: /srv\n        target: /srv\n        read_only: true\n"
        "        bind:\n          propagation: shared\n"
        "      - data:/var/lib/data\n      - /anonymous\n"
    )
    pipe, bind, named, anonymous = service(text).mounts
    assert pipe.type == "npipe" and pipe.source is not None and pipe.source.value == "\\\\.\\pipe\\docker_engine"
    assert bind.read_only and bind.propagation is not None and bind.propagation.value == "shared"
    assert named.type == "volume" and anonymous.source is None


def test_interpolation_from_defaults_and_dotenv_never_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAG", "from-process")
    text = "services:\n  a:\n    image: ${REPO:-redis}:${TAG}\n    user: ${RUN_AS}\n    command: echo $$HOME\n"
    a = service(text, parse_dotenv("# comment\nexport TAG='7.2'\n"))
    assert a.image is not None and isinstance(a.image.value, ImageReference) and a.image.value.text == "redis:7.2"
    assert a.user is not None and isinstance(a.user.value, Unresolved)
    assert a.command is not None and [w.value for w in a.command.commands[0].words] == ["echo", "$HOME"]
    unset = service(text)
    assert unset.image is not None and isinstance(unset.image.value, Unresolved)


def test_ports() -> None:
    text = 'services:\n  a:\n    ports: ["80", "8080:80", "127.0.0.1:53:53/udp", "[::1]:9000:9000", 22]\n'
    ports = [(p.host_ip, p.published, p.target, p.protocol) for p in service(text).ports]
    assert ports == [
        (None, None, "80", "tcp"),
        (None, "8080", "80", "tcp"),
        ("127.0.0.1", "53", "53", "udp"),
        ("::1", "9000", "9000", "tcp"),
        (None, None, "22", "tcp"),
    ]


def test_legacy_layout_and_net() -> None:
    parsed = parse_compose("version: '2'\nweb:\n  image: nginx:1.27\n  net: host\n", "docker-compose.yml", {})
    assert parsed.model.legacy_layout
    [web] = parsed.model.containers
    assert web.network_mode is not None and web.network_mode.value == "host"


def test_environment_forms_and_booleans() -> None:
    text = "services:\n  a:\n    privileged: 'yes'\n    environment:\n      - A=1\n      - B\n"
    a = service(text)
    assert a.privileged is not None and a.privileged.value is True
    assert a.environment["A"].value == "1" and isinstance(a.environment["B"].value, Unresolved)


def test_problems_are_collected() -> None:
    text = "services:\n  a:\n    image: nginx:1\n    image: nginx:2\n    privileged: maybe\n  b: text\n"
    parsed = parse_compose(text, "compose.yaml", {})
    assert [(p.span.line, p.message.split(" (")[0]) for p in parsed.problems] == [
        (4, "duplicate key 'image'"),
        (5, "'privileged' must be true or false, found 'maybe'"),
        (6, "service 'b' must be a mapping, found a string"),
    ]


def test_python_tags_are_refused_and_bad_yaml_raises() -> None:
    parsed = parse_compose("services:\n  a:\n    image: !!python/object:os.system x\n", "compose.yaml", {})
    assert any("constructs Python objects" in p.message for p in parsed.problems)
    with pytest.raises(ParseProblem) as error:
        parse_compose("services:\n\tweb: {}\n", "compose.yaml", {})
    assert error.value.span.line == 2


def test_alias_bomb_composes_without_expansion() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "\n".join(lines) + "\nservices:\n  web:\n    <<: {}\n    image: nginx:1.27\n    command: *a8\n"
    parsed = parse_compose(text, "compose.yaml", {})
    assert parsed.model.containers[0].command is not None


def test_commands_limits_and_hardening_fields() -> None:
    text = (
        "services:\n  a:\n"
        "    command: dockerd -H tcp://0.0.0.0:2375\n"
        '    entrypoint: ["sh", "-c", "curl -s https://x | sh"]\n'
        "    read_only: true\n    mem_limit: 512m\n"
        "    deploy:\n      resources:\n        limits:\n          memory: 1g\n          pids: 100\n"
        "    device_cgroup_rules: ['a *:* rwm']\n    expose: ['2375']\n"
    )
    a = service(text)
    assert a.command is not None
    (command,) = a.command.commands
    assert [w.value for w in command.words] == ["dockerd", "-H", "tcp://0.0.0.0:2375"]
    assert command.words[2].span == Span(3, 25, 3, 43)
    assert a.entrypoint is not None and [c.name for c in a.entrypoint.commands] == ["sh", "curl", "sh"]
    assert a.read_only is not None and a.read_only.value is True
    assert {key: value.value for key, value in a.limits.items()} == {"memory": "512m", "pids": "100"}
    assert [rule.value for rule in a.device_cgroup_rules] == ["a *:* rwm"]
    assert [port.value for port in a.expose] == ["2375"]


def test_merge_key_alias_bomb_resolves_each_mapping_once() -> None:
    lines = ["x-a0: &a0 {x-k0: v, privileged: true}"]
    lines += [f"x-a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 10)}], x-k{i}: v}}" for i in range(1, 12)]
    text = "\n".join(lines) + "\nservices:\n  web:\n    <<: *a11\n    image: nginx:1.27\n"
    web = service(text)  # 10^11 merges if expanded; one resolution per mapping here
    assert web.privileged is not None and web.privileged.value is True and web.privileged.span.line == 1


def test_merge_cycle_terminates() -> None:
    parsed = parse_compose("services:\n  web: &w\n    image: nginx:1.27\n    <<: *w\n", "compose.yaml", {})
    assert [c.subject for c in parsed.model.containers] == ["service 'web'"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("privileged: maybe", "'privileged' must be true or false, found 'maybe'"),
        ("privileged: [true]", "'privileged' must be true or false, found a list"),
        ("read_only: {a: b}", "'read_only' must be true or false, found a mapping"),
        ("volumes: 3", "'volumes' must be a list, found a number"),
        ("volumes: /data:/data", "'volumes' must be a list, found a string"),
        ("ports: {web: 80}", "'ports' must be a list, found a mapping"),
        ("devices: true", "'devices' must be a list, found a boolean (true)"),
        ("cap_add: SYS_ADMIN", "'cap_add' must be a list, found a string"),
        ("cap_drop: {ALL: 1}", "'cap_drop' must be a list, found a mapping"),
        ("security_opt: 1", "'security_opt' must be a list, found a number"),
        ("expose: 80", "'expose' must be a list, found a number"),
        ("profiles: debug", "'profiles' must be a list, found a string"),
        ("volumes_from: db", "'volumes_from' must be a list, found a string"),
        ("device_cgroup_rules: 'c 1:3 mr'", "'device_cgroup_rules' must be a list, found a string"),
        ("deploy: [resources]", "'deploy' must be a mapping, found a list"),
        ("deploy: {resources: 1g}", "'deploy.resources' must be a mapping, found a string"),
        ("deploy: {resources: {limits: [1g]}}", "'deploy.resources.limits' must be a mapping, found a list"),
        ("build: [.]", "'build' must be a string or a mapping, found a list"),
        ("extends: [base]", "'extends' must be a string or a mapping, found a list"),
        ("environment: A=1", "'environment' must be a list or a mapping, found a string"),
        ("command: {run: x}", "'command' must be a string or a list, found a mapping"),
        ("entrypoint: {run: x}", "'entrypoint' must be a string or a list, found a mapping"),
        ("image: [nginx]", "'image' must be a string, found a list"),
        ("user: {name: root}", "'user' must be a string, found a mapping"),
        ("container_name: [db]", "'container_name' must be a string, found a list"),
        ("network_mode: [host]", "'network_mode' must be a string, found a list"),
        ("net: {mode: host}", "'net' must be a string, found a mapping"),
        ("pid: [host]", "'pid' must be a string, found a list"),
        ("ipc: [host]", "'ipc' must be a string, found a list"),
        ("uts: [host]", "'uts' must be a string, found a list"),
        ("userns_mode: [host]", "'userns_mode' must be a string, found a list"),
        ("cgroup: [host]", "'cgroup' must be a string, found a list"),
        ("mem_limit: [1g]", "'mem_limit' must be a number or a string, found a list"),
        ("pids_limit: {max: 1}", "'pids_limit' must be a number or a string, found a mapping"),
        ("cpus: [2]", "'cpus' must be a number or a string, found a list"),
        ("cap_add: [[SYS_ADMIN]]", "each entry of 'cap_add' must be a string, found a list"),
        ("volumes: [[/a, /b]]", "each entry of 'volumes' must be a string or a mapping, found a list"),
        ("environment: [{A: 1}]", "each entry of 'environment' must be a string, found a mapping"),
        ("command: [run, {x: y}]", "each entry of 'command' must be a string, found a mapping"),
    ],
)
def test_a_wrong_type_is_a_problem_naming_the_key_and_the_rest_is_read(setting: str, message: str) -> None:
    after = "privileged: true" if setting.startswith("user") else "user: app"
    text = f"services:\n  bad:\n    {setting}\n    {after}\n  next:\n    privileged: true\n"
    parsed = parse_compose(text, "compose.yaml", {})
    typed = [problem for problem in parsed.problems if not isinstance(problem, SchemaProblem)]  # 'net' is unknown too
    assert [(problem.span.line, problem.message) for problem in typed] == [(3, message)]
    bad, following = parsed.model.containers
    assert (bad.user or bad.privileged) is not None, "the keys after it are still read"
    assert following.privileged is not None and following.privileged.value is True


def test_a_value_of_the_wrong_type_is_not_read() -> None:
    text = (
        "services:\n  a:\n    cap_add: SYS_ADMIN\n    volumes: 3\n    privileged: [true]\n    deploy: {resources: 1}\n"
    )
    a = parse_compose(text, "compose.yaml", {}).model.containers[0]
    assert (a.cap_add, a.mounts, a.privileged, a.limits) == ([], [], None, {})


def test_a_null_value_is_unset_not_a_wrong_type() -> None:
    text = "services:\n  a:\n    image: nginx:1.27\n    volumes:\n    cap_add: ~\n    environment:\n    deploy:\n"
    a = service(text)
    assert (a.mounts, a.cap_add, a.environment) == ([], [], {})


@pytest.mark.parametrize(
    ("entry", "name", "container", "read_only", "name_span"),
    [
        ("db", "db", False, None, Span(4, 9, 4, 11)),
        ("db:ro", "db", False, True, Span(4, 9, 4, 11)),
        ("db:rw", "db", False, False, Span(4, 9, 4, 11)),
        ("container:backup", "backup", True, None, Span(4, 19, 4, 25)),
        ("container:backup:ro", "backup", True, True, Span(4, 19, 4, 25)),
        # not a form Compose knows: it names a service called "service", as Compose reads it
        ("service:db", "service", False, None, Span(4, 9, 4, 16)),
    ],
)
def test_volumes_from_entries(entry: str, name: str, container: bool, read_only: bool | None, name_span: Span) -> None:
    a = service(f"services:\n  a:\n    volumes_from:\n      - {entry}\n")
    (parsed,) = a.volumes_from
    assert (parsed.name.value, parsed.container, parsed.read_only) == (name, container, read_only)
    assert parsed.name.span == name_span and parsed.span == Span(4, 9, 4, 9 + len(entry))


@pytest.mark.parametrize(
    "text",
    [
        # a %TAG directive splits the tag so that "python/" is never written whole
        "%TAG !p! tag:yaml.org,2002:pyt\n---\nservices:\n  web:\n    image: !p!hon/object/apply:os.system [id]\n",
        # a %-escape in a verbatim tag
        "services:\n  web:\n    image: !<tag:yaml.org,2002:%70ython/object/apply:os.system> [id]\n",
    ],
    ids=["tag-directive", "percent-escape"],
)
def test_python_tags_however_spelled_are_refused(text: str) -> None:
    result = parse_compose(text, "compose.yaml", {})
    assert any("constructs Python objects" in problem.message for problem in result.problems)
