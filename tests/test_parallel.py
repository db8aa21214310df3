"""--jobs: a large scan on a pool of processes reports exactly what a serial run reports, in
the same order; a handful of files starts no pool."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path
from typing import Any

import pytest

from hullcheck.cli import main
from hullcheck.engine.registry import all_rules
from hullcheck.engine.runner import LintOptions
from hullcheck.parallel import MIN_FILES_FOR_POOL, Task, available_cpus, lint_files

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


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
    options = [LintOptions(rules=all_rules()), LintOptions(rules=all_rules()[:5], inline_suppressions=False)]
    files = sorted(path for path in FIXTURES.rglob("*") if path.is_file())
    tasks = [Task(path, path.relative_to(FIXTURES).as_posix(), options[n % 2]) for n, path in enumerate(files)]
    assert len(tasks) >= 2 * MIN_FILES_FOR_POOL
    serial = lint_files(tasks, jobs=1)
    assert pools.started == 0
    assert lint_files(tasks, jobs=2) == serial
    assert pools.started == 1
    assert [result.path for result in serial] == [task.display_path for task in tasks]
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
