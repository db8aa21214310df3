from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Dockerfile
from hullcheck.model.instructions import consistently_cased


class InconsistentInstructionCasing(BestPracticeRule):
    """An instruction keyword is cased unlike most of the file's.

    ## What it does
    Counts the file's instruction keywords written all in lower case and all in upper case,
    and flags every keyword that is not in the case most of them use (upper case on a tie),
    mixed-case keywords such as `Run` or `EntryPoint` included, as BuildKit's
    ConsistentInstructionCasing check does. Like BuildKit, it counts the stages' instructions
    and their FROM, not the ARGs before the first FROM nor ONBUILD's triggers.

    ## Why is this bad?
    Docker accepts keywords in any case, so the casing only serves the reader: one case for
    every keyword lets the eye find the instructions, while `Run`, `run` and `RUN` in one file
    look like different things and suggest the file was pasted together.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    Run echo hello > /greeting.txt
    EntRYpOiNT ["cat", "/greeting.txt"]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    RUN echo hello > /greeting.txt
    ENTRYPOINT ["cat", "/greeting.txt"]
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/consistent-instruction-casing/
    """

    code = "HC603"
    severity = Severity.NOTE
    advice = "Write every instruction keyword in the same case, upper case by convention."
    buildkit_checks = ("ConsistentInstructionCasing",)

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        instructions = [
            instruction for stage in dockerfile.stages for instruction in (stage.from_instruction, *stage.instructions)
        ]
        written = [instruction.written_keyword for instruction in instructions]
        lower = sum(1 for word in written if consistently_cased(word) and word == word.lower())
        upper = sum(1 for word in written if consistently_cased(word) and word != word.lower())
        majority_lower = lower > upper
        for instruction in instructions:
            word = instruction.written_keyword
            wanted = word.lower() if majority_lower else word.upper()
            if word != wanted:
                case = "lower case" if majority_lower else "upper case"
                self.report(instruction.keyword, f"'{word}' should be {case}, as most instructions are: '{wanted}'")
