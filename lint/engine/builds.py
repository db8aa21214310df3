"""The Dockerfiles containers build (a Compose project's services: see FrontEnd.built_containers),
linted as each container builds and runs them.

A service with ``build:`` runs its build's target stage (the final stage when it names none),
built with its ``build.args``, as its own ``user:`` when it sets one. For each such service the
Dockerfile is parsed with those args, cut after the target stage, marked as built for the service
(:class:`~hullcheck.model.dockerfile.ServiceBuild`), and the rules walk that variant.

A Dockerfile in a file is linted as a file of its own too, so only what a service's variant adds
to that lint is reported here: findings compared by rule, span and message, and the Dockerfile's
own subtracted. They point at the Dockerfile's line, with a related location on the service's
``build:``. A ``dockerfile_inline`` is linted the same way with its spans mapped into the Compose
file; nothing else lints it, so all of its findings are reported.

What cannot be read is a project error at the service: a missing Dockerfile, one outside the
scanned folder, a target stage the Dockerfile does not define. A remote context (a URL or a Git
repository), or a context, Dockerfile or target behind an unset variable, is not followed.
"""

from __future__ import annotations

import os
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from hullcheck import records
from hullcheck.engine.engine_codes import PARSE_ERROR
from hullcheck.engine.findings import Finding, Fix, RelatedLocation, TextEdit
from hullcheck.engine.walker import walk
from hullcheck.model.build_context import BuildContext
from hullcheck.model.container import BuildSpec, Container, InlineDockerfile
from hullcheck.model.dockerfile import ArgInstruction, Dockerfile, ServiceBuild
from hullcheck.model.span import Span
from hullcheck.parsers.compose_images import BuiltImages, built_images, mark_built_images, uses_built_image
from hullcheck.parsers.compose_project import ProjectReader
from hullcheck.parsers.dockerfile import DockerfileParse, parse_dockerfile
from hullcheck.parsers.dockerignore import read_build_context
from hullcheck.parsers.source import ParseProblem, ProjectProblem
from hullcheck.records import Record, field

if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions

# what Docker reads as a remote build context: a URL, a Git address, a GitHub shorthand
_REMOTE_CONTEXT = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|git@|github\.com/)")
# the path the walk over an inline Dockerfile gives its findings, mapped into the Compose file after
_INLINE = "<dockerfile_inline>"

_Key = tuple[str, str, Span, str]  # path, rule code, span, message
_MemoKey = TypeVar("_MemoKey", bound=Hashable)
_Memo = TypeVar("_Memo")


class LinkedBuilds(Record, slots=True):
    """What linking containers to the Dockerfiles they build found and read."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)  # project errors, at the services
    inputs: list[str] = field(default_factory=list)  # the Dockerfiles read (absolute paths)
    sources: dict[str, str] = field(default_factory=dict)  # their texts, by display path
    # what a Dockerfile's own lint reports at a FROM naming an image the project builds, which
    # only the project knows is not pulled: not findings (see FileResult.refuted)
    refuted: list[Finding] = field(default_factory=list)


def lint_builds(containers: Sequence[Container], path: str, file: str | None, options: LintOptions) -> LinkedBuilds:
    """Lint the Dockerfile of every one of ``containers`` (defined in the file ``path``, read
    from ``file``) that builds one, for that container."""
    linked = LinkedBuilds()
    reader = ProjectReader(path, file, options.root, options.max_file_size)
    linker = _Linker(path, reader, options, linked, built_images(containers))
    for container in containers:
        if container.build is None:
            continue
        try:
            linker.link(container, container.build)
        except ProjectProblem as problem:
            linked.problems.append(problem)
    linked.findings = list(linker.found.values())
    linked.inputs = reader.inputs
    return linked


class _Linker:
    def __init__(
        self, path: str, reader: ProjectReader, options: LintOptions, linked: LinkedBuilds, built: BuiltImages
    ) -> None:
        self.path = path
        self.reader = reader
        self.options = options
        self.linked = linked
        self.built = built  # the images the project builds: a FROM, COPY --from or RUN --mount naming one is not pulled
        self.refuted_in: set[str] = set()  # the Dockerfiles whose own findings were checked
        # the findings to report: one per place and message, with a related location on each
        # service that adds it
        self.found: dict[_Key, Finding] = {}

    def link(self, container: Container, build: BuildSpec) -> None:
        target = build.target
        if target is not None and not isinstance(target.value, str):
            return  # which stage runs is unknown
        if build.dockerfile_inline is not None:
            self.link_inline(container, build, build.dockerfile_inline)
            return
        context = build.context.value if build.context is not None else "."
        dockerfile = build.dockerfile.value if build.dockerfile is not None else "Dockerfile"
        if build.directory is None or not isinstance(context, str) or not isinstance(dockerfile, str):
            return
        if _REMOTE_CONTEXT.match(context):
            return
        location = Path(build.directory) / context / dockerfile  # an absolute dockerfile stays as it is
        at = next(where for where in (build.dockerfile, build.context, build) if where is not None).span
        text = self.reader.read(location, at, "Dockerfile")
        shown = self.reader.display_of(location)
        self.linked.sources[shown] = text
        # alone, the Dockerfile is built in its own folder; for the service, in its build context
        own = Counter(self.own_findings(text, shown, self.context(location, shown, location.parent)))
        self.refute(text, shown)
        related = _built_for(container, build, self.path)
        built_in = self.context(location, shown, Path(build.directory) / context)
        for finding in self.variant(container, build, text, shown, built_in):
            key = _key(finding)
            if own[key] > 0:  # the Dockerfile's own lint reports it
                own[key] -= 1
            else:
                self.add(finding, related)

    def link_inline(self, container: Container, build: BuildSpec, inline: InlineDockerfile) -> None:
        if not isinstance(inline.text.value, str):
            return
        in_file = inline.text.span.path or self.path
        context = build.context.value if build.context is not None else "."
        built_in = None
        if build.directory is not None and isinstance(context, str) and not _REMOTE_CONTEXT.match(context):
            built_in = self.context(None, _INLINE, Path(build.directory) / context)
        for finding in self.variant(container, build, inline.text.value, _INLINE, built_in):
            related = tuple(
                records.replace(place, path=in_file, span=inline.source_span(place.span))
                if place.path == _INLINE
                else place
                for place in finding.related
            )
            fix = _inline_fix(finding.fix, inline, in_file) if finding.fix is not None else None
            mapped = records.replace(
                finding, path=in_file, span=inline.source_span(finding.span), related=related, fix=fix
            )
            self.add(mapped, None)

    def variant(
        self, container: Container, build: BuildSpec, text: str, shown: str, built_in: BuildContext | None
    ) -> list[Finding]:
        """The findings of the Dockerfile ``text`` as ``container`` builds and runs it, in the
        build context ``built_in``."""
        args = {name: value.value for name, value in build.args.items() if isinstance(value.value, str)}
        parsed = self.parsed(text, shown)
        # else the args change nothing and no image is to be marked: the one parse serves all
        if args.keys() & _declared_args(parsed.model) or uses_built_image(parsed.model, self.built):
            parsed = self.parsed(text, shown, args, marked=True)
        model = parsed.model
        target = build.target
        last = len(model.stages) - 1
        index = last
        if target is not None and isinstance(target.value, str):
            index = next((stage.index for stage in model.stages if stage.name == target.value.lower()), -1)
            if index < 0:
                where = "the inline Dockerfile" if shown == _INLINE else repr(shown)
                message = f"{container.subject} builds target stage {target.value!r}, which {where} does not define"
                raise ProjectProblem(target.span, message)
        name = model.stages[index].name if 0 <= index < last else None
        built_for = ServiceBuild(container.subject, build.span, container.user, name)
        model = records.replace(model, stages=model.stages[: index + 1], built_for=built_for, context=built_in)
        findings = walk(model, self.options.rules, shown, self.options.rule_settings)
        if PARSE_ERROR.code in self.options.engine_codes:
            findings.extend(Finding(PARSE_ERROR, shown, problem.span, problem.message) for problem in parsed.problems)
        scope = f"{container.scope}/build" if container.scope else "build"
        return [
            records.replace(finding, logical_location=f"{scope}/{finding.logical_location}".rstrip("/"))
            for finding in findings
        ]

    def own_findings(self, text: str, shown: str, context: BuildContext | None) -> Counter[_Key]:
        """The findings of the Dockerfile as a file of its own, as its own lint reports them."""

        def found() -> tuple[LintOptions, Counter[_Key]]:
            parsed = self.parsed(text, shown)
            model = records.replace(parsed.model, context=context)
            findings = walk(model, self.options.rules, shown, self.options.rule_settings)
            findings.extend(Finding(PARSE_ERROR, shown, problem.span, problem.message) for problem in parsed.problems)
            return self.options, Counter(_key(finding) for finding in findings)

        return _remembered(_OWN, (shown, text, id(self.options)), found)[1]

    def refute(self, text: str, shown: str) -> None:
        """Add to the refuted findings what the Dockerfile's own lint reports only because it
        cannot know that an image it takes from (FROM, COPY --from …) is one the project
        builds (once per Dockerfile)."""
        if shown in self.refuted_in:
            return
        self.refuted_in.add(shown)
        own = self.parsed(text, shown).model
        if not uses_built_image(own, self.built):
            return
        marked = self.parsed(text, shown, marked=True).model
        kept = Counter(map(_key, walk(marked, self.options.rules, shown, self.options.rule_settings)))
        for finding in walk(own, self.options.rules, shown, self.options.rule_settings):
            if kept[_key(finding)] > 0:
                kept[_key(finding)] -= 1
            else:
                self.linked.refuted.append(finding)

    def context(self, dockerfile: Path | None, shown: str, directory: Path) -> BuildContext | None:
        """The build context ``directory`` of the Dockerfile ``dockerfile`` (None: an inline
        one), its ignore files recorded as inputs; None when it is outside the scanned folder."""
        directory = Path(os.path.abspath(directory))
        root = self.reader.root
        if root is not None and not Path(os.path.realpath(directory)).is_relative_to(root):
            return None
        dockerfile_shown = shown if dockerfile is not None else ""
        found, inputs = read_build_context(
            str(dockerfile) if dockerfile is not None else None,
            dockerfile_shown,
            str(directory),
            self.reader.display_of(directory),
            self.options.max_file_size,
        )
        self.reader.inputs.extend(inputs)
        return found

    def parsed(
        self, text: str, shown: str, args: Mapping[str, str] | None = None, marked: bool = False
    ) -> DockerfileParse:
        """The Dockerfile parsed with the build ``args`` (none: its own lint and the variants
        share it), the images the project builds marked in it when ``marked``: once per run for
        each, as several services and Compose files build it alike (laradock's extend each other)."""
        built = tuple(sorted(self.built.items())) if marked else None

        def parse() -> DockerfileParse:
            parsed = parse_dockerfile(text, shown, args)
            if marked:
                mark_built_images(parsed.model, self.built)
            return parsed

        return _remembered(_PARSED, (shown, text, tuple(sorted((args or {}).items())), built), parse)

    def add(self, finding: Finding, related: RelatedLocation | None) -> None:
        """Report ``finding`` (once for all services that add it, each a related location)."""
        key = _key(finding)
        known = self.found.get(key)
        if known is None:
            places = (*finding.related, related) if related is not None else finding.related
            self.found[key] = records.replace(finding, related=places)
        elif related is not None and related not in known.related:
            self.found[key] = records.replace(known, related=(*known.related, related))


def _inline_fix(fix: Fix, inline: InlineDockerfile, in_file: str) -> Fix | None:
    """A fix to an inline Dockerfile as edits to the Compose file ``in_file``; None unless each
    edit is within lines written as they are read (a literal block scalar's, not interpolated) and
    adds no line (which would need the scalar's indentation)."""
    edits: list[TextEdit] = []
    for edit in fix.edits:
        span = edit.span
        if "\n" in edit.text or not 1 <= span.line <= span.end_line <= len(inline.lines):
            return None
        first, last = inline.lines[span.line - 1], inline.lines[span.end_line - 1]
        if not (first.exact and last.exact) or span.end_column - 1 > last.end_column - last.column:
            return None
        edits.append(TextEdit(records.replace(inline.source_span(span), path=in_file), edit.text))
    return records.replace(fix, edits=tuple(edits))


def _built_for(container: Container, build: BuildSpec, path: str) -> RelatedLocation:
    target = build.target.value if build.target is not None else None
    named = f" (target '{target}')" if isinstance(target, str) else ""
    return RelatedLocation(build.span.path or path, build.span, f"built for {container.subject}{named}")


# Several projects of one run often build the same Dockerfiles (laradock's files all do): each is
# parsed (for each build args and images built), and linted on its own, once per process.
# Bounded; an entry holds its options, so the id in its key is not reused while it is there.
# Nothing mutates a parsed model afterwards.
_MEMO_SIZE = 256
_ParseKey = tuple[str, str, tuple[tuple[str, str], ...], tuple[tuple[str, Span], ...] | None]
_PARSED: OrderedDict[_ParseKey, DockerfileParse] = OrderedDict()
_OWN: OrderedDict[tuple[str, str, int], tuple[LintOptions, Counter[_Key]]] = OrderedDict()


def _remembered(memo: OrderedDict[_MemoKey, _Memo], key: _MemoKey, make: Callable[[], _Memo]) -> _Memo:
    if key in memo:
        memo.move_to_end(key)
        return memo[key]
    value = memo[key] = make()
    if len(memo) > _MEMO_SIZE:
        memo.popitem(last=False)
    return value


def _declared_args(model: Dockerfile) -> set[str]:
    """The names the Dockerfile declares with ARG, before and in its stages."""
    instructions = [*model.global_args]
    for stage in model.stages:
        instructions.extend(item for item in stage.instructions if isinstance(item, ArgInstruction))
    return {declaration.name.value for instruction in instructions for declaration in instruction.declarations}


def _key(finding: Finding) -> _Key:
    return (finding.path, finding.rule.code, finding.span, finding.message)
