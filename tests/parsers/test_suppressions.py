"""Reading suppression comments: scopes, spans, reasons, hadolint pragmas and malformed ones."""

from __future__ import annotations

from hullcheck.model.span import Span
from hullcheck.parsers.suppressions import CommentSyntax, Scope, parse_suppressions


def test_line_before_silences_the_next_code_line_past_comments_and_blank_lines() -> None:
    text = (
        "FROM alpine:3.20\n# hullcheck: ignore[HC301, root-user] -- drops privileges at start\n# other\n\nUSER root\n"
    )
    (comment,) = parse_suppressions(text, CommentSyntax.DOCKERFILE).comments
    assert comment.scope is Scope.NEXT and comment.line == 5
    assert [(name.value, name.span) for name in comment.rules] == [
        ("HC301", Span(2, 21, 2, 26)),
        ("root-user", Span(2, 28, 2, 37)),
    ]
    assert comment.reason == "drops privileges at start"
    assert comment.span == Span(2, 1, 2, 67)


def test_yaml_end_of_line_silences_its_own_line() -> None:
    text = "services:\n  web:\n    privileged: true  # hullcheck:ignore[HC201]--needs raw devices\n"
    found = parse_suppressions(text, CommentSyntax.YAML)
    (comment,) = found.comments
    assert (comment.scope, comment.line, comment.reason) == (Scope.LINE, 3, "needs raw devices")
    assert comment.span.column == 23 and comment.rules[0].span == Span(3, 42, 3, 47)
    assert not found.malformed


def test_ignore_file_only_in_the_comments_at_the_top() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n\n# hullcheck: ignore-file[HC402]\n"
        "FROM a:1\n# hullcheck: ignore-file[HC401]\nRUN x\n"
    )
    found = parse_suppressions(text, CommentSyntax.DOCKERFILE)
    assert [(c.scope, c.line, [r.value for r in c.rules]) for c in found.comments] == [(Scope.FILE, 0, ["HC402"])]
    (late,) = found.malformed
    assert late.span.line == 5 and "top of the file" in late.message


def test_hadolint_pragmas_next_line_and_global() -> None:
    text = "# hadolint global ignore=DL3007\nFROM ubuntu:latest\n# hadolint ignore=DL3002, DL3008\nUSER root\n"
    comments = parse_suppressions(text, CommentSyntax.DOCKERFILE).comments
    assert [(c.hadolint, c.scope, c.line, [r.value for r in c.rules]) for c in comments] == [
        (True, Scope.FILE, 0, ["DL3007"]),
        (True, Scope.NEXT, 4, ["DL3002", "DL3008"]),
    ]


def test_hadolint_pragmas_are_read_in_dockerfiles_only() -> None:
    assert not parse_suppressions("# hadolint ignore=DL3002\nservices: {}\n", CommentSyntax.YAML).comments


def test_malformed_comments_are_reported_with_their_span() -> None:
    text = (
        "FROM a:1\n"
        "# hullcheck: ignore -- no rules\n"
        "RUN a\n"
        "# hullcheck: ignore[] -- empty\n"
        "RUN b\n"
        "# hullcheck: ignroe[HC301]\n"
        "RUN c  # hullcheck: ignore[HC405]\n"
        "# hullcheck: ignore[HC301] -- last line\n"
    )
    malformed = parse_suppressions(text, CommentSyntax.DOCKERFILE).malformed
    assert [(m.span.line, m.span.column) for m in malformed] == [(2, 1), (4, 1), (6, 1), (7, 8), (8, 1)]
    assert "must name the rules" in malformed[0].message and "must name the rules" in malformed[1].message
    assert "expected '# hullcheck: ignore[RULE, …] -- reason'" in malformed[2].message
    assert "whole-line comments only" in malformed[3].message
    assert "no line after it" in malformed[4].message


def test_hash_inside_yaml_quotes_is_not_a_comment() -> None:
    text = (
        'a: "x # hullcheck: ignore[HC201]"\n'
        "b: 'it''s # hullcheck: ignore[HC201]'\n"
        "c: d#hullcheck: ignore[HC201]\n"  # no space before '#': part of the plain scalar
        'e: ["\\"", x]  # hullcheck: ignore[HC202]\n'
    )
    (comment,) = parse_suppressions(text, CommentSyntax.YAML).comments
    assert comment.line == 4 and comment.rules[0].value == "HC202"


def test_crlf_and_bom_free_text_keep_columns() -> None:
    text = "services:\r\n  web:\r\n    user: root # hullcheck: ignore[root-user]\r\n"
    (comment,) = parse_suppressions(text, CommentSyntax.YAML).comments
    assert comment.span == Span(3, 16, 3, 46)


def test_python_comments_come_from_its_tokenizer() -> None:
    text = (
        "import docker\n"
        "# hullcheck: ignore[HC201] -- the test harness needs it\n"
        "client.containers.run('x', privileged=True)\n"
        'doc = """\n'
        "# hullcheck: ignore[HC202] -- inside a string: not a comment\n"
        '"""\n'
        "client.containers.run('y#z', network_mode='host')  # hullcheck: ignore[HC202]\n"
    )
    comments = parse_suppressions(text, CommentSyntax.PYTHON).comments
    assert [(c.scope, c.line, c.rules[0].value) for c in comments] == [
        (Scope.NEXT, 3, "HC201"),
        (Scope.LINE, 7, "HC202"),
    ]


def test_shell_quotes_and_escapes() -> None:
    text = (
        "docker run --label='a # hullcheck: ignore[HC201]' alpine\n"
        'docker run -e A="x \\" # hullcheck: ignore[HC201]" alpine\n'
        "docker run --privileged alpine \\# not a comment # hullcheck: ignore[HC201] -- ci runner\n"
    )
    (comment,) = parse_suppressions(text, CommentSyntax.SHELL).comments
    assert (comment.scope, comment.line, comment.reason) == (Scope.LINE, 3, "ci runner")
