from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import ArgInstruction, FromInstruction, Instruction


class MismatchedDescriptionComment(BestPracticeRule):
    """A comment right above a named stage or an ARG does not describe it.

    ## What it does
    Flags a comment on the line right above `FROM … AS name` or `ARG NAME` whose first word
    is not the stage's or an argument's name, as BuildKit's experimental
    InvalidDefinitionDescription check does. A blank line or a bare `#` between the comment
    and the instruction ends the description. Like the BuildKit check, which runs only when
    asked for, this rule is not on with the best-practice group: select it by name.

    ## Why is this bad?
    `docker buildx build --call=outline` and `--call=targets` print the comment right above
    a stage or ARG as its description when it starts with the name. A comment that is not
    meant as a description is shown as one, or a description that misspells the name is
    lost.

    ## Example
    ```dockerfile
    # a non-descriptive comment
    FROM scratch AS base
    # another non-descriptive comment
    ARG VERSION=1
    ```

    ## Use instead
    ```dockerfile
    # base is a stage for compiling source
    FROM scratch AS base
    # VERSION This is the version number.
    ARG VERSION=1
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/invalid-definition-description/
    - https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions
    """

    code = "HC616"
    severity = Severity.NOTE
    advice = "Start the comment with the stage or ARG name, or put a blank line between it and the instruction."
    buildkit_checks = ("InvalidDefinitionDescription",)
    selected_with_group = False

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        name = instruction.written_alias
        if name is not None:
            self._check(instruction, (name.value, name.value.lower()), name.value)

    def visit_arg_instruction(self, instruction: ArgInstruction) -> None:
        names = tuple(declaration.name.value for declaration in instruction.declarations)
        if names:
            self._check(instruction, names, names[0] if len(names) == 1 else "<arg_key>")

    def _check(self, instruction: Instruction, names: tuple[str, ...], example: str) -> None:
        if not instruction.comments:
            return
        comment = instruction.comments[-1]
        if comment.value.split(" ")[0] not in names:
            keyword = instruction.keyword.value
            self.report(comment, f"the comment above {keyword} describes it only if it starts with '{example}'")
