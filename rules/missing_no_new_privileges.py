from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, MaybeText
from hullcheck.model.edits import appended_item, new_setting, setting_fix
from hullcheck.model.hardening import may_inherit_settings, no_new_privileges
from hullcheck.model.spellings import Advice


class MissingNoNewPrivileges(Rule):
    """A container lets its processes gain privileges through setuid binaries.

    ## What it does
    Flags a Compose service whose `security_opt` does not turn on `no-new-privileges`, once per
    service at its name, and a `no-new-privileges:false` (or `=false`) at the entry. The bare
    `no-new-privileges` and every true value Docker accepts (`:true`, `=true`, `=1`) count; when
    the option appears twice the last one wins, as in the engine. A service whose
    `security_opt` holds a value hullcheck cannot resolve is not flagged, nor one that may take
    the option from elsewhere: it `extends` another service, or has neither `image` nor `build`
    (an entry of an override file, merged onto a service defined in another file). Containers
    started by `docker run` or `podman run` (in a script, a Dockerfile RUN or a `subprocess`
    call), the Docker SDK, testcontainers and python-on-whales are checked alike, and the
    advice spells the option as each of them does (`--security-opt no-new-privileges`).
    A Windows container (platform `windows/…` or isolation `process` or `hyperv`, in Compose,
    `docker run` or the SDK, or a Microsoft Windows image such as
    `mcr.microsoft.com/windows/servercore`) is not flagged: the option is a Linux kernel flag
    that Windows containers do not have.

    ## Why is this bad?
    Without the `no_new_privs` flag, a process that runs a setuid or setgid binary, or one with
    file capabilities, gains that binary's privileges: an attacker who gets code execution as
    an unprivileged user in the container can become root through `su`, a setuid helper left in
    the image, or a file-capability binary, and then use root's rights on everything the
    container can reach. With the flag set, execve never grants more privileges than the
    process already has.

    ## Example
    ```yaml
    services:
      api:
        image: node:22-slim
        user: node
    ```

    ## Use instead
    ```yaml
    services:
      api:
        image: node:22-slim
        user: node
        security_opt:
          - no-new-privileges:true
    ```

    ## Fix
    Unsafe: in a Compose service, `no-new-privileges:true` is appended to its `security_opt`
    list, written as the list is (a `- ` line after the last item, or `, ` and the item before a
    flow list's `]`, in the quotes of its last item); a service with no `security_opt` gets
    `security_opt: ["no-new-privileges:true"]` (a line after its last one at its keys'
    indentation, or after a flow mapping's last value). A program that gains privileges through
    setuid or file capabilities (`sudo`, `ping` in old images) then fails.

    A `docker run` or `podman run` command line in shell text (a script, a RUN, a CI step, a
    `subprocess` shell string) gets `--security-opt no-new-privileges` right after its `run` word, where that word is
    written as it reads (not quoted, not from a variable); not a Python argv list, whose items
    an edit would have to write as the list's syntax does, nor the SDKs' keyword arguments.

    ## References
    - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
    - https://www.kernel.org/doc/html/latest/userspace-api/no_new_privs.html
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-4-prevent-in-container-privilege-escalation
    - https://docs.kics.io/latest/queries/dockercompose-queries/27fcc7d6-c49b-46e0-98f1-6c082a6a2750
    """

    code = "HC206"
    severity = Severity.NOTE
    security_severity = 4.0
    cwe = (250, 269)
    advice = Advice("Turn on no-new-privileges: {no_new_privileges}.")

    def visit_container(self, container: Container) -> None:
        if container.runs_windows:
            return  # no_new_privs is a Linux flag; on Windows the engine has none (moby daemon/info_windows.go)
        setting: MaybeText | None = None  # the entry that decides, as the engine reads them in order
        unknown = False
        for entry in container.security_opt:
            if not isinstance(entry.value, str):
                unknown = True  # it may be no-new-privileges, and would then win
            elif no_new_privileges(entry.value) is not None:
                setting, unknown = entry, False
        if unknown:
            return
        if setting is not None and isinstance(setting.value, str):
            if not no_new_privileges(setting.value):
                self.report(setting, f"{container.subject} turns no-new-privileges off ({setting.value.strip()})")
            return
        if not may_inherit_settings(container):
            edits = appended_item(container, "security_opt", "no-new-privileges:true") or new_setting(
                container, 'security_opt: ["no-new-privileges:true"]'
            )
            self.report(
                container.span,
                f"{container.subject} does not set no-new-privileges",
                fix=setting_fix(container, "Add no-new-privileges", edits, "--security-opt no-new-privileges"),
            )
