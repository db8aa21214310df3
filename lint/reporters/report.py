"""What a run hands to its reporters."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Sequence

from hullcheck.engine.findings import Finding, RuleInfo, Severity
from hullcheck.engine.lint import FileResult
from hullcheck.engine.registry import described_rule
from hullcheck.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import overload


class DescribedRules(Sequence[RuleInfo]):
    """The descriptions of the rules and engine codes named by ``codes``, ordered by code, then
    ``foreign`` ones (ShellCheck's codes): made when first read, as only some reporters read
    them (SARIF describes every rule a run could report), loading those rules."""

    def __init__(self, codes: Iterable[str], foreign: tuple[RuleInfo, ...] = ()) -> None:
        self._codes = sorted(set(codes))
        self._foreign = foreign

    @functools.cached_property
    def _described(self) -> tuple[RuleInfo, ...]:
        return (*(info for code in self._codes if (info := described_rule(code)) is not None), *self._foreign)

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> RuleInfo: ...
        @overload
        def __getitem__(self, index: slice) -> Sequence[RuleInfo]: ...

    def __getitem__(self, index: int | slice) -> RuleInfo | Sequence[RuleInfo]:
        return self._described[index]

    def __len__(self) -> int:
        return len(self._described)


class Report(Record, frozen=True, slots=True):
    results: list[FileResult]
    rules: Sequence[RuleInfo]  # every rule the run could report, ordered by code
    source_root: str  # paths in results are relative to it when they are below it
    sources: dict[str, str]  # display path -> its decoded text, for files with findings

    def scanned_files(self) -> set[str]:
        """The real paths of every file the run read or looked for: the files linted, and the
        other files of their Compose projects (overrides, extended and env files, Dockerfiles)."""
        linted = {os.path.realpath(os.path.join(self.source_root, result.path)) for result in self.results}
        return linted | {os.path.realpath(path) for result in self.results for path in result.inputs}

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
