"""Packaging guards: what the wheel holds, what it installs, how light start-up stays, the licence."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import hullcheck

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS: dict[str, Any] = PYPROJECT["tool"]["setuptools"]
HEAVY_MODULES = (
    *("sarif_om", "ruamel", "dockerfile_parse", "libcst", "pathspec", "tomllib", "tomli"),
    *("pygls", "lsprotocol"),  # the language server's, about 0.7 s: only in `hullcheck lsp`
)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


def _packages_on_disk() -> set[str]:
    """Every folder with an ``__init__.py`` below a ``package-dir`` root, as a dotted name."""
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            relative = init.parent.relative_to(base).parts
            found.add(".".join((package, *relative)))
    return found


def test_package_dir_maps_lint_and_rules() -> None:
    assert SETUPTOOLS["package-dir"] == {"hullcheck": "lint", "hullcheck.rules": "rules"}


def test_packages_list_matches_package_folders() -> None:
    listed = set(SETUPTOOLS["packages"])
    on_disk = _packages_on_disk()
    assert len(listed) == len(SETUPTOOLS["packages"]), "pyproject.toml lists a package twice"
    assert listed == on_disk, (
        f"\nmissing from [tool.setuptools] packages (they would be left out of the wheel): {sorted(on_disk - listed)}"
        f"\nlisted but not a package folder on disk: {sorted(listed - on_disk)}"
    )


def test_every_source_folder_is_a_package() -> None:
    """A folder of modules without ``__init__.py`` is a namespace package that setuptools leaves out."""
    for folder in SETUPTOOLS["package-dir"].values():
        for module in (ROOT / folder).rglob("*.py"):
            directory = module.parent
            assert (directory / "__init__.py").is_file(), (
                f"{directory.relative_to(ROOT)} has modules but no __init__.py"
            )


def _distribution() -> metadata.Distribution:
    """The installed hullcheck, not a ``hullcheck.egg-info`` that a build left in the work tree (on sys.path)."""
    site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    found = list(metadata.distributions(name="hullcheck", path=sorted(site)))
    assert found, f"hullcheck is not installed in {sorted(site)}"
    return found[0]


def _installed_from_wheel() -> bool:
    direct_url = _distribution().read_text("direct_url.json")
    return not (direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"))


@pytest.mark.skipif(
    not _installed_from_wheel(), reason="hullcheck is an editable install here; tests/ci.sh installs the wheel"
)
def test_installed_wheel_holds_every_module() -> None:
    installed = {str(path) for path in _distribution().files or ()}
    expected = {"hullcheck/py.typed"}
    for package, folder in SETUPTOOLS["package-dir"].items():
        base = ROOT / folder
        for module in base.rglob("*.py"):
            expected.add("/".join((*package.split("."), *module.relative_to(base).parts)))
    missing = expected - installed
    assert not missing, f"the installed wheel lacks {sorted(missing)}"
    assert any(path.endswith("LICENSE") and ".dist-info/" in path for path in installed), "the wheel lacks LICENSE"


def test_version_matches_metadata() -> None:
    assert _distribution().version == hullcheck.__version__


def test_python_m_hullcheck_version() -> None:
    result = _run(sys.executable, "-m", "hullcheck", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"hullcheck {hullcheck.__version__}"


def test_console_script_version() -> None:
    scripts = Path(sysconfig.get_path("scripts"))
    script = next((path for path in (scripts / "hullcheck", scripts / "hullcheck.exe") if path.exists()), None)
    assert script is not None, f"no hullcheck console script in {scripts}"
    result = _run(str(script), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"hullcheck {hullcheck.__version__}"


def test_cli_start_up_is_light() -> None:
    """Importing the CLI and answering --version must not import the parsers' or SARIF's libraries."""
    probe = (
        "import contextlib, io, sys\n"
        "import hullcheck.cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    hullcheck.cli.main(['--version'])\n"
        f"heavy = {HEAVY_MODULES!r}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy))\n"
    )
    result = _run(sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"start-up imported {result.stdout.strip()}"


def test_license_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("MIT License"), "LICENSE does not start with 'MIT License'"
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in PYPROJECT["project"]["classifiers"]


def test_readme_mentions_mit_license() -> None:
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet")
    text = readme.read_text(encoding="utf-8")
    assert "MIT" in text and "licen" in text.lower(), "README.md does not mention the MIT license"
