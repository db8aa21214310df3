"""The images a Compose project builds itself, and the services and Dockerfiles that use them.

A service with ``build:`` and ``image: myapp`` makes the image ``myapp``. Another service that
runs ``image: myapp`` runs that local image, unless its ``pull_policy`` pulls anyway
(``always``, ``daily``, ``weekly``, ``every_<duration>``, ``refresh``); a Dockerfile a service
builds ``FROM myapp`` (written so, or through a build arg) starts from it, and one that copies
``--from=myapp`` or mounts ``from=myapp`` reads it. None is pulled from a registry. Names
compare as the engine stores them (``myapp`` is ``docker.io/library/myapp:latest``); an image
behind an unset variable is not matched.

Resolved once over the services of a file (or the merged project) after parsing, like the
namespaces they share (see hullcheck.parsers.compose_namespaces): rules then read
:attr:`Container.image_built_at`, :attr:`FromInstruction.base_built_at` and the
``origin_built_at`` of ``COPY --from`` and ``RUN --mount``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from hullcheck import records
from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.image import ImageReference, StageReference
from hullcheck.model.span import Located, Span, Unresolved

if TYPE_CHECKING:  # a Compose file that builds nothing loads no Dockerfile model
    from hullcheck.model.dockerfile import Dockerfile

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
        elif container.prefers_local_image:
            container.image_built_at = built.get(image.value.local_name)


def mark_built_images(model: Dockerfile, built: BuiltImages) -> None:
    """Record where the project builds each image ``model`` takes from one, if it does: a FROM's
    base, a ``COPY --from`` and a ``RUN --mount=from=`` image. Only on a model of its own: it
    changes the model's instructions."""
    from hullcheck.model.dockerfile import CopyInstruction, RunInstruction  # loaded: it made the model

    for stage in model.stages:
        start = stage.from_instruction
        start.base_built_at = _built_at(start.base, built)
        for instruction in stage.instructions:
            if isinstance(instruction, CopyInstruction):
                instruction.origin_built_at = _built_at(instruction.origin, built)
            elif isinstance(instruction, RunInstruction):
                instruction.mounts = [
                    records.replace(mount, origin_built_at=_built_at(mount.origin, built))
                    for mount in instruction.mounts
                ]


def uses_built_image(model: Dockerfile, built: BuiltImages) -> bool:
    """Whether ``model`` takes from an image the project builds (see mark_built_images)."""
    if not built:
        return False
    from hullcheck.model.dockerfile import CopyInstruction, RunInstruction  # loaded: it made the model

    for stage in model.stages:
        origins = [stage.from_instruction.base]
        for instruction in stage.instructions:
            if isinstance(instruction, CopyInstruction):
                origins.append(instruction.origin)
            elif isinstance(instruction, RunInstruction):
                origins.extend(mount.origin for mount in instruction.mounts)
        if any(_built_at(origin, built) is not None for origin in origins):
            return True
    return False


def _built_at(image: Located[ImageReference | StageReference | Unresolved] | None, built: BuiltImages) -> Span | None:
    if image is None or not isinstance(image.value, ImageReference):
        return None
    return built.get(image.value.local_name)
