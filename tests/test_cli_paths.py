"""Paths as the command line spells them: ``./Dockerfile``, ``dir//Dockerfile``, ``dir/``,
``dir/./sub/Dockerfile``, a path through a symbolic link, ``..`` and stdin's
``--stdin-filename ./x/Dockerfile`` are reported, matched against the configuration and
``.gitignore``, cached and written to outputs as they were before paths became strings (when
pathlib spelled each: ``./a`` as ``a``, ``a//b`` and ``a/./b`` as ``a/b``, ``a/`` as ``a``,
``a/../b`` as written). The expectations (golden/cli_paths.json) were recorded by the code that used pathlib, at
47c4e1d."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT_USER = "FROM alpine:3.20\nUSER root\n"
CONFIGURATION = """exclude = ["dir/skipped/"]

[per-file-ignores]
"dir/sub/Dockerfile" = ["HC301"]
"""
COMPOSE = "services:\n  app:\n    build: .\n    privileged: true\n"

# name: (the folder it runs in, below the tree; its arguments); <root> is the tree's absolute path
SPELLINGS: dict[str, tuple[str, list[str]]] = {
    "dot slash": ("", ["./Dockerfile"]),
    "double slash": ("", ["dir//Dockerfile"]),
    "folder with a slash": ("", ["dir/"]),
    "dot part": ("", ["dir/./sub/Dockerfile"]),
    "through a link": ("", ["link/Dockerfile"]),
    "a linked folder": ("", ["link/./sub//"]),
    "dot dot after a link": ("", ["link/../Dockerfile"]),
    "stdin": ("", ["-", "--stdin-filename", "./x/Dockerfile"]),
    "stdin in a configured folder": ("", ["-", "--stdin-filename", "dir//sub/./Dockerfile"]),
    "excluded by the configuration": ("", ["./dir/./skipped//Dockerfile", "Dockerfile"]),
    "ignored by git, named": ("", ["dir//ignored/Dockerfile"]),
    "parent": ("dir", ["../Dockerfile"]),
    "parent, odd": ("dir", ["..//./Dockerfile"]),
    "parent through a link": ("dir", ["../link/../Dockerfile"]),
    "absolute, outside": ("dir", ["<root>//./Dockerfile"]),
    "json": ("", ["--format", "json", "./dir//", "./Dockerfile"]),
    "sarif": ("dir", ["--format", "sarif", "..//./Dockerfile", "sub/./"]),
    "configuration error": ("dir", ["--config", "..//bad.toml", "Dockerfile"]),
    "configuration shown": ("", ["config", "./dir//sub/"]),
    "baseline": ("", ["--write-baseline", "./out//base.json", "./Dockerfile"]),
}


def make_tree(root: Path) -> None:
    for folder in ("", "dir", "dir/sub", "dir/skipped", "dir/ignored", "x", "out", ".git"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for folder in ("", "dir", "dir/sub", "dir/skipped", "dir/ignored"):
        (root / folder / "Dockerfile").write_text(ROOT_USER)
    (root / "dir" / "sub" / "compose.yaml").write_text(COMPOSE)
    (root / ".hullcheck.toml").write_text(CONFIGURATION)
    (root / ".gitignore").write_text("ignored/\n")
    (root / "bad.toml").write_text("select = 3\n")
    (root / "link").symlink_to("dir")


def observe(root: Path, where: str, arguments: list[str]) -> dict[str, object]:
    """The exit code, the report and stderr of ``hullcheck ARGUMENTS`` run in ``root/where``,
    the tree's path written ``<root>``; and what it wrote (a baseline)."""
    arguments = [argument.replace("<root>", str(root)) for argument in arguments]
    if arguments[0] != "config" and "--format" not in arguments:
        arguments = ["--format", "concise", *arguments]
    result = subprocess.run(
        [sys.executable, "-m", "hullcheck", *arguments],
        input=ROOT_USER,
        capture_output=True,
        text=True,
        check=False,
        cwd=root / where,
    )
    out = result.stdout
    if "sarif" in arguments:
        run = json.loads(out)["runs"][0]
        out = json.dumps([run.get("originalUriBaseIds"), [result["locations"] for result in run["results"]]])
    elif "json" in arguments:
        report = json.loads(out)
        out = json.dumps(
            [
                [file["path"] for file in report["files"]],
                [
                    [
                        finding["path"],
                        finding["code"],
                        [edit["path"] for edit in (finding["fix"] or {}).get("edits", [])],
                    ]
                    + [related["path"] for related in finding["related"]]
                    for finding in report["findings"]
                ],
            ]
        )
    elif arguments[0] == "config":
        out = "".join(line for line in out.splitlines(keepends=True) if line.startswith("#"))
    seen: dict[str, object] = {"code": result.returncode, "out": out, "err": result.stderr}
    baseline = root / "out" / "base.json"
    if baseline.exists():
        seen["baseline"] = baseline.read_text()
        baseline.unlink()
    return json.loads(json.dumps(seen).replace(str(root), "<root>"))


@pytest.mark.parametrize("name", SPELLINGS)
def test_a_path_is_reported_as_pathlib_spelled_it(name: str, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    make_tree(root)
    where, arguments = SPELLINGS[name]
    assert observe(root, where, arguments) == EXPECTED[name]
    # a second run reads the result cache: the same report
    assert observe(root, where, arguments) == EXPECTED[name]
    if arguments[0] != "config":
        assert observe(root, where, ["--no-cache", *arguments]) == EXPECTED[name]


EXPECTED: dict[str, dict[str, object]] = json.loads((Path(__file__).parent / "golden" / "cli_paths.json").read_text())
