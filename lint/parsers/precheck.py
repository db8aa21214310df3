"""Byte-level checks that a file of code cannot call a container engine, so it is never parsed.

Directory scans take in every ``*.py`` and ``*.sh`` file; almost none starts a container, and
parsing Python with libcst costs far more than reading it. A Python module can start one only
by importing an engine's library (docker, testcontainers, python-on-whales) or by running a
program whose name it spells out (``docker``, ``podman``) through subprocess, a call of
``system(…)`` or ``popen(…)``, or asyncio; a shell script only by naming the engine, or by
setting ``DOCKER_HOST``. The Python parser then checks the calls in the syntax tree before it
resolves names (see :mod:`hullcheck.parsers.python`).
"""

from __future__ import annotations

import re

_PYTHON_IMPORT = re.compile(rb"(?m)^[ \t]*(?:import|from)[ \t][^\n]*\b(?:docker|testcontainers|python_on_whales)\b")
_ENGINE_WORD = re.compile(rb"\b(?:docker|podman)\b")
_RUNS_PROGRAMS = re.compile(rb"\bsubprocess\b|\b(?:system|popen)\s*\(|\bcreate_subprocess_(?:exec|shell)\b")
_SHELL_ENGINE = re.compile(rb"docker|podman|DOCKER_HOST")


_LIBRARIES = (b"docker", b"testcontainers", b"python_on_whales")


def python_may_start_containers(data: bytes) -> bool:
    # substring tests first: they skip nearly every file at memory speed, before any regex runs
    if any(library in data for library in _LIBRARIES) and _PYTHON_IMPORT.search(data):
        return True
    engine_named = b"docker" in data or b"podman" in data
    return engine_named and bool(_ENGINE_WORD.search(data) and _RUNS_PROGRAMS.search(data))


def shell_may_call_engine(data: bytes) -> bool:
    return bool(_SHELL_ENGINE.search(data))
