"""Baselines: record today's findings, then report only new ones.

A finding is recorded by its fingerprint: the rule, the file (relative to the baseline file's
folder) and its logical location (``service:web/privileged``, ``stage:build/USER``), never a line
number, so moving lines, services or stages around does not bring a finding back. Each
fingerprint keeps a count: with two identical findings recorded, a third one is new.

A fixed finding leaves a stale entry behind, which the run reports; writing the baseline again
drops it, so the finding is reported if it comes back.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from hullcheck import records
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding, Suppression, SuppressionKind
from hullcheck.parsers.bounds import BoundExceeded, check_json
from hullcheck.parsers.source import UnreadableFile, read_text_file
from hullcheck.records import Record
from hullcheck.reporters.printable import json_safe
from hullcheck.reporters.report import Report

BASELINE_VERSION = 1
# bytes: a baseline of 25,000 findings (GitHub's limit per SARIF run) is about 3 MB
MAX_BASELINE_SIZE = 32 * 1024 * 1024

Fingerprint = tuple[str, str, str]  # rule code, path from the baseline's folder, logical location
_ENTRY_KEYS = ("rule", "path", "location", "count")


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names it."""


class BaselineOutcome(Record, frozen=True, slots=True):
    matched: int  # findings the baseline silenced
    stale: int  # recorded findings no longer found: fixed, or moved to another file


def write_baseline(report: Report, path: str) -> int:
    """Record the report's findings in ``path``; the number recorded.

    Internal errors (HC000) are defects of hullcheck, not accepted findings: never recorded.
    """
    counts = Counter(_fingerprint(finding, report.source_root, path) for finding in _recordable(report))
    entries = [
        {"rule": rule, "path": file, "location": location, "count": count}
        for (rule, file, location), count in sorted(counts.items())
    ]
    document = {"version": BASELINE_VERSION, "tool": "hullcheck", "findings": entries}
    try:
        # json_safe: a file name that is not UTF-8 is written as \udcff escapes, and reads back the same
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
    except OSError as error:
        raise BaselineError(f"cannot write the baseline {path}: {error.strerror}") from None
    return sum(counts.values())


def apply_baseline(report: Report, path: str) -> BaselineOutcome:
    """Move the report's findings recorded in the baseline ``path`` to the suppressed ones."""
    remaining = read_baseline(path)
    suppression = Suppression(SuppressionKind.EXTERNAL, f"recorded in the baseline {path}")
    matched = 0
    for result in report.results:
        kept: list[Finding] = []
        for finding in result.findings:
            fingerprint = _fingerprint(finding, report.source_root, path)
            if finding.rule.code != INTERNAL_ERROR.code and remaining[fingerprint] > 0:
                remaining[fingerprint] -= 1
                matched += 1
                result.suppressed.append(records.replace(finding, suppression=suppression))
            else:
                kept.append(finding)
        result.findings = kept
        result.suppressed.sort(key=lambda finding: finding.sort_key)
    return BaselineOutcome(matched, sum(remaining.values()))


def read_baseline(path: str) -> Counter[Fingerprint]:
    """The recorded fingerprints and their counts; BaselineError naming the file otherwise."""
    try:
        text = read_text_file(path, MAX_BASELINE_SIZE)
        check_json(text)  # json recurses on nested arrays and objects
        document = json.loads(text)
    except UnreadableFile as unreadable:
        raise BaselineError(f"cannot read the baseline {path}: it {unreadable}") from None
    except BoundExceeded as exceeded:
        raise BaselineError(f"{path}:{exceeded.line}: not a hullcheck baseline ({exceeded.message})") from None
    except ValueError as error:  # JSONDecodeError, and Python's refusal of integers over 4,300 digits
        raise BaselineError(f"{path}: not a hullcheck baseline (invalid JSON: {error})") from None
    if not isinstance(document, dict) or document.get("tool") != "hullcheck":
        raise BaselineError(f"{path}: not a hullcheck baseline (hullcheck --write-baseline writes one)")
    if document.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {document.get('version')!r}; this hullcheck reads version 1")
    counts: Counter[Fingerprint] = Counter()
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: key 'findings' expects a list of findings")
    for index, entry in enumerate(entries):
        rule, file, location, count = (entry.get(key) if isinstance(entry, dict) else None for key in _ENTRY_KEYS)
        if not (isinstance(rule, str) and isinstance(file, str) and isinstance(location, str)):
            raise BaselineError(f"{path}: findings[{index}] expects rule, path and location as strings")
        if type(count) is not int or count < 1:
            raise BaselineError(f"{path}: findings[{index}] expects count as a positive integer")
        counts[(rule, file, location)] += count
    return counts


def _recordable(report: Report) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule.code != INTERNAL_ERROR.code]


def _fingerprint(finding: Finding, source_root: str, baseline: str) -> Fingerprint:
    """The rule, the file's path from the baseline's folder (so the baseline works from any
    working directory), and the logical location."""
    if finding.path == "-":  # stdin without --stdin-filename: no path to make relative
        file = "-"
    else:
        absolute = os.path.normpath(os.path.join(source_root, finding.path))
        file = os.path.relpath(absolute, os.path.abspath(os.path.dirname(baseline))).replace(os.sep, "/")
    return (finding.rule.code, file, finding.logical_location)
