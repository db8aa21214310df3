from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidUrlLabel(TypedLabelRule):
    """A label the label schema types `url` is not a URL.

    ## What it does
    With the `label-schema` option naming labels of type `url` (hadolint's `label-schema`, as
    `name:url` entries), flags a LABEL that gives one of them a value that is not an absolute
    URL as RFC 3986 writes it: a scheme, then the rest (`https://github.com/org/repo`,
    `mailto:team@example.com`). A host without a scheme (`github.com/org/repo`), spaces and bad
    `%` escapes are flagged. Values are read after ARG and ENV substitution; one behind a
    variable with no known value is not checked, nor is an empty one (see empty-label).
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    Tools read these labels to link an image to its source, documentation or vendor (GitHub
    links a package to its repository by `org.opencontainers.image.source`). A value that is
    not a URL breaks those links silently, and a schema the team agreed on is only worth
    something if it is kept.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-url-label.label-schema=org.opencontainers.image.source:url
    FROM alpine:3.20
    LABEL org.opencontainers.image.source="github.com/example/app"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-url-label.label-schema=org.opencontainers.image.source:url
    FROM alpine:3.20
    LABEL org.opencontainers.image.source="https://github.com/example/app"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3052
    - https://github.com/opencontainers/image-spec/blob/main/annotations.md
    - https://www.rfc-editor.org/rfc/rfc3986#section-3
    """

    code = "HC784"
    advice = "Give the label an absolute URL, with its scheme (https://…)."
    hadolint_codes = ("DL3052",)
    label_type = "url"
