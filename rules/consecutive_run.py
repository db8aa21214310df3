from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import RunInstruction, Stage


class ConsecutiveRun(BestPracticeRule):
    """Two RUN instructions of one command each follow each other.

    ## What it does
    Flags a `RUN` that directly follows another `RUN` in the same stage when each runs a single
    command (commands in `$(…)` count; those of an `sh -c` string and `[ … ]` tests do not) and both have the same
    flags (`--mount`, `--network`, `--security`). A RUN of several commands (`a && b`, `a | b`),
    split from its neighbours on purpose, and RUNs with different mounts are not flagged, as in
    hadolint's DL3059. Comments between the two do not separate them; any other instruction
    does.

    ## Why is this bad?
    Each RUN makes a layer: files one step deletes stay in the layer of the step that created
    them, and every layer costs pull and build time. Short consecutive steps usually belong
    together.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3059
    - https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers
    """

    code = "HC643"
    severity = Severity.NOTE
    advice = "Join the consecutive RUN instructions with `&&`."
    hadolint_codes = ("DL3059",)

    def visit_stage(self, stage: Stage) -> None:
        previous: RunInstruction | None = None
        for instruction in stage.instructions:
            if not isinstance(instruction, RunInstruction):
                previous = None
                continue
            if previous is not None and _joinable(previous, instruction):
                self.report(instruction.keyword, f"RUN follows the RUN on line {previous.span.line}: join them")
            previous = instruction


def _joinable(first: RunInstruction, second: RunInstruction) -> bool:
    return _flags(first) == _flags(second) and _commands(first) <= 1 and _commands(second) <= 1


def _flags(run: RunInstruction) -> set[tuple[str, str]]:
    return {(flag.name, flag.value.value) for flag in run.flags}


def _commands(run: RunInstruction) -> int:
    """The commands the RUN's own shell runs (an ``sh -c`` string's are another shell's), tests
    (``[ … ]``, ``[[ … ]]``) left out as ShellCheck, which hadolint counts with, leaves them."""
    return sum(
        1
        for command in run.script.every_command()
        if command.name not in ("", "[", "[[") and command.header is None and not command.placement.child
    )
