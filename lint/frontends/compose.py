"""Compose files, each read with its project (its ``.env``, override, extended and included
files), and the Dockerfiles their services build."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection

from hullcheck.engine.lint import DEFAULT_MAX_FILE_SIZE
from hullcheck.frontends import FrontEnd, NotLinted, Parsed
from hullcheck.model.container import ComposeFile, Container
from hullcheck.model.node import Node
from hullcheck.parsers.source import ParseProblem, decode
from hullcheck.parsers.suppressions import CommentSyntax

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions, Relint
    from hullcheck.parsers.compose import KeptServices
    from hullcheck.parsers.compose_project import ProjectOptions

_NAME = re.compile(r"(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml")
_YAML_NAME = re.compile(r".+\.ya?ml")
_INCLUDE = re.compile(rb"^include\s*:", re.MULTILINE)
# How much of a YAML file discovery reads to look for a top-level ``services:``: Compose files put
# it within their first few kilobytes, after at most a block of ``x-`` anchors; a YAML file this
# large that has not begun its services is data (an OpenAPI document, a dump), not Compose.
CONTENT_PROBE_BYTES = 256 * 1024


class ComposeFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.YAML
    language_ids = frozenset(
        {
            "dockercompose",  # VS Code's Docker extension
            "yaml.docker-compose",  # Neovim's filetype
        }
    )
    warm_up = b"services: {}\n"
    # its sniff takes any YAML (a name ``.yml`` that is no Compose file gets its note): a YAML
    # kind known by its content (a GitHub Actions workflow named on the command line) is asked first
    tried_last = True

    def claims_name(self, name: str) -> bool:
        return _NAME.fullmatch(name) is not None

    def claims_content(self, name: str, read: Callable[[int], bytes]) -> bool:
        """A YAML file with a line ``services:`` in its first CONTENT_PROBE_BYTES that is a
        Compose file (see hullcheck.parsers.compose_schema.is_compose)."""
        if _YAML_NAME.fullmatch(name) is None:
            return False
        from hullcheck.parsers.compose_schema import SERVICES_LINE, is_compose

        if SERVICES_LINE.search(read(CONTENT_PROBE_BYTES)) is None:
            return False
        try:
            text = decode(read(DEFAULT_MAX_FILE_SIZE))
        except ParseProblem:
            return False
        return is_compose(text) is True

    def sniff(self, name: str, text: str) -> bool | NotLinted:
        """A Compose file by its content, whatever its name; a file named ``.yml`` or ``.yaml``
        with a top-level ``services:`` that is not YAML at all, too (its parse error is reported).
        Other YAML is no other kind either."""
        from hullcheck.parsers.compose_schema import is_compose

        yaml_name = _YAML_NAME.fullmatch(name) is not None
        verdict = is_compose(text)
        if verdict is True or (verdict is None and yaml_name):
            return True
        return NotLinted("YAML file without a top-level 'services' mapping of services") if yaml_name else False

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        return self._parse(text, path, file, options, None)

    def parse_again(self, text: str, path: str, file: str | None, options: LintOptions, memo: Relint) -> Parsed:
        """``parse``, taking the services written as before from the last one."""
        from hullcheck.parsers.compose import KeptServices

        return self._parse(text, path, file, options, memo.parser_memo(KeptServices))

    def _parse(self, text: str, path: str, file: str | None, options: LintOptions, kept: KeptServices | None) -> Parsed:
        from hullcheck.parsers.compose_project import load_compose_project

        project = load_compose_project(text, path, file, _project_options(options), options.root, kept)
        model = project.parse.model
        return Parsed(model, project.parse.problems, project.inputs, project.sources, model.included_parts)

    def built_containers(self, model: Node) -> list[Container]:
        if not isinstance(model, ComposeFile):
            return []
        return [container for container in model.containers if container.build is not None]

    def lines_inside_values(self, text: str) -> Collection[int]:
        from hullcheck.parsers.yaml_layout import lines_inside_scalars

        return lines_inside_scalars(text)

    def linted_from(self, path: str, options: LintOptions) -> str:
        """The project's first file, when it is a file."""
        from hullcheck.parsers.compose_project import first_project_file

        return first_project_file(path, _project_options(options))

    def may_include(self, path: str) -> bool:
        """A file with an ``include`` at the top level (a cheap look at its text)."""
        if not os.path.isfile(path):  # a FIFO would block
            return False
        try:
            with open(path, "rb") as stream:
                return _INCLUDE.search(stream.read(DEFAULT_MAX_FILE_SIZE)) is not None
        except OSError:
            return False


def _project_options(options: LintOptions) -> ProjectOptions:
    from hullcheck.parsers.compose_project import ProjectOptions

    return ProjectOptions(options.compose_files, options.env_files, options.use_environment, options.max_file_size)
