"""Applying a file's suppression comments to its findings.

Each rule named in a comment silences that rule's findings in the comment's scope: a line, a
whole statement such as a Dockerfile instruction (a comment on the line before it), or the
file. The engine reports what the comments get wrong: names it does not know, comments it
cannot read (HC004), and rules that silenced nothing where they ran (HC003).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Container, Iterator, Mapping

from hullcheck import records
from hullcheck.engine.engine_codes import INTERNAL_ERROR, INVALID_SUPPRESSION, UNUSED_SUPPRESSION
from hullcheck.engine.findings import Finding, RuleInfo, Suppression, SuppressionKind
from hullcheck.engine.registry import find_rules, foreign_rules
from hullcheck.model.span import Located
from hullcheck.parsers.suppressions import SuppressionComment, SuppressionComments
from hullcheck.records import Record

# Findings about suppressions are not themselves suppressible: an unused-suppression finding could
# otherwise be silenced by the very comment it is about.
NOT_SUPPRESSIBLE = frozenset({INTERNAL_ERROR.code, UNUSED_SUPPRESSION.code, INVALID_SUPPRESSION.code})


class Outcome(Record, frozen=True, slots=True):
    reported: list[Finding]
    suppressed: list[Finding]


class _Target(Record, slots=True):
    """One rule named in one comment, and whether it silenced anything."""

    comment: SuppressionComment
    name: Located[str]
    rule: RuleInfo
    used: bool = False


def apply_suppressions(
    findings: list[Finding],
    comments: SuppressionComments,
    statement_starts: Mapping[int, int] | None,
    path: str,
    ran: Container[str],
    engine_codes: Collection[str],
) -> Outcome:
    """Split ``findings`` into reported and suppressed, adding HC003/HC004 findings when their
    codes are in ``engine_codes``.

    ``statement_starts`` gives the first line of the statement a line belongs to, for the lines
    of statements that span several (FrontEnd.statement_starts): a comment before a statement
    silences all of it. ``ran`` holds the codes of the rules that ran on the file: a suppression
    of a rule that did not run is not unused, just idle. With no ``statement_starts`` (the file
    did not parse) nothing is reported unused, as the rules did not look at the file.
    """
    targets: list[_Target] = []
    by_place: dict[tuple[str, int], list[_Target]] = defaultdict(list)  # by rule code and line; 0: the file
    problems: list[Finding] = []
    for comment in comments.comments:
        for name, rule in _resolve(comment, path, problems):
            target = _Target(comment, name, rule)
            targets.append(target)
            by_place[(rule.code, comment.line)].append(target)
    problems.extend(
        Finding(INVALID_SUPPRESSION, path, malformed.span, malformed.message) for malformed in comments.malformed
    )
    starts = statement_starts or {}
    reported: list[Finding] = [] if by_place else list(findings)
    suppressed: list[Finding] = []
    for finding in findings if by_place else ():
        code, line = finding.rule.code, finding.span.line
        lines = {0, line, starts.get(line, line)}  # the file, the line, the statement it is part of
        # a code of ShellCheck's is silenced by its own name and by the rule that runs ShellCheck's
        codes = (code, finding.rule.reported_by) if finding.rule.reported_by else (code,)
        covering = [target for at in sorted(lines) for named in codes for target in by_place.get((named, at), ())]
        if not covering or code in NOT_SUPPRESSIBLE:
            reported.append(finding)
            continue
        for target in covering:
            target.used = True
        suppressed.append(records.replace(finding, suppression=_suppression(covering[0], path)))
    if statement_starts is not None:
        problems.extend(
            Finding(
                UNUSED_SUPPRESSION,
                path,
                target.name.span,
                f"the suppression of {target.rule.code} {target.rule.name} silenced nothing here; remove it",
            )
            for target in targets
            if not target.used and not target.comment.foreign and target.rule.code in ran
        )
    reported.extend(problem for problem in problems if problem.rule.code in engine_codes)
    return Outcome(reported, suppressed)


def _resolve(
    comment: SuppressionComment, path: str, problems: list[Finding]
) -> Iterator[tuple[Located[str], RuleInfo]]:
    """The rules a comment names; unknown names are reported (hadolint codes and BuildKit
    checks without a hullcheck counterpart are not: they are there for hadolint and BuildKit)."""
    if comment.hadolint or comment.buildkit:
        for name in comment.rules:
            for counterpart in foreign_rules(name.value, comment.buildkit):
                yield name, counterpart
        return
    for name in comment.rules:
        rules = find_rules(name.value)
        if not rules:
            message = f"no rule {name.value!r} to suppress: name a rule by code or name ('hullcheck rules' lists them)"
            problems.append(Finding(INVALID_SUPPRESSION, path, name.span, message))
        for rule in rules:
            if rule.code in NOT_SUPPRESSIBLE:
                message = f"{rule.code} {rule.name} cannot be suppressed in the file; ignore it in the configuration"
                problems.append(Finding(INVALID_SUPPRESSION, path, name.span, message))
            else:
                yield name, rule


def _suppression(target: _Target, path: str) -> Suppression:
    comment = target.comment
    if comment.reason:
        reason = comment.reason
    elif comment.hadolint:
        reason = f"hadolint pragma at {path}:{comment.span.line}"
    elif comment.buildkit:
        reason = f"check=skip directive at {path}:{comment.span.line}"
    else:
        reason = f"suppression comment at {path}:{comment.span.line}"
    return Suppression(SuppressionKind.IN_SOURCE, reason, target.name.span)
