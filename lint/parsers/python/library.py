"""What a library adapter declares: the calls it reads, by name, and the engine objects it makes.

Each adapter module (``docker_sdk``, ``testcontainers``, ``whales``, ``subprocess``) ends with one
:class:`Library`; the package registers them in one tuple and sends each call of a module to the
reader its library declares for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias

import libcst as cst

from hullcheck.model.container import EngineCalls
from hullcheck.parsers.python.evaluator import Evaluator, Objects
from hullcheck.records import Record, field

Reader: TypeAlias = Callable[[Evaluator, cst.Call], EngineCalls]
"""Reads one call onto the container model: the containers it starts, images it builds, clients it makes."""


class Family(Record, frozen=True, slots=True):
    """Classes known by their package and the shape of their names rather than one by one:
    testcontainers' ``DockerContainer``, ``PostgresContainer`` and every other ``…Container``."""

    package: str
    named: Callable[[str], bool]  # whether a class name (the last part of a qualified name) is one

    def holds(self, qualified: str) -> bool:
        module, _, name = qualified.rpartition(".")
        return module.split(".")[0] == self.package and self.named(name)


class Library(Record, frozen=True, slots=True):
    """One library's adapter. A call is read by the reader of the function or class it calls (by
    qualified name, import aliases resolved), else, for a method, by the reader of that method on
    the kind of object it is called on: ``(None, name)`` reads it on an object of no known kind.
    Within a library, families come first, then functions in the order given."""

    functions: Mapping[str, Reader] = field(default_factory=dict)
    families: Mapping[Family, Reader] = field(default_factory=dict)
    methods: Mapping[tuple[str | None, str], Reader] = field(default_factory=dict)
    objects: Objects = field(default_factory=Objects)

    def function_reader(self, names: set[str]) -> Reader | None:
        """The reader of a call of what ``names`` name (a name bound in several ways has several)."""
        for family, reader in self.families.items():
            if any(family.holds(name) for name in names):
                return reader
        return next((reader for name, reader in self.functions.items() if name in names), None)
