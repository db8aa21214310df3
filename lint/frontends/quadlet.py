"""Podman Quadlet units: ``.container``, ``.pod`` and ``.build`` files, the containers, pods
and image builds systemd starts through Quadlet (see hullcheck.parsers.quadlet)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from hullcheck.frontends import FrontEnd, NotLinted, Parsed
from hullcheck.model.node import Node
from hullcheck.parsers.suppressions import CommentSyntax
from hullcheck.patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions
    from hullcheck.model.container import Container

# the units that start something (a container, a pod, an image build) and those a container
# names (its volumes, networks, pulled images), whose parse errors are reported where they are
# written; ``meson.build`` is Meson's. ``.kube`` units run Kubernetes YAML, not read here
_NAME = re.compile(r"(?!meson\.build$).+\.(?:container|pod|build|volume|network|image)")


class QuadletFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.UNIT_FILE
    statement = "assignment"
    # not the editors' ids for systemd units in general: a .service or .timer is no Quadlet unit
    language_ids = frozenset({"quadlet"})
    warm_up = b"[Container]\nImage=docker.io/library/alpine:3.20\n"

    def claims_name(self, name: str) -> bool:
        return _NAME.fullmatch(name) is not None

    def may_hold_findings(self, data: bytes) -> bool | NotLinted:
        """A file of a unit's name without a Quadlet section (``[Container]``, ``[Volume]`` …
        on a line of its own) is no unit (a log, a disk image): skipped with a note, unparsed.
        One with a section is a unit, bytes that are no text in it a parse error."""
        if _SECTION_LINE.search(data) is not None:
            return True
        if b"\x00" in data:
            return NotLinted("binary: named like a Podman Quadlet unit, but not one")
        return NotLinted("named like a Podman Quadlet unit, but without a Quadlet section such as [Container]")

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.quadlet import parse_quadlet

        parsed = parse_quadlet(text, path, file)
        return Parsed(parsed.model, parsed.problems, parsed.inputs, parsed.sources)

    def built_containers(self, model: Node) -> list[Container]:
        from hullcheck.model.quadlet import QuadletFile  # loaded: it made the model

        if not isinstance(model, QuadletFile):
            return []
        return [container for container in model.calls.containers if container.build is not None]

    def statement_starts(self, model: Node) -> Mapping[int, int]:
        from hullcheck.model.quadlet import QuadletFile

        return model.statement_starts if isinstance(model, QuadletFile) else {}


_SECTION_LINE = LazyPattern(rb"^[ \t]*\[(?:Container|Pod|Build|Volume|Network|Image)\][ \t]*\r?$", re.MULTILINE)
