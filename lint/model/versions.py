"""What a lint of one version of a document made, kept for the lint of its next version (the
language server's re-lint after an edit) to take wherever the document is unchanged."""

from __future__ import annotations

from collections.abc import Hashable

from hullcheck.generics import Generic, TypeVar

_Value = TypeVar("_Value")


class LastVersion(Generic[_Value]):
    """Values by key: those the last lint made or took (``known``), and those this one has so
    far (``keep``); ``start`` begins a lint, ``finish`` makes its values the last. Nothing older
    is kept."""

    __slots__ = ("last", "met")

    def __init__(self) -> None:
        self.last: dict[Hashable, _Value] = {}
        self.met: dict[Hashable, _Value] = {}

    def known(self, key: Hashable) -> _Value | None:
        return self.last.get(key)

    def keep(self, key: Hashable, value: _Value) -> None:
        self.met[key] = value

    def start(self) -> None:
        self.met = {}  # a lint that did not finish (it raised) leaves nothing

    def finish(self) -> None:
        self.last, self.met = self.met, {}

    def forget(self) -> None:
        self.last, self.met = {}, {}
