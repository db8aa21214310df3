"""A whole run: expand the paths, lint every file, gather the report."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hullcheck.discovery import Skipped, discover
from hullcheck.engine.registry import catalog
from hullcheck.engine.runner import FileKind, FileResult, LintOptions, lint_bytes, lint_file
from hullcheck.reporters.report import Report


def run(
    paths: Sequence[str],
    options: LintOptions,
    stdin_name: str | None = None,
    root: Path | None = None,
    follow_symlinks: bool = False,
) -> Report:
    """Lint ``paths`` (files, directories, or ``-`` for stdin) in a deterministic order."""
    source_root = (root or Path.cwd()).resolve()
    results: list[FileResult] = []
    seen: set[Path] = set()
    for given in paths:
        if given == "-":
            data = sys.stdin.buffer.read(options.max_file_size + 1)
            results.append(lint_bytes(data, stdin_name or "-", options, kind=None))
            continue
        path = Path(given)
        candidates = discover(path, follow_symlinks) if path.is_dir() else iter([path])
        for candidate in candidates:
            if isinstance(candidate, Skipped):
                note = FileResult(_display(candidate.path, source_root), FileKind.OTHER, note=candidate.reason)
                results.append(note)
                continue
            resolved = Path(os.path.realpath(candidate))  # unlike resolve(), never raises on a link loop
            if resolved in seen:
                continue
            seen.add(resolved)
            results.append(lint_file(candidate, _display(candidate, source_root), options))
    rule_codes = {rule.code for rule in options.rules}
    described = tuple(
        info for info in catalog() if info.code in rule_codes or (info.code == "HC001" and options.report_parse_errors)
    )
    sources = {result.path: result.source for result in results if result.findings}
    return Report(results, described, source_root, sources)


def _display(path: Path, root: Path) -> str:
    """The path relative to the source root when below it, as written otherwise."""
    try:
        return Path(os.path.realpath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
