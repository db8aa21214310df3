"""What linting a large tree of Python with few container starts costs.

    python tests/bench/python_tree.py [TREE]   (default: this interpreter's site-packages)

Prints the Python files the scan sees, how many of them the byte-level pre-check lets through,
how many of those libcst then parses (counted at ``libcst.parse_module``: CPython's parser
passes over modules that call nothing that could start a container), the findings, and the
wall time of the whole run, in-process as the CLI does it, next to the same run with Python
turned off (``--no-python``).
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from collections import Counter
from pathlib import Path
from typing import Any

import libcst

from hullcheck.discovery import discover
from hullcheck.engine.lint import FileKind, LintOptions
from hullcheck.engine.registry import all_rules
from hullcheck.frontends import front_end_for_path, kind_of
from hullcheck.parsers.precheck import python_may_start_containers
from hullcheck.scan import scan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", nargs="?", type=Path, default=Path(sysconfig.get_paths()["purelib"]))
    tree = parser.parse_args().tree

    python_files = [
        Path(path)
        for path in discover(str(tree))
        if isinstance(path, str) and kind_of(front_end_for_path(path)) is FileKind.PYTHON
    ]
    passed = [path for path in python_files if python_may_start_containers(path.read_bytes())]

    parsed: list[str] = []
    parse_module = libcst.parse_module

    def counting(source: Any, *args: Any, **kwargs: Any) -> libcst.Module:
        parsed.append(source)
        return parse_module(source, *args, **kwargs)

    libcst.parse_module = counting  # type: ignore[assignment]  # counts what the run parses
    timings: dict[bool, float] = {}
    for python in (True, False):
        started = time.perf_counter()
        report = scan([str(tree)], LintOptions(rules=all_rules(), python=python), root=str(tree))
        timings[python] = time.perf_counter() - started
        if python:
            with_python = report

    print(f"tree: {tree}")
    print(f"Python files seen: {len(python_files)}")
    print(f"passed the byte-level pre-check: {len(passed)}")
    for path in passed:
        print(f"  {path.relative_to(tree)}")
    print(f"parsed by libcst: {len(parsed)}")
    kinds = Counter(result.kind.value for result in with_python.results)
    print(f"files linted: {len(with_python.results)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    findings = Counter(finding.rule.name for finding in with_python.findings)
    print(f"findings: {sum(findings.values())} {dict(findings.most_common())}")
    print(f"wall time: {timings[True]:.2f} s; with --no-python {timings[False]:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
