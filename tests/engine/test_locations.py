"""Logical locations: findings named by service, stage, field and key, whatever the lines."""

from __future__ import annotations

from hullcheck.engine.lint import LintOptions, lint_bytes
from tests.samples import security_rules

ALL = LintOptions(rules=security_rules())


def locations(text: str, name: str) -> set[tuple[str, str]]:
    return {(f.rule.name, f.logical_location) for f in lint_bytes(text.encode(), name, ALL).findings}


COMPOSE = """\
x-base: &base
  privileged: true
services:
  web:
    <<: *base
    image: nginx
    cap_add: [SYS_ADMIN, NET_ADMIN]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
    environment:
      DB_PASSWORD: hunter2hunter2
    ports: ["80:80"]
    user: root
  db:
    <<: *base
    image: postgres:16
"""


def test_compose_findings_are_named_by_service_field_key_and_item() -> None:
    found = locations(COMPOSE, "compose.yaml")
    assert {
        ("privileged-container", "service:web/privileged"),
        ("privileged-container", "service:db/privileged"),  # the same anchor, told apart by service
        ("unpinned-image", "service:web/image"),
        ("dangerous-capability", "service:web/cap_add[SYS_ADMIN]"),
        ("dangerous-capability", "service:web/cap_add[NET_ADMIN]"),
        ("docker-socket-mount", "service:web/mounts[/var/run/docker.sock]"),
        ("hardcoded-credential", "service:web/environment.DB_PASSWORD"),
        ("port-on-all-interfaces", "service:web/ports"),
        ("root-user", "service:web/user"),
        ("missing-no-new-privileges", "service:web"),  # about the service as a whole
    } <= found


def test_compose_locations_do_not_depend_on_lines_or_order() -> None:
    moved = COMPOSE.replace("services:\n", "# a new comment\n\nservices:\n").replace(
        '    ports: ["80:80"]\n    user: root\n', '    user: root\n    ports: ["80:80"]\n'
    )
    assert moved != COMPOSE
    assert locations(moved, "compose.yaml") == locations(COMPOSE, "compose.yaml")


DOCKERFILE = """\
FROM ubuntu AS build
RUN curl https://example.com/x.sh | sh
USER root
FROM build
RUN sudo apt-get update
"""


def test_dockerfile_findings_are_named_by_stage_and_instruction() -> None:
    assert {
        ("unpinned-image", "stage:build/FROM"),
        ("pipe-to-shell", "stage:build/RUN"),
        ("root-user", "stage:build/USER"),  # reported when the walk leaves the file: found by its span
        ("sudo-usage", "stage:1/RUN"),  # no name: its index, as COPY --from=1 counts
    } <= locations(DOCKERFILE, "Dockerfile")


def test_renaming_a_stage_changes_the_location() -> None:
    renamed = DOCKERFILE.replace("AS build", "AS builder").replace("FROM build", "FROM builder")
    assert ("pipe-to-shell", "stage:builder/RUN") in locations(renamed, "Dockerfile")
