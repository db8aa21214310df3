"""Configuration files: where they are found, what each key does, and how mistakes stop the run."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.config import KEYS, load_configuration

DIGEST = "@sha256:" + "0123456789abcdef" * 4
ROOT_USER = f"FROM alpine:3.20{DIGEST}\nUSER root\n"  # root-user (HC301), a warning
UNPINNED = "FROM ubuntu\nUSER app\n"  # unpinned-image (HC401), a warning
REGISTRY = f"FROM quay.io/org/app:1.0{DIGEST}\nUSER app\n"  # untrusted-registry (HC403), off by default
BOTH = "FROM ubuntu\nUSER root\n"  # unpinned-image (HC401) and root-user (HC301)
TRUST_GHCR = '[rule-options.untrusted-registry]\ntrusted-registries = ["ghcr.io"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit code, the concise lines as ``path:code``, and stderr."""
    code = main(["--format", "concise", *args])
    captured = capsys.readouterr()
    found = [f"{line.split(':', 1)[0]}:{line.rsplit('[', 1)[1].split()[0]}" for line in captured.out.splitlines()]
    return code, found, captured.err


def test_pyproject_tool_table_applies(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"Dockerfile": ROOT_USER, "pyproject.toml": '[tool.hullcheck]\nignore = ["root-user"]\n'})
    assert lint([], capsys)[:2] == (0, [])


def test_nearest_file_wins_whole_and_a_pyproject_without_the_table_is_passed_over(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project,
        {
            ".hullcheck.toml": 'ignore = ["HC301"]\n',
            "Dockerfile": ROOT_USER,
            "app/pyproject.toml": '[project]\nname = "app"\n',  # no [tool.hullcheck]: the walk goes on up
            "app/Dockerfile": ROOT_USER,
            "legacy/.hullcheck.yaml": "select: [unpinned-image]\n",  # nearest: the root's ignore does not apply
            "legacy/Dockerfile": BOTH,
        },
    )
    code, found, _ = lint([], capsys)
    assert found == ["legacy/Dockerfile:HC401"]
    assert code == 1


def test_toml_comes_before_yaml_and_pyproject_in_one_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        {
            ".hullcheck.toml": 'ignore = ["HC301"]\n',
            ".hullcheck.yaml": "ignore: [HC401]\n",
            "pyproject.toml": '[tool.hullcheck]\nignore = ["HC401"]\n',
            "Dockerfile": BOTH,
        },
    )
    assert lint([], capsys)[1] == ["Dockerfile:HC401"]


def test_config_option_names_one_file_for_every_path(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        {
            "sub/.hullcheck.toml": 'ignore = ["HC401"]\n',
            "sub/Dockerfile": BOTH,
            "ci/strict.toml": 'select = ["HC401"]\n',
        },
    )
    assert lint([], capsys)[1] == ["sub/Dockerfile:HC301"]
    assert lint(["--config", "ci/strict.toml"], capsys)[1] == ["sub/Dockerfile:HC401"]


def test_command_line_select_replaces_and_ignore_adds(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {".hullcheck.toml": 'ignore = ["HC301"]\n', "Dockerfile": BOTH})
    assert lint([], capsys)[1] == ["Dockerfile:HC401"]
    assert lint(["--select", "HC3"], capsys)[1] == ["Dockerfile:HC301"]  # as in ruff: the file's choice is replaced
    assert lint(["--ignore", "HC401"], capsys)[1] == []


def test_extend_select_adds_to_the_defaults(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {".hullcheck.toml": 'extend-select = ["untrusted-registry"]\n' + TRUST_GHCR, "Dockerfile": REGISTRY})
    assert lint([], capsys)[1] == ["Dockerfile:HC403"]


def test_rule_options_from_the_file_and_the_command_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        {
            ".hullcheck.toml": (
                'extend-select = ["HC403"]\n[rule-options.untrusted-registry]\ntrusted-registries = ["quay.io/org"]\n'
            ),
            "Dockerfile": REGISTRY,
        },
    )
    assert lint([], capsys)[1] == []
    override = ["--rule-option", "HC403.trusted-registries=ghcr.io"]
    assert lint(override, capsys)[1] == ["Dockerfile:HC403"]


def test_per_file_ignores_by_glob(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        {
            ".hullcheck.toml": '[per-file-ignores]\n"dev/**" = ["root-user"]\n"*.test.Dockerfile" = ["HC4"]\n',
            "Dockerfile": ROOT_USER,
            "dev/Dockerfile": ROOT_USER,
            "ci/app.test.Dockerfile": UNPINNED,
        },
    )
    assert lint([], capsys)[1] == ["Dockerfile:HC301"]


def test_severity_and_fail_on_apply_to_their_own_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        {
            ".hullcheck.toml": 'fail-on = "error"\n',
            "Dockerfile": ROOT_USER,  # a warning: below this file's threshold
            "strict/.hullcheck.toml": 'fail-on = "error"\n[severity]\nroot-user = "error"\n',
            "strict/Dockerfile": ROOT_USER,
        },
    )
    assert lint(["Dockerfile"], capsys)[0] == 0
    assert lint(["--fail-on", "warning", "Dockerfile"], capsys)[0] == 1
    assert main(["--format", "concise", "strict"]) == 1  # its root-user finding is an error there
    assert capsys.readouterr().out.startswith("strict/Dockerfile:2:6: error: the final stage runs as root")


def test_exclude_globs_apply_to_walks_explicit_files_and_stdin(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        project,
        {
            ".hullcheck.toml": 'exclude = ["third_party/", "*.generated.Dockerfile", "!keep.generated.Dockerfile"]\n',
            "Dockerfile": UNPINNED,
            "third_party/lib/Dockerfile": UNPINNED,
            "app.generated.Dockerfile": UNPINNED,
            "keep.generated.Dockerfile": UNPINNED,
        },
    )
    assert lint([], capsys)[1] == ["Dockerfile:HC401", "keep.generated.Dockerfile:HC401"]
    assert lint(["third_party/lib/Dockerfile", "Dockerfile"], capsys)[1] == ["Dockerfile:HC401"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(UNPINNED.encode())))
    assert lint(["-", "--stdin-filename", "third_party/x/Dockerfile"], capsys)[:2] == (0, [])


def test_gitignore_is_respected_in_a_work_tree(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".git").mkdir()
    write(
        project,
        {
            ".gitignore": "build/\n/Dockerfile.local\n**/tmp/*.Dockerfile\ngen-*\n!gen-kept.Dockerfile\n",
            "Dockerfile.local": UNPINNED,  # anchored: only at the root
            "app/Dockerfile.local": UNPINNED,
            "build/Dockerfile": UNPINNED,  # a directory-only pattern
            "app/build": "",  # a file named build: not matched by build/
            "app/deep/tmp/x.Dockerfile": UNPINNED,  # ** matches any depth
            "gen-a.Dockerfile": UNPINNED,
            "gen-kept.Dockerfile": UNPINNED,  # negated
            "svc/.gitignore": "!Dockerfile.local\nDockerfile\n",  # a deeper file overrides
            "svc/Dockerfile": UNPINNED,
            "svc/Dockerfile.local": UNPINNED,
        },
    )
    expected = ["app/Dockerfile.local:HC401", "gen-kept.Dockerfile:HC401", "svc/Dockerfile.local:HC401"]
    assert sorted(lint([], capsys)[1]) == expected
    assert len(lint(["--no-gitignore"], capsys)[1]) == 8
    assert lint(["build/Dockerfile"], capsys)[1] == ["build/Dockerfile:HC401"]  # named: linted


def test_gitignore_outside_a_work_tree_is_not_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {".gitignore": "Dockerfile\n", "Dockerfile": UNPINNED})
    assert lint([], capsys)[1] == ["Dockerfile:HC401"]


def test_inline_suppressions_can_be_turned_off(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"Dockerfile": f"FROM alpine:3.20{DIGEST}\n# hullcheck: ignore[root-user] -- x\nUSER root\n"})
    assert lint([], capsys)[1] == []
    assert lint(["--no-inline-suppressions"], capsys)[1] == ["Dockerfile:HC301"]
    write(project, {".hullcheck.toml": "inline-suppressions = false\n"})
    assert lint([], capsys)[1] == ["Dockerfile:HC301"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (".hullcheck.toml", "selectt = []\n", ":1: unknown key 'selectt' in the file (did you mean 'select'?)"),
        (".hullcheck.toml", "zzz = []\n", ":1: unknown key 'zzz' in the file (the keys: select, extend-select,"),
        (
            "pyproject.toml",
            "[tool.ruff]\nfail_on = 1\n\n[tool.hullcheck]\nselect = ['ALL']\nfail_on = 'error'\n",
            ":6: unknown key 'fail_on' in [tool.hullcheck] (did you mean 'fail-on'?)",
        ),
        (
            "pyproject.toml",
            "[tool.hullcheck.severty]\nHC201 = 'note'\n",
            ":1: unknown key 'severty' in [tool.hullcheck]",
        ),
        (
            ".hullcheck.yaml",
            "select: [ALL]\n'exlude': [a]\n",
            ":2: unknown key 'exlude' in the file (did you mean 'exclude'?)",
        ),
        (
            ".hullcheck.toml",
            'ignore = ["privilegd"]\n',
            "unknown rule 'privilegd' (did you mean 'privileged-container'?)",
        ),
        (
            ".hullcheck.toml",
            "[rule-options.untrusted-registries]\n",
            "key 'rule-options.untrusted-registries': unknown rule 'untrusted-registries' "
            "(did you mean 'untrusted-registry'?)",
        ),
        (
            ".hullcheck.toml",
            "[rule-options.untrusted-registry]\ntrusted_registries = []\n",
            "rule HC403 untrusted-registry has no such option (did you mean 'trusted-registries'?)",
        ),
        (".hullcheck.toml", 'ignore = ["HC999"]\n', "key 'ignore': unknown rule 'HC999'"),
        (".hullcheck.toml", 'ignore = "HC301"\n', "key 'ignore' expects a list of rule codes, code prefixes or names"),
        (".hullcheck.toml", 'fail-on = "high"\n', "key 'fail-on' expects one of error, warning, note, never"),
        (".hullcheck.toml", "inline-suppressions = 1\n", "key 'inline-suppressions' expects true or false, got 1"),
        (".hullcheck.toml", '[severity]\nHC301 = "fatal"\n', "key 'severity.HC301' expects one of error, warning"),
        (".hullcheck.toml", '[per-file-ignores]\n"a/*" = ["nope"]\n', "key 'per-file-ignores.a/*': unknown rule"),
        # as on the command line: an internal error means a file was not fully checked
        (".hullcheck.toml", 'ignore = ["HC000"]\n', "key 'ignore': HC000 cannot be ignored"),
        (".hullcheck.yaml", "ignore: [internal-error]\n", "key 'ignore': HC000 cannot be ignored"),
        (".hullcheck.toml", '[per-file-ignores]\n"a/*" = ["HC000"]\n', "key 'per-file-ignores.a/*': HC000 cannot"),
        (
            ".hullcheck.yaml",
            "rule-options:\n  untrusted-registry:\n    trusted-registries: ghcr.io\n",
            "key 'rule-options.untrusted-registry.trusted-registries': rule HC403: option 'trusted-registries' "
            "expects a list of strings",
        ),
        (
            ".hullcheck.toml",
            "[rule-options.root-user]\nstrict = true\n",
            "key 'rule-options.root-user.strict': rule HC301 root-user has no such option",
        ),
        (".hullcheck.toml", "select = [\n", "invalid TOML"),
        (".hullcheck.yaml", "select: [a\n", "invalid YAML"),
        (".hullcheck.yaml", "- select\n", "the configuration must be a mapping"),
        # YAML keys that are not strings (found by the config-yaml fuzz target: a traceback)
        (".hullcheck.yaml", "5:\n  imagimagicks\n", "unknown key '5' in the file (the keys: select,"),
        (".hullcheck.yaml", "~: 1\n", "unknown key 'None' in the file (the keys: select,"),
        (".hullcheck.yaml", "[1, 2]: 3\n", "unknown key '(1, 2)' in the file"),
        # a mapping as a key inside a list: the loader's TypeError (found by the fuzz target)
        (".hullcheck.yaml", '{\n  &": [\n    { 1}\n  ]\n}\n', "a mapping used as a key"),
    ],
)
def test_mistakes_stop_the_run_naming_file_key_and_expected_type(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    write(project, {"sub/Dockerfile": UNPINNED, f"sub/{name}": text})
    code, found, err = lint([], capsys)
    assert code == 2 and found == []
    assert err.startswith(f"hullcheck: error: sub/{name}:"), err  # and the line, for an unknown key
    assert message in err, err


def test_config_option_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"pyproject.toml": '[project]\nname = "x"\n', "Dockerfile": UNPINNED})
    assert lint(["--config", "missing.toml"], capsys)[2] == "hullcheck: error: --config missing.toml: no such file\n"
    assert "pyproject.toml: no [tool.hullcheck] table" in lint(["--config", "pyproject.toml"], capsys)[2]


def test_config_command_prints_a_configuration_that_reads_back_the_same(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project,
        {
            "repo/.hullcheck.toml": (
                'extend-select = ["HC403"]\nignore = ["HC402"]\nfail-on = "error"\n'
                '[per-file-ignores]\n"dev/*" = ["HC301"]\n[severity]\nHC401 = "error"\n'
                '[rule-options.untrusted-registry]\ntrusted-registries = ["ghcr.io/org"]\n'
            ),
            "repo/Dockerfile": ROOT_USER + UNPINNED + REGISTRY,
            "repo/dev/Dockerfile": ROOT_USER + UNPINNED + REGISTRY,
        },
    )
    assert main(["config", "repo/dev/Dockerfile"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(
        "# The configuration that applies to repo/dev/Dockerfile\n# read from: repo/.hullcheck.toml\n"
    )
    assert 'fail-on = "error"' in printed and '"unpinned-image" = "error"' in printed
    assert 'trusted-registries = ["ghcr.io/org"]' in printed
    assert '"HC301"' not in printed.split("\n[", 1)[0]  # left out here by per-file-ignores
    write(project, {"copy/.hullcheck.toml": printed, "copy/Dockerfile": ROOT_USER + UNPINNED + REGISTRY})
    original = main(["--format", "json", "-o", "a.json", "repo/dev/Dockerfile"])
    copied = main(["--format", "json", "-o", "b.json", "copy/Dockerfile"])
    assert original == copied
    summary = [
        (project / name).read_text().split('"findings"')[1].replace("copy/", "repo/dev/")
        for name in ("a.json", "b.json")
    ]
    assert summary[0] == summary[1]


def test_config_command_shows_the_defaults_without_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--select", "HC2"]) == 0
    printed = capsys.readouterr().out
    assert "# read from: no configuration file (the defaults)" in printed
    assert (
        'select = ["HC001", "HC002", "HC201", "HC202", "HC203", "HC204", "HC205", "HC206", "HC207", "HC208", '
        '"HC209", "HC210", "HC211"]' in printed
    )


def test_the_readme_example_sets_every_key_and_reads_cleanly(tmp_path: Path) -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert set(tomllib.loads(example)) == set(KEYS)
    (tmp_path / ".hullcheck.toml").write_text(example, encoding="utf-8")
    configuration = load_configuration(str(tmp_path / ".hullcheck.toml"))
    assert configuration is not None and configuration.fail_on == "error"
    assert configuration.rule_options["HC403"] == {"trusted-registries": ["ghcr.io/my-org", "registry.example.com"]}
