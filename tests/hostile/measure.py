"""Run the hostile cases and print, slowest first, each one's exit status, seconds and peak
memory, then what went wrong with the ones that failed.

    python tests/hostile/measure.py                 # every case, one process each (--jobs 1)
    python tests/hostile/measure.py compose/ env/   # the cases whose names contain these
    python tests/hostile/measure.py --folders       # also each syntax's 40-file folder with --jobs 2
    python tests/hostile/measure.py --full          # also the documented slow inputs (minutes)
    python tests/hostile/measure.py --at-once 2     # two runs at a time (faster; noisier times)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: ``tests`` imports

from tests.hostile.generate import cases, parallel_folders
from tests.hostile.harness import Outcome, case_problems, folder_problems, run_case, run_folder, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="run only the cases whose names contain one of these")
    parser.add_argument("--folders", action="store_true", help="also each syntax's folder of 40 files, --jobs 2")
    parser.add_argument("--full", action="store_true", help="also the documented slow inputs")
    parser.add_argument("--at-once", type=int, default=1, metavar="N", help="runs at a time (default 1)")
    arguments = parser.parse_args()
    chosen = [c for c in cases(arguments.full) if not arguments.names or any(n in c.name for n in arguments.names)]
    folders = list(parallel_folders()) if arguments.folders else []
    failures: list[tuple[str, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="hullcheck-hostile-") as work:

        def one_case(index: int) -> Outcome:
            case = chosen[index]
            outcome = run_case(case, Path(work) / str(index))
            problems = case_problems(case, outcome)
            print(f"{case.name:<52} {outcome.status:>9} {outcome.seconds:>7.2f} s {outcome.peak:>6} MiB"
                  f"{'  FAIL' if problems else ''}", flush=True)  # fmt: skip
            if problems:
                failures.append((case.name, problems))
            return outcome

        def one_folder(index: int) -> Outcome:
            name, files = folders[index]
            outcome = run_folder(f"{name} --jobs 2", files, Path(work) / f"folder-{index}")
            problems = folder_problems(outcome)
            print(f"{outcome.name:<52} {outcome.status:>9} {outcome.seconds:>7.2f} s {outcome.peak:>6} MiB"
                  f"{'  FAIL' if problems else ''}", flush=True)  # fmt: skip
            if problems:
                failures.append((outcome.name, problems))
            return outcome

        with ThreadPoolExecutor(arguments.at_once) as pool:
            outcomes = list(pool.map(one_case, range(len(chosen))))
            outcomes += list(pool.map(one_folder, range(len(folders))))
    print()
    print(table(outcomes))
    if failures:
        print(f"\n{len(failures)} failed:")
        for name, problems in failures:
            print(f"{name}\n    " + "\n    ".join(problems))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
