"""Bases of the label rules (hullcheck.rules): the rules that read a label schema, and those that
check the values of one type of the schema's labels. A base has no code, so the registry lists
only its subclasses, each in a module of its own with its own documentation.

The schema is the rule option ``label-schema``: ``name:type`` entries, hadolint's
``label-schema`` mapping written as a list (``hullcheck config --from-hadolint`` translates it).
"""

from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Severity
from hullcheck.engine.options import RuleOption
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Label, LabelInstruction, OnbuildInstruction
from hullcheck.model.labels import VALIDATORS, label_schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

LABEL_SCHEMA = RuleOption(
    "string-list",
    (),
    "the label schema, as `name:type` entries (hadolint's label-schema; the type is text, url, spdx,"
    " hash, rfc3339, semver or email); empty reports nothing",
)


class LabelSchemaRule(BestPracticeRule):
    """A rule that reads the label schema, from its ``label-schema`` option."""

    options: ClassVar[Mapping[str, RuleOption]] = {"label-schema": LABEL_SCHEMA}
    _schema: dict[str, str] | None = None

    @property
    def schema(self) -> dict[str, str]:
        """The schema's label names and their types."""
        if self._schema is None:
            self._schema = label_schema(self.string_list("label-schema"))
        return self._schema

    def visit_onbuild_instruction(self, onbuild: OnbuildInstruction) -> None:
        """``ONBUILD LABEL`` sets its labels in the images built FROM this one: checked as a
        LABEL, but a value with a variable is the later build's, unknown here."""
        if isinstance(onbuild.trigger, LabelInstruction):
            self.check_labels(
                [label for label in onbuild.trigger.labels if "$" not in label.value.value],
            )

    def visit_label_instruction(self, instruction: LabelInstruction) -> None:
        self.check_labels(instruction.labels)

    def check_labels(self, labels: list[Label]) -> None:
        """Check the labels a LABEL (or an ONBUILD LABEL) sets; a rule that checks labels one by
        one overrides it."""


class TypedLabelRule(LabelSchemaRule):
    """A LABEL gives a label of the schema's ``label_type`` a value that is not of that type.
    A value behind a variable that cannot be resolved, and an empty one (empty-label's), are
    not checked."""

    severity = Severity.WARNING
    label_type: ClassVar[str]  # a key of hullcheck.model.labels.VALIDATORS

    def check_labels(self, labels: list[Label]) -> None:
        valid, what = VALIDATORS[self.label_type]
        for label in labels:
            value = label.text
            if self.schema.get(label.key.value) != self.label_type or not isinstance(value, str) or not value:
                continue
            if not valid(value):
                self.report(label.value, f"label '{label.key.value}' is {value!r}, which is not {what}")
