"""``hullcheck config --from-hadolint .hadolint.yaml``: a hadolint configuration, translated.

hadolint's keys (its ``Configuration.hs``): ``ignored``, ``override`` (``error``, ``warning``,
``info``, ``style`` lists), ``trusted-registries`` (``trustedRegistries`` in older versions),
``label-schema``, ``strict-labels``, ``failure-threshold``, ``disable-ignore-pragma``,
``no-fail``, and the output settings ``no-color``, ``verbose``, ``output-format``/``format``.
Each becomes the ``[tool.hullcheck]`` setting that does the same, written with hadolint's codes
(hullcheck reads them), or a comment saying why there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hullcheck.config import MAX_CONFIG_SIZE, ConfigError, toml_value, yaml_table
from hullcheck.engine.options import OptionValue
from hullcheck.engine.registry import all_rules, find_rules
from hullcheck.parsers.source import UnreadableFile, read_text_file

# hadolint's levels as hullcheck's: it has two below warning, hullcheck one
_SEVERITIES = {"error": "error", "warning": "warning", "info": "note", "style": "note"}
_FAIL_ON = {"error": "error", "warning": "warning", "info": "note", "style": "note", "ignore": "never", "none": "never"}
_OUTPUT_ONLY = {
    "no-color": "--color never on the command line",
    "verbose": "hullcheck prints which configuration applies with 'hullcheck config PATH'",
    "output-format": "--format on the command line (sarif, json, github, gitlab, checkstyle …)",
    "format": "--format on the command line (sarif, json, github, gitlab, checkstyle …)",
}
_TRUSTED_REGISTRIES = "untrusted-registry"
TomlValue = OptionValue | list[str]


def translate_hadolint_config(path: str) -> str:
    """The ``[tool.hullcheck]`` table equivalent to the hadolint configuration at ``path``;
    ConfigError naming the file for one that cannot be read or has a value of the wrong type."""
    try:
        text = read_text_file(path, MAX_CONFIG_SIZE)
    except UnreadableFile as unreadable:
        raise ConfigError(f"{path}: the hadolint configuration {unreadable}") from None
    return _Translation(yaml_table(text, path), path).toml()


class _Translation:
    def __init__(self, table: dict[Any, Any], shown: str) -> None:
        self.shown = shown
        self.settings: dict[str, TomlValue] = {}
        self.tables: dict[str, dict[str, TomlValue]] = {}
        self.extend_select = ["best-practice"]  # hadolint's checks are hullcheck's best-practice group
        self.notes: list[str] = []
        readers: dict[str, Callable[[object], None]] = {
            "ignored": self.ignored,
            "override": self.override,
            "trusted-registries": self.trusted_registries,
            "trustedRegistries": self.trusted_registries,
            "failure-threshold": self.failure_threshold,
            "no-fail": self.no_fail,
            "disable-ignore-pragma": self.disable_ignore_pragma,
            "label-schema": self.label_schema,
            "strict-labels": self.strict_labels,
        }
        for key, value in table.items():
            if key in readers:
                readers[key](value)
            elif key in _OUTPUT_ONLY:
                self.notes.append(f"{key}: an output setting, not a configuration one: {_OUTPUT_ONLY[key]}")
            else:
                self.notes.append(f"{key}: not a hadolint setting, left out")

    def problem(self, key: str, expected: str) -> ConfigError:
        return ConfigError(f"{self.shown}: hadolint's '{key}' expects {expected}")

    def codes(self, key: str, value: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.problem(key, "a list of rule codes")
        return [item.strip() for item in value]

    def known(self, key: str, codes: list[str]) -> list[str]:
        """The codes hullcheck has a rule for; the others are noted."""
        kept = []
        for code in codes:
            if find_rules(code):  # ShellCheck's codes too: hullcheck reports them under the same codes
                kept.append(code)
            else:
                self.notes.append(f"{key} {code}: hullcheck has no rule for it (see the README's hadolint table)")
        return kept

    def ignored(self, value: object) -> None:
        codes = self.known("ignored", self.codes("ignored", value))
        ignored = {code.upper() for code in codes}
        kept = []
        for code in codes:
            # one hullcheck rule may be several hadolint checks (HC401 is DL3006 and DL3007):
            # ignoring it for one of them would drop the others, which the user still wants
            still_wanted = sorted(
                {other for info in find_rules(code) for other in info.hadolint_codes if other not in ignored}
            )
            if still_wanted:
                rules = ", ".join(f"{info.code} {info.name}" for info in find_rules(code))
                self.notes.append(
                    f"ignored {code}: kept, because {rules} also checks {', '.join(still_wanted)}, "
                    "which is not ignored; silence its findings with suppressions or a baseline"
                )
            else:
                kept.append(code)
        if kept:
            self.settings["ignore"] = kept

    def override(self, value: object) -> None:
        if not isinstance(value, dict):
            raise self.problem("override", "a mapping of levels (error, warning, info, style) to lists of codes")
        severity = self.tables.setdefault("severity", {})
        for level, codes in value.items():
            if level not in _SEVERITIES:
                raise self.problem(f"override.{level}", "one of the levels error, warning, info, style")
            for code in self.known(f"override.{level}", self.codes(f"override.{level}", codes)):
                severity[code] = _SEVERITIES[level]
                for info in find_rules(code):
                    if shared := [other for other in info.hadolint_codes if other != code.upper()]:
                        self.notes.append(
                            f"override.{level} {code}: the level applies to all of {info.code} {info.name}, "
                            f"which also checks {', '.join(shared)}"
                        )
        if level_note := [level for level in value if level in ("info", "style")]:
            self.notes.append(f"override {', '.join(level_note)}: hullcheck's level below warning is note")

    def trusted_registries(self, value: object) -> None:
        registries = self.codes("trusted-registries", value)
        # hadolint checks registries only when some are listed; hullcheck's rule is off by default
        self.extend_select.append(_TRUSTED_REGISTRIES)
        self.tables[f"rule-options.{_TRUSTED_REGISTRIES}"] = {"trusted-registries": registries}

    def failure_threshold(self, value: object) -> None:
        if value not in _FAIL_ON:
            raise self.problem("failure-threshold", f"one of {', '.join(_FAIL_ON)}")
        self.settings["fail-on"] = _FAIL_ON[str(value)]

    def no_fail(self, value: object) -> None:
        if not isinstance(value, bool):
            raise self.problem("no-fail", "true or false")
        if value:
            self.settings["fail-on"] = "never"

    def disable_ignore_pragma(self, value: object) -> None:
        if not isinstance(value, bool):
            raise self.problem("disable-ignore-pragma", "true or false")
        if value:
            self.settings["inline-suppressions"] = False
            self.notes.append(
                "disable-ignore-pragma: inline-suppressions = false also turns off '# hullcheck: ignore[…]' comments"
            )

    def label_schema(self, value: object) -> None:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.problem("label-schema", "a mapping of label names to types")
        self.label_option("label-schema", [f"{name}:{kind}" for name, kind in value.items()])

    def strict_labels(self, value: object) -> None:
        if not isinstance(value, bool):
            raise self.problem("strict-labels", "true or false")
        self.label_option("strict-labels", value)

    def label_option(self, option: str, value: TomlValue) -> None:
        """Set ``option`` on every label rule that declares it."""
        rules = [rule for rule in all_rules() if option in rule.options]
        if not rules:
            self.notes.append(f"{option}: hullcheck has no label rule with this option yet")
        for rule in rules:
            self.tables.setdefault(f"rule-options.{rule.name}", {})[option] = value

    def toml(self) -> str:
        lines = [
            f"# hullcheck's equivalent of {self.shown} (hullcheck config --from-hadolint)",
            "# in pyproject.toml as it is; in .hullcheck.toml without the 'tool.hullcheck' prefix",
            "[tool.hullcheck]",
            f"extend-select = {toml_value(self.extend_select)}",
        ]
        lines.extend(f"{key} = {toml_value(value)}" for key, value in self.settings.items())
        for name, table in self.tables.items():
            if table:
                lines.extend(["", f"[tool.hullcheck.{name}]"])
                lines.extend(f"{toml_value(key)} = {toml_value(value)}" for key, value in table.items())
        if self.notes:
            lines.extend(["", "# not translated:"])
            lines.extend(f"# - {note}" for note in self.notes)
        return "\n".join(lines) + "\n"
