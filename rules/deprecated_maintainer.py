from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import MaintainerInstruction
from hullcheck.model.edits import exactly_written, written_keyword

_AUTHORS = "org.opencontainers.image.authors"


class DeprecatedMaintainer(BestPracticeRule):
    """MAINTAINER is deprecated.

    ## What it does
    Flags the `MAINTAINER` instruction, as hadolint's DL4000 and BuildKit's
    MaintainerDeprecated check do.

    ## Why is this bad?
    `MAINTAINER` fills the image's legacy `author` field, which the OCI image format and
    most tools no longer read. The `org.opencontainers.image.authors` label holds the same
    information where registries, scanners and `docker inspect` look for it.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    MAINTAINER moby@example.com
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors="moby@example.com"
    ```

    ## Fix
    Safe: `MAINTAINER x` becomes `LABEL org.opencontainers.image.authors="x"`, for a
    maintainer on one line with no `"`, `\\`, `$` or backtick (which the label's quotes would
    read otherwise).

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4000
    - https://docs.docker.com/reference/build-checks/maintainer-deprecated/
    - https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
    """

    code = "HC609"
    severity = Severity.ERROR
    advice = 'Use LABEL org.opencontainers.image.authors="…" instead.'
    hadolint_codes = ("DL4000",)
    buildkit_checks = ("MaintainerDeprecated",)

    def visit_maintainer_instruction(self, instruction: MaintainerInstruction) -> None:
        self.report(
            instruction.keyword,
            f"MAINTAINER is deprecated: set the {_AUTHORS} label",
            fix=_label(instruction),
        )


def _label(instruction: MaintainerInstruction) -> Fix | None:
    """The LABEL that says what the MAINTAINER says, in its place."""
    maintainer = instruction.maintainer
    if maintainer is None or not exactly_written(maintainer) or not exactly_written(instruction.keyword):
        return None
    if instruction.keyword.span.line != maintainer.span.line or any(c in maintainer.value for c in '"\\$`'):
        return None
    label = f'{written_keyword(instruction, "LABEL")} {_AUTHORS}="{maintainer.value}"'
    edit = TextEdit(instruction.keyword.span.cover(maintainer.span), label)
    return Fix(f"Write {label}", (edit,), Applicability.SAFE)
