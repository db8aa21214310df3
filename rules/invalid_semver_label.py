from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidSemverLabel(TypedLabelRule):
    """A label the label schema types `semver` is not a semantic version.

    ## What it does
    With the `label-schema` option naming labels of type `semver` (as `name:semver` entries),
    flags a LABEL that gives one of them a value that is not a Semantic Versioning 2.0.0
    version: `1.2.3`, `1.0.0-rc.1`, `2.0.0+build.5`. A `v` prefix, a missing part (`1.2`) and
    leading zeros are flagged. Values are read after ARG and ENV substitution (`version=$VERSION`
    with `ARG VERSION=1.4.0` is checked as `1.4.0`); one behind a variable with no known value
    is not checked, nor is an empty one.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    Release tooling and registries sort and compare the versions these labels hold; a value
    that is not a semantic version sorts wrongly or is refused.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-semver-label.label-schema=org.opencontainers.image.version:semver
    FROM alpine:3.20
    LABEL org.opencontainers.image.version="v1.2"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-semver-label.label-schema=org.opencontainers.image.version:semver
    FROM alpine:3.20
    LABEL org.opencontainers.image.version="1.2.0"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3056
    - https://semver.org/spec/v2.0.0.html
    """

    code = "HC788"
    advice = "Write the version as MAJOR.MINOR.PATCH (1.2.0), without a 'v'."
    hadolint_codes = ("DL3056",)
    label_type = "semver"
