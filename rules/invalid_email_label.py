from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidEmailLabel(TypedLabelRule):
    """A label the label schema types `email` is not an email address.

    ## What it does
    With the `label-schema` option naming labels of type `email` (as `name:email` entries), flags
    a LABEL that gives one of them a value that is not an RFC 5322 address
    (`maintainers@example.com`). A display name around the address (`Jane <jane@example.com>`),
    a missing `@` or domain are flagged. Values are read after ARG and ENV substitution; one
    behind a variable with no known value is not checked, nor is an empty one.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    Whoever finds a problem in the image (a scanner, an operator, an automated notice) needs a
    way to reach its maintainers; a label that is not an address gives them none a tool can use.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-email-label.label-schema=maintainer:email
    FROM alpine:3.20
    LABEL maintainer="Jane Doe <jane@example.com>"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-email-label.label-schema=maintainer:email
    FROM alpine:3.20
    LABEL maintainer="jane@example.com"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3058
    - https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
    """

    code = "HC789"
    advice = "Give the label a plain address (team@example.com), without a display name."
    hadolint_codes = ("DL3058",)
    label_type = "email"
