from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.hardening import disabled_protection
from hullcheck.model.spellings import Advice


class DisabledSecurityProfile(Rule):
    """A container turns off seccomp, AppArmor, SELinux or the masking of /proc paths.

    ## What it does
    Flags `security_opt` entries that switch a kernel protection off, in the spellings the engine
    accepts: `seccomp=unconfined` and `seccomp:unconfined`, `apparmor=unconfined` and
    `apparmor:unconfined`, `label=disable`, `label:disable` and the bare legacy `disable`, the
    unconfined SELinux types `label=type:spc_t` and `label=type:unconfined_t`, and
    `systempaths=unconfined`. A custom profile (`seccomp=./profile.json`,
    `apparmor=docker-nginx`), other SELinux labels (`label=level:s0:c100,c200`) and
    `no-new-privileges` are not flagged; like the engine, keys and `unconfined` are matched
    case-sensitively. The same holds for `docker run --security-opt`, the Docker SDK's
    `security_opt=[…]` and python-on-whales' `security_options=[…]`.

    ## Why is this bad?
    Docker's default seccomp profile blocks about forty system calls that containers do not
    need and that keep turning up in kernel exploits and escapes; the AppArmor and SELinux
    profiles stop a container from writing to host files and kernel interfaces even as root;
    and Docker masks or makes read-only paths such as `/proc/kcore`, `/proc/sys` and
    `/proc/sysrq-trigger`, through which root in a container could read kernel memory or reboot
    the host. Turning one of them off removes a layer that stands between a compromised process
    and the host.

    ## Example
    ```yaml
    services:
      browser:
        image: mcr.microsoft.com/playwright:v1.48.0-jammy
        security_opt:
          - no-new-privileges:true
          - seccomp=unconfined
    ```

    ## Use instead
    ```yaml
    services:
      browser:
        image: mcr.microsoft.com/playwright:v1.48.0-jammy
        security_opt:
          - no-new-privileges:true
          - seccomp=./seccomp-chrome.json
    ```

    ## References
    - https://docs.docker.com/engine/security/seccomp/
    - https://docs.docker.com/engine/security/apparmor/
    - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
    - https://docs.docker.com/reference/compose-file/services/#security_opt
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-6-use-linux-security-module-seccomp-apparmor-or-selinux-for-runtime-security
    """

    code = "HC205"
    severity = Severity.ERROR
    security_severity = 7.5
    cwe = (693,)
    advice = Advice(
        "Keep the default seccomp, AppArmor and SELinux profiles; if one blocks the workload, write your own "
        "({security_profile})."
    )

    def visit_container(self, container: Container) -> None:
        for entry in container.security_opt:
            if not isinstance(entry.value, str):
                continue
            protection = disabled_protection(entry.value)
            if protection is not None:
                self.report(entry, f"{container.subject} turns off {protection} ({entry.value.strip()})")
