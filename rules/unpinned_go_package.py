from __future__ import annotations

from hullcheck.engine.package_rules import UnpinnedPackageRule
from hullcheck.model.commands.language_packages import PackageCommand, Requirement, go_requirements


class UnpinnedGoPackage(UnpinnedPackageRule):
    """go install, go get or go run fetches a package without a pinned version.

    ## What it does
    Flags a RUN whose `go install`, `go get` or `go run` names a remote package without a
    version (`example.com/tool/cmd/tool`) or with a query that moves (`@latest`, `@upgrade`,
    `@patch`). A version (`@v1.2.3`, a commit, a branch) is a pin, as it is for hadolint; local
    packages (`.`, `./cmd/...`, `/src/app`, `main.go`) and patterns (`all`, `tool`) build what
    the module's own go.mod pins. For `go run`, only the first operand is a package: the rest
    are the program's arguments.

    ## Why is this bad?
    `@latest` (or no version, outside a module) resolves to the newest release at build time,
    so the tool in the image changes between builds of the same Dockerfile, and a breaking or
    compromised release is installed without review.

    ## Example
    ```dockerfile
    FROM golang:1.22
    RUN go install golang.org/x/tools/gopls@latest
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22
    RUN go install golang.org/x/tools/gopls@v0.15.3
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3062
    - https://go.dev/ref/mod#go-install
    """

    code = "HC745"
    advice = "Pin the version (`go install example.com/tool@v1.2.3`), not `@latest`."
    hadolint_codes = ("DL3062",)

    def requirements(self, found: PackageCommand) -> list[Requirement] | None:
        return go_requirements(found) or None
