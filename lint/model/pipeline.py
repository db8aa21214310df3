"""CI pipelines: the containers their jobs run in, and what their scripts start.

A GitLab CI job runs its scripts in a container of its ``image``, beside a container for each
of its ``services``; its scripts' ``docker run`` lines start more (see hullcheck.parsers.gitlab_ci).
"""

from __future__ import annotations

from collections.abc import Iterator

from hullcheck.model.container import Container, EngineClient, ImageBuild
from hullcheck.model.node import Node
from hullcheck.model.span import Located, Span
from hullcheck.records import Record, field


class Extension(Record, frozen=True, slots=True):
    """Values a job takes from elsewhere: ``template`` covers where they are written (a
    template it ``extends``, a ``default:`` value), ``at`` what brings them in (the ``extends``
    entry, the job's name), and ``message`` says so there."""

    template: Span
    at: Span
    message: str

    def holds(self, span: Span) -> bool:
        start, end = (span.line, span.column), (span.end_line, span.end_column)
        whole = self.template
        return (
            span.path == whole.path
            and (whole.line, whole.column) <= start
            and end <= (whole.end_line, whole.end_column)
        )


class CiPipeline(Node, Record, slots=True, eq=False):
    """A CI configuration file, with the files it includes: its jobs' and services' containers,
    and the engine calls of their scripts, in the order the jobs are written."""

    kind = "ci_pipeline"

    path: str
    nodes: list[Container | ImageBuild | EngineClient] = field(default_factory=list)
    # includes hullcheck does not read (``project``, ``remote``, ``template``, ``component``):
    # jobs and templates defined there are unknown
    unread_includes: list[Located[str]] = field(default_factory=list)
    # the files the pipeline includes that are CI configurations of their own (real paths)
    included_parts: list[str] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)

    def children(self) -> Iterator[Node]:
        return iter(self.nodes)

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A value written in a template a job extends: the job's ``extends`` entry."""
        found = next((extension for extension in self.extensions if extension.holds(span)), None)
        return (found.at, found.message) if found is not None else None

    @property
    def containers(self) -> list[Container]:
        return [node for node in self.nodes if isinstance(node, Container)]
