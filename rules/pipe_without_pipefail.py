from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.pipefail import masked_pipelines
from hullcheck.model.commands.practice import program_word
from hullcheck.model.commands.programs import effective
from hullcheck.model.dockerfile import RunInstruction, Stage


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

    def visit_stage(self, stage: Stage) -> None:
        self.windows_default = stage.windows_image

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
            )
        elif masked:  # only echo, printf or true before the last command: nothing is hidden yet
            pipeline = masked[0].pipeline
            feeder, last = effective(pipeline.commands[0]).name, effective(masked[0].last).name
            self.report(
                pipeline.commands[0].span.cover(masked[0].last.span),
                f"RUN pipes {feeder} into {last} without pipefail ({feeder} cannot fail, so nothing is hidden yet)",
                severity=Severity.NOTE,
            )
