"""Dev containers: ``.devcontainer/devcontainer.json``, ``.devcontainer/<name>/devcontainer.json``
and ``.devcontainer.json``, the places the dev container CLI and editors look for one."""

from __future__ import annotations

from hullcheck.frontends import FrontEnd, NotLinted, Parsed
from hullcheck.model.node import Node
from hullcheck.parsers.suppressions import CommentSyntax

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions
    from hullcheck.model.container import Container

_NAME = "devcontainer.json"
_HIDDEN_NAME = ".devcontainer.json"
_FOLDER = ".devcontainer"


class DevContainerFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.JSONC
    warm_up = b'{"image": "scratch"}\n'

    def claims_name(self, name: str) -> bool:
        return name == _HIDDEN_NAME

    def claims_path(self, path: str) -> bool:
        """``.devcontainer.json`` anywhere (a project's folder), ``devcontainer.json`` in a
        ``.devcontainer`` folder or one folder below it."""
        parts = path.split("/")
        name = parts[-1]
        if name == _HIDDEN_NAME:
            return True
        if name != _NAME:
            return False
        return len(parts) >= 2 and (parts[-2] == _FOLDER or (len(parts) >= 3 and parts[-3] == _FOLDER))

    def sniff(self, name: str, text: str) -> bool | NotLinted:
        """A ``devcontainer.json`` elsewhere (named on the command line, or stdin's name) that
        holds a JSON object; one that does not is no dev container."""
        if name not in (_NAME, _HIDDEN_NAME):
            return False
        from hullcheck.parsers.jsonc import JsonObject, parse_jsonc
        from hullcheck.parsers.source import ParseProblem

        try:
            is_object = isinstance(parse_jsonc(text).root, JsonObject)
        except ParseProblem:
            is_object = False
        return True if is_object else NotLinted("devcontainer.json that holds no JSON object")

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.devcontainer import parse_devcontainer

        parsed = parse_devcontainer(text, path, file)
        return Parsed(parsed.model, parsed.problems)

    def built_containers(self, model: Node) -> list[Container]:
        from hullcheck.model.devcontainer import DevContainerFile  # loaded: it made the model

        if not isinstance(model, DevContainerFile):
            return []
        return [container for container in model.containers if container.build is not None]
