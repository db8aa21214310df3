from __future__ import annotations

from hullcheck.engine.package_rules import UnpinnedPackageRule
from hullcheck.model.commands.language_packages import (
    PackageCommand,
    Requirement,
    gem_requirements,
    is_gem_install,
)


class UnpinnedGem(UnpinnedPackageRule):
    """gem installs a gem without a pinned version.

    ## What it does
    Flags a RUN whose `gem install` (or `gem i`) names a gem without a version: `bundler`
    rather than `bundler:2.5.9`. A `-v`/`--version` option pins every gem of the command, and a
    local `.gem` file is pinned by its name. The words after `--` are build options, not gems.
    A gem a variable names (`gem install $GEMS`) is not flagged.

    ## Why is this bad?
    Without a version, `gem install` takes the newest release at build time: two builds of one
    Dockerfile get different code, and a breaking or malicious release lands in the image
    without review.

    ## Example
    ```dockerfile
    FROM ruby:3.3-slim
    RUN gem install bundler rake:13.2.1
    ```

    ## Use instead
    ```dockerfile
    FROM ruby:3.3-slim
    RUN gem install bundler:2.5.9 rake:13.2.1 \\
        && gem install nokogiri -v 1.16.5
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3028
    - https://guides.rubygems.org/command-reference/#gem-install
    """

    code = "HC744"
    advice = "Pin each gem (`gem install bundler:2.5.9`, or `-v 2.5.9`), or install a Gemfile.lock with Bundler."
    hadolint_codes = ("DL3028",)

    def requirements(self, found: PackageCommand) -> list[Requirement] | None:
        return gem_requirements(found) if is_gem_install(found) else None
