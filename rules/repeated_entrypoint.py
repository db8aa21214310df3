from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Stage
from hullcheck.model.instructions import overrides, repeated


class RepeatedEntrypoint(BestPracticeRule):
    """A stage has more than one ENTRYPOINT; only the last takes effect.

    ## What it does
    Flags each ENTRYPOINT after the first in a stage, as hadolint's DL4004 does, with the ENTRYPOINT it
    overrides as a related location (BuildKit's MultipleInstructionsDisallowed check reports
    that overridden one). A ENTRYPOINT inherited from the stage it is built from, and one in an
    ONBUILD trigger, do not count.

    ## Why is this bad?
    An image holds one ENTRYPOINT, the program the container runs: each ENTRYPOINT replaces
    the one before, so all but the last are dead code that a reader takes for part of the
    image's behaviour. Merge them, or delete the ones that no longer apply.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    ENTRYPOINT ["/usr/local/bin/setup"]
    ENTRYPOINT ["/usr/local/bin/app"]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    ENTRYPOINT ["/usr/local/bin/app"]
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4004
    - https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "HC611"
    severity = Severity.ERROR
    advice = "Keep one ENTRYPOINT per stage: merge them or remove the ones that are overridden."
    hadolint_codes = ("DL4004",)
    buildkit_checks = ("MultipleInstructionsDisallowed",)

    def visit_stage(self, stage: Stage) -> None:
        for overridden, instruction in repeated(stage, "ENTRYPOINT"):
            related = self.related(overridden.keyword, "the ENTRYPOINT this one overrides")
            self.report(instruction.keyword, overrides(overridden), related=(related,))
