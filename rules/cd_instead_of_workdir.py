from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.practice import changes_directory, program_word
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction


class CdInsteadOfWorkdir(BestPracticeRule):
    """A build step changes directory with cd where WORKDIR would.

    ## What it does
    Flags a RUN instruction that runs `cd` (or `pushd`): after `&&` or `;`, in a subshell,
    in a `sh -c '…'` string or a heredoc script, and through `command` or `builtin`. The
    instruction is reported once, at its first `cd`. A `cd` inside a command substitution
    (`DIR=$(cd "$(dirname "$0")" && pwd)`) is not flagged: it computes a path, which WORKDIR
    cannot do. An `ONBUILD RUN` trigger is checked too (`ONBUILD WORKDIR` replaces its `cd`).

    ## Why is this bad?
    A `cd` lasts only until the end of its RUN step, so each following step has to repeat it,
    and the directory a command runs in is hidden in the middle of a shell line. `WORKDIR`
    sets it once for every later RUN, CMD, ENTRYPOINT, COPY and ADD, creates the directory if
    it is missing, and shows where the image's work happens; scripts that jump back and forth
    (`cd /tmp && … && cd -`) are easier to read as several steps with their own WORKDIR.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    COPY . /app
    RUN cd /app && npm ci
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci
    USER node
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3003
    - https://docs.docker.com/build/building/best-practices/#workdir
    """

    code = "HC661"
    severity = Severity.WARNING
    advice = "Set the directory with WORKDIR before the RUN instead of cd inside it."
    hadolint_codes = ("DL3003",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for command in run_commands(run, substitutions=False):
            if (cd := changes_directory(command)) is not None:
                self.report(
                    program_word(cd), f"RUN changes directory with {cd.name}; WORKDIR sets it for every later step"
                )
                return
