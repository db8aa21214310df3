from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import EnvInstruction


class EnvSelfReference(BestPracticeRule):
    """An ENV uses a variable that the same ENV sets.

    ## What it does
    Flags `ENV A=/opt B=$A/bin`: a value that uses a variable another assignment of the same ENV
    instruction sets, when nothing set that variable before the instruction. A variable used in
    its own value (`ENV PATH=$PATH:/opt/bin`) and one defined before the ENV are not flagged.

    ## Why is this bad?
    Docker expands every value of an ENV with the variables from before the instruction, so
    `$A` is not `/opt` but empty (or the older value), and `B` is `/bin`.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app
    ENV APP_BIN=$APP_HOME/bin
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3044
    - https://docs.docker.com/reference/dockerfile/#environment-replacement
    """

    code = "HC642"
    severity = Severity.ERROR
    advice = "Set the variable in an ENV of its own before the one that uses it."
    hadolint_codes = ("DL3044",)

    def visit_env_instruction(self, env: EnvInstruction) -> None:
        if len(env.assignments) < 2:
            return
        set_here = {assignment.name.value: assignment for assignment in env.assignments}
        for reference in env.references:
            assignment = set_here.get(reference.value)
            if assignment is None or env.variables.get(reference.value) is not None:
                continue
            if assignment.value is not None and assignment.value.span.cover(reference.span) == assignment.value.span:
                continue  # its own value: ENV PATH=$PATH:/opt/bin
            self.report(
                reference,
                f"ENV uses ${reference.value}, which this ENV sets: the value is the one from before the ENV",
                related=(self.related(assignment.name, f"{reference.value} is set here"),),
            )
