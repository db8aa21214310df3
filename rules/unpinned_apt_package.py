from __future__ import annotations

from hullcheck.engine.os_package_rules import UnpinnedOsPackageRule


class UnpinnedAptPackage(UnpinnedOsPackageRule):
    """apt-get installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `apt-get install` (also `apt` and `aptitude`, behind `sudo` or `env`, in
    `sh -c` strings, heredoc scripts and `$(…)`) names a package without a version: `curl`,
    `curl:amd64`, or a package from a release, `curl/bookworm-backports` (a release, like `-t
    bookworm-backports`, chooses the suite, not the version). A version counts as a pin, exact
    or with a wildcard (`curl=7.88.1-10+deb12u12`, `curl=7.88.*`), as does a `.deb` file
    (`./tool_1.2_amd64.deb`). Option values are not packages (`-t stable`, `-o Dpkg::…`). A
    variable's packages are read where its value is known: assigned once earlier in the script
    (`DEPS='gcc make' && apt-get install -y $DEPS`) or by an ARG or ENV; a variable whose value
    is not known is not flagged (it may pin them), unless it is inside a name
    (`php${PHP_VERSION}-redis` is a name). `ONBUILD RUN` is read as a RUN. A RUN gets one
    finding, at its first unpinned package, naming them all.

    ## Why is this bad?
    An unpinned package is whatever version the mirror serves on the day of the build, so two
    builds of the same Dockerfile install different software: an upgrade can break the image
    with no change to the repository, and the image cannot be rebuilt as it was. Pinning makes
    builds repeatable and version changes reviewable (and fails loudly when the pinned version
    leaves the archive, which is the moment to update it on purpose).

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl ca-certificates \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 ca-certificates=20230311 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3008
    - https://docs.docker.com/build/building/best-practices/#apt-get
    """

    code = "HC700"
    advice = "Pin each package to a version: apt-get install curl=7.88.1-10+deb12u12."
    hadolint_codes = ("DL3008",)
    managers = frozenset({"apt-get", "apt", "aptitude"})
