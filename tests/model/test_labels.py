"""Label keys, schemas and the value types of hadolint's label schema."""

from __future__ import annotations

import pytest

from hullcheck.model.labels import (
    is_email,
    is_git_hash,
    is_rfc3339,
    is_semver,
    is_spdx_license,
    is_url,
    label_key_problem,
    label_schema,
)


@pytest.mark.parametrize(
    "key", ["maintainer", "org.opencontainers.image.source", "com.example.vendor", "a1", "io.dockerx.b", "a-b.c2"]
)
def test_valid_keys(key: str) -> None:
    assert label_key_problem(key) is None


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "start"),
        ("Maintainer", "start"),
        ("1abc", "start"),
        ("MAINTAINER", "start"),
        ("image_name", "characters"),
        ("com.example.Version", "characters"),
        ("version.", "end"),
        ("version-", "end"),
        ("com..example", "consecutive"),
        ("com--example", "consecutive"),
        ("com.docker.compose.project", "reserves"),
        ("io.docker.x", "reserves"),
        ("org.dockerproject.x", "reserves"),
    ],
)
def test_invalid_keys(key: str, problem: str) -> None:
    found = label_key_problem(key)
    assert found is not None and problem in found


def test_schema_entries() -> None:
    assert label_schema(["maintainer:email", "org.opencontainers.image.url:URL", "title", "x:unknown", "a:b:hash"]) == {
        "maintainer": "email",
        "org.opencontainers.image.url": "url",
        "title": "text",
        "x": "text",
        "a:b": "hash",
    }


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://github.com/org/repo", True),
        ("http://example.com:8080/a/b?c=d#e", True),
        ("https://[::1]/x", True),
        ("mailto:maintainers@example.com", True),
        ("git+ssh://git@github.com/org/repo.git", True),
        ("urn:isbn:0451450523", True),
        ("https://example.com/a%20b", True),
        ("github.com/org/repo", False),  # no scheme
        ("https://example.com/a b", False),
        ("https://example.com/%zz", False),
        ("", False),
        ("1http://x", False),
    ],
)
def test_urls(value: str, valid: bool) -> None:
    assert is_url(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-05-01T12:00:00Z", True),
        ("2024-05-01T12:00:00.123456+02:00", True),
        ("1990-12-31T23:59:60Z", True),
        ("2024-02-29T00:00:00-08:00", True),
        ("2024-05-01t12:00:00z", True),
        ("2023-02-29T00:00:00Z", False),
        ("2024-05-01", False),
        ("2024-05-01 12:00:00Z", False),
        ("2024-05-01T12:00:00", False),  # no offset
        ("2024-13-01T12:00:00Z", False),
        ("2024-05-01T24:00:00Z", False),
        ("2024-05-01T12:00:00+0200", False),
        ("yesterday", False),
    ],
)
def test_rfc3339(value: str, valid: bool) -> None:
    assert is_rfc3339(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("MIT", True),
        ("Apache-2.0", True),
        ("GPL-2.0-or-later", True),
        ("GPL-2.0", True),
        ("mit", False),
        ("Apache 2.0", False),
        ("MIT OR Apache-2.0", False),
        ("", False),
        ("Proprietary", False),
    ],
)
def test_spdx(value: str, valid: bool) -> None:
    assert is_spdx_license(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("0b817ec", True),
        ("0b817ec30d94d9fdf7baa56fd71935f30248ad3f", True),
        ("0B817EC", False),
        ("0b817ec3", False),
        ("main", False),
        ("", False),
        ("g0b817e", False),
    ],
)
def test_git_hash(value: str, valid: bool) -> None:
    assert is_git_hash(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1.2.3", True),
        ("0.0.0", True),
        ("1.0.0-rc.1+build.5", True),
        ("10.20.30-alpha-1", True),
        ("v1.2.3", False),
        ("1.2", False),
        ("01.2.3", False),
        ("1.2.3-01", False),
        ("1.2.3+", False),
        ("", False),
    ],
)
def test_semver(value: str, valid: bool) -> None:
    assert is_semver(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("maintainers@example.com", True),
        ("first.last+tag@sub.example.org", True),
        ('"odd name"@example.com', True),
        ("a@[192.0.2.1]", True),
        ("Jess <jess@example.com>", False),
        ("no-at-sign", False),
        ("a@@b", False),
        ("a.@example.com", False),
        ("@example.com", False),
        ("a@", False),
    ],
)
def test_email(value: str, valid: bool) -> None:
    assert is_email(value) is valid
