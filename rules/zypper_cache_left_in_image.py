from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import (
    ZYPPER_CACHE,
    command_span,
    fills_zypper_cache,
    in_image,
    left_in_image,
    packages_in,
    zypper_clean_all,
)
from hullcheck.model.commands.packages import PackageCommand
from hullcheck.model.dockerfile import RunInstruction


def _cleans(package: PackageCommand) -> bool:
    return zypper_clean_all(package) is True


class ZypperCacheLeftInImage(BestPracticeRule):
    """`zypper install` leaves zypper's cache in the image.

    ## What it does
    Flags `zypper install` (`in`, and `update`, `dist-upgrade`, `patch`, `source-install`,
    `refresh`) in a RUN instruction that is not followed, in the same RUN, by `zypper clean --all`
    (`zypper cc -a`) or by a removal of `/var/cache/zypp`. A RUN whose cache or tmpfs mount holds
    the cache (`--mount=type=cache,target=/var/cache/zypp`) is not flagged. Only the final stage (a
    Compose service's target) and the stages it is built `FROM` are checked: a builder stage that
    others only `COPY --from` leaves its layers behind. `ONBUILD RUN` triggers are checked too: they
    run in the builds `FROM` the image.

    `zypper clean` without `--all` is flagged too: it removes only the downloaded packages
    (which zypper deletes after installing them anyway, unless `keeppackages` is on) and keeps
    the repository metadata, the bigger part.

    ## Why is this bad?
    zypper keeps every repository's raw and parsed metadata (tens of megabytes) in
    `/var/cache/zypp`. None of it is used by the container, and a cleanup in a later RUN only
    hides it: the layer that wrote it keeps it.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl=8.6.0
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl=8.6.0 && zypper clean --all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3036
    - https://en.opensuse.org/SDB:Zypper_manual
    """

    code = "HC716"
    severity = Severity.WARNING
    advice = "End the RUN with zypper clean --all (or mount a cache at /var/cache/zypp)."
    hadolint_codes = ("DL3036",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not in_image(self.trail):
            return
        found = left_in_image(run, ZYPPER_CACHE, fills_zypper_cache, _cleans)
        if found is None:
            return
        partial = any(zypper_clean_all(package) is False for package in packages_in(run.script))
        hint = "zypper clean without --all keeps the metadata, and " if partial else ""
        self.report(command_span(found), f"{hint}zypper {found.verb} leaves its cache in the image")
