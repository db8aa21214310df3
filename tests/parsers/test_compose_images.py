"""The images a Compose project builds itself: the services and Dockerfiles that use them do
not pull them."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions, lint_file
from hullcheck.model.image import ImageReference
from hullcheck.parsers.compose import parse_compose
from hullcheck.scan import scan
from tests.samples import security_rules
from tests.test_projects import write

ALL_RULES = LintOptions(rules=security_rules())
IMAGE_RULES = {"unpinned-image", "image-without-digest", "untrusted-registry"}
TRUSTING_NOTHING = LintOptions(
    rules=security_rules(), rule_settings={"HC403": {"trusted-registries": ("registry.example.com",)}}
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("app", "docker.io/library/app:latest"),
        ("app:latest", "index.docker.io/library/app"),
        ("acme/app", "docker.io/acme/app:latest"),
        ("localhost:5000/app:1", "localhost:5000/app:1"),
    ],
)
def test_one_image_spelled_two_ways_has_one_local_name(one: str, other: str) -> None:
    assert ImageReference.parse(one).local_name == ImageReference.parse(other).local_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("app", "app:1"),  # another tag
        ("app", "acme/app"),  # another namespace
        ("localhost:5000/app", "localhost/app"),  # a port is part of the registry
        ("ghcr.io/acme/app", "acme/app"),  # another registry
        ("app", f"app@sha256:{'a' * 64}"),  # a digest names pulled content
    ],
)
def test_other_images_have_other_local_names(one: str, other: str) -> None:
    assert ImageReference.parse(one).local_name != ImageReference.parse(other).local_name


def built_at(text: str) -> dict[str, int | None]:
    """Each service's image_built_at, as the line of the ``build:`` it names."""
    model = parse_compose(text, "compose.yaml", {}).model
    return {
        container.scope.removeprefix("service:"): container.image_built_at.line if container.image_built_at else None
        for container in model.containers
    }


def test_a_service_runs_the_image_another_builds_unless_it_pulls_anyway() -> None:
    text = """\
services:
  worker:
    image: acme/app
  base:
    build: .
    image: acme/app
  always:
    image: acme/app
    pull_policy: always
  daily:
    image: acme/app:latest
    pull_policy: daily
  missing:
    image: docker.io/acme/app
    pull_policy: missing
  policy-unknown:
    image: acme/app
    pull_policy: ${POLICY}
  other-tag:
    image: acme/app:2
  unresolved:
    image: ${IMAGE}
"""
    assert built_at(text) == {
        "worker": 5,  # the builder comes after it: order does not matter
        "base": 5,
        "always": None,
        "daily": None,
        "missing": 5,
        "policy-unknown": None,  # unknown is not "local"
        "other-tag": None,
        "unresolved": None,
    }


def image_findings(path: Path, options: LintOptions = TRUSTING_NOTHING) -> list[tuple[str, int, str]]:
    result = lint_file(str(path), path.name, options)
    return sorted(
        (Path(finding.path).name, finding.span.line, finding.rule.name)
        for finding in result.findings
        if finding.rule.name in IMAGE_RULES
    )


def test_never_and_build_pull_policies_run_a_local_image(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": (
                "services:\n"
                "  cache:\n    image: local-cache\n    pull_policy: never\n"
                "  pulled:\n    image: redis\n    pull_policy: always\n"
            )
        },
    )
    assert image_findings(tmp_path / "compose.yaml") == [
        ("compose.yaml", 6, "unpinned-image"),
        ("compose.yaml", 6, "untrusted-registry"),
    ]


def test_an_included_project_runs_an_image_its_includer_builds(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "include: [workers/compose.yaml]\nservices:\n  base:\n    build: .\n    image: acme/app\n",
            "Dockerfile": "FROM registry.example.com/alpine:3.20@sha256:" + "a" * 64 + "\nUSER nobody\n",
            "workers/compose.yaml": "services:\n  worker:\n    image: acme/app\n",
        },
    )
    assert image_findings(tmp_path / "compose.yaml") == []


BUILT_BASE = {
    "compose.yaml": """\
services:
  base:
    build: ./base
    image: acme/base
  app:
    build:
      context: ./app
      args:
        BASE: acme/base
  literal:
    build:
      context: ./app
      dockerfile: Literal.Dockerfile
""",
    "base/Dockerfile": "FROM registry.example.com/alpine:3.20@sha256:" + "a" * 64 + "\nUSER nobody\n",
    "app/Dockerfile": "ARG BASE\nFROM ${BASE}\nUSER nobody\n",
    "app/Literal.Dockerfile": "FROM acme/base\nUSER nobody\n",
}


def test_a_dockerfile_from_an_image_the_project_builds_is_not_pulled(tmp_path: Path) -> None:
    write(tmp_path, BUILT_BASE)
    # the project adds nothing at either FROM; what the literal one's own lint reports it refutes
    assert image_findings(tmp_path / "compose.yaml") == []
    result = lint_file(str(tmp_path / "compose.yaml"), "compose.yaml", TRUSTING_NOTHING)
    assert sorted((finding.path, finding.span.line, finding.rule.name) for finding in result.refuted) == [
        ("app/Literal.Dockerfile", 1, "unpinned-image"),
        ("app/Literal.Dockerfile", 1, "untrusted-registry"),
    ]


def test_a_scan_drops_what_the_project_refutes_and_the_file_alone_still_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, BUILT_BASE)
    monkeypatch.chdir(tmp_path)
    report = scan(["."], TRUSTING_NOTHING)
    assert [finding for finding in report.findings if finding.rule.name in IMAGE_RULES] == []
    # the project's marks are on a model of its own: the Dockerfile alone is linted as before
    assert image_findings(tmp_path / "app" / "Literal.Dockerfile") == [
        ("Literal.Dockerfile", 1, "unpinned-image"),
        ("Literal.Dockerfile", 1, "untrusted-registry"),
    ]


def test_a_service_that_passes_another_base_keeps_its_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            **BUILT_BASE,
            "app/Dockerfile": "ARG BASE=acme/base\nFROM ${BASE}\nUSER nobody\n",
            "compose.yaml": BUILT_BASE["compose.yaml"] + "  pulled:\n    build:\n      context: ./app\n"
            "      args:\n        BASE: alpine\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ALL_RULES)
    unpinned = [finding for finding in report.findings if finding.rule.name == "unpinned-image"]
    assert [(finding.path, finding.span.line, finding.message) for finding in unpinned] == [
        ("app/Dockerfile", 2, "FROM uses image 'alpine' (from ${BASE}) with no tag, so 'latest' is pulled")
    ]


def test_copy_and_mount_from_an_image_the_project_builds_are_not_pulled(tmp_path: Path) -> None:
    dockerfile = (
        "FROM registry.example.com/alpine:3.20@sha256:" + "a" * 64 + "\n"
        "COPY --from=acme/base /etc/app.conf /etc/\n"
        "RUN --mount=type=bind,from=acme/base,target=/base ls /base\n"
        "COPY --from=acme/tools:1.0 /bin/tool /bin/\n"
        "USER nobody\n"
    )
    write(tmp_path, {**BUILT_BASE, "app/Dockerfile": dockerfile})
    # alone, the file cannot know: each image it takes from is pulled from an untrusted registry
    assert image_findings(tmp_path / "app" / "Dockerfile") == [
        ("Dockerfile", 2, "untrusted-registry"),
        ("Dockerfile", 3, "untrusted-registry"),
        ("Dockerfile", 4, "untrusted-registry"),
    ]
    # the project builds acme/base: those two are refuted, acme/tools stays
    result = lint_file(str(tmp_path / "compose.yaml"), "compose.yaml", TRUSTING_NOTHING)
    refuted = sorted(
        (finding.span.line, finding.rule.name) for finding in result.refuted if finding.path == "app/Dockerfile"
    )
    assert refuted == [(2, "untrusted-registry"), (3, "untrusted-registry")]
