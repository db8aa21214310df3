"""Running hullcheck on a hostile case: in a process of its own, bounded in time and memory,
measured, and judged.

Each run is ``python -m hullcheck . --no-cache --format concise -o REPORT --jobs N`` in a folder
laid out as the case needs, with the case's own arguments (``--baseline``, ``--config``,
``--env-file``) after it. The address space is capped (RLIMIT_AS) so a runaway input cannot
take the machine down; the peak resident memory of the run, its worker processes included,
comes from ``wait4`` and is judged against MEMORY_BOUND.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile.generate import FINE, LINTED, MAY, PROBLEM, Case

MIB = 1024 * 1024
# Bounds for one input, chosen to pass with room on a 2-core shared machine: the slowest
# documented input (a 2 MiB Dockerfile of 55,000 instructions) takes 12 s and 420 MiB there
# (README, "Limits and safety"), so an input that takes 5 times that is a defect, not noise.
TIME_BOUND = 60.0  # seconds of wall time
MEMORY_BOUND = 1024 * MIB  # peak resident memory
ADDRESS_SPACE_CAP = 4096 * MIB  # RLIMIT_AS of the run and its workers: a safety net, far above the bound
MAX_ERROR_LINE = 1_000  # characters: an error message quoting megabytes of its input is not an error message

_FINDING = re.compile(r"^(?P<path>.*?):\d+:\d+: \w+: (?P<message>.*) \[(?P<code>HC\d{3}) [\w-]+\]$")
_ENGINE_PROBLEMS = ("HC001", "HC002")  # a parse error; a Compose project that cannot be loaded


@dataclass
class Outcome:
    """What one run did."""

    name: str
    returncode: int | None  # None: still running at the time bound (killed)
    seconds: float
    peak_mib: float
    stderr: str
    report: list[str] = field(default_factory=list)  # lines of the concise report

    @property
    def signal(self) -> str | None:
        if self.returncode is not None and self.returncode < 0:
            return signal.Signals(-self.returncode).name
        return None

    def findings(self, codes: Sequence[str]) -> list[str]:
        return [line for line in self.report if (match := _FINDING.match(line)) and match["code"] in codes]

    @property
    def peak(self) -> str:
        """The peak memory in MiB, or "-" when the run was killed before it could be measured."""
        return "-" if self.returncode is None else f"{self.peak_mib:.0f}"

    @property
    def status(self) -> str:
        if self.returncode is None:
            return "timeout"
        return self.signal or f"exit {self.returncode}"


# Runs hullcheck and writes its peak memory and wait status to a file. A process started
# straight from the test process would carry the test process's own peak into its ru_maxrss
# (Linux keeps the high-water mark of the memory a process had before exec), so hullcheck is
# started from this small process instead, which also caps the address space.
_WRAPPER = """
import os, resource, sys
cap, record, *command = sys.argv[1:]
resource.setrlimit(resource.RLIMIT_AS, (int(cap), int(cap)))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file in the scanned folder
pid = os.posix_spawn(command[0], command, os.environ)
_pid, status, usage = os.wait4(pid, 0)
with open(record, "w") as stream:
    stream.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def lay_out(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    for name, data in files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_hullcheck(name: str, folder: Path, out: Path, arguments: Sequence[str] = (), jobs: int = 1) -> Outcome:
    """Run hullcheck on ``folder`` (its working directory); ``out`` holds its report and streams."""
    out.mkdir(parents=True, exist_ok=True)
    report, record = out / "report.txt", out / "record"
    command = [sys.executable, "-m", "hullcheck", ".", "--no-cache", "--format", "concise", "-o", str(report)]
    command += ["--jobs", str(jobs), *arguments]
    wrapped = [sys.executable, "-c", _WRAPPER, str(ADDRESS_SPACE_CAP), str(record), *command]
    environment = {**os.environ, "NO_COLOR": "1"}
    start = time.monotonic()
    with (out / "stdout").open("wb") as stdout, (out / "stderr").open("wb") as stderr:
        process = subprocess.Popen(
            wrapped,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=environment,
            start_new_session=True,  # its own process group: a timeout ends hullcheck's workers too
        )
        try:
            wrapper_code: int | None = process.wait(TIME_BOUND)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this run started, no other
            process.wait()
            wrapper_code = None
    seconds = time.monotonic() - start
    returncode, peak = wrapper_code, 0.0  # None: still running at the time bound
    if record.exists():
        maxrss, code = record.read_text().split()
        returncode, peak = int(code), int(maxrss) * 1024 / MIB  # Linux: KiB, of hullcheck and its reaped workers
    lines = report.read_text(encoding="utf-8", errors="replace").splitlines() if report.exists() else []
    stderr_text = (out / "stderr").read_text(encoding="utf-8", errors="replace")
    return Outcome(name, returncode, seconds, peak, stderr_text, lines)


def run_case(case: Case, work: Path, jobs: int = 1) -> Outcome:
    folder = work / "scanned"
    folder.mkdir(parents=True, exist_ok=True)
    lay_out(folder, [*case.companions, (case.file_name, case.data)])
    return run_hullcheck(case.name, folder, work / "out", case.arguments, jobs)


def run_folder(name: str, files: Sequence[tuple[str, bytes]], work: Path, jobs: int = 2) -> Outcome:
    folder = work / "scanned"
    folder.mkdir(parents=True, exist_ok=True)
    lay_out(folder, files)
    return run_hullcheck(name, folder, work / "out", (), jobs)


def traceback_head(stderr: str) -> str:
    """The exception line of a traceback and the frame it was raised in."""
    lines = stderr.rstrip().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Traceback")), 0)
    frames = [line.strip() for line in lines[start:] if line.strip().startswith("File ")]
    last = lines[-1] if lines else ""
    return f"{last[:300]} (raised in {frames[-1] if frames else '?'}; {len(frames)} frames)"


def general_problems(outcome: Outcome) -> list[str]:
    """What no run may do: end on a signal or at the time bound, exit with another code than
    0, 1 or 2, print a traceback, report an internal error, or go over the memory bound."""
    problems = []
    if outcome.returncode is None:
        problems.append(f"still running after {TIME_BOUND:.0f} s: killed")
    elif outcome.signal:
        problems.append(f"killed by {outcome.signal}")
    elif outcome.returncode not in (0, 1, 2):
        problems.append(f"exit code {outcome.returncode}")
    if "Traceback" in outcome.stderr:
        problems.append(f"traceback: {traceback_head(outcome.stderr)}")
    for line in outcome.findings(("HC000",))[:3]:
        problems.append(f"internal error: {line[:300]}")
    if outcome.peak_mib > MEMORY_BOUND / MIB:
        problems.append(f"peak memory {outcome.peak_mib:.0f} MiB, over the {MEMORY_BOUND // MIB} MiB bound")
    return problems


def case_problems(case: Case, outcome: Outcome) -> list[str]:
    """What is wrong with ``outcome`` for ``case``: empty when the run did what it should."""
    problems = general_problems(outcome)
    if problems:
        return problems
    named = Path(case.file_name).name
    naming = [line for line in outcome.findings(_ENGINE_PROBLEMS) if named in line]
    if outcome.returncode == 2:
        lines = [line for line in outcome.stderr.splitlines() if line.strip()]
        if case.role == LINTED:
            problems.append(f"exit 2 (a usage error) for a linted file: {outcome.stderr.strip()[:300]}")
        elif len(lines) != 1 or not lines[0].startswith("hullcheck: error:") or named not in lines[0]:
            problems.append(f"exit 2 without a one-line error naming {named}: {outcome.stderr.strip()[:300]!r}")
        elif len(lines[0]) > MAX_ERROR_LINE:
            problems.append(f"exit 2 with an error line of {len(lines[0]):,} characters: {lines[0][:200]}…")
        elif case.expect not in (PROBLEM, MAY):
            problems.append(f"exit 2 for a file that is fine: {lines[0][:300]}")
    elif case.expect == PROBLEM and not naming:
        how = "a HC001/HC002 finding" if case.role == LINTED else "a HC001/HC002 finding or a one-line error (exit 2)"
        problems.append(f"exit {outcome.returncode} without {how} naming {named}")
    elif case.expect == FINE and naming:
        problems.append(f"reported as a problem: {naming[0][:300]}")
    return problems


def folder_problems(outcome: Outcome) -> list[str]:
    problems = general_problems(outcome)
    if not problems and outcome.returncode == 2:
        problems.append(f"exit 2 (a usage error) for a folder of linted files: {outcome.stderr.strip()[:300]}")
    return problems


def table(outcomes: Sequence[Outcome]) -> str:
    """Case, status, seconds and peak MiB, slowest first."""
    rows = [f"{'case':<52} {'status':>9} {'seconds':>8} {'MiB':>6}"]
    for outcome in sorted(outcomes, key=lambda o: -o.seconds):
        rows.append(f"{outcome.name:<52} {outcome.status:>9} {outcome.seconds:>8.2f} {outcome.peak:>6}")
    total = sum(outcome.seconds for outcome in outcomes)
    rows.append(f"{len(outcomes)} runs, {total:.1f} s in all")
    return "\n".join(rows)
