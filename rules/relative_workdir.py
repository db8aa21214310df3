from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Stage, WorkdirInstruction
from hullcheck.model.instructions import is_absolute_path
from hullcheck.model.span import Unresolved


class RelativeWorkdir(BestPracticeRule):
    """WORKDIR is a relative path.

    ## What it does
    Flags a WORKDIR whose path, with ARG and ENV values substituted, does not start with `/`
    (nor a Windows drive such as `C:`). A path that starts with a variable nobody sets here
    (`WORKDIR $HOME/app`) is not flagged: it may well be absolute. Every relative WORKDIR is
    flagged, as hadolint does; BuildKit flags only the first WORKDIR of a stage (and of the
    stages it is built from), so a relative one after an absolute one is hadolint's alone.

    ## Why is this bad?
    A relative WORKDIR is resolved against the working directory in force, which, until the
    Dockerfile sets an absolute one, is the base image's: when the base image changes its
    WORKDIR, every later COPY, RUN and the container's command silently run somewhere else.
    An absolute path says where the files go.

    ## Example
    ```dockerfile
    FROM nginx:1.27 AS web
    WORKDIR usr/share/nginx/html
    COPY public .
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27 AS web
    WORKDIR /usr/share/nginx/html
    COPY public .
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3000
    - https://docs.docker.com/reference/build-checks/workdir-relative-path/
    - https://docs.docker.com/reference/dockerfile/#workdir
    """

    code = "HC607"
    severity = Severity.ERROR
    advice = "Give WORKDIR an absolute path."
    hadolint_codes = ("DL3000",)
    buildkit_checks = ("WorkdirRelativePath",)

    def visit_stage(self, stage: Stage) -> None:
        # hadolint flags every relative WORKDIR, BuildKit the first WORKDIR of a stage and the
        # stages it is built from: the first ones are among the rest
        earlier = next(
            (
                instruction
                for parent in list(stage.lineage)[1:]
                for instruction in reversed(parent.instructions)
                if isinstance(instruction, WorkdirInstruction)
            ),
            None,
        )
        for instruction in stage.instructions:
            if not isinstance(instruction, WorkdirInstruction) or instruction.path is None:
                continue
            path = instruction.path.value
            written = path.text if isinstance(path, Unresolved) else path
            if not is_absolute_path(written):
                against = (
                    "the base image's working directory"
                    if earlier is None
                    else f"the WORKDIR on line {earlier.span.line}"
                )
                self.report(instruction.path, f"WORKDIR {written} is relative to {against}")
            earlier = instruction
