from __future__ import annotations

from hullcheck.engine.label_rules import TypedLabelRule


class InvalidLicenseLabel(TypedLabelRule):
    """A label the label schema types `spdx` is not an SPDX license identifier.

    ## What it does
    With the `label-schema` option naming labels of type `spdx` (as `name:spdx` entries), flags
    a LABEL that gives one of them a value that is not one identifier of the SPDX License List
    (3.29), written as the list writes it: `MIT`, `Apache-2.0`, `GPL-3.0-or-later`. Another case
    (`mit`), a name (`Apache 2.0`) and an expression (`MIT OR Apache-2.0`) are flagged, as
    hadolint, which reads one identifier, flags them. Values are read after ARG and ENV
    substitution; one behind a variable with no known value is not checked, nor is an empty one.
    `ONBUILD LABEL` triggers are checked too; a value with a variable there is the later
    build's, and is not checked.

    ## Why is this bad?
    License scanners and SBOM tools read `org.opencontainers.image.licenses` as SPDX; a value
    they cannot match leaves the image's license unknown to every compliance check downstream.

    ## Example
    ```dockerfile
    # run with --rule-option invalid-license-label.label-schema=org.opencontainers.image.licenses:spdx
    FROM alpine:3.20
    LABEL org.opencontainers.image.licenses="Apache 2"
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option invalid-license-label.label-schema=org.opencontainers.image.licenses:spdx
    FROM alpine:3.20
    LABEL org.opencontainers.image.licenses="Apache-2.0"
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3054
    - https://spdx.org/licenses/
    - https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "HC786"
    advice = "Use the license's SPDX identifier, as the SPDX License List writes it (Apache-2.0)."
    hadolint_codes = ("DL3054",)
    label_type = "spdx"
