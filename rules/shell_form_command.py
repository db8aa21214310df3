from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CommandInstruction


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
        )
