"""Configuration files: found, checked, and turned into each file's lint options.

``[tool.hullcheck]`` in ``pyproject.toml``, or ``.hullcheck.toml`` / ``.hullcheck.yaml`` (the same
keys at the top level), found by walking up from each linted file: the nearest one applies, whole
(configurations are not merged); in one folder ``.hullcheck.toml`` comes before
``.hullcheck.yaml``, which comes before ``pyproject.toml``. ``--config FILE`` names one for every
file. Command-line options win over the file.

Every key and value is checked when the file is read: an unknown key, an unknown rule or a
mistyped value is a :class:`ConfigError` that names the file, the key and what was expected.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence

from hullcheck.engine.findings import Severity
from hullcheck.engine.lint import DEFAULT_MAX_FILE_SIZE, LintOptions
from hullcheck.engine.options import OptionError, OptionValue, resolve
from hullcheck.engine.registry import (
    UnignorableRule,
    UnknownRule,
    all_rules,
    catalog,
    check_ignorable,
    check_selectors,
    indexed_rules,
    matches,
    select,
    selectables,
)
from hullcheck.gitignore import MAX_GLOB_LENGTH, GitIgnore, GitIgnoreError
from hullcheck.parsers.bounds import BoundExceeded, check_toml, check_yaml
from hullcheck.parsers.source import UnreadableFile, read_text_file, relative_below
from hullcheck.records import Record, field
from hullcheck.suggestions import did_you_mean, did_you_mean_rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pathspec import GitIgnoreSpec


CONFIG_FILE_NAMES = (".hullcheck.toml", ".hullcheck.yaml", "pyproject.toml")  # in this order within a folder
FAIL_ON = ("error", "warning", "note", "never")
DEFAULT_FAIL_ON = "warning"
MAX_CONFIG_SIZE = 1024 * 1024  # bytes; a real configuration is a few hundred
_SHOWN_VALUE = 60  # characters of a wrong value that an error message quotes
_SEVERITIES = tuple(severity.value for severity in Severity)
KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "fail-on",
    "exclude",
    "rule-options",
    "inline-suppressions",
)


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


class Configuration(Record, frozen=True, slots=True):
    """One configuration file, checked. ``path`` None: no file, the defaults."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule selectors), as written
    severity: Mapping[str, Severity] = field(default_factory=dict)  # by rule code
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()  # globs, .gitignore syntax, relative to the file's folder
    rule_options: Mapping[str, Mapping[str, OptionValue]] = field(default_factory=dict)  # as given, by rule code
    inline_suppressions: bool | None = None

    @property
    def directory(self) -> str:
        """The folder its globs are relative to."""
        return os.path.dirname(self.path) if self.path is not None else os.getcwd()


class Overrides(Record, frozen=True, slots=True):
    """What the command line sets; it wins over any configuration file."""

    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str | None = None
    rule_options: Mapping[str, Mapping[str, OptionValue]] = field(default_factory=dict)  # given values, by code
    inline_suppressions: bool = True  # False: --no-inline-suppressions
    config_file: str | None = None  # --config: this file for every path
    find_config_files: bool = True  # False: no file at all (the defaults), unless config_file is given
    respect_gitignore: bool = True
    use_environment: bool = False
    compose_files: tuple[str, ...] = ()  # --compose-file: one Compose project's files, first file first
    env_files: tuple[str, ...] = ()  # --env-file: read instead of each project's .env
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    python: bool = True  # False: --no-python


class FileSettings(Record, frozen=True, slots=True):
    """Everything that applies to one file."""

    options: LintOptions
    fail_on: str
    configuration: Configuration
    ignored_here: tuple[str, ...] = ()  # the selectors per-file-ignores adds for this file


# ---------------------------------------------------------------- reading a file


def load_configuration(path: str) -> Configuration | None:
    """The configuration in ``path``, checked; None for a ``pyproject.toml`` without
    ``[tool.hullcheck]``."""
    shown = _shown(path)
    try:
        text = read_text_file(path, MAX_CONFIG_SIZE)
    except UnreadableFile as unreadable:
        raise ConfigError(f"{shown}: the configuration {unreadable}") from None
    where = "the file"
    if os.path.basename(path).endswith((".yaml", ".yml")):
        table = yaml_table(text, shown)
    else:
        table = _toml_table(text, shown)
        if os.path.basename(path) == "pyproject.toml":
            tool = table.get("tool", {})
            if not isinstance(tool, dict) or "hullcheck" not in tool:
                return None
            table = tool["hullcheck"]
            where = "[tool.hullcheck]"
            if not isinstance(table, dict):
                raise ConfigError(f"{shown}: [tool.hullcheck] must be a table of settings")
    unknown_keys = [key for key in table if key not in KEYS]
    if unknown_keys:
        unknown = unknown_keys[0]
        yaml = os.path.basename(path).endswith((".yaml", ".yml"))
        written = str(unknown)  # a YAML key may be a number, a boolean or null
        line = _key_line(text, written, yaml, "tool.hullcheck" if where == "[tool.hullcheck]" else "")
        hint = (did_you_mean(written, KEYS) if isinstance(unknown, str) else "") or f" (the keys: {', '.join(KEYS)})"
        at = f"{shown}:{line}" if line is not None else shown
        raise ConfigError(f"{at}: unknown key {_quoted(written)} in {where}{hint}")
    return _checked(table, path, shown, where)


def _key_line(text: str, key: str, yaml: bool, table: str) -> int | None:
    """The line that sets ``key`` in the configuration's table (``table``: the TOML table that
    holds the settings, "" for the top level): an error names it, so an editor can go there."""
    name = "|".join(re.escape(form) for form in (key, f'"{key}"', f"'{key}'"))
    if yaml:
        pattern = re.compile(rf"(?:{name})\s*:")
        return next((number for number, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)
    prefix = re.escape(f"{table}.") if table else ""
    header = re.compile(r"\s*\[\[?\s*([^\]]*?)\s*\]")
    assignment = re.compile(rf"\s*(?:{name})\s*[=.]")
    nested = re.compile(rf"{prefix}(?:{name})(?:\.|$)")
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        opened = header.match(line)
        if opened is not None:
            current = opened.group(1)
            if nested.match(current):
                return number
        elif current == table and assignment.match(line):
            return number
    return None


def _toml_table(text: str, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        check_toml(text)  # tomllib recurses on nested arrays and inline tables
        return tomllib.loads(text)
    except BoundExceeded as exceeded:
        raise ConfigError(f"{shown}:{exceeded.line}: {exceeded.message}") from None
    except ValueError as error:  # TOMLDecodeError, and Python's refusal of integers over 4,300 digits
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None


def yaml_table(text: str, shown: str) -> dict[str, Any]:
    """A YAML configuration's top-level mapping (ConfigError naming ``shown`` when it is not one)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        check_yaml(yaml, text)  # the loader recurses on nested collections
        loaded = yaml.load(text)
    except BoundExceeded as exceeded:
        raise ConfigError(f"{shown}:{exceeded.line}: {exceeded.message}") from None
    except (YAMLError, ValueError) as error:  # ValueError: Python refuses integers over 4,300 digits
        raise ConfigError(f"{shown}: invalid YAML: {' '.join(str(error).split())}") from None
    except TypeError:  # the loader hashes each key: a mapping written as a key cannot be one
        raise ConfigError(f"{shown}: invalid YAML for a configuration: a mapping used as a key") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{shown}: the configuration must be a mapping of settings")
    return loaded


def _checked(table: dict[str, Any], path: str, shown: str, where: str) -> Configuration:
    def problem(key: str, expected: str, value: object) -> ConfigError:
        return ConfigError(f"{shown}: key '{key}' expects {expected}, got {_describe(value)}")

    def rule_list(key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise problem(key, "a list of rule codes, code prefixes or names", value)
        try:
            check_selectors(value)
        except UnknownRule as error:
            raise ConfigError(
                f"{shown}: key '{key}': unknown rule {_quoted(str(error))}{did_you_mean_rule(str(error))} "
                "('hullcheck rules' lists them)"
            ) from None
        return tuple(value)

    def ignorable(selectors: tuple[str, ...], key: str) -> tuple[str, ...]:
        try:
            check_ignorable(selectors)
        except UnignorableRule as error:
            raise ConfigError(f"{shown}: key '{key}': {error}") from None
        return selectors

    def string_list(key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise problem(key, "a list of strings", value)
        return tuple(value)

    def table_of(key: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise problem(key, "a table", value)
        return value

    settings: dict[str, Any] = {"path": path}
    if "select" in table:
        settings["select"] = rule_list("select", table["select"])
    if "extend-select" in table:
        settings["extend_select"] = rule_list("extend-select", table["extend-select"])
    if "ignore" in table:
        settings["ignore"] = ignorable(rule_list("ignore", table["ignore"]), "ignore")
    if "exclude" in table:
        settings["exclude"] = string_list("exclude", table["exclude"])
        _patterns(settings["exclude"], shown, "exclude")
    if "per-file-ignores" in table:
        entries = table_of("per-file-ignores", table["per-file-ignores"])
        settings["per_file_ignores"] = tuple(
            (glob, ignorable(rule_list(f"per-file-ignores.{glob}", rules), f"per-file-ignores.{glob}"))
            for glob, rules in entries.items()
        )
        _patterns(tuple(entries), shown, "per-file-ignores")
    if "severity" in table:
        severity: dict[str, Severity] = {}
        for selector, level in table_of("severity", table["severity"]).items():
            key = f"severity.{selector}"
            rule_list(key, [selector])
            if level not in _SEVERITIES:
                raise problem(key, f"one of {', '.join(_SEVERITIES)}", level)
            severity.update({info.code: Severity(level) for info in selectables() if matches(info, selector)})
        settings["severity"] = severity
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise problem("fail-on", f"one of {', '.join(FAIL_ON)}", table["fail-on"])
        settings["fail_on"] = table["fail-on"]
    if "inline-suppressions" in table:
        if not isinstance(table["inline-suppressions"], bool):
            raise problem("inline-suppressions", "true or false", table["inline-suppressions"])
        settings["inline_suppressions"] = table["inline-suppressions"]
    if "rule-options" in table:
        settings["rule_options"] = _rule_options(table_of("rule-options", table["rule-options"]), shown, problem)
    return Configuration(**settings)


def _rule_options(
    table: dict[str, Any], shown: str, problem: Callable[[str, str, object], ConfigError]
) -> dict[str, dict[str, OptionValue]]:
    """The options given for each rule, checked against the rule's declaration."""
    checked: dict[str, dict[str, OptionValue]] = {}
    for name, given in table.items():
        rule = next((r for r in all_rules() if name.upper() == r.code or name.lower() == r.name), None)
        if rule is None:
            with_options = [rule.name for rule in all_rules() if rule.options]
            hint = did_you_mean(name, with_options) or f" (the rules with options: {', '.join(with_options)})"
            raise ConfigError(f"{shown}: key 'rule-options.{name}': unknown rule {_quoted(name)}{hint}")
        if not isinstance(given, dict):
            raise problem(f"rule-options.{name}", "a table of the rule's options", given)
        for option, value in given.items():
            declared = rule.options.get(option)
            key = f"rule-options.{name}.{option}"
            if declared is None:
                known = ", ".join(sorted(rule.options)) or "none"
                hint = did_you_mean(option, rule.options) or f" (its options: {known})"
                raise ConfigError(f"{shown}: key '{key}': rule {rule.code} {rule.name} has no such option{hint}")
            try:
                resolve(rule.code, {option: declared}, {option: value})
            except OptionError as error:
                raise ConfigError(f"{shown}: key '{key}': {error}") from None
        checked[rule.code] = dict(given)
    return checked


def _patterns(patterns: Sequence[str], shown: str, key: str) -> None:
    """Globs that pathspec cannot compile are errors now, not silent non-matches later; so are
    globs longer than any path (pathspec's translation takes time quadratic in a glob's length)."""
    for pattern in patterns:
        if len(pattern) > MAX_GLOB_LENGTH:
            raise ConfigError(
                f"{shown}: key '{key}': a glob of {len(pattern):,} characters (at most {MAX_GLOB_LENGTH:,})"
            )
        try:
            _spec([pattern])
        except ValueError as error:
            raise ConfigError(f"{shown}: key '{key}': invalid glob {pattern!r}: {error}") from None


def _describe(value: object) -> str:
    """The value, shortened, and its kind. A list or table is not written out: YAML aliases
    make one that holds itself, or one that is huge once expanded."""
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table"}
    kind = next((name for python_type, name in kinds.items() if type(value) is python_type), type(value).__name__)
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return f"a table of {len(value):,} keys"
    import json  # only for a message: a run with a valid configuration loads no JSON writer

    shown = json.dumps(value, default=str)
    return f"{shown if len(shown) <= _SHOWN_VALUE else shown[: _SHOWN_VALUE - 1] + '…'} ({kind})"


def _quoted(text: str) -> str:
    """A key or name from the file, quoted and cut to a readable length."""
    return repr(text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…")


def _spec(patterns: Sequence[str]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def _shown(path: str) -> str:
    """A path as messages show it: relative to the working directory when below it."""
    below = relative_below(os.path.realpath(path), os.path.realpath(os.getcwd()))
    return below if below is not None else path


# ---------------------------------------------------------------- settings for each file


class Settings:
    """The settings of each file of a run: its nearest configuration and the command line.

    Configuration files and ``.gitignore`` files are read once each. A language server makes a
    new ``Settings`` when a configuration file changes.
    """

    def __init__(self, overrides: Overrides | None = None) -> None:
        self.overrides = overrides or Overrides()
        self._by_folder: dict[str, Configuration] = {}
        self._files: dict[str, Configuration | None] = {}
        self._options: dict[tuple[int, tuple[str, ...]], LintOptions] = {}
        # compiled globs by id() of their configuration, which self._by_folder or self._fixed keeps alive
        self._exclude_specs: dict[int, GitIgnoreSpec] = {}
        self._ignore_specs: dict[int, list[tuple[GitIgnoreSpec, tuple[str, ...]]]] = {}
        self._gitignore: GitIgnore | None = None
        if self.overrides.respect_gitignore:
            self._gitignore = GitIgnore()
        self._fixed: Configuration | None = None
        if self.overrides.config_file is not None:
            self._fixed = load_configuration(self.overrides.config_file)
            if self._fixed is None:
                raise ConfigError(f"{_shown(self.overrides.config_file)}: no [tool.hullcheck] table to use")
        elif not self.overrides.find_config_files:
            self._fixed = Configuration()

    @classmethod
    def fixed(cls, options: LintOptions) -> FixedSettings:
        """Settings that give every file ``options``: no configuration file, no .gitignore."""
        return FixedSettings(options)

    def configuration(self, path: str) -> Configuration:
        """The configuration that applies to ``path`` (a file, or a folder's contents)."""
        if self._fixed is not None:
            return self._fixed
        absolute = os.path.abspath(path)
        folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        return self._nearest(folder)

    def _nearest(self, folder: str) -> Configuration:
        if folder not in self._by_folder:
            found = next(
                (c for name in CONFIG_FILE_NAMES if (c := self._load(os.path.join(folder, name))) is not None),
                None,
            )
            if found is None:
                parent = os.path.dirname(folder)
                found = Configuration() if parent == folder else self._nearest(parent)
            self._by_folder[folder] = found
        return self._by_folder[folder]

    def _load(self, file: str) -> Configuration | None:
        if file not in self._files:
            self._files[file] = load_configuration(file) if os.path.isfile(file) else None
        return self._files[file]

    def for_file(self, path: str) -> FileSettings:
        """The options, fail-on threshold and configuration of the file at ``path``."""
        configuration = self.configuration(path)
        relative = _relative(path, configuration.directory) if configuration.per_file_ignores else None
        ignored_here: list[str] = []
        if relative is not None:
            for spec, selectors in self._per_file_ignores(configuration):
                if spec.match_file(relative):
                    ignored_here.extend(selectors)
        key = (id(configuration), tuple(ignored_here))
        if key not in self._options:
            self._options[key] = self._lint_options(configuration, ignored_here)
        fail_on = self.overrides.fail_on or configuration.fail_on or DEFAULT_FAIL_ON
        return FileSettings(self._options[key], fail_on, configuration, tuple(ignored_here))

    def _per_file_ignores(self, configuration: Configuration) -> list[tuple[GitIgnoreSpec, tuple[str, ...]]]:
        key = id(configuration)
        if key not in self._ignore_specs:
            self._ignore_specs[key] = [(_spec([glob]), selectors) for glob, selectors in configuration.per_file_ignores]
        return self._ignore_specs[key]

    def _lint_options(self, configuration: Configuration, ignored_here: Sequence[str]) -> LintOptions:
        overrides = self.overrides
        if overrides.select is not None:  # as in ruff: the command line's --select replaces the file's choice
            selectors: Sequence[str] | None = overrides.select
            extend: Sequence[str] = overrides.extend_select
            ignore = [*overrides.ignore, *ignored_here]
        else:
            selectors = configuration.select
            extend = [*configuration.extend_select, *overrides.extend_select]
            ignore = [*configuration.ignore, *overrides.ignore, *ignored_here]
        selection = select(selectors, ignore, extend)
        given: dict[str, dict[str, OptionValue]] = {
            code: dict(values) for code, values in configuration.rule_options.items()
        }
        for code, values in overrides.rule_options.items():
            given.setdefault(code, {}).update(values)
        # the rules given options (a rule not in it runs with its defaults), loaded to check them
        declared = {rule.code: rule for rule in indexed_rules() if rule.code in given}
        rule_settings = {code: resolve(code, declared[code].load().options, values) for code, values in given.items()}
        inline = overrides.inline_suppressions and configuration.inline_suppressions is not False
        return LintOptions(
            rules=selection.rules,
            max_file_size=overrides.max_file_size,
            engine_codes=selection.engine_codes,
            script_codes=selection.script_codes,
            use_environment=overrides.use_environment,
            compose_files=overrides.compose_files,
            env_files=overrides.env_files,
            rule_settings=rule_settings,
            inline_suppressions=inline,
            severity=configuration.severity,
            python=overrides.python,
        )

    def excluded(self, path: str, is_dir: bool, walking: bool = True) -> bool:
        """Whether ``path`` is left out: by the ``exclude`` of its configuration, or (only when
        ``walking`` a folder: a file named on the command line is read) by ``.gitignore``."""
        absolute = os.path.abspath(path)
        configuration = self.configuration(os.path.dirname(absolute))
        if configuration.exclude and (relative := _relative(absolute, configuration.directory)) is not None:
            key = id(configuration)
            if key not in self._exclude_specs:
                self._exclude_specs[key] = _spec(configuration.exclude)
            if self._exclude_specs[key].match_file(relative + ("/" if is_dir else "")):
                return True
        if not walking or self._gitignore is None:
            return False
        try:
            return self._gitignore.ignored(absolute, is_dir)
        except GitIgnoreError as error:
            raise ConfigError(str(error)) from None


class FixedSettings(Settings):
    """The same options for every file: no configuration file, nothing excluded."""

    def __init__(self, options: LintOptions) -> None:
        super().__init__(Overrides(find_config_files=False, respect_gitignore=False))
        self._fixed_options = options

    def for_file(self, path: str) -> FileSettings:
        return FileSettings(self._fixed_options, DEFAULT_FAIL_ON, Configuration())

    def excluded(self, path: str, is_dir: bool, walking: bool = True) -> bool:
        return False


def _relative(path: str, directory: str) -> str | None:
    """``path`` relative to ``directory`` in posix form, or None when it is not below it."""
    return relative_below(os.path.abspath(path), os.path.abspath(directory))


# ---------------------------------------------------------------- showing it


def describe(settings: Settings, path: str) -> str:
    """The effective configuration for ``path``, written as a ``.hullcheck.toml`` that would
    give the same result (command-line options applied)."""
    file_settings = settings.for_file(path)
    configuration = file_settings.configuration
    options = file_settings.options
    source = _shown(configuration.path) if configuration.path else "no configuration file (the defaults)"
    running = {rule.code for rule in options.rules} | options.engine_codes
    lines = [
        f"# The configuration that applies to {_shown(path)}",
        f"# read from: {source}",
        "",
        f"select = {toml_value([info.code for info in catalog() if info.code in running])}",
        f"fail-on = {toml_value(file_settings.fail_on)}",
        f"inline-suppressions = {toml_value(options.inline_suppressions)}",
        f"exclude = {toml_value(list(configuration.exclude))}",
    ]
    if file_settings.ignored_here:
        lines.append(f"# per-file-ignores left out here: {', '.join(file_settings.ignored_here)}")
    lines.append("")
    lines.append("[per-file-ignores]")
    lines.extend(
        f"{toml_value(glob)} = {toml_value(list(selectors))}" for glob, selectors in configuration.per_file_ignores
    )
    lines.append("")
    lines.append("[severity]  # configured severities; every other rule has its own (hullcheck rules)")
    lines.extend(
        f"{toml_value(info.name)} = {toml_value(options.severity[info.code].value)}"
        for info in catalog()
        if info.code in options.severity
    )
    for rule in all_rules():  # every rule's, running or not, so the file's own settings show
        if rule.options:
            lines.append("")
            lines.append(f"[rule-options.{rule.name}]")
            values = options.rule_settings.get(rule.code, rule.default_settings)
            lines.extend(f"{name} = {toml_value(values[name])}" for name in rule.options)
    return "\n".join(lines) + "\n"


def toml_value(value: OptionValue | list[str]) -> str:
    """A TOML value: strings and lists of strings as JSON writes them, which TOML reads."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json

    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
