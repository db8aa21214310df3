"""A whole scan: expand the paths, lint every file, gather the report (one file is linted by
hullcheck.engine.lint)."""

from __future__ import annotations

import os
import posixpath
import sys
from collections.abc import Sequence

from hullcheck import records
from hullcheck.config import FileSettings, Settings
from hullcheck.discovery import Skipped, discover
from hullcheck.engine.engine_codes import UNUSED_SUPPRESSION
from hullcheck.engine.findings import Finding, RuleInfo, VariantKey, merge_variants, variant_key
from hullcheck.engine.lint import FileResult, LintOptions, lint_bytes
from hullcheck.frontends import OTHER_KIND, front_end_for_path
from hullcheck.parallel import Task, lint_files
from hullcheck.parsers.source import cleaned_path, relative_below
from hullcheck.reporters.report import DescribedRules, Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.cache import ResultCache


def scan(
    paths: Sequence[str],
    settings: Settings | LintOptions,
    stdin_name: str | None = None,
    root: str | None = None,
    follow_symlinks: bool = False,
    jobs: int = 1,
    cache: ResultCache | None = None,
    stdin_data: bytes | None = None,
) -> Report:
    """Lint ``paths`` (files, directories, or ``-`` for stdin) in a deterministic order.

    ``settings`` gives each file its configuration; plain ``LintOptions`` apply to every file,
    with no configuration file and no ``.gitignore`` read. Files are linted on up to ``jobs``
    processes (see hullcheck.parallel), through ``cache`` when one is given. ``stdin_data``: what
    ``-`` stands for, when stdin was read already (a fix run lints it again after each round).
    """
    if isinstance(settings, LintOptions):
        settings = Settings.fixed(settings)
    source_root = os.path.realpath(root or os.getcwd())
    slots: list[FileResult | tuple[Task, FileSettings]] = []  # results, and files to lint, in order
    used: dict[int, LintOptions] = {}  # the options files were linted with, by id, for the rules SARIF describes
    seen: set[str] = set()
    rooted = RootedOptions()

    def settings_for(path: str) -> FileSettings:
        file_settings = settings.for_file(path)
        used[id(file_settings.options)] = file_settings.options
        return file_settings

    for given in paths:
        if given == "-":
            name = stdin_name or "-"  # findings name it as given
            stands_for = cleaned_path(name)
            if stdin_name and settings.excluded(stands_for, is_dir=False, walking=False):
                continue
            stdin_settings = settings_for(stands_for)
            limit = stdin_settings.options.max_file_size + 1
            data = sys.stdin.buffer.read(limit) if stdin_data is None else stdin_data[:limit]
            # the folder of the file it stands for: its .env and override apply, as in an editor
            stdin_folder = os.path.dirname(stands_for) if stdin_name else None  # "": the current folder
            options = rooted(stdin_settings.options, scanned_root(stdin_folder or source_root, source_root))
            slots.append(_judged(lint_bytes(data, name, options, directory=stdin_folder), stdin_settings))
            continue
        path = cleaned_path(given)
        given_settings = settings_for(path)  # its rules are described even when the folder holds no file to lint
        folder = os.path.isdir(path)
        if folder:
            candidates = discover(path, follow_symlinks, skip=settings.excluded)
        elif settings.excluded(path, is_dir=False, walking=False):
            continue
        else:
            candidates = iter([path])
        project_root = scanned_root(path, source_root)
        for found in candidates:
            if isinstance(found, Skipped):
                # named as the tree holds it: a skipped link by its own path, not its target's
                parent = _display(os.path.dirname(found.path), source_root)
                shown = cleaned_path(posixpath.join(parent, os.path.basename(found.path)))
                note = FileResult(shown, OTHER_KIND, note=found.reason)
                slots.append(note)
                continue
            file_settings = given_settings if found is path else settings_for(found)
            front_end = front_end_for_path(found)
            candidate = front_end.linted_from(found, file_settings.options) if front_end is not None else found
            resolved = os.path.realpath(candidate)
            if resolved in seen:
                continue
            seen.add(resolved)
            if folder and front_end is not None and front_end.disabled(file_settings.options) is not None:
                continue  # a folder's files of a kind turned off (--no-python) are not taken in
            options = rooted(file_settings.options, project_root)
            slots.append((Task(candidate, _display(candidate, source_root, resolved), options), file_settings))
    by_task = _lint_tasks([slot[0] for slot in slots if isinstance(slot, tuple)], jobs, cache)
    results = [
        _judged(by_task[id(slot[0])], slot[1]) if isinstance(slot, tuple) else slot
        for slot in slots
        if not isinstance(slot, tuple) or id(slot[0]) in by_task
    ]
    _drop_refuted(results)
    _merge_variants(results)
    _drop_suppressions_used_elsewhere(results)
    reported: set[str] = set()
    for options in used.values():
        reported |= {rule.code for rule in options.rules} | options.engine_codes
    described = DescribedRules(reported, _foreign_codes(results))
    sources = {result.path: result.source for result in results if result.source}
    for result in results:
        sources.update(result.linked_sources)
    return Report(results, described, source_root, sources)


def _foreign_codes(results: list[FileResult]) -> tuple[RuleInfo, ...]:
    """The descriptions of the codes of another tool a rule reported (ShellCheck's SC2086, of
    the shellcheck rule), which no catalog lists: those the results use, ordered by code."""
    used = {
        finding.rule.code: finding.rule
        for result in results
        for finding in (*result.findings, *result.suppressed)
        if finding.rule.reported_by
    }
    return tuple(used[code] for code in sorted(used))


def scanned_root(given: str, source_root: str) -> str:
    """The folder a Compose project found under ``given`` may read other files from: the source
    root (a real path) when ``given`` is inside it, else ``given`` itself (a folder) or its folder
    (a file)."""
    absolute = os.path.realpath(given)
    if relative_below(absolute, source_root) is not None:
        return source_root
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


class RootedOptions:
    """Options bound to the folder a Compose project may read files from: one object for each
    options and folder, as parallel runs send each object once and memos key on it."""

    def __init__(self) -> None:
        self.bound: dict[tuple[int, str], tuple[LintOptions, LintOptions]] = {}  # holds each original too

    def __call__(self, options: LintOptions, root: str) -> LintOptions:
        key = (id(options), root)
        if key not in self.bound:
            self.bound[key] = (options, records.replace(options, root=root))
        return self.bound[key][1]


def _lint_tasks(tasks: list[Task], jobs: int, cache: ResultCache | None) -> dict[int, FileResult]:
    """The result of each task, by its id; none for a file another one linted as a part of itself
    (see Parsed.parts: a Compose project's included files). Files that may include come first,
    so their parts are never linted alone."""
    includers = [task for task in tasks if _may_include(task.path)]
    results = dict(zip(map(id, includers), lint_files(includers, jobs, cache), strict=True))
    absorbed = {path for result in results.values() for path in result.absorbed}
    rest = [
        task for task in tasks if id(task) not in results and not (absorbed and os.path.realpath(task.path) in absorbed)
    ]
    results.update(zip(map(id, rest), lint_files(rest, jobs, cache), strict=True))
    return results


def _may_include(path: str) -> bool:
    front_end = front_end_for_path(path)
    return front_end is not None and front_end.may_include(path)


def _drop_refuted(results: list[FileResult]) -> None:
    """What a file's own lint reports and a project that uses it refutes is no finding: a
    Dockerfile's ``FROM app`` is not pulled when a service of the project builds ``app``."""
    refuted = {(*variant_key(finding), finding.message) for result in results for finding in result.refuted}
    if not refuted:
        return
    for result in results:
        result.findings = [
            finding for finding in result.findings if (*variant_key(finding), finding.message) not in refuted
        ]


def _merge_variants(results: list[FileResult]) -> None:
    """One finding once in the whole run: the findings of one rule at one place, whichever
    results hold them (a Dockerfile's own and each project's that builds it, an env file's in
    each Compose file that reads it, an included file's in its own and its includer's), become
    one (see merge_variants). Reported and suppressed findings are merged apart."""
    paths = [result.path for result in results]
    findings = _merged(paths, [result.findings for result in results])
    suppressed = _merged(paths, [result.suppressed for result in results])
    for result, reported, silenced in zip(results, findings, suppressed, strict=True):
        result.findings, result.suppressed = reported, silenced


def _merged(paths: list[str], lists: list[list[Finding]]) -> list[list[Finding]]:
    """The findings of each result (its file's path, its list), variants merged into the list of
    the one that leads: the most severe, then one its own file's lint reports, then the first."""
    groups: dict[VariantKey, list[tuple[int, Finding]]] = {}
    for index, findings in enumerate(lists):
        for finding in findings:
            groups.setdefault(variant_key(finding), []).append((index, finding))
    merged: dict[int, Finding] = {}  # by the id of the variant that leads
    for group in groups.values():
        group.sort(key=lambda item: (-item[1].severity.rank, paths[item[0]] != item[1].path, item[0]))
        merged[id(group[0][1])] = merge_variants([finding for _, finding in group])
    return [[merged[id(finding)] for finding in findings if id(finding) in merged] for findings in lists]


def _drop_suppressions_used_elsewhere(results: list[FileResult]) -> None:
    """A suppression comment in a Dockerfile may silence only what a Compose service's build of
    it reports (its build args, its target stage): the Dockerfile's own result then calls it
    unused, wrongly."""
    used = {
        (finding.path, finding.suppression.name_span)
        for result in results
        for finding in result.suppressed
        if finding.suppression is not None and finding.path != result.path
    }
    if not used:
        return
    for result in results:
        result.findings = [
            finding
            for finding in result.findings
            if not (finding.rule.code == UNUSED_SUPPRESSION.code and (finding.path, finding.span) in used)
        ]


def _judged(result: FileResult, file_settings: FileSettings) -> FileResult:
    """The result, with the threshold its findings are judged by (the exit code)."""
    result.fail_on = file_settings.fail_on
    return result


def _display(path: str, root: str, real: str | None = None) -> str:
    """The path relative to the source root when below it, as written otherwise (by cleaned_path).
    ``real``: its real path, when the caller has it."""
    below = relative_below(real or os.path.realpath(path), root)
    return below if below is not None else path
