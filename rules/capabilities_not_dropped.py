from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.edits import appended_item, new_setting, setting_fix
from hullcheck.model.hardening import ALL_CAPABILITIES, may_inherit_settings, normalize_capability
from hullcheck.model.spellings import Advice


class CapabilitiesNotDropped(Rule):
    """A container keeps Docker's default capabilities instead of dropping them all.

    ## What it does
    Flags a Compose service without `ALL` (in any case) in `cap_drop`: at the service's name when
    there is no `cap_drop`, at the list when it drops only some capabilities. A service whose
    `cap_drop` holds a value hullcheck cannot resolve is not flagged, nor one without a
    `cap_drop` that may take it from elsewhere (it `extends` another service, or has neither
    `image` nor `build`, as in an override file). Off by default: most images need a few capabilities
    added back, which takes testing. A privileged container is left to privileged-container:
    Docker ignores `cap_drop` for it. Containers started from scripts and code (`docker run
    --cap-drop`, the SDKs' `cap_drop=`) are checked alike, and the advice is in their spelling.
    A Windows container (platform `windows/…` or isolation `process` or `hyperv`, in Compose,
    `docker run` or the SDK, or a Microsoft Windows image such as
    `mcr.microsoft.com/windows/servercore`) is not flagged: it has no Linux capabilities to drop.

    ## Why is this bad?
    Docker starts every container with fourteen capabilities, among them `CHOWN`,
    `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `NET_RAW` and `MKNOD`, so that root in the
    container can change any file's owner and mode, read and write files regardless of
    permissions, forge network packets and create device nodes. Most services need none of
    them; each one kept is a tool an attacker who gets code execution can use to spread through
    mounted volumes, spoof traffic on the container network or exploit a kernel bug. Dropping
    them all and adding back the few the workload needs is the least-privilege baseline.

    ## Example
    ```yaml
    services:
      api:
        image: node:22-slim
        security_opt:
          - no-new-privileges:true
        cap_drop:
          - NET_RAW
    ```

    ## Use instead
    ```yaml
    services:
      api:
        image: node:22-slim
        security_opt:
          - no-new-privileges:true
        cap_drop:
          - ALL
    ```

    ## Fix
    Unsafe: in a Compose service, `ALL` is appended to its `cap_drop` list, written as the list
    is (a `- ` line after the last item, or `, ALL` before a flow list's `]`, in the quotes of its
    last item); a service with no `cap_drop` gets `cap_drop: [ALL]` (a line after its last one at
    its keys' indentation, or after a flow mapping's last value). Add back with `cap_add` what
    the workload needs.

    A `docker run` or `podman run` command line in shell text (a script, a RUN, a CI step, a
    `subprocess` shell string) gets `--cap-drop ALL` right after its `run` word, where that word is
    written as it reads (not quoted, not from a variable); not a Python argv list, whose items
    an edit would have to write as the list's syntax does, nor the SDKs' keyword arguments.

    ## References
    - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
    - https://docs.docker.com/reference/compose-file/services/#cap_drop
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-3-limit-capabilities-grant-only-specific-capabilities-needed-by-a-container
    - https://man7.org/linux/man-pages/man7/capabilities.7.html
    """

    code = "HC207"
    severity = Severity.WARNING
    security_severity = 5.0
    cwe = (250,)
    advice = Advice("Drop every capability ({cap_drop_all}) and add back ({cap_add}) only those the workload needs.")
    enabled_by_default = False

    def visit_container(self, container: Container) -> None:
        if container.runs_windows:
            return  # capabilities are Linux's; moby's Windows spec (daemon/oci_windows.go) has none
        if container.privileged is not None and container.privileged.value is not False:
            return  # privileged mode grants every capability whatever cap_drop says (privileged-container)
        dropped: list[str] = []
        for entry in container.cap_drop:
            if not isinstance(entry.value, str):
                return  # unknown: it may be ALL
            name = normalize_capability(entry.value)
            if name == ALL_CAPABILITIES:
                return
            dropped.append(name)
        if container.cap_drop:
            span = container.cap_drop[0].span.cover(container.cap_drop[-1].span)
            edits = appended_item(container, "cap_drop", "ALL")
            self.report(
                span,
                f"{container.subject} drops {', '.join(dropped)} but not ALL capabilities",
                fix=setting_fix(container, "Append ALL to cap_drop", edits, "--cap-drop ALL"),
            )
        elif not may_inherit_settings(container):
            edits = appended_item(container, "cap_drop", "ALL") or new_setting(container, "cap_drop: [ALL]")
            self.report(
                container.span,
                f"{container.subject} keeps Docker's default capabilities (no cap_drop ALL)",
                fix=setting_fix(container, "Add cap_drop: [ALL]", edits, "--cap-drop ALL"),
            )
