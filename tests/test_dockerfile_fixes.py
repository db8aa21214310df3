"""The unsafe fixes that change how a Dockerfile's image runs or builds: a USER for the container
(missing-user, root-user) and a SHELL with pipefail (pipe-without-pipefail). Each bad file is
fixed to the text shown (None: no fix, the file is left as it is), and the finding is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main

FIXED = [
    # (rule, text, fixed text: None for no fix)
    # USER after the last RUN, above the command it runs and the comment that describes it
    (
        "HC302",
        'FROM node:22-alpine\nRUN npm ci\nCOPY . /app\n# serve\nCMD ["node", "/app/server.js"]\n',
        'FROM node:22-alpine\nRUN npm ci\nCOPY . /app\nUSER 65534:65534\n# serve\nCMD ["node", "/app/server.js"]\n',
    ),
    # in the keyword's case, the line endings kept; above the HEALTHCHECK, which runs in the container
    (
        "HC302",
        'from debian:12\r\nrun make\r\nhealthcheck CMD true\r\ncmd ["x"]\r\n',
        'from debian:12\r\nrun make\r\nuser 65534:65534\r\nhealthcheck CMD true\r\ncmd ["x"]\r\n',
    ),
    # a RUN after the CMD: the USER goes after it, above the next instruction
    (
        "HC302",
        'FROM scratch\nCMD ["/app"]\nRUN ["/app", "--init"]\nEXPOSE 80\n',
        'FROM scratch\nCMD ["/app"]\nRUN ["/app", "--init"]\nUSER 65534:65534\nEXPOSE 80\n',
    ),
    # the command inherited from the stage it is built from
    (
        "HC302",
        'FROM debian:12 AS base\nCMD ["x"]\nFROM base\nRUN a \\\n  b\nWORKDIR /w\n',
        'FROM debian:12 AS base\nCMD ["x"]\nFROM base\nRUN a \\\n  b\nUSER 65534:65534\nWORKDIR /w\n',
    ),
    ("HC302", 'FROM debian:12 AS base\nCMD ["x"]\nFROM base\nRUN a\n', None),  # it ends with a RUN
    ("HC302", 'FROM debian:12\nONBUILD RUN make\nCMD ["x"]\n', None),  # the trigger would run as nobody
    ("HC302", 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["x"]\n', None),
    (
        "HC302",
        "# escape=`\nFROM debian:12\nRUN a `\n  b\nCMD x\n",
        "# escape=`\nFROM debian:12\nRUN a `\n  b\nUSER 65534:65534\nCMD x\n",
    ),
    # root for the build steps after USER app: app again after them
    (
        "HC301",
        'FROM python:3.12\nUSER app\nRUN pip install --user x\nUSER root\nRUN apt-get install -y y\nCMD ["app"]\n',
        "FROM python:3.12\nUSER app\nRUN pip install --user x\nUSER root\nRUN apt-get install -y y\nUSER app\n"
        'CMD ["app"]\n',
    ),
    (
        "HC301",
        'FROM python:3.12 AS base\nUSER app\nFROM base\nUSER root\nRUN x\nCMD ["app"]\n',
        'FROM python:3.12 AS base\nUSER app\nFROM base\nUSER root\nRUN x\nUSER app\nCMD ["app"]\n',
    ),
    ("HC301", 'FROM python:3.12\nUSER app\nUSER root\nCMD ["app"]\n', None),  # root chosen for the container
    ("HC301", 'FROM python:3.12\nUSER root\nRUN x\nCMD ["app"]\n', None),  # no other user known
    ("HC301", 'FROM python:3.12\nUSER $APP\nUSER root\nRUN x\nCMD ["app"]\n', None),
    # SHELL with pipefail above the first RUN that pipes: the later ones run with it too
    (
        "HC667",
        'FROM debian:12\nRUN echo a\nrun curl -fsSL https://x | tar -xz\nRUN wget -O- https://y | tar -x\nCMD ["x"]\n',
        'FROM debian:12\nRUN echo a\nshell ["/bin/bash", "-o", "pipefail", "-c"]\n'
        'run curl -fsSL https://x | tar -xz\nRUN wget -O- https://y | tar -x\nCMD ["x"]\n',
    ),
    (
        "HC667",
        "FROM python:3.12-alpine\r\nRUN <<EOF\r\ncurl -fsSL https://x | tar -xz\r\nEOF\r\n",
        'FROM python:3.12-alpine\r\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\r\nRUN <<EOF\r\n'
        "curl -fsSL https://x | tar -xz\r\nEOF\r\n",
    ),
    ("HC667", "FROM example.com/base:1\nRUN curl -fsSL https://x | tar -xz\n", None),  # a shell not known
    ("HC667", "FROM debian:12\nRUN curl -fsSL https://x | tar -xz\nCMD serve\n", None),  # CMD runs in SHELL
    ("HC667", "FROM debian:12\nRUN curl -fsSL https://x | tar -xz\nRUN yes | apt-get install x\n", None),
    ("HC667", "FROM debian:12\nRUN sh -c 'curl -fsSL https://x | tar -xz'\n", None),  # a new shell
    ("HC667", "FROM debian:12 AS a\nRUN curl -fsSL https://x | tar -xz\nFROM a\nRUN b\n", None),  # inherited
    ("HC667", 'FROM debian:12\nSHELL ["/bin/sh", "-c"]\nRUN curl -fsSL https://x | tar -xz\n', None),
]


@pytest.mark.parametrize(("code", "text", "fixed"), FIXED)
def test_dockerfile_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, text: str, fixed: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("Dockerfile").write_bytes(text.encode())
    assert main(["--no-cache", "-q", "--select", code, "Dockerfile"]) == 1  # the finding is there
    assert main(["--no-cache", "--fix-only", "--unsafe-fixes", "--select", code, "Dockerfile"]) == 0
    assert Path("Dockerfile").read_bytes().decode() == (text if fixed is None else fixed)
    if fixed is not None:
        assert main(["--no-cache", "--select", code, "-qq", "Dockerfile"]) == 0  # the finding is gone
