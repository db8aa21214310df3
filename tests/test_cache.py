"""The result cache: a second run is served from it, and any change to what a result depends on
(content, configuration, the files it read) makes it lint again."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

import hullcheck.engine.runner
from hullcheck.cache import cache_directory
from hullcheck.cli import main

PRIVILEGED = "services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIVILEGED}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / "Dockerfile").write_text('FROM ubuntu:latest\nUSER root\nCMD ["/app"]\n')
    (folder / "compose.yaml").write_text(PRIVILEGED)
    (folder / ".env").write_text("PRIVILEGED=true\n")
    return folder


def entries() -> list[Path]:
    return [path for path in cache_directory().rglob("*") if path.is_file()]


class Linted:
    """Counts the files linted rather than served from the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = hullcheck.engine.runner.lint_bytes

        def counting(data: bytes, display_path: str, *args: object, **kwargs: object) -> object:
            self.names.append(display_path)
            return real(data, display_path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(hullcheck.engine.runner, "lint_bytes", counting)

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[str], list[tuple[str, str]]]:
        """The files linted by ``hullcheck args`` and its findings as (path, rule name)."""
        self.names.clear()
        main(["--format", "json", *args])
        report = json.loads(capsys.readouterr().out)
        return sorted(self.names), sorted((finding["path"], finding["name"]) for finding in report["findings"])


def test_a_second_run_is_served_from_the_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    names, first = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"]
    assert ("compose.yaml", "privileged-container") in first and ("Dockerfile", "root-user") in first
    names, second = linted.run(capsys)
    assert names == []
    assert second == first


def test_a_change_of_content_configuration_or_input_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    linted.run(capsys)
    (project / "Dockerfile").write_text('FROM ubuntu:latest\nUSER app\nCMD ["/app"]\n')
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile"] and ("Dockerfile", "root-user") not in findings

    names, findings = linted.run(capsys, "--ignore", "unpinned-image")
    assert names == ["Dockerfile", "compose.yaml"] and ("Dockerfile", "unpinned-image") not in findings
    (project / ".hullcheck.toml").write_text('ignore = ["privileged-container"]\n')
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"] and ("compose.yaml", "privileged-container") not in findings

    (project / ".hullcheck.toml").unlink()
    linted.run(capsys)
    (project / ".env").write_text("PRIVILEGED=false\n")  # only the .env changes: the compose file reads it
    names, findings = linted.run(capsys)
    assert names == ["compose.yaml"] and ("compose.yaml", "privileged-container") not in findings
    (project / ".env").unlink()
    names, _ = linted.run(capsys)
    assert names == ["compose.yaml"]


def test_a_file_looked_for_and_added_later_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Compose file's result depends on files that were absent when it was linted: a ``.env``
    (or an override file) added later changes it."""
    (project / ".env").unlink()
    linted = Linted(monkeypatch)
    linted.run(capsys)
    (project / ".env").write_text("PRIVILEGED=true\n")
    names, findings = linted.run(capsys)
    assert names == ["compose.yaml"] and ("compose.yaml", "privileged-container") in findings


def test_no_cache_neither_reads_nor_writes(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    linted.run(capsys, "--no-cache")
    assert entries() == []
    linted.run(capsys)
    names, _ = linted.run(capsys, "--no-cache")
    assert names == ["Dockerfile", "compose.yaml"]


def test_standard_input_is_never_cached(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"FROM ubuntu:latest\n")))
    main(["-", "--stdin-filename", "Dockerfile"])
    assert entries() == []


def test_a_corrupt_or_unwritable_cache_is_ignored(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    _, expected = linted.run(capsys)
    stored = entries()
    assert len(stored) == 2
    for garbage, entry in zip((b"", b"\x80\x05not a pickle"), stored, strict=True):
        entry.write_bytes(garbage)
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"] and findings == expected

    blocked = project.parent / "blocked"
    blocked.write_text("a file where the cache folder would be\n")
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(blocked))
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"] and findings == expected


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HULLCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == tmp_path / "xdg" / "hullcheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_directory() == tmp_path / "home" / ".cache" / "hullcheck"


def test_a_new_cache_folder_is_private(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Entries hold the source text of files with findings."""
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(tmp_path / "new" / "cache"))
    main(["--format", "concise"])
    assert entries() and (tmp_path / "new" / "cache").stat().st_mode & 0o077 == 0


def test_a_dockerfile_missing_at_first_and_added_later_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compose.yaml").write_text("services:\n  web:\n    build: ./app\n")
    linted = Linted(monkeypatch)
    _, findings = linted.run(capsys, "compose.yaml")
    assert ("compose.yaml", "project-error") in findings
    (project / "app").mkdir()
    (project / "app" / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\n")
    names, findings = linted.run(capsys, "compose.yaml")
    assert names == ["compose.yaml"] and ("compose.yaml", "project-error") not in findings


def test_an_input_that_is_a_fifo_is_not_opened(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project naming a FIFO as its env_file: linting refuses it, and the cache does not block on it."""
    os.mkfifo(project / "web.env")
    (project / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n")
    linted = Linted(monkeypatch)
    for _ in range(2):
        _, findings = linted.run(capsys, "compose.yaml")
        assert ("compose.yaml", "project-error") in findings
