from __future__ import annotations

from hullcheck.engine.os_package_rules import InteractiveInstallRule


class InteractiveDnfInstall(InteractiveInstallRule):
    """dnf install runs without -y.

    ## What it does
    Flags `dnf install` (also `dnf5`, `groupinstall`, `localinstall`, `module install`, behind
    `sudo`, in `sh -c` strings and heredoc scripts) without `-y`, `--assumeyes` or
    `--setopt=assumeyes=True`. `microdnf` is not flagged: it never asks (its `-y` is accepted
    and does nothing), where hadolint flags it too. `ONBUILD RUN` is read as a RUN. A RUN gets
    one finding, at its first such install, with the others as related locations.

    ## Why is this bad?
    dnf asks "Is this ok [y/N]" before it installs anything. A build has no terminal, so dnf
    reads end of input, takes it for "no", and the step fails.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install nginx-1.26.1 && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y nginx-1.26.1 && dnf clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3038
    """

    code = "HC707"
    advice = "Add -y (dnf install -y …) so dnf does not stop to ask."
    hadolint_codes = ("DL3038",)
    managers = frozenset({"dnf", "dnf5", "microdnf"})
    switch = "-y"
