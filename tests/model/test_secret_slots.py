"""A credential-named ARG or ENV that is there to receive the secret (BuildKit's
SecretsUsedInArgOrEnv, hadolint's DL3064), as secret-in-build-config reads it."""

from __future__ import annotations

import pytest

from hullcheck.model.secrets import is_secret_slot


@pytest.mark.parametrize("written", [None, "", '""', "$TOKEN", "${TOKEN:-}", "******", "xxxx", "<token>"])
def test_a_slot_for_the_secret(written: str | None) -> None:
    assert is_secret_slot(written)


@pytest.mark.parametrize("written", ["/run/secrets/token", "s3cr3t-value", "true", "0", "ghp_0123456789abcdef"])
def test_not_a_slot(written: str) -> None:
    assert not is_secret_slot(written)
