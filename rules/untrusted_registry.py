from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Severity
from hullcheck.engine.options import RuleOption
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.image import ImageReference
from hullcheck.model.registries import registry_host, trusted_by
from hullcheck.model.span import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

    from hullcheck.model.dockerfile import CopyInstruction, FromInstruction, RunInstruction


class UntrustedRegistry(Rule):
    """An image comes from a registry that is not on the list of trusted registries.

    ## What it does
    With the `trusted-registries` option set, flags every image pulled from elsewhere: `FROM`
    images, `COPY --from=<image>`, `RUN --mount=from=<image>` and Compose service `image:`.
    References to build stages (by name or index), `scratch`, images that are not pulled (one
    the project builds itself: a service's `build:` that names it, a `docker build -t` earlier
    in the same script; a service's image with `pull_policy: never`) and references that stay
    unresolved (`$IMAGE`) are not flagged.
    An image without a registry host is from Docker Hub (`docker.io`). Entries are a registry
    (`docker.io`, `registry.example.com:5000`: a port is part of the registry), a registry and
    path prefix (`ghcr.io/my-org`, `docker.io/library` for official images only), a Docker Hub
    namespace (`bitnami`), or `*.` and a domain for its subdomains. The rule is off by default,
    and reports nothing while the list is empty: only you know which registries you trust.

    ## Why is this bad?
    Whoever controls the registry controls what the build or the container runs: an image from
    an unvetted registry or namespace bypasses the review, scanning, signing and mirroring that
    an organization applies to its approved sources, and a typo-squatted or abandoned namespace
    is an easy way into the supply chain. Pulling only from registries you trust keeps every
    base image and every tool image inside that control.

    ## Example
    ```dockerfile
    # run with --rule-option untrusted-registry.trusted-registries=registry.example.com
    FROM docker.io/library/python:3.12-slim
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    # run with --rule-option untrusted-registry.trusted-registries=registry.example.com
    FROM registry.example.com/mirror/python:3.12-slim
    USER nobody
    ```

    ## References
    - https://docs.docker.com/docker-hub/image-library/mirror/
    - https://docs.docker.com/security/for-admins/hardened-desktop/registry-access-management/
    - https://docs.docker.com/engine/security/trust/
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html
    """

    code = "HC403"
    severity = Severity.WARNING
    security_severity = 6.0
    cwe = (829, 494)
    advice = "Pull the image from a trusted registry (mirror it there), or add its registry to `trusted-registries`."
    hadolint_codes = ("DL3026",)
    enabled_by_default = False
    options: ClassVar[Mapping[str, RuleOption]] = {
        "trusted-registries": RuleOption(
            "string-list",
            (),
            "registries (`ghcr.io`, `host:5000`), registry paths (`ghcr.io/my-org`) or Docker Hub namespaces"
            " images may come from; empty reports nothing",
        )
    }

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        base = instruction.base
        if base is not None and isinstance(base.value, ImageReference) and instruction.base_built_at is None:
            subject = f"stage '{instruction.alias.value}'" if instruction.alias else "FROM"
            self._check(Located(base.value, base.span), subject)

    def visit_copy_instruction(self, instruction: CopyInstruction) -> None:
        origin = instruction.origin
        if origin is not None and isinstance(origin.value, ImageReference) and instruction.origin_built_at is None:
            self._check(Located(origin.value, origin.span), "COPY --from")

    def visit_run_instruction(self, instruction: RunInstruction) -> None:
        for mount in instruction.mounts:
            origin = mount.origin
            if origin is not None and isinstance(origin.value, ImageReference) and mount.origin_built_at is None:
                self._check(Located(origin.value, origin.span), "RUN --mount")

    def visit_container(self, container: Container) -> None:
        image = container.image
        if image is not None and container.pulls_image and isinstance(image.value, ImageReference):
            self._check(Located(image.value, image.span), container.subject)

    def _check(self, image: Located[ImageReference], subject: str) -> None:
        entries = self.string_list("trusted-registries")
        reference = image.value
        if not entries or reference.is_scratch or trusted_by(reference, entries):
            return
        self.report(
            image,
            f"{subject} uses image '{reference.text}' from {registry_host(reference)},"
            " which is not in trusted-registries",
        )
