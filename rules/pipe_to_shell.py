from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.commands.downloads import script_downloads_run
from hullcheck.model.container import Container
from hullcheck.model.shell import ShellScript

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import CommandInstruction, RunInstruction


class PipeToShell(Rule):
    """A downloaded script runs straight from the network, unverified.

    ## What it does
    Flags a download whose output runs as a program: `curl … | sh`, `wget -qO- … | bash`,
    `curl … | sudo -E bash -s -- args`, `curl … | python3`, `… | perl`, `… | node`,
    `… | php -- --install-dir=…`, also through filters such as `tee`, and the substitution forms
    `sh -c "$(curl …)"`, `bash <(curl …)`, `source <(curl …)` and `eval "$(wget -O- …)"`. It reads
    RUN (heredocs and `sh -c` strings included), CMD, ENTRYPOINT, Compose `command` and
    `entrypoint`, the commands a container is started with wherever it is defined (a GitLab CI
    job's `script`, a Quadlet `Exec=`), and a dev container's lifecycle commands that run in it
    (`postCreateCommand` …). A download written to a file (`curl -o f`, `curl -O`, plain `wget URL`), and
    downloads piped into `tar`, `jq`, `sha256sum` or `bash -c '…'` are not flagged.

    ## Why is this bad?
    The script runs with the build's privileges the moment it arrives, and nothing checks
    that it is the script its authors published: a compromised host, CDN or release account,
    or a server that sends different content to `curl` than to a browser, gets code execution
    in the image. A download cut short runs half a script. Downloading to a file, checking its
    SHA-256 against a pinned value, then running it, makes the build fail instead.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    ARG SETUP_SHA256=0f1a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708
    RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \\
        && echo "${SETUP_SHA256}  /tmp/setup.sh" | sha256sum -c - \\
        && bash /tmp/setup.sh && rm /tmp/setup.sh
    USER nobody
    ```

    ## References
    - https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/
    - https://boostsecurityio.github.io/poutine/rules/unverified_script_exec/
    - https://owasp.org/www-project-top-10-ci-cd-security-risks/CICD-SEC-03-Dependency-Chain-Abuse
    - https://cwe.mitre.org/data/definitions/494.html
    """

    code = "HC405"
    severity = Severity.WARNING
    security_severity = 7.5
    cwe = (494, 829)
    advice = "Download to a file, verify its SHA-256 against a pinned value, then run it (or use a package)."

    def visit_run_instruction(self, run: RunInstruction) -> None:
        self._check(run.script, "RUN")

    def visit_command_instruction(self, instruction: CommandInstruction) -> None:
        self._check(instruction.script, instruction.keyword.value)

    def visit_container(self, container: Container) -> None:
        if container.command is not None:
            self._check(container.command, f"{container.subject} command")
        if container.entrypoint is not None:
            self._check(container.entrypoint, f"{container.subject} entrypoint")
        for command in container.exec_commands:
            self._check(command.script, f"{container.subject} {command.name}")

    def _check(self, script: ShellScript, subject: str) -> None:
        for span, how in script_downloads_run(script):
            self.report(span, f"{subject} {how}")
