from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Stage
from hullcheck.model.instructions import overrides, repeated


class RepeatedCmd(BestPracticeRule):
    """A stage has more than one CMD; only the last takes effect.

    ## What it does
    Flags each CMD after the first in a stage, as hadolint's DL4003 does, with the CMD it
    overrides as a related location (BuildKit's MultipleInstructionsDisallowed check reports
    that overridden one). A CMD inherited from the stage it is built from, and one in an
    ONBUILD trigger, do not count.

    ## Why is this bad?
    An image holds one CMD, the container's default command (its arguments, when there is an
    ENTRYPOINT): each CMD replaces the one before, so all but the last are dead code that a
    reader takes for part of the image's behaviour. Merge them, or delete the ones that no
    longer apply.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    CMD echo "Hello, Norway!"
    CMD echo "Hello, Sweden!"
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    CMD echo "Hello, Norway!"; echo "Hello, Sweden!"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4003
    - https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "HC610"
    severity = Severity.WARNING
    advice = "Keep one CMD per stage: merge them or remove the ones that are overridden."
    hadolint_codes = ("DL4003",)
    buildkit_checks = ("MultipleInstructionsDisallowed",)

    def visit_stage(self, stage: Stage) -> None:
        for overridden, instruction in repeated(stage, "CMD"):
            related = self.related(overridden.keyword, "the CMD this one overrides")
            self.report(instruction.keyword, overrides(overridden), related=(related,))
