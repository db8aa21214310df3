"""Linting one file: read, detect its kind, parse, walk the rules, collect findings."""

from __future__ import annotations

import dataclasses
import enum
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hullcheck.engine.builtin import INTERNAL_ERROR, PARSE_ERROR, PROJECT_ERROR, SELECTABLE_ENGINE_CODES
from hullcheck.engine.findings import Finding, Severity
from hullcheck.engine.options import OptionValue
from hullcheck.engine.rule import Rule
from hullcheck.engine.suppressions import apply_suppressions
from hullcheck.engine.walker import walk
from hullcheck.model.node import Node
from hullcheck.model.span import Span
from hullcheck.parsers.source import ParseProblem, ProjectProblem, decode
from hullcheck.parsers.suppressions import CommentSyntax, parse_suppressions

if TYPE_CHECKING:
    from hullcheck.cache import ResultCache

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024  # real files are far smaller; the cost is linear, see README


class FileKind(enum.Enum):
    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    PYTHON = "python"
    SHELL = "shell"
    OTHER = "other"


_CODE_KINDS = (FileKind.PYTHON, FileKind.SHELL)  # files of code that may start containers
_COMMENT_SYNTAX = {
    FileKind.DOCKERFILE: CommentSyntax.DOCKERFILE,
    FileKind.COMPOSE: CommentSyntax.YAML,
    FileKind.PYTHON: CommentSyntax.PYTHON,
    FileKind.SHELL: CommentSyntax.SHELL,
    FileKind.OTHER: CommentSyntax.YAML,  # unread files: only their parse error can be reported
}


_DOCKERFILE_NAME = re.compile(
    r"(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:[Dd]ockerfile|[Cc]ontainerfile)", re.IGNORECASE
)
_COMPOSE_NAME = re.compile(r"(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml")
_YAML_NAME = re.compile(r".+\.ya?ml")
_FIRST_INSTRUCTION = re.compile(r"^\s*(?:FROM|ARG)\s", re.IGNORECASE | re.MULTILINE)
_SHELL_SCRIPT_NAME = re.compile(r".+\.(?:sh|bash)")


def kind_by_name(name: str) -> FileKind | None:
    """The kind a file name implies, or None when only the content can tell."""
    if _COMPOSE_NAME.fullmatch(name):
        return FileKind.COMPOSE
    # code first: ``dockerfile.py`` is a Python module, ``Dockerfile.sh`` a script
    if name.endswith(".py"):
        return FileKind.PYTHON
    if _SHELL_SCRIPT_NAME.fullmatch(name):
        return FileKind.SHELL
    if _DOCKERFILE_NAME.fullmatch(name) and not name.lower().endswith((".md", ".txt", ".rst")):
        return FileKind.DOCKERFILE
    return None


def kind_by_content(name: str, text: str) -> FileKind:
    from hullcheck.parsers.compose import looks_like_compose

    if _YAML_NAME.fullmatch(name):
        return FileKind.COMPOSE if looks_like_compose(text) else FileKind.OTHER
    if text.startswith(("#!", "\ufeff#!")):
        from hullcheck.parsers.shell_file import SHELLS, shebang_program

        program = shebang_program(text) or ""
        if program in SHELLS:
            return FileKind.SHELL
        return FileKind.PYTHON if re.fullmatch(r"python[0-9.]*", program) else FileKind.OTHER
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return FileKind.DOCKERFILE if _FIRST_INSTRUCTION.match(line) else FileKind.OTHER
    return FileKind.OTHER


@dataclass(frozen=True, slots=True)
class LintOptions:
    rules: Sequence[type[Rule]]
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger file is reported and not read
    # the engine's codes to report: parse errors, unused and invalid suppressions
    engine_codes: frozenset[str] = frozenset(info.code for info in SELECTABLE_ENGINE_CODES)
    use_environment: bool = False
    rule_settings: Mapping[str, Mapping[str, OptionValue]] = field(default_factory=dict)  # by rule code
    inline_suppressions: bool = True  # obey ``# hullcheck: ignore[…]`` and hadolint pragmas
    severity: Mapping[str, Severity] = field(default_factory=dict)  # configured severities, by rule code
    python: bool = True  # lint Python files (--no-python turns them off)
    # a Compose project: the files ``--compose-file`` names, the ``--env-file`` files read instead of
    # ``.env``, and the folder outside which no file a project names is read (None: anywhere)
    compose_files: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()
    root: str | None = None


@dataclass(slots=True)
class FileResult:
    path: str
    kind: FileKind
    findings: list[Finding] = field(default_factory=list)  # the reported findings
    note: str | None = None  # why a file named on the command line was not linted
    source: str = ""  # the text findings point into; kept only for files with findings
    # findings silenced by a suppression comment or a baseline, each with its ``suppression``
    suppressed: list[Finding] = field(default_factory=list)
    fail_on: str = "warning"  # the lowest severity of its findings that fails the run (configurable per file)
    # other files read to produce it (a Compose file's ``.env``, overrides, extended files, the
    # Dockerfiles its services build): absolute paths, for the cache to check
    inputs: list[str] = field(default_factory=list)
    # Compose files linted as parts of this one's project, whose own results are left out (real paths)
    absorbed: list[str] = field(default_factory=list)
    # the texts of the other files its findings point into, by display path
    linked_sources: dict[str, str] = field(default_factory=dict)


def lint_file(path: Path, display_path: str, options: LintOptions, cache: ResultCache | None = None) -> FileResult:
    """Lint the file at ``path``; findings name it ``display_path``. With a ``cache``, a result
    stored for the same content, options and inputs is used, and a new one is stored."""
    kind = kind_by_name(path.name) or FileKind.OTHER
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            dangling = path.is_symlink() and not path.exists()
            reason = "a symbolic link to nothing (or a link loop)" if dangling else "not a regular file"
            return _unreadable(display_path, kind, f"{reason}; not read", options)
        with path.open("rb") as stream:
            data = stream.read(options.max_file_size + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return _unreadable(display_path, kind, f"cannot read the file: {reason}", options)
    key = cache.key(data, path, display_path, options) if cache is not None else ""
    if cache is not None and (stored := cache.get(key)) is not None:
        return stored
    result = lint_bytes(data, display_path, options, kind=kind_by_name(path.name), file=path)
    if cache is not None:
        cache.put(key, result)
    return result


def lint_bytes(
    data: bytes,
    display_path: str,
    options: LintOptions,
    kind: FileKind | None = None,
    directory: Path | None = None,
    file: Path | None = None,
) -> FileResult:
    """Lint file contents. ``kind`` None means: detect it from the name and content. ``file``:
    where the contents were read from; ``directory``: the folder of an unsaved file (an editor's).

    Callers read at most ``max_file_size + 1`` bytes, so a longer ``data`` means too large."""
    name = os.path.basename(display_path)
    kind = kind or kind_by_name(name)
    if file is None and directory is not None:
        file = directory / name
    if len(data) > options.max_file_size:
        message = f"file is larger than the {options.max_file_size:,}-byte limit (--max-file-size); not read"
        return _unreadable(display_path, kind or FileKind.OTHER, message, options)
    if kind in _CODE_KINDS and (passed := _code_passed_over(kind, data, display_path, options)):
        return passed
    try:
        text = decode(data)
    except ParseProblem as problem:
        shown = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return _result(display_path, kind or FileKind.OTHER, None, [problem], options, shown)
    if kind is None:
        kind = kind_by_content(name, text)
        if kind is FileKind.OTHER:
            what = "YAML file without a top-level 'services' mapping" if _YAML_NAME.fullmatch(name) else "file"
            return FileResult(display_path, kind, note=f"not a Dockerfile or Compose file ({what}); skipped")
        if kind in _CODE_KINDS and (passed := _code_passed_over(kind, data, display_path, options)):
            return passed
    inputs: list[str] = []  # the other files read, whose hashes keep a cached result valid
    linked_sources: dict[str, str] = {}  # their texts, by display path
    try:
        model, problems = _parse(kind, text, display_path, file, options, inputs, linked_sources)
        built = _linked_builds(model, display_path, file, options, problems, inputs, linked_sources)
    except ParseProblem as problem:
        return _result(display_path, kind, None, [problem], options, text)
    except RecursionError:
        too_deep = ParseProblem(Span.point(1), "file is nested too deeply to parse")
        return _result(display_path, kind, None, [too_deep], options, text)
    except Exception as error:  # noqa: BLE001 - a parser defect must not end the run
        return internal_error(display_path, kind, f"the {kind.value} parser failed: {error!r}", text)
    result = _result(display_path, kind, model, problems, options, text, linked_sources, built)
    result.inputs = inputs
    if kind is FileKind.COMPOSE:
        from hullcheck.model.container import ComposeFile

        result.absorbed = model.included_parts if isinstance(model, ComposeFile) else []
    return result


def internal_error(display_path: str, kind: FileKind, message: str, source: str = "") -> FileResult:
    """The result of a file hullcheck failed on as a whole (its parser, or the process linting
    it): one internal error (HC000) at its first line, and no other finding."""
    failure = Finding(INTERNAL_ERROR, display_path, Span.point(1), message)
    return FileResult(display_path, kind, [failure], source=source)


def _code_passed_over(kind: FileKind, data: bytes, path: str, options: LintOptions) -> FileResult | None:
    """A Python file when Python is off (with a note, seen only for a file named on the command
    line: directory scans leave them out), and a file of code that a byte-level check shows
    cannot call a container engine: never parsed."""
    from hullcheck.parsers.precheck import python_may_start_containers, shell_may_call_engine

    if kind is FileKind.PYTHON and not options.python:
        return FileResult(path, kind, note="Python files are not linted (--no-python); skipped")
    may_call = python_may_start_containers(data) if kind is FileKind.PYTHON else shell_may_call_engine(data)
    return None if may_call else FileResult(path, kind)


def _parse(
    kind: FileKind,
    text: str,
    path: str,
    file: Path | None,
    options: LintOptions,
    inputs: list[str],
    linked_sources: dict[str, str],
) -> tuple[Node, list[ParseProblem]]:
    """The model of ``text`` and its problems; the other files it reads are added to ``inputs``,
    and their texts to ``linked_sources``."""
    if kind is FileKind.DOCKERFILE:
        from hullcheck.parsers.dockerfile import parse_dockerfile

        parsed = parse_dockerfile(text, path)
        return parsed.model, parsed.problems
    if kind is FileKind.PYTHON:
        from hullcheck.parsers.python import parse_python  # imports libcst: only when a module may start containers

        return parse_python(text, path), []
    if kind is FileKind.SHELL:
        from hullcheck.parsers.shell_file import parse_shell_file

        return parse_shell_file(text, path), []
    from hullcheck.parsers.compose_project import ProjectOptions, load_compose_project

    project_options = ProjectOptions(
        options.compose_files, options.env_files, options.use_environment, options.max_file_size
    )
    root = Path(options.root) if options.root is not None else None
    project = load_compose_project(text, path, file, project_options, root)
    inputs.extend(project.inputs)
    linked_sources.update(project.sources)
    return project.parse.model, project.parse.problems


def _linked_builds(
    model: Node,
    path: str,
    file: Path | None,
    options: LintOptions,
    problems: list[ParseProblem],
    inputs: list[str],
    linked_sources: dict[str, str],
) -> list[Finding]:
    """For a Compose file: the findings of the Dockerfiles its services build, as each service
    builds them (see hullcheck.engine.builds). Problems linking them are added to ``problems``,
    the Dockerfiles read to ``inputs`` and their texts to ``linked_sources``."""
    from hullcheck.model.container import ComposeFile

    if not isinstance(model, ComposeFile) or not any(container.build for container in model.containers):
        return []
    from hullcheck.engine.builds import lint_builds

    linked = lint_builds(model, path, file, options)
    problems.extend(linked.problems)
    inputs.extend(linked.inputs)
    linked_sources.update(linked.sources)
    return linked.findings


def _result(
    path: str,
    kind: FileKind,
    model: Node | None,
    problems: list[ParseProblem],
    options: LintOptions,
    text: str = "",
    linked_sources: Mapping[str, str] | None = None,
    linked_findings: Sequence[Finding] = (),
) -> FileResult:
    """The findings of a parsed file. ``linked_sources``: the other files (of a Compose project)
    some of its findings and problems are in, whose suppression comments apply to them.
    ``linked_findings``: what the rules found in files linked to it (the Dockerfiles a Compose
    file's services build)."""
    findings = [_problem_finding(problem, path) for problem in problems]
    findings = [finding for finding in findings if finding.rule.code in options.engine_codes]
    if model is not None:
        findings.extend(walk(model, options.rules, path, options.rule_settings))
    findings.extend(linked_findings)
    if options.severity:
        findings = [_configured_severity(finding, options.severity) for finding in findings]
    suppressed: list[Finding] = []
    linked_sources = linked_sources or {}
    if options.inline_suppressions and text:
        ran = {rule.code for rule in options.rules} | options.engine_codes
        elsewhere = [finding for finding in findings if finding.path != path]
        here = [finding for finding in findings if finding.path == path]
        comments = parse_suppressions(text, _COMMENT_SYNTAX[kind])
        outcome = apply_suppressions(here, comments, model, path, ran, options.engine_codes)
        findings, suppressed = outcome.reported, outcome.suppressed
        for other in sorted({finding.path for finding in elsewhere}):
            syntax = _COMMENT_SYNTAX[kind_by_name(os.path.basename(other)) or kind]
            other_comments = parse_suppressions(linked_sources.get(other, ""), syntax)
            # no model: a comment there is reported unused only when that file is linted itself
            in_other = [finding for finding in elsewhere if finding.path == other]
            outcome = apply_suppressions(in_other, other_comments, None, other, ran, frozenset())
            findings.extend(outcome.reported)
            suppressed.extend(outcome.suppressed)
    findings.sort(key=lambda finding: finding.sort_key)
    suppressed.sort(key=lambda finding: finding.sort_key)
    kept = text if findings or suppressed else ""
    shown = {finding.path for finding in [*findings, *suppressed]}
    linked = {name: source for name, source in linked_sources.items() if name in shown}
    return FileResult(path, kind, findings, source=kept, suppressed=suppressed, linked_sources=linked)


def _problem_finding(problem: ParseProblem, path: str) -> Finding:
    rule = PROJECT_ERROR if isinstance(problem, ProjectProblem) else PARSE_ERROR
    return Finding(rule, problem.span.path or path, problem.span, problem.message)


def _configured_severity(finding: Finding, severity: Mapping[str, Severity]) -> Finding:
    configured = severity.get(finding.rule.code)
    if configured is None or configured is finding.severity:
        return finding
    return dataclasses.replace(finding, severity_override=configured)


def _unreadable(path: str, kind: FileKind, message: str, options: LintOptions) -> FileResult:
    return _result(path, kind, None, [ParseProblem(Span.point(1), message)], options)
