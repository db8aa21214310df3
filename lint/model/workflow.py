"""CI workflows: the containers a GitHub Actions workflow starts (its jobs' ``container`` and
``services``, its ``docker://`` steps), the docker commands its ``run`` scripts run and the
images its build steps make, all on the container model, so every runtime rule applies."""

from __future__ import annotations

from hullcheck.model.code import CodeFile
from hullcheck.model.shell import VariableUse, assignment_of
from hullcheck.model.span import Span
from hullcheck.records import Record, field


class WorkflowFile(CodeFile, Record, slots=True, eq=False):
    """A GitHub Actions workflow (``.github/workflows/*.yml``, and Gitea's and Forgejo's, which
    read the same syntax)."""

    kind = "workflow_file"

    # the values of shell variables used in its scripts' engine calls, with where they were assigned
    variable_uses: list[VariableUse] = field(default_factory=list)

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A finding at a value that came from a script's variable gets the variable's assignment."""
        return assignment_of(self.variable_uses, span)
