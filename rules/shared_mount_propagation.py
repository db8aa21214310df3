from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container

_SHARED = {"shared", "rshared"}


class SharedMountPropagation(Rule):
    """A bind mount propagates mounts back to the host.

    ## What it does
    Flags bind mounts whose propagation is `shared` or `rshared`, in the short syntax
    (`/srv/data:/data:rshared`) or the long one (`bind: {propagation: shared}`). `slave`,
    `rslave`, `private` and `rprivate` (the default) are not flagged.

    ## Why is this bad?
    With shared propagation, a mount made inside the container under that path appears on the
    host as well, and the host's new mounts appear in the container. A container that can
    mount (one with `SYS_ADMIN`, or privileged) can then lay its own filesystem over host
    paths that host processes trust, and the mount table stops being a boundary between them.
    `rslave` gives the container the host's new mounts without sending its own back.

    ## Example
    ```yaml
    services:
      storage:
        image: rclone/rclone:1.68
        security_opt:
          - no-new-privileges:true
        volumes:
          - type: bind
            source: /mnt/remote
            target: /data
            bind:
              propagation: rshared
    ```

    ## Use instead
    ```yaml
    services:
      storage:
        image: rclone/rclone:1.68
        security_opt:
          - no-new-privileges:true
        volumes:
          - type: bind
            source: /mnt/remote
            target: /data
            bind:
              propagation: rslave
    ```

    ## References
    - https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation
    - https://docs.docker.com/reference/compose-file/services/#volumes
    - https://docs.kernel.org/filesystems/sharedsubtree.html
    - https://www.cisecurity.org/benchmark/docker (mount propagation mode is not set to shared)
    """

    code = "HC211"
    severity = Severity.WARNING
    security_severity = 6.3
    cwe = (668,)
    advice = "Use the default private propagation, or rslave when the container must see the host's new mounts."

    def visit_container(self, container: Container) -> None:
        for mount in container.mounts:
            propagation = mount.propagation
            if propagation is None or not isinstance(propagation.value, str):
                continue
            if propagation.value.strip().lower() in _SHARED:
                source = mount.source.value if mount.source is not None else None
                what = source if isinstance(source, str) else "a path"
                message = (
                    f"{container.subject} mounts {what} with {propagation.value} propagation:"
                    " mounts made in the container reach the host"
                )
                self.report(propagation, message)
