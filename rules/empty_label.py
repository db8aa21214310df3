from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.label_rules import LabelSchemaRule
from hullcheck.model.dockerfile import Label


class EmptyLabel(LabelSchemaRule):
    """A label of the label schema is set to an empty value.

    ## What it does
    With the `label-schema` option (hadolint's `label-schema`, as `name:type` entries), flags a
    LABEL that sets one of the schema's labels to an empty value: `LABEL maintainer=""`, or a
    value whose ARG or ENV variables are all empty. A value behind a variable with no known
    value is not flagged: the build may give it one. Labels outside the schema may be empty.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    An empty label passes a check that the label is present while saying nothing: tools that
    read it find no maintainer, source or version, and nobody notices that it was never filled in.

    ## Example
    ```dockerfile
    # run with --rule-option empty-label.label-schema=maintainer:email
    FROM alpine:3.20
    LABEL maintainer=""
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option empty-label.label-schema=maintainer:email
    FROM alpine:3.20
    LABEL maintainer="team@example.com"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3051
    """

    code = "HC783"
    severity = Severity.WARNING
    advice = "Give the label its value, or leave it out if it has none."
    hadolint_codes = ("DL3051",)

    def check_labels(self, labels: list[Label]) -> None:
        for label in labels:
            if label.text == "" and label.key.value in self.schema:
                self.report(label.key, f"label '{label.key.value}' of the label schema is empty")
