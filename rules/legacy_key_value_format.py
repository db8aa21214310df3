from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import EnvInstruction, LabelInstruction


class LegacyKeyValueFormat(BestPracticeRule):
    """ENV or LABEL is written in the legacy `key value` form.

    ## What it does
    Flags `ENV NAME value` and `LABEL key value`, where a space instead of `=` separates the
    name from its value, as BuildKit's LegacyKeyValueFormat check does. (`ARG foo bar` is not this form: it
    declares two build arguments, `foo` and `bar`, and BuildKit does not flag it either.)

    ## Why is this bad?
    The legacy form is deprecated. It sets one variable to the whole rest of the line,
    spaces and quotes included, so `ENV A 1 B 2` sets `A` to `1 B 2` rather than two
    variables, and a later edit to the `key=value` form changes the value silently.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    LABEL maintainer Jo
    ENV DEPS \\
        curl \\
        git
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    LABEL maintainer=Jo
    ENV DEPS="curl git"
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/legacy-key-value-format/
    - https://docs.docker.com/reference/dockerfile/#env
    """

    code = "HC604"
    severity = Severity.NOTE
    advice = "Write key=value, quoting a value that holds spaces."
    buildkit_checks = ("LegacyKeyValueFormat",)

    def visit_env_instruction(self, env: EnvInstruction) -> None:
        if env.legacy and env.assignments:
            name = env.assignments[0].name
            self.report(name, f"ENV {name.value} sets its value in the legacy 'ENV key value' form")

    def visit_label_instruction(self, label: LabelInstruction) -> None:
        if label.legacy and label.labels:
            key = label.labels[0].key
            self.report(key, f"LABEL {key.value} sets its value in the legacy 'LABEL key value' form")
