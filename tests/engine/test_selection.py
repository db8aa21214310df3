"""Which engine codes a selection reports: those saying a file was not checked come whatever
``--select`` names, unless ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.registry import select


@pytest.mark.parametrize("selectors", [["HC101"], ["docker-socket-mount"], ["HC2", "root-user"], ["HC003"]])
def test_parse_and_project_errors_come_with_any_selection(selectors: list[str]) -> None:
    codes = select(selectors, []).engine_codes
    assert {"HC001", "HC002"} <= codes
    assert "HC004" not in codes  # the other engine codes follow the selection like rules


@pytest.mark.parametrize("ignored", ["HC001", "parse-error", "HC0", "ALL"])
def test_ignoring_a_parse_error_still_turns_it_off(ignored: str) -> None:
    assert "HC001" not in select(["HC101"], [ignored]).engine_codes
    assert "HC001" not in select(None, [ignored]).engine_codes


def test_a_file_that_does_not_parse_is_reported_under_a_narrow_select(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n   privileged: true\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "concise", "--no-cache", "--select", "docker-socket-mount", "."]) == 1
    assert "[HC001 parse-error]" in capsys.readouterr().out
    assert main(["--format", "concise", "--no-cache", "--select", "HC101", "--ignore", "HC001", "."]) == 0
