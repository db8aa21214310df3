"""Linting one file: read, detect its kind, parse, walk the rules, collect findings (a whole
scan of paths is hullcheck.scan)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Generator, Mapping, Sequence

from hullcheck import records
from hullcheck.engine.engine_codes import (
    INTERNAL_ERROR,
    PARSE_ERROR,
    PROJECT_ERROR,
    SELECTABLE_ENGINE_CODES,
    UNKNOWN_COMPOSE_KEY,
)
from hullcheck.engine.findings import Finding, Severity
from hullcheck.engine.options import OptionValue
from hullcheck.engine.registry import ALL_SCRIPT_CODES, RuleSource, ScriptCodes
from hullcheck.engine.shellcheck import RULE_CODE as SHELLCHECK_RULE
from hullcheck.engine.shellcheck import ScriptRequest, failed_here
from hullcheck.engine.suppressions import apply_suppressions
from hullcheck.engine.walker import WalkMemo, walk
from hullcheck.frontends import (
    OTHER_KIND,
    FileKind,
    FrontEnd,
    NotLinted,
    Parsed,
    front_end_for_content,
    front_end_for_path,
    kind_of,
)
from hullcheck.generics import TypeVar
from hullcheck.model.node import Node
from hullcheck.model.span import Span
from hullcheck.parsers.source import ParseProblem, ProjectProblem, SchemaProblem, decode, file_mode, read_file_bytes
from hullcheck.parsers.suppressions import CommentSyntax, parse_suppressions
from hullcheck.records import Record, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.cache import ResultCache

_Memo = TypeVar("_Memo")

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024  # real files are far smaller; the cost is linear, see README
# how a file of no known kind writes comments: only a problem reading it can be reported there
_UNKNOWN_SYNTAX = CommentSyntax.YAML


class LintOptions(Record, frozen=True, slots=True):
    rules: Sequence[RuleSource]  # rule classes, or the index's entries, loaded as a walk meets what they visit
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
    script_codes: ScriptCodes = ALL_SCRIPT_CODES  # which of ShellCheck's codes to report


class FileResult(Record, slots=True):
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
    # findings another file's own lint reports that this one's project shows are none (a FROM
    # naming an image a service builds is not pulled): a scan drops them
    refuted: list[Finding] = field(default_factory=list)


class Relint(Record, slots=True):
    """What a lint of a document keeps for the lint of its next version, to take wherever the
    document is unchanged (the language server keeps one for each open document): the node-local
    rules' findings (see WalkMemo), and the parser's own memo (its front end's: see
    FrontEnd.parse_again)."""

    walk: WalkMemo = field(default_factory=WalkMemo)
    parsed: object = None

    def parser_memo(self, kind: type[_Memo]) -> _Memo:
        """The parser's memo (``parsed``), a new one of ``kind`` when the document's last parse
        kept none of it (the first lint, or one of another kind of file)."""
        memo = self.parsed if isinstance(self.parsed, kind) else kind()
        self.parsed = memo
        return memo


class ScriptsToCheck(list[ScriptRequest]):
    """The scripts a lint in steps yields, and ``so_far()``: the file's result without
    ShellCheck's findings, its suppressions of ShellCheck's codes not yet judged (for a caller
    that shows the rest first: the language server)."""

    def __init__(self, requests: list[ScriptRequest], so_far: Callable[[], FileResult]) -> None:
        super().__init__(requests)
        self.so_far = so_far


# A lint in steps: it yields the scripts its rules hand to ShellCheck (at most once, and only
# when there are some), is sent ShellCheck's findings on them, and returns the file's result.
# Driving many at once (lint_together) checks the scripts of many files in one ShellCheck process.
Steps = Generator[ScriptsToCheck, list[Finding], FileResult]

# files whose scripts go to ShellCheck together when linted in one process: bounds the memory
# held while they wait (their findings and texts) and a batch's work
FILES_PER_BATCH = 64


def lint_file(path: str, display_path: str, options: LintOptions, cache: ResultCache | None = None) -> FileResult:
    """Lint the file at ``path``; findings name it ``display_path``. With a ``cache``, a result
    stored for the same content, options and inputs is used, and a new one is stored."""
    return lint_together([lint_file_steps(path, display_path, options, cache)])[0]


def lint_together(lints: Sequence[Steps]) -> list[FileResult]:
    """Run each lint to its result, the scripts of up to FILES_PER_BATCH of them checked by
    ShellCheck together."""
    from hullcheck.engine.shellcheck import check_files, find_shellcheck

    results: list[FileResult] = []
    for first in range(0, len(lints), FILES_PER_BATCH):
        batch = lints[first : first + FILES_PER_BATCH]
        waiting: dict[int, list[ScriptRequest]] = {}
        done: dict[int, FileResult] = {}
        for index, steps in enumerate(batch):
            try:
                waiting[index] = next(steps)
            except StopIteration as finished:
                done[index] = finished.value
        if waiting:
            answers = check_files(list(waiting.values()), find_shellcheck())
            for (index, _scripts), found in zip(waiting.items(), answers, strict=True):
                done[index] = finish(batch[index], found)
        results.extend(done[index] for index in range(len(batch)))
    return results


def finish(steps: Steps, found: list[Finding]) -> FileResult:
    """The result of a lint that yielded its scripts, given ShellCheck's ``found`` on them."""
    try:
        steps.send(found)
    except StopIteration as finished:
        result: FileResult = finished.value
        return result
    raise AssertionError("a lint yields its scripts once")


def lint_file_steps(path: str, display_path: str, options: LintOptions, cache: ResultCache | None = None) -> Steps:
    """:func:`lint_file` in steps (see Steps)."""
    front_end = front_end_for_path(path)
    try:
        mode = file_mode(path)
        if mode is None or not stat.S_ISREG(mode):  # a FIFO or device would block or never end
            dangling = mode is None and os.path.islink(path)
            reason = "a symbolic link to nothing (or a link loop)" if dangling else "not a regular file"
            return _unreadable(display_path, front_end, f"{reason}; not read", options)
        data = read_file_bytes(path, options.max_file_size + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return _unreadable(display_path, front_end, f"cannot read the file: {reason}", options)
    key = cache.key(data, path, display_path, options) if cache is not None else ""
    if cache is not None and (stored := cache.get(key)) is not None:
        return stored
    result = yield from lint_bytes_steps(data, display_path, options, front_end=front_end, file=path)
    if cache is not None and not failed_here(result.findings):
        cache.put(key, result)
    return result


def lint_bytes(
    data: bytes,
    display_path: str,
    options: LintOptions,
    front_end: FrontEnd | None = None,
    directory: str | None = None,
    file: str | None = None,
) -> FileResult:
    """Lint file contents (see :func:`lint_bytes_steps`), its scripts checked by ShellCheck
    when the ShellCheck rule is selected."""
    return lint_together([lint_bytes_steps(data, display_path, options, front_end, directory, file)])[0]


def lint_bytes_steps(
    data: bytes,
    display_path: str,
    options: LintOptions,
    front_end: FrontEnd | None = None,
    directory: str | None = None,
    file: str | None = None,
    memo: Relint | None = None,
) -> Steps:
    """Lint file contents, in steps (see Steps). ``front_end`` None means: detect the kind
    from the name and content. ``file``: where the contents were read from; ``directory``: the
    folder of an unsaved file (an editor's). ``memo``: what the lint of the document's last
    version kept, taken where it is unchanged (see Relint); this lint leaves its own there.

    Callers read at most ``max_file_size + 1`` bytes, so a longer ``data`` means too large."""
    name = os.path.basename(display_path)
    front_end = front_end or front_end_for_path(display_path)
    if file is None and directory is not None:
        file = os.path.join(directory, name)
    if len(data) > options.max_file_size:
        message = f"file is larger than the {options.max_file_size:,}-byte limit (--max-file-size); not read"
        return _unreadable(display_path, front_end, message, options)
    if front_end is not None and (passed := _passed_over(front_end, data, display_path, options)):
        return passed
    try:
        text = decode(data)
    except ParseProblem as problem:
        shown = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return _result(display_path, front_end, None, [problem], options, shown)
    if front_end is None:
        sniffed = front_end_for_content(name, text)
        if isinstance(sniffed, NotLinted):
            note = f"not a Dockerfile or Compose file ({sniffed.description}); skipped"
            return FileResult(display_path, OTHER_KIND, note=note)
        front_end = sniffed
        if passed := _passed_over(front_end, data, display_path, options):
            return passed
    try:
        if memo is None:
            parsed = front_end.parse(text, display_path, file, options)
        else:
            parsed = front_end.parse_again(text, display_path, file, options, memo)
        built, refuted = _linked_builds(front_end, parsed, display_path, file, options)
    except ParseProblem as problem:
        return _result(display_path, front_end, None, [problem], options, text)
    except RecursionError:
        too_deep = ParseProblem(Span.point(1), "file is nested too deeply to parse")
        return _result(display_path, front_end, None, [too_deep], options, text)
    except Exception as error:  # noqa: BLE001 - a parser defect must not end the run
        return internal_error(
            display_path, front_end.kind, f"the {front_end.kind.value} parser failed: {error!r}", text
        )
    walked = memo.walk if memo is not None else None
    judging = _Judging(
        display_path, front_end, parsed.model, parsed.problems, options, text, parsed.sources, built, walked
    )
    inputs, parts = parsed.inputs, parsed.parts
    del parsed  # a lint waiting for ShellCheck holds its findings, not its model

    def result() -> FileResult:
        whole = judging.result()
        whole.inputs, whole.absorbed, whole.refuted = inputs, parts, refuted
        return whole

    if judging.scripts:
        judging.add_script_findings((yield ScriptsToCheck(judging.scripts, result)))
    return result()


def internal_error(display_path: str, kind: FileKind, message: str, source: str = "") -> FileResult:
    """The result of a file hullcheck failed on as a whole (its parser, or the process linting
    it): one internal error (HC000) at its first line, and no other finding."""
    failure = Finding(INTERNAL_ERROR, display_path, Span.point(1), message)
    return FileResult(display_path, kind, [failure], source=source)


def _passed_over(front_end: FrontEnd, data: bytes, path: str, options: LintOptions) -> FileResult | None:
    """A file of a kind the options turn off (with a note, seen only for a file named on the
    command line: directory scans leave them out), and one a byte-level look shows to hold
    nothing the rules look at: never parsed."""
    disabled = front_end.disabled(options)
    if disabled is not None:
        return FileResult(path, front_end.kind, note=f"{disabled}; skipped")
    verdict = front_end.may_hold_findings(data)
    if isinstance(verdict, NotLinted):  # not of the kind its name says
        return FileResult(path, OTHER_KIND, note=f"{verdict.description}; skipped")
    return None if verdict else FileResult(path, front_end.kind)


def _linked_builds(
    front_end: FrontEnd, parsed: Parsed, path: str, file: str | None, options: LintOptions
) -> tuple[list[Finding], list[Finding]]:
    """The findings of the Dockerfiles the model's containers build, as each builds them (see
    hullcheck.engine.builds), and their own findings the project refutes. Problems linking them
    are added to the parse's problems, the Dockerfiles read to its inputs and their texts to its
    sources."""
    building = front_end.built_containers(parsed.model)
    if not building:
        return [], []
    from hullcheck.engine.builds import lint_builds

    linked = lint_builds(building, path, file, options)
    parsed.problems.extend(linked.problems)
    parsed.inputs.extend(linked.inputs)
    parsed.sources.update(linked.sources)
    return linked.findings, linked.refuted


class _Judging:
    """A parsed file's findings on their way to its result: the rules' and the parser's, then
    ShellCheck's on the scripts the rules handed over (``scripts``), then configured severities
    and suppression comments. ``linked_sources``: the other files (of a Compose project) some
    of its findings and problems are in, whose suppression comments apply to them.
    ``linked_findings``: what the rules found in files linked to it (the Dockerfiles a Compose
    file's services build). Holds no model: a lint waiting for ShellCheck keeps only this."""

    def __init__(
        self,
        path: str,
        front_end: FrontEnd | None,
        model: Node | None,
        problems: list[ParseProblem],
        options: LintOptions,
        text: str = "",
        linked_sources: Mapping[str, str] | None = None,
        linked_findings: Sequence[Finding] = (),
        memo: WalkMemo | None = None,
    ) -> None:
        self.path, self.front_end, self.options, self.text = path, front_end, options, text
        self.linked_sources = linked_sources or {}
        findings = [_problem_finding(problem, path) for problem in problems]
        self.findings = [finding for finding in findings if finding.rule.code in options.engine_codes]
        self.scripts: list[ScriptRequest] = []
        self.checked_codes: ScriptCodes | None = None  # ShellCheck's codes it checked the scripts for
        if model is not None:
            self.findings.extend(walk(model, options.rules, path, options.rule_settings, self.scripts, memo))
        self.findings.extend(linked_findings)
        # its suppression comments, read once for every result; where statements start, which
        # only they need (no model: the file did not parse, and no suppression is reported unused)
        self.comments = parse_suppressions(text, _comment_syntax(front_end)) if options.inline_suppressions else None
        self.starts: Mapping[int, int] | None = None
        if front_end is not None and model is not None:
            self.starts = front_end.statement_starts(model) if self.comments and self.comments.comments else {}

    def add_script_findings(self, found: Sequence[Finding]) -> None:
        """ShellCheck's findings on ``scripts``: those of the codes the run reports."""
        reports = self.options.script_codes.reports
        self.findings.extend(finding for finding in found if not finding.rule.reported_by or reports(finding.rule.code))
        if not failed_here(found):
            self.checked_codes = self.options.script_codes

    def result(self) -> FileResult:
        path, options, text = self.path, self.options, self.text
        findings = list(self.findings)  # a result before ShellCheck's findings keeps its own
        if options.severity:
            findings = [_configured_severity(finding, options.severity) for finding in findings]
        suppressed: list[Finding] = []
        linked_sources = self.linked_sources
        if self.comments is not None and text:
            codes = {rule.code for rule in options.rules} | options.engine_codes
            if self.scripts and self.checked_codes is None:  # not checked (yet): the ShellCheck rule has not run
                codes.discard(SHELLCHECK_RULE)
            ran = _RanCodes(codes, self.checked_codes)
            elsewhere = [finding for finding in findings if finding.path != path]
            here = [finding for finding in findings if finding.path == path]
            outcome = apply_suppressions(here, self.comments, self.starts, path, ran, options.engine_codes)
            findings, suppressed = outcome.reported, outcome.suppressed
            for other in sorted({finding.path for finding in elsewhere}):
                syntax = _comment_syntax(front_end_for_path(other) or self.front_end)
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
        return FileResult(
            path, kind_of(self.front_end), findings, source=kept, suppressed=suppressed, linked_sources=linked
        )


def _result(
    path: str,
    front_end: FrontEnd | None,
    model: Node | None,
    problems: list[ParseProblem],
    options: LintOptions,
    text: str = "",
) -> FileResult:
    """The result of a file that did not parse (no model) or whose rules check no script."""
    return _Judging(path, front_end, model, problems, options, text).result()


class _RanCodes:
    """The codes whose rules looked at a file (a suppression of another is idle, not unused):
    the rules' and engine codes, and ShellCheck's that the run reports where it checked the
    file's scripts."""

    def __init__(self, codes: set[str], script_codes: ScriptCodes | None) -> None:
        self.codes, self.script_codes = codes, script_codes

    def __contains__(self, code: object) -> bool:
        if code in self.codes:
            return True
        return self.script_codes is not None and isinstance(code, str) and self.script_codes.reports(code)


def _comment_syntax(front_end: FrontEnd | None) -> CommentSyntax:
    return front_end.comment_syntax if front_end is not None else _UNKNOWN_SYNTAX


def _problem_finding(problem: ParseProblem, path: str) -> Finding:
    rule = PARSE_ERROR
    if isinstance(problem, ProjectProblem):
        rule = PROJECT_ERROR
    elif isinstance(problem, SchemaProblem):
        rule = UNKNOWN_COMPOSE_KEY
    return Finding(rule, problem.span.path or path, problem.span, problem.message)


def _configured_severity(finding: Finding, severity: Mapping[str, Severity]) -> Finding:
    configured = severity.get(finding.rule.code)
    if configured is None or configured is finding.severity:
        return finding
    return records.replace(finding, severity_override=configured)


def _unreadable(path: str, front_end: FrontEnd | None, message: str, options: LintOptions) -> FileResult:
    return _result(path, front_end, None, [ParseProblem(Span.point(1), message)], options)
