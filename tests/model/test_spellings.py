"""A finding's advice names a setting the way the place that defines its container writes it:
Compose keys, docker and podman flags (in a script, a Dockerfile RUN, a subprocess call), the
Docker SDK's and python-on-whales' keyword arguments, testcontainers' ``with_kwargs()``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.findings import Finding
from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.engine.registry import all_rules
from hullcheck.model.container import Origin
from hullcheck.model.spellings import UNWRITTEN, Advice, Setting, Syntax
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())

# one container per origin that sets nothing, so every hardening rule reports it
_BARE = {
    "compose": ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n"),
    "shell": ("run.sh", "#!/bin/sh\ndocker run -p 8080:80 nginx:1.27\n"),
    "podman": ("run.sh", "#!/bin/sh\npodman run -p 8080:80 nginx:1.27\n"),
    "dockerfile-run": ("Dockerfile", "FROM docker:27.3-cli\nRUN docker run -p 8080:80 nginx:1.27\nUSER nobody\n"),
    "subprocess": ("start.py", "import subprocess\nsubprocess.run(['docker', 'run', '-p', '8080:80', 'nginx:1.27'])\n"),
    "docker-sdk": (
        "start.py",
        "import docker\ndocker.from_env().containers.run('nginx:1.27', ports={'80/tcp': 8080})\n",
    ),
    "testcontainers": (
        "test_web.py",
        "from testcontainers.core.container import DockerContainer\n"
        "web = DockerContainer('nginx:1.27').with_bind_ports(80, 8080)\n",
    ),
    "python-on-whales": (
        "start.py",
        "from python_on_whales import docker\ndocker.run('nginx:1.27', publish=[('8080', 80)])\n",
    ),
}

# what the advice of each hardening rule names, by origin
_EXPECTED = {
    "compose": {
        "missing-no-new-privileges": '`security_opt: ["no-new-privileges:true"]`',
        "capabilities-not-dropped": "`cap_drop: [ALL]`",
        "writable-root-filesystem": "`read_only: true`",
        "missing-resource-limits": "`mem_limit` and `pids_limit`",
        "port-on-all-interfaces": '`"127.0.0.1:8080:80"`',
    },
    "shell": {
        "missing-no-new-privileges": "`--security-opt no-new-privileges`",
        "capabilities-not-dropped": "`--cap-drop ALL`",
        "writable-root-filesystem": "`--read-only`",
        "missing-resource-limits": "`--memory` and `--pids-limit`",
        "port-on-all-interfaces": "`-p 127.0.0.1:8080:80`",
    },
    "docker-sdk": {
        "missing-no-new-privileges": '`security_opt=["no-new-privileges:true"]`',
        "capabilities-not-dropped": '`cap_drop=["ALL"]`',
        "writable-root-filesystem": "`read_only=True`",
        "missing-resource-limits": "`mem_limit=` and `pids_limit=`",
        "port-on-all-interfaces": '`ports={"80/tcp": ("127.0.0.1", 8080)}`',
    },
    "testcontainers": {
        "missing-no-new-privileges": '`.with_kwargs(security_opt=["no-new-privileges:true"])`',
        "capabilities-not-dropped": '`.with_kwargs(cap_drop=["ALL"])`',
        "writable-root-filesystem": "`.with_kwargs(read_only=True)`",
        "missing-resource-limits": "`.with_kwargs(mem_limit=…, pids_limit=…)`",
        "port-on-all-interfaces": '`.with_bind_ports(80, ("127.0.0.1", 8080))`',
    },
    "python-on-whales": {
        "missing-no-new-privileges": '`security_options=["no-new-privileges"]`',
        "capabilities-not-dropped": '`cap_drop=["ALL"]`',
        "writable-root-filesystem": "`read_only=True`",
        "missing-resource-limits": "`memory=` and `pids_limit=`",
        "port-on-all-interfaces": '`publish=[("127.0.0.1:8080", 80)]`',
    },
}
_EXPECTED["podman"] = _EXPECTED["dockerfile-run"] = _EXPECTED["subprocess"] = _EXPECTED["shell"]

# Compose's spelling of a setting: never in the advice for a container defined elsewhere
_COMPOSE_SPELLING = re.compile(
    r"`(security_opt|cap_drop|cap_add|read_only|user|privileged|network_mode|pid|mem_limit):|`ports`"
)


def _findings(name: str, text: str) -> list[Finding]:
    return lint_bytes(text.encode(), name, ALL_RULES).findings


@pytest.mark.parametrize(("origin", "rule"), [(origin, rule) for origin in _BARE for rule in _EXPECTED[origin]])
def test_advice_names_the_setting_as_the_origin_writes_it(origin: str, rule: str) -> None:
    name, text = _BARE[origin]
    advice = {finding.advice for finding in _findings(name, text) if finding.rule.name == rule}
    assert len(advice) == 1, f"{origin}: {rule} reported {len(advice)} distinct advice: {advice}"
    assert _EXPECTED[origin][rule] in advice.pop()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("run.sh", "#!/bin/sh\ndocker run --privileged --pid host --network host --user root nginx:1.27\n"),
        ("run.sh", "#!/bin/sh\ndocker run --cap-add SYS_ADMIN --security-opt seccomp=unconfined nginx:1.27\n"),
        ("run.sh", "#!/bin/sh\ndocker run -e DB_PASSWORD=s3cret-Passw0rd nginx:1.27\n"),
        (
            "start.py",
            "import docker\ndocker.from_env().containers.run('nginx:1.27', privileged=True, pid_mode='host',"
            " network_mode='host', user='root', cap_add=['SYS_ADMIN'], security_opt=['seccomp=unconfined'],"
            " environment={'DB_PASSWORD': 's3cret-Passw0rd'})\n",
        ),
        (
            "start.py",
            "from python_on_whales import docker\ndocker.run('nginx:1.27', privileged=True, pid='host',"
            " networks=['host'], user='root', cap_add=['SYS_ADMIN'])\n",
        ),
        (
            "test_web.py",
            "from testcontainers.core.container import DockerContainer\n"
            "web = DockerContainer('nginx:1.27', privileged=True, network_mode='host', user='root')\n",
        ),
    ],
)
def test_no_compose_spelling_outside_compose(name: str, text: str) -> None:
    findings = _findings(name, text)
    assert len({finding.rule.name for finding in findings}) >= 3, [finding.rule.name for finding in findings]
    for finding in findings:
        assert not _COMPOSE_SPELLING.search(finding.advice), f"{finding.rule.name}: {finding.advice}"


@pytest.mark.parametrize(
    ("name", "text", "rule", "spelled"),
    [
        ("run.sh", "#!/bin/sh\ndocker run --privileged nginx:1.27\n", "privileged-container", "`--privileged`"),
        ("run.sh", "#!/bin/sh\ndocker run --network host nginx:1.27\n", "host-network-mode", "`--network host`"),
        ("run.sh", "#!/bin/sh\ndocker run --ipc host nginx:1.27\n", "host-namespace", "`--ipc host`"),
        ("run.sh", "#!/bin/sh\ndocker run --user 0 nginx:1.27\n", "root-user", "`--user 1000:1000`"),
        ("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    uts: host\n", "host-namespace", "`uts: host`"),
        (
            "compose.yaml",
            "services:\n  web:\n    image: nginx:1.27\n    user: root\n",
            "root-user",
            '`user: "1000:1000"`',
        ),
        ("Dockerfile", "FROM alpine:3.20\nUSER root\n", "root-user", "`USER app`"),
        # a build step is a Dockerfile's, whatever runs inside it
        (
            "Dockerfile",
            "FROM alpine:3.20\nRUN --security=insecure make\nUSER app\n",
            "privileged-container",
            "`--security=insecure`",
        ),
        (
            "Dockerfile",
            "FROM alpine:3.20\nRUN --network=host make\nUSER app\n",
            "host-network-mode",
            "`--network=host`",
        ),
    ],
)
def test_each_finding_names_its_own_setting(name: str, text: str, rule: str, spelled: str) -> None:
    (finding,) = [finding for finding in _findings(name, text) if finding.rule.name == rule]
    assert spelled in finding.advice, finding.advice


def test_a_finding_carries_advice_of_its_own_only_when_it_differs_from_its_rules() -> None:
    compose = _findings("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
    (in_compose,) = [finding for finding in compose if finding.rule.name == "missing-no-new-privileges"]
    assert in_compose.own_advice == "" and in_compose.advice == in_compose.rule.advice
    shell = _findings("run.sh", "#!/bin/sh\ndocker run nginx:1.27\n")
    (in_shell,) = [finding for finding in shell if finding.rule.name == "missing-no-new-privileges"]
    assert in_shell.own_advice == in_shell.advice != in_shell.rule.advice


def test_a_rules_own_advice_is_in_the_syntax_of_its_examples() -> None:
    by_name = {rule.name: rule.info for rule in all_rules()}
    assert "security_opt:" in by_name["missing-no-new-privileges"].advice  # its examples are Compose files
    assert "`USER app`" in by_name["root-user"].advice  # its examples are Dockerfiles


def test_every_origin_has_a_syntax() -> None:
    assert {Syntax.of(origin) for origin in Origin} == set(Syntax) - {Syntax.DOCKERFILE}


@pytest.mark.parametrize("setting", list(Setting), ids=lambda setting: setting.name)
def test_every_setting_is_spelled_for_every_container_syntax(setting: Setting) -> None:
    for syntax in set(Syntax) - {Syntax.DOCKERFILE}:
        if setting in UNWRITTEN.get(syntax, ()):
            assert setting.spelled(syntax) == setting.value  # said in words
            continue
        spelled = setting.spelled(syntax)
        assert spelled.count("`") >= 2, f"{setting.name} has no {syntax.value} spelling: {spelled}"


def test_advice_names_only_known_settings() -> None:
    with pytest.raises(ValueError, match="no setting 'no_new_privilege'"):
        Advice("Turn on {no_new_privilege}.")
    assert Advice("Remove {mode}.", mode=Setting.HOST_PID).spelled(Syntax.DOCKER_CLI) == "Remove `--pid host`."


_REPRODUCTIONS = Path(__file__).resolve().parents[2] / "fixtures" / "_first_run" / "advice-origin"
_ADVICE = re.compile(r"^\s*#\s*advice:\s*([a-z-]+):\s*(.+?)\s*$")


@pytest.mark.parametrize("path", sorted(_REPRODUCTIONS.iterdir()), ids=lambda path: path.name)
def test_reproductions_state_their_advice(path: Path) -> None:
    """``# advice: <rule-name>: <text>`` above a fixture's expectations: that rule's finding on the
    line they lead to gives advice holding the text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    advice = {
        (finding.span.line, finding.rule.name): finding.advice for finding in _findings(path.name, "\n".join(lines))
    }
    stated = 0
    for number, line in enumerate(lines, start=1):
        if match := _ADVICE.match(line):
            target = next(n for n in range(number + 1, len(lines) + 1) if not lines[n - 1].lstrip().startswith("#"))
            rule, text = match.groups()
            assert text in advice.get((target, rule), ""), (
                f"line {target}: {rule} advises {advice.get((target, rule))!r}"
            )
            stated += 1
    assert stated


def test_reports_show_each_findings_own_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One file, one rule, two origins: the full output gives the advice once for each spelling,
    and JSON each finding's own."""
    script = tmp_path / "start.py"
    script.write_text(
        "import subprocess\n\nimport docker\n\n"
        "subprocess.run(['docker', 'run', '--user', '1000', 'nginx:1.27'])\n"
        "subprocess.run(['docker', 'run', '--user', '1000', 'redis:7.4'])\n"
        "docker.from_env().containers.run('nginx:1.27', user='1000')\n",
        encoding="utf-8",
    )
    options = [str(script), "--no-cache", "--select", "missing-no-new-privileges", "--fail-on", "never"]
    assert main([*options, "--format", "full", "--no-color"]) == 0
    advice = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip().startswith("advice:")]
    assert advice == [
        "advice: Turn on no-new-privileges: `--security-opt no-new-privileges`.",
        'advice: Turn on no-new-privileges: `security_opt=["no-new-privileges:true"]`.',
    ]
    assert main([*options, "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [finding["advice"] for finding in findings] == [advice[0][8:], advice[0][8:], advice[1][8:]]
