from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import FromInstruction


class ImageWithoutDigest(Rule):
    """An image is pinned by tag only, so the registry can change what the tag points to.

    ## What it does
    Flags a `FROM` image and a Compose service `image:` that names a version tag but no
    `@sha256:` digest, after ARG defaults and interpolation defaults are applied. Images with
    no tag or the `latest` tag are left to `unpinned-image` (HC401), so one image is not
    reported twice. Stage references, `scratch`, images that are not pulled (one the project
    builds itself: a service's `build:` that names it, a `docker build -t` earlier in the same
    script; a service's image with `pull_policy: never`) and references that stay unresolved
    are not flagged.

    Off by default: pinning every image by digest is a supply-chain policy that needs a bot to
    keep the digests current, and most projects pin by tag. Turn it on with
    `extend-select = ["image-without-digest"]` or `--extend-select HC402`.

    ## Why is this bad?
    A tag is a movable pointer: the publisher, anyone who takes over the publisher's account,
    or a compromised registry can point `python:3.12` at different content, and the next build
    or pull silently uses it. A digest names the content itself, so what was reviewed is what
    runs and every rebuild starts from the same bytes; tools such as Renovate or Dependabot
    keep digests current, and the tag can stay beside the digest for readers.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
    USER nobody
    ```

    ## References
    - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    - https://docs.docker.com/dhi/core-concepts/digests/
    - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
    - https://docs.kics.io/latest/queries/kubernetes-queries/7c81d34c-8e5a-402b-9798-9f442630e678
    """

    code = "HC402"
    enabled_by_default = False
    severity = Severity.NOTE
    security_severity = 3.0
    cwe = (494, 1357)
    advice = "Add the image's digest to the reference: `image:1.2.3@sha256:…`."

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        base = instruction.base
        if base is not None and isinstance(base.value, ImageReference) and instruction.base_built_at is None:
            subject = f"stage '{instruction.alias.value}'" if instruction.alias else "FROM"
            self._check(Located(base.value, base.span), subject)

    def visit_container(self, container: Container) -> None:
        image = container.image
        if image is not None and container.pulls_image and isinstance(image.value, ImageReference):
            self._check(Located(image.value, image.span), container.subject)

    def _check(self, image: Located[ImageReference], subject: str) -> None:
        reference = image.value
        if reference.is_scratch or reference.is_pinned_by_digest or reference.has_floating_tag:
            return
        self.report(image, f"{subject} uses image '{reference.text}' pinned by tag only, not by digest")
