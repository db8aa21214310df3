from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Dockerfile
from hullcheck.model.instructions import every_instruction


class EmptyContinuationLine(BestPracticeRule):
    """A continued instruction has a blank line inside it.

    ## What it does
    Flags an instruction continued over several lines (with `\\`, or the escape character)
    that has an empty or blank line among them, as BuildKit's NoEmptyContinuation check does:
    once per instruction, at its first blank line. Comment lines inside a continuation are
    not blank and are not flagged.

    ## Why is this bad?
    Docker skips such lines today but has deprecated them, and a future BuildKit release will
    refuse the Dockerfile. A blank line also reads as the end of the instruction, so the
    lines after it look like separate instructions (or like nothing at all) when they are
    still arguments of the one above.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache \\

        gnupg \\

        curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    # comment lines inside a continuation are not empty
    RUN apk add --no-cache gnupg \\
        # to fetch the sources
        curl
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/no-empty-continuation/
    - https://github.com/moby/moby/pull/33719
    """

    code = "HC602"
    severity = Severity.WARNING
    advice = "Remove the blank lines inside the instruction, or turn them into comments."
    buildkit_checks = ("NoEmptyContinuation",)

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        for instruction in every_instruction(dockerfile):
            if instruction.empty_lines:
                count = len(instruction.empty_lines)
                lines = "an empty line" if count == 1 else f"{count} empty lines"
                self.report(
                    instruction.empty_lines[0],
                    f"{lines} inside the continued {instruction.keyword.value}: a future BuildKit refuses them",
                )
