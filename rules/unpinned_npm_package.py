from __future__ import annotations

from hullcheck.engine.package_rules import UnpinnedPackageRule
from hullcheck.model.commands.language_packages import (
    PackageCommand,
    Requirement,
    is_npm_install,
    npm_requirements,
)


class UnpinnedNpmPackage(UnpinnedPackageRule):
    """npm installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `npm install` (or `npm i`, `npm add`) names a package without a version
    (`express`, `@scope/pkg`), with the moving tag `latest` (`express@latest`), or a Git
    repository without a commit-ish (`git+https://github.com/org/repo.git`, `org/repo`). A
    version, range or other tag after `@` (`express@4.19.2`, `@scope/pkg@^1.2`), a Git spec
    with `#ref`, a tarball (`pkg-1.2.3.tgz`, a URL) and a folder (`.`, `./lib`, `/src/pkg`) are
    pinned. `npm install` and `npm ci` without packages install what package.json and its lock
    file pin, and are not flagged.

    ## Why is this bad?
    An unpinned package resolves to the newest release at build time, so the image changes
    without any change to the repository: a breaking major release or a hijacked package
    version reaches the image unreviewed. Pin versions, or better, install from a lock file
    with `npm ci`.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    RUN npm install --global typescript
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-alpine
    RUN npm install --global typescript@5.4.5
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3016
    - https://docs.npmjs.com/cli/commands/npm-install
    - https://docs.npmjs.com/cli/commands/npm-ci
    """

    code = "HC742"
    advice = "Pin each package (`express@4.19.2`), or install package.json's locked versions with `npm ci`."
    hadolint_codes = ("DL3016",)

    def requirements(self, found: PackageCommand) -> list[Requirement] | None:
        return npm_requirements(found) if is_npm_install(found) else None
