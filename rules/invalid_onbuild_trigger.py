from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import OnbuildInstruction


class InvalidOnbuildTrigger(BestPracticeRule):
    """ONBUILD triggers FROM, MAINTAINER or another ONBUILD.

    ## What it does
    Flags `ONBUILD FROM …`, `ONBUILD MAINTAINER …` and `ONBUILD ONBUILD …`, as hadolint's
    DL3043 does.

    ## Why is this bad?
    Docker refuses these triggers: a trigger runs inside a later build's stage, where it
    cannot start a new stage, chaining ONBUILD is not allowed, and MAINTAINER is deprecated.
    BuildKit stops the build of this Dockerfile at the trigger.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ONBUILD FROM alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ONBUILD COPY . /app/
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3043
    - https://docs.docker.com/reference/dockerfile/#onbuild
    """

    code = "HC615"
    severity = Severity.ERROR
    advice = "Trigger an instruction that can run in the later build: RUN, COPY, ADD, ENV …"
    hadolint_codes = ("DL3043",)

    def visit_onbuild_instruction(self, onbuild: OnbuildInstruction) -> None:
        trigger = onbuild.trigger
        if trigger is not None and trigger.keyword.value in ("FROM", "MAINTAINER", "ONBUILD"):
            self.report(trigger.keyword, f"ONBUILD cannot trigger {trigger.keyword.value}")
