from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import LabelInstruction
from hullcheck.model.labels import label_key_problem


class InvalidLabelKey(BestPracticeRule):
    """A label key breaks Docker's guidelines for label keys.

    ## What it does
    Flags a LABEL key that is not lowercase letters, digits, `.` and `-`, starting with a letter
    and ending with a letter or digit, without `..` or `--`, as hadolint's DL3048 checks Docker's
    guidelines: `MAINTAINER`, `Version`, `image_name` and `app.` are flagged. Keys in the
    namespaces Docker reserves for itself (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`)
    are flagged too. The legacy form `LABEL key value` is read as well; a key built from a
    variable (`${PREFIX}.version`) is not checked.
    `ONBUILD LABEL` triggers are checked too: they label the images built `FROM` this one.

    ## Why is this bad?
    Labels of an image, its base images and its containers share one namespace: keys in reverse
    DNS notation (`org.opencontainers.image.title`, `com.example.team`) keep them apart, and
    tools that filter by label (`docker ps --filter label=…`, orchestrators, registries) expect
    the lowercase form. A key in a reserved namespace may be overwritten by Docker itself.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL Maintainer="team@example.com" image_name="app"
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors="team@example.com" org.opencontainers.image.title="app"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3048
    - https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations
    """

    code = "HC780"
    severity = Severity.NOTE
    advice = "Write label keys in lowercase reverse DNS notation (com.example.name)."
    hadolint_codes = ("DL3048",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_label_instruction(self, instruction: LabelInstruction) -> None:
        for label in instruction.labels:
            key = label.key.value
            if "$" in key:  # expanded at build time: unknown here
                continue
            problem = label_key_problem(key)
            if problem is not None:
                self.report(label.key, f"label key '{key}' {problem}")
