from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.label_rules import LabelSchemaRule
from hullcheck.engine.rule import in_words
from hullcheck.model.dockerfile import Dockerfile, LabelInstruction, Stage


class MissingLabel(LabelSchemaRule):
    """An image the Dockerfile builds lacks a label of the label schema.

    ## What it does
    With the `label-schema` option (hadolint's `label-schema`, as `name:type` entries), flags
    the labels of the schema that an image the Dockerfile builds does not set, at the stage's
    FROM (one finding names them all). The images are the final stage (or the target stage of
    the Compose service that builds it) and every stage nothing else uses, each of which
    `--target` may build: a stage another stage is built `FROM`, or copies or mounts files
    from, is an intermediate step that needs no labels. Labels set in the stages an image is
    built from count (`FROM base` inherits its labels); those of a base image from a registry
    cannot be seen and do not count.

    ## Why is this bad?
    A label schema says what every image must carry (its source, version, maintainer); an
    image without one of them is the one nobody can trace when it matters.

    ## Example
    ```dockerfile
    # run with --rule-option missing-label.label-schema=org.opencontainers.image.source:url
    FROM alpine:3.20
    LABEL org.opencontainers.image.title="app"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option missing-label.label-schema=org.opencontainers.image.source:url
    FROM golang:1.23 AS build
    RUN go build -o /app ./...
    FROM alpine:3.20
    LABEL org.opencontainers.image.source="https://github.com/example/app"
    COPY --from=build /app /app
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3049
    - https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "HC781"
    severity = Severity.NOTE
    advice = "Set the label in the image's stage (or a stage it is built from)."
    hadolint_codes = ("DL3049",)

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        if not self.schema or not dockerfile.stages:
            return
        used = dockerfile.used_stages()
        final = dockerfile.stages[-1]
        for stage in dockerfile.stages:
            if stage.index in used and stage is not final:
                continue
            present = {
                label.key.value
                for ancestor in stage.lineage
                for instruction in ancestor.instructions
                if isinstance(instruction, LabelInstruction)
                for label in instruction.labels
            }
            missing = [f"'{name}'" for name in self.schema if name not in present]
            if missing:
                which = dockerfile.final_stage_label if stage is final else f"stage {_stage_name(stage)}"
                labels = in_words(missing, most=len(missing))
                plural = "s" if len(missing) > 1 else ""
                self.report(stage.from_instruction.keyword, f"{which} has no label{plural} {labels}")


def _stage_name(stage: Stage) -> str:
    return f"'{stage.name}'" if stage.name else str(stage.index)
