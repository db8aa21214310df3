"""Where a cold run of ``hullcheck FILE`` spends its work: the interpreter's start, each module
the run imports, and the lint itself, counted in instructions by callgrind.

    python tests/bench/cold_profile.py [FILE] [--python PYTHON] [--top 30] [--wall-runs 21]

Seconds on a shared machine move by a tenth from one run to the next; instructions executed do
not (valgrind's callgrind counts the same total twice for the same program, inputs and
environment, whatever else the machine is doing). So each part is the difference of two counted
runs of ``PYTHON`` (default: this one, which must import hullcheck):

- the interpreter: ``python -c 'import os; os._exit(0)'`` (every process counted ends as the
  run does, with ``os._exit``: the interpreter's teardown is some 7 M instructions);
- the console script's own ``import re`` (pip's wrapper imports it before hullcheck);
- each module, in the order the run imports it: a process importing the modules up to it, less
  one importing those before it (its import, the modules it needs already there);
- the lint: the real run (``hullcheck.run``, as the console script calls it), less a process
  that only imports every module it imports.

It also counts what one import costs the import system (a package of empty modules), and the
classes the run's modules make. With ``--wall-runs``, it times the real run and, when hadolint is
on PATH (``HULLCHECK_BENCH_HADOLINT`` names another), hadolint on the same file, alternately,
to turn instructions into milliseconds on this machine and to show #19's target (at most twice
hadolint's wall time) as instructions. FILE: by default the corpus Dockerfile of median length,
as tests/bench/run.py takes it. Needs valgrind; takes a few minutes (about 3 s per counted run,
on every CPU). Not a test: what it reports depends on the Python and the installed libraries.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
CORPUS = REPOSITORY.parent / "shared" / "corpus"
# pip's console script imports re and sys; hullcheck.run turns the collector off, then imports the rest
SCRIPT_START = "import re, sys, os, gc\ngc.disable()\n"
EMPTY_MODULES = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="the file to lint (default: the corpus's median Dockerfile)")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs hullcheck (default: this one)")
    parser.add_argument("--top", type=int, default=30, help="modules listed one by one (default 30)")
    parser.add_argument("--wall-runs", type=int, default=0, help="time the run (and hadolint) this many times each")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    file = (options.file or median_dockerfile()).resolve()
    with tempfile.TemporaryDirectory(prefix="hullcheck-cold-profile-") as folder:
        scratch = Path(folder)
        environment = dict(os.environ)
        if environment.pop("PYTHONDONTWRITEBYTECODE", None) is not None:  # as a wheel install, bytecode written
            environment["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        counter = Counter(options.python, environment, scratch, file)
        modules, classes = counter.imported_modules()
        counter.python([SCRIPT_START + "import hullcheck"], uncounted=True)  # bytecode of the probes written
        make_empty_package(scratch)
        programs = {
            # each ends as the run does, with os._exit: tearing the interpreter down is ~7 M
            "interpreter": "import os\nos._exit(0)",
            "script": importing([]),
            "run": SCRIPT_START + linting(file),
            "no empty modules": importing(["empty"]),
            "empty modules": importing(["empty", *(f"empty.m{n}" for n in range(EMPTY_MODULES))]),
        }
        prefixes = [importing(modules[:count]) for count in range(1, len(modules) + 1)]
        counter.python([*programs.values(), *prefixes], uncounted=True)
        counts = counter.python([*programs.values(), *prefixes])
    named = dict(zip(programs, counts, strict=False))  # the prefixes follow
    after = [named["script"], *counts[len(programs) :]]
    per_module = {module: after[index + 1] - after[index] for index, module in enumerate(modules)}
    lint = named["run"] - after[-1]
    per_import = (named["empty modules"] - named["no empty modules"]) / EMPTY_MODULES
    report(named, per_module, lint, per_import, classes, options.top)
    if options.wall_runs:
        wall(options, counter, named["run"], file)
    return 0


def median_dockerfile() -> Path:
    """The corpus Dockerfile of median length, the one tests/bench/run.py lints alone."""
    names = (CORPUS / "dockerfiles.txt").read_text().split()
    lengths = sorted((len((CORPUS / name).read_bytes().splitlines()), name) for name in names)
    return CORPUS / lengths[len(lengths) // 2][1]


def linting(file: Path) -> str:
    """The rest of the console script: hullcheck's entry on the file."""
    return f"sys.argv = ['hullcheck', '--no-cache', {str(file)!r}]\nfrom hullcheck import run\nrun()\n"


def importing(modules: Sequence[str]) -> str:
    # __import__: ``import importlib`` would itself be counted in the first module
    return SCRIPT_START + "".join(f"__import__({m!r})\n" for m in modules) + "os._exit(0)\n"


def packages_first(modules: Sequence[str]) -> list[str]:
    """``modules`` with each package before its first submodule. sys.modules lists a package
    after the submodules its ``__init__`` imports (a module is moved to the end once loaded), so
    ``json.scanner`` came first and was counted with all of json."""
    listed = set(modules)
    ordered: list[str] = []
    for module in modules:
        parts = module.split(".")
        for ancestor in (".".join(parts[:end]) for end in range(1, len(parts) + 1)):
            if ancestor in listed and ancestor not in ordered:
                ordered.append(ancestor)
    return ordered


def make_empty_package(folder: Path) -> Path:
    package = folder / "empty"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for number in range(EMPTY_MODULES):
        (package / f"m{number}.py").write_text(f"VALUE = {number}\n")
    return package


class Counter:
    """Runs Python programs under callgrind, on every CPU, and reads their instruction counts."""

    def __init__(self, python: str, environment: dict[str, str], scratch: Path, file: Path) -> None:
        search = [str(scratch), *filter(None, [environment.get("PYTHONPATH")])]  # scratch: the empty package
        # one hash seed: sets and dicts of strings laid out alike in every process, so that the
        # counts of two processes differ by what they import, not by 0.1 M of hashing's luck
        self.environment = {**environment, "PYTHONPATH": os.pathsep.join(search), "PYTHONHASHSEED": "0"}
        self.scratch = scratch
        self.file = file
        self.command = [python]

    def imported_modules(self) -> tuple[list[str], dict[str, int]]:
        """The modules a run imports after the console script's start, in order, and the
        classes hullcheck's modules made, by kind."""
        listing = self.scratch / "modules.txt"
        probe = SCRIPT_START + (
            "before = set(sys.modules)\n"
            "from hullcheck.cli import main\n"
            f"main(['--no-cache', {str(self.file)!r}])\n"
            "imported = [m for m in sys.modules if m not in before]\n"  # before json, which writes them
            "made = [t for t in gc.get_objects() if isinstance(t, type) and t.__module__.startswith('hullcheck')]\n"
            "import enum, json\n"
            "kinds = {'records': sum('__record_fields__' in t.__dict__ for t in made),\n"  # not a plain subclass
            "         'enums': sum(issubclass(t, enum.Enum) for t in made)}\n"
            "kinds['other classes'] = len(made) - kinds['records'] - kinds['enums']\n"
            f"with open({str(listing)!r}, 'w') as out:\n"
            "    json.dump([imported, kinds], out)\n"
            "os._exit(0)\n"
        )
        self.python([probe], uncounted=True)
        modules, classes = json.loads(listing.read_text())
        return packages_first(modules), classes

    def python(self, programs: Sequence[str], uncounted: bool = False) -> list[int]:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            return list(pool.map(lambda program: self._count(program, uncounted), programs))

    def _count(self, program: str, uncounted: bool) -> int:
        with tempfile.NamedTemporaryFile(dir=self.scratch, suffix=".out") as output:
            valgrind = [] if uncounted else ["valgrind", "--tool=callgrind", f"--callgrind-out-file={output.name}"]
            done = subprocess.run(
                [*valgrind, *self.command, "-c", program],
                env=self.environment,
                cwd=self.file.parent,
                capture_output=True,
                text=True,
                check=False,
            )
        if uncounted:
            return 0
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"callgrind counted nothing for:\n{program}\n{done.stderr[-2000:]}")
        return int(found.group(1))


def million(count: float) -> str:
    return f"{count / 1e6:.1f}"


def report(
    named: dict[str, int], per_module: dict[str, int], lint: int, per_import: float, classes: dict[str, int], top: int
) -> None:
    total = named["run"]
    own = {m: c for m, c in per_module.items() if m.split(".")[0] == "hullcheck"}
    rules = {m: c for m, c in own.items() if m.startswith("hullcheck.rules.")}
    standard = {m: c for m, c in per_module.items() if m not in own}
    parts = [
        ("the interpreter's start (`python -c 'import os; os._exit(0)'`)", named["interpreter"]),
        ("the console script's `import re`", named["script"] - named["interpreter"]),
        (f"standard-library and other modules the run imports ({len(standard)})", sum(standard.values())),
        (f"hullcheck's modules ({len(own) - len(rules)})", sum(own.values()) - sum(rules.values())),
        (f"rules' modules ({len(rules)})", sum(rules.values())),
        ("the lint: read, parse, rules, report", lint),
    ]
    print(f"Instructions of `hullcheck --no-cache FILE`, counted by callgrind: {million(total)} M\n")
    print("| part | M instructions | share |\n|---|---|---|")
    for title, count in parts:
        print(f"| {title} | {million(count)} | {count / total:.0%} |")
    print(f"\nOne import costs the import system {per_import / 1e3:.0f} k instructions before the module's own code")
    print(f"(a package of {EMPTY_MODULES} empty modules): {million(per_import * len(own))} M for hullcheck's.")
    print("Classes hullcheck's modules made: " + ", ".join(f"{count} {kind}" for kind, count in classes.items()) + ".")
    print(f"\n| module (the {top} that cost most) | M instructions |\n|---|---|")
    for module, count in sorted(per_module.items(), key=lambda item: -item[1])[:top]:
        print(f"| {module} | {million(count)} |")


def wall(options: argparse.Namespace, counter: Counter, instructions: int, file: Path) -> None:
    """Median wall times, alternately, of the run and of hadolint."""
    ours = [*counter.command, "-c", "import re, sys\n" + linting(file)]
    hadolint = shlex.split(os.environ.get("HULLCHECK_BENCH_HADOLINT") or shutil.which("hadolint") or "")
    commands = [ours, *([[*hadolint, str(file)]] if hadolint else [])]
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(options.wall_runs):
        for command, taken in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(command, env=counter.environment, capture_output=True, check=False)
            taken.append(time.perf_counter() - start)
    ours_ms = statistics.median(times[0]) * 1000
    rate = instructions / 1e6 / ours_ms
    print(f"\nWall time, median of {options.wall_runs}: hullcheck {ours_ms:.1f} ms ({rate:.2f} M instructions a ms)")
    if hadolint:
        theirs_ms = statistics.median(times[1]) * 1000
        budget = 2 * theirs_ms * rate * 1e6
        gap = abs(budget - instructions) / instructions
        verdict = f"{gap:.0%} more than" if budget >= instructions else f"{gap:.0%} less than"
        print(
            f"hadolint {theirs_ms:.1f} ms. Twice that, at this rate, is {million(budget)} M instructions: "
            f"{verdict} the run's {million(instructions)} M."
        )


if __name__ == "__main__":
    sys.exit(main())
