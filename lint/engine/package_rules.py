"""Bases of the language package manager rules (hullcheck.rules): one for the rules that ask for
pinned packages, one for those that ask for a BuildKit cache mount. A base has no code, so the
registry lists only its subclasses, each in a module of its own with its own documentation."""

from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule, in_words
from hullcheck.model.commands.language_packages import (
    CACHES,
    PackageCommand,
    Pin,
    Requirement,
    package_commands,
    uncached_commands,
)
from hullcheck.model.dockerfile import RunInstruction

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar


class UnpinnedPackageRule(BestPracticeRule):
    """A RUN installs packages of one package manager without pinning their versions: reported
    once per RUN, as hadolint does, at the first unpinned package, naming them all."""

    severity = Severity.WARNING
    checks_onbuild_triggers = True  # ONBUILD RUN runs in the builds FROM this image

    def requirements(self, found: PackageCommand) -> list[Requirement] | None:
        """The packages ``found`` installs, or None when it installs none of this rule's."""
        raise NotImplementedError

    def visit_run_instruction(self, run: RunInstruction) -> None:
        loose = [
            (found, requirement)
            for found in package_commands(run.script)
            for requirement in self.requirements(found) or ()
            if requirement.pin is Pin.UNPINNED
        ]
        if loose:
            loose.sort(key=lambda pair: (pair[1].word.span.line, pair[1].word.span.column))
            found, first = loose[0]
            listed = in_words([requirement.word.value for _found, requirement in loose])
            self.report(first.word, f"{found.label} {listed} without a pinned version")


class CacheMountRule(BestPracticeRule):
    """A RUN fills a package manager's download cache with no BuildKit cache mount there: once
    per RUN, at the first command that fills it. Subclasses name the cache (a key of
    hullcheck.model.commands.language_packages.CACHES); the advice names its mount."""

    severity = Severity.NOTE
    checks_onbuild_triggers = True  # ONBUILD RUN runs in the builds FROM this image
    cache: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "cache" in vars(cls) and "advice" not in vars(cls):
            location = CACHES[cls.cache]
            cls.advice = f"Mount a cache where {location.tool} keeps its downloads: RUN {location.advice_mounts} …"
        super().__init_subclass__(**kwargs)

    def visit_run_instruction(self, run: RunInstruction) -> None:
        uncached = uncached_commands(run, self.cache)
        if uncached:
            found = uncached[0]
            self.report(
                found.span,
                f"{found.label} runs without a cache mount for {CACHES[self.cache].tool}'s download cache: "
                "each build fetches every package again",
            )
