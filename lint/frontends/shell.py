"""Shell scripts: the docker and podman commands they run."""

from __future__ import annotations

import re

from hullcheck.frontends import FrontEnd, Parsed
from hullcheck.parsers.suppressions import CommentSyntax

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions

_NAME = re.compile(r".+\.(?:sh|bash)")


class ShellFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.SHELL

    def claims_name(self, name: str) -> bool:
        return _NAME.fullmatch(name) is not None

    def sniff(self, name: str, text: str) -> bool:
        """A script whose ``#!`` line runs a shell."""
        from hullcheck.parsers.shell_file import SHELLS, shebang_program

        return shebang_program(text) in SHELLS

    def may_hold_findings(self, data: bytes) -> bool:
        from hullcheck.parsers.precheck import shell_may_call_engine

        return shell_may_call_engine(data)

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.shell_file import parse_shell_file

        return Parsed(parse_shell_file(text, path))
