from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Severity
from hullcheck.engine.options import RuleOption
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, is_host_mode
from hullcheck.model.hardening import ALL_CAPABILITIES, CapabilityTier, capability_risk, normalize_capability
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

_TIER_SEVERITY = {CapabilityTier.HOST_CONTROL: Severity.ERROR, CapabilityTier.HOST_IMPACT: Severity.WARNING}


class DangerousCapability(Rule):
    """A container is given a Linux capability that reaches beyond the container.

    ## What it does
    Flags `cap_add` entries, in any spelling (`SYS_ADMIN`, `CAP_SYS_ADMIN`, `sys_admin`), in two
    tiers. As errors, the capabilities that are enough on their own to take control of the
    host: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`, `DAC_READ_SEARCH`, `BPF`
    and `MAC_ADMIN`, and `NET_ADMIN` when the container uses the host's network, where it acts
    on the host's own interfaces and firewall. As warnings, those that reach state the container
    shares with the host: `NET_ADMIN`, `SYS_BOOT`, `SYS_TIME`, `SYSLOG`, `PERFMON`,
    `AUDIT_CONTROL` and `MAC_OVERRIDE`, plus any listed in the `extra-capabilities` option.
    Capabilities Docker grants by default (`CHOWN`, `NET_BIND_SERVICE`, `NET_RAW` …) and narrow
    ones such as `IPC_LOCK` or `SYS_NICE` are not flagged; a `cap_add` is flagged even when
    `cap_drop` names the same capability, since Docker applies the additions last. The same
    holds for `docker run --cap-add` and the SDKs' `cap_add=[…]`.

    ## Why is this bad?
    Capabilities split root's power into pieces, and Docker keeps the pieces that matter for the
    host out of containers. `SYS_ADMIN` allows mounts and is the usual first step of a container
    escape, `SYS_MODULE` loads code into the host's kernel, `DAC_READ_SEARCH` opens any host
    file by handle (the "shocker" escape), `SYS_PTRACE` and `BPF` read and change other
    processes and the kernel, and `ALL` is nearly privileged mode; the warning tier changes the
    network stack, clock, audit or kernel log that other workloads rely on. A compromise of the
    container then becomes a compromise of the host.

    ## Example
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
        cap_add:
          - ALL
    ```

    ## Use instead
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
        cap_drop:
          - ALL
        cap_add:
          - CHOWN
          - SETGID
          - SETUID
          - NET_BIND_SERVICE
    ```

    ## References
    - https://man7.org/linux/man-pages/man7/capabilities.7.html
    - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
    - https://docs.docker.com/reference/compose-file/services/#cap_add
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-3-limit-capabilities-grant-only-specific-capabilities-needed-by-a-container
    - https://docs.kics.io/latest/queries/dockercompose-queries/ce76b7d0-9e77-464d-b86f-c5c48e03e22d
    """

    code = "HC204"
    severity = Severity.ERROR
    security_severity = 8.0
    cwe = (250, 269)
    advice = Advice(
        "Remove the capability, or drop all ({cap_drop_all}) and add back only narrow ones the workload needs."
    )
    options: ClassVar[Mapping[str, RuleOption]] = {
        "extra-capabilities": RuleOption(
            "string-list", (), "More capabilities to flag, at warning level (e.g. SYS_RESOURCE, IPC_OWNER)"
        ),
    }

    def visit_container(self, container: Container) -> None:
        extra = {normalize_capability(name) for name in self.string_list("extra-capabilities")}
        host_network = is_host_mode(container.network_mode)
        for entry in container.cap_add:
            if not isinstance(entry.value, str):
                continue
            name = normalize_capability(entry.value)
            risk = capability_risk(name, host_network)
            if risk is None and name not in extra:
                continue
            if name == ALL_CAPABILITIES:
                message = f"{container.subject} adds all capabilities (cap_add {entry.value.strip()})"
            else:
                message = f"{container.subject} adds capability {name}"
            message += f", which lets it {risk.allows}" if risk is not None else " (listed in extra-capabilities)"
            tier = _TIER_SEVERITY[risk.tier] if risk is not None else Severity.WARNING
            self.report(entry, message, severity=tier)
