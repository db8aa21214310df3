from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Dockerfile, Stage


class DuplicateStageName(BestPracticeRule):
    """Two stages of a Dockerfile have the same name.

    ## What it does
    Flags a `FROM … AS <name>` whose name an earlier stage of the same Dockerfile already has.
    Stage names are compared as BuildKit does, without regard to case (`AS Build` and
    `AS build` are the same name). The finding is at the second stage's name.

    ## Why is this bad?
    `COPY --from=<name>`, `RUN --mount=from=<name>`, `FROM <name>` and `--target <name>` must
    name one stage; BuildKit refuses a Dockerfile whose stage names repeat ("duplicate stage
    name"), and older builders silently took one of them.

    ## Example
    ```dockerfile
    FROM debian:12 AS builder
    RUN apt-get update; apt-get install -y curl

    FROM golang:1.23 AS builder
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12 AS deb-builder
    RUN apt-get update; apt-get install -y curl

    FROM golang:1.23 AS go-builder
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/duplicate-stage-name/
    - https://github.com/hadolint/hadolint/wiki/DL3024
    """

    code = "HC630"
    severity = Severity.ERROR
    advice = "Give each stage its own name."
    hadolint_codes = ("DL3024",)
    buildkit_checks = ("DuplicateStageName",)

    seen: dict[str, Stage]  # the first stage of each name

    def visit_dockerfile(self, _dockerfile: Dockerfile) -> None:
        self.seen = {}

    def visit_stage(self, stage: Stage) -> None:
        alias = stage.from_instruction.alias
        if alias is None:
            return
        first = self.seen.setdefault(alias.value, stage)
        if first is not stage:
            at = first.from_instruction.alias or first.from_instruction.keyword
            self.report(
                alias,
                f"stage name '{alias.value}' is already the name of stage {first.index}",
                related=(self.related(at, "the first stage of that name"),),
            )
