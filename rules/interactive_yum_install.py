from __future__ import annotations

from hullcheck.engine.os_package_rules import InteractiveInstallRule


class InteractiveYumInstall(InteractiveInstallRule):
    """yum install runs without -y.

    ## What it does
    Flags `yum install` (also `groupinstall`, `localinstall`, `module install`, behind `sudo`,
    in `sh -c` strings and heredoc scripts) without `-y`, `--assumeyes` or
    `--setopt=assumeyes=1`. `ONBUILD RUN` is read as a RUN. A RUN gets one finding, at its first
    such install, with the others as related locations.

    ## Why is this bad?
    yum asks "Is this ok [y/N]" before it installs anything. A build has no terminal, so yum
    reads end of input, takes it for "no", and the step fails.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install httpd-2.4.6 && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6 && yum clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3030
    """

    code = "HC706"
    advice = "Add -y (yum install -y …) so yum does not stop to ask."
    hadolint_codes = ("DL3030",)
    managers = frozenset({"yum"})
    switch = "-y"
