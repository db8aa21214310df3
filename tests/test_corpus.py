"""The real-world corpus in ../shared: no internal error anywhere, and Dockerfile instructions
found exactly where dockerfile-parse finds them (for files without heredocs, which it cannot read)."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions
from hullcheck.engine.registry import all_rules
from hullcheck.model.dockerfile import Dockerfile
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.scan import scan

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not here (only CI and developers have it)"
)

# The corpus files Docker itself rejects, and why.
KNOWN_BROKEN = {
    ("vimagick+dockerfiles/calendso/docker-compose.yml", "invalid YAML"),  # `******` read as an alias
    ("vimagick+dockerfiles/openldap/docker-compose.yml", "service 'restart' must be a mapping"),  # mis-indented key
}


_EMPTY_CONTINUATION = re.compile(r"\\[ \t]*\r?\n[ \t]*\r?\n")


def _listed(name: str) -> list[Path]:
    return [CORPUS / line for line in (CORPUS / name).read_text().split()]


def test_whole_corpus_lints_without_internal_errors() -> None:
    report = scan([str(CORPUS)], LintOptions(rules=all_rules()), root=str(CORPUS))
    kinds = Counter(result.kind.value for result in report.results)
    assert kinds["dockerfile"] == len(_listed("dockerfiles.txt"))
    # a Compose file is linted on its own, or as a part of the project that loads it (an
    # override, a file included with another project directory)
    corpus = os.path.realpath(CORPUS)  # inputs are real paths
    loaded = {os.path.relpath(path, corpus) for result in report.results for path in result.inputs}
    linted = {result.path for result in report.results if result.kind.value == "compose"}
    assert {path.relative_to(CORPUS).as_posix() for path in _listed("composefiles.txt")} <= linted | loaded
    internal = [f"{f.path}:{f.span.line}: {f.message}" for f in report.findings if f.rule.code == "HC000"]
    assert not internal
    broken = {
        (
            f.path,
            next(reason for path, reason in KNOWN_BROKEN if path == f.path) if f.path in dict(KNOWN_BROKEN) else "",
        )
        for f in report.findings
        if f.rule.code == "HC001"
    }
    assert {path for path, _ in broken} == {path for path, _ in KNOWN_BROKEN}
    messages = {f.path: f.message for f in report.findings if f.rule.code == "HC001"}
    for path, reason in KNOWN_BROKEN:
        assert reason in messages[path]


def _instructions(model: Dockerfile) -> list[tuple[int, str]]:
    found = [(arg.span.line, arg.keyword.value) for arg in model.global_args]
    for stage in model.stages:
        found.append((stage.from_instruction.span.line, "FROM"))
        found.extend((instruction.span.line, instruction.keyword.value) for instruction in stage.instructions)
    return sorted(found)


def test_instruction_boundaries_match_dockerfile_parse() -> None:
    from dockerfile_parse import DockerfileParser

    compared = 0
    for path in _listed("dockerfiles.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        parsed = parse_dockerfile(text, path.name)
        if any(instruction.heredocs for stage in parsed.model.stages for instruction in stage.instructions):
            continue
        if any(directive.name.value == "escape" for directive in parsed.model.directives):
            continue  # dockerfile-parse ignores the escape directive
        if _EMPTY_CONTINUATION.search(text):
            continue  # BuildKit skips a blank line inside a continuation; dockerfile-parse ends there
        # an in-memory file: with no fileobj, setting content writes ./Dockerfile
        reference = DockerfileParser(fileobj=io.BytesIO())
        reference.content = text
        theirs = sorted(
            (item["startline"] + 1, item["instruction"])
            for item in reference.structure
            if item["instruction"] != "COMMENT"
        )
        assert _instructions(parsed.model) == theirs, path
        compared += 1
    assert compared > 500
