"""Generic classes without :mod:`typing` at run time.

Importing ``typing`` is 3 ms of the ~46 ms of a cold ``hullcheck Dockerfile``, and nothing else
such a run needs imports it (argparse, pathlib, re, enum and json do not), so hullcheck imports
typing's names for type checkers only (``if TYPE_CHECKING:``). A generic class needs ``Generic``
and its type variables when it is defined, in its bases: these stand-ins serve for that, and a
subscript of the class (``Located[str]``) is the class itself. Type checkers see typing's own.
"""

from __future__ import annotations

__all__ = ["AnyStr", "Generic", "TypeVar"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import AnyStr, Generic, TypeVar
else:

    class TypeVar:
        """A type variable: its name, all a class's bases need of it."""

        __slots__ = ("__name__",)

        def __init__(self, name: str, *constraints: object, **variance_or_bound: object) -> None:
            self.__name__ = name

        def __repr__(self) -> str:
            return f"~{self.__name__}"

    class Generic:
        """The base of a generic class, which a subscript leaves as it is."""

        __slots__ = ()

        def __class_getitem__(cls, parameters: object) -> type:
            return cls

    AnyStr = TypeVar("AnyStr", bytes, str)
