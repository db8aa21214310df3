from __future__ import annotations

import pytest

from hullcheck.cli import main
from hullcheck.engine.findings import Severity
from hullcheck.engine.options import OptionError, RuleOption, from_text, resolve
from hullcheck.engine.rule import Rule
from hullcheck.engine.walker import walk
from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.span import Span

DECLARED = {
    "names": RuleOption("string-list", ("a",), "names"),
    "limit": RuleOption("integer", 3, "a limit"),
    "strict": RuleOption("boolean", False, "strict mode"),
    "kinds": RuleOption("string-list", ("a",), "kinds", choices=("a", "b")),
}


class FlagsNames(Rule):
    """Test rule with options."""

    code = "HC903"
    severity = Severity.WARNING
    security_severity = 1.0
    advice = "none"
    options = DECLARED

    def visit_container(self, container: Container) -> None:
        tier = Severity.ERROR if self.settings["strict"] else None
        self.report(container.span, ",".join(self.string_list("names")), severity=tier)


def test_defaults_and_overrides() -> None:
    assert resolve("HC903", DECLARED, {}) == {"names": ("a",), "limit": 3, "strict": False, "kinds": ("a",)}
    assert resolve("HC903", DECLARED, {"names": ["x", "y"], "strict": True})["names"] == ("x", "y")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"nmes": ["x"]}, "rule HC903 has no option 'nmes' (its options: kinds, limit, names, strict)"),
        ({"names": "x"}, "rule HC903: option 'names' expects a list of strings, got 'x'"),
        ({"limit": True}, "rule HC903: option 'limit' expects an integer, got True"),
        ({"strict": "yes"}, "rule HC903: option 'strict' expects true or false, got 'yes'"),
        ({"kinds": ["a", "c"]}, "rule HC903: option 'kinds' has no value 'c' (choose from a, b)"),
    ],
)
def test_unknown_and_mistyped_options_name_rule_key_and_type(given: dict[str, object], message: str) -> None:
    with pytest.raises(OptionError) as error:
        resolve("HC903", DECLARED, given)
    assert str(error.value) == message


def test_command_line_values() -> None:
    assert from_text("HC903", "names", DECLARED["names"], "a, b,") == ("a", "b")
    assert from_text("HC903", "limit", DECLARED["limit"], "7") == 7
    with pytest.raises(OptionError):
        from_text("HC903", "limit", DECLARED["limit"], "seven")


def test_settings_reach_the_rule_and_severity_tiers_override() -> None:
    model = ComposeFile("compose.yaml", [Container("service 'a'", Span.point(2))])
    (default,) = walk(model, [FlagsNames], "compose.yaml")
    assert default.message == "a" and default.severity is Severity.WARNING and default.severity_override is None
    settings = {"HC903": resolve("HC903", DECLARED, {"names": ["x"], "strict": True})}
    (tuned,) = walk(model, [FlagsNames], "compose.yaml", settings)
    assert tuned.message == "x" and tuned.severity is Severity.ERROR


def test_cli_rejects_bad_rule_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rule-option", "docker-socket-mount.nope=1", "-"]) == 2
    assert "rule HC101 has no option 'nope'" in capsys.readouterr().err
    assert main(["--rule-option", "no-dot=1", "-"]) == 2
