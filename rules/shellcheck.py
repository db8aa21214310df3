from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import ScriptCheckingRule
from hullcheck.engine.shellcheck import RULE_CODE
from hullcheck.model.commands.whole_scripts import container_whole_scripts, run_whole_scripts
from hullcheck.model.container import Container

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import RunInstruction, Stage


class Shellcheck(ScriptCheckingRule):
    """ShellCheck's findings in the scripts a RUN or a container's shell runs, at their lines.

    ## What it does
    Runs [ShellCheck](https://www.shellcheck.net) on every script a Dockerfile's RUN hands to a
    shell, on the `sh -c` strings any container runs (a Compose service's `command` and
    `entrypoint`, a `docker run` in a shell script or a RUN, a container started from Python
    with the Docker SDK, testcontainers, python-on-whales or `subprocess`) and on a health
    check's `CMD-SHELL` script (Compose `healthcheck.test`, `docker run --health-cmd`), and
    reports each of its findings with ShellCheck's own code (`SC2086`), level and message, at
    the line and column of the file where the script says it: inside continued lines, heredocs,
    quoted `sh -c` strings and YAML or Python strings too. A string another shell expands
    something into first (`sh -c "cd $DIR"` in a RUN) is not what runs, and is not read. A
    script is read as Docker runs
    it: in the dialect of the SHELL in force (`sh` for the default `/bin/sh -c`, `bash` for
    `SHELL ["/bin/bash", "-c"]`; not at all for PowerShell, cmd or the exec form), its
    continued lines joined, a heredoc that is the whole command run on its own (in the shell
    its `#!` line names, if any), the heredocs a command reads given to the shell after it, and
    the ARG and ENV variables in force (a container's environment) assigned, as hadolint
    assigns them. ShellCheck's
    `# shellcheck disable=SC2086` comments inside a heredoc script work as in a script file.

    Each code can be selected, ignored and suppressed on its own (`--ignore SC2016`,
    `# hullcheck: ignore[SC2086]`, `# hadolint ignore=SC2086`); naming this rule (`HC670`,
    `shellcheck`) names them all. The rule is off by default and on with
    `extend-select = ["shellcheck"]`, or with `best-practice`, which takes it in. It needs
    ShellCheck: `pip install 'hullcheck[shellcheck]'` installs it, or a `shellcheck` on PATH is
    used; selecting the rule where there is none is a usage error.

    ## Why is this bad?
    A RUN line is a shell script that runs once, at build time, with no one watching its
    output: an unquoted `$(…)` that splits on a space, a `cd` that fails silently, a `[ $a = b ]`
    that breaks on an empty value build a different image than the one written, and the build
    often succeeds anyway. ShellCheck finds these mistakes in shell scripts; it belongs on the
    scripts a Dockerfile runs as much as on any other.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN chown nobody $(ls /srv)
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN find /srv -maxdepth 1 -exec chown nobody {} +
    USER nobody
    ```

    ## Fix
    Unsafe: ShellCheck's own fix, where it suggests one (quoting a word, mostly), for a script
    written in the file as it runs. Quoting a word stops its splitting, which a script may rely on.

    ## References
    - https://www.shellcheck.net/wiki/
    - https://github.com/hadolint/hadolint#rules
    - https://docs.docker.com/reference/dockerfile/#run
    """

    code = RULE_CODE
    group = "shellcheck"
    enabled_by_default = False
    security_severity = None
    severity = Severity.WARNING
    advice = "Change the script as ShellCheck's page for its code says."
    checks_onbuild_triggers = True
    windows_default: bool = False  # the stage runs in a Windows image, whose default shell is cmd

    def visit_stage(self, stage: Stage) -> None:
        self.windows_default = stage.windows_image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if run.shell is None and self.windows_default:
            return
        for script in run_whole_scripts(run):
            self.check_script(script)

    def visit_container(self, container: Container) -> None:
        for script in container_whole_scripts(container):
            self.check_script(script)
