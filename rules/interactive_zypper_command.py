from __future__ import annotations

from hullcheck.engine.os_package_rules import InteractiveInstallRule


class InteractiveZypperCommand(InteractiveInstallRule):
    """zypper installs or removes packages without its non-interactive switch.

    ## What it does
    Flags `zypper install`, `remove`, `source-install` and `patch` (and their short forms `in`,
    `rm`, `si`; behind `sudo`, in `sh -c` strings and heredoc scripts) without the global
    `-n`/`--non-interactive` before the command or the command's `-y`/`--no-confirm`. A `-n`
    after the command is accepted too, as hadolint does, though zypper reads it there as
    `--name`. `ONBUILD RUN` is read as a RUN. A RUN gets one finding, at its first such command,
    with the others as related locations.

    ## Why is this bad?
    zypper asks "Continue? [y/n/v/...? shows all options] (y)" before it changes anything. A
    build has no terminal, so zypper reads end of input and the step fails or hangs.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install tomcat=9.0.89 && zypper clean --all
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install tomcat=9.0.89 && zypper clean --all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3034
    """

    code = "HC708"
    advice = "Add --non-interactive before the command (zypper -n install …), or -y after it."
    hadolint_codes = ("DL3034",)
    managers = frozenset({"zypper"})
    verbs = frozenset({"install", "remove", "source-install", "patch"})
    switch = "--non-interactive"
