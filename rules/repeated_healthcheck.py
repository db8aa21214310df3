from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Stage
from hullcheck.model.instructions import overrides, repeated


class RepeatedHealthcheck(BestPracticeRule):
    """A stage has more than one HEALTHCHECK; only the last takes effect.

    ## What it does
    Flags each HEALTHCHECK after the first in a stage, as hadolint's DL3012 does, with the HEALTHCHECK it
    overrides as a related location (BuildKit's MultipleInstructionsDisallowed check reports
    that overridden one). A HEALTHCHECK inherited from the stage it is built from, and one in an
    ONBUILD trigger, do not count.

    ## Why is this bad?
    An image holds one HEALTHCHECK, how Docker checks that the container works: each
    HEALTHCHECK replaces the one before, so all but the last are dead code that a reader
    takes for part of the image's behaviour. Merge them, or delete the ones that no longer
    apply.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/ || exit 1
    HEALTHCHECK --interval=10s CMD wget -q -O /dev/null http://localhost:8080/health || exit 1
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    HEALTHCHECK --interval=10s CMD wget -q -O /dev/null http://localhost:8080/health || exit 1
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3012
    - https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "HC612"
    severity = Severity.ERROR
    advice = "Keep one HEALTHCHECK per stage: merge them or remove the ones that are overridden."
    hadolint_codes = ("DL3012",)
    buildkit_checks = ("MultipleInstructionsDisallowed",)

    def visit_stage(self, stage: Stage) -> None:
        for overridden, instruction in repeated(stage, "HEALTHCHECK"):
            related = self.related(overridden.keyword, "the HEALTHCHECK this one overrides")
            self.report(instruction.keyword, overrides(overridden), related=(related,))
