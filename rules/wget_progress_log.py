from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.practice import program_word, wget_progress_unset
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction


class WgetProgressLog(BestPracticeRule):
    """wget downloads with its default progress output, which floods the build log.

    ## What it does
    Flags `wget` in a RUN script (through `sudo`, `busybox` and the like, in `sh -c '…'`
    strings, heredocs and `$(…)`) without an option that sets or quietens its progress
    output: `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-verbose`, `-o FILE`/`-a FILE` (the
    messages go to a log file), or `-e progress=…`; once per RUN, at its first such wget.
    `wget --version` downloads nothing and is not flagged. An `ONBUILD RUN` trigger is checked too.

    ## Why is this bad?
    Without a terminal, GNU wget reports progress in its "dot" style: a line of dots for
    every 50 KiB, so a 100 MB download writes two thousand lines into the build log, burying
    the output that matters and slowing CI log viewers; `--progress=dot:giga` shows a line per
    32 MB instead, and `-nv` only a line per file.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget https://example.com/app.tar.gz
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN wget --progress=dot:giga https://example.com/app.tar.gz
    USER nobody
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3047
    - https://www.gnu.org/software/wget/manual/wget.html#Download-Options
    """

    code = "HC664"
    severity = Severity.NOTE
    advice = "Give wget --progress=dot:giga, or -nv or -q."
    hadolint_codes = ("DL3047",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        found = [wget for command in run_commands(run) if (wget := wget_progress_unset(command))]
        if not found:
            return
        more = f" (and {len(found) - 1} more time{'s' if len(found) > 2 else ''} in this RUN)" if len(found) > 1 else ""
        self.report(
            program_word(found[0]),
            f"wget runs without --progress, -q or -nv{more}: its dots flood the build log",
            tuple(self.related(program_word(wget), "wget runs here without them too") for wget in found[1:]),
        )
