from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import command_span, in_image, rpm_cache_left
from hullcheck.model.dockerfile import RunInstruction


class DnfCacheLeftInImage(BestPracticeRule):
    """`dnf install` leaves dnf's cache in the image.

    ## What it does
    Flags `dnf`, `dnf5` and `microdnf` `install` (and `reinstall`, `upgrade`, `update`, `downgrade`,
    `distro-sync`, `makecache`, `module install`, `group install`) in a RUN instruction that is not
    followed, in the same RUN, by a `clean all` or by a removal of the cache folder
    (`/var/cache/dnf`, dnf 5's `/var/cache/libdnf5`, or `/var/cache/yum`, which microdnf uses). `dnf
    clean packages` alone keeps the metadata and is not enough. A RUN whose cache or tmpfs mount
    holds the cache (`--mount=type=cache,target=/var/cache/dnf`) is not flagged. Only the final
    stage (a Compose service's target) and the stages it is built `FROM` are checked: a builder
    stage that others only `COPY --from` leaves its layers behind. `ONBUILD RUN` triggers are
    checked too: they run in the builds `FROM` the image.

    ## Why is this bad?
    dnf keeps every repository's metadata (often over a hundred megabytes) and, with
    `keepcache`, the downloaded packages. None of it is used by the container, and a cleanup
    in a later RUN only hides it: the layer that wrote it keeps it.

    ## Example
    ```dockerfile
    FROM fedora:41
    RUN dnf install -y httpd-2.4.62
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:41
    RUN dnf install -y httpd-2.4.62 && dnf clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3040
    - https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command
    """

    code = "HC717"
    severity = Severity.WARNING
    advice = "End the RUN with dnf clean all (or mount a cache at dnf's cache folder)."
    hadolint_codes = ("DL3040",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not in_image(self.trail):
            return
        found = rpm_cache_left(run, ("dnf", "dnf5", "microdnf"))
        if found is not None:
            message = f"{found.manager} {found.verb} without {found.manager} clean all leaves its cache in the image"
            self.report(command_span(found), message)
