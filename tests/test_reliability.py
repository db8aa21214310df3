"""Hostile input: no traceback, bounded work, nothing written, no network."""

from __future__ import annotations

import builtins
import os
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hullcheck.cli import main
from hullcheck.engine.lint import FileKind, LintOptions, lint_bytes
from hullcheck.engine.registry import all_rules
from hullcheck.parsers.dotenv import parse_dotenv

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALL_RULES = LintOptions(rules=all_rules())
SEEDS = sorted(p.read_bytes() for p in FIXTURES.rglob("*") if p.is_file())
CODE_SEEDS = sorted(p.read_bytes() for p in FIXTURES.rglob("*") if p.suffix in (".py", ".sh") and p.is_file())
# each mutation group: seeds, and the names (so the kinds) the mutated bytes are linted as
MUTATION_GROUPS = {
    "definitions": (SEEDS, ("Dockerfile", "compose.yaml")),
    "code": (CODE_SEEDS, ("sdk.py", "run.sh")),
}


def engine_codes(data: bytes, name: str) -> list[str]:
    """The parse errors and internal errors linting ``data`` gives."""
    return [f.rule.code for f in lint_bytes(data, name, ALL_RULES).findings if f.rule.code in ("HC000", "HC001")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfeF\x00R\x00O\x00M\x00", ["HC001"]),  # UTF-16 with BOM
        (b"FROM alpine:3.20\x00\n", ["HC001"]),
        (b"", []),
        (b"# only a comment\n", []),
        (b"FROM alpine:3.20\nUSER app\nRUN echo " + b"x" * 10_000 + b"\n", []),
        (b"FROM alpine:3.20\nUSER app\nRUN <<EOF\necho unterminated\n", ["HC001"]),
        (b"FROM alpine:3.20\nUSER app\nRUN echo 'unterminated\n", []),
        (b"FROM alpine:3.20\nUSER app\n\\", []),
    ],
)
def test_odd_dockerfiles(data: bytes, expected: list[str]) -> None:
    assert engine_codes(data, "Dockerfile") == expected


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 5000 + b"]" * 5000,  # deeper than Python's recursion limit
        b"services:\n  web:\n" + b"    a:\n" * 1 + b"".join(b"    " + b"  " * i + b"k:\n" for i in range(2000)),
        b"services:\n\tweb: {}\n",
        b"services:\n  web:\n    image: a\n    image: b\n",
        b"services: !!python/object/apply:os.system ['id']\n",
        b"\x00\x01\x02binary",
    ],
)
def test_odd_compose_files_give_a_finding_not_a_traceback(data: bytes) -> None:
    result = lint_bytes(data, "compose.yaml", ALL_RULES)
    assert all(finding.rule.code != "HC000" for finding in result.findings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), name=st.sampled_from(["Dockerfile", "compose.yaml"]))
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    result = lint_bytes(data, name, ALL_RULES)
    assert all(finding.rule.code != "HC000" for finding in result.findings)


@pytest.mark.parametrize("group", MUTATION_GROUPS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), cut=st.integers(min_value=0, max_value=4000), insert=st.binary(max_size=12))
def test_mutated_fixtures_never_raise(group: str, data: st.DataObject, cut: int, insert: bytes) -> None:
    seeds, names = MUTATION_GROUPS[group]
    seed, name = data.draw(st.sampled_from(seeds)), data.draw(st.sampled_from(names))
    position = cut % (len(seed) + 1)
    mutated = seed[:position] + insert + seed[position + len(insert) :]
    result = lint_bytes(mutated, name, ALL_RULES)
    assert all(finding.rule.code != "HC000" for finding in result.findings)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_dotenv_never_raises(text: str) -> None:
    assert isinstance(parse_dotenv(text), dict)


def test_files_over_the_size_limit_are_reported_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_bytes(b"FROM alpine:3.20\n" + b"#" * 4096)
    assert main(["--format", "concise", "--max-file-size", "1K", str(tmp_path)]) == 1
    assert "larger than the 1,024-byte limit" in capsys.readouterr().out
    result = lint_bytes(b"x" * 11, "Dockerfile", LintOptions(rules=(), max_file_size=10))
    assert [f.rule.code for f in result.findings] == ["HC001"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_symlink_loops_do_not_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "Dockerfile")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "self.Dockerfile").symlink_to(tmp_path / "self.Dockerfile")
    assert main(["--format", "concise", str(tmp_path)]) == 1  # the self-link cannot be read
    out = capsys.readouterr().out
    assert "self.Dockerfile:1:1: error: a symbolic link to nothing (or a link loop); not read" in out
    assert "Dockerfile:1:1: error: not a regular file; not read" in out
    assert main(["--format", "concise", str(tmp_path / "Dockerfile")]) == 1
    assert "not a regular file" in capsys.readouterr().out


def test_a_full_run_writes_nothing_in_the_scanned_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES, tree)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tree.rglob("*") if p.is_file()}
    for output_format in ("full", "concise", "json", "sarif"):
        main(["--format", output_format, "-o", str(tmp_path / f"out.{output_format}"), str(tree)])
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tree.rglob("*") if p.is_file()}
    assert before == after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.concise", "out.full", "out.json", "out.sarif", "tree"]


def test_no_socket_is_opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for output_format in ("full", "json", "sarif"):
        main(["--format", output_format, "-o", str(tmp_path / "out"), str(FIXTURES)])
    assert attempts == []


def test_kinds_of_odd_names() -> None:
    assert lint_bytes(b"FROM alpine:3.20\nUSER app\n", "notes.txt", ALL_RULES).kind is FileKind.DOCKERFILE
    assert lint_bytes(b"just text\n", "notes.txt", ALL_RULES).note is not None


def test_discovery_terminates_on_deep_trees_and_reports_what_it_skips(tmp_path: Path) -> None:
    from hullcheck.discovery import MAX_DEPTH, Skipped, discover

    deep = tmp_path / "deep"
    folder = deep
    for _ in range(MAX_DEPTH + 5):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "Dockerfile").write_text("FROM alpine:3.20\n")
    found = list(discover(str(deep)))
    assert [type(item).__name__ for item in found] == ["Skipped"]
    assert isinstance(found[0], Skipped) and "folders deep" in found[0].reason


def test_links_out_of_the_scanned_folder_are_not_followed_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\n")
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    (scanned / "Dockerfile").symlink_to(outside / "Dockerfile")
    (scanned / "linked-folder").symlink_to(outside)
    (scanned / "loop").symlink_to(scanned)
    assert main(["--format", "concise", "--select", "root-user", str(scanned)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "a symbolic link out of the scanned folder; not read" in captured.err
    assert main(["--format", "concise", "--select", "root-user", "--follow-symlinks", str(scanned)]) == 1
    out = capsys.readouterr().out
    assert out.count("root-user") == 1  # the linked file and the linked folder's file are one real file


def test_an_unreadable_file_and_a_vanished_folder_affect_only_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("a", "b", "gone"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\n")
    real_open, real_scandir = builtins.open, os.scandir

    def open_denied(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str) and os.path.basename(os.path.dirname(file)) == "a":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def scandir_vanishing(path: object) -> object:
        if str(path).endswith("gone"):
            raise FileNotFoundError(2, "No such file or directory")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", open_denied)
    monkeypatch.setattr(os, "scandir", scandir_vanishing)
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "concise", "--select", "root-user,parse-error", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "a/Dockerfile:1:1: error: cannot read the file: Permission denied [HC001 parse-error]",
        "b/Dockerfile:2:6: warning: the final stage runs as root (USER root) [HC301 root-user]",
    ]
