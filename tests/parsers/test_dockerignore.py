""".dockerignore reading and matching, checked against moby/patternmatcher's own test tables
(patternmatcher_test.go, ignorefile_test.go) and BuildKit's CopyIgnoredFile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hullcheck.model.build_context import BuildContext, IgnoreFile, MatchKind
from hullcheck.model.span import Span
from hullcheck.parsers.dockerignore import (
    compile_pattern,
    parse_dockerignore,
    read_build_context,
    read_patterns,
    valid_match_pattern,
)


def ignore(*patterns: str) -> IgnoreFile:
    return parse_dockerignore("\n".join(patterns), ".dockerignore")


def test_read_patterns_as_ignorefile_reads_them() -> None:
    text = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! "
    assert [pattern for _, pattern in read_patterns(text)] == [
        "test1",
        "test2",
        "a/file/here",
        "lastfile",
        "!inverted/abs/path",
        "!",
        "!",
    ]


def test_read_patterns_cleans_and_keeps_line_numbers() -> None:
    text = "\ufeff./a//b/\r\n  # not a comment\n#comment\n\t\n**/*.pyc  \n/\n"
    assert read_patterns(text) == [(1, "a/b"), (2, "# not a comment"), (5, "**/*.pyc"), (6, "/")]


# (pattern, path, matched by MatchesOrParentMatches): patternmatcher_test.go's TestMatches
MATCHES = [
    ("**", "file", True),
    ("**", "file/", True),
    ("**/", "file", True),
    ("**/", "file/", True),
    ("**", "/", True),
    ("**/", "/", True),
    ("**", "dir/file", True),
    ("**/", "dir/file", True),
    ("**", "dir/file/", True),
    ("**/**", "dir/file", True),
    ("**/**", "dir/file/", True),
    ("dir/**", "dir/file", True),
    ("dir/**", "dir/dir2/file/", True),
    ("**/dir", "dir", True),
    ("**/dir", "dir/file", True),
    ("**/dir2/*", "dir/dir2/file", True),
    ("**/dir2/*", "dir/dir2/file/", True),
    ("**/dir2/**", "dir/dir2/dir3/file", True),
    ("**file", "file", True),
    ("**file", "dir/file", True),
    ("**/file", "dir/dir/file", True),
    ("**/file*", "dir/dir/file.txt", True),
    ("**/file*txt", "dir/dir/file.txt", True),
    ("**/file*.txt*", "dir/dir/file.txt", True),
    ("**/**/*.txt", "dir/dir/file.txt", True),
    ("**/**/*.txt2", "dir/dir/file.txt", False),
    ("**/*.txt", "file.txt", True),
    ("**/**/*.txt", "file.txt", True),
    ("a**/*.txt", "a/file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True),
    ("a/*.txt", "a/dir/file.txt", False),
    ("a/*.txt", "a/file.txt", True),
    ("a/*.txt**", "a/file.txt", True),
    ("a[b-d]e", "ae", False),
    ("a[b-d]e", "ace", True),
    ("a[b-d]e", "aae", False),
    ("a[^b-d]e", "aze", True),
    (".*", ".foo", True),
    (".*", "foo", False),
    ("abc.def", "abcdef", False),
    ("abc.def", "abc.def", True),
    ("abc?def", "abcZdef", True),
    ("abc?def", "abcdef", False),
    ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/dir2/foo/bar", True),
    ("abc/**", "abc", False),
    ("abc/**", "abc/def/ghi", True),
    ("**/.foo", ".foo", True),
    ("**/.foo", "bar.foo", False),
    ("a(b)c/def", "a(b)c/def", True),
    ("a(b)c/def", "a(b)c/xyz", False),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("a\\\\", "a\\", True),
    ("a\\*b", "a*b", True),
    ("a\\*b", "ab", False),
    # a parent folder that matches excludes what is below it
    ("docs", "docs/README.md", True),
    ("*/tmp", "a/tmp/deep/file", True),
    ("node_modules", "src/node_modules/x", False),
]


@pytest.mark.parametrize(("pattern", "path", "matched"), MATCHES)
def test_matches_or_parent_matches(pattern: str, path: str, matched: bool) -> None:
    assert (ignore(pattern).matching(path) is not None) is matched


@pytest.mark.parametrize(
    ("patterns", "path", "matched"),
    [
        (["**", "!util/docker/web"], "util/docker/web/foo", False),
        (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", True),
        (["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", False),
        (["!fileutils.go", "*.go"], "fileutils.go", True),
        (["docs", "!docs/README.md"], "docs/README.md", False),
        (["docs/", "!docs/README.md"], "docs/README.md", False),
        (["*.go", "!fileutils.go"], "fileutils.go", False),
        (["*.go", "!fileutils.go", "fileutils.go"], "fileutils.go", True),  # the last match wins
    ],
)
def test_exceptions_and_the_last_match(patterns: list[str], path: str, matched: bool) -> None:
    assert (ignore(*patterns).matching(path) is not None) is matched


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("*", MatchKind.REGEX),
        ("**", MatchKind.SUFFIX),
        ("dir/**", MatchKind.PREFIX),
        ("**/dir", MatchKind.SUFFIX),
        ("**/**", MatchKind.REGEX),
        ("abc", MatchKind.EXACT),
        ("a.b", MatchKind.EXACT),
        ("a[b]", MatchKind.REGEX),
    ],
)
def test_match_kinds_as_patternmatcher_compiles_them(pattern: str, kind: MatchKind) -> None:
    compiled = compile_pattern(pattern, Span.point(1))
    assert compiled is not None and compiled.kind is kind


@pytest.mark.parametrize(
    ("pattern", "valid"),
    [
        ("ab[c]", True),
        ("[\\]a]", True),
        ("[\\-]", True),
        ("[x\\-]", True),
        ("a\\*b", True),
        ("[a-ζ]*", True),
        ("[]a]", False),
        ("[-]", False),
        ("[x-]", False),
        ("[-x]", False),
        ("\\", False),
        ("[a-b-c]", False),
        ("[", False),
        ("[^", False),
        ("[^bc", False),
        ("a[", False),
    ],
)
def test_filepath_match_syntax(pattern: str, valid: bool) -> None:
    assert valid_match_pattern(pattern) is valid


def test_refused_patterns_are_left_out() -> None:
    file = ignore("secret", "[", "!", "a\\", "*.key")
    assert [pattern.text for pattern in file.patterns] == ["secret", "*.key"]
    assert file.patterns[1].span == Span(5, 1, 5, 6, ".dockerignore")


def test_a_source_as_written_and_as_the_context_path() -> None:
    context = BuildContext(".", ignore("*/tmp/*", ".env", "node_modules"))
    # BuildKit's documented example: './tmp/…' as written matches '*/tmp/*' ('.' is a segment)
    assert context.excluding("./tmp/helloworld.txt") is not None
    assert context.excluding("./forever/helloworld.txt") is None
    # the context path: './.env' and '/.env' are '.env', which BuildKit's check misses
    assert context.excluding("./.env") is not None
    assert context.excluding("/node_modules/x") is not None
    # the root and paths outside the context are never excluded
    assert context.excluding(".") is None and context.excluding("./") is None
    assert context.excluding("../x/.env") is None


def test_the_root_is_not_excluded_by_a_dot_pattern() -> None:
    context = BuildContext(".", ignore(".*", "!.gitignore"))
    assert context.excluding(".") is None
    assert context.excluding(".git") is not None
    assert context.excluding(".gitignore") is None


def test_the_dockerfiles_own_ignore_file_wins(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / ".dockerignore").write_text("a\n")
    context, inputs = read_build_context(str(tmp_path / "Dockerfile"), "app/Dockerfile", str(tmp_path), "app", 1 << 20)
    assert context.ignore_file is not None and context.ignore_file.path == "app/.dockerignore"
    assert inputs == [str(tmp_path / "Dockerfile.dockerignore"), str(tmp_path / ".dockerignore")]
    (tmp_path / "Dockerfile.dockerignore").write_text("b\n")
    context, _ = read_build_context(str(tmp_path / "Dockerfile"), "app/Dockerfile", str(tmp_path), "app", 1 << 20)
    assert context.ignore_file is not None and context.ignore_file.path == "app/Dockerfile.dockerignore"
    assert [pattern.text for pattern in context.ignore_file.patterns] == ["b"]


def test_no_ignore_file(tmp_path: Path) -> None:
    context, inputs = read_build_context(str(tmp_path / "Dockerfile"), "Dockerfile", str(tmp_path), "", 1 << 20)
    assert context == BuildContext(".", None) and len(inputs) == 2


def test_an_ignore_file_that_is_not_utf8_is_read_as_buildkit_reads_its_bytes(tmp_path: Path) -> None:
    # a Latin-1 line once left the whole file unread, and with it every pattern (a silent pass)
    (tmp_path / ".dockerignore").write_bytes(b"\xef\xbb\xbfsecrets.env\ncaf\xe9/\n")
    context, _ = read_build_context(str(tmp_path / "Dockerfile"), "Dockerfile", str(tmp_path), "", 1 << 20)
    assert context.excluding("secrets.env") is not None
    assert context.excluding(os.fsdecode(b"caf\xe9/menu")) is not None  # the byte matches itself in a name
    assert context.excluding("café/menu") is None
