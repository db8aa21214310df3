"""Values as Docker and its tools read them, each defined once: booleans (Go's and Compose's),
loopback addresses, home directories, and the engine client's environment variables."""

from __future__ import annotations

import re

from hullcheck.model.span import Unresolved
from hullcheck.patterns import LazyPattern

# --- booleans --------------------------------------------------------------------------------

# Go's strconv.ParseBool, which the docker CLI, dockerd and the engine use for flag and option
# values: exactly these spellings ("tRuE" and "yes" are errors)
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
# Compose's booleans: YAML 1.1's, any case, as compose-go converts a string where a bool is due
_COMPOSE_TRUE = frozenset({"true", "yes", "y", "on"})
_COMPOSE_FALSE = frozenset({"false", "no", "n", "off"})


def go_bool(text: str) -> bool | None:
    """``text`` as Go's strconv.ParseBool reads it; None when Go rejects it."""
    if text in _GO_TRUE:
        return True
    if text in _GO_FALSE:
        return False
    return None


def compose_bool(text: str) -> bool | None:
    """``text`` as Compose reads a boolean setting; None when it is not one."""
    lowered = text.lower()
    if lowered in _COMPOSE_TRUE:
        return True
    if lowered in _COMPOSE_FALSE:
        return False
    return None


# --- addresses -------------------------------------------------------------------------------

_LOOPBACK = LazyPattern(r"127(?:\.\d{1,3}){3}|::1|\[::1\]|0:0:0:0:0:0:0:1|localhost|.+\.localhost", re.I)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ``::1`` and ``localhost`` (``*.localhost`` too, RFC 6761): only
    this machine can connect to a port bound there, and a client connecting there reaches it."""
    return bool(_LOOPBACK.fullmatch(host.strip()))


# --- home directories ------------------------------------------------------------------------

# A user's home, as a path is written: the variables that name it, /root, /home/<user>,
# /Users/<user> (macOS) and C:/Users/<user> (Windows, after backslashes become slashes).
_HOME_VARIABLE = r"~|\$HOME|\$\{HOME\}|\$USERPROFILE|\$\{USERPROFILE\}"
HOME_DIRECTORY = rf"(?:{_HOME_VARIABLE}|/root|/home/[^/]+|/Users/[^/]+|[A-Za-z]:/Users/[^/]+)"
# The folder every user's home is in.
HOMES_FOLDER = r"(?:/home|/Users|[A-Za-z]:/Users)"


# --- the engine client's environment ---------------------------------------------------------

DOCKER_HOST = "DOCKER_HOST"
DOCKER_TLS_VERIFY = "DOCKER_TLS_VERIFY"
DOCKER_TLS_CERTDIR = "DOCKER_TLS_CERTDIR"  # the docker:dind image's: empty means no TLS


def tls_verify_on(value: str | Unresolved | None) -> bool | Unresolved:
    """Whether ``DOCKER_TLS_VERIFY`` set to ``value`` (None: unset) turns TLS verification on,
    as the docker CLI, dockerd and the Go and Python SDKs read it: any non-empty value does,
    ``0`` and ``false`` included; an empty one does not."""
    if value is None:
        return False
    if isinstance(value, Unresolved):
        return value
    return value != ""
