"""GitHub Actions workflows onto the container model: job containers and services (image,
options through the docker CLI parser, ports, volumes, env, credentials), expressions left
unresolved, docker:// steps, run scripts by their shell, build steps' entitlements, files that
are no workflow, hostile shapes, and how the front end knows a workflow."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hullcheck.discovery import discover
from hullcheck.engine.lint import LintOptions, lint_bytes, lint_file
from hullcheck.frontends import front_end_for_content, front_end_for_path, front_ends
from hullcheck.frontends.compose import ComposeFrontEnd
from hullcheck.frontends.github_actions import GithubActionsFrontEnd
from hullcheck.model.container import Container, ImageBuild, Origin
from hullcheck.model.hardening import may_inherit_settings
from hullcheck.model.image import ImageReference
from hullcheck.model.shell import ScriptText
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.github_actions import WorkflowParse, is_workflow, names_jobs, parse_workflow, split_arguments
from hullcheck.parsers.source import ParseProblem
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())


def parsed(text: str) -> WorkflowParse:
    return parse_workflow(text, "ci.yml")


def containers(text: str) -> dict[str, Container]:
    return {container.subject: container for container in parsed(text).model.calls.containers}


def builds(text: str) -> list[ImageBuild]:
    return parsed(text).model.calls.builds


def at(text: str, span: Span) -> str:
    """The text of the file at ``span`` (one line)."""
    assert span.line == span.end_line
    return text.splitlines()[span.line - 1][span.column - 1 : span.end_column - 1]


def image_text(container: Container) -> str | None:
    if container.image is None:
        return None
    value = container.image.value
    return value.text if isinstance(value, ImageReference) else f"?{value.text}"


def words(text: str) -> list[str]:
    return [word.text for word in split_arguments(ScriptText(text, lambda s, e: Span(1, s + 1, 1, e + 1)))]


# --- job containers and services ------------------------------------------------------------

CI = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    container:
      image: node:22
      options: --privileged --network host --cap-add SYS_ADMIN -u root --health-cmd "test -f $X"
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock:ro
        - cache:/cache
      ports:
        - 8080:80
        - 5432
        - 127.0.0.1:9000:9000
      env:
        NODE_ENV: test
        EMPTY:
        TOKEN: ${{ secrets.TOKEN }}
      credentials:
        username: bot
        password: s3cret-passw0rd
    services:
      db:
        image: docker://postgres:16.4
        options: >-
          --health-cmd "pg_isready -U postgres"
          --read-only
      short: redis:7.4
"""


def test_a_container_mapping_is_a_docker_create_of_its_keys() -> None:
    found = containers(CI)
    job = found["job 'build' container"]
    assert job.origin is Origin.GITHUB_ACTIONS and job.scope == "job:build/container"
    assert at(CI, job.span) == "container"
    assert image_text(job) == "node:22" and job.image is not None and at(CI, job.image.span) == "node:22"
    assert job.privileged is not None and job.privileged.value is True and at(CI, job.privileged.span) == "--privileged"
    assert job.network_mode is not None and at(CI, job.network_mode.span) == "host"
    assert [at(CI, capability.span) for capability in job.cap_add] == ["SYS_ADMIN"]
    assert job.user is not None and at(CI, job.user.span) == "root"
    assert job.healthcheck is not None and job.healthcheck.shell and job.healthcheck.test is not None
    assert at(CI, job.healthcheck.span) == '--health-cmd "test -f $X"'
    socket, cache = job.mounts
    assert (socket.type, socket.read_only, cache.type) == ("bind", True, "volume")
    assert socket.source is not None and at(CI, socket.source.span) == "/var/run/docker.sock"
    published, random, local = job.ports
    assert (published.published, published.target, published.host_ip) == ("8080", "80", None)
    assert (random.published, random.target) == (None, "5432")
    assert local.host_ip == "127.0.0.1"
    assert {name: value.value for name, value in job.environment.items() if name != "TOKEN"} == {
        "NODE_ENV": "test",
        "EMPTY": "",
    }
    assert isinstance(job.environment["TOKEN"].value, Unresolved)
    assert job.pull_credentials["password"].value == "s3cret-passw0rd"
    assert at(CI, job.pull_credentials["password"].span) == "s3cret-passw0rd"


def test_services_by_mapping_and_by_image_name() -> None:
    found = containers(CI)
    db = found["service 'db' of job 'build'"]
    assert db.scope == "job:build/service:db" and at(CI, db.span) == "db"
    # docker:// is taken off, the rest located
    assert image_text(db) == "postgres:16.4" and db.image is not None and at(CI, db.image.span) == "postgres:16.4"
    assert db.read_only is not None and db.read_only.value is True
    assert db.read_only.span.line == 27 and at(CI, db.read_only.span) == "--read-only"
    assert db.healthcheck is not None and db.healthcheck.test is not None
    (pipeline,) = db.healthcheck.test.pipelines
    assert pipeline.source is not None and pipeline.source.text == "pg_isready -U postgres"
    short = found["service 'short' of job 'build'"]
    assert image_text(short) == "redis:7.4" and short.image is not None and at(CI, short.image.span) == "redis:7.4"


def test_options_split_as_the_runner_hands_them_to_docker() -> None:
    assert words('--health-cmd "pg_isready -U x"  --name  a') == ["--health-cmd", "pg_isready -U x", "--name", "a"]
    # single quotes are plain characters; a backslash makes a double quote literal
    assert words("--label 'a b'") == ["--label", "'a", "b'"]
    assert words(r'-e X=\"q\" -e "Y=""z"""') == ["-e", 'X="q"', "-e", 'Y="z"']
    assert words("C:\\dir\\ x") == ["C:\\dir\\", "x"]  # backslashes before no quote are plain
    assert words('"" a') == ["", "a"]
    assert words("${{ matrix.options }} --rm") == ["${{ matrix.options }}", "--rm"]
    assert words('"--health-cmd=${{ env.CHECK }} now"') == ["--health-cmd=${{ env.CHECK }} now"]


def test_an_empty_image_starts_no_container() -> None:
    text = "on: push\njobs:\n  a:\n    container: ''\n    services:\n      s:\n        image: ''\n"
    text += "        options: --privileged\n"
    assert not parsed(text).model.calls.containers and not parsed(text).problems


def test_an_unknown_option_leaves_the_image_unknown_and_settings_open() -> None:
    text = "on: push\njobs:\n  a:\n    container:\n      image: alpine:3.20\n      options: --frobnicate x\n"
    (container,) = containers(text).values()
    assert container.unread_settings is not None
    assert container.image is not None and isinstance(container.image.value, Unresolved)


def test_an_expression_in_options_may_hold_any_options() -> None:
    text = "on: push\njobs:\n  a:\n    container:\n      image: alpine:3.20\n      options: ${{ matrix.opts }}\n"
    (container,) = containers(text).values()
    assert container.unread_settings is not None and may_inherit_settings(container)
    assert image_text(container) == "alpine:3.20"


# --- expressions ----------------------------------------------------------------------------


def test_expressions_are_unresolved_and_the_parts_around_them_known() -> None:
    text = """\
on: push
jobs:
  a:
    services:
      web:
        image: ${{ matrix.image }}
        ports:
          - ${{ matrix.port }}:80
          - 127.0.0.1:${{ matrix.port }}:80
        volumes:
          - ${{ github.workspace }}:/var/run/docker.sock
        env:
          URL: postgres://app:${{ secrets.PW }}@db/app
        options: --user ${{ matrix.user }}
"""
    (web,) = containers(text).values()
    assert web.image is not None and isinstance(web.image.value, Unresolved)
    assert web.image.value.text == "${{ matrix.image }}"
    first, second = web.ports
    assert isinstance(first.published, Unresolved) and first.target == "80" and first.host_ip is None
    assert second.host_ip == "127.0.0.1" and isinstance(second.published, Unresolved)
    (mount,) = web.mounts
    assert mount.source is not None and isinstance(mount.source.value, Unresolved)
    assert mount.target is not None and mount.target.value == "/var/run/docker.sock"
    assert at(text, mount.target.span) == "/var/run/docker.sock"
    assert isinstance(web.environment["URL"].value, Unresolved)
    assert web.user is not None and isinstance(web.user.value, Unresolved)
    findings = lint_bytes(text.encode(), ".github/workflows/ci.yml", ALL_RULES).findings
    # the socket is the target whatever the source: reported; nothing else is guessed
    assert {finding.rule.name for finding in findings} >= {"docker-socket-mount"}
    assert "hardcoded-credential" not in {finding.rule.name for finding in findings}
    assert "root-user" not in {finding.rule.name for finding in findings}


# --- docker:// steps ------------------------------------------------------------------------

STEPS = """\
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - name: Hadolint
        uses: docker://hadolint/hadolint:v2.12.0
        with:
          entrypoint: /bin/hadolint
          args: --config .hadolint.yaml "Docker file"
        env:
          API_KEY: abcdef0123456789
      - id: latest
        uses: docker://alpine
      - uses: docker://${{ matrix.image }}
"""


def test_docker_steps_run_their_image_with_entrypoint_and_args() -> None:
    found = containers(STEPS)
    hadolint = found["step 'Hadolint' of job 'lint' (docker://)"]
    assert hadolint.origin is Origin.GITHUB_ACTIONS
    assert image_text(hadolint) == "hadolint/hadolint:v2.12.0"
    assert hadolint.image is not None and at(STEPS, hadolint.image.span) == "hadolint/hadolint:v2.12.0"
    assert hadolint.entrypoint is not None
    assert [word.value for word in hadolint.entrypoint.commands[0].words] == ["/bin/hadolint"]
    assert hadolint.command is not None
    assert [word.value for word in hadolint.command.commands[0].words] == ["--config", ".hadolint.yaml", "Docker file"]
    assert hadolint.environment["API_KEY"].value == "abcdef0123456789"
    # the runner chooses its options: their absence is nothing the workflow can change
    assert hadolint.settings_set_by is not None and may_inherit_settings(hadolint)
    assert image_text(found["step 'latest' of job 'lint' (docker://)"]) == "alpine"
    unknown = found["step #3 of job 'lint' (docker://)"]
    assert unknown.image is not None and isinstance(unknown.image.value, Unresolved)


# --- run scripts ----------------------------------------------------------------------------


def shell_images(text: str) -> list[str]:
    return [
        image_text(container) or ""
        for container in parsed(text).model.calls.containers
        if container.origin is Origin.SHELL
    ]


def workflow_with(shells: str, step_shell: str = "", runs_on: str = "ubuntu-latest") -> str:
    step = f"        shell: {step_shell}\n" if step_shell else ""
    return f"on: push\n{shells}jobs:\n  a:\n    runs-on: {runs_on}\n    steps:\n      - run: docker run x:1\n{step}"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (workflow_with(""), True),  # bash by default
        (workflow_with("", runs_on="windows-2022"), False),  # PowerShell by default on Windows
        (workflow_with("", "bash", runs_on="windows-2022"), True),
        (workflow_with("", "sh"), True),
        (workflow_with("", "bash --noprofile --norc -eo pipefail {0}"), True),
        (workflow_with("", "/usr/bin/zsh {0}"), True),
        (workflow_with("", "pwsh"), False),
        (workflow_with("", "python"), False),
        (workflow_with("", "cmd"), False),
        (workflow_with("", "perl {0}"), False),
        (workflow_with("", "${{ matrix.shell }}"), False),
        (workflow_with("defaults:\n  run:\n    shell: pwsh\n"), False),
        (workflow_with("defaults:\n  run:\n    shell: pwsh\n", "bash"), True),
    ],
)
def test_run_scripts_are_read_when_a_shell_of_the_sh_family_runs_them(text: str, read: bool) -> None:
    assert shell_images(text) == (["x:1"] if read else [])


def test_a_jobs_default_shell_wins_over_the_workflows() -> None:
    text = (
        "on: push\ndefaults:\n  run:\n    shell: pwsh\njobs:\n  a:\n    defaults:\n      run:\n        shell: bash\n"
        "    steps:\n      - run: docker run x:1\n"
    )
    assert shell_images(text) == ["x:1"]


SCRIPT = """\
on: push
env:
  IMAGE: ghcr.io/example/app:1.0
  DOCKER_HOST: tcp://docker:2375
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker run --rm -v /var/run/docker.sock:/var/run/docker.sock $IMAGE
          docker run --rm ${{ matrix.image }} echo "${{ secrets.X }}"
          podman run --privileged "$TAG"
        env:
          TAG: ${{ github.sha }}
"""


def test_run_scripts_have_exact_spans_and_their_environment() -> None:
    found = [container for container in parsed(SCRIPT).model.calls.containers]
    first, second, third = found
    assert all(container.origin is Origin.SHELL for container in found)
    assert first.mounts[0].source is not None and at(SCRIPT, first.mounts[0].source.span) == "/var/run/docker.sock"
    assert image_text(first) == "ghcr.io/example/app:1.0"  # from the workflow's env
    assert parsed(SCRIPT).model.inherited_from(first.image.span if first.image else Span.point(1)) is not None
    assert second.image is not None and isinstance(second.image.value, Unresolved)
    assert at(SCRIPT, second.image.span) == "${{ matrix.image }}"
    assert third.privileged is not None and at(SCRIPT, third.privileged.span) == "--privileged"
    assert third.image is not None and isinstance(third.image.value, Unresolved)
    clients = parsed(SCRIPT).model.calls.clients
    assert {client.host.value for client in clients} == {"tcp://docker:2375"}
    assert all(at(SCRIPT, client.host.span) == "tcp://docker:2375" for client in clients)


def test_a_script_that_names_no_engine_is_not_parsed() -> None:
    text = "on: push\njobs:\n  a:\n    steps:\n      - run: echo hi ${{ x }}\n"
    assert not parsed(text).model.calls.nodes()


# --- build steps ----------------------------------------------------------------------------

BUILD = """\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: ./app
          file: ./app/Dockerfile
          target: runtime
          network: host
          allow: network.host, security.insecure
          build-args: |
            NPM_TOKEN=npm_abcdef0123456789
            VERSION=${{ github.ref_name }}
          tags: |
            ghcr.io/example/app:1.0,ghcr.io/example/app:latest
      - uses: docker/bake-action@v5
        with:
          allow: |
            security.insecure

            fs.read=/tmp
      - uses: docker/login-action@v3
"""


def test_build_steps_are_image_builds_with_their_entitlements() -> None:
    push, bake = builds(BUILD)
    assert push.origin is Origin.GITHUB_ACTIONS and push.subject == "step #1 of job 'image' (docker/build-push-action)"
    assert [at(BUILD, entitlement.span) for entitlement in push.spec.entitlements] == [
        "network.host",
        "security.insecure",
    ]
    assert [entitlement.value for entitlement in bake.spec.entitlements] == ["security.insecure", "fs.read=/tmp"]
    assert bake.spec.entitlements[1].span.line == 23
    spec = push.spec
    assert (spec.context, spec.dockerfile, spec.target) != (None, None, None)
    assert spec.network is not None and spec.network.value == "host"
    assert spec.args["NPM_TOKEN"].value == "npm_abcdef0123456789"
    assert at(BUILD, spec.args["NPM_TOKEN"].span) == "npm_abcdef0123456789"
    assert isinstance(spec.args["VERSION"].value, Unresolved)
    assert [tag.value for tag in push.tags] == ["ghcr.io/example/app:1.0", "ghcr.io/example/app:latest"]
    rules = {finding.rule.name for finding in lint_bytes(BUILD.encode(), "ci.yml", ALL_RULES).findings}
    assert rules >= {"privileged-container", "host-network-mode", "secret-in-build-config"}


# --- what is no workflow, and hostile shapes -----------------------------------------------------


@pytest.mark.parametrize("text", ["", "name: labels\n", "- a\n- b\n", "on: push\n", "3\n", "steps:\n  jobs: 1\n"])
def test_yaml_without_jobs_is_no_workflow(text: str) -> None:
    assert not names_jobs(text.encode())
    result = lint_bytes(text.encode(), ".github/workflows/labels.yml", ALL_RULES)
    assert not result.findings
    assert result.note == "in a workflows folder, but without the top-level 'jobs' of a workflow; skipped"


@pytest.mark.parametrize("text", ["on: push\njobs: ~\n", "jobs:\n", "- jobs\njobs: 1\n"])
def test_a_jobs_key_that_holds_no_jobs_is_a_problem(text: str) -> None:
    assert names_jobs(text.encode())
    with pytest.raises(ParseProblem):
        parsed(text)
    (finding,) = lint_bytes(text.encode(), ".github/workflows/ci.yml", ALL_RULES).findings
    assert finding.rule.name == "parse-error"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("on: push\njobs: [a]\n", "'jobs' must be a mapping"),
        ("on: push\njobs:\n  a: 3\n", "'jobs.a' must be a mapping"),
        ("on: push\njobs:\n  a:\n    container: [x]\n", "'jobs.a.container' must be a string or a mapping"),
        ("on: push\njobs:\n  a:\n    services: [x]\n", "'jobs.a.services' must be a mapping"),
        ("on: push\njobs:\n  a:\n    services:\n      s: 3\n", None),
        ("on: push\njobs:\n  a:\n    container:\n      image: [x]\n", "'image' must be a string"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      options: [--privileged]\n", "'options'"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      ports: {a: 1}\n", "'ports' must be a list"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      volumes: [[a]]\n", "each entry"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      env: [A=1]\n", "'env' must be a mapping"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      env: {A: [1]}\n", "env 'A'"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n      credentials: x\n", "'credentials'"),
        ("on: push\njobs:\n  a:\n    container:\n      options: --privileged\n", "names no image"),
        ("on: push\njobs:\n  a:\n    steps: {a: 1}\n", "'jobs.a.steps' must be a list"),
        ("on: push\njobs:\n  a:\n    steps: [3, null, {run: [x]}, {uses: {a: 1}}]\n", "'jobs.a.steps[0]'"),
        ("on: push\njobs:\n  a:\n    steps: [{uses: docker://x:1, with: [a]}]\n", "'with' must be a mapping"),
        ("on: push\njobs:\n  a:\n    steps: [{uses: 'docker://bad image'}]\n", "not a valid image reference"),
        ("on: push\njobs:\n  a:\n    defaults: {run: {shell: [bash]}}\n", "'defaults.run.shell'"),
        ("on: push\njobs:\n  a:\n    container:\n      image: x:1\n    container: y:1\n", "duplicate key"),
        ("on: push\njobs:\n  a: null\n  b: {container: null, services: null, steps: null}\n", None),
        ("on: push\njobs:\n  a:\n    env: ${{ fromJSON(vars.ENV) }}\n    steps: [{run: docker run x:1}]\n", None),
    ],
)
def test_wrong_types_and_nulls_are_problems_not_crashes(text: str, problem: str | None) -> None:
    try:
        result = parsed(text)
    except ParseProblem as raised:
        assert problem is not None and problem in raised.message
        return
    messages = [found.message for found in result.problems]
    if problem is None:
        assert not messages
    else:
        assert any(problem in message for message in messages), messages
    assert all(found.span.line >= 1 for found in result.problems)
    lint_bytes(text.encode(), ".github/workflows/ci.yml", ALL_RULES)  # and the whole lint runs


def test_deep_nesting_and_anchors_are_bounded() -> None:
    deep = "on: push\njobs:\n  a:\n    env: " + "[" * 100_000 + "]" * 100_000 + "\n"
    result = lint_bytes(deep.encode(), ".github/workflows/ci.yml", ALL_RULES)
    assert [finding.rule.name for finding in result.findings] == ["parse-error"]
    # one step repeated by alias many times over is read once
    script = "docker run --privileged x:1\n" * 2000
    many = "on: push\njobs:\n  a:\n    steps:\n      - &s {run: " + repr(script).replace("'", '"') + "}\n"
    many += "      - *s\n" * 5000
    started = time.perf_counter()
    calls = parsed(many).model.calls
    assert len(calls.containers) == 2000
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("options", ["\\\\a" * 150_000, '"' * 300_000, "--cap-add X " * 50_000, "'" * 300_000])
def test_long_options_are_read_in_linear_time(options: str) -> None:
    text = "on: push\njobs:\n  a:\n    container:\n      image: x:1\n      options: '"
    text += options.replace("'", "''") + "'\n"
    started = time.perf_counter()
    (container,) = parsed(text).model.calls.containers
    assert time.perf_counter() - started < 15
    assert container.origin is Origin.GITHUB_ACTIONS


def test_suppression_comments_in_yaml_and_in_run_scripts(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = """\
on: push
jobs:
  a:
    services:
      dind:
        image: docker:27.3-dind
        # hullcheck: ignore[privileged-container] -- Docker in Docker needs it
        options: --privileged --security-opt no-new-privileges
    steps:
      - run: |
          # hullcheck: ignore[privileged-container] -- a shell comment above the command
          docker run --rm --privileged --security-opt no-new-privileges alpine:3.20 true
          docker run --rm --privileged --security-opt no-new-privileges alpine:3.20 true
"""
    (workflows / "ci.yml").write_text(text, encoding="utf-8")
    result = lint_file(str(workflows / "ci.yml"), "ci.yml", ALL_RULES)
    privileged = [finding.span.line for finding in result.findings if finding.rule.name == "privileged-container"]
    assert privileged == [13]
    assert [finding.span.line for finding in result.suppressed] == [8, 12]


def test_a_large_workflow_parses_quickly() -> None:
    job = (
        "  job{n}:\n    runs-on: ubuntu-latest\n    container:\n      image: node:22\n"
        "      options: --cpus 2 --memory 2g\n    services:\n      db:\n        image: postgres:16\n"
        "    steps:\n      - run: |\n          docker run --rm alpine:3.20 echo {n}\n"
    )
    text = "on: push\njobs:\n" + "".join(job.format(n=n) for n in range(1500))
    started = time.perf_counter()
    calls = parsed(text).model.calls
    assert len(calls.containers) == 4500
    assert time.perf_counter() - started < 20


# --- the front end --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        (".github/workflows/ci.yml", True),
        (".github/workflows/release.yaml", True),
        ("/repo/.github/workflows/compose.yml", True),  # a workflow whatever its name says
        (".gitea/workflows/ci.yml", True),
        (".forgejo/workflows/ci.yaml", True),
        (".github/workflows/sub/ci.yml", False),  # GitHub reads no folder below
        (".github/ci.yml", False),
        ("workflows/ci.yml", False),
        (".github/workflows/README.md", False),
        ("ci.yml", False),
    ],
)
def test_workflows_are_known_by_their_folder(path: str, claimed: bool) -> None:
    assert isinstance(front_end_for_path(path), GithubActionsFrontEnd) is claimed


def test_a_workflow_named_elsewhere_is_known_by_its_content() -> None:
    workflow = "name: ci\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: []\n"
    assert isinstance(front_end_for_content("ci.yml", workflow), GithubActionsFrontEnd)
    assert is_workflow(workflow) is True
    # Compose files and other YAML stay what they were
    compose = "services:\n  web:\n    image: nginx:1.27\n"
    assert isinstance(front_end_for_content("ci.yml", compose), ComposeFrontEnd)
    assert not isinstance(front_end_for_content("ci.yml", "jobs:\n  a: {}\n"), GithubActionsFrontEnd)
    assert isinstance(front_end_for_content("-", workflow), GithubActionsFrontEnd)  # stdin
    assert not isinstance(front_end_for_content("build", "#!/bin/sh\njobs: 3\n"), GithubActionsFrontEnd)
    # the front ends that sniff any YAML are asked after this one
    order = [front_end.kind.value for front_end in front_ends()]
    assert order.index("github_actions") < order.index("compose")


def test_discovery_takes_in_workflows_and_leaves_their_neighbours(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text("on: push\njobs:\n  a:\n    container: node:latest\n", encoding="utf-8")
    (workflows / "labels.yaml").write_text("labels: [bug]\n", encoding="utf-8")
    (workflows / "notes.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / ".github" / "dependabot.yml").write_text("version: 2\n", encoding="utf-8")
    assert sorted(os.path.basename(path) for path in discover(str(tmp_path)) if isinstance(path, str)) == [
        "ci.yml",
        "labels.yaml",
    ]
    result = lint_file(str(workflows / "ci.yml"), "ci.yml", ALL_RULES)
    assert [finding.rule.name for finding in result.findings if finding.rule.name == "unpinned-image"] == [
        "unpinned-image"
    ]
    skipped = lint_file(str(workflows / "labels.yaml"), "labels.yaml", ALL_RULES)
    assert not skipped.findings and skipped.note is not None
