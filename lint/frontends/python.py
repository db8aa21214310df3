"""Python modules that start containers: the Docker SDK, testcontainers, python-on-whales, and
the docker and podman commands they run."""

from __future__ import annotations

from hullcheck.frontends import FrontEnd, Parsed
from hullcheck.parsers.suppressions import CommentSyntax
from hullcheck.patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions

_PYTHON_PROGRAM = LazyPattern(r"python[0-9.]*")


class PythonFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.PYTHON

    def claims_name(self, name: str) -> bool:
        return name.endswith(".py")

    def sniff(self, name: str, text: str) -> bool:
        """A script whose ``#!`` line runs Python."""
        from hullcheck.parsers.shell_file import shebang_program

        return _PYTHON_PROGRAM.fullmatch(shebang_program(text) or "") is not None

    def disabled(self, options: LintOptions) -> str | None:
        return None if options.python else "Python files are not linted (--no-python)"

    def may_hold_findings(self, data: bytes) -> bool:
        from hullcheck.parsers.precheck import python_may_start_containers

        return python_may_start_containers(data)

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.python import parse_python  # imports libcst: only when a module may start containers

        return Parsed(parse_python(text, path))
