from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidTimeLabel(TypedLabelRule):
    """A label the label schema types `rfc3339` is not an RFC 3339 date and time.

    ## What it does
    With the `label-schema` option naming labels of type `rfc3339` (as `name:rfc3339` entries),
    flags a LABEL that gives one of them a value that is not an RFC 3339 date-time with its
    offset: `2024-05-01T12:00:00Z`, `2024-05-01T14:00:00.5+02:00`. A date alone, a missing
    offset, a space for the `T` and impossible dates (`2023-02-29`) are flagged. Values are read
    after ARG and ENV substitution; one behind a variable with no known value (`$BUILD_DATE`
    given at build time) is not checked, nor is an empty one (see empty-label).
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    `org.opencontainers.image.created` and similar labels are read by registries, scanners and
    scripts that parse them as RFC 3339; another format is unreadable to them or misread.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-time-label.label-schema=org.opencontainers.image.created:rfc3339
    FROM alpine:3.20
    LABEL org.opencontainers.image.created="2024-05-01 12:00"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-time-label.label-schema=org.opencontainers.image.created:rfc3339
    FROM alpine:3.20
    ARG BUILD_DATE
    LABEL org.opencontainers.image.created="$BUILD_DATE"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3053
    - https://github.com/opencontainers/image-spec/blob/main/annotations.md
    - https://www.rfc-editor.org/rfc/rfc3339#section-5.6
    """

    code = "HC785"
    advice = "Write the date and time as RFC 3339 (2024-05-01T12:00:00Z), or pass it as a build arg."
    hadolint_codes = ("DL3053",)
    label_type = "rfc3339"
