"""The images a Compose project builds itself, and the services and Dockerfiles that use them.

A service with ``build:`` and ``image: myapp`` makes the image ``myapp``. Another service that
runs ``image: myapp`` runs that local image, unless its ``pull_policy`` pulls anyway
(``always``, ``daily``, ``weekly``, ``every_<duration>``, ``refresh``); a Dockerfile a service
builds ``FROM myapp`` (written so, or through a build arg) starts from it. Neither is pulled from
a registry. Names compare as the engine stores them (``myapp`` is ``docker.io/library/myapp:latest``);
an image behind an unset variable is not matched.

Resolved once over the services of a file (or the merged project) after parsing, like the
namespaces they share (see hullcheck.parsers.compose_namespaces): rules then read
:attr:`Container.image_built_at` and :attr:`FromInstruction.base_built_at`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.dockerfile import Dockerfile
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span

# the pull policies under which a local image of the name runs when there is one
_LOCAL_FIRST = frozenset({"missing", "if_not_present", "never", "build"})

BuiltImages = Mapping[str, Span]  # where the project builds each image, by its local name


def built_images(containers: Iterable[Container]) -> dict[str, Span]:
    """The images ``containers`` build (those with ``build:`` and an ``image:`` naming the result),
    each at the first ``build:`` that makes it."""
    built: dict[str, Span] = {}
    for container in containers:
        image = container.image
        if container.build is not None and image is not None and isinstance(image.value, ImageReference):
            built.setdefault(image.value.local_name, container.build.span)
    return built


def link_built_images(model: ComposeFile) -> None:
    """Record on each service whose image the project builds where it builds it (replacing what
    an earlier call recorded): its own ``build:``, or another service's."""
    built = built_images(model.containers)
    for container in model.containers:
        container.image_built_at = None
        image = container.image
        if image is None or not isinstance(image.value, ImageReference):
            continue
        if container.build is not None:
            container.image_built_at = container.build.span
        elif _runs_local_image(container):
            container.image_built_at = built.get(image.value.local_name)


def mark_built_bases(model: Dockerfile, built: BuiltImages) -> None:
    """Record on each FROM of ``model`` where the project builds its base image, if it does."""
    for stage in model.stages:
        instruction = stage.from_instruction
        base = instruction.base
        if base is not None and isinstance(base.value, ImageReference):
            instruction.base_built_at = built.get(base.value.local_name)


def builds_a_base(model: Dockerfile, built: BuiltImages) -> bool:
    """Whether a FROM of ``model`` names an image the project builds."""
    return any(
        isinstance(base.value, ImageReference) and base.value.local_name in built
        for stage in model.stages
        if (base := stage.from_instruction.base) is not None
    )


def _runs_local_image(container: Container) -> bool:
    policy = container.pull_policy
    return policy is None or policy.value in _LOCAL_FIRST
