"""The pre-commit hook: its manifest, the files it selects, and a real offline `pre-commit try-repo` run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from ruamel.yaml import YAML

from hullcheck.frontends import FileKind, front_end_for_path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
FIXTURES = ROOT / "fixtures"
PROBE = ROOT.parent / "shared" / "precommit" / "probe_hook_files.sh"


def _hook() -> dict[str, Any]:
    hooks = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    matching = [hook for hook in hooks if hook["id"] == "hullcheck"]
    assert len(matching) == 1, "the manifest must define the hook 'hullcheck' exactly once"
    hook: dict[str, Any] = matching[0]
    return hook


SELECTED = [
    "Dockerfile",
    "Dockerfile.dev",
    "Dockerfile.prod",
    "prod.Dockerfile",
    "api.dockerfile",
    "Containerfile",
    "Containerfile.ci",
    "web.containerfile",
    "app.Containerfile",
    "sub/Containerfile",
    "svc/web/Dockerfile",
    "compose.yaml",
    "compose.yml",
    "compose.prod.yaml",
    "compose.override.yml",
    "compose-dev.yaml",
    "deploy/compose.yaml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "docker-compose.override.yml",
    "docker-compose-v2.yml",
    "docker-compose-master.yml",
    "deploy/prod/docker-compose-v2.yml",
    ".devcontainer.json",
    ".devcontainer/devcontainer.json",
    ".devcontainer/python/devcontainer.json",
    "services/api/.devcontainer/devcontainer.json",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yaml",
    ".gitea/workflows/build.yml",
    ".forgejo/workflows/build.yaml",
    ".gitlab-ci.yml",
    "web.container",
    "deploy/quadlet/app.pod",
    "app.build",
    "data.volume",
    "backend.network",
    "base.image",
]
SKIPPED = [
    "mycompose.yaml",
    "composer.yaml",
    "composer.json",
    "my-docker-compose.yml",
    "compose.json",
    "docker-compose.yml.bak",
    "docs/compose.md",
    "docs/dockerfile.md",
    "notDockerfile",
    ".dockerignore",
    "other.yaml",
    "values.yml",
    "README.md",
    "devcontainer.json",  # only in .devcontainer/ or named .devcontainer.json
    ".devcontainer/a/b/devcontainer.json",
    ".github/dependabot.yml",
    ".github/workflows/scripts/check.yml",  # GitHub reads no folder below workflows/
    "docs/workflows/ci.yml",
    "gitlab-ci.yml",
    "meson.build",
    "web.container.md",
    "Dockerfile.dockerignore",  # the Dockerfile's own ignore file
    "Dockerfile.md",
]


def test_manifest_validates() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_runs_the_console_script() -> None:
    hook = _hook()
    assert hook["entry"] == "hullcheck"
    assert hook["language"] == "python"
    assert "exclude" not in hook
    # the `files` regex picks Dockerfiles of every naming, which pre-commit's `dockerfile` type does not
    assert set(hook.get("types", ["file"])) <= {"file", "text"}


@pytest.mark.parametrize("name", SELECTED)
def test_files_regex_selects(name: str) -> None:
    assert re.search(_hook()["files"], name), f"the hook does not select {name}"


@pytest.mark.parametrize("name", SKIPPED)
def test_files_regex_skips(name: str) -> None:
    assert not re.search(_hook()["files"], name), f"the hook selects {name}"


@pytest.mark.parametrize("name", SELECTED)
def test_selected_names_are_ones_hullcheck_recognizes(name: str) -> None:
    """hullcheck decides a file's kind by its name: every file the hook hands it must have a kind."""
    assert front_end_for_path(name) is not None


def test_files_regex_selects_every_fixture_hullcheck_claims_by_name() -> None:
    """The regex and discovery agree on the fixtures, each named as it sits below its rule's
    folder (``.github/workflows/ci.yml``): those a front end claims by name or folder are
    selected (the Python and shell ones by the hullcheck-code hook's types), the rest are not."""
    by_code = {FileKind.PYTHON, FileKind.SHELL}
    disagree = []
    for path in sorted(FIXTURES.glob("[!_]*/**/*")):
        if not path.is_file():
            continue
        name = PurePosixPath(*path.relative_to(FIXTURES).parts[1:]).as_posix()
        front_end = front_end_for_path(name)
        claimed = front_end is not None and front_end.kind not in by_code
        if claimed != bool(re.search(_hook()["files"], name)):
            disagree.append(name)
    assert not disagree


def _scripts() -> Path:
    return Path(sysconfig.get_path("scripts"))


@pytest.mark.slow
@pytest.mark.skipif(not PROBE.is_file(), reason="../shared/precommit/probe_hook_files.sh is not beside the repo")
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_probe_hook_files() -> None:
    """The shared probe: real pre-commit file selection (files + types) on its own table of names."""
    env = {**_clean_env(), "PRE_COMMIT": str(_scripts() / "pre-commit")}
    result = subprocess.run(
        ["bash", str(PROBE), str(MANIFEST)], capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- end to end: pre-commit installs the hook from a git copy of this work tree, offline ---------------------------

WHEELHOUSE = os.environ.get("HULLCHECK_WHEELHOUSE", "")
_IGNORED_AT_TOP = {".git", ".venv", ".ci-venv", "build", "dist"}
_IGNORED_ANYWHERE = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def _clean_env() -> dict[str, str]:
    """This environment without git's per-repository variables (set when tests run inside a git hook)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _git(cwd: Path, *arguments: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=hullcheck tests",
            "-c",
            "user.email=tests@hullcheck.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *arguments,
        ],
        cwd=cwd,
        env=_clean_env(),
        check=True,
        capture_output=True,
        timeout=120,
    )


def _ignore(root: Path) -> Any:
    def ignore(directory: str, names: list[str]) -> set[str]:
        top = Path(directory) == root
        return {
            name
            for name in names
            if name in _IGNORED_ANYWHERE or name.endswith(".egg-info") or (top and name in _IGNORED_AT_TOP)
        }

    return ignore


def _committed_copy_of_work_tree(target: Path) -> Path:
    shutil.copytree(ROOT, target, symlinks=True, ignore=_ignore(ROOT))
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "--no-verify", "-m", "work tree under test")
    return target


def try_repo(tmp_path: Path, hook_repo: Path, project: Path, hook_id: str) -> tuple[int, str]:
    """Run ``pre-commit try-repo`` of the hook ``hook_id`` on all files of ``project``, offline
    (installing from the wheelhouse); its exit code and output."""
    env = {
        **_clean_env(),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": WHEELHOUSE,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook_id, "--all-files", "--color=never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


UNPINNED = "FROM ubuntu:latest\n"
PRIVILEGED = "services:\n  web:\n    image: nginx:1.25\n    privileged: true\n"
CLEAN_DOCKERFILE = "FROM ubuntu:24.04@sha256:" + "0123456789abcdef" * 4 + "\nUSER 1000\n"
FLAGGED_DOCKERFILES = [f"svc{index:02}/Dockerfile" for index in range(25)] + ["Dockerfile", "api.dockerfile"]
FLAGGED_COMPOSE = [f"stack{index:02}/compose.yaml" for index in range(25)] + [
    "compose.yaml",
    "docker-compose-v2.yml",
    "compose-dev.yaml",
]


@pytest.mark.slow
@pytest.mark.skipif(not WHEELHOUSE, reason="HULLCHECK_WHEELHOUSE is unset: tests/ci.sh builds the wheelhouse")
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_try_repo_offline_end_to_end(tmp_path: Path) -> None:
    hook_repo = _committed_copy_of_work_tree(tmp_path / "hullcheck")

    project = tmp_path / "project"
    for name in FLAGGED_DOCKERFILES:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(UNPINNED, encoding="utf-8")
    for name in FLAGGED_COMPOSE:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(PRIVILEGED, encoding="utf-8")
    (project / "clean" / "Dockerfile").parent.mkdir()
    (project / "clean" / "Dockerfile").write_text(CLEAN_DOCKERFILE, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "dockerfile.md").write_text(UNPINNED, encoding="utf-8")  # not selected by the hook
    (project / "mycompose.yaml").write_text(PRIVILEGED, encoding="utf-8")  # not selected either
    _git(project, "init", "-q")
    _git(project, "add", "-A")

    returncode, output = try_repo(tmp_path, hook_repo, project, "hullcheck")
    assert returncode == 1, f"the hook should fail on the findings (exit {returncode}):\n{output}"
    assert re.search(r"^hullcheck\.+Failed$", output, re.MULTILINE), output
    assert "- exit code: 1" in output, output

    def reported(path: str, code: str) -> bool:
        return re.search(rf"^\s*{re.escape(path)}:\d+:\d+: \w+: .*\[{code}\b", output, re.MULTILINE) is not None

    # every file of the batch is linted: pre-commit hands hullcheck many files per call
    missing = [name for name in FLAGGED_DOCKERFILES if not reported(name, "HC401")]
    missing += [name for name in FLAGGED_COMPOSE if not reported(name, "HC201")]
    assert not missing, f"no finding for {missing}:\n{output}"
    for name in ("clean/Dockerfile", "docs/dockerfile.md", "mycompose.yaml"):
        assert f"{name}:" not in output, f"{name} should not have been reported:\n{output}"
