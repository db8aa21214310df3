from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import HealthcheckInstruction, Stage


class MissingHealthcheck(BestPracticeRule):
    """A stage sets no HEALTHCHECK.

    ## What it does
    Flags the FROM of every stage that has no `HEALTHCHECK` instruction (`HEALTHCHECK NONE`
    counts) and is not built from a stage that has one, as hadolint's DL3057 does. hadolint
    keeps this check at its `ignore` level, so it is not on with the best-practice group:
    select it by name or code (`--extend-select missing-healthcheck`, `DL3057`).

    ## Why is this bad?
    Without a health check Docker knows only whether the process runs, not whether it
    answers: a server that hangs stays "running", Compose's `depends_on: condition:
    service_healthy` cannot wait for it, and Swarm does not replace it.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    COPY site/ /usr/share/nginx/html/
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    COPY site/ /usr/share/nginx/html/
    HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/ || exit 1
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3057
    - https://docs.docker.com/reference/dockerfile/#healthcheck
    """

    code = "HC614"
    severity = Severity.NOTE
    advice = "Add a HEALTHCHECK that probes the service, or HEALTHCHECK NONE when none applies."
    hadolint_codes = ("DL3057",)
    selected_with_group = False

    def visit_stage(self, stage: Stage) -> None:
        for built in stage.lineage:
            if any(isinstance(instruction, HealthcheckInstruction) for instruction in built.instructions):
                return
        self.report(stage.from_instruction.keyword, "the stage sets no HEALTHCHECK")
