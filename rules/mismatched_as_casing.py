from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import FromInstruction
from hullcheck.model.instructions import consistently_cased


class MismatchedAsCasing(BestPracticeRule):
    """FROM's AS keyword is cased differently from FROM.

    ## What it does
    Flags `FROM image as name` where `FROM` is upper case and `as` is not, or `from` is lower
    case and `AS` is not, as BuildKit's FromAsCasing check does. A `From` of mixed case is left
    to inconsistent-instruction-casing.

    ## Why is this bad?
    Keywords may be written in either case, but mixing cases on one line makes `as` read
    like part of the image reference and the file harder to scan; one case for every keyword
    is the convention.

    ## Example
    ```dockerfile
    FROM debian:12 as builder
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12 AS deb-builder
    from debian:12 as other-builder
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/from-as-casing/
    """

    code = "HC601"
    severity = Severity.NOTE
    advice = "Write AS in the case of FROM: FROM … AS, or from … as."
    buildkit_checks = ("FromAsCasing",)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        keyword, as_keyword = instruction.written_keyword, instruction.as_keyword
        if as_keyword is None or not consistently_cased(keyword):
            return
        wanted = as_keyword.value.lower() if keyword == keyword.lower() else as_keyword.value.upper()
        if as_keyword.value != wanted:
            self.report(as_keyword, f"'{as_keyword.value}' and '{keyword}' are cased differently: write '{wanted}'")
