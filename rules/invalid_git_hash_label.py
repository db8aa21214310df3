from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidGitHashLabel(TypedLabelRule):
    """A label the label schema types `hash` is not a Git commit hash.

    ## What it does
    With the `label-schema` option naming labels of type `hash` (as `name:hash` entries), flags a
    LABEL that gives one of them a value that is not a Git commit as hadolint takes it: 40
    lowercase hexadecimal digits, or the 7 of a short hash. A branch or tag name, upper case
    and other lengths are flagged. Values are read after ARG and ENV substitution; one behind a
    variable with no known value (`$GIT_COMMIT` given at build time) is not checked, nor is an
    empty one.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    `org.opencontainers.image.revision` ties an image to the exact source it was built from; a
    branch name moves, so the label no longer says which commit is inside.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-git-hash-label.label-schema=org.opencontainers.image.revision:hash
    FROM alpine:3.20
    LABEL org.opencontainers.image.revision="main"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-git-hash-label.label-schema=org.opencontainers.image.revision:hash
    FROM alpine:3.20
    ARG GIT_COMMIT
    LABEL org.opencontainers.image.revision="$GIT_COMMIT"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3055
    - https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "HC787"
    advice = "Give the label the full commit hash (git rev-parse HEAD), or pass it as a build arg."
    hadolint_codes = ("DL3055",)
    label_type = "hash"
