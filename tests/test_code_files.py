"""Files of code that start containers: how they are found, skipped, and reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.lint import FileKind, LintOptions, lint_bytes
from hullcheck.frontends import front_end_for_path
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())
SDK = b'import docker\ndocker.from_env().containers.run("alpine:3.20", privileged=True)\n'
SCRIPT = b"#!/bin/sh\ndocker run --privileged alpine:3.20\n"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("tests/conftest.py", FileKind.PYTHON),
        ("deploy.sh", FileKind.SHELL),
        ("ci.bash", FileKind.SHELL),
        ("Dockerfile", FileKind.DOCKERFILE),
        ("lint/parsers/dockerfile.py", FileKind.PYTHON),
        ("Dockerfile.build.sh", FileKind.SHELL),
        ("deploy", None),
        ("notes.shtml", None),
    ],
)
def test_kinds_by_name(name: str, kind: FileKind | None) -> None:
    front_end = front_end_for_path(name)
    assert (front_end.kind if front_end is not None else None) is kind


def test_a_file_named_on_the_command_line_is_recognized_by_its_shebang() -> None:
    assert lint_bytes(SCRIPT, "deploy", ALL_RULES).kind is FileKind.SHELL
    python = b"#!/usr/bin/env python3\n" + SDK
    result = lint_bytes(python, "deploy", ALL_RULES)
    assert result.kind is FileKind.PYTHON
    assert "privileged-container" in {finding.rule.name for finding in result.findings}
    assert lint_bytes(b"#!/usr/bin/perl\nprint 1;\n", "deploy", ALL_RULES).note is not None


def test_a_python_file_that_cannot_start_a_container_is_not_even_decoded() -> None:
    latin1 = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")
    result = lint_bytes(latin1, "module.py", ALL_RULES)
    assert result.findings == [] and result.note is None
    broken = lint_bytes(b"import docker\ndef (:\n", "module.py", ALL_RULES)
    assert [(f.rule.name, f.span.line) for f in broken.findings] == [("parse-error", 2)]


def test_directory_scans_take_in_python_and_shell_and_no_python_leaves_python_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_bytes(SDK)
    (tmp_path / "deploy.sh").write_bytes(SCRIPT)
    (tmp_path / "notes.txt").write_bytes(SCRIPT)

    def lint(*args: str) -> dict[str, object]:
        main(["--format", "json", "--select", "privileged-container", *args])
        document: dict[str, object] = json.loads(capsys.readouterr().out)
        return document

    document = lint()
    assert document["files"] == [
        {"path": "deploy.sh", "kind": "shell"},
        {"path": "tests/test_app.py", "kind": "python"},
    ]
    findings = document["findings"]
    assert isinstance(findings, list)
    assert [(f["path"], f["span"]["line"]) for f in findings] == [("deploy.sh", 2), ("tests/test_app.py", 2)]
    assert lint("--no-python")["files"] == [{"path": "deploy.sh", "kind": "shell"}]
    main(["--no-python", "tests/test_app.py"])
    assert "Python files are not linted (--no-python)" in capsys.readouterr().err


def test_linting_code_that_starts_nothing_does_not_import_libcst(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("import json\nprint(json.dumps({}))\n")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\n")
    (tmp_path / "run.sh").write_text("docker run alpine:3.20\n")
    probe = (
        "import sys\nfrom hullcheck.cli import main\n"
        f"main(['--format', 'json', '-o', {str(tmp_path / 'out.json')!r}, {str(tmp_path)!r}])\n"
        "print('libcst' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "False", result.stderr


def test_deeply_nested_python_is_a_parse_error() -> None:
    code = b"import docker\nx = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n"
    result = lint_bytes(code, "deep.py", ALL_RULES)
    assert [finding.rule.code for finding in result.findings] == ["HC001"]
