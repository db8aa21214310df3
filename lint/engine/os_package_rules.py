"""Bases of the OS package manager rules (hullcheck.rules) that read
:mod:`hullcheck.model.commands.packages`: one for the rules that ask for pinned packages, one
for those that ask for a non-interactive install. A base has no code, so the registry lists
only its subclasses, each in a module of its own with its own documentation. Each subclass names
the managers it covers (one hadolint code each, so ``--ignore DL3018`` keeps apt's pinning)."""

from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule, in_words
from hullcheck.model.commands.package_caches import command_span, packages_in
from hullcheck.model.commands.packages import Kind, PackageArgument, PackageCommand, Pin
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.parsers.shell_variables import ScriptVariables, build_environment
from hullcheck.parsers.shell_words import expand_word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

_PINNED_KINDS = (Kind.PACKAGE, Kind.MODULE)  # groups and removals have no version to pin


def _held(package: PackageCommand, argument: PackageArgument, variables: ScriptVariables) -> list[PackageArgument]:
    """The packages a variable word holds where the command runs (``$BUILD_DEPS`` assigned
    ``"gcc make"`` earlier in the script, or by an ENV), each located at the word; the word
    itself when what it holds is not known."""
    assert argument.raw is not None
    fields = expand_word(argument.raw, variables.lookup(package.command))
    if not fields or any(field.unknown for field in fields):
        return [argument]
    return [package.read_as(field.text, argument) for field in fields if field.text]


def _run_commands(run: RunInstruction, managers: frozenset[str]) -> list[PackageCommand]:
    """The commands of these managers in the RUN: its shell form, heredocs, ``sh -c`` and ``$(…)``
    (read once a script for every OS package rule)."""
    return [package for package in packages_in(run.script) if package.manager in managers]


class UnpinnedOsPackageRule(BestPracticeRule):
    """A RUN installs packages of one OS package manager without pinning their versions:
    reported once per RUN, as hadolint does, at the first unpinned package, naming them all. A
    variable's packages are read where its value is known (assigned once earlier in the script,
    or an ARG or ENV), else not flagged (the variable may pin them); groups and removals are not
    packages to pin."""

    severity = Severity.WARNING
    checks_onbuild_triggers = True  # ONBUILD RUN runs in the builds FROM this image
    managers: ClassVar[frozenset[str]]

    def installed(self, package: PackageCommand) -> tuple[PackageArgument, ...]:
        """What ``package`` installs: its package words (a variable's too, read later)."""
        return package.packages if package.installs else ()

    def visit_run_instruction(self, run: RunInstruction) -> None:
        unpinned: list[PackageArgument] = []
        first: PackageCommand | None = None
        variables: ScriptVariables | None = None  # made when a package word holds a variable
        for package in _run_commands(run, self.managers):
            arguments: list[PackageArgument] = []
            for argument in self.installed(package):
                if argument.pin is Pin.UNKNOWN and argument.raw is not None:
                    if variables is None:
                        variables = ScriptVariables(run.script, build_environment(run.variables))
                    arguments += _held(package, argument, variables)
                else:
                    arguments.append(argument)
            loose = [argument for argument in arguments if argument.kind in _PINNED_KINDS and argument.pinned is False]
            if loose and first is None:
                first = package
            unpinned += loose
        if first is None:
            return
        unpinned.sort(key=lambda argument: (argument.word.span.line, argument.word.span.column))
        listed = in_words([argument.word.value for argument in unpinned])
        action = first.action.value if first.action is not None else "install"
        self.report(unpinned[0].word, f"{first.manager} {action} {listed} without a pinned version")


class InteractiveInstallRule(BestPracticeRule):
    """A package manager that asks for confirmation runs without the switch that answers it:
    reported once per RUN, as hadolint does, at the first such command's program and action
    words, with the others as related locations."""

    severity = Severity.WARNING
    checks_onbuild_triggers = True  # ONBUILD RUN runs in the builds FROM this image
    managers: ClassVar[frozenset[str]]
    verbs: ClassVar[frozenset[str]] = frozenset({"install"})
    switch: ClassVar[str]  # named in the message: "-y"

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [
            package
            for package in _run_commands(run, self.managers)
            if package.verb in self.verbs and not package.assumes_yes
        ]
        if not found:
            return
        # one finding for the RUN, as hadolint reports it, pointing at each such command
        first, *others = found
        action = first.action.value if first.action is not None else ""
        message = f"{first.manager} {action} runs without {self.switch}: it stops to ask, and a build cannot answer"
        if others:
            message += f" ({len(others)} more in this RUN)"
        related = tuple(
            self.related(command_span(other), f"{other.manager} without {self.switch} too") for other in others
        )
        self.report(command_span(first), message, related=related)
