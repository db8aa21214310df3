"""The default ``full`` output at volume: a rule's advice once per file, counts by rule, the
``--ignore`` line for the noisiest rules; ``--statistics``; ``-q`` and ``-qq``; colour by the
conventions (``--color``, ``NO_COLOR``, ``FORCE_COLOR``, ``TERM=dumb``, a terminal or not)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.outputs import use_color

DIGEST = "sha256:" + "0123456789abcdef" * 4
HARDENED = f'    image: nginx:1.27@{DIGEST}\n    security_opt: ["no-new-privileges:true"]\n'


def services(count: int, body: str) -> str:
    return "services:\n" + "".join(f"  s{index}:\n{body}" for index in range(count))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--no-cache", "--jobs", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_advice_and_link_once_per_rule_per_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("a", "b"):
        (project / folder).mkdir()
        (project / folder / "compose.yaml").write_text(services(3, f"    image: nginx:1.27@{DIGEST}\n"))
    _, out, _ = run([], capsys)
    assert out.count("[HC206 missing-no-new-privileges]") == 6
    assert out.count("see: https://github.com/hullcheck/hullcheck#hc206") == 2
    for section in out.split("\n\n")[:2]:  # each file's findings, the first with its advice
        assert section.count("    advice: ") == 1
        assert section.splitlines()[4].startswith("    advice: ")


def test_summary_counts_by_rule_and_offers_to_leave_out_the_noisiest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = f"    image: nginx:1.27@{DIGEST}\n    ports: ['8080:80']\n"
    (project / "compose.yaml").write_text(services(12, body) + f"  priv:\n{HARDENED}    privileged: true\n")
    _, out, _ = run([], capsys)
    tail = out.split("\n\n")[-1].splitlines()
    assert tail == [
        "Findings by rule:",
        "  12  HC206  note     missing-no-new-privileges",
        "  12  HC210  note     port-on-all-interfaces",
        "   1  HC201  error    privileged-container",
        "HC206 missing-no-new-privileges and HC210 port-on-all-interfaces, notes, make 96% of the findings; "
        'to leave them out: --ignore HC206,HC210, or ignore = ["HC206", "HC210"] in the configuration',
        "Found 1 error, 24 notes in 1 of 1 file checked.",
    ]


def test_errors_are_never_offered_for_leaving_out(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(services(12, f"{HARDENED}    privileged: true\n"))
    (project / "Dockerfile").write_text(f'FROM alpine:3.20@{DIGEST}\nCMD ["/app"]\n')  # missing-user: one warning
    _, out, _ = run([], capsys)
    assert "Findings by rule:\n  12  HC201  error    privileged-container\n   1  HC302  warning  missing-user\n" in out
    assert "--ignore" not in out


def test_one_rule_needs_no_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(services(2, f"{HARDENED}    privileged: true\n"))
    _, out, _ = run([], capsys)
    assert "Findings by rule" not in out and out.endswith("\nFound 2 errors in 1 of 1 file checked.\n")


def test_statistics_are_counts_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(services(12, f"    image: nginx:1.27@{DIGEST}\n    ports: ['80:80']\n"))
    expected = "12  HC206  note     missing-no-new-privileges\n12  HC210  note     port-on-all-interfaces\n"
    for output_format in ("full", "concise"):
        code, out, _ = run(["--statistics", "--format", output_format], capsys)
        assert code == 0 and out == expected + "Found 24 notes in 1 of 1 file checked.\n"  # notes: below fail-on
    _, out, _ = run(["--statistics", "-q"], capsys)
    assert out == expected
    _, out, _ = run(["--statistics", "--format", "json"], capsys)
    assert json.loads(out) == [
        {"code": "HC206", "name": "missing-no-new-privileges", "severity": "note", "count": 12},
        {"code": "HC210", "name": "port-on-all-interfaces", "severity": "note", "count": 12},
    ]
    code, _, err = run(["--statistics", "--format", "sarif"], capsys)
    assert code == 2 and "--statistics writes counts as text or JSON" in err


def test_quiet_prints_findings_only_and_silent_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "compose.yaml").write_text(services(2, f"{HARDENED}    privileged: true\n"))
    (project / "notes.txt").write_text("not a container definition\n")
    _, full, _ = run(["compose.yaml"], capsys)
    code, out, _ = run(["-q", "compose.yaml"], capsys)
    assert code == 1 and out == full.rsplit("\n\n", 1)[0] + "\n\n" and "Found" not in out
    for silent in (["-qq"], ["-s"], ["--silent"], ["--quiet", "--quiet"]):
        code, out, err = run([*silent, "compose.yaml", "notes.txt"], capsys)
        assert (code, out) == (1, "")
        assert "notes.txt: not a" in err  # what was not checked is still said
    code, out, _ = run(["-s", "--format", "json", "-o", "report.json", "compose.yaml"], capsys)
    assert (code, out) == (1, "") and json.loads((project / "report.json").read_text())["summary"]["error"] == 2
    (project / "compose.yaml").write_text(services(1, HARDENED))
    code, out, _ = run(["-q", "compose.yaml"], capsys)
    assert (code, out) == (0, "")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("mode", "environment", "terminal", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # set but empty: no-color.org says ignore it
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("always", {"NO_COLOR": "1", "TERM": "dumb"}, False, True),  # the command line wins
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_follows_the_conventions(mode: str, environment: dict[str, str], terminal: bool, expected: bool) -> None:
    assert use_color(mode, Terminal() if terminal else io.StringIO(), environment) is expected


@pytest.mark.parametrize(
    ("args", "environment", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color=never"], {"FORCE_COLOR": "1"}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {}, False),  # captured: not a terminal
    ],
)
def test_colour_from_the_command_line(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    environment: dict[str, str],
    coloured: bool,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    (project / "compose.yaml").write_text(services(1, f"{HARDENED}    privileged: true\n"))
    _, out, _ = run([*args, "--format", "full", "-o", "report.txt", "--format", "full"], capsys)
    assert ("\033[31m" in out) is coloured
    assert "\033[" not in (project / "report.txt").read_text()  # a file is never coloured
