from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import command_span, packages_in
from hullcheck.model.commands.packages import Family
from hullcheck.model.dockerfile import RunInstruction


class ZypperDistUpgrade(BestPracticeRule):
    """A build step runs `zypper dist-upgrade`.

    ## What it does
    Flags `zypper dist-upgrade` and `zypper dup` in a RUN instruction (shell form, `sh -c`
    strings, heredoc scripts, behind `sudo` or `env`, after zypper's global options such as
    `--non-interactive`). `zypper update`, and `dup` as a word that is not zypper's command
    (`zypper install dup`, `echo zypper dup`), are not flagged. `ONBUILD RUN` triggers are
    checked too: they run in the builds `FROM` the image.

    ## Why is this bad?
    A distribution upgrade may move the image to the packages of a different release: it
    changes vendors, downgrades or removes packages to resolve conflicts, and makes the image
    depend on whatever the repositories hold on the day of the build instead of on the base
    image's release. Upgrade with `zypper update` (or `zypper patch`), and move to a new
    release by changing the base image's tag.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n dup && zypper -n install --no-recommends python311=3.11.10 && zypper cc -a
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n install --no-recommends python311=3.11.10 && zypper cc -a
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3035
    - https://en.opensuse.org/SDB:System_upgrade
    """

    code = "HC715"
    severity = Severity.WARNING
    advice = "Use zypper update (or patch), and a newer base image for a new release."
    hadolint_codes = ("DL3035",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for package in packages_in(run.script):
            if package.family is Family.ZYPPER and package.verb == "dist-upgrade":
                self.report(
                    command_span(package), "zypper dist-upgrade upgrades the image to whatever the repositories hold"
                )
