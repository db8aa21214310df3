"""What a run imports is what its files need: a Dockerfile run loads no YAML, Compose or Python
layer, no language server and no SARIF writer, only the rules that visit what the file holds,
and not typing (nor do its fixes and other outputs); a Compose run no Python layer. Each run is
a new process (as a command-line run is), which prints the modules it imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hullcheck.engine.registry import indexed_rules
from hullcheck.parallel import MIN_FILES_FOR_POOL

# the layers of other kinds of files and outputs, by module name prefix
COMPOSE_LAYER = ("ruamel", "hullcheck.parsers.compose", "hullcheck.parsers.yaml_", "hullcheck.engine.builds")
PYTHON_LAYER = ("libcst", "hullcheck.parsers.python", "hullcheck.model.code")
EDITOR_AND_OUTPUTS = ("hullcheck.lsp", "pygls", "lsprotocol", "hullcheck.reporters.sarif", "sarif_om", "attr")
OTHER_KINDS = (
    "hullcheck.parsers.devcontainer",
    "hullcheck.model.devcontainer",
    "hullcheck.parsers.quadlet",
    "hullcheck.model.quadlet",
    "hullcheck.parsers.github_actions",
    "hullcheck.parsers.gitlab_ci",
    "hullcheck.model.workflow",
    "hullcheck.model.pipeline",
)
# what a run without --baseline, --jobs or a cache, and without a mistake to suggest a fix for,
# needs none of; nor the docs' readers and tables (a rule reads its own docs without them)
UNUSED_HERE = ("hullcheck.baseline", "hullcheck.cache", "hashlib", "difflib", "hullcheck.docs")
# standard modules a run loads only when it needs them, each 0.5-6 ms of a start: shutil (with
# bz2, lzma) to find ShellCheck, textwrap to print help, signal to name a dead worker's signal,
# unicodedata for text beyond ASCII, pkgutil to list the rules' modules (the index lists them);
# json for JSON outputs and files (a Dockerfile's exec form is read without it); argparse (with
# gettext and locale) for --help, mistakes and unusual spellings (hullcheck.arguments reads the rest);
# dataclasses (hullcheck.records instead), inspect, ast and dis (which pkgutil's listing and
# dataclasses import) and string not at all
LOADED_WHEN_NEEDED = (
    *("shutil", "bz2", "lzma", "textwrap", "signal", "unicodedata", "pkgutil", "json", "argparse", "gettext", "locale"),
    *("dataclasses", "inspect", "ast", "dis", "string"),
)
# paths are strings (os.path): pathlib, with urllib.parse and ipaddress (which it imports to make
# file URIs; the model splits an ADD's or a download's URL with urllib.parse when it meets one),
# ntpath and fnmatch, is 14.6 M instructions of a one-file run's 205 M; the SARIF writer, the
# language server and the parsers of Compose projects, GitLab CI, Quadlet and dev containers
# still use it, and fnmatch comes with shutil, which tempfile imports for a pool's connections
# (the cache makes its files without tempfile, and imports shutil only to remove a folder)
NOT_FOR_PATHS = ("pathlib", "urllib", "urllib.parse", "ipaddress", "ntpath", "fnmatch")
WITH_SHUTIL = ("fnmatch",)


def imported(arguments: list[str], cwd: Path) -> list[str]:
    """The modules a new process running ``hullcheck ARGUMENTS`` in ``cwd`` imported."""
    probe = (
        "import sys\nfrom hullcheck.cli import main\n"
        f"code = main({arguments!r})\n"
        "modules = sorted(sys.modules)\n"  # before json, which prints them
        "print(__import__('json').dumps(modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=cwd)
    return list(json.loads(result.stdout.splitlines()[-1]))


def loaded_from(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [module for module in modules if module.startswith(prefixes)]


def test_a_dockerfile_run_imports_only_the_dockerfile_layer(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.20\nUSER root\nRUN apk add curl\nEXPOSE 22\nCMD ["sh"]\n')
    modules = imported(["--no-cache", "--jobs", "1", "Dockerfile"], tmp_path)
    assert "hullcheck.parsers.dockerfile" in modules
    assert loaded_from(modules, COMPOSE_LAYER + PYTHON_LAYER + EDITOR_AND_OUTPUTS + OTHER_KINDS + UNUSED_HERE) == []
    assert [module for module in LOADED_WHEN_NEEDED if module in modules] == []
    assert "typing" not in modules  # 3 ms: hullcheck imports its names for type checkers only
    rules = loaded_from(modules, ("hullcheck.rules.",))
    assert "hullcheck.rules.root_user" in rules
    # only the rules that visit a Dockerfile's nodes: no Compose-only rule, far from all of them
    assert "hullcheck.rules.missing_resource_limits" not in rules
    assert len(rules) < len(indexed_rules()) / 2
    # no RUN runs docker or podman: the docker CLI's parser is not loaded
    assert "hullcheck.parsers.docker_cli" not in modules
    # a file named Dockerfile is known without asking (and importing) the other front ends
    assert loaded_from(modules, ("hullcheck.frontends.",)) == ["hullcheck.frontends.dockerfile"]


def test_a_dockerfile_run_imports_no_pathlib(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.20\nUSER root\nRUN apk add curl\nEXPOSE 22\nCMD ["sh"]\n')
    for folder in ("a", "b", "c/d"):  # more than MIN_FILES_FOR_POOL files: --jobs 2 starts a pool
        for index in range(MIN_FILES_FOR_POOL // 3 + 1):
            (tmp_path / folder / str(index)).mkdir(parents=True)
            (tmp_path / folder / str(index) / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\n")
    for arguments in (["--no-cache", "Dockerfile"], ["Dockerfile"]):
        modules = imported(arguments, tmp_path)
        assert [module for module in (*NOT_FOR_PATHS, "shutil", "tempfile") if module in modules] == []
    for arguments in (["--jobs", "2", "--no-cache", "."], ["--jobs", "2", "."]):
        modules = imported(arguments, tmp_path)
        assert [module for module in NOT_FOR_PATHS if module in modules and module not in WITH_SHUTIL] == []
    assert "concurrent.futures.process" in modules  # the run had a pool


def test_a_dockerfile_that_runs_docker_loads_its_parser(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM docker:27\nRUN docker run --privileged alpine:3.20 true\n")
    assert "hullcheck.parsers.docker_cli" in imported(["--no-cache", "--jobs", "1", "Dockerfile"], tmp_path)


def test_fixes_and_the_plain_text_outputs_do_not_import_typing(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\nEXPOSE 22\n")
    for output in ("json", "github", "gitlab", "junit"):
        arguments = ["--no-cache", "--jobs", "1", "--fix", "--format", output, "Dockerfile"]
        assert "typing" not in imported(arguments, tmp_path)


def test_a_compose_run_imports_no_python_or_dockerfile_parser(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
    modules = imported(["--no-cache", "--jobs", "1", "compose.yaml"], tmp_path)
    assert "hullcheck.parsers.compose" in modules
    assert loaded_from(modules, PYTHON_LAYER + EDITOR_AND_OUTPUTS + OTHER_KINDS + UNUSED_HERE) == []
    assert [module for module in LOADED_WHEN_NEEDED if module in modules] == []
    assert "hullcheck.parsers.dockerfile" not in modules  # it builds nothing
    assert "hullcheck.model.dockerfile" not in modules  # nor do its rules and fixes need the model


def test_sarif_output_imports_its_writer_and_describes_every_rule(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER root\n")
    modules = imported(["--no-cache", "--format", "sarif", "-o", "out.sarif", "Dockerfile"], tmp_path)
    assert "hullcheck.reporters.sarif" in modules
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    described = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {rule.code for rule in indexed_rules() if rule.enabled_by_default} <= described
