"""The hullcheck program (hullcheck.run) ends without tearing its objects down: what it printed
is all there, its exit code is main's, and a reader that goes away early (``| head``) costs no
traceback. It runs without the cyclic collector but for a lint of many files and the language
server."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.parallel import MIN_FILES_FOR_POOL, collect_less

DOCKERFILE = "FROM alpine:3.20\n" + "".join(f"EXPOSE {22 + index}\nUSER root\n" for index in range(200))


def program(tmp_path: Path, *arguments: str) -> subprocess.Popen[bytes]:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    command = [sys.executable, "-m", "hullcheck", "--no-cache", *arguments, "Dockerfile"]
    return subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_the_whole_report_is_written_and_the_exit_code_is_mains(tmp_path: Path) -> None:
    process = program(tmp_path)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1  # findings at warning level
    assert stdout.decode().rstrip().endswith("in 1 of 1 file checked.")
    assert stderr == b""


def test_a_reader_that_goes_away_early_gets_no_traceback(tmp_path: Path) -> None:
    process = program(tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert stderr == b""


# the collections after the program started, and whether the collector is on as it exits
COLLECTIONS_PROBE = """
import gc, os, sys
after_start = []
gc.callbacks.append(lambda phase, info: phase == "start" and "hullcheck.cli" in sys.modules and after_start.append(1))
hard_exit = os._exit
def exit_saying(code):
    print(len(after_start), gc.isenabled(), file=sys.stderr, flush=True)
    hard_exit(code)
os._exit = exit_saying
sys.argv = ["hullcheck", "--no-cache", "--jobs", "1", *sys.argv[1:]]
from hullcheck import run
run()
"""


@pytest.mark.parametrize(("files", "collected"), [(1, False), (MIN_FILES_FOR_POOL, True)])
def test_only_a_lint_of_many_files_collects_cycles(tmp_path: Path, files: int, collected: bool) -> None:
    names = [f"{index}.Dockerfile" for index in range(files)]
    for name in names:
        (tmp_path / name).write_text(DOCKERFILE)
    command = [sys.executable, "-c", COLLECTIONS_PROBE, *names]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1, result.stderr
    collections, enabled = result.stderr.split()
    assert enabled == str(collected)
    assert (int(collections) > 0) is collected


def test_the_language_server_collects_cycles(monkeypatch: pytest.MonkeyPatch) -> None:
    import hullcheck.lsp.server

    monkeypatch.setattr(hullcheck.lsp.server, "serve", lambda settings, debounce: 0 if gc.isenabled() else 3)
    gc.disable()  # as the program starts
    try:
        assert main(["lsp"]) == 0
    finally:
        gc.enable()


class Cycle:
    """Garbage only the cyclic collector frees."""

    def __init__(self) -> None:
        self.itself = self


def test_the_collector_turned_on_frees_what_the_start_left_before_it_freezes() -> None:
    threshold = gc.get_threshold()
    gc.disable()  # as the program starts
    left = weakref.ref(Cycle())
    try:
        collect_less()
        assert gc.isenabled() and left() is None  # collected, not frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()
