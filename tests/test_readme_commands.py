"""The README's hullcheck commands run as written: every ``hullcheck …`` line of its ``sh`` and
``text`` code blocks and every inline ``hullcheck …`` command, in a folder holding a small
project (and the fixtures, for ``hullcheck fixtures/``). None may be a usage error or a crash."""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hullcheck.cli import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
PROJECT = {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    "Dockerfile": "FROM ubuntu:24.04\nUSER app\n",
    "ci/hullcheck.toml": 'ignore = ["HC210"]\n',
    "ci/pipeline.yml": "build:\n  image: docker:27.3-cli\n  script:\n    - docker build .\n",  # a CI file's other name
    "config/compose.yaml": "services:\n  db:\n    image: postgres:16\n",  # a folder named like a command
    ".hadolint.yaml": "ignored: [DL3008]\ntrustedRegistries: [docker.io]\n",  # for config --from-hadolint
}
# placeholders in the usage block: what a reader puts there
PLACEHOLDERS = {"[PATH ...]": "", "[PATH]": "", "[OPTIONS]": "", "<code>": "HC101", "RULE": "HC403", "COMMAND": "rules"}
LANGUAGE_SERVER = "hullcheck lsp"  # run in a process of its own, with no client: it ends at once


def readme_commands() -> list[str]:
    """The hullcheck commands of the README, placeholders filled in, comments left out."""
    blocks = re.findall(r"^```(?:sh|text)\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    lines += re.findall(r"`(hullcheck [^`]*)`", README)
    commands = []
    for line in lines:
        command = re.sub(r"\s{2,}.*$|\s+#.*$", "", line.rpartition(".venv/bin/")[2] or line)
        for placeholder, value in PLACEHOLDERS.items():
            command = command.replace(placeholder, value)
        command = " ".join(command.split())
        if command.startswith("hullcheck") and command not in commands:
            commands.append(command)
    return commands


def test_the_readme_shows_the_commands_a_user_types_first() -> None:
    commands = readme_commands()
    for expected in (
        "hullcheck fixtures/",
        "hullcheck rules",
        "hullcheck explain HC101",
        "hullcheck config",
        "hullcheck lsp",
    ):
        assert expected in commands


@pytest.mark.parametrize("command", readme_commands())
def test_each_readme_command_runs(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "fixtures").symlink_to(REPO / "fixtures")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(tmp_path / "cache"))  # 'cache clean' empties this one only
    words = shlex.split(command)
    if command.startswith(LANGUAGE_SERVER):
        pytest.importorskip("pygls")
        ended = subprocess.run(
            [sys.executable, "-m", "hullcheck", *words[1:]],
            check=False,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=120,
        )
        assert ended.returncode == 0, ended.stderr.decode()
        return
    if "<" in words:  # input redirection: the file becomes standard input
        words, (_, stdin_file) = words[: words.index("<")], words[words.index("<") :]
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((tmp_path / stdin_file).read_bytes())))
    if "--baseline" in words:
        assert main(["--no-cache", "--write-baseline", words[words.index("--baseline") + 1]]) == 0
    lints = words[1:2] not in (["rules"], ["explain"], ["cache"], ["config"]) and "--help" not in words
    try:
        code = main([*words[1:], "--no-cache"] if lints else words[1:])
    except SystemExit as exit_info:  # --help
        code = exit_info.code
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "error:" not in captured.err and "Traceback" not in captured.err
