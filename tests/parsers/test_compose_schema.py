"""Keys Docker Compose refuses: reported at the key, with the nearest key the specification
defines there; x- keys where the specification allows them; the rest of the file still read."""

from __future__ import annotations

import pytest

from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.source import SchemaProblem


def unknown(text: str) -> list[tuple[int, int, str]]:
    parsed = parse_compose(text, "compose.yaml", {})
    return [(p.span.line, p.span.column, p.message) for p in parsed.problems if isinstance(p, SchemaProblem)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "services:\n  web:\n    privilegd: true\n",
            "unknown key 'privilegd' in 'services.web' (did you mean 'privileged'?)",
        ),
        (
            "services:\n  web:\n    cap-add: [ALL]\n",
            "unknown key 'cap-add' in 'services.web' (did you mean 'cap_add'?)",
        ),
        ("services:\n  web:\n    service: db\n", "unknown key 'service' in 'services.web':"),
        ("servics:\n  web: {}\nservices: {}\n", "unknown key 'servics' at the top level (did you mean 'services'?)"),
        ("services:\n  web:\n    build:\n      dockerfle: x\n", "in 'services.web.build' (did you mean 'dockerfile'?)"),
        (
            "services:\n  web:\n    volumes:\n      - ./a:/a\n      - {type: bind, source: ., target: /b, rw: true}\n",
            "unknown key 'rw' in 'services.web.volumes[1]'",
        ),
        (
            "services:\n  web:\n    volumes:\n      - type: bind\n        bind: {propagaton: shared}\n",
            "in 'services.web.volumes[0].bind' (did you mean 'propagation'?)",
        ),
        ("services:\n  web:\n    ports:\n      - {target: 80, hostip: 127.0.0.1}\n", "(did you mean 'host_ip'?)"),
        (
            "services:\n  web:\n    deploy:\n      resources:\n        limit: {}\n",
            "in 'services.web.deploy.resources' (did you mean 'limits'?)",
        ),
        ("services:\n  web:\n    healthcheck:\n      intervall: 5s\n", "(did you mean 'interval'?)"),
        (
            "services:\n  web:\n    logging:\n      drivr: syslog\n",
            "in 'services.web.logging' (did you mean 'driver'?)",
        ),
        (
            "services:\n  web:\n    extends:\n      services: base\n",
            "in 'services.web.extends' (did you mean 'service'?)",
        ),
        (
            "services:\n  web:\n    depends_on:\n      db:\n        condtion: service_started\n",
            "in 'services.web.depends_on.db' (did you mean 'condition'?)",
        ),
        ("services:\n  web:\n    secrets:\n      - {source: a, tagret: /a}\n", "(did you mean 'target'?)"),
        ("networks:\n  front:\n    drivr: bridge\n", "in 'networks.front' (did you mean 'driver'?)"),
        ("volumes:\n  data:\n    external: {nmae: x}\n", "in 'volumes.data.external' (did you mean 'name'?)"),
        ("include:\n  - {path: a.yaml, projectdir: .}\n", "in 'include[0]'"),
    ],
)
def test_an_unknown_key_is_reported_with_the_nearest_known_one(text: str, expected: str) -> None:
    found = unknown(text)
    assert len(found) == 1, found
    assert expected in found[0][2]
    assert found[0][2].endswith("Docker Compose refuses the file")


def test_the_finding_is_at_the_key_and_the_rest_is_read() -> None:
    text = "services:\n  web:\n    image: nginx:1.27\n    privilegd: true\n    privileged: true\n"
    parsed = parse_compose(text, "compose.yaml", {})
    assert [(p.span.line, p.span.column, p.span.end_column) for p in parsed.problems] == [(4, 5, 14)]
    assert parsed.model.containers[0].privileged is not None


@pytest.mark.parametrize(
    "text",
    [
        "x-anything: {whatever: 1}\nservices:\n  web:\n    image: nginx\n    x-owner: me\n",
        "services:\n  web:\n    build: {context: ., x-cache: on}\n",
        "services:\n  web:\n    volumes:\n      - {type: bind, source: ., target: /a, x-note: 1}\n",
        "services:\n  web:\n    environment: {ANY_NAME: 1, other.name: 2}\n    labels: {com.example.x: y}\n",
        "services:\n  web:\n    logging: {driver: json-file, options: {max-size: 10m}}\n",
        "services:\n  web:\n    sysctls: {net.core.somaxconn: 1024}\n    ulimits: {nofile: {soft: 1, hard: 2}}\n",
        "services:\n  web:\n    networks:\n      front: {aliases: [a]}\n      back:\n",
        "networks:\n  front: {driver: bridge, driver_opts: {any.option: 1}}\n",
        "include:\n  - other.yaml\n",  # a file without services is valid: an include, an override
        "networks:\n  front: {}\nvolumes:\n  data: {}\n",
        "version: '3.8'\nname: app\nservices: {}\n",
        "x-base: &b {restart: always}\nservices:\n  web:\n    <<: *b\n",
    ],
)
def test_keys_the_specification_allows_are_not_reported(text: str) -> None:
    assert unknown(text) == []


def test_a_key_merged_from_an_anchor_is_reported_once_at_the_anchor() -> None:
    text = "x-base: &base\n  resart: always\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n"
    assert [(line, column) for line, column, _ in unknown(text)] == [(2, 3)]


def test_the_version_1_layout_is_reported_once_and_its_services_read() -> None:
    text = "web:\n  image: nginx\n  net: host\n  privilegd: true\ndb:\n  image: postgres\n"
    parsed = parse_compose(text, "compose.yaml", {})
    assert [(p.span.line, p.message) for p in parsed.problems] == [
        (
            1,
            "no 'services' key: 'web' is a service at the top level (the version 1 layout, which Docker "
            "Compose no longer reads); move the services under 'services:'",
        )
    ]
    assert [container.subject for container in parsed.model.containers] == ["service 'web'", "service 'db'"]


def test_a_file_without_services_and_a_misspelt_key_is_no_version_1_file() -> None:
    parsed = parse_compose("volume:\n  data: {}\nnetworks:\n  front: {}\n", "compose.override.yaml", {})
    assert [p.message for p in parsed.problems] == [
        "unknown key 'volume' at the top level (did you mean 'volumes'?): Docker Compose refuses the file"
    ]
    assert parsed.model.containers == [] and not parsed.model.legacy_layout


@pytest.mark.parametrize("misspelt", ["sevices", "service", "Services"])
def test_services_under_a_misspelt_key_are_reported_and_still_read(misspelt: str) -> None:
    text = f"version: '3'\n{misspelt}:\n  web:\n    image: nginx\n    privileged: true\n"
    parsed = parse_compose(text, "compose.yaml", {})
    assert [p.message for p in parsed.problems] == [
        f"unknown key {misspelt!r} at the top level (did you mean 'services'?): Docker Compose refuses the file"
    ]
    assert [container.subject for container in parsed.model.containers] == ["service 'web'"]


def test_a_service_name_compose_refuses_is_reported() -> None:
    assert unknown("services:\n  'my app':\n    image: nginx\n") == [
        (2, 3, "'my app' is not a name Compose takes in 'services' (letters, digits, '.', '_' and '-')")
    ]


def test_aliases_do_not_multiply_the_work() -> None:
    services = "".join(f"  s{i}: &s{i} {{<<: [{', '.join([f'*s{i - 1}'] * 10)}]}}\n" for i in range(1, 12))
    text = "services:\n  s0: &s0 {image: nginx, bad: 1}\n" + services  # 10^11 merges if expanded
    assert [(line, column) for line, column, _message in unknown(text)] == [(2, 26)]
