from __future__ import annotations

from hullcheck.engine.os_package_rules import UnpinnedOsPackageRule


class UnpinnedZypperPackage(UnpinnedOsPackageRule):
    """zypper install installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `zypper install` (or `zypper in`, behind `sudo`, in `sh -c` strings and
    heredoc scripts) names a package without a version. A version constraint counts as a pin
    (`tomcat=9.0.39`, `'tomcat>=9.0'`, `'tomcat<10'`), as does an `.rpm` file or URL; patterns
    and patches (`-t pattern devel_basis`, `pattern:devel_basis`) are not packages to pin. A
    variable's packages are read where its value is known: assigned once earlier in the script
    (`DEPS='gcc make' && zypper -n install $DEPS`) or by an ARG or ENV; a variable whose value
    is not known is not flagged (it may pin them), unless it is inside a name
    (`php${PHP_VERSION}-redis` is a name). `ONBUILD RUN` is read as a RUN. A RUN gets one
    finding, at its first unpinned package, naming them all.

    ## Why is this bad?
    An unpinned package is whatever version the repository serves on the day of the build, so
    two builds of the same Dockerfile install different software and the image cannot be
    rebuilt as it was. Pinning makes builds repeatable and version changes reviewable.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install tomcat && zypper clean --all
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install tomcat=9.0.89 && zypper clean --all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3037
    """

    code = "HC703"
    advice = "Pin each package to a version: zypper install tomcat=9.0.89 (or a range: 'tomcat>=9.0')."
    hadolint_codes = ("DL3037",)
    managers = frozenset({"zypper"})
