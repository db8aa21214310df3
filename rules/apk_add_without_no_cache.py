from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import (
    APK_CACHES,
    command_span,
    in_image,
    left_in_image,
    mounted_outside_image,
    packages_in,
)
from hullcheck.model.commands.packages import Family, PackageCommand
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.edits import after, plain_word

# apk's commands that fetch the repositories' indexes into the cache
_FETCHES = frozenset({"add", "upgrade", "update"})


def _fills(package: PackageCommand) -> bool:
    return package.family is Family.APK and package.verb in _FETCHES and not package.has("--no-cache")


def _no_cache(package: PackageCommand) -> Fix | None:
    """``--no-cache`` after ``add``: an add that keeps nothing (an update's indexes may be what a
    later add reads, in this RUN or another)."""
    if package.verb != "add" or package.action is None or not plain_word(package.command, package.action):
        return None
    return Fix("Add --no-cache", (TextEdit(after(package.action), " --no-cache"),), Applicability.SAFE)


def _cleans(package: PackageCommand) -> bool:
    return False  # ``apk cache clean`` keeps the indexes: only an rm of the folder removes them


class ApkAddWithoutNoCache(BestPracticeRule):
    """`apk add` without `--no-cache`: the package indexes stay in the image, or take an extra step to remove.

    ## What it does
    Flags `apk add`, `apk upgrade` and `apk update` without `--no-cache` in a RUN instruction (shell
    form, `sh -c` strings, heredoc scripts, behind `sudo` or `env`), unless a cache or tmpfs mount
    holds apk's cache (`--mount=type=cache,target=/var/cache/apk`, or `/etc/apk/cache`). When the
    same RUN removes `/var/cache/apk/*` after the last such command, nothing is left in the image
    and the finding says so: `--no-cache` does in one switch what `--update` and the removal do
    (hadolint's DL3019 reports both). Only the final stage (a Compose service's target) and the
    stages it is built `FROM` are checked: a builder stage that others only `COPY --from` leaves its
    layers behind. `ONBUILD RUN` triggers are checked too: they run in the builds `FROM` the image.

    ## Why is this bad?
    Without `--no-cache`, apk stores each repository's index (`APKINDEX.*.tar.gz`, a few
    megabytes) in `/var/cache/apk`, and the layer keeps them: the image grows by data that is
    stale the day after the build. `--no-cache` fetches fresh indexes, uses them in memory and
    stores nothing, which also makes `apk update` (or `--update`) before `apk add` and the
    `rm -rf /var/cache/apk/*` after it unneeded.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk update && apk add curl=8.12.1-r0
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl=8.12.1-r0
    ```

    ## Fix
    Safe: `--no-cache` is written after `add`, where that word is written plainly in shell
    text. Not for `apk update` or `apk upgrade`: a later `apk add` may need the indexes they
    keep.

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3019
    - https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "HC712"
    severity = Severity.NOTE
    advice = "Use apk add --no-cache, which needs no apk update and leaves no index behind."
    hadolint_codes = ("DL3019",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not in_image(self.trail):
            return
        left = left_in_image(run, APK_CACHES, _fills, _cleans)
        if left is not None:
            message = f"apk {left.verb} without --no-cache leaves the package indexes in the image"
            self.report(command_span(left), message, fix=_no_cache(left))
            return
        if mounted_outside_image(run.mounts, APK_CACHES):
            return
        removed = next((package for package in packages_in(run.script) if _fills(package)), None)
        if removed is not None:  # and the RUN removes the cache after it: a step --no-cache saves
            message = (
                f"apk {removed.verb} without --no-cache, then an rm of its cache: --no-cache does both in one switch"
            )
            self.report(command_span(removed), message, fix=_no_cache(removed))
