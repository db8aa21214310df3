from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.commands.programs import wrapper_chain
from hullcheck.model.dockerfile import CommandInstruction, RunInstruction
from hullcheck.model.shell import ShellScript


class SudoUsage(Rule):
    """A build step or the container's command runs a program through sudo.

    ## What it does
    Flags the command `sudo` anywhere in a RUN instruction (shell form, exec form, heredoc
    bodies, `sh -c` strings, after `&&`, `;` or `|`, and behind `env`, `timeout` or `nice`) and
    in CMD and ENTRYPOINT. `sudo` as a word that is not run (`apt-get install sudo`,
    `echo sudo`, `usermod -aG sudo app`) and other programs such as `visudo` are not flagged.

    ## Why is this bad?
    Build steps already run as the user of the last `USER` instruction, root by default, so
    `sudo` in RUN only works when the image grants an unprivileged user password-less sudo,
    which turns `USER app` into a formality: any process running as that user, including an
    attacker's, becomes root with one command. sudo also behaves unpredictably without a TTY
    and forwards signals poorly as PID 1; switch users with `USER`, or with `gosu`/`su-exec`
    in an entrypoint that drops privileges instead of raising them.

    ## Example
    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y sudo \\
        && useradd --create-home app \\
        && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
    USER app
    RUN sudo apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && useradd --create-home app
    USER app
    ```

    ## References
    - https://docs.docker.com/build/building/best-practices/#user
    - https://github.com/hadolint/hadolint/wiki/DL3004
    - https://docs.kics.io/latest/queries/dockerfile-queries/8ada6e80-0ade-439e-b176-0b28f6bce35a
    - https://cwe.mitre.org/data/definitions/250.html
    """

    code = "HC303"
    severity = Severity.WARNING
    security_severity = 5.0
    cwe = (250, 269)
    advice = "Run the step as root before USER switches to the app user, and do not install sudo in the image."
    hadolint_codes = ("DL3004",)

    def visit_run_instruction(self, run: RunInstruction) -> None:
        self._check(run.script, "RUN")

    def visit_command_instruction(self, instruction: CommandInstruction) -> None:
        self._check(instruction.script, instruction.keyword.value)

    def _check(self, script: ShellScript, subject: str) -> None:
        for command in script.commands:
            for layer in wrapper_chain(command):
                if layer.name != "sudo":
                    continue
                sudo_word = layer.words[len(layer.words) - len(layer.arguments) - 1]
                inner = layer.wrapped()
                if inner is None:
                    self.report(sudo_word, f"{subject} runs sudo")
                else:
                    self.report(sudo_word, f"{subject} runs {inner.unwrapped().name} with sudo")
