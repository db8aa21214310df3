"""Applying fixes (hullcheck.fixes): edits at spans applied to the bytes read, line endings, BOM
and tabs kept; overlapping fixes in separate rounds; nothing written over a file that changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.engine.findings import Applicability, Finding, Fix, TextEdit
from hullcheck.engine.lint import LintOptions
from hullcheck.engine.registry import all_rules
from hullcheck.fixes import FileText, FixRun, fix_in_rounds, unified_diff, write_fixed
from hullcheck.model.span import Span
from hullcheck.reporters.report import Report
from hullcheck.scan import scan
from tests.samples import security_rules


def _edited(data: bytes, *edits: tuple[Span, str]) -> bytes | None:
    text = FileText(data)
    offsets = []
    for span, written in edits:
        start, end = text.offset(span.line, span.column), text.offset(span.end_line, span.end_column)
        if start is None or end is None:
            return None
        offsets.append((start, end, written))
    return text.edited(offsets)


@pytest.mark.parametrize(
    ("data", "edits", "expected"),
    [
        # columns count code points: é is one column, two bytes
        ("a: é\tx\n".encode(), [(Span(1, 6, 1, 7), "y")], "a: é\ty\n".encode()),
        # CRLF kept, and an edit's line ending written as the file writes them
        (b"a\r\nb\r\n", [(Span(2, 1, 2, 2), "c\nd")], b"a\r\nc\r\nd\r\n"),
        (b"a\r\nb\r\n", [(Span(1, 2, 1, 2), "!")], b"a!\r\nb\r\n"),  # the end of a line is before its \r
        # a BOM stays, and columns start after it
        (b"\xef\xbb\xbfFROM x\n", [(Span(1, 6, 1, 7), "y")], b"\xef\xbb\xbfFROM y\n"),
        # no line ending at the end: kept so; the line after the last has its first column only
        (b"a\nb", [(Span(2, 2, 2, 2), "c")], b"a\nbc"),
        (b"a\n", [(Span(2, 1, 2, 1), "b\n")], b"a\nb\n"),
        (b"a\n", [(Span(2, 2, 2, 2), "b")], None),  # past the end: refused
        (b"ab\n", [(Span(1, 4, 1, 4), "c")], None),  # past the line's end: refused
        (b"ab\n", [(Span(1, 1, 1, 2), "x"), (Span(1, 3, 1, 3), "y")], b"xby\n"),
    ],
)
def test_edits_apply_to_the_bytes_read(data: bytes, edits: list[tuple[Span, str]], expected: bytes | None) -> None:
    assert _edited(data, *edits) == expected


def _report(path: Path, findings: list[Finding]) -> Report:
    from hullcheck.engine.lint import FileResult
    from hullcheck.frontends import FileKind

    text = path.read_text(encoding="utf-8")
    result = FileResult(path.name, FileKind("dockerfile"), findings, source=text)
    return Report([result], (), path.parent, {path.name: text})


def _finding(path: Path, *edits: tuple[Span, str], applicability: Applicability = Applicability.SAFE) -> Finding:
    rule = next(rule for rule in all_rules() if rule.code == "HC609").info
    fix = Fix("fix", tuple(TextEdit(span, text) for span, text in edits), applicability)
    return Finding(rule, path.name, edits[0][0], "message", fix=fix)


def test_overlapping_fixes_wait_for_the_next_round(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"abcdef\n")
    first = _finding(path, (Span(1, 1, 1, 4), "X"))
    overlapping = _finding(path, (Span(1, 3, 1, 5), "Y"))
    touching = _finding(path, (Span(1, 4, 1, 4), "Z"))  # at the end of the first: its order is unclear
    apart = _finding(path, (Span(1, 6, 1, 7), "W"))
    run = FixRun(unsafe=False)
    assert run.apply_round(_report(path, [first, overlapping, touching, apart])) == 2
    assert run.applied == [first, apart]
    key = str(path.resolve())
    assert run.fixed[key] == b"XdeW\n" and run.originals[key] == b"abcdef\n"
    assert path.read_bytes() == b"abcdef\n"  # nothing written yet


def test_unsafe_fixes_only_when_asked_and_own_overlaps_never(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"abcdef\n")
    unsafe = _finding(path, (Span(1, 1, 1, 2), "X"), applicability=Applicability.UNSAFE)
    self_overlapping = _finding(path, (Span(1, 3, 1, 5), "Y"), (Span(1, 4, 1, 6), "Z"))
    assert FixRun(unsafe=False).apply_round(_report(path, [unsafe, self_overlapping])) == 0
    assert FixRun(unsafe=True).apply_round(_report(path, [unsafe])) == 1


def test_a_file_changed_after_the_lint_read_it_is_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"abcdef\n")
    report = _report(path, [_finding(path, (Span(1, 1, 1, 2), "X"))])
    path.write_bytes(b"changed\n")
    run = FixRun(unsafe=False)
    assert run.apply_round(report) == 0 and not run.changes()


def test_a_file_changed_before_writing_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"abcdef\n")
    run = FixRun(unsafe=False)
    run.apply_round(_report(path, [_finding(path, (Span(1, 1, 1, 2), "X"))]))
    path.write_bytes(b"abcdefg\n")
    written = write_fixed(run)
    assert written.refused == ["Dockerfile"] and not written.written
    assert path.read_bytes() == b"abcdefg\n"


def test_rounds_lint_what_the_fixes_would_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second round sees the first round's fix in memory, without a file written."""
    monkeypatch.chdir(tmp_path)
    Path("Dockerfile").write_bytes(
        b"FROM alpine:3.20\r\nMAINTAINER me <me@example.com>\r\nRUN --security=insecure make\r\n"
    )
    options = LintOptions(rules=security_rules())
    seen: list[int] = []

    def lint(in_memory: object, stdin: bytes | None) -> Report:
        from hullcheck.parsers.source import ContentsInMemory

        with ContentsInMemory(in_memory):  # type: ignore[arg-type]
            report = scan(["Dockerfile"], options)
        seen.append(sum(finding.fix is not None for finding in report.findings))
        return report

    run = FixRun(unsafe=True)
    fix_in_rounds(run, lint)
    assert seen == [1, 0] and run.rounds == 2
    assert Path("Dockerfile").read_bytes().count(b"insecure") == 1
    diff = unified_diff(run)
    assert diff.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n")
    assert "-RUN --security=insecure make\r\n+RUN --security=sandbox make\r\n" in diff


def test_the_diff_marks_a_last_line_without_a_line_ending(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"abc")
    run = FixRun(unsafe=False)
    run.apply_round(_report(path, [_finding(path, (Span(1, 1, 1, 2), "X"))]))
    assert unified_diff(run).endswith("-abc\n\\ No newline at end of file\n+Xbc\n\\ No newline at end of file\n")
