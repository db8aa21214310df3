from __future__ import annotations

import pytest

from hullcheck.model.image import ImageReference, InvalidReference

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "registry", "port", "repository", "tag", "digest"),
    [
        ("nginx", None, None, "nginx", None, None),
        ("nginx:1.27-alpine", None, None, "nginx", "1.27-alpine", None),
        ("library/nginx:latest", None, None, "library/nginx", "latest", None),
        ("localhost:5000/app", "localhost", 5000, "app", None, None),
        ("localhost/app:1", "localhost", None, "app", "1", None),
        ("registry.example.com:5000/team/app:1.2", "registry.example.com", 5000, "team/app", "1.2", None),
        (f"ghcr.io/org/app@{DIGEST}", "ghcr.io", None, "org/app", None, DIGEST),
        (f"ubuntu:24.04@{DIGEST}", None, None, "ubuntu", "24.04", DIGEST),
        ("[::1]:5000/app:dev", "[::1]", 5000, "app", "dev", None),
        ("my_org/my__app-x:v1_2", None, None, "my_org/my__app-x", "v1_2", None),
    ],
)
def test_parse(
    text: str, registry: str | None, port: int | None, repository: str, tag: str | None, digest: str | None
) -> None:
    reference = ImageReference.parse(text)
    assert (reference.registry, reference.port, reference.repository, reference.tag, reference.digest) == (
        registry,
        port,
        repository,
        tag,
        digest,
    )


@pytest.mark.parametrize(
    ("text", "floating"),
    [
        ("nginx", True),
        ("nginx:latest", True),
        ("nginx:1", False),
        (f"nginx@{DIGEST}", False),
        ("localhost:5000/a", True),
    ],
)
def test_floating_tag(text: str, floating: bool) -> None:
    assert ImageReference.parse(text).has_floating_tag is floating


@pytest.mark.parametrize(
    "text",
    [
        "Ubuntu",
        "nginx:",
        "a:b:c",
        "nginx@sha256:xyz",
        "",
        "/app",
        "app/",
        "-app",
        "host:port/app",
        "h:\u0661/a",
        "h:123456/a",  # more digits than a port has (and than int() reads, at 4,300)
    ],
)
def test_invalid(text: str) -> None:
    with pytest.raises(InvalidReference):
        ImageReference.parse(text)
