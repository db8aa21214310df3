"""What each fuzz target feeds its bytes to. Only ParseProblem (a parse-error finding) and a
clean return are allowed; anything else is a crash. The configuration and baseline readers may
also raise their own error (ConfigError, BaselineError: a one-line message naming the file)."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hullcheck.baseline import BaselineError, read_baseline
from hullcheck.config import ConfigError, load_configuration
from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.engine.registry import all_rules
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.span import Span
from hullcheck.parsers.dotenv import parse_dotenv
from hullcheck.parsers.shell import parse_shell
from hullcheck.parsers.variables import substitute

_ALL_RULES = LintOptions(rules=all_rules())


def _lint(name: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        result = lint_bytes(data, name, _ALL_RULES)
        internal = [finding.message for finding in result.findings if finding.rule.code == "HC000"]
        if internal:
            raise AssertionError(f"internal error on {name}: {internal[0]}")

    return target


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _shell(data: bytes) -> None:
    parse_shell(_text(data), lambda start, end: Span(1, start + 1, 1, max(end, start + 1) + 1))


def _ignore(_result: object) -> None:
    """Targets only have to return: what the parser made does not matter here."""


def _image(data: bytes) -> None:
    with contextlib.suppress(InvalidReference):
        ImageReference.parse(_text(data))


def _variables(data: bytes) -> None:
    text = _text(data)
    substitute(text, {"A": "a", "EMPTY": ""}.get, escape="\\", dequote=True)
    substitute(text, {"A": "a"}.get, dollar_escape=True)


# the readers take a path: each input is written to a file of the name that picks the syntax
_READER_FOLDER = Path(tempfile.mkdtemp(prefix="hullcheck-fuzz-"))
atexit.register(shutil.rmtree, _READER_FOLDER, ignore_errors=True)


def _configuration(file_name: str) -> Callable[[bytes], None]:
    path = _READER_FOLDER / file_name

    def target(data: bytes) -> None:
        path.write_bytes(data)
        with contextlib.suppress(ConfigError):
            load_configuration(str(path))

    return target


def _baseline(data: bytes) -> None:
    path = _READER_FOLDER / "baseline.json"
    path.write_bytes(data)
    with contextlib.suppress(BaselineError):
        read_baseline(str(path))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "dockerfile": _lint("Dockerfile"),
    "compose": _lint("compose.yaml"),
    "python": _lint("containers.py"),
    "shell-script": _lint("deploy.sh"),
    "dotenv": lambda data: _ignore(parse_dotenv(_text(data))),
    "shell": _shell,
    "image": _image,
    "variables": _variables,
    "config-toml": _configuration(".hullcheck.toml"),
    "config-yaml": _configuration(".hullcheck.yaml"),
    "pyproject": _configuration("pyproject.toml"),
    "baseline": _baseline,
}
