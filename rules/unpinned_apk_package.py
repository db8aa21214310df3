from __future__ import annotations

from hullcheck.engine.os_package_rules import UnpinnedOsPackageRule


class UnpinnedApkPackage(UnpinnedOsPackageRule):
    """apk add installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `apk add` (behind `sudo`, through `busybox`, in `sh -c` strings, heredoc
    scripts and `$(…)`) names a package without a version: `curl`, or `curl@edge` (a repository
    tag, not a version). A version constraint counts as a pin: `curl=8.5.0-r0`, `curl~8.5`,
    `'curl>=8.5'`, `'curl<9'`, as does a `.apk` file. Option values are not packages (`--virtual
    .build-deps`, `-t .deps`, `--repository URL`). Unquoted, `curl>8` is a shell redirect, so
    the package is `curl`, unpinned. A variable's packages are read where its value is known:
    assigned once earlier in the script (`DEPS='gcc make' && apk add $DEPS`) or by an ARG or
    ENV; a variable whose value is not known is not flagged (it may pin them), unless it is
    inside a name (`php${PHP_VERSION}-redis` is a name). `ONBUILD RUN` is read as a RUN. A RUN
    gets one finding, at its first unpinned package, naming them all.

    ## Why is this bad?
    An unpinned package is whatever version the Alpine mirror serves on the day of the build,
    so two builds of the same Dockerfile install different software and the image cannot be
    rebuilt as it was. Pinning, exactly or to a minor version with `~`, makes builds
    repeatable and version changes reviewable.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl ca-certificates
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl=8.9.1-r2 ca-certificates~20240705
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3018
    - https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Add_a_Package
    """

    code = "HC701"
    advice = "Pin each package to a version: apk add curl=8.9.1-r2 (or curl~8.9 for the minor version)."
    hadolint_codes = ("DL3018",)
    managers = frozenset({"apk"})
