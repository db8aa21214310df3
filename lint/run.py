"""A whole run: expand the paths, lint every file, gather the report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from hullcheck.discovery import discover
from hullcheck.engine.registry import catalog
from hullcheck.engine.runner import FileResult, LintOptions, lint_bytes, lint_file
from hullcheck.reporters.report import Report


def run(paths: Sequence[str], options: LintOptions, stdin_name: str | None = None, root: Path | None = None) -> Report:
    """Lint ``paths`` (files, directories, or ``-`` for stdin) in a deterministic order."""
    source_root = (root or Path.cwd()).resolve()
    results: list[FileResult] = []
    sources: dict[str, str] = {}
    seen: set[Path] = set()
    for given in paths:
        if given == "-":
            data = sys.stdin.buffer.read()
            result = lint_bytes(data, stdin_name or "-", options, kind=None)
            results.append(result)
            if result.findings:
                sources[result.path] = _text(data)
            continue
        path = Path(given)
        candidates = discover(path) if path.is_dir() else iter([path])
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            result = lint_file(candidate, _display(candidate, source_root), options, explicit=not path.is_dir())
            results.append(result)
            if result.findings:
                sources[result.path] = _read_text(candidate)
    rule_codes = {rule.code for rule in options.rules}
    described = tuple(
        info for info in catalog() if info.code in rule_codes or (info.code == "HC001" and options.report_parse_errors)
    )
    return Report(results, described, source_root, sources)


def _display(path: Path, root: Path) -> str:
    """The path relative to the source root when below it, as written otherwise."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _text(data: bytes) -> str:
    """The text findings are shown in (the BOM is not part of it, as for the parsers)."""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _read_text(path: Path) -> str:
    try:
        return _text(path.read_bytes())
    except OSError:
        return ""
