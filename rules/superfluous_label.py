from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Severity
from hullcheck.engine.label_rules import LABEL_SCHEMA, LabelSchemaRule
from hullcheck.engine.options import RuleOption
from hullcheck.model.dockerfile import Label

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar


class SuperfluousLabel(LabelSchemaRule):
    """With strict labels, a LABEL sets a label the label schema does not name.

    ## What it does
    With the `strict-labels` option on (hadolint's `strict-labels`), flags each label a LABEL
    sets whose key is not in the `label-schema` option (`name:type` entries). As in hadolint,
    strict labels with an empty schema allow no label at all. Off by default, and reports
    nothing while `strict-labels` is off.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    A team that fixes the set of labels its images carry wants typos (`org.opencontainers.image.
    sorce`) and ad-hoc labels caught before they ship: a label outside the schema is either a
    mistake or a label the schema should name.

    ## Example
    ```dockerfile
    # run with --rule-option superfluous-label.strict-labels=true
    # run with --rule-option superfluous-label.label-schema=org.opencontainers.image.source:url
    FROM alpine:3.20
    LABEL org.opencontainers.image.sorce="https://github.com/example/app"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option superfluous-label.strict-labels=true
    # run with --rule-option superfluous-label.label-schema=org.opencontainers.image.source:url
    FROM alpine:3.20
    LABEL org.opencontainers.image.source="https://github.com/example/app"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3050
    """

    code = "HC782"
    severity = Severity.NOTE
    advice = "Set only the labels of the label schema (fix the key, or add the label to the schema)."
    hadolint_codes = ("DL3050",)
    options: ClassVar[Mapping[str, RuleOption]] = {
        "label-schema": LABEL_SCHEMA,
        "strict-labels": RuleOption("boolean", False, "allow only the labels `label-schema` names"),
    }

    def check_labels(self, labels: list[Label]) -> None:
        if not self.settings["strict-labels"]:
            return
        for label in labels:
            key = label.key.value
            if key not in self.schema and "$" not in key:
                self.report(label.key, f"label '{key}' is not in the label schema (strict-labels)")
