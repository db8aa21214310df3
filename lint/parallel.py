"""Linting many files on several processes, results in the order of the files.

A handful of files is linted in this process: starting workers costs more than it saves. A
larger scan goes to a pool of worker processes; each file's result is independent of the
others, so the report is the same as a serial run's, in the same order.

A file whose linting kills its process (a crash in native code, the kernel's out-of-memory
killer) is reported as an internal error (HC000) naming how the process ended; the other files
get their own results. A dead worker breaks the whole pool and every call not yet answered fails
with it, so the calls lost are linted again on a fresh pool, one file at a time and only a few
handed out at once; a file lost a second time is linted in a process of its own, where a death
is proof. A run where nothing dies hands out all its files at once, in chunks, and pays nothing
for this.
"""

from __future__ import annotations

import atexit
import gc
import os
from collections import deque
from collections.abc import Callable, Sequence

from hullcheck import records
from hullcheck.engine.lint import FileResult, LintOptions, internal_error, lint_file, lint_file_steps, lint_together
from hullcheck.frontends import front_end_for_path, kind_of
from hullcheck.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext
    from typing import Any

    from hullcheck.cache import ResultCache
    from hullcheck.engine.findings import RuleInfo

MIN_FILES_FOR_POOL = 32  # below this, a run is over before a pool has started


class Task(Record, frozen=True, slots=True):
    """One file to lint: where it is, the name findings give it, and its options."""

    path: str
    display_path: str
    options: LintOptions


Work = tuple[str, str, int]  # a task as a worker gets it: its options by their index in the pool's list


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the platform has one)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# A lint allocates many small objects that live as long as one file's model: at Python's default
# threshold (700 allocations) the cyclic collector runs thousands of times a run and finds
# little. mypy raises it the same way (mypy/build.py). Measured on the corpus's 601 Dockerfiles
# with both rule groups: 7% less CPU, the same peak memory (64 MB).
GC_THRESHOLD = (10_000, 50, 50)


def collect_less() -> None:
    """Set this process's collector to :data:`GC_THRESHOLD`, and leave out the collection Python
    makes as it exits: for the processes that lint many files and end (the command line and its
    workers), not for a long-lived caller. The program starts with the collector off
    (hullcheck.run): it is turned on, after one collection of what the start left (the classes a
    record replaces with slots, a pattern's parse) and with what remains, which lives to the end,
    out of its reach (frozen): frozen uncollected, the corpus's peak grew from 57 to 61 MB."""
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()
    gc.set_threshold(*GC_THRESHOLD)
    # At exit Python collects once more, walking every object still alive (the report, the rules,
    # the modules) for garbage the end of the process frees anyway: after the corpus's 601
    # Dockerfiles with both rule groups, 0.15 s of 1.7 s CPU. Frozen objects are left out of it.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def lint_files(tasks: Sequence[Task], jobs: int, cache: ResultCache | None = None) -> list[FileResult]:
    """The result of each task, in the order of ``tasks``, on up to ``jobs`` processes. A run
    of fewer than MIN_FILES_FOR_POOL files ends before collecting cycles pays: the program's
    collector stays off for it (hullcheck.run), 1.5 ms of a one-file run."""
    if len(tasks) >= MIN_FILES_FOR_POOL:
        collect_less()
    if jobs <= 1 or len(tasks) < MIN_FILES_FOR_POOL:
        return lint_together([lint_file_steps(task.path, task.display_path, task.options, cache) for task in tasks])
    workers = min(jobs, len(tasks) // (MIN_FILES_FOR_POOL // 2))  # 16 files or more for each
    return _PooledScan(tasks, workers, cache).results()


class _PooledScan:
    """The files of one scan, linted on pools of ``workers`` processes, and their results so far."""

    def __init__(self, tasks: Sequence[Task], workers: int, cache: ResultCache | None) -> None:
        import multiprocessing  # with concurrent.futures, about 12 ms of start-up

        self.tasks = tasks
        self.workers = workers
        self.cache = cache
        self.context = multiprocessing.get_context()  # the pools and the lone processes start the same way
        # each distinct LintOptions goes to a worker once, not with every file
        self.options = list({id(task.options): task.options for task in tasks}.values())
        index = {id(item): number for number, item in enumerate(self.options)}
        self.work: list[Work] = [(task.path, task.display_path, index[id(task.options)]) for task in tasks]
        self.linted: dict[int, FileResult] = {}  # by the task's position

    def results(self) -> list[FileResult]:
        """The result of each task, in their order."""
        everything = range(len(self.tasks))
        chunk = max(1, len(self.tasks) // (self.workers * 8))  # a few chunks per worker, so none waits on a slow one
        lost, _ = self._pass(everything, chunk, in_flight=len(everything))  # every chunk handed out at once
        # after a break: one file to a call and a call for each worker plus one queued, so the
        # next break loses only those few. A pass that breaks has answered or lost a call, and
        # the files lost are linted alone: each time round settles a file, so the loop ends.
        while lost:
            lost_again, waiting = self._pass(lost, 1, in_flight=self.workers + 1)
            self._lint_alone(lost_again)
            lost = waiting
        return [self.linted[number] for number in everything]

    def _pass(self, numbers: Sequence[int], chunk: int, in_flight: int) -> tuple[list[int], list[int]]:
        """Lint the tasks at ``numbers`` on a fresh pool, ``chunk`` files to a call and at most
        ``in_flight`` calls handed out at a time. When the pool breaks: the tasks it lost (handed
        out, not answered) and those it was never given; both empty when it did not."""
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        waiting = deque(numbers[start : start + chunk] for start in range(0, len(numbers), chunk))
        handed: dict[Future[list[FileResult]], Sequence[int]] = {}
        with ProcessPoolExecutor(
            self.workers, mp_context=self.context, initializer=_start_worker, initargs=(self.options, self.cache)
        ) as pool:
            try:
                while waiting or handed:
                    while waiting and len(handed) < in_flight:
                        future = pool.submit(_lint_in_worker, [self.work[number] for number in waiting[0]])
                        handed[future] = waiting.popleft()
                    done, _ = wait(handed, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._keep(handed[future], future.result())
                        del handed[future]
            except BrokenProcessPool:
                lost: list[int] = []
                for future, chunk_numbers in handed.items():  # each fails at once now, or answered just before
                    try:
                        self._keep(chunk_numbers, future.result())
                    except BrokenProcessPool:
                        lost.extend(chunk_numbers)
                return lost, [number for chunk_numbers in waiting for number in chunk_numbers]
        return [], []

    def _keep(self, numbers: Sequence[int], results: list[FileResult]) -> None:
        self.linted.update(zip(numbers, results, strict=True))

    def _lint_alone(self, numbers: Sequence[int]) -> None:
        """Lint each task at ``numbers`` in a process of its own, ``workers`` at a time: a
        process that dies there was killed by its file."""
        for start in range(0, len(numbers), self.workers):
            batch = numbers[start : start + self.workers]
            processes = [_LoneProcess(self.tasks[number], self.cache, self.context) for number in batch]
            for number, process in zip(batch, processes, strict=True):
                self.linted[number] = process.result()


class _LoneProcess:
    """A process linting one file, started at once; alone in it, the file is the only thing
    that can have ended it."""

    def __init__(self, task: Task, cache: ResultCache | None, context: DefaultContext) -> None:
        self._task = task
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_lint_and_send, args=(task, cache, sender), daemon=True)
        self._process.start()
        sender.close()  # the process holds the only writer: when it dies, reading ends

    def result(self) -> FileResult:
        """The file's result; an internal error when the process died first. An exception
        linting raised is raised here, as a pool raises it."""
        try:
            outcome: FileResult | BaseException | None = self._receiver.recv()
        except EOFError:
            outcome = None
        finally:
            self._receiver.close()
        self._process.join()
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome is None:
            exitcode = self._process.exitcode
            assert exitcode is not None, "join() returns once the process has ended"
            kind = kind_of(front_end_for_path(self._task.path))
            message = f"the process linting this file {_ending(exitcode)}; not checked"
            return internal_error(self._task.display_path, kind, message)
        return outcome


def _ending(exitcode: int) -> str:
    """How a process ended, from its exit code: minus the signal number when a signal killed it."""
    import signal  # its enums cost 0.5 ms at a start; only a dead process needs them

    if exitcode >= 0:
        return f"exited with status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:  # a signal Python has no name for, such as a real-time one above SIGRTMIN
        name = str(-exitcode)
    return f"died (signal {name})"


class _Worker:
    """What a worker process holds between files: set by the pool's initializer."""

    options: Sequence[LintOptions] = ()
    cache: ResultCache | None = None


def _start_worker(options: Sequence[LintOptions], cache: ResultCache | None) -> None:
    collect_less()
    _send_results_lean()
    _Worker.options = options
    _Worker.cache = cache


def _send_results_lean() -> None:
    """Pickle this worker's results cheaply: a finding's rule as its code when it is the
    catalog's (the parent has the same description), and the records a finding is made of as
    their fields, which their constructor takes in that order. Pickled by their generated
    state, those records cost the parent and the workers about 60 ms over the corpus's 616
    Compose files (1.9 MB); this way 24 ms (1.4 MB)."""
    from multiprocessing.reduction import ForkingPickler

    from hullcheck.engine.findings import Finding, Fix, RelatedLocation, RuleInfo, TextEdit
    from hullcheck.model.span import Span

    for kind in (Finding, Fix, RelatedLocation, TextEdit, Span):
        ForkingPickler.register(kind, _by_fields(kind))
    ForkingPickler.register(RuleInfo, _rule_by_code)


def _by_fields(kind: type) -> Callable[[object], tuple[Callable[..., object], tuple[object, ...]]]:
    """A reducer of ``kind``'s records to the record class and its fields, in its constructor's order."""
    taken = records.fields(kind)
    if not all(item.init for item in taken):
        raise TypeError(f"{kind.__qualname__} has a field its constructor does not take")
    names = tuple(item.name for item in taken)
    return lambda made: (kind, tuple(getattr(made, name) for name in names))


def _rule_by_code(info: RuleInfo) -> Any:  # as pickle's reducers return
    import pickle

    from hullcheck.engine.registry import described_rule

    if described_rule(info.code) is info:
        return described_rule, (info.code,)
    return info.__reduce_ex__(pickle.DEFAULT_PROTOCOL)


def _lint_in_worker(chunk: list[Work]) -> list[FileResult]:
    """A chunk's results, the scripts of its files checked by ShellCheck together."""
    return lint_together(
        [
            lint_file_steps(path, display_path, _Worker.options[options], _Worker.cache)
            for path, display_path, options in chunk
        ]
    )


def _lint_and_send(task: Task, cache: ResultCache | None, sender: Connection) -> None:
    """A lone process's work: the file's result, or what linting raised, sent to the parent."""
    try:
        outcome: FileResult | BaseException = lint_file(task.path, task.display_path, task.options, cache)
    except BaseException as error:  # noqa: BLE001 - raised in the parent, as a pool's worker sends it
        outcome = error
    sender.send(outcome)
