"""The other files that start containers, end to end: ``hullcheck`` on a folder holding one of
each (a dev container, a GitHub Actions workflow, a GitLab CI file, a Podman Quadlet unit with
the units it names), laid out as a repository holds them, reports the Docker socket, privileged
mode, the host's network and an unpinned image in each, every finding on the exact key or word
that grants it, and nothing on the near misses beside them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.expectations import read_expectations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOORS = ("docker-socket-mount", "privileged-container", "host-network-mode", "unpinned-image")
# each file as the repository holds it, from the fixture that shows the four at once
REPOSITORY = {
    ".devcontainer.json": FIXTURES / "host-network-mode" / ".devcontainer.json",
    ".github/workflows/release.yml": FIXTURES / "docker-socket-mount" / ".github" / "workflows" / "release.yml",
    ".gitlab-ci.yml": FIXTURES / "insecure-docker-host" / ".gitlab-ci.yml",
    "ci-runner.container": FIXTURES / "_projects" / "quadlet" / "ci-runner.container",
}
# what each finding's span starts with: the key or word that grants the access, not its line
WORDS = {
    "docker-socket-mount": ("/var/run/docker.sock",),
    "privileged-container": ("--privileged", '"ghcr.io/devcontainers/features/docker-in-docker'),
    "host-network-mode": ("host",),
    "unpinned-image": (
        "docker:latest",
        "mcr.microsoft.com/devcontainers/base:latest",
        "docker.io/gitlab/gitlab-runner",
    ),
}


def test_one_of_each_kind_reports_the_four_doors_at_their_words(tmp_path: Path) -> None:
    for name, fixture in REPOSITORY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, tmp_path / name)
    for unit in (FIXTURES / "_projects" / "quadlet").iterdir():  # the units ci-runner.container names
        shutil.copy(unit, tmp_path / unit.name)
    result = subprocess.run(
        [sys.executable, "-m", "hullcheck", "--no-cache", "--select", ",".join(DOORS), "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    kinds = {entry["path"]: entry["kind"] for entry in report["files"]}
    assert {kinds[name] for name in REPOSITORY} == {"devcontainer", "github_actions", "gitlab_ci", "quadlet"}
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for finding in report["findings"]:
        path, span = finding["path"], finding["span"]
        found[path].add((span["line"], finding["name"]))
        line = (tmp_path / path).read_text(encoding="utf-8").splitlines()[span["line"] - 1]
        word = line[span["column"] - 1 :]
        assert word.startswith(WORDS[finding["name"]]), f"{path}:{span['line']}: {finding['name']} at {word!r}"
    for name in REPOSITORY:
        expectations = read_expectations((tmp_path / name).read_text(encoding="utf-8"))
        expected = {(line, rule) for line, rule in expectations.expected if rule in DOORS}
        assert {rule for _, rule in found[name]} == set(DOORS), name
        assert expected <= found[name], name
        near_misses = {(line, rule) for line, rule in expectations.near_misses if rule in DOORS}
        assert not near_misses & found[name], name
