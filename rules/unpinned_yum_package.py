from __future__ import annotations

from hullcheck.engine.os_package_rules import UnpinnedOsPackageRule


class UnpinnedYumPackage(UnpinnedOsPackageRule):
    """yum install installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `yum install` (also `localinstall`, `module install`, behind `sudo`, in
    `sh -c` strings and heredoc scripts) names a package without a version. A version is the
    last `-` part of the spec, after any `.arch`, when it starts with a digit: `tomcat-9.0.87`,
    `tomcat-9.0.87-1.el8`, `openssl-1:1.1.1k`, `gcc-c++-8.5.0`, `tomcat-9.0.87.noarch`. A dash
    alone is not a version: `java-11-openjdk`, `rpm-sign` and `python3-pip` are names (hadolint
    takes any `-` for a version). A module needs its stream (`yum module install nodejs:18`); an
    `.rpm` file or URL is pinned by itself; groups (`@core`, `groupinstall`) are not packages to
    pin. A variable's packages are read where its value is known: assigned once earlier in the
    script (`DEPS='gcc make' && yum install -y $DEPS`) or by an ARG or ENV; a variable whose
    value is not known is not flagged (it may pin them), unless it is inside a name
    (`php${PHP_VERSION}-redis` is a name). `ONBUILD RUN` is read as a RUN. A RUN gets one
    finding, at its first unpinned package, naming them all.

    ## Why is this bad?
    An unpinned package is whatever version the repository serves on the day of the build, so
    two builds of the same Dockerfile install different software and the image cannot be
    rebuilt as it was. Pinning makes builds repeatable and version changes reviewable.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6 && yum clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3033
    """

    code = "HC702"
    advice = "Pin each package to a version: yum install -y httpd-2.4.6 (a module to its stream: nodejs:18)."
    hadolint_codes = ("DL3033",)
    managers = frozenset({"yum"})
