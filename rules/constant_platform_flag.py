from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.build_variables import platform_names
from hullcheck.model.dockerfile import FromInstruction


class ConstantPlatformFlag(BestPracticeRule):
    """`FROM --platform` names a constant platform.

    ## What it does
    Flags `FROM --platform=linux/amd64` (any platform written without a variable) unless the
    stage's name contains the platform's OS or architecture (`AS build_amd64`), which marks a
    stage meant for that platform only. A platform taken from a variable
    (`--platform=$BUILDPLATFORM`) is not flagged: that is how a cross-compiling stage runs on
    the build machine. hadolint's DL3029 flags every `--platform`, `$BUILDPLATFORM` too; this
    rule follows BuildKit's check.

    ## Why is this bad?
    A constant platform pins the stage to one architecture: the Dockerfile cannot build a
    multi-platform image, and on any other machine it builds under emulation.

    ## Example
    ```dockerfile
    FROM --platform=linux/amd64 alpine:3.20 AS base
    RUN apk add --no-cache git
    ```

    ## Use instead
    ```dockerfile
    FROM --platform=${BUILDPLATFORM} alpine:3.20 AS base
    RUN apk add --no-cache git
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/
    - https://github.com/hadolint/hadolint/wiki/DL3029
    """

    code = "HC639"
    severity = Severity.WARNING
    advice = "Leave `--platform` out (and pass it to `docker build`), or use `$BUILDPLATFORM`."
    hadolint_codes = ("DL3029",)
    buildkit_checks = ("FromPlatformFlagConstDisallowed",)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        flag = instruction.flag("platform")
        if flag is None or "$" in flag.value.value or not flag.value.value:
            return
        names = platform_names(flag.value.value.strip("'\""))
        alias = instruction.alias.value if instruction.alias else ""
        if names is None or any(name in alias for name in names):
            return
        self.report(flag.span, f"FROM --platform uses the constant value {flag.value.value!r}")
