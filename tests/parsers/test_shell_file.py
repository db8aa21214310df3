"""Shell scripts: the docker commands they run, and nothing they only print or comment on."""

from __future__ import annotations

import pytest

from hullcheck.model.container import Origin
from hullcheck.model.image import ImageReference
from hullcheck.parsers.precheck import shell_may_call_engine
from hullcheck.parsers.shell_file import parse_shell_file, shebang_program


def images(text: str) -> list[str]:
    found = sorted(parse_shell_file(text, "run.sh").calls.containers, key=lambda container: container.span)
    return [c.image.value.text for c in found if c.image is not None and isinstance(c.image.value, ImageReference)]


def test_commands_run_and_commands_not_run() -> None:
    script = """#!/bin/sh
# docker run commented:1
echo "docker run echoed:1"
docker run --rm \\
  --privileged \\
  continued:1
CID=$(docker run -d substituted:1)
if true; then sudo docker run wrapped:1; fi
sh -c 'docker run nested:1'
cat <<EOF > usage.txt
docker run heredoc:1
EOF
cat <<-'TABS'
\tdocker run heredoc:2
\tTABS
f() { docker run in-function:1; }
"""
    assert images(script) == ["continued:1", "substituted:1", "wrapped:1", "nested:1", "in-function:1"]


def test_spans_follow_lines_and_continuations() -> None:
    (found,) = parse_shell_file("set -e\ndocker run \\\n  --privileged x:1\n", "run.sh").calls.containers
    assert found.origin is Origin.SHELL
    assert found.privileged is not None
    assert (found.privileged.span.line, found.privileged.span.column) == (3, 3)
    assert (found.span.line, found.span.end_line) == (2, 3)


def test_docker_host_set_in_the_script() -> None:
    calls = parse_shell_file("export DOCKER_HOST=tcp://ci:2375\ndocker ps\n", "run.sh").calls
    (client,) = calls.clients
    assert (client.subject, client.host.value, client.tls) == ("DOCKER_HOST", "tcp://ci:2375", None)
    script = "DOCKER_HOST=tcp://ci:2376\nexport DOCKER_TLS_VERIFY=1\ndocker -H tcp://other:2375 ps\n"
    clients = parse_shell_file(script, "run.sh").calls.clients
    assert [(c.host.value, c.tls is not None and c.tls.value) for c in clients] == [
        ("tcp://other:2375", True),
        ("tcp://ci:2376", True),
    ]


@pytest.mark.parametrize(
    ("first_line", "program"),
    [
        ("#!/bin/sh", "sh"),
        ("#! /bin/bash -e", "bash"),
        ("#!/usr/bin/env bash", "bash"),
        ("#!/usr/bin/env -S bash -eu", "bash"),
        ("#!/usr/bin/env python3", "python3"),
        ("# not a shebang", None),
    ],
)
def test_shebangs(first_line: str, program: str | None) -> None:
    assert shebang_program(first_line + "\necho hi\n") == program


def test_the_byte_level_pre_check() -> None:
    assert shell_may_call_engine(b"podman run x\n")
    assert shell_may_call_engine(b"export DOCKER_HOST=tcp://h:2375\n")
    assert not shell_may_call_engine(b"#!/bin/sh\nmake test\n")
