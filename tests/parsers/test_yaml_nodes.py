"""Compose files are composed by libyaml (ruamel's C parser), else by ruamel's pure parser: the
YAML constructs where the two disagree, and which error is reported when both refuse a file."""

from __future__ import annotations

import warnings

import pytest
from ruamel.yaml.error import YAMLError

from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.parsers.source import ParseProblem
from hullcheck.parsers.yaml_nodes import compose_yaml, is_mapping, is_sequence, yaml_loader
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())


def accepts(pure: bool, text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yaml_loader(pure=pure).compose(text)
    except (YAMLError, AssertionError):
        return False
    return True


# text: what each parser does with it, and so whether the file is read (either accepts it)
ONLY_THE_PURE_PARSER = {
    "a colon inside a flow plain scalar": "security_opt: [no-new-privileges:true]\n",
    "a URL in a flow sequence": "command: [curl, http://example.com]\n",
    "a colon inside a flow mapping's value": "labels: {a: b:c}\n",
    "a key with a colon and no space in a flow mapping": "labels: {a:1}\n",
    "a colon before a flow indicator": "x: [a:]\n",
    "an empty key in a flow mapping": "labels: {: 1}\n",
    "an anchor defined twice (the later wins)": "a: &x 1\nb: &x 2\nc: *x\n",
    "an unknown directive": "%FOO bar\n---\na: 1\n",
}
ONLY_LIBYAML = {
    "a tab after a mapping's colon": "a:\t1\n",
    "a next line (U+0085) between entries": "a: 1\x85b: 2\n",
    "a line separator (U+2028) between entries": "a: 1\u2028b: 2\n",
}
BOTH = {
    "anchors and aliases in a flow sequence": "a: [&x 1, *x]\n",
    "a complex key": "? a\n: 1\n",
    "a flow sequence as a complex key": "? [a, b]\n: 1\n",
    "document markers": "---\na: 1\n...\n",
    "a byte order mark": "\ufeffa: 1\n",
    "a YAML 1.1 directive": "%YAML 1.1\n---\na: 1\n",
    "a TAG directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "a quoted key right before a colon in a flow mapping": 'a: {"x":1}\n',
    "CRLF line ends": "a: 1\r\nb: 2\r\n",
    "an anchor with no value": "a: &x\nb: *x\n",
}
NEITHER = {
    "a tab as indentation": "a:\n\tb: 1\n",
    "a plain key of 1,100 characters": "a" * 1_100 + ": 1\n",
    "a quoted key of 1,100 characters": '"' + "k" * 1_100 + '": v\n',
    "a flow key of 1,100 characters": "{" + "a" * 1_100 + ": 1}\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a YAML 1.3 directive": "%YAML 1.3\n---\na: 1\n",
    "an undefined alias": "a: *x\n",
    "a value after a plain scalar": "a: b: c\n",
    "a reserved indicator": "a: @x\n",
    "an unclosed flow sequence": "a: [b\n",
}


@pytest.mark.parametrize(
    ("text", "libyaml", "pure"),
    [pytest.param(text, False, True, id=name) for name, text in ONLY_THE_PURE_PARSER.items()]
    + [pytest.param(text, True, False, id=name) for name, text in ONLY_LIBYAML.items()]
    + [pytest.param(text, True, True, id=name) for name, text in BOTH.items()]
    + [pytest.param(text, False, False, id=name) for name, text in NEITHER.items()],
)
def test_what_each_parser_accepts_and_what_is_read(text: str, libyaml: bool, pure: bool) -> None:
    assert (accepts(False, text), accepts(True, text)) == (libyaml, pure)
    if libyaml or pure:
        assert is_mapping(compose_yaml(text))
    else:
        with pytest.raises(ParseProblem, match=r"^invalid YAML: "):
            compose_yaml(text)


def test_a_flow_plain_scalar_keeps_its_colon() -> None:
    root = compose_yaml("security_opt: [no-new-privileges:true, 'seccomp:unconfined']\n")
    ((_key, value),) = root.value
    assert is_sequence(value)
    assert [item.value for item in value.value] == ["no-new-privileges:true", "seccomp:unconfined"]
    assert (value.start_mark.line, value.start_mark.column) == (0, 14)  # marks as the C parser gives them


def test_the_later_anchor_is_the_one_an_alias_names_and_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    root = compose_yaml("a: &x 1\nb: &x 2\nc: *x\n")
    assert [value.value for _key, value in root.value] == ["1", "2", "2"]
    assert capsys.readouterr() == ("", "")  # ruamel warns of a reused anchor; the warning is not shown


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # the pure parser stops at the tab libyaml reads; libyaml finds the real problem further on
        ("a:\t1\nb: [c\n", 3, 1, "invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"),
        # the pure parser reads past the colon and finds the real problem further on
        (
            "security_opt: [no-new-privileges:true]\nports:\n  - 80\n bad: 1\n",
            4,
            2,
            "invalid YAML: while parsing a block mapping expected <block end>, but found '<block mapping start>'",
        ),
        # at the same place, libyaml's words, which are Compose's (its YAML reader is a port of libyaml)
        (
            "a: |\n\tx\n",
            2,
            1,
            "invalid YAML: while scanning a block scalar found a tab character where an indentation space is expected",
        ),
        ("%YAML 1.3\n---\na: 1\n", 1, 1, "invalid YAML: found incompatible YAML document"),
    ],
    ids=["libyaml further", "pure parser further", "same place", "pure parser fails an assertion"],
)
def test_when_both_refuse_the_error_found_further_is_reported(text: str, line: int, column: int, message: str) -> None:
    (finding,) = [f for f in lint_bytes(text.encode(), "compose.yaml", ALL_RULES).findings if f.rule.code == "HC001"]
    assert (finding.span.line, finding.span.column, finding.message) == (line, column, message)


def test_a_compose_file_libyaml_refuses_is_linted() -> None:
    text = "services:\n  web:\n    image: nginx:1.27\n    security_opt: [no-new-privileges:true]\n"
    text += "    privileged: true\n"
    codes = {finding.rule.name for finding in lint_bytes(text.encode(), "compose.yaml", ALL_RULES).findings}
    assert "parse-error" not in codes
    assert "privileged-container" in codes
    assert "missing-no-new-privileges" not in codes
