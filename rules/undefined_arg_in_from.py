from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.build_variables import AUTOMATIC_PLATFORM_ARGS, global_arg_names, suggestion
from hullcheck.model.dockerfile import Dockerfile, FromInstruction


class UndefinedArgInFrom(BestPracticeRule):
    """FROM uses a variable that no ARG before the first FROM declares.

    ## What it does
    Flags a variable in a `FROM` line's image or `--platform` (`FROM node:22${VARIANT}`,
    `FROM --platform=$BUILDPLATFROM golang`) that is neither declared by an `ARG` before the
    first `FROM` nor one of the platform ARGs BuildKit defines there (`BUILDPLATFORM`,
    `TARGETPLATFORM`, `TARGETARCH` …). A likely misspelling is named (`did you mean
    BUILDPLATFORM?`). An ARG declared inside a stage does not count: FROM lines see only the
    ARGs before the first FROM.

    ## Why is this bad?
    An undeclared variable is empty in FROM, and `--build-arg` cannot set it, so the base image
    is not the one the line seems to name (`node:22` instead of `node:22-alpine3.20`), or the
    platform falls back to the default.

    ## Example
    ```dockerfile
    FROM node:22${VARIANT} AS jsbuilder
    ```

    ## Use instead
    ```dockerfile
    ARG VARIANT="-alpine3.20"
    FROM node:22${VARIANT} AS jsbuilder
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/undefined-arg-in-from/
    - https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    """

    code = "HC637"
    severity = Severity.WARNING
    advice = "Declare the variable with `ARG` before the first FROM."
    buildkit_checks = ("UndefinedArgInFrom",)
    declared: set[str]

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        self.declared = global_arg_names(dockerfile) | set(AUTOMATIC_PLATFORM_ARGS)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        reported: set[str] = set()
        for reference in instruction.references:
            name = reference.value
            if name in self.declared or name in reported:
                continue
            reported.add(name)
            similar = suggestion(name, self.declared)
            hint = f" (did you mean {similar}?)" if similar else ""
            self.report(reference, f"FROM uses ${name}, which no ARG before the first FROM declares{hint}")
