from __future__ import annotations

import functools
import json

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.pipefail import fed_by_yes, masked_pipelines
from hullcheck.model.commands.practice import program_word
from hullcheck.model.commands.programs import effective
from hullcheck.model.dockerfile import (
    CommandInstruction,
    Dockerfile,
    HealthcheckInstruction,
    Instruction,
    OnbuildInstruction,
    RunInstruction,
    Stage,
)
from hullcheck.model.edits import line_before, written_keyword
from hullcheck.model.image import ImageReference
from hullcheck.model.predicates import pipefail_shell


class PipeWithoutPipefail(BestPracticeRule):
    """A RUN pipes commands together without pipefail, so a failure before the last is ignored.

    ## What it does
    Flags a RUN instruction with a pipeline (`curl -fsSL URL | tar -xz`) that runs without
    `pipefail`: the SHELL in force (inherited through `FROM <stage>`; the default `/bin/sh -c`)
    does not set `-o pipefail`, and no `set -o pipefail` comes before the pipeline in the same
    shell. Pipelines in `$(…)`, subshells and a heredoc script (`RUN <<EOF`) run in that shell;
    a `sh -c '…'` string, a heredoc fed to `bash` and a heredoc script with a `#!/bin/bash` line
    run in a new shell, which has pipefail only when given it (`bash -o pipefail -c '…'`). A
    heredoc that is data (`cat <<EOF > file`, `python3 <<EOF`) is not read, and RUN is not
    checked under a SHELL that is not a POSIX shell (`pwsh`, `cmd`), nor in a Windows image
    without SHELL. Reported once per RUN, at its first such pipeline; as a note where only
    `echo`, `printf` or `true` feed the last command (`echo "$SHA  app.tgz" | sha256sum -c`),
    which pipefail does not change, and not at all for `yes | …`, which pipefail would break
    (`yes` ends on SIGPIPE).

    ## Why is this bad?
    A pipeline's exit status is its last command's: in `curl -fsSL https://example.com/app.tgz |
    tar -xz`, a failed download feeds nothing to tar, tar may well succeed, and the build goes
    on with a missing or truncated program, failing later and somewhere else, or not at all.
    With `pipefail` the pipeline fails when any of its commands does, so the step fails where
    the problem is.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
    USER nobody
    ```

    ## Fix
    Unsafe: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (`/bin/ash` in Alpine images) right
    above the stage's first RUN that pipes in its own shell, for a stage whose base image is
    known to have that shell (Debian, Ubuntu, Red Hat family and Alpine based official images:
    no fix for other bases, whose shells hullcheck does not know). Every later RUN of the stage
    then runs in bash (or ash) with pipefail: a pipeline whose first command fails or is cut
    short (`… | head -1`) fails the step. No fix where the SHELL would change more than RUN
    steps: a stage with a shell-form CMD, ENTRYPOINT or HEALTHCHECK (they run with the SHELL),
    ONBUILD triggers, or another stage built from it (which inherits SHELL); nor where a RUN
    feeds `yes` into a pipe (it ends on SIGPIPE, which pipefail fails), or has pipelines in a
    new shell too (`sh -c '…'`), which the SHELL does not reach.

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4006
    - https://docs.docker.com/build/building/best-practices/#using-pipes
    - https://docs.docker.com/reference/dockerfile/#shell
    """

    code = "HC667"
    severity = Severity.WARNING
    advice = 'Set SHELL ["/bin/bash", "-o", "pipefail", "-c"] before the RUN, or start its script with set -o pipefail.'
    hadolint_codes = ("DL4006",)
    windows_default: bool  # the stage runs in a Windows image, whose default shell is cmd
    parents: set[int]  # the stages another is built FROM
    fix: Fix | None  # the stage's SHELL with pipefail, for the RUNs below it that it fixes

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        self.parents = {stage.parent.index for stage in dockerfile.stages if stage.parent is not None}

    def visit_stage(self, stage: Stage) -> None:
        self.windows_default = stage.windows_image
        image = stage.image
        program = pipefail_shell(image.value) if image is not None and isinstance(image.value, ImageReference) else None
        self.fix = None
        if program is not None and stage.index not in self.parents:
            self.fix = _shell_with_pipefail(program, tuple(stage.instructions))

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if run.shell is None and self.windows_default:
            return
        masked = masked_pipelines(run)
        first = next((found for found in masked if found.hidden is not None), None)
        if first is not None and first.hidden is not None:
            hidden, last = effective(first.hidden).name, effective(first.last).name
            self.report(
                program_word(first.hidden).span.cover(first.last.span),
                f"RUN pipes {hidden} into {last} without pipefail: the step fails only if {last} does",
                fix=self.fix if _fixed_by_shell(run) else None,
            )
        elif masked:  # only echo, printf or true before the last command: nothing is hidden yet
            pipeline = masked[0].pipeline
            feeder, last = effective(pipeline.commands[0]).name, effective(masked[0].last).name
            self.report(
                pipeline.commands[0].span.cover(masked[0].last.span),
                f"RUN pipes {feeder} into {last} without pipefail ({feeder} cannot fail, so nothing is hidden yet)",
                severity=Severity.NOTE,
                fix=self.fix if _fixed_by_shell(run) else None,
            )


def _fixed_by_shell(run: RunInstruction) -> bool:
    """A SHELL with pipefail above the RUN gives every pipeline it masks pipefail."""
    masked = masked_pipelines(run)
    return run.shell is None and not run.exec_form and bool(masked) and all(found.own_shell for found in masked)


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _shell_with_pipefail(program: str, instructions: tuple[Instruction, ...]) -> Fix | None:
    """SHELL ``program`` with pipefail above the first RUN of a stage's ``instructions`` it
    fixes (see the docs' Fix). Memoized by the instructions (an editor's re-lint hands out the
    unchanged ones again): it reads what the parse set."""
    if any(isinstance(i, OnbuildInstruction) or _runs_with_shell(i) for i in instructions):
        return None
    runs = [instruction for instruction in instructions if isinstance(instruction, RunInstruction)]
    first = next((index for index, run in enumerate(runs) if _fixed_by_shell(run)), None)
    if first is None:
        return None
    for run in runs[first:]:
        masked = masked_pipelines(run)
        if fed_by_yes(run) or len({found.own_shell for found in masked}) > 1:
            return None
    line = f"{written_keyword(runs[first], 'SHELL')} {json.dumps([program, '-o', 'pipefail', '-c'])}"
    return Fix(f"Add {line}", (line_before(runs[first], line),), Applicability.UNSAFE)


def _runs_with_shell(instruction: Instruction) -> bool:
    """A command in shell form, which the SHELL in force runs: CMD, ENTRYPOINT, HEALTHCHECK CMD."""
    if isinstance(instruction, CommandInstruction):
        return not instruction.exec_form
    if isinstance(instruction, HealthcheckInstruction):
        return instruction.test is not None and not instruction.disables and not instruction.exec_form
    return False
