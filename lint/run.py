"""A whole run: expand the paths, lint every file, gather the report."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hullcheck.config import FileSettings, Settings
from hullcheck.discovery import Skipped, discover
from hullcheck.engine.registry import catalog
from hullcheck.engine.runner import FileKind, FileResult, LintOptions, kind_by_name, lint_bytes, lint_file
from hullcheck.reporters.report import Report


def run(
    paths: Sequence[str],
    settings: Settings | LintOptions,
    stdin_name: str | None = None,
    root: Path | None = None,
    follow_symlinks: bool = False,
) -> Report:
    """Lint ``paths`` (files, directories, or ``-`` for stdin) in a deterministic order.

    ``settings`` gives each file its configuration; plain ``LintOptions`` apply to every file,
    with no configuration file and no ``.gitignore`` read.
    """
    if isinstance(settings, LintOptions):
        settings = Settings.fixed(settings)
    source_root = (root or Path.cwd()).resolve()
    results: list[FileResult] = []
    used: dict[int, LintOptions] = {}  # the options files were linted with, by id, for the rules SARIF describes
    seen: set[Path] = set()

    def settings_for(path: Path) -> FileSettings:
        file_settings = settings.for_file(path)
        used[id(file_settings.options)] = file_settings.options
        return file_settings

    for given in paths:
        if given == "-":
            name = stdin_name or "-"
            if stdin_name and settings.excluded(Path(stdin_name), is_dir=False, walking=False):
                continue
            stdin_settings = settings_for(Path(name))
            data = sys.stdin.buffer.read(stdin_settings.options.max_file_size + 1)
            results.append(_judged(lint_bytes(data, name, stdin_settings.options), stdin_settings))
            continue
        path = Path(given)
        settings_for(path)  # its rules are described even when the folder holds no file to lint
        folder = path.is_dir()
        if folder:
            candidates = discover(path, follow_symlinks, skip=settings.excluded)
        elif settings.excluded(path, is_dir=False, walking=False):
            continue
        else:
            candidates = iter([path])
        for candidate in candidates:
            if isinstance(candidate, Skipped):
                note = FileResult(_display(candidate.path, source_root), FileKind.OTHER, note=candidate.reason)
                results.append(note)
                continue
            resolved = Path(os.path.realpath(candidate))  # unlike resolve(), never raises on a link loop
            if resolved in seen:
                continue
            seen.add(resolved)
            file_settings = settings_for(candidate)
            if folder and not file_settings.options.python and kind_by_name(candidate.name) is FileKind.PYTHON:
                continue  # --no-python: a folder's Python files are not taken in
            result = lint_file(candidate, _display(candidate, source_root), file_settings.options)
            results.append(_judged(result, file_settings))
    reported: set[str] = set()
    for options in used.values():
        reported |= {rule.code for rule in options.rules} | options.engine_codes
    described = tuple(info for info in catalog() if info.code in reported)
    sources = {result.path: result.source for result in results if result.source}
    for result in results:
        sources.update(result.linked_sources)
    return Report(results, described, source_root, sources)


def _judged(result: FileResult, file_settings: FileSettings) -> FileResult:
    """The result, with the threshold its findings are judged by (the exit code)."""
    result.fail_on = file_settings.fail_on
    return result


def _display(path: Path, root: Path) -> str:
    """The path relative to the source root when below it, as written otherwise."""
    try:
        return Path(os.path.realpath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
