from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import MaintainerInstruction


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
        self.report(instruction.keyword, "MAINTAINER is deprecated: set the org.opencontainers.image.authors label")
