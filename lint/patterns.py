"""Regular expressions compiled when first used, not when their module is imported.

A run that lints one Dockerfile imports the modules of every Dockerfile construct and rule it
may meet; compiling all their patterns at import took 8 ms of its start, and most of them match
what the file does not hold (a Windows base image, a heredoc, a TOML token). A pattern written
as a :class:`LazyPattern` is compiled by the run that uses it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

from hullcheck.generics import AnyStr, Generic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class LazyPattern(Generic[AnyStr]):
    """``re.compile(pattern, flags)``, compiled at the first call of one of its methods, which
    puts the compiled pattern's methods on the object: they shadow the class's, so later calls
    cost what they cost on a compiled pattern. Not a ``re.Pattern``: give its methods, not the
    object, to code that wants one."""

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self.pattern: AnyStr = pattern
        self.flags = flags

    def _compiled(self) -> re.Pattern[AnyStr]:
        compiled = re.compile(self.pattern, self.flags)
        for method in ("findall", "finditer", "fullmatch", "match", "search", "split", "sub", "subn"):
            setattr(self, method, getattr(compiled, method))
        return compiled

    def match(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self._compiled().match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self._compiled().fullmatch(string, pos, endpos)

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self._compiled().search(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        return self._compiled().finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self._compiled().findall(string, pos, endpos)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr | Any]:
        return self._compiled().split(string, maxsplit)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0) -> AnyStr:
        return self._compiled().sub(repl, string, count)

    def subn(
        self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0
    ) -> tuple[AnyStr, int]:
        return self._compiled().subn(repl, string, count)
