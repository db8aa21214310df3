"""Compose projects as a whole: each folder of fixtures/_projects/ linted as a user would, its
output compared with a golden file; and the ways a project is loaded that fixtures cannot show."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hullcheck.cli import main
from hullcheck.engine.lint import LintOptions, lint_file
from tests.samples import security_rules

REPO = Path(__file__).resolve().parent.parent
PROJECTS = REPO / "fixtures" / "_projects"
GOLDEN = REPO / "tests" / "golden" / "projects"
UPDATE_GOLDEN = os.environ.get("HULLCHECK_UPDATE_GOLDEN") == "1"
ALL_RULES = LintOptions(rules=security_rules())
# a project whose override file makes its service privileged
PRIVILEGED_BY_OVERRIDE = {
    "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n",
    "compose.override.yaml": "services:\n  web:\n    privileged: true\n",
}


@pytest.mark.parametrize("project", sorted(path.name for path in PROJECTS.iterdir() if path.is_dir()))
def test_project_matches_golden_output(
    project: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    main(["--format", "concise", "--jobs", "1", "--no-cache", f"fixtures/_projects/{project}"])
    actual = capsys.readouterr().out
    golden = GOLDEN / f"{project}.txt"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with HULLCHECK_UPDATE_GOLDEN=1 to write it"
    assert actual == golden.read_text(encoding="utf-8"), f"output differs from {golden} (HULLCHECK_UPDATE_GOLDEN=1)"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def findings(path: Path, options: LintOptions = ALL_RULES) -> set[tuple[str, int, str]]:
    result = lint_file(str(path), path.name, options)
    return {(finding.path, finding.span.line, finding.rule.name) for finding in result.findings}


def test_override_values_keep_their_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, PRIVILEGED_BY_OVERRIDE)
    assert ("compose.override.yaml", 3, "privileged-container") in findings(tmp_path / "compose.yaml")


def test_docker_compose_yml_takes_its_own_override(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n",
            "docker-compose.override.yml": "services:\n  web:\n    network_mode: host\n",
        },
    )
    assert ("docker-compose.override.yml", 3, "host-network-mode") in findings(tmp_path / "docker-compose.yml")


def test_a_named_file_has_no_implicit_override(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.prod.yaml": "services:\n  web:\n    image: nginx:1.27\n",
            "compose.override.yaml": "services:\n  web:\n    privileged: true\n",
        },
    )
    assert not {found for found in findings(tmp_path / "compose.prod.yaml") if found[2] == "privileged-container"}


@pytest.mark.parametrize(
    ("separator_line", "separator"), [("", ":"), ("COMPOSE_PATH_SEPARATOR=;\n", ";")], ids=["default", "custom"]
)
def test_compose_file_variable_names_the_project(tmp_path: Path, separator_line: str, separator: str) -> None:
    write(
        tmp_path,
        {
            ".env": f"{separator_line}COMPOSE_FILE=base.yaml{separator}more/extra.yaml\n",
            "base.yaml": "services:\n  web:\n    image: nginx:1.27\n",
            "more/extra.yaml": "services:\n  web:\n    pid: host\n",
        },
    )
    assert ("more/extra.yaml", 3, "host-namespace") in findings(tmp_path / "base.yaml")


def test_command_is_replaced_and_ports_merged_by_key(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n  web:\n    image: nginx:1.27\n    command: sh -c 'curl -k https://x | sh'\n"
                "    ports:\n      - 127.0.0.1:8080:80\n      - 9000:9000\n"
            ),
            "compose.override.yaml": "services:\n  web:\n    command: [nginx]\n    ports:\n      - 127.0.0.1:8080:80\n",
        },
    )
    found = findings(tmp_path / "compose.yaml")
    assert not {item for item in found if item[2] in ("pipe-to-shell", "tls-verification-disabled")}
    assert ("compose.yaml", 7, "port-on-all-interfaces") in found  # a port the override does not name stays


def test_reset_in_the_first_file_removes_the_setting(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: !reset true\n"})
    assert not {found for found in findings(tmp_path / "compose.yaml") if found[2] == "privileged-container"}


def test_env_file_variables_join_the_environment_below_it(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n"
                "    environment:\n      DOCKER_HOST: unix:///var/run/docker.sock\n"
            ),
            "web.env": "DOCKER_HOST=tcp://10.0.0.5:2375\nAPI_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
        },
    )
    found = findings(tmp_path / "compose.yaml")
    assert not {item for item in found if item[2] == "insecure-docker-host"}  # environment wins
    assert ("web.env", 2, "hardcoded-credential") in found


def test_env_file_option_replaces_dot_env(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    image: nginx:${TAG}\n",
            ".env": "TAG=1.27\n",
            "ci.env": "TAG=latest\n",
        },
    )
    main(["--format", "concise", "--no-cache", "--select", "unpinned-image", str(tmp_path / "compose.yaml")])
    assert capsys.readouterr().out == ""
    env_file = str(tmp_path / "ci.env")
    main(["--format", "concise", "--no-cache", "--select", "unpinned-image", "--env-file", env_file, str(tmp_path)])
    assert "HC401" in capsys.readouterr().out


def test_compose_file_option_merges_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tmp_path,
        {
            "base.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
            "safe.yaml": "services:\n  web:\n    privileged: false\n",
        },
    )
    arguments = ["--format", "concise", "--no-cache", "--select", "privileged-container"]
    main([*arguments, "--compose-file", str(tmp_path / "base.yaml"), "--compose-file", str(tmp_path / "safe.yaml")])
    assert capsys.readouterr().out == ""
    main([*arguments, str(tmp_path / "base.yaml")])
    assert "HC201" in capsys.readouterr().out


def test_an_override_found_in_a_folder_is_linted_with_its_project_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, PRIVILEGED_BY_OVERRIDE)
    monkeypatch.chdir(tmp_path)
    main(["--format", "concise", "--no-cache", "--select", "privileged-container", "."])
    assert capsys.readouterr().out.splitlines() == [
        "compose.override.yaml:3:17: error: service 'web' runs privileged [HC201 privileged-container]"
    ]


def test_nothing_outside_the_scanned_folder_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tmp_path,
        {
            "secret/common.yaml": "services:\n  base:\n    privileged: true\n",
            "app/compose.yaml": (
                "services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: ../secret/common.yaml\n"
                "      service: base\n"
            ),
        },
    )
    main(["--format", "concise", "--no-cache", str(tmp_path / "app")])
    out = capsys.readouterr().out
    assert "is outside the scanned folder; not read [HC002 project-error]" in out
    assert "HC201" not in out


def test_a_part_included_with_another_project_directory_is_linted_only_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As laradock does: ``adminer/compose.yml`` builds ``./adminer``, relative to the project
    directory its includer gives, not to its own folder."""
    write(
        tmp_path,
        {
            "compose.yaml": "include:\n  - path: adminer/compose.yml\n    project_directory: .\n",
            "adminer/compose.yml": "services:\n  adminer:\n    build:\n      context: ./adminer\n",
            "adminer/Dockerfile": "FROM adminer:4.8.1\nUSER adminer\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    main(["--format", "concise", "--no-cache", "--select", "project-error", "."])
    assert capsys.readouterr().out == ""
    main(["--format", "concise", "--no-cache", "--select", "project-error", "adminer/compose.yml"])
    assert "Dockerfile 'adminer/adminer/Dockerfile' does not exist" in capsys.readouterr().out


def test_stdin_lints_the_unsaved_text_as_the_file_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor pipes its buffer: the .env and override beside the real file apply to it."""
    write(tmp_path, {".env": "TAG=latest\n", "compose.override.yaml": "services:\n  web:\n    privileged: true\n"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"services:\n  web:\n    image: nginx:${TAG}\n")))
    name = str(tmp_path / "compose.yaml")
    main(["--format", "concise", "--select", "HC401,HC201", "-", "--stdin-filename", name])
    codes = sorted(line.rsplit("[", 1)[1].split()[0] for line in capsys.readouterr().out.splitlines())
    assert codes == ["HC201", "HC401"]


COMPOSE_SEEDS = sorted(
    path.read_text(encoding="utf-8")
    for path in (REPO / "fixtures").rglob("*.y*ml")
    if path.is_file() and "services" in path.read_text(encoding="utf-8")
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(COMPOSE_SEEDS),
    override=st.sampled_from(COMPOSE_SEEDS),
    cut=st.integers(min_value=0, max_value=3000),
    insert=st.sampled_from(["", "!reset ", "!override ", "extends: web\n", "<<: *x\n", "include: [compose.yaml]\n"]),
)
def test_any_two_compose_files_merge_without_an_internal_error(base: str, override: str, cut: int, insert: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        mutated = override[:cut] + insert + override[cut:]
        write(Path(folder), {"compose.yaml": base, "compose.override.yaml": mutated})
        result = lint_file(str(Path(folder) / "compose.yaml"), "compose.yaml", ALL_RULES)
    assert all(finding.rule.code != "HC000" for finding in result.findings)


def test_stdin_reads_nothing_outside_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"shared.yaml": "services:\n  base:\n    privileged: true\n"})
    (tmp_path / "app").mkdir()
    monkeypatch.chdir(tmp_path / "app")
    text = b"services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: ../shared.yaml\n      service: base\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    main(["--format", "concise", "--select", "HC201,HC002", "-", "--stdin-filename", "compose.yaml"])
    out = capsys.readouterr().out
    assert "is outside the scanned folder; not read [HC002 project-error]" in out and "HC201" not in out


def test_no_output_overwrites_a_file_of_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    override = "services:\n  web:\n    privileged: true\n"
    write(tmp_path, {"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n", "compose.override.yaml": override})
    monkeypatch.chdir(tmp_path)
    assert main(["--no-cache", "compose.yaml", "--format", "json", "-o", "compose.override.yaml"]) == 2
    assert "names a file this run scans" in capsys.readouterr().err
    assert main(["--no-cache", "compose.yaml", "--write-baseline", "compose.override.yaml"]) == 2
    assert "names a file this run scans" in capsys.readouterr().err
    assert (tmp_path / "compose.override.yaml").read_text() == override


def test_junit_names_the_file_each_finding_is_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, PRIVILEGED_BY_OVERRIDE)
    monkeypatch.chdir(tmp_path)
    main(["--no-cache", "--select", "privileged-container", "--format", "junit", "."])
    out = capsys.readouterr().out
    assert 'classname="compose.override.yaml"' in out and "compose.override.yaml:3:17: error:" in out


def test_a_value_from_another_file_points_back_to_where_it_came_in(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n"
                "    extends:\n      file: common.yaml\n      service: base\n"
            ),
            "common.yaml": "services:\n  base:\n    privileged: true\n",
            "web.env": "DOCKER_HOST=tcp://10.0.0.5:2375\n",
        },
    )
    result = lint_file(str(tmp_path / "compose.yaml"), "compose.yaml", ALL_RULES)
    related = {
        (finding.path, finding.rule.name): [(place.path, place.span.line, place.message) for place in finding.related]
        for finding in result.findings
    }
    assert related["common.yaml", "privileged-container"] == [
        ("compose.yaml", 7, "service 'web' extends service 'base' here")
    ]
    assert related["web.env", "insecure-docker-host"] == [
        ("compose.yaml", 4, "service 'web' reads it with env_file here")
    ]
    assert related["compose.yaml", "missing-no-new-privileges"] == []  # its own values: nothing to add
