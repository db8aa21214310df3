"""The hullcheck program ends without tearing its objects down (hullcheck.cli.run): what it
printed is all there, its exit code is main's, and a reader that goes away early (``| head``)
costs no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
