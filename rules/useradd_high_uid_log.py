from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.practice import useradd_high_uid
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction


class UseraddHighUidLog(BestPracticeRule):
    """useradd gives a high UID without -l, writing login records the size of the UID.

    ## What it does
    Flags `useradd -u UID` (or `--uid UID`, `-uUID`) of a UID of 100000 or more, without
    `-l`/`--no-log-init`, anywhere in a RUN script, once per RUN. A UID held in an ARG or ENV
    (`-u ${UID}`) is read from its value in force, and is not flagged when that is lower or
    unknown. An `ONBUILD RUN` trigger is checked too.

    ## Why is this bad?
    useradd records the new user in `/var/log/lastlog` and `/var/log/faillog`, databases
    indexed by UID: on the build machine they are sparse files, but an image layer stores them
    in full, so a UID of 100000 adds tens of megabytes of zeros to the image, and a UID in the
    millions gigabytes (a known Docker issue, moby/moby#5419). `-l` leaves the user out of
    those databases, which a container does not use.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home --uid 1000000 app
    USER app
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd --no-log-init --create-home --uid 1000000 app
    USER app
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3046
    - https://github.com/moby/moby/issues/5419
    - https://docs.docker.com/build/building/best-practices/#user
    """

    code = "HC663"
    severity = Severity.WARNING
    advice = "Add -l (--no-log-init) to useradd when the UID is high."
    hadolint_codes = ("DL3046",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [high for command in run_commands(run) if (high := useradd_high_uid(command, run.variables.value))]
        if found:
            self.report(
                found[0].option.span,
                f"useradd gives UID {found[0].uid} without -l, so the image stores login records sized by that UID",
                tuple(
                    self.related(other.option.span, f"useradd gives UID {other.uid} here too") for other in found[1:]
                ),
            )
