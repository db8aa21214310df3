from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.practice import links_default_shell
from hullcheck.model.commands.run_scripts import run_commands
from hullcheck.model.dockerfile import RunInstruction


class DefaultShellSymlink(BestPracticeRule):
    """A build step replaces /bin/sh with a link to another shell instead of using SHELL.

    ## What it does
    Flags `ln` in a RUN script whose link is `/bin/sh` (or `/usr/bin/sh`), such as
    `ln -sf /bin/bash /bin/sh`. A link that points to `/bin/sh` from elsewhere
    (`ln -s /bin/sh /usr/local/bin/sh`) is not flagged. An `ONBUILD RUN` trigger is checked too.

    ## Why is this bad?
    `/bin/sh` is the shell of every program in the image, not only of the Dockerfile: init
    scripts, package maintainer scripts and `system()` calls expect the distribution's POSIX
    shell, and break or change behaviour when it becomes bash. The change is also invisible in
    the Dockerfile's structure. To run RUN steps with bash, say so with `SHELL`, which affects
    the build's own steps and nothing else.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN ln -sf /bin/bash /bin/sh
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    USER nobody
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL4005
    - https://docs.docker.com/reference/dockerfile/#shell
    """

    code = "HC666"
    severity = Severity.WARNING
    advice = "Use SHELL to run build steps with another shell, and leave /bin/sh as it is."
    hadolint_codes = ("DL4005",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for command in run_commands(run):
            if (link := links_default_shell(command)) is not None:
                self.report(link, f"RUN makes {link.value} a link to another shell; set the build's shell with SHELL")
                return
