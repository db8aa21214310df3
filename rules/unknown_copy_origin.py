from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CopyInstruction, Dockerfile, Stage
from hullcheck.model.image import ImageReference, StageReference
from hullcheck.model.span import Unresolved


class UnknownCopyOrigin(BestPracticeRule):
    """`COPY --from` names no earlier stage, and no image by a tag or digest.

    ## What it does
    Flags a `COPY --from=<name>` whose name, after ARG substitution, is not a stage defined
    before the instruction's stage: a stage defined later in the file, a stage index past the
    last stage (`--from=7`), or a bare name (`--from=buidl`) that matches no stage, which BuildKit
    then pulls as the image `<name>:latest`. An image named with a tag or digest
    (`--from=ghcr.io/astral-sh/uv:0.8.15`, `--from=nginx:1.27`) is fine, as is a stage named in
    another case (BuildKit lower-cases stage names) or through an ARG that resolves to one. A
    name that stays unknown (`--from=$IMAGE` with no value) is not flagged. The stage itself is
    copy-from-own-stage's.

    ## Why is this bad?
    A bare name that matches no stage is usually a misspelt stage name; BuildKit does not say so,
    it tries to pull an image of that name from Docker Hub, which fails, or worse, succeeds with
    someone else's image. A stage that comes later in the file makes the build order hard to
    follow (and the legacy builder refused it).

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM alpine:3.20
    COPY --from=biuld /out/app /usr/local/bin/app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM alpine:3.20
    COPY --from=build /out/app /usr/local/bin/app
    COPY --from=busybox:1.36 /bin/busybox /bin/busybox
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3022
    - https://docs.docker.com/reference/dockerfile/#copy---from
    """

    code = "HC633"
    severity = Severity.WARNING
    advice = "Name a stage defined before this one, or an image with its tag (`--from=image:tag`)."
    hadolint_codes = ("DL3022",)
    stage: Stage | None = None
    stages = 0  # in the Dockerfile

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        self.stages = len(dockerfile.stages)

    def visit_stage(self, stage: Stage) -> None:
        self.stage = stage

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        origin, stage, flag = copy.origin, self.stage, copy.flag("from")
        if origin is None or stage is None or flag is None:
            return
        written = flag.value.value
        value = origin.value
        if isinstance(value, StageReference):
            if value.index > stage.index:
                name = f"'{value.name}'" if value.name else str(value.index)
                self.report(origin, f"COPY --from={written} names stage {name}, which is defined after this stage")
        elif isinstance(value, ImageReference):
            if value.tag is None and value.digest is None:
                self.report(
                    origin,
                    f"COPY --from={written} names no stage of this Dockerfile, so BuildKit pulls the image "
                    f"'{value.text}:latest'",
                )
        elif isinstance(value, Unresolved) and value.text.isdigit():
            self.report(origin, f"COPY --from={written} names stage {value.text}, and there are {self.stages} stages")
