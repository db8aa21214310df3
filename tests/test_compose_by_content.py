"""A Compose file whatever its name: found by its content below a folder, named on the command
line with any extension, and read from stdin; and the YAML files that are not Compose files."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.discovery import discover
from hullcheck.frontends.compose import CONTENT_PROBE_BYTES
from hullcheck.parsers.compose_schema import is_compose

SOCKET = (
    "services:\n  agent:\n    image: portainer/agent:2.21.0\n"
    "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n"
)

NOT_COMPOSE = {
    "kubernetes": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nservices:\n  web:\n    image: nginx\n",
    "workflow": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: pg\n",
    "playbook": "- hosts: all\n  tasks:\n    - name: services\n      service: name=docker state=started\n",
    "services list": "services:\n  - docker\n  - redis\n",
    "services of scalars": "services:\n  web: nginx\n  db: postgres\n",
    "empty services": "services: {}\n",
    "openapi": "openapi: 3.0.0\ninfo:\n  title: x\n  version: '1'\npaths: {}\n",
    "pre-commit": "repos:\n  - repo: local\n    hooks:\n      - id: x\n        entry: x\n        language: system\n",
    "helm values": "services:\n  api:\n    type: ClusterIP\n    port: 80\n    annotations: {}\n",
    "helm values with an image": "services:\n  api:\n    image:\n      repository: x\n      tag: '1'\n    port: 80\n",
    "woodpecker": "steps:\n  test:\n    image: golang\nservices:\n  db:\n    image: mysql\n",
    "gitlab ci": "stages: [test]\nservices:\n  - postgres:16\ntest:\n  script: [make]\n",
    "services in a comment": "# services:\n#   web:\n#     image: nginx\nname: thing\n",
    "not yaml": "services:\n  web:\n\timage: nginx\n",
}

COMPOSE = {
    "plain": SOCKET,
    "anchors first": "x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n",
    "merge only": "x-base: &base\n  image: nginx\n  restart: always\nservices:\n  web:\n    <<: *base\n",
    "override": "services:\n  web:\n    environment:\n      DEBUG: '1'\n",
    "with a typo in a key": "services:\n  web:\n    image: nginx\n    privilegd: true\n",
    "built": "services:\n  web:\n    build: .\n    pid: host\n    restart_polcy: always\n    volume: x\n",
    "with networks": "name: app\nservices:\n  web:\n    image: nginx\nnetworks:\n  front: {}\n",
    "byte order mark": "\ufeffservices:\n  web:\n    image: nginx\n",
}


@pytest.mark.parametrize("text", NOT_COMPOSE.values(), ids=NOT_COMPOSE)
def test_yaml_that_is_not_compose(text: str) -> None:
    assert not is_compose(text)


@pytest.mark.parametrize("text", COMPOSE.values(), ids=COMPOSE)
def test_compose_by_content(text: str) -> None:
    assert is_compose(text) is True


def test_discovery_takes_in_compose_files_by_content_only(tmp_path: Path) -> None:
    (tmp_path / "latest.yml").write_text(SOCKET)
    (tmp_path / "docker-compose_secrets.yml").write_text(SOCKET)
    (tmp_path / "notes.txt").write_text(SOCKET)  # not YAML by its name: never opened
    for name, text in NOT_COMPOSE.items():
        (tmp_path / f"{name.replace(' ', '-')}.yaml").write_text(text)
    found = [os.path.basename(path) for path in discover(str(tmp_path)) if isinstance(path, str)]
    assert found == ["docker-compose_secrets.yml", "latest.yml"]


def test_services_after_a_long_block_of_anchors_are_found(tmp_path: Path) -> None:
    anchors = "x-labels: &labels\n" + "".join(f"  label-{i}: value-{i}\n" for i in range(2000))
    (tmp_path / "stack.yml").write_text(anchors + SOCKET)
    assert [os.path.basename(path) for path in discover(str(tmp_path)) if isinstance(path, str)] == ["stack.yml"]


def test_a_file_whose_services_start_past_the_probe_is_not_taken_in(tmp_path: Path) -> None:
    padding = "x-data:\n" + "  - " + "y" * 100 + "\n"
    (tmp_path / "data.yml").write_text(padding * (CONTENT_PROBE_BYTES // 100 + 1) + SOCKET)
    assert [path for path in discover(str(tmp_path)) if isinstance(path, str)] == []


def test_excluded_and_unreadable_files_are_not_opened(tmp_path: Path) -> None:
    (tmp_path / "latest.yml").write_text(SOCKET)
    (tmp_path / "fifo.yml").symlink_to("/dev/null")
    assert [path for path in discover(str(tmp_path), skip=lambda path, _is_dir: path.endswith("/latest.yml"))] == []


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_scan_lints_compose_files_of_any_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "latest.yml").write_text(SOCKET)
    (project / "values.yaml").write_text(NOT_COMPOSE["helm values"])
    assert main(["--format", "concise", "--no-cache", "--select", "HC101", "."]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("latest.yml:5:9: error:")
    assert "values.yaml" not in captured.out + captured.err  # no note for a YAML file found in a folder


@pytest.mark.parametrize("name", ["stack", "deploy.txt", "compose.conf"])
def test_a_named_compose_file_of_any_extension_is_linted(
    name: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / name).write_text(SOCKET)
    assert main(["--format", "concise", "--no-cache", "--select", "HC101", name]) == 1
    assert capsys.readouterr().out.startswith(f"{name}:5:9: error:")


def test_a_named_yaml_file_that_is_not_compose_gets_a_note(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "values.yaml").write_text(NOT_COMPOSE["helm values"])
    assert main(["--format", "concise", "--no-cache", "values.yaml"]) == 0
    assert "values.yaml: not a Dockerfile or Compose file" in capsys.readouterr().err


def test_compose_on_stdin_without_a_name_is_linted(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SOCKET.encode())))
    assert main(["--format", "concise", "--no-cache", "--select", "HC101", "-"]) == 1
    assert capsys.readouterr().out.startswith("-:5:9: error:")
