"""What a run hands to its reporters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hullcheck.engine.findings import Finding, RuleInfo, Severity
from hullcheck.engine.runner import FileResult


@dataclass(frozen=True, slots=True)
class Report:
    results: list[FileResult]
    rules: tuple[RuleInfo, ...]  # every rule the run could report, ordered by code
    source_root: Path  # paths in results are relative to it when they are below it
    sources: dict[str, str]  # display path -> its decoded text, for files with findings

    @property
    def findings(self) -> list[Finding]:
        """The reported findings: the suppressed ones are not among them."""
        return [finding for result in self.results for finding in result.findings]

    @property
    def suppressed(self) -> list[Finding]:
        """Findings silenced by a suppression comment or a baseline, each with its ``suppression``."""
        return [finding for result in self.results for finding in result.suppressed]

    def counts(self) -> Counter[Severity]:
        return Counter(finding.severity for finding in self.findings)
