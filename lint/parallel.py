"""Linting many files on several processes, results in the order of the files.

A handful of files is linted in this process: starting workers costs more than it saves. A
larger scan goes to a pool of worker processes; each file's result is independent of the
others, so the report is the same as a serial run's, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hullcheck.engine.runner import FileResult, LintOptions, lint_file

if TYPE_CHECKING:
    from hullcheck.cache import ResultCache

MIN_FILES_FOR_POOL = 32  # below this, a run is over before a pool has started


@dataclass(frozen=True, slots=True)
class Task:
    """One file to lint: where it is, the name findings give it, and its options."""

    path: Path
    display_path: str
    options: LintOptions


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the platform has one)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def lint_files(tasks: Sequence[Task], jobs: int, cache: ResultCache | None = None) -> list[FileResult]:
    """The result of each task, in the order of ``tasks``, on up to ``jobs`` processes."""
    if jobs <= 1 or len(tasks) < MIN_FILES_FOR_POOL:
        return [lint_file(task.path, task.display_path, task.options, cache) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor  # with multiprocessing, about 12 ms of start-up

    # each distinct LintOptions goes to a worker once, not with every file
    options = list({id(task.options): task.options for task in tasks}.values())
    index = {id(item): number for number, item in enumerate(options)}
    work = [(task.path, task.display_path, index[id(task.options)]) for task in tasks]
    workers = min(jobs, len(tasks) // (MIN_FILES_FOR_POOL // 2))  # 16 files or more for each
    chunk = max(1, len(tasks) // (workers * 8))  # a few chunks per worker, so none waits on a slow one
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(options, cache)) as pool:
        return list(pool.map(_lint_in_worker, work, chunksize=chunk))


class _Worker:
    """What a worker process holds between files: set by the pool's initializer."""

    options: Sequence[LintOptions] = ()
    cache: ResultCache | None = None


def _start_worker(options: Sequence[LintOptions], cache: ResultCache | None) -> None:
    _Worker.options = options
    _Worker.cache = cache


def _lint_in_worker(work: tuple[Path, str, int]) -> FileResult:
    path, display_path, options = work
    return lint_file(path, display_path, _Worker.options[options], _Worker.cache)
