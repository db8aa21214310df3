from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import packages_in
from hullcheck.model.commands.packages import PackageCommand
from hullcheck.model.dockerfile import RunInstruction

# apt's commands that only read: apt-cache does them in a script
_QUERIES = frozenset({"search", "show", "showsrc", "depends", "rdepends", "policy"})


class AptInsteadOfAptGet(BestPracticeRule):
    """A build step runs `apt`, the interactive front end, instead of `apt-get`.

    ## What it does
    Flags the program `apt` run in a RUN instruction (shell form, `sh -c` strings, heredoc
    scripts, behind `sudo` or `env`), whatever its command: `apt update`, `apt install`, `apt
    list`. `apt-get`, `apt-cache` and `apt` as a word that is not run (`apt-get install
    apt-transport-https`, `echo apt`) are not flagged. A RUN gets one finding, at its first
    `apt`, with the others as related locations. `ONBUILD RUN` triggers are checked too: they
    run in the builds `FROM` the image.

    ## Why is this bad?
    `apt` is made for people at a terminal: its output and options may change between
    releases, and it warns "apt does not have a stable CLI interface. Use with caution in
    scripts." `apt-get` and `apt-cache` do the same work with an interface Debian keeps stable
    for scripts, so a build that worked keeps working.

    ## Example
    ```dockerfile
    FROM ubuntu:24.04
    RUN apt update && apt install -y --no-install-recommends tzdata=2024a-2ubuntu1 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y --no-install-recommends tzdata=2024a-2ubuntu1 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3027
    - https://manpages.debian.org/bookworm/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS
    """

    code = "HC713"
    severity = Severity.WARNING
    advice = "Use apt-get (apt-cache for queries), whose interface is stable for scripts."
    hadolint_codes = ("DL3027",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [package for package in packages_in(run.script) if package.manager == "apt"]
        if not found:
            return
        # one finding for the RUN, as hadolint reports it, pointing at each apt
        first, *others = found
        instead = "apt-cache" if first.verb in _QUERIES else "apt-get"
        message = f"{_named(first)} in a build step: {instead} has the stable interface for scripts"
        related = tuple(self.related(other.program, f"{_named(other)} too") for other in others)
        self.report(first.program, message, related=related)


def _named(package: PackageCommand) -> str:
    return f"apt {package.action.value}" if package.action is not None else "apt"
