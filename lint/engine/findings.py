"""Findings, severities and the description every rule carries."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hullcheck import PROJECT_URL
from hullcheck.model.span import Span


class Severity(enum.Enum):
    """SARIF levels, most severe first."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a finding's rule is: stamped by the engine, read by the reporters."""

    code: str
    name: str
    severity: Severity
    summary: str
    docs: str
    advice: str  # one line: what to do instead (a finding's fix, when it has one, is edits)
    security_severity: float | None  # GitHub's 0-10 scale; None for engine codes, which are not security alerts
    cwe: tuple[int, ...]
    precision: str

    @property
    def help_uri(self) -> str:
        return f"{PROJECT_URL}#{self.code.lower()}"


class Applicability(enum.Enum):
    """Whether applying a fix keeps what the file does, as ruff labels its fixes."""

    SAFE = "safe"  # what the user surely wants: the container runs as before
    UNSAFE = "unsafe"  # changes how the container runs or builds: review it


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Put ``text`` in place of what ``span`` covers; a span of no width inserts there."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits to the file a finding is in that together remove the finding."""

    description: str  # imperative: "Write false", "Add USER app before CMD"
    edits: tuple[TextEdit, ...]
    applicability: Applicability

    @classmethod
    def replacing(cls, span: Span, text: str, applicability: Applicability) -> Fix:
        """One edit writing ``text`` over ``span``."""
        return cls(f"Write {text}", (TextEdit(span, text),), applicability)


@dataclass(frozen=True, slots=True)
class RelatedLocation:
    path: str
    span: Span
    message: str


class SuppressionKind(enum.Enum):
    """SARIF's suppression kinds: a comment in the file, or something outside it (a baseline)."""

    IN_SOURCE = "inSource"
    EXTERNAL = "external"


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is not reported: SARIF writes it as a ``suppressions`` entry."""

    kind: SuppressionKind
    reason: str  # SARIF's justification: the text after ``--``, or where the suppression is
    # where the comment names the rule: the place an unused-suppression finding would point at
    name_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: RuleInfo
    path: str
    span: Span
    message: str
    related: tuple[RelatedLocation, ...] = ()
    failed_rule: RuleInfo | None = None  # on an internal error: the rule that failed
    severity_override: Severity | None = None  # a rule with tiers, or the configuration, ranks this finding
    # where it is by name, not by line (``service:web/privileged``): see hullcheck.engine.locations
    logical_location: str = ""
    suppression: Suppression | None = None  # set on the findings a run does not report
    fix: Fix | None = None  # edits that remove the finding, when the rule knows them

    @property
    def severity(self) -> Severity:
        return self.severity_override or self.rule.severity

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.rule.code, self.message)
