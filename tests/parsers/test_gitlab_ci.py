"""GitLab CI pipelines onto the container model: images and services, variables at each level,
extends / default / anchors / !reference, local includes, Docker-in-Docker and hostile shapes."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.discovery import discover
from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.frontends import front_end_for_path
from hullcheck.model.container import Container, Origin
from hullcheck.model.hardening import may_inherit_settings
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.gitlab_ci import PipelineParse, gitlab_text, parse_gitlab_ci, wildcard_matches
from hullcheck.parsers.source import ParseProblem, ProjectProblem
from tests.samples import security_rules

ALL_RULES = LintOptions(rules=security_rules())


def parsed(tmp_path: Path, text: str, files: dict[str, str] | None = None) -> PipelineParse:
    for name, content in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    main_file = tmp_path / ".gitlab-ci.yml"
    main_file.write_text(text, encoding="utf-8")
    return parse_gitlab_ci(text, ".gitlab-ci.yml", str(main_file), str(tmp_path))


def containers(result: PipelineParse) -> dict[str, Container]:
    return {node.subject: node for node in result.model.nodes if isinstance(node, Container)}


def image_text(container: Container) -> str | None:
    image = container.image
    if image is None:
        return None
    return image.value.text if isinstance(image.value, ImageReference) else f"?{image.value.text}"


def environment(container: Container) -> dict[str, str | None]:
    return {
        name: value.value if isinstance(value.value, str) else None for name, value in container.environment.items()
    }


def findings(path: Path) -> set[tuple[str, int, str]]:
    result = lint_file(str(path), path.name, ALL_RULES)
    return {(finding.path, finding.span.line, finding.rule.name) for finding in result.findings}


# --- images and services --------------------------------------------------------------------


def test_image_and_service_forms(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
job:
  image:
    name: registry.example.com/tools/build:1.4
    entrypoint: ["/bin/sh", "-c", "cd /srv; exec ./start"]
    pull_policy: [always, if-not-present]
    docker:
      user: "1000:1000"
      platform: linux/arm64
  services:
    - postgres:16
    - name: redis:7.4
      alias: cache
      command: ["redis-server", "--appendonly", "yes"]
      entrypoint: [""]
      docker:
        user: redis
  script: make
""",
    )
    found = containers(result)
    job = found["job 'job'"]
    assert job.origin is Origin.GITLAB_CI and job.span == Span(1, 1, 1, 4)
    assert image_text(job) == "registry.example.com/tools/build:1.4"
    assert job.user is not None and job.user.value == "1000:1000" and job.user.span == Span(7, 13, 7, 24)
    assert job.platform is not None and job.platform.value == "linux/arm64"
    assert job.pull_policy is not None and job.pull_policy.value == "always"
    assert job.entrypoint is not None and [word.value for word in job.entrypoint.commands[0].words][:2] == [
        "/bin/sh",
        "-c",
    ]
    # the sh -c string is a script of its own, traced to its columns
    assert [command.name for command in job.entrypoint.commands] == ["sh", "cd", "exec"]
    postgres = found["service 'postgres:16' of job 'job'"]
    assert image_text(postgres) == "postgres:16" and postgres.span == Span(10, 7, 10, 18)
    cache = found["service 'cache' of job 'job'"]
    assert image_text(cache) == "redis:7.4" and cache.user is not None and cache.user.value == "redis"
    assert cache.command is not None and cache.command.commands[0].words[0].value == "redis-server"
    assert cache.entrypoint is not None and not cache.entrypoint.pipelines  # [""]: the image's entrypoint unset
    assert not result.problems


def test_an_unknown_image_is_unresolved_and_a_bad_one_a_problem(tmp_path: Path) -> None:
    result = parsed(
        tmp_path, "a:\n  image: $CI_REGISTRY_IMAGE:latest\n  script: x\nb:\n  image: 'UPPER:Case'\n  script: x\n"
    )
    found = containers(result)
    assert image_text(found["job 'a'"]) == "?$CI_REGISTRY_IMAGE:latest"
    assert found["job 'b'"].invalid_image is not None
    assert [problem.span.line for problem in result.problems] == [5]


def test_job_and_service_hardening_comes_from_the_runner(tmp_path: Path) -> None:
    result = parsed(
        tmp_path, "job:\n  image: alpine:3.20\n  services: [redis:7.4]\n  script:\n    - docker run alpine:3.20 true\n"
    )
    for container in containers(result).values():
        inherits = may_inherit_settings(container)
        assert inherits is (container.origin is Origin.GITLAB_CI), container.subject


# --- variables ------------------------------------------------------------------------------


def test_variables_levels_and_precedence(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
variables:
  LEVEL: pipeline
  ONLY_TOP: "1"
  EXPANDED:
    value: "a $CI_JOB_ID"
    description: unknown at lint time
  KEPT:
    value: "a $literal"
    expand: false
  PRICE: "5 $$"
  NUMBER: 3
job:
  variables:
    LEVEL: job
  services:
    - name: postgres:16
      variables:
        LEVEL: service
  script: make
none:
  inherit:
    variables: false
  script: make
some:
  inherit:
    variables: [ONLY_TOP]
  script: make
""",
    )
    found = containers(result)
    job = environment(found["job 'job'"])
    assert job == {
        "LEVEL": "job",
        "ONLY_TOP": "1",
        "EXPANDED": None,
        "KEPT": "a $literal",
        "PRICE": "5 $",
        "NUMBER": "3",
    }
    assert environment(found["service 'postgres:16' of job 'job'"])["LEVEL"] == "service"
    assert environment(found["job 'none'"]) == {}
    assert environment(found["job 'some'"]) == {"ONLY_TOP": "1"}
    assert found["job 'job'"].environment["LEVEL"].span == Span(14, 12, 14, 15)


def test_gitlab_text() -> None:
    assert gitlab_text("plain") == "plain"
    assert gitlab_text("a$$b") == "a$b"
    assert gitlab_text("cost: $") == "cost: $"
    assert isinstance(gitlab_text("${HOME}/x"), Unresolved)
    assert isinstance(gitlab_text("node:$[[ inputs.version ]]"), Unresolved)
    assert gitlab_text("$HOME", expand=False) == "$HOME"


# --- extends, default, anchors, !reference --------------------------------------------------


def test_extends_merges_mappings_and_replaces_lists(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
.base:
  image: alpine:3.19
  variables: {A: base, B: base}
  script: [echo base]
.middle:
  extends: .base
  variables: {B: middle}
.other:
  image: debian:12
job:
  extends: [.middle, .other]
  variables: {C: job}
  script: [echo job]
""",
    )
    (job,) = containers(result).values()
    assert image_text(job) == "debian:12"  # the later parent wins
    assert environment(job) == {"A": "base", "B": "middle", "C": "job"}
    assert job.environment["A"].span.line == 3  # where each value is written
    assert job.command is not None and [command.name for command in job.command.commands] == ["echo"]
    assert job.command.commands[0].words[1].value == "job"
    assert not result.problems


def test_hidden_jobs_and_trigger_jobs_start_no_container(tmp_path: Path) -> None:
    result = parsed(tmp_path, ".tmpl:\n  image: a:1\n  script: x\nbridge:\n  trigger: group/other\nrun:\n  script: x\n")
    assert list(containers(result)) == ["job 'run'"]


def test_default_and_top_level_images(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
image: old:1
services: [postgres:16]
default:
  image: new:2
  before_script: [echo default]
own:
  image: mine:3
  script: make
inherits:
  script: make
refuses:
  inherit:
    default: false
  script: make
picks:
  inherit:
    default: [services]
  script: make
""",
    )
    found = containers(result)
    assert image_text(found["job 'own'"]) == "mine:3"
    assert image_text(found["job 'inherits'"]) == "new:2"  # default: wins over the top level
    command = found["job 'inherits'"].command
    assert command is not None and [c.name for c in command.commands] == ["echo", "make"]
    assert found["job 'refuses'"].image is None
    assert "service 'postgres:16' of job 'refuses'" not in found
    assert found["job 'picks'"].image is None and "service 'postgres:16' of job 'picks'" in found


def test_anchors_merge_keys_and_references(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
.setup: &setup
  image: alpine:3.20
  before_script:
    - apk add curl
.vars:
  variables:
    SHARED: from-vars
job:
  <<: *setup
  variables: !reference [.vars, variables]
  script:
    - !reference [.setup, before_script]
    - curl -fsSL https://example.com/x | sh
    - !reference [.nowhere, script]
""",
    )
    (job,) = containers(result).values()
    assert image_text(job) == "alpine:3.20"
    assert environment(job) == {"SHARED": "from-vars"}
    assert job.command is not None
    assert [(c.name, c.span.line) for c in job.command.commands] == [("apk", 4), ("apk", 4), ("curl", 13), ("sh", 13)]


def test_extends_problems(tmp_path: Path) -> None:
    chain = "".join(f".t{n}:\n  extends: .t{n + 1}\n" for n in range(15)) + ".t15:\n  image: a:1\n"
    result = parsed(
        tmp_path,
        "a:\n  extends: b\n  script: x\nb:\n  extends: a\n  script: x\n"
        "c:\n  extends: .missing\n  script: x\n"
        "d:\n  extends: .t0\n  script: x\n" + chain,
    )
    messages = [problem.message for problem in result.problems]
    assert all(isinstance(problem, ProjectProblem) for problem in result.problems)
    assert any("extends loop" in message for message in messages)
    assert "job 'c' extends '.missing', which this pipeline does not define" in messages
    assert any("more than 11 levels" in message for message in messages)


def test_a_template_from_an_unread_include_leaves_the_job_unknown(tmp_path: Path) -> None:
    result = parsed(
        tmp_path, "include:\n  - template: Jobs/Build.gitlab-ci.yml\njob:\n  extends: .auto-build\n  script: x\n"
    )
    (job,) = containers(result).values()
    assert not result.problems
    assert job.extends is not None and job.extends.value == ".auto-build"


# --- includes -------------------------------------------------------------------------------


def test_local_includes_in_every_form(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
include:
  - ci/one.yml
  - local: /ci/two.yml
  - project: group/project
    file: templates.yml
  - remote: https://example.com/ci.yml
  - https://example.com/short.yml
  - component: $CI_SERVER_FQDN/group/component@1.0
job:
  extends: .from-two
  script: x
one:
  image: overridden:2
""",
        {
            "ci/one.yml": (
                "include: {local: ci/nested.yml}\none:\n  image: one:1\n  variables: {FROM: one}\n  script: x\n"
            ),
            "ci/two.yml": ".from-two:\n  image: two:1\n",
            "ci/nested.yml": "nested:\n  image: nested:1\n  script: x\n",
        },
    )
    found = containers(result)
    assert image_text(found["job 'job'"]) == "two:1"
    one = found["job 'one'"]
    assert image_text(one) == "overridden:2" and environment(one) == {"FROM": "one"}  # merged under the main file
    assert one.environment["FROM"].span.path == "ci/one.yml"
    assert found["job 'nested'"].span.path == "ci/nested.yml"
    assert [entry.value.split()[0] for entry in result.model.unread_includes] == [
        "project",
        "remote",
        "remote",
        "component",
    ]
    assert sorted(result.sources) == ["ci/nested.yml", "ci/one.yml", "ci/two.yml"]
    assert len(result.inputs) == 3 and not result.problems


def test_wildcard_includes_follow_gitlab_grammar(tmp_path: Path) -> None:
    for name in ("ci/a.yml", "ci/b.yaml", "ci/sub/c.yml", "ci/sub/deep/d.yml", "other/e.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"job-{name.replace('/', '-')}:\n  script: x\n", encoding="utf-8")
    names = lambda pattern: [p.relative_to(tmp_path).as_posix() for p in wildcard_matches(tmp_path, pattern)]  # noqa: E731
    assert names("ci/*.yml") == ["ci/a.yml"]
    assert names("ci/**/*.yml") == ["ci/a.yml", "ci/sub/c.yml", "ci/sub/deep/d.yml"]
    assert names("/ci/**.yml") == ["ci/a.yml", "ci/sub/c.yml", "ci/sub/deep/d.yml"]
    assert names("ci/[ab].yml") == []  # only * is special
    result = parsed(tmp_path, "include: 'ci/sub/*.yml'\n")
    assert list(containers(result)) == ["job 'job-ci-sub-c.yml'"]


def test_missing_and_looping_includes_are_project_problems(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        "include:\n  - ci/loop.yml\n  - local: ci/missing.yml\n  - ci/none-*.yml\njob:\n  script: x\n",
        {"ci/loop.yml": "include: ci/back.yml\n", "ci/back.yml": "include:\n  - .gitlab-ci.yml\n"},
    )
    problems = {(problem.span.path, problem.span.line, problem.message) for problem in result.problems}
    assert (None, 3, "included file 'ci/missing.yml' does not exist") in problems
    assert (None, 4, "include 'ci/none-*.yml' matches no file") in problems
    assert (
        "ci/back.yml",
        2,
        "include loop: .gitlab-ci.yml -> ci/loop.yml -> ci/back.yml -> .gitlab-ci.yml",
    ) in problems
    assert all(isinstance(problem, ProjectProblem) for problem in result.problems)
    assert list(containers(result)) == ["job 'job'"]


def test_an_included_file_outside_the_scanned_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yml").write_text("leak:\n  script: x\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    result = parsed(project, "include: ../secret.yml\njob:\n  script: x\n")
    assert [problem.message for problem in result.problems] == [
        "included file '../secret.yml' is outside the scanned folder; not read"
    ]


def test_stdin_reads_no_include(tmp_path: Path) -> None:
    result = parse_gitlab_ci("include: ci/x.yml\njob:\n  script: x\n", ".gitlab-ci.yml", None)
    assert [entry.value for entry in result.model.unread_includes] == ["local ci/x.yml"]


def test_an_included_pipeline_file_is_linted_as_a_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitlab-ci.yml").write_text("sub:\n  image: node\n  script: x\n", encoding="utf-8")
    (tmp_path / ".gitlab-ci.yml").write_text("include: sub/.gitlab-ci.yml\n", encoding="utf-8")
    main(["--format", "concise", "--no-cache", "--jobs", "1", "--select", "unpinned-image", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if "unpinned-image" in line]) == 1, lines


# --- Docker-in-Docker and scripts -----------------------------------------------------------


def test_dind_without_tls_and_plain_docker_host(tmp_path: Path) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(
        """\
variables:
  DOCKER_HOST: tcp://docker:2375
build:
  image: docker:27.3-cli
  services:
    - name: docker:27.3-dind
      variables:
        DOCKER_TLS_CERTDIR: ""
  script: [docker info]
safe:
  image: docker:27.3-cli
  services: [docker:27.3-dind]
  variables:
    DOCKER_HOST: tcp://docker:2376
    DOCKER_TLS_CERTDIR: /certs
  script: [docker info]
""",
        encoding="utf-8",
    )
    assert sorted(line for _, line, rule in findings(path) if rule == "insecure-docker-host") == [2, 8]


def test_scripts_are_the_job_command_and_their_docker_runs_are_containers(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        """\
job:
  image: docker:27.3-cli
  before_script:
    - export TAG=1
  script:
    - |
      docker run --rm \\
        --privileged alpine:3.20 true
  after_script:
    - docker rm -f x
""",
    )
    nodes = result.model.nodes
    job = nodes[0]
    assert isinstance(job, Container) and job.command is not None
    assert [command.name for command in job.command.commands] == ["export", "docker", "docker"]
    assert len(job.command.sources) == 2  # before_script with script, after_script on its own
    assert all(source.runner is not None and source.runner.name == "bash" for source in job.command.sources)
    run = next(node for node in nodes if isinstance(node, Container) and node.origin is Origin.SHELL)
    assert run.subject == "docker run in job 'job'"
    assert run.privileged is not None and run.privileged.span == Span(8, 9, 8, 21)


# --- hostile shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- a list at the top\n",
        "just a string\n",
        "job: 3\n",
        "job:\n  image: [a, b]\n  script: x\n",
        "job:\n  image: {entrypoint: [x]}\n  script: x\n",
        "job:\n  services: {a: b}\n  script: x\n",
        "job:\n  services: [[a], {name: [x]}, 3]\n  script: x\n",
        "job:\n  variables: [A=1]\n  script: x\n",
        "job:\n  variables: {A: {value: [1]}, B: {description: x}}\n  script: x\n",
        "job:\n  script: {a: b}\n",
        "job:\n  script: [[[[[[[[[[[[echo deep]]]]]]]]]]]]\n",
        "job:\n  image: ~\n  services: ~\n  variables: ~\n  script: ~\n  extends: ~\n  inherit: ~\n",
        "default: [x]\nvariables: 3\ninclude: 7\njob:\n  extends: {a: b}\n  inherit: {default: {x: y}}\n",
        "include: [~, 3, {local: ~}, {local: [x]}, {}]\n",
        "a: &a\n  <<: *a\n  script: x\n",
        "job:\n  script: !reference [job, script]\n",
        "job:\n  image: !reference [job, image]\n  script: x\n",
        "job:\n  script: x\n  tags: !!python/object:os.system x\n",
        "spec:\n  inputs:\n    stage: {}\n---\njob:\n  stage: $[[ inputs.stage ]]\n  image: node\n  script: x\n",
        "job:\n  image: '\udcff'\n",
    ],
)
def test_hostile_shapes_are_problems_never_tracebacks(tmp_path: Path, text: str) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    result = lint_file(str(path), path.name, ALL_RULES)
    assert not [finding for finding in result.findings if finding.rule.code == "HC000"], result.findings


def test_deep_and_huge_files(tmp_path: Path) -> None:
    deep = tmp_path / "deep" / ".gitlab-ci.yml"
    deep.parent.mkdir()
    deep.write_text("job:\n  variables: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    result = lint_file(str(deep), deep.name, ALL_RULES)
    assert [finding.rule.code for finding in result.findings] == ["HC001"]
    huge = tmp_path / "huge" / ".gitlab-ci.yml"
    huge.parent.mkdir()
    templates = "".join(f".t{n}:\n  extends: .t{n - 1}\n  variables: {{V{n}: x}}\n" for n in range(1, 400))
    jobs = "".join(
        f"job{n}:\n  extends: .t{n % 399 + 1}\n  image: alpine:3.20\n  script: [make]\n" for n in range(2000)
    )
    huge.write_text(".t0:\n  script: [x]\n" + templates + jobs, encoding="utf-8")
    started = time.perf_counter()
    result = lint_file(str(huge), huge.name, ALL_RULES)
    assert time.perf_counter() - started < 20
    assert not [finding for finding in result.findings if finding.rule.code == "HC000"]


def test_alias_bomb_is_read_once(tmp_path: Path) -> None:
    lines = ["a0: &a0 {script: [x]}"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 12)]
    text = "\n".join(lines) + "\njob:\n  script: *a11\n"
    started = time.perf_counter()
    with contextlib.suppress(ParseProblem):
        parse_gitlab_ci(text, ".gitlab-ci.yml", None)
    assert time.perf_counter() - started < 10


# --- the front end --------------------------------------------------------------------------


def test_names_and_discovery(tmp_path: Path) -> None:
    for name in (".gitlab-ci.yml", "b/.gitlab-ci.yaml", "ci/build.yml", "gitlab-ci.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("job:\n  script: x\n", encoding="utf-8")
    found = [os.path.relpath(path, tmp_path) for path in discover(str(tmp_path)) if isinstance(path, str)]
    assert found == [".gitlab-ci.yml", "b/.gitlab-ci.yaml"]
    front_end = front_end_for_path(".gitlab-ci.yml")
    assert front_end is not None and front_end.kind.value == "gitlab_ci"
    assert front_end_for_path("ci/build.yml") is None


def test_suppression_comments(tmp_path: Path) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text("job:\n  image: node  # hullcheck: ignore[unpinned-image]\n  script: x\n", encoding="utf-8")
    assert not [rule for _, _, rule in findings(path) if rule in ("unpinned-image", "unused-suppression")]


def test_a_value_from_a_template_or_the_defaults_has_a_related_location(tmp_path: Path) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(
        "default:\n  image: ruby:latest\n.node:\n  image: node\njs:\n  extends: .node\n  script: x\nrb:\n  script: x\n",
        encoding="utf-8",
    )
    result = lint_file(str(path), path.name, ALL_RULES)
    related = {
        finding.span.line: [(place.span.line, place.message) for place in finding.related]
        for finding in result.findings
        if finding.rule.name == "unpinned-image"
    }
    assert related == {
        2: [(8, "job 'rb' takes 'image' from the defaults")],
        4: [(6, "job 'js' extends '.node' here")],
    }


def test_a_wildcard_does_not_include_the_file_it_is_written_in(tmp_path: Path) -> None:
    result = parsed(
        tmp_path,
        "include: ci/all.yml\n",
        {"ci/all.yml": "include: 'ci/*.yml'\n", "ci/job.yml": "job:\n  script: x\n"},
    )
    assert not result.problems and list(containers(result)) == ["job 'job'"]
