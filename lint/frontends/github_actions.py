"""GitHub Actions workflows: the containers their jobs run in and beside, their ``docker://``
steps, the docker commands of their ``run`` scripts and their image build steps.

A workflow is known by where it is: ``.github/workflows/*.yml`` (or ``.yaml``), where GitHub
reads workflows (not in folders below), and ``.gitea/workflows`` and ``.forgejo/workflows``,
where Gitea's and Forgejo's runners read the same syntax. A file named on the command line
elsewhere, or read from stdin, is one by its content (``on`` and a ``jobs`` mapping of jobs).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection

from hullcheck.frontends import FrontEnd, NotLinted, Parsed
from hullcheck.parsers.suppressions import CommentSyntax
from hullcheck.patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions

_YAML_NAME = LazyPattern(r".+\.ya?ml")
_FORGES = frozenset({".github", ".gitea", ".forgejo"})
# a workflow's two top-level keys, as lines: a cheap look before parsing text named on the command line
_JOBS_LINE = LazyPattern(r"^jobs\s*:", re.MULTILINE)


class GithubActionsFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.YAML
    language_ids = frozenset({"github-actions-workflow"})  # VS Code's GitHub Actions extension
    warm_up = b"on: push\njobs: {}\n"

    def claims_path(self, path: str) -> bool:
        parent, name = os.path.split(path)
        folder, parent_name = os.path.split(parent)
        return (
            parent_name == "workflows"
            and os.path.basename(folder) in _FORGES
            and _YAML_NAME.fullmatch(name) is not None
        )

    def sniff(self, name: str, text: str) -> bool:
        """A workflow by its content, whatever its name (stdin's too); Compose, which takes any
        other YAML, is asked after."""
        if _JOBS_LINE.search(text) is None:
            return False
        from hullcheck.parsers.github_actions import is_workflow

        return is_workflow(text) is True

    def may_hold_findings(self, data: bytes) -> bool | NotLinted:
        """No line starts with ``jobs:``: YAML of another kind in a workflows folder."""
        from hullcheck.parsers.github_actions import names_jobs

        return (
            True
            if names_jobs(data)
            else NotLinted("in a workflows folder, but without the top-level 'jobs' of a workflow")
        )

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.github_actions import parse_workflow

        parsed = parse_workflow(text, path)
        return Parsed(parsed.model, parsed.problems)

    def lines_inside_values(self, text: str) -> Collection[int]:
        from hullcheck.parsers.yaml_layout import lines_inside_scalars

        return lines_inside_scalars(text)
