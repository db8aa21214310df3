"""Dockerfiles and Containerfiles."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping

from hullcheck.frontends import FrontEnd, Parsed
from hullcheck.model.node import Node
from hullcheck.parsers.suppressions import CommentSyntax
from hullcheck.patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions, Relint
    from hullcheck.parsers.dockerfile import InstructionMemo

_NAME = re.compile(r"(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:[Dd]ockerfile|[Cc]ontainerfile)", re.IGNORECASE)
_DOCUMENTATION = (".md", ".txt", ".rst")  # Dockerfile.md is about a Dockerfile
_FIRST_INSTRUCTION = LazyPattern(r"^\s*(?:FROM|ARG)\s", re.IGNORECASE | re.MULTILINE)


class DockerfileFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.DOCKERFILE
    statement = "instruction"
    language_ids = frozenset({"dockerfile"})
    tried_last = True  # dockerfile.py is a Python module, Dockerfile.sh a script
    warm_up = b"FROM scratch\n"

    def claims_name(self, name: str) -> bool:
        # Dockerfile.dockerignore is the Dockerfile's own ignore file, not a Dockerfile
        return _NAME.fullmatch(name) is not None and not name.lower().endswith((*_DOCUMENTATION, ".dockerignore"))

    def sniff(self, name: str, text: str) -> bool:
        """A file whose first line that is not blank or a comment is FROM or ARG; not a script
        for some program (``#!``)."""
        if text.startswith(("#!", "\ufeff#!")):
            return False
        for line in text.splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                return _FIRST_INSTRUCTION.match(line) is not None
        return False

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        return self._parse(text, path, file, options, None)

    def parse_again(self, text: str, path: str, file: str | None, options: LintOptions, memo: Relint) -> Parsed:
        """``parse``, taking the instructions made from the same as before from the last one."""
        from hullcheck.parsers.dockerfile import InstructionMemo

        return self._parse(text, path, file, options, memo.parser_memo(InstructionMemo))

    def _parse(
        self, text: str, path: str, file: str | None, options: LintOptions, reuse: InstructionMemo | None
    ) -> Parsed:
        from hullcheck.parsers.dockerfile import parse_dockerfile

        parsed = parse_dockerfile(text, path, reuse=reuse)
        if file is None:  # standard input, an editor's untitled buffer: its build context is unknown
            return Parsed(parsed.model, parsed.problems)
        from hullcheck.parsers.dockerignore import read_build_context

        # alone, a Dockerfile is built in its own folder
        folder = os.path.dirname(file)
        context, inputs = read_build_context(file, path, folder, posixpath.dirname(path), options.max_file_size)
        parsed.model.context = context
        return Parsed(parsed.model, parsed.problems, inputs=inputs)

    def statement_starts(self, model: Node) -> Mapping[int, int]:
        """Each instruction's lines, continuation lines and heredoc bodies included."""
        from hullcheck.model.dockerfile import Dockerfile, Instruction  # loaded: it made the model

        if not isinstance(model, Dockerfile):
            return {}
        instructions: list[Instruction] = list(model.global_args)
        for stage in model.stages:
            instructions.append(stage.from_instruction)
            instructions.extend(stage.instructions)
        return {
            line: instruction.span.line
            for instruction in instructions
            for line in range(instruction.span.line, instruction.span.end_line + 1)
        }
