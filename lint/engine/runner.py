"""Linting one file: read, detect its kind, parse, walk the rules, collect findings."""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hullcheck.engine.builtin import INTERNAL_ERROR, PARSE_ERROR, SELECTABLE_ENGINE_CODES
from hullcheck.engine.findings import Finding, Severity
from hullcheck.engine.options import OptionValue
from hullcheck.engine.rule import Rule
from hullcheck.engine.suppressions import apply_suppressions
from hullcheck.engine.walker import walk
from hullcheck.model.node import Node
from hullcheck.model.span import Span
from hullcheck.parsers.source import ParseProblem, decode
from hullcheck.parsers.suppressions import CommentSyntax, parse_suppressions

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

    @property
    def report_parse_errors(self) -> bool:
        return PARSE_ERROR.code in self.engine_codes


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
    # the texts of the other files its findings point into, by display path
    linked_sources: dict[str, str] = field(default_factory=dict)


def lint_file(path: Path, display_path: str, options: LintOptions) -> FileResult:
    """Lint the file at ``path``; findings name it ``display_path``."""
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
    return lint_bytes(data, display_path, options, kind=kind_by_name(path.name), directory=path.parent)


def lint_bytes(
    data: bytes,
    display_path: str,
    options: LintOptions,
    kind: FileKind | None = None,
    directory: Path | None = None,
) -> FileResult:
    """Lint file contents. ``kind`` None means: detect it from the name and content.

    Callers read at most ``max_file_size + 1`` bytes, so a longer ``data`` means too large."""
    name = os.path.basename(display_path)
    kind = kind or kind_by_name(name)
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
    try:
        model, problems = _parse(kind, text, display_path, directory, options)
    except ParseProblem as problem:
        return _result(display_path, kind, None, [problem], options, text)
    except RecursionError:
        too_deep = ParseProblem(Span.point(1), "file is nested too deeply to parse")
        return _result(display_path, kind, None, [too_deep], options, text)
    except Exception as error:  # noqa: BLE001 - a parser defect must not end the run
        failure = Finding(INTERNAL_ERROR, display_path, Span.point(1), f"the {kind.value} parser failed: {error!r}")
        return FileResult(display_path, kind, [failure], source=text)
    return _result(display_path, kind, model, problems, options, text)


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
    kind: FileKind, text: str, path: str, directory: Path | None, options: LintOptions
) -> tuple[Node, list[ParseProblem]]:
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
    from hullcheck.parsers.compose import parse_compose

    compose = parse_compose(text, path, _compose_variables(directory, options))
    return compose.model, compose.problems


def _compose_variables(directory: Path | None, options: LintOptions) -> Mapping[str, str]:
    """Interpolation values: the ``.env`` beside the file, then (if asked) the process environment."""
    from hullcheck.parsers.dotenv import parse_dotenv

    variables: dict[str, str] = {}
    if directory is not None:
        with contextlib.suppress(OSError):
            variables = parse_dotenv((directory / ".env").read_text(encoding="utf-8", errors="replace"))
    if options.use_environment:
        variables.update(os.environ)
    return variables


def _result(
    path: str,
    kind: FileKind,
    model: Node | None,
    problems: list[ParseProblem],
    options: LintOptions,
    text: str = "",
) -> FileResult:
    findings = [Finding(PARSE_ERROR, path, problem.span, problem.message) for problem in problems]
    if not options.report_parse_errors:
        findings = []
    if model is not None:
        findings.extend(walk(model, options.rules, path, options.rule_settings))
    if options.severity:
        findings = [_configured_severity(finding, options.severity) for finding in findings]
    suppressed: list[Finding] = []
    if options.inline_suppressions and text:
        comments = parse_suppressions(text, _COMMENT_SYNTAX[kind])
        ran = {rule.code for rule in options.rules} | options.engine_codes
        outcome = apply_suppressions(findings, comments, model, path, ran, options.engine_codes)
        findings, suppressed = outcome.reported, outcome.suppressed
    findings.sort(key=lambda finding: finding.sort_key)
    suppressed.sort(key=lambda finding: finding.sort_key)
    kept = text if findings or suppressed else ""
    return FileResult(path, kind, findings, source=kept, suppressed=suppressed)


def _configured_severity(finding: Finding, severity: Mapping[str, Severity]) -> Finding:
    configured = severity.get(finding.rule.code)
    if configured is None or configured is finding.severity:
        return finding
    return dataclasses.replace(finding, severity_override=configured)


def _unreadable(path: str, kind: FileKind, message: str, options: LintOptions) -> FileResult:
    return _result(path, kind, None, [ParseProblem(Span.point(1), message)], options)
