from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.practice import pointless_in_build, program_word
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction


class PointlessCommandInRun(BestPracticeRule):
    """A build step runs a program meant for a running system or a person at a terminal.

    ## What it does
    Flags a RUN instruction that runs `ssh`, `vim`, `top`, `ps`, `free`, `kill`, `mount`,
    `service` or `shutdown` (hadolint's list), wherever it is in the script: after `&&` or
    `;`, in a pipeline, a `$(…)` substitution, a `sh -c '…'` string or a heredoc, and behind
    `sudo`, `env` or `busybox`. A program only named as a word (`apt-get install ssh`,
    `command -v ps`) is not flagged. The instruction is reported once, at the first such program;
    an `ONBUILD RUN` trigger is checked too.

    ## Why is this bad?
    A build step runs once, without a terminal and without an init system, and only its
    changes to the filesystem are kept: an editor or `top` waits for input that never comes,
    `ps`, `free` and `kill` inspect or signal processes that end with the step, `service …
    start` starts a daemon the image will not be running, `mount` and `shutdown` need
    privileges a build does not have, and `ssh` reaches out with whatever credentials the
    build happens to hold. Such a step is dead weight, or a sign that the Dockerfile records
    an interactive session rather than a build.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN service cron start && ps aux
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    USER nobody
    CMD ["cron", "-f"]
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3001
    - https://docs.docker.com/build/building/best-practices/#run
    """

    code = "HC660"
    severity = Severity.NOTE
    advice = "Leave interactive and system-management programs out of RUN; start services in CMD or ENTRYPOINT."
    hadolint_codes = ("DL3001",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [inner for command in run_commands(run) if (inner := pointless_in_build(command))]
        if not found:
            return
        names = list(dict.fromkeys(command.name for command in found))
        listed = " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"
        verb = "has" if len(names) == 1 else "have"
        self.report(program_word(found[0]), f"RUN runs {listed}, which {verb} no use in a build step")
