from __future__ import annotations

import functools

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.practice import download_tool, program_word
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction, Stage
from hullcheck.model.span import Located


class CurlAndWget(BestPracticeRule):
    """A stage downloads with both curl and wget.

    ## What it does
    Flags each RUN instruction that uses `curl` or `wget` once the stage (with the stages it
    is built from, `FROM <stage>`) has used the other one too: in any RUN script, `sh -c '…'`
    string, heredoc or `$(…)`, and behind `sudo` or `busybox`. The first RUN, with only one
    of them, is not flagged, and stages built from an image start afresh. An `ONBUILD RUN`
    trigger counts as a RUN of its stage where it stands: it runs in the builds FROM the image.

    ## Why is this bad?
    Two tools that do the same job are two packages to install, patch and scan, and two sets
    of flags, defaults and retry behaviour for whoever reads the Dockerfile. Pick one (curl
    is in most base images; BusyBox images have wget) and use it throughout the stage.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget -nv -O /tmp/a.tar.gz https://example.com/a.tar.gz
    RUN curl -fsSLo /tmp/b.tar.gz https://example.com/b.tar.gz
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN curl -fsSLo /tmp/a.tar.gz https://example.com/a.tar.gz
    RUN curl -fsSLo /tmp/b.tar.gz https://example.com/b.tar.gz
    USER nobody
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4001
    """

    code = "HC665"
    severity = Severity.WARNING
    advice = "Download with one tool, curl or wget, throughout the stage."
    hadolint_codes = ("DL4001",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image
    first_use: dict[str, Located[str]]  # each tool's first use in the stage and those it is built from

    def visit_stage(self, stage: Stage) -> None:
        self.first_use = {}
        for parent in reversed(list(stage.lineage)[1:]):
            for instruction in parent.instructions:
                if isinstance(instruction, RunInstruction):
                    self._uses(instruction)

    def visit_run_instruction(self, run: RunInstruction) -> None:
        used = self._uses(run)
        if not used or len(self.first_use) < 2:
            return
        tool, word = used[0]
        other = "wget" if tool == "curl" else "curl"
        elsewhere = self.first_use[other]
        if run.span.line <= elsewhere.span.line <= run.span.end_line:
            self.report(word, f"RUN uses both {tool} and {other}")
        else:
            related = self.related(elsewhere, f"{other} is used here")
            self.report(word, f"RUN uses {tool}, where the stage also uses {other}", (related,))

    def _uses(self, run: RunInstruction) -> tuple[tuple[str, Located[str]], ...]:
        """The tools this RUN uses, each at its first word; noted as the stage's first use."""
        used = _tools(run)
        for name, word in used:
            self.first_use.setdefault(name, word)
        return used


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def _tools(run: RunInstruction) -> tuple[tuple[str, Located[str]], ...]:
    """The download tools a RUN uses, each at its first word, in order. Memoized by the RUN (an
    editor's re-lint hands out the unchanged ones again): it reads what the parse set."""
    used: dict[str, Located[str]] = {}
    for command in run_commands(run):
        if (tool := download_tool(command)) is not None and tool.name not in used:
            used[tool.name] = program_word(tool)
    return tuple(used.items())
