from __future__ import annotations

from hullcheck.engine.os_package_rules import InteractiveInstallRule


class InteractiveAptInstall(InteractiveInstallRule):
    """apt-get install runs without -y.

    ## What it does
    Flags `apt-get install` (also `apt` and `aptitude`, behind `sudo` or `env`, in `sh -c`
    strings, heredoc scripts and `$(…)`) that does not answer apt's confirmation itself: without
    `-y`, `--yes` or `--assume-yes` (anywhere on the line, also combined: `-yq`), quiet level 2
    (`-qq`, `-q=2`, which implies `-y`) or `-o APT::Get::Assume-Yes=true`. A single `-q` does
    not answer it, and neither does `--force-yes` or `DEBIAN_FRONTEND=noninteractive` (which
    silences debconf's questions, not apt's). `ONBUILD RUN` is read as a RUN. A RUN gets one
    finding, at its first such install, with the others as related locations.

    ## Why is this bad?
    When an install needs more than the named packages, apt asks "Do you want to continue?"
    and waits for an answer. A build has no terminal, so apt reads end of input and aborts:
    the build fails, or, worse, passes only as long as no dependency is added.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install --no-install-recommends curl=7.88.1-10+deb12u12 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3014
    - https://docs.docker.com/build/building/best-practices/#apt-get
    """

    code = "HC705"
    advice = "Add -y (apt-get install -y …) so apt does not stop to ask."
    hadolint_codes = ("DL3014",)
    managers = frozenset({"apt-get", "apt", "aptitude"})
    switch = "-y"
