from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.build_variables import RESERVED_STAGE_NAMES
from hullcheck.model.dockerfile import Stage


class ReservedStageName(BestPracticeRule):
    """A stage is named `scratch` or `context`, names BuildKit reserves.

    ## What it does
    Flags `FROM … AS scratch` and `FROM … AS context` (in any case: BuildKit lower-cases stage
    names).

    ## Why is this bad?
    `scratch` is the empty image and `context` the build context: `FROM scratch` and
    `COPY --from=context` are read as those, not as the stage, so the stage is never used where
    its name is written, and BuildKit warns that the name is reserved.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS scratch
    FROM alpine:3.20 AS context
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS builder
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/reserved-stage-name/
    """

    code = "HC631"
    severity = Severity.WARNING
    advice = "Name the stage something other than `scratch` or `context`."
    buildkit_checks = ("ReservedStageName",)

    def visit_stage(self, stage: Stage) -> None:
        alias = stage.from_instruction.alias
        if alias is not None and alias.value in RESERVED_STAGE_NAMES:
            self.report(alias, f"'{alias.value}' is reserved and should not be used as a stage name")
