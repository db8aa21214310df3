"""JUnit XML for CI test-report views (GitLab ``artifacts:reports:junit``, Jenkins, Azure Pipelines).

One ``testsuite`` per checked file, one ``testcase`` per finding. The file is what a developer
opens and fixes, and every CI viewer groups by suite first, so a suite per file lists each
file's problems together (a suite per rule would scatter one file across many suites); a clean
file is a suite with one passing case, so the report also shows what was checked. A file that
was not read (skipped on purpose) is a skipped case; an internal error (HC000) is an ``error``
(the check itself broke), every other finding a ``failure``.

The document is valid against both common schemas: the Jenkins xUnit plugin's ``junit-10.xsd``
(what pytest writes) and the stricter Apache Ant schema, which requires ``properties``,
``system-out``, ``system-err``, ``hostname``, ``timestamp`` (without time zone), ``id`` and
``package`` on each suite. hullcheck does not time files, so every ``time`` is 0.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding
from hullcheck.engine.lint import FileResult
from hullcheck.reporters.printable import printable
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

# Characters XML 1.0 cannot hold at all, even escaped, that printable() leaves (it escapes the controls).
_NOT_XML = re.compile("[\ufffe\uffff]")


def write_junit(report: Report, stream: TextIO, now: datetime | None = None) -> None:
    timestamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S")
    hostname = socket.gethostname() or "localhost"
    suites = [_suite(index, result, timestamp, hostname) for index, result in enumerate(report.results)]
    root = ET.Element("testsuites")  # the Ant schema allows no attributes here
    root.extend(suites)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _suite(index: int, result: FileResult, timestamp: str, hostname: str) -> ET.Element:
    cases = [_case(finding) for finding in result.findings]
    if result.note is not None:
        skipped = ET.Element("testcase", {"name": "not checked", "classname": _text(result.path), "time": "0"})
        ET.SubElement(skipped, "skipped", {"message": _text(result.note)})
        cases.append(skipped)
    elif not cases:
        cases.append(ET.Element("testcase", {"name": "no findings", "classname": _text(result.path), "time": "0"}))
    suite = ET.Element(
        "testsuite",
        {
            "name": _text(result.path),
            "tests": str(len(cases)),
            "failures": str(_count(cases, "failure")),
            "errors": str(_count(cases, "error")),
            "skipped": str(_count(cases, "skipped")),
            "time": "0",
            "id": str(index),
            "package": "hullcheck",
            "hostname": hostname,
            "timestamp": timestamp,
        },
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "kind", "value": result.kind.value})
    suite.extend(cases)
    ET.SubElement(suite, "system-out")
    ET.SubElement(suite, "system-err")
    return suite


def _case(finding: Finding) -> ET.Element:
    """A finding; in its own file's name (a Compose project's finding may be in an override)."""
    path, span = finding.path, finding.span
    rule = f"{finding.rule.code} {finding.rule.name}"
    case = ET.Element(
        "testcase", {"name": f"{rule} at {span.line}:{span.column}", "classname": _text(path), "time": "0"}
    )
    outcome = "error" if finding.rule.code == INTERNAL_ERROR.code else "failure"
    problem = ET.SubElement(case, outcome, {"type": rule, "message": _text(finding.message)})
    problem.text = (
        f"{_text(path)}:{span.line}:{span.column}: {finding.severity.value}: {_text(finding.message)}\n"
        f"Advice: {finding.advice}\nSee {finding.rule.help_uri}"
    )
    return case


def _count(cases: list[ET.Element], outcome: str) -> int:
    return sum(1 for case in cases if case.find(outcome) is not None)


def _text(value: str) -> str:
    """Text from a scanned file (a path, a message): its controls and bidi characters written as
    visible escapes (a report is read in a terminal too, and XML 1.0 cannot hold most C0
    controls at all), the characters XML cannot hold replaced; the serializer escapes the rest."""
    return _NOT_XML.sub("\ufffd", printable(value))
