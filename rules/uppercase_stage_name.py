from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import FromInstruction


class UppercaseStageName(BestPracticeRule):
    """A stage name has upper-case letters.

    ## What it does
    Flags a `FROM … AS <name>` whose stage name is not all lower case (`AS BuilderBase`,
    `AS BUILD`), as BuildKit's StageNameCasing check does.

    ## Why is this bad?
    Stage names are matched without regard to case (`COPY --from=builderbase` finds
    `AS BuilderBase`), so the capitals carry no meaning, and next to upper-case instruction
    keywords they read like keywords. Lower-case names keep identifiers and keywords apart
    and are spelled the same wherever they are used.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS BuilderBase
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS builder-base
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/stage-name-casing/
    """

    code = "HC600"
    severity = Severity.NOTE
    advice = "Write stage names in lower case."
    buildkit_checks = ("StageNameCasing",)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        name = instruction.written_alias
        if name is not None and name.value != name.value.lower():
            self.report(name, f"stage name '{name.value}' should be lower case: '{name.value.lower()}'")
