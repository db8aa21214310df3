"""Each value as Docker and its tools read it, defined once (hullcheck.model.values)."""

from __future__ import annotations

import re

import pytest

from hullcheck.model.span import Unresolved
from hullcheck.model.values import HOME_DIRECTORY, compose_bool, go_bool, is_loopback, tls_verify_on


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *((text, True) for text in ("1", "t", "T", "TRUE", "true", "True")),
        *((text, False) for text in ("0", "f", "F", "FALSE", "false", "False")),
        # spellings strconv.ParseBool rejects
        *((text, None) for text in ("tRuE", "yes", "on", "", " true", "2")),
    ],
)
def test_go_bool_is_strconv_parse_bool(text: str, value: bool | None) -> None:
    assert go_bool(text) is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *((text, True) for text in ("true", "True", "YES", "y", "on")),
        *((text, False) for text in ("false", "no", "N", "Off")),
        *((text, None) for text in ("1", "0", "enabled", "")),
    ],
)
def test_compose_bool(text: str, value: bool | None) -> None:
    assert compose_bool(text) is value


@pytest.mark.parametrize(
    ("value", "on"),
    [("1", True), ("yes", True), ("0", True), ("false", True), ("off", True), (" ", True), ("", False), (None, False)],
)
def test_any_non_empty_docker_tls_verify_turns_tls_on_as_in_the_docker_cli(value: str | None, on: bool) -> None:
    assert tls_verify_on(value) is on


def test_an_unknown_docker_tls_verify_stays_unknown() -> None:
    unknown = Unresolved("${VERIFY}", "variable VERIFY is not set")
    assert tls_verify_on(unknown) is unknown


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("0:0:0:0:0:0:0:1", True),
        ("localhost", True),
        ("LocalHost", True),
        ("api.localhost", True),
        ("10.0.0.1", False),
        ("0.0.0.0", False),  # every interface, when a port is bound there
        ("localhost.example.com", False),
        ("128.0.0.1", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("path", "home"),
    [
        ("~", True),
        ("$HOME", True),
        ("${HOME}", True),
        ("$USERPROFILE", True),
        ("/root", True),
        ("/home/alice", True),
        ("/Users/alice", True),
        ("C:/Users/alice", True),
        ("/home", False),
        ("/home/alice/.ssh", False),
        ("${HOME", False),
        ("$HOMEDIR", False),
    ],
)
def test_home_directory(path: str, home: bool) -> None:
    assert bool(re.fullmatch(HOME_DIRECTORY, path)) is home
