"""Coverage-guided fuzzing of hullcheck's parsers with atheris (libFuzzer).

    python tests/fuzz/fuzz.py                  # every target, 10 s each
    python tests/fuzz/fuzz.py --seconds 60 compose dockerfile

Each target runs in its own process, seeded from tests/fuzz/seeds/ (configuration files and a
baseline), fixtures/ and ../shared/corpus (when present);
new inputs go to a temporary folder, never into the seeds. A crash stops that target, keeps
the input in tests/fuzz/crashes/, and makes the exit code 1: turn it into a fixture.
Needs `pip install atheris` (Linux, CPython).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS = [HERE / "seeds", ROOT / "fixtures", ROOT.parent / "shared" / "corpus"]
CRASHES = HERE / "crashes"


def run_target(name: str) -> None:
    """Inside the fuzzing process: hand libFuzzer the target."""
    import atheris

    with atheris.instrument_imports():
        from targets import TARGETS

    atheris.Setup(sys.argv[:1] + sys.argv[3:], TARGETS[name])
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--seconds", type=int, default=10, help="time per target")
    arguments = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from targets import TARGETS

    chosen = arguments.targets or list(TARGETS)
    failed = []
    CRASHES.mkdir(exist_ok=True)
    for name in chosen:
        with tempfile.TemporaryDirectory() as work:
            seeds = [str(folder) for folder in SEEDS if folder.is_dir()]
            command = [
                sys.executable, str(Path(__file__).resolve()), "--run", name,
                work, *seeds,
                f"-max_total_time={arguments.seconds}", "-max_len=4096", "-rss_limit_mb=2048",
                f"-artifact_prefix={CRASHES}/{name}-",
            ]  # fmt: skip
            process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
            output = process.stderr
            done = re.findall(r"#(\d+)\s+DONE\s+cov: (\d+)", output)
            runs = re.findall(r"Done (\d+) runs in (\d+) second", output)
            summary = f"{runs[-1][0]} inputs in {runs[-1][1]} s" if runs else "no run summary"
            coverage = f", coverage {done[-1][1]}" if done else ""
            status = "ok" if process.returncode == 0 else f"CRASH (exit {process.returncode})"
            print(f"{name:<12} {status}: {summary}{coverage}")
            if process.returncode != 0:
                failed.append(name)
                print(output[-3000:], file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        sys.path.insert(0, str(HERE))
        run_target(sys.argv[2])
    else:
        sys.exit(main())
