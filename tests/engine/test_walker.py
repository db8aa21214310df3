from __future__ import annotations

import re

from hullcheck.engine.findings import Severity
from hullcheck.engine.registry import ONBUILD_KIND, all_rules, select
from hullcheck.engine.rule import Rule, kebab_case
from hullcheck.engine.walker import walk
from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.dockerfile import OnbuildInstruction, RunInstruction, Stage
from hullcheck.model.span import Span
from hullcheck.parsers.dockerfile import parse_dockerfile

DOCKERFILE = "ARG V=1\nFROM alpine:3.20 AS a\nRUN true\nFROM a\nUSER app\n"


class RecordsOrder(Rule):
    """Test rule."""

    code = "HC901"
    severity = Severity.NOTE
    security_severity = 1.0
    advice = "none"

    def visit_dockerfile(self, node: object) -> None:
        self.report(Span.point(1), "enter dockerfile")

    def visit_stage(self, stage: Stage) -> None:
        self.report(stage.from_instruction.keyword, f"enter stage {stage.index}")

    def visit_user_instruction(self, node: object) -> None:
        self.report(Span.point(5), "user")

    def leave_dockerfile(self, node: object) -> None:
        self.report(Span.point(1), "leave dockerfile")


class Explodes(Rule):
    """Test rule that fails."""

    code = "HC902"
    severity = Severity.ERROR
    security_severity = 1.0
    advice = "none"

    def visit_container(self, container: Container) -> None:
        self.report(container.span, "reported before failing")
        raise KeyError("boom")


def test_one_walk_dispatches_visit_and_leave_in_order() -> None:
    model = parse_dockerfile(DOCKERFILE, "Dockerfile").model
    findings = walk(model, [RecordsOrder], "Dockerfile")
    assert [f.message for f in findings] == [
        "enter dockerfile",
        "enter stage 0",
        "enter stage 1",
        "user",
        "leave dockerfile",
    ]
    assert {(f.rule.code, f.rule.name, f.path) for f in findings} == {("HC901", "records-order", "Dockerfile")}


def test_a_failing_rule_becomes_one_internal_error_and_the_others_go_on() -> None:
    compose = ComposeFile(
        "compose.yaml", [Container("service 'a'", Span.point(2)), Container("service 'b'", Span.point(5))]
    )
    findings = walk(compose, [Explodes, RecordsOrder], "compose.yaml")
    assert [(f.rule.code, f.span.line) for f in findings] == [("HC000", 2)]
    assert "rule HC902 explodes failed: KeyError: 'boom'" in findings[0].message


def test_fresh_rule_instances_per_walk() -> None:
    model = parse_dockerfile(DOCKERFILE, "Dockerfile").model
    assert len(walk(model, [RecordsOrder], "a")) == len(walk(model, [RecordsOrder], "b")) == 5


def test_names_derive_from_class_names() -> None:
    assert kebab_case("DockerSocketMount") == "docker-socket-mount"
    assert kebab_case("HTTPProxyURL") == "http-proxy-url"
    # words split where this pattern splits them (kebab_case reads the name without it)
    boundary = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
    for name in ("A", "AB", "Ab", "aB", "Sha256Sum", "TLSVerification", "Http2Push", "X509Cert", "IPv6", "ABCdEF"):
        assert kebab_case(name) == boundary.sub("-", name).lower(), name
    for rule in all_rules():
        assert rule.name == kebab_case(rule.__name__)
        assert not rule.__name__.startswith(("No", "Avoid")) and not rule.__name__.endswith("Rule")


def test_selection_by_code_prefix_name_and_ignore() -> None:
    assert {"HC201", "HC202"} <= {r.code for r in select(["HC2"], []).rules}
    assert all(r.code.startswith("HC2") for r in select(["HC2"], []).rules)
    assert [r.code for r in select(["root-user", "HC401"], []).rules] == ["HC301", "HC401"]
    assert "HC101" not in [r.code for r in select(None, ["docker-socket-mount"]).rules]


class ReportsRuns(Rule):
    """Test rule: every RUN, and ONBUILD triggers when asked."""

    code = "HC903"
    severity = Severity.NOTE
    security_severity = 1.0
    advice = "none"

    def visit_run_instruction(self, run: RunInstruction) -> None:
        self.report(run.keyword, f"RUN at {run.span.line}")


class ReportsRunsAndTriggers(ReportsRuns):
    code = "HC904"
    checks_onbuild_triggers = True


def test_an_onbuild_trigger_is_visited_as_its_instruction_only_for_rules_that_ask() -> None:
    model = parse_dockerfile("FROM alpine:3.20\nRUN true\nONBUILD RUN make\nONBUILD COPY . /src\n", "Dockerfile").model
    assert [f.message for f in walk(model, [ReportsRuns], "Dockerfile")] == ["RUN at 2"]
    assert [f.message for f in walk(model, [ReportsRunsAndTriggers], "Dockerfile")] == ["RUN at 2", "RUN at 3"]


def test_the_walker_knows_onbuilds_kind_without_the_model() -> None:
    assert OnbuildInstruction.kind == ONBUILD_KIND


def test_rules_from_the_index_report_what_their_classes_report() -> None:
    model = parse_dockerfile(DOCKERFILE + "ONBUILD RUN apt-get install -y curl\n", "Dockerfile").model
    indexed = select(["ALL"], []).rules
    loaded = [entry.load() for entry in indexed]
    assert walk(model, indexed, "Dockerfile") == walk(model, loaded, "Dockerfile")
