from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import FromInstruction


class RedundantTargetPlatform(BestPracticeRule):
    """`FROM --platform=$TARGETPLATFORM` says what FROM does anyway.

    ## What it does
    Flags `FROM --platform=$TARGETPLATFORM` and `--platform=${TARGETPLATFORM}` (quoted too).

    ## Why is this bad?
    A stage's base image is pulled for the target platform unless `--platform` says otherwise,
    so the flag changes nothing; it only makes readers wonder what it is for.

    ## Example
    ```dockerfile
    FROM --platform=$TARGETPLATFORM alpine:3.20 AS builder
    RUN apk add --no-cache git
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS builder
    RUN apk add --no-cache git
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/redundant-target-platform/
    - https://github.com/hadolint/hadolint/wiki/DL3065
    """

    code = "HC640"
    severity = Severity.NOTE
    advice = "Leave `--platform=$TARGETPLATFORM` out."
    hadolint_codes = ("DL3065",)
    buildkit_checks = ("RedundantTargetPlatform",)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        flag = instruction.flag("platform")
        if flag is not None and flag.value.value.strip("'\"") in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            self.report(flag.span, "setting the platform to $TARGETPLATFORM is redundant: it is the default")
