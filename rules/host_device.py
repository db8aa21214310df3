from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.host_access import (
    HARMLESS_DEVICE_MOUNTS,
    all_devices_rule,
    device_host_path,
    is_device_path,
    raw_device,
)
from hullcheck.model.predicates import normalize_host_path
from hullcheck.model.span import Unresolved


class HostDevice(Rule):
    """A container gets direct access to a host device.

    ## What it does
    Flags every `devices` entry of a service (a device node, a CDI name such as
    `nvidia.com/gpu=all`, or one whose path is an unset variable), `device_cgroup_rules` that
    grant every device (`a *:* rwm`, `c *:* rwm`, `b *:* rwm`), and bind mounts of device
    nodes below `/dev` (`/dev/snd`, `/dev/bus/usb`, `/dev/shm`). The host's memory
    (`/dev/mem`, `/dev/kmem`, `/dev/port`), its disks (`/dev/sd*`, `/dev/nvme*`, `/dev/vd*`,
    `/dev/mapper/*`, `/dev/disk/*` …) and rules granting every device are errors; other devices
    are warnings. Bind mounts of `/dev/null`, `/dev/zero`, `/dev/full`, `/dev/random`,
    `/dev/urandom` and `/dev/tty` are not flagged: every container already has them. A mount
    of `/dev` itself is sensitive-host-mount's. The same holds for `docker run --device` and
    the SDKs' `devices=[…]`.

    ## Why is this bad?
    A device node talks to the host's kernel driver, outside the container's filesystem: a
    disk or `/dev/mem` gives the host's files and memory outright, and any driver is kernel
    code reachable from the container, so its bugs become escapes. A device cgroup rule for
    every device lets the container create and open any node (the default `MKNOD` capability
    allows it), which is as good as owning the host.

    ## Example
    ```yaml
    services:
      recovery:
        image: alpine:3.20
        security_opt:
          - no-new-privileges:true
        devices:
          - /dev/sda:/dev/sda
    ```

    ## Use instead
    ```yaml
    services:
      recovery:
        image: alpine:3.20
        security_opt:
          - no-new-privileges:true
        volumes:
          - ./backup:/backup:ro
    ```

    ## References
    - https://docs.docker.com/reference/compose-file/services/#devices
    - https://docs.docker.com/reference/compose-file/services/#device_cgroup_rules
    - https://docs.docker.com/reference/cli/docker/container/run/#device
    - https://www.cisecurity.org/benchmark/docker (host devices are not directly exposed to containers)
    """

    code = "HC104"
    severity = Severity.WARNING
    security_severity = 7.5
    cwe = (250, 668)
    advice = "Pass only the device the workload needs, never a disk or memory device, and no catch-all cgroup rule."

    def visit_container(self, container: Container) -> None:
        subject = container.subject
        for device in container.devices:
            value = device.value
            text = value.text if isinstance(value, Unresolved) else value
            host = device_host_path(text)
            if not host:
                continue
            raw = raw_device(host)
            if raw is not None:
                self.report(device, f"{subject} gets the host device {host}, {raw}", severity=Severity.ERROR)
            else:
                self.report(device, f"{subject} gets the host device {host}")
        for rule in container.device_cgroup_rules:
            granted = all_devices_rule(rule.value) if isinstance(rule.value, str) else None
            if granted is not None:
                message = f"{subject} has device cgroup rule '{rule.value}', which allows {granted}"
                self.report(rule, message, severity=Severity.ERROR)
        for mount in container.mounts:
            if mount.type != "bind" or mount.source is None or not isinstance(mount.source.value, str):
                continue
            source = mount.source.value
            if not is_device_path(source) or normalize_host_path(source) in HARMLESS_DEVICE_MOUNTS:
                continue
            raw = raw_device(source)
            if raw is not None:
                self.report(mount.source, f"{subject} mounts the host device {source}, {raw}", severity=Severity.ERROR)
            elif normalize_host_path(source) == "/dev/shm":
                self.report(mount.source, f"{subject} mounts {source}, the host's shared memory")
            else:
                self.report(mount.source, f"{subject} mounts the host device {source}")
