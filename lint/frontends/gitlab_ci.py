"""GitLab CI pipelines: ``.gitlab-ci.yml``, read with the local files it includes."""

from __future__ import annotations

from collections.abc import Collection

from hullcheck.frontends import FrontEnd, Parsed
from hullcheck.frontends.compose import ComposeFrontEnd
from hullcheck.parsers.suppressions import CommentSyntax

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.lint import LintOptions

# GitLab reads ``.gitlab-ci.yml`` unless a project names another file in its CI/CD settings
# (any path, ``.gitlab-ci.yaml`` among them): a name only a GitLab CI configuration has
NAMES = frozenset({".gitlab-ci.yml", ".gitlab-ci.yaml"})


class GitlabCiFrontEnd(FrontEnd):
    comment_syntax = CommentSyntax.YAML
    warm_up = b"job:\n  image: alpine:3.20\n"  # no script: ShellCheck is not run

    def claims_name(self, name: str) -> bool:
        return name in NAMES

    def parse(self, text: str, path: str, file: str | None, options: LintOptions) -> Parsed:
        from hullcheck.parsers.gitlab_ci import parse_gitlab_ci

        result = parse_gitlab_ci(text, path, file, options.root, options.max_file_size)
        model = result.model
        return Parsed(model, result.problems, result.inputs, result.sources, model.included_parts)

    def lines_inside_values(self, text: str) -> Collection[int]:
        from hullcheck.parsers.yaml_layout import lines_inside_scalars

        return lines_inside_scalars(text)

    def may_include(self, path: str) -> bool:
        """A file with an ``include`` at the top level: the look a Compose file gets."""
        return ComposeFrontEnd().may_include(path)
