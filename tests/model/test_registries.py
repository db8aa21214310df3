from __future__ import annotations

import pytest

from hullcheck.engine.options import resolve
from hullcheck.engine.walker import walk
from hullcheck.model.image import ImageReference
from hullcheck.model.registries import RegistryPattern, registry_host, repository_path, trusted_by
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.rules.untrusted_registry import UntrustedRegistry

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "host", "path"),
    [
        ("python:3.12", "docker.io", "library/python"),
        ("library/python:3.12", "docker.io", "library/python"),
        ("bitnami/redis:7", "docker.io", "bitnami/redis"),
        ("docker.io/bitnami/redis:7", "docker.io", "bitnami/redis"),
        ("index.docker.io/library/python", "docker.io", "library/python"),
        ("registry-1.docker.io/python", "docker.io", "library/python"),
        ("ghcr.io/org/app:1", "ghcr.io", "org/app"),
        ("GHCR.io/org/app:1", "ghcr.io", "org/app"),
        ("localhost:5000/app", "localhost:5000", "app"),
        ("registry.example.com:5000/team/app", "registry.example.com:5000", "team/app"),
        (f"quay.io/org/app@{DIGEST}", "quay.io", "org/app"),
    ],
)
def test_registry_and_path(text: str, host: str, path: str) -> None:
    reference = ImageReference.parse(text)
    assert (registry_host(reference), repository_path(reference)) == (host, path)


@pytest.mark.parametrize(
    ("entry", "host", "path"),
    [
        ("docker.io", "docker.io", ()),
        ("index.docker.io", "docker.io", ()),
        ("https://ghcr.io/", "ghcr.io", ()),
        ("ghcr.io/my-org", "ghcr.io", ("my-org",)),
        ("Registry.Example.com:5000", "registry.example.com:5000", ()),
        ("bitnami", "docker.io", ("bitnami",)),
        ("docker.io/library", "docker.io", ("library",)),
        ("localhost", "localhost", ()),
        ("*.dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.eu-west-1.amazonaws.com", ()),
    ],
)
def test_entries(entry: str, host: str, path: tuple[str, ...]) -> None:
    pattern = RegistryPattern.parse(entry)
    assert pattern is not None and (pattern.host, pattern.path) == (host, path)


def test_empty_entries_are_ignored() -> None:
    assert RegistryPattern.parse("  ") is None
    assert RegistryPattern.parse("/") is None


@pytest.mark.parametrize(
    ("image", "entries", "trusted"),
    [
        ("python:3.12", ("docker.io",), True),
        ("python:3.12", ("docker.io/library",), True),
        ("python:3.12", ("library",), True),
        ("bitnami/redis:7", ("docker.io/library",), False),
        ("bitnami/redis:7", ("bitnami",), True),
        ("bitnami/redis:7", ("docker.io/bitnami",), True),
        ("bitnamilegacy/redis:7", ("bitnami",), False),
        ("ghcr.io/my-org/app:1", ("ghcr.io/my-org",), True),
        ("ghcr.io/my-org/team/app:1", ("ghcr.io/my-org",), True),
        ("ghcr.io/my-org-evil/app:1", ("ghcr.io/my-org",), False),
        ("ghcr.io/my-org/app:1", ("docker.io",), False),
        ("registry.example.com:5000/app:1", ("registry.example.com",), False),
        ("registry.example.com:5000/app:1", ("registry.example.com:5000",), True),
        ("registry.example.com/app:1", ("registry.example.com:5000",), False),
        ("localhost:5000/app", ("localhost",), False),
        ("localhost/app", ("localhost",), True),
        ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", ("*.dkr.ecr.eu-west-1.amazonaws.com",), True),
        ("dkr.ecr.eu-west-1.amazonaws.com.evil.io/app:1", ("*.dkr.ecr.eu-west-1.amazonaws.com",), False),
        ("quay.io/org/app:1", ("ghcr.io", "QUAY.IO"), True),
        ("python:3.12", (), False),
    ],
)
def test_trusted_by(image: str, entries: tuple[str, ...], trusted: bool) -> None:
    assert (trusted_by(ImageReference.parse(image), entries) is not None) is trusted


DOCKERFILE = """\
FROM golang:1.23 AS build
FROM ghcr.io/my-org/base:1 AS base
FROM quay.io/evil/tools:1 AS tools
FROM scratch
COPY --from=build /out /app
COPY --from=BASE /etc/passwd /etc/passwd
COPY --from=0 /a /a
COPY --from=later /b /b
COPY --from=quay.io/evil/tools:1 /bin/tool /bin/tool
COPY --from=ghcr.io/my-org/helpers:2 /bin/helper /bin/helper
COPY --from=$HELPER /bin/x /bin/x
RUN --mount=type=bind,from=registry.example.com:5000/cache:1,target=/cache true
RUN --mount=type=cache,target=/root/.cache true
FROM alpine:3.20 AS later
"""

COMPOSE = """\
services:
  web:
    image: quay.io/evil/web:1
  trusted:
    image: ghcr.io/my-org/api:1
  built:
    image: quay.io/evil/built:1
    build: .
  unknown:
    image: ${IMAGE}
"""


def _findings(settings: dict[str, object]) -> list[tuple[int, str]]:
    resolved = {UntrustedRegistry.code: resolve(UntrustedRegistry.code, UntrustedRegistry.options, settings)}
    dockerfile = parse_dockerfile(DOCKERFILE, "Dockerfile").model
    compose = parse_compose(COMPOSE, "compose.yaml", {}).model
    findings = walk(dockerfile, [UntrustedRegistry], "Dockerfile", resolved)
    findings += walk(compose, [UntrustedRegistry], "compose.yaml", resolved)
    return [(finding.span.line, finding.message) for finding in findings]


def test_untrusted_registry_reports_nothing_until_configured() -> None:
    assert _findings({}) == []


def test_untrusted_registry_with_trusted_registries() -> None:
    assert _findings({"trusted-registries": ["ghcr.io/my-org"]}) == [
        (1, "stage 'build' uses image 'golang:1.23' from docker.io, which is not in trusted-registries"),
        (3, "stage 'tools' uses image 'quay.io/evil/tools:1' from quay.io, which is not in trusted-registries"),
        (9, "COPY --from uses image 'quay.io/evil/tools:1' from quay.io, which is not in trusted-registries"),
        (
            12,
            "RUN --mount uses image 'registry.example.com:5000/cache:1' from registry.example.com:5000,"
            " which is not in trusted-registries",
        ),
        (14, "stage 'later' uses image 'alpine:3.20' from docker.io, which is not in trusted-registries"),
        (3, "service 'web' uses image 'quay.io/evil/web:1' from quay.io, which is not in trusted-registries"),
    ]


def test_untrusted_registry_trusting_everything_used() -> None:
    entries = ["docker.io", "ghcr.io", "quay.io", "registry.example.com:5000"]
    assert _findings({"trusted-registries": entries}) == []
