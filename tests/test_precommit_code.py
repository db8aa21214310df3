"""The pre-commit hook for code, `hullcheck-code`: Python files and shell scripts, chosen by
pre-commit's types (a name, or an executable's `#!` line), and a real offline `try-repo` run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from identify.identify import tags_from_path
from ruamel.yaml import YAML

from hullcheck.frontends import FileKind, front_end_for_content, front_end_for_path
from tests.test_precommit import MANIFEST, WHEELHOUSE, _committed_copy_of_work_tree, _git, try_repo


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def _code_hook() -> dict[str, Any]:
    return _hooks()["hullcheck-code"]


def _selected(hook: dict[str, Any], path: Path, name: str) -> bool:
    """pre-commit's own test of a file against a hook's filters (files AND types AND types_or)."""
    tags = tags_from_path(str(path))
    return (
        re.search(hook.get("files", ""), name) is not None
        and not (hook.get("exclude") and re.search(hook["exclude"], name))
        and set(hook.get("types", ["file"])) <= tags
        and (not hook.get("types_or") or bool(set(hook["types_or"]) & tags))
        and not set(hook.get("exclude_types", [])) & tags
    )


def test_code_hook_runs_the_console_script() -> None:
    hook = _code_hook()
    assert hook["entry"] == "hullcheck"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["python", "shell"]
    assert "files" not in hook, "the code hook selects by type: a `files` regex would drop extensionless scripts"


def _write(folder: Path, name: str, content: str, executable: bool = False) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


# name, content, executable, selected by the code hook, the kind hullcheck then reads it as
PRIVILEGED_SH = "docker run --privileged nginx:1.25\n"
CASES = [
    ("start.py", "import docker\n", False, True, "python"),
    ("tools/run.sh", PRIVILEGED_SH, False, True, "shell"),
    ("tools/run.bash", PRIVILEGED_SH, False, True, "shell"),
    ("deploy", "#!/bin/sh\n" + PRIVILEGED_SH, True, True, "shell"),
    ("bin/up", "#!/usr/bin/env bash\n" + PRIVILEGED_SH, True, True, "shell"),
    ("bin/tool", "#!/usr/bin/env python3\nimport docker\n", True, True, "python"),
    ("bin/tool.prod", "#!/bin/dash\n" + PRIVILEGED_SH, True, True, "shell"),
    # not executable: identify does not read its `#!` line
    ("notes", "#!/bin/sh\n" + PRIVILEGED_SH, False, False, None),
    ("bin/csh-tool", "#!/bin/csh\necho hi\n", True, False, None),
    ("Dockerfile", "FROM scratch\n", False, False, None),
    ("compose.yaml", "services: {}\n", False, False, None),
    ("stubs.pyi", "x: int\n", False, False, None),
    ("README.md", "docker run --privileged\n", False, False, None),
]


@pytest.mark.parametrize(("name", "content", "executable", "selected", "kind"), CASES, ids=[case[0] for case in CASES])
def test_code_hook_selects(
    tmp_path: Path, name: str, content: str, executable: bool, selected: bool, kind: str | None
) -> None:
    path = _write(tmp_path, name, content, executable)
    assert _selected(_code_hook(), path, name) is selected
    if selected:
        # every file the hook hands hullcheck is one it reads: by its name, else by its `#!` line
        front_end = front_end_for_path(str(path)) or front_end_for_content(path.name, content)
        assert getattr(front_end, "kind", None) is FileKind(kind)


@pytest.mark.parametrize(("name", "content", "executable", "selected", "kind"), CASES, ids=[case[0] for case in CASES])
def test_the_two_hooks_do_not_overlap(
    tmp_path: Path, name: str, content: str, executable: bool, selected: bool, kind: str | None
) -> None:
    """A file is linted by one hook at most: its findings are not reported twice."""
    path = _write(tmp_path, name, content, executable)
    hooks = _hooks()
    assert not (_selected(hooks["hullcheck"], path, name) and _selected(hooks["hullcheck-code"], path, name))


# --- end to end: pre-commit installs the hook from a git copy of this work tree, offline ---------------------------

PRIVILEGED_PY = 'import docker\n\ndocker.from_env().containers.run("nginx:1.25", privileged=True)\n'
NO_CONTAINER_PY = 'import subprocess\n\nsubprocess.run(["ls", "-l"], check=True)\nprint("docker run --privileged")\n'
PRIVILEGED_SCRIPT = "#!/bin/sh\nset -eu\ndocker run --privileged nginx:1.25\n"


@pytest.mark.slow
@pytest.mark.skipif(not WHEELHOUSE, reason="HULLCHECK_WHEELHOUSE is unset: tests/ci.sh builds the wheelhouse")
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_code_hook_try_repo_offline_end_to_end(tmp_path: Path) -> None:
    hook_repo = _committed_copy_of_work_tree(tmp_path / "hullcheck")

    project = tmp_path / "project"
    files = {
        "app/start.py": PRIVILEGED_PY,
        "app/clean.py": NO_CONTAINER_PY,
        "deploy": PRIVILEGED_SCRIPT,  # no extension: selected by its `#!` line, as it is executable
        "Dockerfile": "FROM ubuntu:latest\n",  # the other hook's
        "notes/run-me": PRIVILEGED_SCRIPT,  # not executable: pre-commit does not see a script
    }
    for name, text in files.items():
        _write(project, name, text, executable=name == "deploy")
    _git(project, "init", "-q")
    _git(project, "add", "-A")

    returncode, output = try_repo(tmp_path, hook_repo, project, "hullcheck-code")
    assert returncode == 1, f"the hook should fail on the findings (exit {returncode}):\n{output}"
    assert re.search(r"^hullcheck \(Python and shell\)\.+Failed$", output, re.MULTILINE), output

    def reported(path: str, line: int, code: str) -> bool:
        return re.search(rf"^\s*{re.escape(path)}:{line}:\d+: \w+: .*\[{code}\b", output, re.MULTILINE) is not None

    assert reported("app/start.py", 3, "HC201"), output
    assert reported("deploy", 3, "HC201"), output
    # the two files with findings and the module that starts no container were checked (in one
    # batch or several); the Dockerfile and the script that is not executable were not handed over
    checked = sum(int(count) for count in re.findall(r"(\d+) files? checked\.", output))
    assert checked == 3, output
    assert "skipped" not in output, output
    for name in ("app/clean.py", "Dockerfile", "notes/run-me"):
        assert f"{name}:" not in output, f"{name} should not have been reported:\n{output}"
