from __future__ import annotations

import json

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CommandInstruction
from hullcheck.model.edits import exec_form_words


class ShellFormCommand(BestPracticeRule):
    """CMD or ENTRYPOINT is written in shell form.

    ## What it does
    Flags a `CMD` or `ENTRYPOINT` written as plain text (`CMD node server.js`) rather than a
    JSON array (`CMD ["node", "server.js"]`). As in BuildKit's JSONArgsRecommended check, a
    stage that sets its own `SHELL` (or is built from a stage that does) is not flagged: the
    shell form is then a deliberate choice of shell. ONBUILD triggers and the command of
    HEALTHCHECK are not flagged.

    ## Why is this bad?
    The shell form runs the program as a child of `/bin/sh -c`, and the shell, as PID 1,
    does not pass on signals: `docker stop` sends SIGTERM to the shell, the program never
    sees it and is killed after the timeout, without closing connections or flushing data.
    A shell-form ENTRYPOINT also ignores the arguments of `docker run IMAGE …` and CMD.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    ENTRYPOINT my-program start
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    USER nobody
    ENTRYPOINT ["my-program", "start"]
    ```

    ## Fix
    For a command on one line that is one simple command of plain words (nothing quoted,
    expanded, globbed, redirected or chained; no shell builtin): the exec form of its words.
    Safe for CMD; unsafe for ENTRYPOINT, which in exec form takes the arguments of `docker run`
    and the image's CMD, and in shell form ignores them.

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3025
    - https://docs.docker.com/reference/build-checks/json-args-recommended/
    - https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
    """

    code = "HC608"
    severity = Severity.WARNING
    advice = 'Write the command as a JSON array: CMD ["program", "arg"], or exec the program from a script.'
    hadolint_codes = ("DL3025",)
    buildkit_checks = ("JSONArgsRecommended",)

    def visit_command_instruction(self, instruction: CommandInstruction) -> None:
        if instruction.exec_form or instruction.shell is not None or not instruction.arguments.value:
            return
        keyword = instruction.keyword.value
        self.report(
            instruction.arguments,
            f"{keyword} in shell form runs under /bin/sh -c, which does not pass signals such as SIGTERM on",
            fix=_exec_form(instruction),
        )


def _exec_form(instruction: CommandInstruction) -> Fix | None:
    arguments = instruction.arguments
    commands = instruction.script.every_command()
    if instruction.heredocs or arguments.span.line != arguments.span.end_line or len(commands) != 1:
        return None
    if len(instruction.script.pipelines) != 1 or not commands[0].placement.top_level:
        return None
    words = exec_form_words(commands[0])
    if words is None:
        return None
    safety = Applicability.SAFE if instruction.keyword.value == "CMD" else Applicability.UNSAFE
    return Fix.replacing(arguments.span, json.dumps(words, ensure_ascii=False), safety)
