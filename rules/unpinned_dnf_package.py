from __future__ import annotations

from hullcheck.engine.os_package_rules import UnpinnedOsPackageRule


class UnpinnedDnfPackage(UnpinnedOsPackageRule):
    """dnf or microdnf installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `dnf install` (also `microdnf`, `dnf5`, `module install`, behind `sudo`,
    in `sh -c` strings and heredoc scripts) names a package without a version. A version is the
    last `-` part of the spec, after any `.arch`, when it starts with a digit: `tomcat-9.0.87`,
    `tomcat-9.0.87-1.fc40`, `openssl-1:3.0.7`, `gcc-c++-13.2.1`; so `java-21-openjdk` and
    `rpm-sign` are names. A provide with a version (`'tomcat >= 9'`) counts as a pin; a module
    needs its stream (`dnf module install nodejs:20`, `dnf install @nodejs:20`); an `.rpm` file
    or URL is pinned by itself; groups (`@core`, `group install`) are not packages to pin. A
    version from a variable is a version (`"git-core-${GIT_VER}"`). A variable's packages are
    read where its value is known: assigned once earlier in the script (`DEPS='gcc make' && dnf
    install -y $DEPS`) or by an ARG or ENV; a variable whose value is not known is not flagged
    (it may pin them), unless it is inside a name (`php${PHP_VERSION}-redis` is a name).
    `ONBUILD RUN` is read as a RUN. A RUN gets one finding, at its first unpinned package,
    naming them all.

    ## Why is this bad?
    An unpinned package is whatever version the repository serves on the day of the build, so
    two builds of the same Dockerfile install different software and the image cannot be
    rebuilt as it was. Pinning makes builds repeatable and version changes reviewable.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y nginx && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y nginx-1.26.1 && dnf clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3041
    """

    code = "HC704"
    advice = "Pin each package to a version: dnf install -y nginx-1.26.1 (a module to its stream: nodejs:20)."
    hadolint_codes = ("DL3041",)
    managers = frozenset({"dnf", "dnf5", "microdnf"})
