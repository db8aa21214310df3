from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import command_span, installs_recommends, packages_in
from hullcheck.model.commands.packages import PackageCommand
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.edits import after, plain_word


class AptInstallWithRecommends(BestPracticeRule):
    """`apt-get install` installs the recommended packages too.

    ## What it does
    Flags `apt-get install` and `apt install` without `--no-install-recommends` (or its
    configuration form, `-o APT::Install-Recommends=false`) in a RUN instruction: its shell
    form, `sh -c` strings and heredoc scripts, behind `sudo` or `env`, with the options anywhere
    on the line (`apt-get -y --no-install-recommends install curl`). A RUN gets one finding, at
    its first such install, with the others as related locations. `ONBUILD RUN` triggers are
    checked too: they run in the builds `FROM` the image.

    ## Why is this bad?
    apt installs every package's *Recommends* unless told not to: documentation viewers, extra
    locales, X11 libraries, a mail transport agent. They are rarely what a container needs,
    often double the size of the step, and bring more code that may need security updates.
    Name the packages the image needs instead, and add any recommended one it does use by name.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y git=1:2.39.5-0+deb12u2 && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u2 ca-certificates=20230311 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix
    Safe: `--no-install-recommends` is written after each `install` of the RUN, where that word
    is written plainly in shell text.

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3015
    - https://docs.docker.com/build/building/best-practices/#apt-get
    - https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
    """

    code = "HC711"
    severity = Severity.NOTE
    advice = "Add --no-install-recommends and install the recommended packages the image needs by name."
    hadolint_codes = ("DL3015",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [package for package in packages_in(run.script) if installs_recommends(package)]
        if not found:
            return
        # one finding for the RUN, as hadolint reports it, pointing at each install
        first, *others = found
        message = f"{first.manager} install installs the recommended packages too"
        if others:
            message += f", as {len(others)} more install{'s' if len(others) > 1 else ''} of this RUN do"
        related = tuple(self.related(command_span(other), "this install too") for other in others)
        self.report(command_span(first), message, related=related, fix=_without_recommends(found))


def _without_recommends(found: list[PackageCommand]) -> Fix | None:
    edits = []
    for package in found:
        if package.action is None or not plain_word(package.command, package.action):
            return None
        edits.append(TextEdit(after(package.action), " --no-install-recommends"))
    return Fix("Add --no-install-recommends", tuple(edits), Applicability.SAFE)
