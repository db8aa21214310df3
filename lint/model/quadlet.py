"""Podman Quadlet unit files in the model: a unit is a file of code whose engine calls are the
container (``.container``, ``.pod``) or the image build (``.build``) Quadlet starts for it."""

from __future__ import annotations

from hullcheck.model.code import CodeFile
from hullcheck.records import Record, field


class QuadletFile(CodeFile, Record, slots=True, eq=False):
    """A Quadlet unit (``web.container``): what Quadlet's generated service runs.
    ``statement_starts``: the first line of the assignment each later line of a continued one
    belongs to (a suppression comment before ``Exec=`` covers all its lines)."""

    kind = "quadlet_file"

    statement_starts: dict[int, int] = field(default_factory=dict)
