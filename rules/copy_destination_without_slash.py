from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import AddInstruction, CopyInstruction


class CopyDestinationWithoutSlash(BestPracticeRule):
    """COPY or ADD of several sources to a destination that does not end with `/`.

    ## What it does
    Flags a `COPY` or `ADD` with more than one source (files, folders, globs or heredocs, in
    shell or JSON form) whose destination does not end with `/`. A destination held in a
    variable (`$APP_DIR`) is not flagged: its value decides; nor is `.`, which BuildKit takes as
    the working directory (hadolint's DL3021 flags it, and the legacy builder refused it).

    ## Why is this bad?
    With several sources the destination must be a folder, and Docker reads it as one only when
    it ends with `/`: otherwise the build fails ("When using COPY with more than one source
    file, the destination must be a directory and end with a /").

    ## Example
    ```dockerfile
    FROM node:22-slim
    COPY package.json package-lock.json /app
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    COPY package.json package-lock.json /app/
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3021
    - https://docs.docker.com/reference/dockerfile/#destination
    """

    code = "HC635"
    severity = Severity.ERROR
    advice = "End the destination with `/`."
    hadolint_codes = ("DL3021",)

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        destination = copy.destination
        count = len(copy.sources) + len(copy.heredoc_sources)
        if destination is None or count < 2 or "$" in destination.value:
            return
        if destination.value.endswith("/") or destination.value == ".":  # BuildKit takes . as ./
            return
        self.report(
            destination,
            f"{copy.keyword.value} of {count} sources to '{destination.value}', which does not end with /",
        )

    def visit_add_instruction(self, add: AddInstruction) -> None:
        self.visit_copy_instruction(add)
