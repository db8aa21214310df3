from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CopyInstruction, Stage


class RelativeCopyWithoutWorkdir(BestPracticeRule):
    """COPY to a relative destination before any WORKDIR.

    ## What it does
    Flags a `COPY` whose destination is a relative path (`.`, `app/`, `config.yaml`) when no
    `WORKDIR` comes before it in its stage or in the stages it is built `FROM`. Absolute
    destinations (`/app/`, `C:\\app`, `C:/app`) and destinations that start with a variable
    (`$APP_HOME/`) are not flagged.

    ## Why is this bad?
    A relative destination is relative to the working directory, which, until the Dockerfile
    sets one, is whatever the base image chose (`/` for most, `/usr/src/app`, `/home/node` …).
    The files land somewhere that changes when the base image does, and readers cannot tell
    where from the Dockerfile.

    ## Example
    ```dockerfile
    FROM node:22-slim
    COPY package.json .
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json .
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3045
    - https://docs.docker.com/reference/dockerfile/#workdir
    """

    code = "HC636"
    severity = Severity.WARNING
    advice = "Set `WORKDIR` before the COPY, or copy to an absolute path."
    hadolint_codes = ("DL3045",)
    stage: Stage | None = None

    def visit_stage(self, stage: Stage) -> None:
        self.stage = stage

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        destination, stage = copy.destination, self.stage
        if stage is None or destination is None or _is_absolute(destination.value) or _workdir_set(stage, copy):
            return
        self.report(destination, f"COPY to the relative path '{destination.value}' before any WORKDIR")


def _workdir_set(stage: Stage, copy: CopyInstruction) -> bool:
    """Whether a WORKDIR comes before ``copy`` in its stage or in the stages it is built from."""
    for instruction in stage.instructions:
        if instruction is copy:
            break
        if instruction.keyword.value == "WORKDIR":
            return True
    return any(
        instruction.keyword.value == "WORKDIR"
        for parent in list(stage.lineage)[1:]
        for instruction in parent.instructions
    )


def _is_absolute(path: str) -> bool:
    """``/app``, a Windows drive path (``C:\\app``, ``C:/app``), or a variable's value."""
    return path.startswith(("/", "$")) or path[1:3] in (":\\", ":/")
