from __future__ import annotations

import posixpath

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import AddInstruction, CopyInstruction, Dockerfile


class WholeContextCopy(BestPracticeRule):
    """COPY copies the whole build context (`COPY . .`) while no `.dockerignore` curates it.

    ## What it does
    Flags a COPY or ADD whose source is the build context's root (`.`, `./`, `/`, quoted or
    not, after ARG and ENV substitution) when the context has no ignore file: neither a
    `.dockerignore` in the context (the Dockerfile's folder, or the `build.context` of the
    Compose service that builds it) nor the Dockerfile's own `<name>.dockerignore`. A Dockerfile
    read from standard input, whose context is unknown, is flagged as hadolint flags every one.
    `COPY --from=<stage> . .` copies from another stage, not from the context, and is not
    flagged (hadolint flags it). With an ignore file, what `.` holds is the author's choice:
    make sure it leaves out `.git`, `.env` and other secrets.

    ## Why is this bad?
    The build context is everything in the folder: the `.git` history, `.env` files with
    credentials, local configuration, build output. `COPY . .` puts all of it into a layer of
    the image, where anyone who pulls the image can read it, and any change to any file busts
    the build cache of this step and every step after it.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY pyproject.toml ./
    COPY src/ ./src/
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4007
    - https://docs.docker.com/build/concepts/context/#dockerignore-files
    - https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore
    """

    code = "HC791"
    severity = Severity.WARNING
    advice = "Copy the files the image needs by name, or add a .dockerignore that leaves out .git, .env and secrets."
    hadolint_codes = ("DL4007",)

    curated: bool  # the build context has an ignore file

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        self.curated = dockerfile.context is not None and dockerfile.context.ignore_file is not None

    def visit_copy_instruction(self, instruction: CopyInstruction) -> None:
        if self.curated:
            return
        for source in instruction.context_sources():
            if posixpath.normpath(source.value) in (".", "/", "//"):
                self.report(
                    source,
                    f"{instruction.keyword.value} '{source.value}' copies the whole build context, which no"
                    " .dockerignore curates: .git, .env and local files go into the image",
                )

    def visit_add_instruction(self, instruction: AddInstruction) -> None:
        self.visit_copy_instruction(instruction)
