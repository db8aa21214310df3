from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CopyInstruction, RunInstruction, Stage
from hullcheck.model.image import StageReference
from hullcheck.model.span import Located


class CopyFromOwnStage(BestPracticeRule):
    """`COPY --from` (or `RUN --mount=from=`) names the stage it is in.

    ## What it does
    Flags a `COPY --from=<stage>` and a `RUN --mount=…,from=<stage>` whose stage, by name (in
    any case) or by index, is the stage the instruction is in, also where the name comes from an
    ARG (`COPY --from=$STAGE`).

    ## Why is this bad?
    A stage cannot read its own result while it is being built: BuildKit refuses the build
    ("circular dependency detected on stage"). The name is usually a typo for an earlier stage.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM alpine:3.20 AS final
    COPY --from=final /out/app /usr/local/bin/app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM alpine:3.20 AS final
    COPY --from=build /out/app /usr/local/bin/app
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3023
    - https://docs.docker.com/build/building/multi-stage/
    """

    code = "HC632"
    severity = Severity.ERROR
    advice = "Copy from an earlier stage, not from the stage being built."
    hadolint_codes = ("DL3023",)
    stage: Stage | None = None

    def visit_stage(self, stage: Stage) -> None:
        self.stage = stage

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        self._check(copy.origin, f"{copy.keyword.value} --from")

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for mount in run.mounts:
            self._check(mount.origin, "RUN --mount=from")

    def _check(self, origin: Located[object] | None, what: str) -> None:
        stage = self.stage
        if stage is None or origin is None or not isinstance(origin.value, StageReference):
            return
        if origin.value.index == stage.index:
            self.report(origin, f"{what} names stage '{stage.name or stage.index}', the stage it is in")
