from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, Mount
from hullcheck.model.host_access import sensitive_host_path
from hullcheck.model.predicates import engine_socket_exposure, normalize_host_path
from hullcheck.model.span import Unresolved


class SensitiveHostMount(Rule):
    """A container bind-mounts a sensitive host path or a credential folder.

    ## What it does
    Flags bind mounts of the host's `/`, `/etc`, `/root`, `/boot`, `/proc`, `/sys`, `/dev`,
    the engine state folders `/var/lib/docker`, `/var/lib/containerd` and `/var/lib/kubelet`
    (and `/var` or `/var/lib`, which hold them), the D-Bus system bus folder `/run/dbus`, and
    credential folders under a home directory (`~/.ssh`, `~/.aws`, `~/.kube`, `~/.docker`,
    `~/.gnupg`, `~/.azure`, `~/.config/gcloud`, whether written `~`, `$HOME`, `/root` or
    `/home/<user>`), as well as whole home directories, which hold them; a Compose named volume
    whose local driver binds such a path (`driver_opts: {o: bind, device: /etc}`) is that bind,
    reported at each service's mount of it. Below `/etc` only
    what holds secrets or grants root is flagged (`/etc/shadow`, `/etc/sudoers`, `/etc/ssh`,
    `/etc/kubernetes`, `/etc/docker`), not `/etc/localtime`; below `/dev` each device is
    host-device's. Writable mounts are errors, read-only ones warnings (except `/dev` and the
    bus, where read-only changes nothing). An engine socket itself is docker-socket-mount's. A
    Compose service that gets such a mount through `volumes_from` (directly or through a chain;
    `:ro` makes it read-only) is flagged on its `volumes_from` entry, with a related location on
    the mount it inherits.

    ## Why is this bad?
    These paths are the host's keys and controls: a writable `/etc`, `/root`, `/boot`,
    `/proc/sys` or `/var/lib/docker` lets the container add a user, a cron job, an SSH key or
    a kernel setting and so take over the host, and even a read-only mount hands it password
    hashes, private keys, cloud credentials and the files of every other container. A
    container that is meant to be isolated should not see them.

    ## Example
    ```yaml
    services:
      backup:
        image: restic/restic:0.17.1
        security_opt:
          - no-new-privileges:true
        volumes:
          - /etc:/host/etc
          - ~/.aws:/root/.aws:ro
    ```

    ## Use instead
    ```yaml
    services:
      backup:
        image: restic/restic:0.17.1
        security_opt:
          - no-new-privileges:true
        volumes:
          - ./backup-config:/config:ro
        secrets:
          - aws_credentials
    secrets:
      aws_credentials:
        file: ./aws-credentials
    ```

    ## References
    - https://docs.docker.com/engine/storage/bind-mounts/
    - https://www.cisecurity.org/benchmark/docker (sensitive host system directories are not mounted on containers)
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html
    - https://docs.docker.com/compose/how-tos/use-secrets/
    """

    code = "HC103"
    severity = Severity.ERROR
    security_severity = 8.8
    cwe = (668, 552)
    advice = "Mount only the project folder or a named volume; pass credentials as secrets, not host folders."

    def visit_container(self, container: Container) -> None:
        for mount in container.mounts:
            found = _exposure(mount)
            if found is not None and mount.source is not None:
                self.report(mount.source, f"{container.subject} mounts {found[0]}", severity=found[1])
        for inherited in container.inherited_mounts:
            found = _exposure(inherited.mount)
            if found is not None and inherited.mount.source is not None:
                self.report(
                    inherited.entry.name,
                    inherited.described(container.subject, found[0]),
                    related=(self.related(inherited.mount.source, f"{inherited.origin} mounts it here"),),
                    severity=found[1],
                )


def _exposure(mount: Mount) -> tuple[str, Severity | None] | None:
    """What ``mount`` exposes and how ("/etc (host configuration) writable"), with the severity
    when it differs from the rule's; None when it is not a sensitive bind mount."""
    if mount.type != "bind" or mount.source is None:
        return None
    value = mount.source.value
    text = value.text if isinstance(value, Unresolved) else value
    socket = engine_socket_exposure(text)
    if socket is not None and not socket.via_parent:
        return None  # the socket itself: docker-socket-mount
    sensitive = sensitive_host_path(text)
    if sensitive is None:
        return None
    if sensitive.via_parent:
        what = f"{text}, which holds {sensitive.path} ({sensitive.what})"
    elif sensitive.path == normalize_host_path(text.replace("\\", "/")):
        what = f"{text} ({sensitive.what})"
    else:
        what = f"{text}, inside {sensitive.path} ({sensitive.what})"
    if not mount.read_only:
        return f"{what} writable", None
    if sensitive.read_only_helps:
        return f"{what} read-only", Severity.WARNING
    return f"{what} read-only, which does not protect it", None
