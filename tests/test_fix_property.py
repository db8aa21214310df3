"""The proof that fixes do what they say, on every fixture (and on ../shared/corpus, slow):
after ``--fix --unsafe-fixes`` on a copy, the files still parse, the findings that had fixes are
gone, every other finding is still there and none is new, a second run changes nothing, every
comment line is kept, and only the lines a fix edits changed (checked in each round).

Two kinds of change to other findings are what a fix means, not a defect: one on a line a fix
edits may go or come (``ADD`` becomes ``COPY``, so a finding's message names COPY; ShellCheck's
unsafe quoting makes ``$deps`` one package word, no longer unpinned ones), a container that no
longer runs privileged shows the hardening it lacks (REVEALED_BY), and a service that extends
one a fix changed inherits the fix. A SHELL a fix adds (pipe-without-pipefail's) runs the later
RUN steps of its stage in bash or ash: ShellCheck reads them in that dialect, and its findings
there may go or come (DIALECT_CHANGED_BY). A fix may make another possible (a CMD in exec form
lets a SHELL be added): a finding of that rule in that file, with no fix at first, goes in a
later round. Findings are matched by file, rule and the line they were read at (a line a fix
added counts as the one it follows)."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from hullcheck.cli import build_settings, main, read_lint_command_line
from hullcheck.docs import sections
from hullcheck.engine.findings import Finding
from hullcheck.engine.registry import catalog
from hullcheck.engine.rule import FIX_HEADING
from hullcheck.engine.shellcheck import RULE_CODE, find_shellcheck
from hullcheck.engine.suppressions import NOT_SUPPRESSIBLE
from hullcheck.fixes import FixRun
from hullcheck.reporters.report import Report
from hullcheck.scan import scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
# what `hullcheck fixtures/` needs to show every rule (the README says so)
EVERY_RULE = ["--select", "ALL", "--rule-option", "untrusted-registry.trusted-registries=registry.example.com"]

Key = tuple[str, str, int]  # path, code, line
# what a privileged container is not told it lacks (it has everything): shown once it is not
REVEALED_BY = {"HC201": {"HC206", "HC207", "HC208", "HC209"}}
# fixes that change the shell later RUN steps run in, and so ShellCheck's dialect for them
DIALECT_CHANGED_BY = {"HC667"}
# rules about an instruction and the one before it (consecutive-run: RUNs with the same flags)
NEIGHBOURS = {"HC643"}


def _options(selection: list[str]) -> list[str]:
    if "ALL" in selection and find_shellcheck() is None:
        return [*selection, "--ignore", "shellcheck"]
    return selection


def _lint(folder: Path, selection: list[str]) -> Report:
    options = read_lint_command_line(["--no-cache", *_options(selection), "."])
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return scan(["."], build_settings(options), root=str(folder))
    finally:
        os.chdir(cwd)


def _key(finding: Finding) -> Key:
    return (finding.path, finding.rule.code, finding.span.line)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _comment_lines(data: bytes) -> Counter[str]:
    text = data.decode("utf-8", errors="replace")
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith(("#", "//")))


def _edited_lines(findings: list[Finding]) -> dict[str, set[int]]:
    """The lines each file's fixes may change, by display path."""
    lines: dict[str, set[int]] = {}
    for finding in findings:
        for edit in finding.fix.edits if finding.fix is not None else ():
            span = edit.span
            edited = lines.setdefault(edit.span.path or finding.path, set())
            edited.update(range(span.line, span.end_line + 1))
            if (span.column, span.end_line, span.end_column) == (1, span.line, 1):
                edited.add(span.line - 1)  # a line inserted at a line's start follows the line before
    return lines


def _removed_lines(before: bytes, after: bytes) -> Iterator[int]:
    """The 1-based lines of ``before`` that ``after`` changes or removes."""
    old, new = before.split(b"\n"), after.split(b"\n")
    for tag, first, last, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            yield from range(first + 1, last + 1)
        elif tag == "insert":
            yield first  # inserted after this line (0: before the first), which a fix edits


def check_fixes(
    folder: Path, selection: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[Finding]]:
    """Fix ``folder`` in place and check every claim; the number of findings, and those with a fix."""
    before = _lint(folder, selection)
    original = _files(folder)
    fixed = [finding for finding in before.findings if finding.fix is not None]
    apply_round = FixRun.apply_round
    # the files and rules of fixes a later round applied: one a fix made possible (a shell-form CMD
    # in exec form lets a SHELL be added) fixes a finding that had none at first
    later: set[tuple[str, str]] = set()

    def checked(run: FixRun, report: Report) -> int:
        """A round, and the check that it changed only the lines its fixes edit (in that round's text)."""
        texts = dict(run.fixed)
        count = apply_round(run, report)
        if run.rounds > 1:
            later.update((finding.path, finding.rule.code) for finding in run.applied[len(run.applied) - count :])
        edited: dict[str, set[int]] = {}
        for finding in run.applied[len(run.applied) - count :]:
            for path, lines in _edited_lines([finding]).items():
                edited.setdefault(run.key_of(path, report.source_root), set()).update(lines)
        for key, data in run.fixed.items():
            if data != texts.get(key, run.originals[key]):
                changed = set(_removed_lines(texts.get(key, run.originals[key]), data))
                allowed = edited.get(key, set())
                assert changed <= allowed, f"{key}: lines {sorted(changed - allowed)} changed, which no fix edits"
        return count

    monkeypatch.setattr(FixRun, "apply_round", checked)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert main(["--no-cache", "--fix-only", "--unsafe-fixes", *_options(selection), "."]) in (0, 1)
        once = _files(folder)
        assert main(["--no-cache", "--fix-only", "--unsafe-fixes", *_options(selection), "."]) in (0, 1)
    finally:
        os.chdir(cwd)
        monkeypatch.undo()
    capsys.readouterr()
    assert _files(folder) == once, "a second --fix changed something"
    after = _lint(folder, selection)
    parse_errors = {finding.path for finding in after.findings if finding.rule.code == "HC001"}
    assert parse_errors <= {finding.path for finding in before.findings if finding.rule.code == "HC001"}
    assert not [finding for finding in after.findings if finding.fix is not None], "findings with fixes remain"
    # the lines read that the fixes changed (an insertion: the line it follows), and where each
    # line now is was read
    editable = {
        name: set(_removed_lines(original[name], data)) for name, data in once.items() if data != original[name]
    }
    moved = {name: _line_map(original[name], data) for name, data in once.items() if data != original[name]}
    # by folder: a service's privileged may be set in its project's other file
    revealed = {(_folder(finding.path), code) for finding in fixed for code in REVEALED_BY.get(finding.rule.code, ())}

    # each file's first line below which ShellCheck reads RUN steps in another dialect
    dialect_from: dict[str, int] = {}
    for finding in fixed:
        if finding.rule.code in DIALECT_CHANGED_BY and finding.fix is not None:
            line = min(edit.span.line for edit in finding.fix.edits)
            dialect_from[finding.path] = min(line, dialect_from.get(finding.path, line))

    def read_at(finding: Finding) -> Key:
        path, code, line = _key(finding)
        return (path, code, moved[path].get(line, line) if path in moved else line)

    places = {_key(finding): finding for finding in before.findings} | {read_at(f): f for f in after.findings}

    def explained(key: Key) -> bool:
        """A finding on a line a fix edits, or about one (consecutive-run names the RUN before)."""
        lines = [(key[0], key[2])] + [(place.path, place.span.line) for place in places[key].related]
        edited = any(line in editable.get(path, ()) for path, line in lines)
        after_edit = key[1] in NEIGHBOURS and any(line < key[2] for line in editable.get(key[0], ()))
        dialect = places[key].rule.reported_by == RULE_CODE and key[2] >= dialect_from.get(key[0], key[2] + 1)
        return edited or after_edit or dialect or (_folder(key[0]), key[1]) in revealed

    expected = Counter(map(_key, before.findings)) - Counter(map(_key, fixed))
    remaining = Counter(map(read_at, after.findings))
    appeared = [key for key in (remaining - expected).elements() if not explained(key)]
    assert not appeared, f"findings appeared: {appeared}"
    # a service that extends one a fix changed (in its folder or below) inherits the fix: its
    # finding of that rule goes too
    inherited = {(_folder(finding.path), finding.rule.code) for finding in fixed}
    gone = [
        key
        for key in (expected - remaining).elements()
        if not explained(key)
        and not any(code == key[1] and f"{folder}/".startswith(f"{_folder(key[0])}/") for folder, code in inherited)
        and (key[0], key[1]) not in later
    ]
    assert not gone, f"findings without a fix disappeared: {gone}"
    for name, data in once.items():
        if data != original[name]:
            assert not _comment_lines(original[name]) - _comment_lines(data), f"{name}: a comment line was lost"
    return len(before.findings), fixed


def _line_map(before: bytes, after: bytes) -> dict[int, int]:
    """For each 1-based line of ``after``, the line of ``before`` it was (an added line: the one it follows)."""
    old, new = before.split(b"\n"), after.split(b"\n")
    lines: dict[int, int] = {}
    for tag, first, last, new_first, new_last in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        for offset, line in enumerate(range(new_first, new_last)):
            lines[line + 1] = first + offset + 1 if tag == "equal" else max(min(first + offset + 1, last), first, 1)
    return lines


@pytest.mark.parametrize("selection", [[], EVERY_RULE], ids=["default", "all"])
def test_fixes_on_every_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, selection: list[str]
) -> None:
    folder = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", folder, symlinks=True)
    _total, fixed = check_fixes(folder, selection, capsys, monkeypatch)
    if selection:  # every rule: each that documents a fix shows it on its fixtures, and only those fix
        documented = {info.code for info in catalog() if FIX_HEADING.removeprefix("## ") in sections(info.docs)}
        assert {finding.rule.reported_by or finding.rule.code for finding in fixed} == documented


@pytest.mark.slow  # two runs with every rule over fixtures/: about half a minute
def test_diff_of_every_fixture_applies_with_patch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--diff`` of every fixture, applied with ``patch -p1``, makes what ``--fix`` writes."""
    if shutil.which("patch") is None:
        pytest.skip("no patch")
    patched, fixed = tmp_path / "patched", tmp_path / "fixed"
    for folder in (patched, fixed):
        shutil.copytree(ROOT / "fixtures", folder, symlinks=True)
    cwd = Path.cwd()
    try:
        os.chdir(patched)
        assert main(["--no-cache", "--diff", "--unsafe-fixes", *_options(EVERY_RULE), "."]) == 1
        diff = capsys.readouterr().out
        assert _files(patched) == _files(fixed), "--diff wrote"
        (tmp_path / "fix.patch").write_text(diff, encoding="utf-8", newline="")
        subprocess.run(["patch", "-p1", "-s", "-i", str(tmp_path / "fix.patch")], check=True, capture_output=True)
        os.chdir(fixed)
        assert main(["--no-cache", "--fix-only", "--unsafe-fixes", *_options(EVERY_RULE), "."]) in (0, 1)
    finally:
        os.chdir(cwd)
    capsys.readouterr()
    assert _files(patched) == _files(fixed)


@pytest.mark.slow
@pytest.mark.parametrize("selection", [[], ["--select", "ALL"]], ids=["default", "all"])
def test_fixes_on_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, selection: list[str]
) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder, symlinks=True)
    total, fixed = check_fixes(folder, selection, capsys, monkeypatch)
    by_rule = Counter(finding.rule.reported_by or finding.rule.code for finding in fixed)
    print(f"corpus, {' '.join(selection) or 'default rules'}: {len(fixed)} of {total} findings have a fix: {by_rule}")


def test_suppressions_on_every_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--add-suppressions`` silences every finding a comment can (what is left is a finding
    about suppressions, or on a line inside a multi-line value, or in a file that is not text),
    only adds comments (a line of its own, or at a line's end, or before a comment there) and
    extends existing ones, breaks no file, and a second run adds nothing."""
    folder = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", folder, symlinks=True)
    before = _lint(folder, [])
    original = _files(folder)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert main(["--no-cache", "--add-suppressions", "accepted", "."]) == 0
        once = _files(folder)
        assert main(["--no-cache", "--add-suppressions", "again", "."]) == 0
    finally:
        os.chdir(cwd)
    assert "added 0 suppression comments" in capsys.readouterr().err
    assert _files(folder) == once
    after = _lint(folder, [])
    parse_errors = {finding.path for finding in after.findings if finding.rule.code == "HC001"}
    assert parse_errors <= {finding.path for finding in before.findings if finding.rule.code == "HC001"}
    left = Counter(finding.rule.code for finding in after.findings if finding.rule.code not in NOT_SUPPRESSIBLE)
    assert sum(left.values()) <= 20, f"findings no comment silenced: {left}"  # inside values (see docstring)
    added = re.compile(r"\s*(?:#|//) hullcheck: ignore\[[^\]]*\] -- accepted ?|, HC\d{3}")
    for name, data in once.items():
        old, new = original[name].decode("utf-8", "replace"), data.decode("utf-8", "replace")
        if old == new:
            continue
        kept = [
            line
            for line in new.split("\n")
            if not re.fullmatch(r"\s*(?:#|//) hullcheck: ignore\[[^\]]*\] -- accepted\r?", line)
        ]
        assert [added.sub("", line) for line in kept] == [added.sub("", line) for line in old.split("\n")], name
