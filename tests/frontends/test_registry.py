"""The front-end registry: each kind of file is wired into discovery, suppressions and the
language server by its front end alone (see hullcheck.frontends).

Each front end is shown on an example of its own: the first fixture it claims by name that
expects a finding (so a new front end needs its fixtures before this passes), copied alone into
a folder of the test's.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from hullcheck.discovery import discover
from hullcheck.engine.findings import merged_variants
from hullcheck.engine.lint import FileKind, FileResult, LintOptions, lint_file
from hullcheck.engine.registry import all_rules
from hullcheck.frontends import KNOWN_NAMES, FrontEnd, front_end_for_path, front_end_of, front_ends
from hullcheck.lsp.edits import suppression_insertion
from tests.expectations import read_expectations
from tests.lsp.test_edits import applied
from tests.lsp.test_server import language_server, open_document, published
from tests.samples import security_rules

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ALL_RULES = LintOptions(rules=security_rules())
RULE_CODES = {rule.code for rule in all_rules()}
EACH_FRONT_END = pytest.mark.parametrize("front_end", front_ends(), ids=lambda front_end: front_end.kind.value)


def example(front_end: FrontEnd, folder: Path) -> Path:
    """The front end's example, copied into ``folder`` with the folders it sits in below its
    rule's (``.github/workflows/``): a rule's fixture (``_projects`` hold projects, whose files
    do not stand alone)."""
    for path in sorted(FIXTURES.glob("[!_]*/**/*")):
        mine = path.is_file() and front_end_for_path(str(path)) is front_end
        if mine and read_expectations(path.read_text(encoding="utf-8")).expected:
            copy = folder.joinpath(*path.relative_to(FIXTURES).parts[1:])
            copy.parent.mkdir(parents=True, exist_ok=True)
            return Path(shutil.copy(path, copy))
    pytest.fail(f"no fixture of kind {front_end.kind.value} expects a finding")


def codes(findings: list[tuple[int, str]]) -> Counter[str]:
    return Counter(code for _, code in findings)


def located(result: FileResult) -> list[tuple[int, str]]:
    """(line, rule code) of the findings in the file itself, one finding once (as the language
    server publishes them: a pipeline variable every job's container gets is one finding)."""
    findings = merged_variants(result.findings)
    return [(finding.span.line, finding.rule.code) for finding in findings if finding.path == result.path]


def test_the_kinds_moved_onto_front_ends_are_the_kinds() -> None:
    kinds = [front_end.kind for front_end in front_ends()]
    assert len(set(kinds)) == len(kinds)
    assert {kind.value for kind in kinds} >= {"dockerfile", "compose", "python", "shell"}
    assert set(FileKind) == {*kinds, FileKind.OTHER}


# folders some front ends claim files by (workflows, dev containers), and plain ones
FOLDERS = ["", "a/b", "/abs", ".github/workflows", ".gitea/workflows", ".devcontainer", ".devcontainer/x", "Dockerfile"]


@pytest.mark.parametrize("name", sorted(KNOWN_NAMES))
def test_a_known_name_is_of_the_kind_asking_every_front_end_finds(name: str) -> None:
    for folder in FOLDERS:
        where = f"{folder}/{name}" if folder else name
        asked = next((front_end for front_end in front_ends() if front_end.claims_path(where)), None)
        assert asked is front_end_of(KNOWN_NAMES[name]) is front_end_for_path(where), where


@EACH_FRONT_END
def test_discovery_takes_in_a_kinds_files_and_not_their_near_misses(front_end: FrontEnd, tmp_path: Path) -> None:
    path = example(front_end, tmp_path)
    for suffix in (".md", ".txt"):  # notes about a file, named after it
        shutil.copy(path, path.with_name(path.name + suffix))
    assert list(discover(str(tmp_path))) == [str(path)]
    assert lint_file(str(path), path.name, ALL_RULES).kind is front_end.kind


@EACH_FRONT_END
def test_a_suppression_comment_in_a_kinds_syntax_silences_a_finding(front_end: FrontEnd, tmp_path: Path) -> None:
    path = example(front_end, tmp_path)
    text = path.read_bytes().decode("utf-8")
    before = lint_file(str(path), path.name, ALL_RULES)
    line, code = next((line, code) for line, code in located(before) if code in RULE_CODES)
    rule_name = next(rule.name for rule in all_rules() if rule.code == code)
    # where the editor puts it: the front end's comment syntax, before its statement or after the line
    insertion = suppression_insertion(front_end, text, path.name, line, code, rule_name)
    assert insertion is not None
    path.write_bytes(applied(text, insertion).encode("utf-8"))
    after = lint_file(str(path), path.name, ALL_RULES)
    assert after.suppressed, f"the comment {insertion.text.strip()!r} silenced nothing"
    assert {finding.rule.code for finding in after.suppressed} == {code}
    # nothing else changed: no finding about the comment, none of another rule silenced
    silenced = [(finding.span.line, finding.rule.code) for finding in merged_variants(after.suppressed)]
    assert codes(located(after)) + codes(silenced) == codes(located(before))


@pytest.mark.asyncio
@EACH_FRONT_END
async def test_the_language_server_lints_a_kinds_document_on_open(front_end: FrontEnd, tmp_path: Path) -> None:
    path = example(front_end, tmp_path)
    expected = located(lint_file(str(path), str(path), ALL_RULES))
    assert expected
    async with language_server(tmp_path, "--select", "security") as client:  # ALL_RULES' set
        uri = open_document(client, path, path.read_bytes().decode("utf-8"))
        params = await published(client)
    assert params.uri == uri
    diagnostics = [(diagnostic.range.start.line + 1, str(diagnostic.code)) for diagnostic in params.diagnostics]
    assert sorted(diagnostics) == sorted(expected)
