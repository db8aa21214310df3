"""``hullcheck config --from-hadolint``: hadolint's configuration as hullcheck's, which loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.config import ConfigError, load_configuration
from hullcheck.engine.findings import Severity
from hullcheck.hadolint_config import translate_hadolint_config

HADOLINT = """\
ignored:
  - DL3006
  - DL3007
  - DL3002
  - SC2086
  - DL3005
override:
  error:
    - DL3004
  style:
    - DL3020
trustedRegistries:
  - docker.io
  - my-company.com:5000
failure-threshold: style
no-color: true
verbose: true
"""


def _translated(tmp_path: Path, text: str) -> str:
    (tmp_path / ".hadolint.yaml").write_text(text)
    return translate_hadolint_config(str(tmp_path / ".hadolint.yaml"))


def test_every_setting_becomes_hullcheck_s_and_the_result_loads(tmp_path: Path) -> None:
    toml = _translated(tmp_path, HADOLINT)
    (tmp_path / "pyproject.toml").write_text(toml)
    configuration = load_configuration(str(tmp_path / "pyproject.toml"))
    assert configuration is not None
    assert configuration.extend_select == ("best-practice", "untrusted-registry")
    # both of HC401's codes: ignorable; ShellCheck's codes are hullcheck's too
    assert configuration.ignore == ("DL3006", "DL3007", "DL3002", "SC2086")
    assert configuration.severity == {"HC303": Severity.ERROR, "HC505": Severity.NOTE}
    assert configuration.fail_on == "note"
    assert configuration.rule_options == {"HC403": {"trusted-registries": ["docker.io", "my-company.com:5000"]}}
    notes = toml[toml.index("# not translated:") :]
    assert "SC2086" not in notes and "DL3005: hullcheck has no rule" in notes
    assert "no-color: an output setting" in notes and "verbose: an output setting" in notes


def test_ignoring_one_check_of_a_shared_rule_keeps_the_rule(tmp_path: Path) -> None:
    toml = _translated(tmp_path, "ignored: [DL3006]\nno-fail: true\ndisable-ignore-pragma: true\n")
    assert "ignore =" not in toml
    assert "ignored DL3006: kept, because HC401 unpinned-image also checks DL3007" in toml
    assert 'fail-on = "never"' in toml and "inline-suppressions = false" in toml


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- DL3008\n", "must be a mapping"),
        ("ignored: DL3008\n", "'ignored' expects a list of rule codes"),
        ("override:\n  fatal: [DL3008]\n", "'override.fatal' expects one of the levels"),
        ("failure-threshold: high\n", "'failure-threshold' expects one of error"),
        ("strict-labels: yes please\n", "'strict-labels' expects true or false"),
        ("ignored: [DL3008\n", "invalid YAML"),
    ],
)
def test_a_configuration_hadolint_would_refuse_is_an_error_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as error:
        _translated(tmp_path, text)
    assert str(error.value).startswith(str(tmp_path / ".hadolint.yaml"))


def test_the_command_prints_the_table_or_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3002]\n")
    assert main(["config", "--from-hadolint", str(tmp_path / ".hadolint.yaml")]) == 0
    assert 'ignore = ["DL3002"]' in capsys.readouterr().out
    assert main(["config", "--from-hadolint", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: the hadolint configuration does not exist" in capsys.readouterr().err
    assert main(["config", "--from-hadolint", str(tmp_path / ".hadolint.yaml"), "."]) == 2
    assert "takes no path" in capsys.readouterr().err


def test_a_label_schema_becomes_the_label_rules_options_and_loads(tmp_path: Path) -> None:
    toml = _translated(tmp_path, "label-schema:\n  author: text\n  website: url\nstrict-labels: true\n")
    (tmp_path / "pyproject.toml").write_text(toml)
    configuration = load_configuration(str(tmp_path / "pyproject.toml"))
    assert configuration is not None
    options = {code: dict(values) for code, values in configuration.rule_options.items()}
    assert options["HC781"] == {"label-schema": ["author:text", "website:url"]}  # missing-label
    assert options["HC782"] == {"label-schema": ["author:text", "website:url"], "strict-labels": True}
    assert "not translated" not in toml
