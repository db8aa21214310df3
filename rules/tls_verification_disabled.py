from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.commands.verification import InsecureSetting, insecure_variable, script_insecure_settings
from hullcheck.model.container import Container
from hullcheck.model.shell import ShellScript

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import (
        ArgInstruction,
        Assignment,
        CommandInstruction,
        EnvInstruction,
        RunInstruction,
    )


class TlsVerificationDisabled(Rule):
    """A download or package install runs with TLS or signature verification turned off.

    ## What it does
    Flags the flags and settings that turn verification off, at the flag itself:
    `curl -k`/`--insecure` (also inside `-fsSLk`), `wget --no-check-certificate`,
    `pip install --trusted-host`, `apt-get --allow-unauthenticated`/`--force-yes`/
    `-o Acquire::https::Verify-Peer=false`, `apk add --allow-untrusted`,
    `rpm --nosignature`/`--nodigest`, `yum`/`dnf --nogpgcheck` or `--setopt=sslverify=0`,
    `zypper --no-gpg-checks`, `npm`/`yarn config set strict-ssl false`,
    `git -c http.sslVerify=false` and `git config http.sslVerify false`, `conda config --set
    ssl_verify false`, `composer config disable-tls true`, `kubectl`/`helm
    --insecure-skip-tls-verify`; and environment variables set by ENV, ARG defaults, Compose
    `environment`, `export` or `NAME=value cmd`: `NODE_TLS_REJECT_UNAUTHORIZED=0`,
    `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`,
    `NPM_CONFIG_STRICT_SSL=false`, `CURL_CA_BUNDLE=""`, `GOINSECURE`. It reads RUN, CMD,
    ENTRYPOINT and Compose `command`/`entrypoint`. `curl -k` against `localhost` only, and
    look-alikes such as `wget -k` (convert links) or `-o Acquire::Check-Valid-Until=false`,
    are not flagged.

    ## Why is this bad?
    TLS certificates and package signatures are what tie a download to its publisher. With
    them turned off, anyone who can intercept or redirect the build's traffic (a hostile
    network, a poisoned DNS or proxy, a compromised mirror) can serve their own packages and
    scripts, and the build installs them without a warning; in ENV the setting also stays in
    the image and weakens every connection the application makes at run time.

    ## Example
    ```dockerfile
    FROM node:20-bookworm-slim
    ENV NODE_TLS_REJECT_UNAUTHORIZED=0
    RUN curl -fsSLk https://example.com/tool.tar.gz -o /tmp/tool.tar.gz \\
        && npm config set strict-ssl false
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-bookworm-slim
    COPY corporate-ca.crt /usr/local/share/ca-certificates/corporate-ca.crt
    RUN update-ca-certificates \\
        && curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
    ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corporate-ca.crt
    USER node
    ```

    ## References
    - https://curl.se/docs/manpage.html#-k
    - https://nodejs.org/api/cli.html#node_tls_reject_unauthorizednode_tls_reject_unauthorized
    - https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslVerify
    - https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl
    - https://peps.python.org/pep-0493/
    - https://cwe.mitre.org/data/definitions/295.html
    """

    code = "HC406"
    severity = Severity.WARNING
    security_severity = 7.4
    cwe = (295, 347, 494)
    advice = "Keep verification on; add the CA that signs your proxy or mirror to the trust store instead."

    def visit_run_instruction(self, run: RunInstruction) -> None:
        self._check_script(run.script, "RUN")

    def visit_command_instruction(self, instruction: CommandInstruction) -> None:
        self._check_script(instruction.script, instruction.keyword.value)

    def visit_env_instruction(self, env: EnvInstruction) -> None:
        for assignment in env.assignments:
            self._check_assignment(assignment, "ENV")

    def visit_arg_instruction(self, arg: ArgInstruction) -> None:
        for declaration in arg.declarations:
            self._check_assignment(declaration, "ARG")

    def visit_container(self, container: Container) -> None:
        for name, value in container.environment.items():
            if isinstance(value.value, str) and (effect := insecure_variable(name, value.value)):
                self._report(effect.at(value.span, name, value.value), f"{container.subject} environment")
        if container.command is not None:
            self._check_script(container.command, f"{container.subject} command")
        if container.entrypoint is not None:
            self._check_script(container.entrypoint, f"{container.subject} entrypoint")

    def _check_assignment(self, assignment: Assignment, keyword: str) -> None:
        if assignment.value is None:  # ``ARG NAME`` without a default sets nothing
            return
        name, value = assignment.name.value, assignment.value.value
        if effect := insecure_variable(name, value):
            self._report(effect.at(assignment.name.span.cover(assignment.value.span), name, value), keyword)

    def _check_script(self, script: ShellScript, subject: str) -> None:
        for setting in script_insecure_settings(script):
            self._report(setting, subject)

    def _report(self, setting: InsecureSetting, subject: str) -> None:
        note = f" ({setting.note})" if setting.note else ""
        if setting.variable:
            message = f"{subject} sets {setting.setting}, which turns off {setting.disables} in {setting.tool}{note}"
        else:
            message = f"{subject} runs {setting.tool} with {setting.setting}, which turns off {setting.disables}{note}"
        self.report(setting.span, message)
