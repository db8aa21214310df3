"""The contract of the container model: every runtime rule is shown to work on every way a
container is started, with a positive and a near miss each.

The runtime rules are the rules with a ``visit_container`` method; the origins are the
values of :class:`Origin`; the origin of a fixture is read from the model its parser builds,
not from its file name. So a new rule, a new origin or a fixture that no longer parses as the
origin it stands for fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hullcheck.engine.lint import LintOptions
from hullcheck.engine.registry import all_rules
from hullcheck.frontends import FrontEnd, front_end_for_content, front_end_for_path
from hullcheck.model.container import Origin
from hullcheck.model.node import Node
from tests.expectations import read_expectations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RUNTIME_RULES = sorted(rule.name for rule in all_rules() if hasattr(rule, "visit_container"))


def _model(path: Path) -> Node | None:
    text = path.read_text(encoding="utf-8")
    front_end = front_end_for_path(str(path)) or front_end_for_content(path.name, text)
    if not isinstance(front_end, FrontEnd):
        return None
    return front_end.parse(text, path.name, str(path), LintOptions(rules=())).model


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children():
        yield from _nodes(child)


def origins_in(path: Path) -> set[Origin]:
    """The origins of the containers, builds and clients the file defines."""
    model = _model(path)
    found = {getattr(node, "origin", None) for node in _nodes(model)} if model is not None else set()
    return {origin for origin in found if isinstance(origin, Origin)}


def test_there_are_runtime_rules() -> None:
    assert "privileged-container" in RUNTIME_RULES and len(RUNTIME_RULES) > 10


# The rules an origin gives no way to trigger, with why: its format cannot write the setting the
# rule looks at (a GitLab CI job cannot mount a host path; its runner's configuration does).
# Each entry is a claim about the format, not a gap in the parser.
# A GitLab CI job's image and services take name, entrypoint, command, alias, variables,
# pull_policy and executor options docker: {platform, user} (GitLab's executor_opts schema:
# additionalProperties false); privileged mode, capabilities, security options, volumes,
# devices, network mode, limits and published ports are the runner's [runners.docker] settings.
_GITLAB_RUNNER = "the runner's config.toml sets it ([runners.docker] {}); a job's image and services have no such key"
INEXPRESSIBLE: dict[Origin, dict[str, str]] = {
    Origin.GITLAB_CI: {
        "docker-socket-mount": _GITLAB_RUNNER.format("volumes"),
        "sensitive-host-mount": _GITLAB_RUNNER.format("volumes"),
        "shared-mount-propagation": _GITLAB_RUNNER.format("volumes"),
        "host-device": _GITLAB_RUNNER.format("devices"),
        "privileged-container": _GITLAB_RUNNER.format("privileged"),
        "host-network-mode": _GITLAB_RUNNER.format("network_mode"),
        "host-namespace": _GITLAB_RUNNER.format("userns_mode; no pid, ipc, uts or cgroup key"),
        "dangerous-capability": _GITLAB_RUNNER.format("cap_add"),
        "disabled-security-profile": _GITLAB_RUNNER.format("security_opt"),
        "missing-no-new-privileges": _GITLAB_RUNNER.format("security_opt"),
        "capabilities-not-dropped": _GITLAB_RUNNER.format("cap_drop"),
        "writable-root-filesystem": "a job's image and services have no read-only key: the runner starts them",
        "missing-resource-limits": _GITLAB_RUNNER.format("memory, cpus"),
        "port-on-all-interfaces": "no port is published: services are reached by their alias on the job's network",
        "exposed-ssh-port": "no port is published or exposed: services are reached by their alias on the job's network",
        "secret-in-build-config": "a job's image is pulled, never built from the pipeline file (no build args)",
    },
}


@pytest.mark.parametrize("rule", RUNTIME_RULES)
def test_runtime_rule_has_a_positive_and_a_near_miss_for_every_origin(rule: str) -> None:
    """For each origin, the rule's fixtures hold a positive and a near miss: in one file where
    the format defines several containers, in two where a file defines one (a dev container, a
    Quadlet unit)."""
    positives: set[Origin] = set()
    near_misses: set[Origin] = set()
    for path in sorted((FIXTURES / rule).rglob("*")):
        if not path.is_file() or path.name.startswith(".env"):
            continue
        expectations = read_expectations(path.read_text(encoding="utf-8"))
        positive = any(name == rule for _, name in expectations.expected)
        near_miss = any(name == rule for _, name in expectations.near_misses)
        if positive or near_miss:
            origins = origins_in(path)
            positives |= origins if positive else set()
            near_misses |= origins if near_miss else set()
    exempt = {origin for origin, rules in INEXPRESSIBLE.items() if rule in rules}
    missing = sorted(origin.value for origin in set(Origin) - (positives & near_misses) - exempt)
    assert not missing, (
        f"fixtures/{rule}/ has no '# expect: {rule}' and '# ok: {rule}' fixtures for: {', '.join(missing)}"
    )
    claimed = sorted(origin.value for origin in exempt & positives)
    assert not claimed, f"{rule} is listed as inexpressible for {', '.join(claimed)}, yet a fixture triggers it"


def test_inexpressible_entries_name_runtime_rules() -> None:
    for rules in INEXPRESSIBLE.values():
        assert set(rules) <= set(RUNTIME_RULES)


def test_origins_are_read_from_the_model() -> None:
    """A fixture counts for an origin by what its parser builds, not by its name."""
    assert origins_in(FIXTURES / "privileged-container" / "sdk.py") == {Origin.DOCKER_SDK}
    assert origins_in(FIXTURES / "privileged-container" / "testcontainers.py") == {Origin.TESTCONTAINERS}
    assert origins_in(FIXTURES / "privileged-container" / "whales.py") == {Origin.PYTHON_ON_WHALES}
    assert origins_in(FIXTURES / "privileged-container" / "subprocess.py") == {Origin.SUBPROCESS}
    assert origins_in(FIXTURES / "privileged-container" / "run.sh") == {Origin.SHELL}
    assert origins_in(FIXTURES / "privileged-container" / "Dockerfile.docker-run") == {Origin.SHELL}
    assert origins_in(FIXTURES / "privileged-container" / "compose.yaml") == {Origin.COMPOSE}
    assert origins_in(FIXTURES / "privileged-container" / "quadlet.container") == {Origin.QUADLET}
    assert origins_in(FIXTURES / "unpinned-image" / ".gitlab-ci.yml") == {Origin.GITLAB_CI}
    # a workflow's job containers, services, docker:// steps and build steps; its run scripts' docker run
    workflow = FIXTURES / "privileged-container" / ".github" / "workflows" / "build.yml"
    assert origins_in(workflow) == {Origin.GITHUB_ACTIONS, Origin.SHELL}
    # a dev container, its features' references and the docker commands its lifecycle commands run
    dev = FIXTURES / "privileged-container" / ".devcontainer" / "privileged" / "devcontainer.json"
    assert origins_in(dev) == {Origin.DEVCONTAINER}
    lifecycle = FIXTURES / "shellcheck" / ".devcontainer" / "docker-commands" / "devcontainer.json"
    assert origins_in(lifecycle) == {Origin.DEVCONTAINER, Origin.SHELL}
