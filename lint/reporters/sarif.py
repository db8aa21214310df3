"""SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers.

The log is built from sarif-om's object model and serialized by walking its attrs fields. It
carries what GitHub reads (NOTES "SARIF and GitHub code scanning"): rule metadata with tags,
precision and security severity, full regions, repository-relative URIs and GitHub's own line
hashes, so an upload needs no rewriting. Internal errors (HC000) are defects of hullcheck, not of
the linted files: they become tool execution notifications, not results.
"""

from __future__ import annotations

import json
import os
import struct
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

import attr
import sarif_om as om  # type: ignore[import-untyped]

from hullcheck import PROJECT_URL, __version__
from hullcheck.docs import sections
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding, RelatedLocation, RuleInfo, Suppression
from hullcheck.model.span import Span
from hullcheck.reporters.report import Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT_ID = "%SRCROOT%"
MAX_DESCRIPTION_CHARS = 1024  # GitHub's limit for shortDescription and fullDescription
SHELLCHECK_URL = "https://www.shellcheck.net"

# SARIF defaults "level" to "warning", but GitHub and hullcheck's contract want it written out.
_WRITTEN_EVEN_IF_DEFAULT = frozenset({"level"})


def write_sarif(report: Report, stream: TextIO, category: str | None = None, include_suppressed: bool = False) -> None:
    log = build_log(report, category, include_suppressed)
    stream.write(json.dumps(_to_json(log), indent=2))  # one write, not one per token
    stream.write("\n")


def build_log(report: Report, category: str | None = None, include_suppressed: bool = False) -> Any:
    """The run's ``SarifLog``: one run, every rule the run could report, one invocation.

    ``category`` (``--sarif-category``) becomes ``automationDetails.id``; without it the run has
    no id, so upload-sarif's own ``category`` input still applies (NOTES).

    Suppressed findings are left out unless ``include_suppressed``: GitHub ignores
    ``suppressions`` and would show each one as an open alert (NOTES).
    """
    rule_indexes = {info.code: index for index, info in enumerate(report.rules)}
    fingerprints = _LineHashes(report.sources)
    internal_errors = [finding for finding in report.findings if finding.rule.code == INTERNAL_ERROR.code]
    shown = sorted([*report.findings, *report.suppressed], key=lambda f: f.sort_key)
    results = [
        _result(finding, rule_indexes[finding.rule.code], report.source_root, fingerprints)
        for finding in (shown if include_suppressed else report.findings)
        if finding.rule.code != INTERNAL_ERROR.code
    ]
    # An empty list would be written out; None leaves the property out (here and for relatedLocations).
    invocation = om.Invocation(
        execution_successful=not internal_errors,
        tool_execution_notifications=[
            _notification(finding, report.source_root, rule_indexes) for finding in internal_errors
        ]
        or None,
    )
    driver = om.ToolComponent(
        name="hullcheck",
        version=__version__,
        semantic_version=__version__,
        information_uri=PROJECT_URL,
        rules=[_rule(info) for info in report.rules],
    )
    run = om.Run(
        tool=om.Tool(driver=driver, extensions=_extensions(report.rules)),
        invocations=[invocation],
        original_uri_base_ids={SOURCE_ROOT_ID: om.ArtifactLocation(uri=_directory_uri(report.source_root))},
        results=results,
        column_kind="unicodeCodePoints",
        automation_details=om.RunAutomationDetails(id=automation_id(category)) if category is not None else None,
    )
    return om.SarifLog(version=SARIF_VERSION, schema_uri=SARIF_SCHEMA, runs=[run])


def _extensions(rules: Sequence[RuleInfo]) -> list[Any] | None:
    """ShellCheck as an extension of hullcheck, when the run used it (the shellcheck rule
    ran): its version, its site and its codes the results use, each with its wiki page.

    The codes are the driver's rules too, where each result's ``ruleIndex`` points: GitHub and
    the validators look a result's rule up in ``tool.driver.rules``."""
    from hullcheck.engine.shellcheck import RULE_CODE, find_shellcheck, shellcheck_version

    if not any(RULE_CODE in (info.code, info.reported_by) for info in rules):
        return None
    program = find_shellcheck()
    extension = om.ToolComponent(
        name="ShellCheck",
        version=shellcheck_version(program) if program is not None else None,
        information_uri=SHELLCHECK_URL,
        rules=[_rule(info) for info in rules if info.reported_by == RULE_CODE] or None,
    )
    return [extension]


def automation_id(category: str) -> str:
    """``automationDetails.id`` for a category, as upload-sarif writes its own ``category`` input.

    GitHub reads the id up to its last ``/`` as the category and the rest as a run id, so a
    category gets a trailing ``/`` (github/codeql-action ``getAutomationID``).
    """
    return category if category.endswith("/") else f"{category}/"


def _rule(info: RuleInfo) -> Any:
    return om.ReportingDescriptor(
        id=info.code,
        name=info.name,
        short_description=om.MultiformatMessageString(text=_description(info.summary)),
        full_description=om.MultiformatMessageString(text=_full_description(info)),
        help=om.MultiformatMessageString(
            text=f"{info.docs.strip()}\n\nAdvice: {info.advice}",
            markdown=f"{info.docs.strip()}\n\n**Advice:** {info.advice}",
        ),
        help_uri=info.help_uri,
        default_configuration=om.ReportingConfiguration(level=info.severity.value),
        # a plain dict: sarif-om's PropertyBag has no fields beyond tags
        properties=_rule_properties(info),
    )


def _rule_properties(info: RuleInfo) -> dict[str, Any]:
    """Security rules carry GitHub's security-severity; engine codes such as parse-error are
    problems of the file, not security alerts, and carry a problem severity instead."""
    cwe_tags = [f"external/cwe/cwe-{cwe}" for cwe in info.cwe]
    if info.security_severity is None:
        return {
            "tags": ["correctness", *cwe_tags],
            "precision": info.precision,
            "problem.severity": info.severity.value,
        }
    return {
        "tags": ["security", *cwe_tags],
        "precision": info.precision,
        "security-severity": f"{info.security_severity:.1f}",
    }


def _full_description(info: RuleInfo) -> str:
    """The docs' "Why is this bad?" section as plain paragraphs, else the summary."""
    why = sections(info.docs).get("Why is this bad?", "").strip()
    if not why:
        return _description(info.summary)
    paragraphs = [" ".join(paragraph.split()) for paragraph in why.split("\n\n")]
    return _description("\n\n".join(paragraphs))


def _description(text: str) -> str:
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    cut = text[: MAX_DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _result(finding: Finding, rule_index: int, source_root: str, fingerprints: _LineHashes) -> Any:
    line_hash = fingerprints.at(finding.path, finding.span.line)
    return om.Result(
        rule_id=finding.rule.code,
        rule_index=rule_index,
        level=finding.severity.value,
        message=om.Message(text=finding.message),
        locations=[_location(finding.path, finding.span, source_root)],
        related_locations=[
            _related_location(index, related, source_root) for index, related in enumerate(finding.related)
        ]
        or None,
        partial_fingerprints={"primaryLocationLineHash": line_hash} if line_hash else None,
        suppressions=[_suppression(finding.suppression)] if finding.suppression is not None else None,
    )


def _suppression(suppression: Suppression) -> dict[str, str]:
    """A plain mapping: sarif-om's ``Suppression`` writes ``state`` where the schema says
    ``status`` (NOTES), which the schema rejects. "accepted": a person decided to keep it."""
    entry = {"kind": suppression.kind.value, "status": "accepted"}
    if suppression.reason:
        entry["justification"] = suppression.reason
    return entry


def _notification(finding: Finding, source_root: str, rule_indexes: dict[str, int]) -> Any:
    """An internal error: the descriptor is HC000; the associated rule is the rule that failed."""
    failed = finding.failed_rule
    return om.Notification(
        level="error",
        message=om.Message(text=finding.message),
        locations=[_location(finding.path, finding.span, source_root)],
        descriptor=om.ReportingDescriptorReference(id=finding.rule.code),
        associated_rule=om.ReportingDescriptorReference(id=failed.code, index=rule_indexes[failed.code])
        if failed is not None and failed.code in rule_indexes
        else None,
    )


def _related_location(index: int, related: RelatedLocation, source_root: str) -> Any:
    return _location(related.path, related.span, source_root, id=index, message=om.Message(text=related.message))


def _location(path: str, span: Span, source_root: str, **fields: Any) -> Any:
    return om.Location(
        physical_location=om.PhysicalLocation(
            artifact_location=_artifact_location(path, source_root),
            region=om.Region(
                start_line=span.line,
                start_column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
            ),
        ),
        **fields,
    )


def _artifact_location(path: str, source_root: str) -> Any:
    """A URI relative to the source root for files below it, an absolute file URI otherwise.

    Report paths are relative to the source root exactly when the file is below it; any other
    path is as the user wrote it, so relative to the working directory.
    """
    posix = PurePosixPath(path)
    if posix.is_absolute() or ".." in posix.parts:
        return om.ArtifactLocation(uri=Path(os.path.abspath(path)).as_uri())
    # percent-encoded bytes, so a name that is not UTF-8 is the file's own name
    return om.ArtifactLocation(uri=quote(os.fsencode(posix.as_posix())), uri_base_id=SOURCE_ROOT_ID)


def _directory_uri(directory: str) -> str:
    uri: str = Path(directory).as_uri()
    return uri if uri.endswith("/") else f"{uri}/"


class _LineHashes:
    """GitHub's line hashes of the reported files, computed once per file."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources
        self._hashes: dict[str, list[str]] = {}

    def at(self, path: str, line: int) -> str | None:
        if path not in self._sources:
            return None
        if path not in self._hashes:
            self._hashes[path] = line_hashes(self._sources[path])
        hashes = self._hashes[path]
        return hashes[line - 1] if 1 <= line <= len(hashes) else None


_HASH_WINDOW = 100  # code units hashed from the start of each line
_HASH_BASE = 37
_HASH_MASK = (1 << 64) - 1
_HASH_LEAVING_WEIGHT = pow(_HASH_BASE, _HASH_WINDOW, 1 << 64)
_END_OF_FILE = 0xFFFF
_SKIPPED_UNITS = (ord(" "), ord("\t"))


def line_hashes(text: str) -> list[str]:
    """``partialFingerprints.primaryLocationLineHash`` of each line, as upload-sarif computes it.

    github/codeql-action src/fingerprints.ts: a base-37 rolling hash (mod 2**64) over the 100
    UTF-16 code units from each line's first one, spaces and tabs skipped, CR and CRLF read as
    LF, an end-of-file marker after the text and zeros after that; ``<hex>:<n>`` where ``n``
    counts the lines so far with the same hash. Matching it keeps alerts stable across uploads
    and lets upload-sarif keep our value without a warning.
    """
    encoded = text.encode("utf-16-le")
    units: list[int] = []
    line_starts: list[int] = []  # index in units of each line's first unit
    at_line_start = True
    after_cr = False
    for code_unit in (*struct.unpack(f"<{len(encoded) // 2}H", encoded), _END_OF_FILE):
        if code_unit in _SKIPPED_UNITS or (after_cr and code_unit == ord("\n")):
            after_cr = False
            continue
        after_cr = code_unit == ord("\r")
        unit = ord("\n") if after_cr else code_unit
        if at_line_start:
            line_starts.append(len(units))
            at_line_start = False
        if unit == ord("\n"):
            at_line_start = True
        units.append(unit)
    units.extend([0] * _HASH_WINDOW)
    hashes: list[str] = []
    seen: Counter[str] = Counter()
    rolling = 0
    next_line = 0
    for position, unit in enumerate(units):
        leaving = units[position - _HASH_WINDOW] if position >= _HASH_WINDOW else 0
        rolling = (rolling * _HASH_BASE + unit - leaving * _HASH_LEAVING_WEIGHT) & _HASH_MASK
        window_start = position - _HASH_WINDOW + 1
        if next_line < len(line_starts) and line_starts[next_line] == window_start:
            value = format(rolling, "x")
            seen[value] += 1
            hashes.append(f"{value}:{seen[value]}")
            next_line += 1
    return hashes


def _to_json(value: object) -> object:
    """sarif-om objects as JSON values, named by ``schema_property_name``, defaults left out."""
    model_class = type(value)
    if attr.has(model_class):
        document: dict[str, object] = {}
        for field in attr.fields(model_class):
            name = field.metadata["schema_property_name"]
            item = getattr(value, field.name)
            if name in _WRITTEN_EVEN_IF_DEFAULT or not _is_default(field, item, value):
                document[name] = _to_json(item)
        return document
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


def _is_default(field: attr.Attribute[Any], item: object, owner: object) -> bool:
    default: Any = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]  # a class at run time, a function in attrs' stubs
        default = default.factory(owner) if default.takes_self else default.factory()
    return type(item) is type(default) and item == default
