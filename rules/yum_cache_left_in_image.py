from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import command_span, in_image, rpm_cache_left
from hullcheck.model.dockerfile import RunInstruction


class YumCacheLeftInImage(BestPracticeRule):
    """`yum install` leaves yum's cache in the image.

    ## What it does
    Flags `yum install` (and `groupinstall`, `localinstall`, `reinstall`, `update`, `upgrade`,
    `downgrade`, `distro-sync`, `makecache`) in a RUN instruction that is not followed, in the same
    RUN, by `yum clean all` (or `dnf clean all`: on RHEL 8 and later yum is dnf) or by a removal of
    `/var/cache/yum` (or `/var/cache/dnf`). `yum clean packages` alone keeps the metadata and is not
    enough. A RUN whose cache or tmpfs mount holds the cache
    (`--mount=type=cache,target=/var/cache/yum`) is not flagged. Only the final stage (a Compose
    service's target) and the stages it is built `FROM` are checked: a builder stage that others
    only `COPY --from` leaves its layers behind. `ONBUILD RUN` triggers are checked too: they run in
    the builds `FROM` the image.

    ## Why is this bad?
    yum keeps every repository's metadata (often over a hundred megabytes) and, depending on
    `keepcache`, the downloaded packages in `/var/cache/yum`. None of it is used by the
    container, and a cleanup in a later RUN only hides it: the layer that wrote it keeps it.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6-99.el7.centos.1
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6-99.el7.centos.1 && yum clean all
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3032
    - https://man7.org/linux/man-pages/man8/yum.8.html
    """

    code = "HC714"
    severity = Severity.WARNING
    advice = "End the RUN with yum clean all (or mount a cache at /var/cache/yum)."
    hadolint_codes = ("DL3032",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not in_image(self.trail):
            return
        found = rpm_cache_left(run, ("yum",))
        if found is not None:
            self.report(command_span(found), f"yum {found.verb} without yum clean all leaves its cache in the image")
