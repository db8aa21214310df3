from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import FromInstruction


class UnpinnedImage(Rule):
    """An image is pulled with no tag or the `latest` tag, so what runs can change without notice.

    ## What it does
    Flags a `FROM` image and a Compose service `image:` that has no tag or the `latest` tag,
    after ARG defaults and interpolation defaults are applied; for a Dockerfile a Compose service
    builds, after its `build.args` too (reported at the `FROM`, with a related location on the
    service). Stage references, `scratch`, references pinned by digest, and images that are not
    pulled are not flagged: one the project builds itself (a service's `image:` that names what
    its `build:` makes, used by that service, another one or a `FROM`; a `docker run` image that
    a `docker build -t` earlier in the same script tags), and a service's image with
    `pull_policy: never`. A registry port (`localhost:5000/app`) is not a tag. A reference that
    stays unresolved is not guessed at.

    ## Why is this bad?
    A floating tag is whatever the registry serves at pull time: builds stop being
    reproducible, a compromised or broken upstream release reaches you on the next pull, and a
    review of the Dockerfile no longer says what runs. Pin a version tag, or a digest for full
    immutability.

    ## Example
    ```dockerfile
    FROM ubuntu:latest
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM ubuntu:24.04
    USER nobody
    ```

    ## References
    - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    - https://github.com/hadolint/hadolint/wiki/DL3007
    """

    code = "HC401"
    severity = Severity.WARNING
    security_severity = 5.0
    cwe = (1357, 494)
    advice = "Pin a version tag (`image:1.2.3`) or a digest (`image@sha256:…`)."
    hadolint_codes = ("DL3006", "DL3007")

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        base = instruction.base
        if base is not None and isinstance(base.value, ImageReference) and instruction.base_built_at is None:
            written = instruction.written.value if instruction.written else None
            subject = f"stage '{instruction.alias.value}'" if instruction.alias else "FROM"
            self._check(Located(base.value, base.span), subject, written)

    def visit_container(self, container: Container) -> None:
        image = container.image
        if image is not None and container.pulls_image and isinstance(image.value, ImageReference):
            self._check(Located(image.value, image.span), container.subject, None)

    def _check(self, image: Located[ImageReference], subject: str, written: str | None) -> None:
        reference = image.value
        if reference.is_scratch or not reference.has_floating_tag:
            return
        problem = "the floating tag 'latest'" if reference.tag else "no tag, so 'latest' is pulled"
        resolved = f" (from {written})" if written and written != reference.text else ""
        self.report(image, f"{subject} uses image '{reference.text}'{resolved} with {problem}")
