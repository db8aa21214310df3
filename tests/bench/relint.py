"""CPU of the language server's re-lint of a 300-line Dockerfile and a 300-line Compose file
after an edit, in one process, against #19's target of 5 ms.

    python tests/bench/relint.py [--edits 120] [--extend-select best-practice]

Lints each document as ``hullcheck lsp`` does after a change (``lint_bytes_steps`` with the
options of a document in a folder without configuration and the document's Relint, which keeps
what the last lint made for the next; ShellCheck's answer, when its rule is selected, taken as
known: the server reuses it while the scripts are the same), once to warm up, then times
``edits`` edits of each kind, one after another, each on the text the last left:

- ``type``: a character typed inside one instruction or value (a RUN's package word, an
  environment value), a new text every time, as typing makes;
- ``tag``: an image tag changed to one not seen before;
- ``line``: a line added and, at the next edit, removed again (every line after it moves).

It prints the median CPU (``time.process_time``) of each, with and without ``best-practice``,
beside the 5 ms target. The documents are those of tests/bench/lsp_latency.py. Not a test:
numbers depend on the machine (compare side by side, alternately, on a loaded one).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from lsp_latency import LINES, compose, dockerfile

from hullcheck.config import Overrides, Settings
from hullcheck.engine.lint import FileResult, LintOptions, Relint, finish, lint_bytes_steps

TARGET_MS = 5.0
Edit = Callable[[str, int], str]  # the text after the n-th edit of a kind, given the text before


def relint(text: str, path: Path, options: LintOptions, memo: Relint) -> FileResult:
    """The server's lint of a document's new text (hullcheck.lsp.server lint_now), ShellCheck's
    answer on its scripts taken as known and empty."""
    steps = lint_bytes_steps(text.encode(), str(path), options, directory=str(path.parent), memo=memo)
    try:
        next(steps)
    except StopIteration as linted:
        result: FileResult = linted.value
        return result
    return finish(steps, [])


def _typed(first: str, anchor: str) -> Edit:
    """Typing after ``anchor`` (its first occurrence): each edit adds one more letter."""

    def edit(text: str, n: int) -> str:
        typed = "".join(chr(ord("a") + (i * 7) % 26) for i in range(n))
        return first.replace(anchor, anchor + typed, 1)

    return edit


def _tag(first: str, old: str, written: Callable[[int], str]) -> Edit:
    return lambda text, n: first.replace(old, written(n), 1)


def _line(first: str, after: str, line: Callable[[int], str]) -> Edit:
    """A line added after the line ``after`` at odd edits, the text back as it was at even ones."""

    def edit(text: str, n: int) -> str:
        return first.replace(after, f"{after}{line(n)}\n", 1) if n % 2 else first

    return edit


def edits(name: str, text: str) -> dict[str, Edit]:
    if name == "Dockerfile":
        middle = "FROM ${BASE} AS stage3\n"
        return {
            "type": _typed(text, "ca-certificates git"),
            "tag": _tag(text, middle, lambda n: f"FROM debian:12.{n} AS stage3\n"),
            "line": _line(text, middle, lambda n: f"ENV EXTRA_{n}=1"),
        }
    return {
        "type": _typed(text, "SERVICE_NAME: service3"),
        "tag": _tag(text, "service3:1.3.0", lambda n: f"service3:1.3.{n}"),
        "line": _line(text, "    restart: unless-stopped\n", lambda n: f"    hostname: host{n}"),
    }


def timed(text: str, path: Path, options: LintOptions, edit: Edit, count: int) -> list[float]:
    """The CPU seconds of each of ``count`` re-lints, each after one more edit."""
    memo = Relint()
    relint(text, path, options, memo)
    seconds = []
    for n in range(1, count + 1):
        text = edit(text, n)
        started = time.process_time()
        relint(text, path, options, memo)
        seconds.append(time.process_time() - started)
    return seconds


def _documents() -> Iterator[tuple[str, str]]:
    yield "Dockerfile", dockerfile(LINES)
    yield "compose.yaml", compose(LINES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=120, help="edits of each kind (default 120)")
    parser.add_argument("--extend-select", action="append", default=None, metavar="RULES")
    arguments = parser.parse_args()
    selections = [arguments.extend_select] if arguments.extend_select else [[], ["best-practice"]]
    print(f"re-lint CPU after an edit, in one process, median of {arguments.edits} (target {TARGET_MS:.0f} ms):")
    with tempfile.TemporaryDirectory() as folder:
        for extend in selections:
            settings = Settings(Overrides(extend_select=extend, find_config_files=False))
            shown = f"--extend-select {','.join(extend)}" if extend else "default rules"
            for name, text in _documents():
                path = Path(folder) / name
                options = settings.for_file(str(path)).options
                medians = {
                    kind: statistics.median(timed(text, path, options, edit, arguments.edits)) * 1000
                    for kind, edit in edits(name, text).items()
                }
                row = "  ".join(f"{kind} {ms:5.1f} ms" for kind, ms in medians.items())
                met = "met" if max(medians.values()) < TARGET_MS else "not met"
                print(f"  {name:<13} {shown:<30} {row}   ({met})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
