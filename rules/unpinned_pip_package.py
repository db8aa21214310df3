from __future__ import annotations

from hullcheck.engine.package_rules import UnpinnedPackageRule
from hullcheck.model.commands.language_packages import (
    PackageCommand,
    Requirement,
    is_pip_install,
    pip_requirements,
)


class UnpinnedPipPackage(UnpinnedPackageRule):
    """pip installs a package without a pinned version.

    ## What it does
    Flags a RUN whose `pip install` (also `pip3`, `pip3.12`, `python3 -m pip`, `uv pip`,
    `pipx` and `pipenv`, in `sh -c` strings, heredocs and `ONBUILD RUN` too) names a package with no version
    specifier: `flask`, `flask[async]`, `pip`, or a Git URL without `@ref`
    (`git+https://github.com/org/repo.git`). Any version specifier counts as a pin, as it does
    for hadolint (`flask==3.0.3`, `flask~=3.0`, `'flask>=3,<4'`), as do a local folder or file
    (`.`, `./src`, `.[dev]`, `dist/app-1.0.whl`), a plain URL, and a Git URL with `@ref`.
    Packages in a requirements file (`-r requirements.txt`) keep their own pins, and a
    constraints file (`-c constraints.txt`) pins what the command names. A package a variable
    names (`pip install $PACKAGES`, `"flask$VERSION"`) is not flagged: the variable may pin it.

    ## Why is this bad?
    An unpinned package is whatever version the index serves on the day of the build, so
    two builds of the same Dockerfile install different code: a new major version breaks the
    image without any change to the repository, and a compromised release is pulled in
    silently. Pinning makes builds repeatable and version changes reviewable.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask gunicorn==22.0.0
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt /tmp/
    RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0 \\
        && pip install --no-cache-dir -r /tmp/requirements.txt
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3013
    - https://pip.pypa.io/en/stable/reference/requirement-specifiers/
    - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    """

    code = "HC740"
    advice = "Pin each package (`flask==3.0.3`), or install from a requirements or constraints file that pins them."
    hadolint_codes = ("DL3013",)

    def requirements(self, found: PackageCommand) -> list[Requirement] | None:
        return pip_requirements(found) if is_pip_install(found) else None
