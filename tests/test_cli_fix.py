"""``--fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only`` and ``--add-suppressions`` on the
command line: files written only when asked, a diff that ``patch`` applies, stdin as a filter,
fixes in the Compose project's file each value came from."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from hullcheck.cli import main

PRIVILEGED = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
INSECURE_RUN = "FROM alpine:3.20\nRUN --security=insecure make\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--no-cache", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fix_applies_only_safe_fixes_unless_unsafe_ones_are_asked_for(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("compose.yaml").write_text(PRIVILEGED, encoding="utf-8")
    code, out, err = run(["--fix", "--select", "HC201"], capsys)
    assert Path("compose.yaml").read_text(encoding="utf-8") == PRIVILEGED  # the fix is unsafe
    assert code == 1 and "HC201" in out and "fixed" not in err
    code, out, err = run(["--fix", "--unsafe-fixes", "--select", "HC201"], capsys)
    assert Path("compose.yaml").read_text(encoding="utf-8") == PRIVILEGED.replace("true", "false")
    assert code == 0 and "HC201" not in out
    assert "hullcheck: fixed 1 finding in 1 file" in err


def test_fix_only_reports_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("compose.yaml").write_text(PRIVILEGED, encoding="utf-8")
    code, out, err = run(["--fix-only", "--unsafe-fixes", "--select", "HC201"], capsys)
    assert (code, out) == (0, "") and "fixed 1 finding" in err
    assert "privileged: false" in Path("compose.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_writes_nothing_and_applies_with_patch(
    project: Path, capsys: pytest.CaptureFixture[str], tool: str
) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"no {tool}")
    files = {
        "compose.yaml": PRIVILEGED.replace("\n", "\r\n"),  # CRLF
        "app/Dockerfile": "\ufeff" + INSECURE_RUN.rstrip("\n"),  # a BOM, no line ending at the end
        "tab/Dockerfile": "FROM alpine:3.20\n\tRUN  --security=insecure \\\n\tmake\n",
    }
    for name, text in files.items():
        Path(name).parent.mkdir(exist_ok=True)
        Path(name).write_bytes(text.encode("utf-8"))
    code, diff, err = run(["--diff", "--unsafe-fixes", "--select", "HC201"], capsys)
    assert code == 1 and "would fix 3 findings in 3 files" in err
    assert all(Path(name).read_bytes() == text.encode("utf-8") for name, text in files.items())
    Path("fix.patch").write_text(diff, encoding="utf-8", newline="")
    command = ["patch", "-p1", "-i", "fix.patch"] if tool == "patch" else ["git", "apply", "-p1", "fix.patch"]
    subprocess.run(command, check=True, capture_output=True)
    patched = {name: Path(name).read_bytes() for name in files}
    for name, text in files.items():
        Path(name).write_bytes(text.encode("utf-8"))
    Path("fix.patch").unlink()
    assert run(["--fix-only", "--unsafe-fixes", "--select", "HC201"], capsys)[0] == 0
    assert patched == {name: Path(name).read_bytes() for name in files}
    assert patched["compose.yaml"].endswith(b"privileged: false\r\n")
    assert patched["app/Dockerfile"] == b"\xef\xbb\xbfFROM alpine:3.20\nRUN --security=sandbox make"
    assert run(["--diff", "--unsafe-fixes", "--select", "HC201"], capsys)[:2] == (0, "")  # nothing left to fix


def test_stdin_is_a_filter(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PRIVILEGED.encode())))
    code, out, err = run(["-", "--stdin-filename", "compose.yaml", "--fix", "--unsafe-fixes"], capsys)
    # the fixed text; the report on stderr
    assert out == PRIVILEGED.replace("true", "false") + '    security_opt: ["no-new-privileges:true"]\n'
    assert code == 0 and "fixed 2 findings" in err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PRIVILEGED.encode())))
    code, out, err = run(["-", "--stdin-filename", "compose.yaml", "--fix"], capsys)
    assert out == PRIVILEGED and code == 1 and "privileged-container" in err  # unchanged: no safe fix
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(PRIVILEGED.encode())))
    code, out, err = run(["-", "--stdin-filename", "compose.yaml", "--diff", "--unsafe-fixes"], capsys)
    assert code == 1 and out.startswith("--- a/compose.yaml\n+++ b/compose.yaml\n")
    assert not Path("compose.yaml").exists()


def test_a_fix_edits_the_file_the_value_came_from(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n    build: .\n", encoding="utf-8")
    Path("compose.override.yaml").write_text("services:\n  web:\n    privileged: true\n", encoding="utf-8")
    Path("Dockerfile").write_text(INSECURE_RUN, encoding="utf-8")
    assert run(["--fix-only", "--unsafe-fixes", "."], capsys)[0] == 0
    assert Path("compose.override.yaml").read_text(encoding="utf-8").endswith("privileged: false\n")
    assert Path("Dockerfile").read_text(encoding="utf-8") == INSECURE_RUN.replace("insecure", "sandbox")
    assert Path("compose.yaml").read_text(encoding="utf-8").endswith("build: .\n")


def test_an_inline_dockerfile_is_fixed_in_the_compose_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "services:\n  web:\n    image: example/web:1.0\n    build:\n      dockerfile_inline: |\n"
        "        FROM alpine:3.20\n        RUN --security=insecure make\n"
    )
    Path("compose.yaml").write_text(text, encoding="utf-8")
    assert run(["--fix-only", "--unsafe-fixes", "--select", "HC201"], capsys)[0] == 0
    assert Path("compose.yaml").read_text(encoding="utf-8") == text.replace("insecure", "sandbox")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unsafe-fixes"], "--unsafe-fixes goes with --fix, --fix-only or --diff"),
        (["--fix", "--fix-only"], "--fix-only is --fix without the report"),
        (["--diff", "--add-suppressions", "why"], "--diff writes nothing"),
        (["--add-suppressions", " "], "--add-suppressions needs a reason"),
        (["--fix", "-", "."], "fixing stdin ('-') goes alone"),
        (["--fix", "--baseline", "b.json"], "--baseline and --write-baseline go in runs without fixes"),
    ],
)
def test_fix_usage_errors(project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and message in err


SUPPRESSED = [
    (
        "Dockerfile",
        "FROM alpine:3.20\nRUN --security=insecure \\\n    make\nUSER root\n",
        "FROM alpine:3.20\n# hullcheck: ignore[HC201] -- legacy\nRUN --security=insecure \\\n    make\n"
        "# hullcheck: ignore[HC301] -- legacy\nUSER root\n",
    ),
    (
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true  # the vendor says so\n"
        "    network_mode: host\n",
        "services:\n  web:  # hullcheck: ignore[HC206] -- legacy\n    image: nginx:1.27\n"
        "    privileged: true  # hullcheck: ignore[HC201] -- legacy # the vendor says so\n"
        "    network_mode: host  # hullcheck: ignore[HC202] -- legacy\n",
    ),
    (
        "run.sh",
        "#!/bin/sh\ndocker run --privileged --net=host alpine:3.20  # hullcheck: ignore[HC202] -- old\n",
        "#!/bin/sh\ndocker run --privileged --net=host alpine:3.20  # hullcheck: ignore[HC202, HC201, HC206] -- old\n",
    ),
    (
        "start.py",
        "import docker\n\ndocker.from_env().containers.run('alpine:3.20', privileged=True)\n",
        "import docker\n\ndocker.from_env().containers.run('alpine:3.20', privileged=True)"
        "  # hullcheck: ignore[HC201, HC206] -- legacy\n",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), SUPPRESSED, ids=[case[0] for case in SUPPRESSED])
def test_add_suppressions_silences_every_finding_once(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    Path(name).write_text(text, encoding="utf-8")
    code, out, err = run(["--add-suppressions", "legacy", name], capsys)
    assert (code, out) == (0, "") and "added" in err
    assert Path(name).read_text(encoding="utf-8") == expected
    assert run([name], capsys)[0] == 0  # nothing reported
    code, out, err = run(["--add-suppressions", "again", name], capsys)  # idempotent
    assert Path(name).read_text(encoding="utf-8") == expected and "added 0 suppression comments" in err


def test_add_suppressions_after_fixes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a port bound to every interface by its host_ip has no fix: it is suppressed
    ports = "    ports: [{target: 80, published: 8080, host_ip: 0.0.0.0}]"
    Path("compose.yaml").write_text(f"{PRIVILEGED}{ports}\n", encoding="utf-8")
    code, _, err = run(["--fix", "--unsafe-fixes", "--select", "HC201,HC210", "--add-suppressions", "later"], capsys)
    assert code == 0 and "fixed 1 finding" in err and "added 1 suppression comment" in err
    assert Path("compose.yaml").read_text(encoding="utf-8") == (
        "services:\n  web:\n    image: nginx:1.27\n    privileged: false\n"
        f"{ports}  # hullcheck: ignore[HC210] -- later\n"
    )
