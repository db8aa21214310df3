"""--jobs: a large scan on a pool of processes reports exactly what a serial run reports, in
the same order; a handful of files starts no pool. A file whose linting kills its process (by
a real signal, sent by a test rule in a real worker) is an internal error, and only that file."""

from __future__ import annotations

import concurrent.futures
import faulthandler
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from hullcheck import records
from hullcheck.cache import ResultCache
from hullcheck.cli import main
from hullcheck.engine.findings import Severity
from hullcheck.engine.lint import FileKind, FileResult, LintOptions
from hullcheck.engine.registry import all_rules, described_rule
from hullcheck.engine.rule import Rule
from hullcheck.frontends import front_end_for_path, kind_of
from hullcheck.parallel import MIN_FILES_FOR_POOL, Task, available_cpus, lint_files

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_FILES = sorted(path for path in FIXTURES.rglob("*") if path.is_file())
OPTIONS = (LintOptions(rules=all_rules()), LintOptions(rules=all_rules()[:5], inline_suppressions=False))


class Pools:
    """Counts the process pools started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        pools = self

        class CountedPool(concurrent.futures.ProcessPoolExecutor):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                pools.started += 1
                super().__init__(*args, **kwargs)

        monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountedPool)


def test_a_pool_gives_the_serial_results_in_the_serial_order(monkeypatch: pytest.MonkeyPatch) -> None:
    pools = Pools(monkeypatch)
    tasks = [
        Task(str(path), path.relative_to(FIXTURES).as_posix(), OPTIONS[n % 2]) for n, path in enumerate(FIXTURE_FILES)
    ]
    assert len(tasks) >= 2 * MIN_FILES_FOR_POOL
    serial = lint_files(tasks, jobs=1)
    assert pools.started == 0
    pooled = lint_files(tasks, jobs=2)
    assert pooled == serial
    assert pools.started == 1
    assert [result.path for result in serial] == [task.display_path for task in tasks]
    # a rule of the catalog comes back from a worker as the parent's own description, not a copy
    rules = [found.rule for result in pooled for found in result.findings]
    assert all(rule is described_rule(rule.code) for rule in rules if described_rule(rule.code) is not None)
    assert sum(len(result.findings) for result in serial) > 100


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_jobs_do_not_change_the_report(
    output_format: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    pools = Pools(monkeypatch)
    reports = []
    for jobs in ("1", "2"):
        main(["--format", output_format, "--no-cache", "--jobs", jobs, "fixtures"])
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1]
    assert pools.started == 1


def test_a_handful_of_files_starts_no_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for a handful of files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    for number in range(MIN_FILES_FOR_POOL - 1):
        (tmp_path / f"Dockerfile.{number}").write_text("FROM ubuntu:latest\n")
    assert main(["--format", "concise", "--jobs", "8", str(tmp_path)]) == 1
    assert capsys.readouterr().out.count("unpinned-image") == MIN_FILES_FOR_POOL - 1


def test_available_cpus() -> None:
    assert 1 <= available_cpus() <= (os.cpu_count() or 1)


class Escapes(BaseException):
    """Not an Exception: the engine lets it through, so linting the file raises it."""


class EndsItsProcess(Rule):
    """Test rule: ends the process linting a Dockerfile whose name asks for it, as a crash in
    native code or the out-of-memory killer would: ``…!signal=11`` sends that signal to the
    process, ``…!exit=3`` exits with that status; ``…!raise=0.5`` raises ``Escapes`` after that
    many seconds."""

    code = "HC990"
    severity = Severity.NOTE
    security_severity = 1.0
    advice = "none"

    def visit_dockerfile(self, node: object) -> None:
        order, _, argument = self.path.rpartition("!")[2].partition("=")
        if order not in ("signal", "exit", "raise"):
            return
        assert multiprocessing.parent_process() is not None, "asked to end the test process itself"
        if order == "signal":
            faulthandler.disable()  # pytest's, inherited by a forked worker, would print a stack for each death
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # and no core file in the working folder
            os.kill(os.getpid(), int(argument))
        elif order == "exit":
            os._exit(int(argument))
        else:
            time.sleep(float(argument))
            raise Escapes(self.path)


SIGSEGV = f"signal={int(signal.SIGSEGV)}"
SIGKILL = f"signal={int(signal.SIGKILL)}"  # what the out-of-memory killer sends
OPTIONS_ENDING = tuple(records.replace(options, rules=(*options.rules, EndsItsProcess)) for options in OPTIONS)
# the fixtures' Dockerfiles that parse, so the test rule visits them
FIXTURE_DOCKERFILES = [
    number
    for number, path in enumerate(FIXTURE_FILES)
    if kind_of(front_end_for_path(str(path))) is FileKind.DOCKERFILE and "parse-error" not in path.parts
]


def scan(files: Sequence[Path], root: Path, endings: Mapping[int, str]) -> tuple[list[Task], list[Task]]:
    """Tasks for ``files``, with two options in turn, those at the positions ``endings`` gives
    named to end their process as it says (``signal=9``): with EndsItsProcess running, and the
    same tasks without it."""
    tasks, plain = [], []
    for number, path in enumerate(files):
        name = path.relative_to(root).as_posix()
        if number in endings:
            name = f"{name}!{endings[number]}"
        tasks.append(Task(str(path), name, OPTIONS_ENDING[number % 2]))
        plain.append(Task(str(path), name, OPTIONS[number % 2]))
    return tasks, plain


def dockerfiles(folder: Path, count: int) -> list[Path]:
    """``count`` small Dockerfiles, each different, in ``folder``."""
    files = [folder / f"Dockerfile.{number}" for number in range(count)]
    for number, path in enumerate(files):
        path.write_text(f"FROM alpine:3.{number}\nUSER app\n")
    return files


def died(how: str, path: str) -> list[tuple[str, str, int, str]]:
    """The findings of a file whose process ended ``how``."""
    return [("HC000", path, 1, f"the process linting this file {how}; not checked")]


def findings(result: FileResult) -> list[tuple[str, str, int, str]]:
    return [(finding.rule.code, finding.path, finding.span.line, finding.message) for finding in result.findings]


def assert_died_only(deaths: Mapping[int, str], results: list[FileResult], serial: list[FileResult]) -> None:
    """``results`` are the ``serial`` ones but at the positions ``deaths`` gives: an internal error
    saying how the process ended."""
    assert [result.path for result in results] == [result.path for result in serial]
    for number, (result, expected) in enumerate(zip(results, serial, strict=True)):
        if number in deaths:
            assert findings(result) == died(deaths[number], result.path)
        else:
            assert result == expected, result.path


@pytest.fixture(params=["fork", "forkserver", "spawn"])
def start_method(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each way multiprocessing starts processes (3.14 moves Linux's default from fork to forkserver)."""
    method: str = request.param
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    default = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    yield method
    multiprocessing.set_start_method(default, force=True)


def test_a_file_that_kills_its_worker_is_an_internal_error_and_the_rest_is_as_serial(
    start_method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = Pools(monkeypatch)
    middle = FIXTURE_DOCKERFILES[len(FIXTURE_DOCKERFILES) // 2]
    tasks, plain = scan(FIXTURE_FILES, FIXTURES, {middle: SIGSEGV})
    assert len(tasks) >= 2 * MIN_FILES_FOR_POOL
    assert_died_only({middle: "died (signal SIGSEGV)"}, lint_files(tasks, jobs=2), lint_files(plain, jobs=1))
    # the first pool breaks; the files it lost go to a second, which breaks on the same file and
    # loses it and the two others it had handed out; those are linted alone; a third pool does the rest
    assert pools.started == 3


@pytest.mark.parametrize(
    ("order", "how"),
    [
        (SIGKILL, "died (signal SIGKILL)"),
        (f"signal={int(signal.SIGRTMIN) + 1}", f"died (signal {int(signal.SIGRTMIN) + 1})"),  # no name in Python
        ("exit=3", "exited with status 3"),
    ],
)
def test_how_the_process_ended_is_named(order: str, how: str, tmp_path: Path) -> None:
    tasks, plain = scan(dockerfiles(tmp_path, MIN_FILES_FOR_POOL), tmp_path, {0: order})
    assert_died_only({0: how}, lint_files(tasks, jobs=2), lint_files(plain, jobs=1))


def test_several_files_that_kill_their_workers() -> None:
    # the first three (in one chunk, or neighbouring ones), one in the middle and the last
    chosen = [*FIXTURE_DOCKERFILES[:3], FIXTURE_DOCKERFILES[len(FIXTURE_DOCKERFILES) // 2], FIXTURE_DOCKERFILES[-1]]
    orders = {number: (SIGSEGV, SIGKILL)[n % 2] for n, number in enumerate(chosen)}
    tasks, plain = scan(FIXTURE_FILES, FIXTURES, orders)
    deaths = {
        number: "died (signal SIGSEGV)" if order == SIGSEGV else "died (signal SIGKILL)"
        for number, order in orders.items()
    }
    assert_died_only(deaths, lint_files(tasks, jobs=2), lint_files(plain, jobs=1))


def test_a_scan_where_every_file_kills_its_worker_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools = Pools(monkeypatch)
    files = dockerfiles(tmp_path, 100)
    tasks, _ = scan(files, tmp_path, dict.fromkeys(range(len(files)), SIGKILL))
    results = lint_files(tasks, jobs=2)
    assert [findings(result) for result in results] == [
        died("died (signal SIGKILL)", task.display_path) for task in tasks
    ]
    # after the first break, each pool loses a file for each of its 2 workers and one queued: about
    # a pool for every 3 files, not one for each
    assert pools.started <= len(files) // 2


def test_a_file_that_kills_its_worker_is_not_cached(tmp_path: Path) -> None:
    cache = ResultCache(str(tmp_path / "cache"))
    os.makedirs(cache.directory, mode=0o700)  # as a run's cache has it
    middle = FIXTURE_DOCKERFILES[len(FIXTURE_DOCKERFILES) // 2]
    tasks, plain = scan(FIXTURE_FILES, FIXTURES, {middle: SIGSEGV})
    serial = lint_files(plain, jobs=1)
    for _ in range(2):  # the second run takes the other results from the cache and lints the killer again
        assert_died_only({middle: "died (signal SIGSEGV)"}, lint_files(tasks, jobs=2, cache=cache), serial)

    def stored(task: Task) -> FileResult | None:
        return cache.get(cache.key(Path(task.path).read_bytes(), task.path, task.display_path, task.options))

    assert stored(tasks[middle]) is None
    assert all(stored(task) == serial[number] for number, task in enumerate(tasks) if number != middle)


def test_what_linting_raises_in_a_lone_process_is_raised_as_from_a_pool(tmp_path: Path) -> None:
    # the first file breaks each pool at once, while the second is still pausing: the second is
    # lost twice, so linted alone, where it raises
    tasks, _ = scan(dockerfiles(tmp_path, MIN_FILES_FOR_POOL), tmp_path, {0: SIGKILL, 1: "raise=0.5"})
    with pytest.raises(Escapes) as raised:
        lint_files(tasks, jobs=2)
    assert raised.value.args == (tasks[1].display_path,)


# hullcheck, but the process linting a file named Dockerfile.segfault dies of SIGSEGV, as on a
# crash in native code; run as a script, so processes started by spawn or forkserver patch it too
CRASHING_HULLCHECK = """
import faulthandler, os, resource, signal, sys
import hullcheck.parallel
from hullcheck.cli import main

lint_file, lint_file_steps = hullcheck.parallel.lint_file, hullcheck.parallel.lint_file_steps


def crash_on(path):
    if os.path.basename(path) == "Dockerfile.segfault":
        faulthandler.disable()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.kill(os.getpid(), signal.SIGSEGV)


def lint_file_or_crash(path, *args):
    crash_on(path)
    return lint_file(path, *args)


def lint_file_steps_or_crash(path, *args):
    crash_on(path)
    return lint_file_steps(path, *args)


# a worker lints its chunk in steps, a lone process its one file at once
hullcheck.parallel.lint_file = lint_file_or_crash
hullcheck.parallel.lint_file_steps = lint_file_steps_or_crash
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
"""


def test_the_command_reports_a_dead_worker_and_exits_by_the_usual_rules(tmp_path: Path) -> None:
    script = tmp_path / "crashing_hullcheck.py"
    script.write_text(CRASHING_HULLCHECK)
    folder = tmp_path / "scan"
    folder.mkdir()
    clean = f"FROM alpine:3.20@sha256:{'a' * 64}\nUSER app\n"  # no finding
    for name in [f"Dockerfile.{number}" for number in range(MIN_FILES_FOR_POOL)] + ["Dockerfile.segfault"]:
        (folder / name).write_text(clean)
    command = [sys.executable, str(script), "--format", "json", "--no-cache", "--jobs", "2", "scan"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stderr) == (1, "")  # HC000 is an error: the run fails, with no traceback
    report = json.loads(done.stdout)
    assert len(report["files"]) == MIN_FILES_FOR_POOL + 1
    reported = [(item["code"], item["path"], item["span"]["line"], item["message"]) for item in report["findings"]]
    assert reported == died("died (signal SIGSEGV)", "scan/Dockerfile.segfault")
