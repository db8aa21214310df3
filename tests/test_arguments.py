"""A lint command line written plainly is read without argparse (hullcheck.arguments), and so
exactly as argparse reads it; any other is left to argparse."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hullcheck.arguments import LINT_COMMAND, UsageError, read_plain_command_line
from hullcheck.command_parsers import build_parser

FLAGS = sorted(flag for group in LINT_COMMAND for option in group.options for flag in option.flags)
# values each option takes or refuses, and words argparse reads in its own ways
VALUES = ["json", "full", "sarif", "never", "always", "error", "jsno", "2", "0", "x", "²", "4M", "512k", "0K"]
VALUES += ["HC201,HC301", " HC1 , ,", "", "out.sarif", "a=b", "-", "-x", "-1", "--", "-- x", "rule.option=1"]
ODD_WORDS = ["-qq", "-qs", "-j2", "-ofile", "-o=file", "--form", "--fix-o", "--no", "--f", "--select=", "--=x"]
ODD_WORDS += ["--no-cache=1", "--format=json", "--jobs=2", "-J", "--Select", "-", "--", "a b", "-a b"]
WORDS = st.sampled_from([*FLAGS, *VALUES, *ODD_WORDS, "Dockerfile", "compose.yaml", "dir/", "./x"])


def argparse_reading(arguments: list[str]) -> dict[str, object] | None:
    try:
        return vars(build_parser().parse_args(arguments, SimpleNamespace()))
    except UsageError:
        return None


@settings(max_examples=3000, deadline=None)
@given(st.lists(WORDS, max_size=8))
def test_what_is_read_plainly_argparse_reads_the_same(arguments: list[str]) -> None:
    plain = read_plain_command_line(arguments)
    if plain is not None:
        assert vars(plain) == argparse_reading(arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["Dockerfile"],
        ["--no-cache", "Dockerfile"],
        ["--no-cache", "--jobs", "1", "Dockerfile", "compose.yaml"],
        ["--format", "sarif", "-o", "out.sarif", "--format", "full", "."],
        ["--select=HC201,HC3", "--ignore", "HC301", "--rule-option", "untrusted-registry.trusted-registries=x", "-"],
        ["-q", "-q", "--color", "never", "--stdin-filename", "Dockerfile", "-"],
        ["Dockerfile", "--fix", "--unsafe-fixes"],
        ["--compose-file", "compose.yaml", "--compose-file", "compose.override.yaml", "--env-file", ".env.ci"],
        ["--max-file-size", "4M", "--fail-on", "note", "-s", "--no-color", "-j", "2", "a", "b"],
    ],
)
def test_the_usual_command_lines_are_read_plainly_as_argparse_reads_them(arguments: list[str]) -> None:
    plain = read_plain_command_line(arguments)
    assert plain is not None
    assert vars(plain) == argparse_reading(arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["--form", "json"],  # an abbreviation
        ["-qq"],
        ["--jobs", "0"],  # a refused value: argparse says why
        ["--format", "jsno"],
        ["a", "--quiet", "b"],  # a second run of paths: argparse's error
        ["--select"],
        ["--", "-file"],
        ["--no-cache=1"],
    ],
)
def test_help_version_and_anything_unusual_are_left_to_argparse(arguments: list[str]) -> None:
    assert read_plain_command_line(arguments) is None
