"""Findings, severities and the description every rule carries."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

from hullcheck import PROJECT_URL, records
from hullcheck.model.span import Span
from hullcheck.records import Record


class Severity(enum.Enum):
    """SARIF levels, most severe first."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class RuleInfo(Record, frozen=True, slots=True):
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
    group: str = "engine"  # "security" or "best-practice" for rules; engine codes are "engine"
    hadolint_codes: tuple[str, ...] = ()  # hadolint's codes for the same check (DL3008)
    buildkit_checks: tuple[str, ...] = ()  # BuildKit's build checks for it (JSONArgsRecommended)
    # selecting its group selects it; False for a rule its peers report only when asked by name
    # (hadolint's "ignore"-level DL3057): only its code, name, foreign names or ALL select it
    selected_with_group: bool = True
    # for the codes of a checker hullcheck runs (ShellCheck's SC2086): the code of the rule that
    # runs it, which selecting, ignoring or suppressing by name reaches too; "" for a rule's own
    reported_by: str = ""
    help_url: str = ""  # its documentation, where not in hullcheck's README (ShellCheck's wiki)

    @property
    def help_uri(self) -> str:
        return self.help_url or f"{PROJECT_URL}#{self.code.lower()}"


class Applicability(enum.Enum):
    """Whether applying a fix keeps what the file does, as ruff labels its fixes."""

    SAFE = "safe"  # what the user surely wants: the container runs as before
    UNSAFE = "unsafe"  # changes how the container runs or builds: review it


class TextEdit(Record, frozen=True, slots=True):
    """Put ``text`` in place of what ``span`` covers; a span of no width inserts there."""

    span: Span
    text: str


class Fix(Record, frozen=True, slots=True):
    """Edits to the file a finding is in that together remove the finding."""

    description: str  # imperative: "Write false", "Add USER app before CMD"
    edits: tuple[TextEdit, ...]
    applicability: Applicability

    @classmethod
    def replacing(cls, span: Span, text: str, applicability: Applicability) -> Fix:
        """One edit writing ``text`` over ``span``."""
        return cls(f"Write {text}", (TextEdit(span, text),), applicability)


class RelatedLocation(Record, frozen=True, slots=True):
    path: str
    span: Span
    message: str


class SuppressionKind(enum.Enum):
    """SARIF's suppression kinds: a comment in the file, or something outside it (a baseline)."""

    IN_SOURCE = "inSource"
    EXTERNAL = "external"


class Suppression(Record, frozen=True, slots=True):
    """Why a finding is not reported: SARIF writes it as a ``suppressions`` entry."""

    kind: SuppressionKind
    reason: str  # SARIF's justification: the text after ``--``, or where the suppression is
    # where the comment names the rule: the place an unused-suppression finding would point at
    name_span: Span | None = None


class Finding(Record, frozen=True, slots=True):
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
    # this finding's advice when it is not its rule's: a setting spelled as the place that
    # defines the container writes it (``--security-opt no-new-privileges`` for docker run)
    own_advice: str = ""

    @property
    def advice(self) -> str:
        """What to do about this finding: its own advice, else its rule's."""
        return self.own_advice or self.rule.advice

    @property
    def severity(self) -> Severity:
        return self.severity_override or self.rule.severity

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.rule.code, self.message)


# A finding lists at most this many related locations; its message counts the rest.
MAX_RELATED = 10

VariantKey = tuple[str, str, Span]  # rule code, path, span


def variant_key(finding: Finding) -> VariantKey:
    """What makes a finding one finding: its rule and its place. Findings that share it are
    variants of one: a Dockerfile line as each service's build args resolve it, an env file's
    line as each Compose file reads it, a value two services extend or take from one anchor."""
    return (finding.rule.code, finding.path, finding.span)


def merge_variants(variants: Sequence[Finding]) -> Finding:
    """One finding for the ``variants`` of one. The most severe (the first of those) leads: its
    message, fix and logical location are the finding's, its related locations come first. Then
    each other variant's causes, once each, in the order of their places: its related locations,
    and when it says something else (another service, another image) they carry its message, or
    it becomes one itself, at its place. At most MAX_RELATED are listed; the message counts the rest."""
    lead = max(variants, key=lambda variant: variant.severity.rank)  # the first of the most severe
    causes: set[RelatedLocation] = set()
    for variant in variants:
        if variant is lead:
            continue
        places = variant.related
        if variant.message != lead.message:
            places = tuple(
                RelatedLocation(place.path, place.span, f"{place.message}: {variant.message}")
                for place in variant.related
            ) or (RelatedLocation(variant.path, variant.span, variant.message),)
        causes.update(places)
    added = sorted(causes - set(lead.related), key=lambda place: (place.path, place.span, place.message))
    related = (*dict.fromkeys(lead.related), *added)
    message = lead.message
    if len(related) > MAX_RELATED:
        more = len(related) - MAX_RELATED
        message += f" ({more} more related location{'s' if more != 1 else ''} not listed)"
        related = related[:MAX_RELATED]
    if related == lead.related and message == lead.message:
        return lead
    return records.replace(lead, message=message, related=related)


def merged_variants(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with the variants of each merged into one (see merge_variants), where the
    first of them is."""
    groups: dict[VariantKey, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(variant_key(finding), []).append(finding)
    return [merge_variants(group) for group in groups.values()]
