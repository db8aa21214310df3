"""The unsafe hardening fixes for a ``docker run`` or ``podman run`` command line: the option goes
right after the ``run`` word where the command line is shell text and that word is written as it
reads; each bad file is fixed to the text shown (None: no fix, the file is left as it is)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main

FIXED = [
    # (rules, file name, text, fixed text: None for no fix)
    (
        "HC206,HC207,HC208",
        "run.sh",
        "#!/bin/sh\ndocker run --rm -p 127.0.0.1:80:80 nginx:1.27\n",
        "#!/bin/sh\ndocker run --read-only --cap-drop ALL --security-opt no-new-privileges --rm -p 127.0.0.1:80:80"
        " nginx:1.27\n",
    ),
    # podman, container create, a line continued, CRLF
    (
        "HC208",
        "run.sh",
        "#!/bin/sh\r\npodman container create \\\r\n  alpine:3.20\r\n",
        "#!/bin/sh\r\npodman container create --read-only \\\r\n  alpine:3.20\r\n",
    ),
    # a cap_drop without ALL gets another --cap-drop
    (
        "HC207",
        "run.sh",
        "#!/bin/sh\ndocker run --cap-drop NET_RAW --read-only a:1\n",
        "#!/bin/sh\ndocker run --cap-drop ALL --cap-drop NET_RAW --read-only a:1\n",
    ),
    # in a Dockerfile's RUN, and in a sh -c string
    (
        "HC208",
        "Dockerfile",
        "FROM docker:27\nRUN docker run alpine:3.20 true && sh -c 'docker run alpine:3.20'\nUSER app\n",
        "FROM docker:27\nRUN docker run --read-only alpine:3.20 true && sh -c 'docker run --read-only alpine:3.20'\n"
        "USER app\n",
    ),
    # a subprocess shell string is shell text; an argv list is not
    (
        "HC208",
        "app.py",
        'import subprocess\nsubprocess.run("docker run alpine:3.20", shell=True)\n',
        'import subprocess\nsubprocess.run("docker run --read-only alpine:3.20", shell=True)\n',
    ),
    ("HC208", "app.py", 'import subprocess\nsubprocess.run(["docker", "run", "alpine:3.20"])\n', None),
    # the run word quoted, or from a variable: not written as it reads
    ("HC208", "run.sh", '#!/bin/sh\ndocker "run" alpine:3.20\n', None),
    ("HC208", "run.sh", "#!/bin/sh\nc=run\ndocker $c alpine:3.20\n", None),
    ("HC208", "run.sh", "#!/bin/sh\ndocker r\\\nun alpine:3.20\n", None),
]


@pytest.mark.parametrize(("codes", "name", "text", "fixed"), FIXED)
def test_command_line_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codes: str, name: str, text: str, fixed: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(text.encode())
    assert main(["--no-cache", "-q", "--select", codes, name]) == 1  # the findings are there
    assert main(["--no-cache", "--fix-only", "--unsafe-fixes", "--select", codes, name]) == 0
    assert Path(name).read_bytes().decode() == (text if fixed is None else fixed)
    if fixed is not None:
        assert main(["--no-cache", "--select", codes, "-qq", name]) == 0  # the findings are gone
