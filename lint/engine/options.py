"""Typed rule options: declared on the rule with a default, checked when a run starts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hullcheck.records import Record
from hullcheck.suggestions import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypeGuard

    from hullcheck.engine.rule import Rule

    OptionKind = Literal["string", "integer", "boolean", "string-list"]


class RuleOption(Record, frozen=True, slots=True):
    kind: OptionKind
    default: str | int | bool | tuple[str, ...]
    help: str
    choices: tuple[str, ...] = ()  # for strings and string lists: the only values allowed


class OptionError(ValueError):
    """An option a rule does not declare, or a value of the wrong type; the message names both."""


OptionValue = str | int | bool | tuple[str, ...]


def check_value(rule: str, name: str, option: RuleOption, value: object) -> OptionValue:
    """``value`` as the option's type, or OptionError saying what was expected."""
    expected = {
        "string": "a string",
        "integer": "an integer",
        "boolean": "true or false",
        "string-list": "a list of strings",
    }
    if option.kind in ("string", "string-list") and option.choices:
        items = [value] if isinstance(value, str) else value if _is_string_list(value) else []
        unknown = [item for item in items if item not in option.choices]
        if unknown:
            allowed = ", ".join(option.choices)
            raise OptionError(f"rule {rule}: option '{name}' has no value {unknown[0]!r} (choose from {allowed})")
    if option.kind == "string" and isinstance(value, str):
        return value
    if option.kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if option.kind == "boolean" and isinstance(value, bool):
        return value
    if option.kind == "string-list" and _is_string_list(value):
        return tuple(value)
    raise OptionError(f"rule {rule}: option '{name}' expects {expected[option.kind]}, got {value!r}")


def _is_string_list(value: object) -> TypeGuard[Sequence[str]]:
    return isinstance(value, Sequence) and not isinstance(value, str) and all(isinstance(i, str) for i in value)


def from_text(rule: str, name: str, option: RuleOption, text: str) -> OptionValue:
    """Convert a command-line value: lists are comma-separated, booleans true/false."""
    if option.kind == "string-list":
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if option.kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise OptionError(f"rule {rule}: option '{name}' expects an integer, got {text!r}") from None
    if option.kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise OptionError(f"rule {rule}: option '{name}' expects true or false, got {text!r}")
        return text.lower() == "true"
    return text


def resolve(rule: str, declared: Mapping[str, RuleOption], given: Mapping[str, object]) -> dict[str, OptionValue]:
    """The rule's options: defaults, overridden by ``given`` (checked)."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise OptionError(f"rule {rule} has no option '{unknown[0]}' (its options: {known})")
    values = {name: option.default for name, option in declared.items()}
    for name, value in given.items():
        values[name] = check_value(rule, name, declared[name], value)
    return values


def given_from_assignments(
    assignments: Sequence[str], rules: Sequence[type[Rule]]
) -> dict[str, dict[str, OptionValue]]:
    """The options ``RULE.OPTION=VALUE`` texts (``--rule-option``) give, checked, by rule code:
    only those given, so they can override a configuration file's."""
    given: dict[type[Rule], dict[str, object]] = {}
    for assignment in assignments:
        target, equals, text = assignment.partition("=")
        selector, dot, name = target.partition(".")
        rule = next((r for r in rules if selector.upper() == r.code or selector.lower() == r.name), None)
        if not equals or not dot or rule is None:
            hint = did_you_mean(selector, [r.name for r in rules if r.options]) if equals and dot else ""
            raise OptionError(
                f"--rule-option {assignment!r}: expected RULE.OPTION=VALUE with a rule code or name{hint}"
            )
        option = rule.options.get(name)
        given.setdefault(rule, {})[name] = from_text(rule.code, name, option, text) if option else text
    return {
        rule.code: {name: resolve(rule.code, rule.options, values)[name] for name in values}
        for rule, values in given.items()
    }
