"""ShellCheck in ``hullcheck lsp``: the other rules publish at once, ShellCheck's findings follow
in a second publish, computed off the event loop, dropped when the document changed meanwhile,
and kept for a re-publish of the same scripts."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from lsprotocol import types

from hullcheck.engine.shellcheck import PROGRAM_VARIABLE, find_shellcheck
from tests.bench.lsp_latency import published_queue
from tests.lsp.test_server import change_document, codes, language_server, open_document

SHELLCHECK = find_shellcheck()
pytestmark = pytest.mark.skipif(SHELLCHECK is None, reason="ShellCheck is not installed")

# the RUN's $1 is unquoted: ShellCheck's SC2086 at line 3, columns 10-12 (0-based 9-11)
DOCKERFILE = "FROM ubuntu:latest\nUSER app\nRUN echo $1\n"


async def next_publish(
    queue: asyncio.Queue[types.PublishDiagnosticsParams], timeout: float = 15.0
) -> types.PublishDiagnosticsParams:
    return await asyncio.wait_for(queue.get(), timeout)


async def quiet(queue: asyncio.Queue[types.PublishDiagnosticsParams], within: float) -> bool:
    """Whether nothing more is published ``within`` seconds."""
    await asyncio.sleep(within)
    return queue.empty()


def wrapped_shellcheck(folder: Path, sleep: float = 0.0) -> dict[str, str]:
    """An environment whose ShellCheck is the real one, started after ``sleep`` seconds, each
    run counted as a line in ``folder / 'runs'``."""
    program = folder / "shellcheck"
    program.write_text(f'#!/bin/sh\necho run >> "{folder / "runs"}"\nsleep {sleep}\nexec "{SHELLCHECK}" "$@"\n')
    program.chmod(0o755)
    return {**os.environ, PROGRAM_VARIABLE: str(program)}


def runs(folder: Path) -> int:
    counted = folder / "runs"
    return len(counted.read_text().splitlines()) if counted.exists() else 0


@pytest.mark.asyncio
async def test_shellcheck_findings_follow_the_first_publish(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--extend-select", "shellcheck") as client:
        publishes = published_queue(client)
        uri = open_document(client, tmp_path / "Dockerfile", DOCKERFILE, "dockerfile")
        first = await next_publish(publishes)
        second = await next_publish(publishes)
        assert await quiet(publishes, within=1.0)
    assert first.uri == second.uri == uri and first.version == second.version == 1
    assert "SC2086" not in codes(first)
    assert codes(second) == [*codes(first), "SC2086"]
    (finding,) = [d for d in second.diagnostics if d.code == "SC2086"]
    assert finding.range == types.Range(start=types.Position(2, 9), end=types.Position(2, 11))
    assert finding.code_description is not None
    assert finding.code_description.href == "https://www.shellcheck.net/wiki/SC2086"


@pytest.mark.asyncio
async def test_without_scripts_one_publish(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--extend-select", "shellcheck") as client:
        publishes = published_queue(client)
        open_document(client, tmp_path / "Dockerfile", "FROM ubuntu:latest\nUSER app\n", "dockerfile")
        assert codes(await next_publish(publishes)) == ["HC401"]
        assert await quiet(publishes, within=1.0)


@pytest.mark.asyncio
async def test_suppressions_of_shellcheck_codes_are_judged_once_it_answered(tmp_path: Path) -> None:
    text = (
        "FROM ubuntu:latest\nUSER app\n"
        "# hullcheck: ignore[SC2086] -- a word list\nRUN echo $1\n"
        "# hullcheck: ignore[shellcheck] -- not ours\nRUN echo $2\n"
        "# hullcheck: ignore[SC2046] -- no longer needed\nRUN echo $3\n"
    )
    async with language_server(tmp_path, "--extend-select", "shellcheck") as client:
        publishes = published_queue(client)
        open_document(client, tmp_path / "Dockerfile", text, "dockerfile")
        first = await next_publish(publishes)
        second = await next_publish(publishes)
    assert codes(first) == ["HC401"], "a suppression of ShellCheck's was judged before it answered"
    # the unused one is reported once ShellCheck has shown it silences nothing
    assert sorted(codes(second)) == ["HC003", "HC401", "SC2086"]
    assert [d.range.start.line for d in second.diagnostics if d.code in ("HC003", "SC2086")] == [6, 7]


@pytest.mark.asyncio
async def test_an_edit_while_shellcheck_runs_gets_no_stale_publish(tmp_path: Path) -> None:
    env = wrapped_shellcheck(tmp_path, sleep=2.0)
    async with language_server(tmp_path, "--extend-select", "shellcheck", "--debounce", "0", env=env) as client:
        publishes = published_queue(client)
        uri = open_document(client, tmp_path / "Dockerfile", DOCKERFILE, "dockerfile")
        first = await next_publish(publishes)
        changed = time.perf_counter()
        change_document(client, uri, 2, DOCKERFILE.replace("echo $1", "echo  $2"))
        edited = await next_publish(publishes)
        waited = time.perf_counter() - changed
        whole = await next_publish(publishes)
        assert await quiet(publishes, within=3.0), "a stale or second answer was published"
    assert (first.version, edited.version, whole.version) == (1, 2, 2)
    assert waited < 1.5, f"the edit waited {waited:.1f} s for ShellCheck on the text before it"
    assert "SC2086" not in codes(edited)
    (finding,) = [d for d in whole.diagnostics if d.code == "SC2086"]
    assert finding.range.start == types.Position(2, 10)  # in the edited text


@pytest.mark.asyncio
async def test_shellcheck_runs_once_for_the_same_scripts(tmp_path: Path) -> None:
    env = wrapped_shellcheck(tmp_path)
    async with language_server(tmp_path, "--extend-select", "shellcheck", "--debounce", "0", env=env) as client:
        publishes = published_queue(client)
        uri = open_document(client, tmp_path / "Dockerfile", DOCKERFILE, "dockerfile")
        await next_publish(publishes)
        assert "SC2086" in codes(await next_publish(publishes))
        # the configuration changes: one publish, ShellCheck's findings in it
        (tmp_path / ".hullcheck.toml").write_text('extend-select = ["shellcheck"]\nignore = ["HC401"]\n')
        reread = await next_publish(publishes)
        assert codes(reread) == ["SC2086"]
        # an edit outside the scripts: the same
        change_document(client, uri, 2, DOCKERFILE.replace("ubuntu:latest", "ubuntu:24.04"))
        edited = await next_publish(publishes)
        assert edited.version == 2 and codes(edited) == ["SC2086"]
        assert await quiet(publishes, within=1.0)
        assert runs(tmp_path) == 1
        # a script edited: checked again
        change_document(client, uri, 3, DOCKERFILE.replace("$1", '"$1"'))
        assert codes(await next_publish(publishes)) == []
        assert codes(await next_publish(publishes)) == []
    assert runs(tmp_path) == 2


@pytest.mark.asyncio
async def test_no_shellcheck_is_one_message_not_a_finding_in_every_document(tmp_path: Path) -> None:
    (tmp_path / ".hullcheck.toml").write_text('extend-select = ["shellcheck"]\n')
    server = tmp_path / "server"
    server.mkdir()
    # hullcheck lsp, where find_shellcheck finds nothing
    (server / "sitecustomize.py").write_text(
        "import hullcheck.engine.shellcheck as shellcheck\nshellcheck.find_shellcheck = lambda: None\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(server), os.environ.get("PYTHONPATH")]))}
    async with language_server(tmp_path, env=env) as client:
        publishes = published_queue(client)
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            open_document(client, tmp_path / name / "Dockerfile", DOCKERFILE, "dockerfile")
            assert codes(await next_publish(publishes)) == ["HC401"]
        assert await quiet(publishes, within=1.0)
    shown = [message for message in client.messages if "ShellCheck" in message.message]
    assert len(shown) == 1 and shown[0].type == types.MessageType.Error
    assert "pip install 'hullcheck[shellcheck]'" in shown[0].message
