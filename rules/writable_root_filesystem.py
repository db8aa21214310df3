from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, Origin
from hullcheck.model.edits import new_setting, setting_fix
from hullcheck.model.hardening import may_inherit_settings
from hullcheck.model.span import Interpolated
from hullcheck.model.spellings import Advice


class WritableRootFilesystem(Rule):
    """A container's root filesystem is writable.

    ## What it does
    Flags a Compose service that does not set `read_only: true`: at the service's name when
    `read_only` is absent, at the value when it is false. A value hullcheck cannot resolve, or a
    service without `read_only` that may take it from elsewhere (it `extends` another service, or
    has neither `image` nor `build`, as in an override file), is not flagged. Off by default:
    most images write somewhere, and need `tmpfs` or volumes for those paths first. Containers
    started from scripts and code (`docker run --read-only`, the SDKs' `read_only=True`) are
    checked alike, and the advice is in their spelling. A Windows container (platform
    `windows/…` or isolation `process` or `hyperv`, in Compose, `docker run` or the SDK, or a
    Microsoft Windows image such as `mcr.microsoft.com/windows/servercore`) is not flagged:
    Windows does not support a read-only root filesystem.

    ## Why is this bad?
    With a writable root filesystem, an attacker who gets code execution can drop tools,
    replace the application's code or libraries, add cron jobs or shell start-up files, and
    persist until the container is recreated; a read-only root filesystem confines writes to
    the volumes and tmpfs mounts you chose, which also makes tampering easy to spot.

    ## Example
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
    ```

    ## Use instead
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
        read_only: true
        tmpfs:
          - /var/cache/nginx
          - /var/run
    ```

    ## Fix
    Unsafe: `read_only: true` is added where no `read_only` is set (and `read_only: false`
    written in the file becomes `true`), for a Compose service: a line after its last one at
    its keys' indentation, or after a flow mapping's last value. A service that writes outside
    its volumes and tmpfs mounts then fails: add those first.

    A `docker run` or `podman run` command line in shell text (a script, a RUN, a CI step, a
    `subprocess` shell string) gets `--read-only` right after its `run` word, where that word is
    written as it reads (not quoted, not from a variable); not a Python argv list, whose items
    an edit would have to write as the list's syntax does, nor the SDKs' keyword arguments.

    ## References
    - https://docs.docker.com/reference/compose-file/services/#read_only
    - https://docs.docker.com/reference/cli/docker/container/run/#read-only
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-8-set-filesystem-and-volumes-to-read-only
    """

    code = "HC208"
    severity = Severity.WARNING
    security_severity = 4.0
    cwe = (732,)
    advice = Advice(
        "Make the root filesystem read-only ({read_only}); mount tmpfs ({tmpfs}) or volumes where the app writes."
    )
    enabled_by_default = False

    def visit_container(self, container: Container) -> None:
        if container.runs_windows:
            # "Windows does not support the read-only root filesystem option" (moby's Windows
            # execdriver, daemon/execdriver/windows/checkoptions.go); its tests still say so
            return
        setting = container.read_only
        if setting is None:
            if not may_inherit_settings(container):
                edits = new_setting(container, "read_only: true")
                self.report(
                    container.span,
                    f"{container.subject} has a writable root filesystem (read_only is not set)",
                    fix=setting_fix(container, "Add read_only: true", edits, "--read-only"),
                )
        elif setting.value is False:
            literal = container.origin is Origin.COMPOSE and not isinstance(setting, Interpolated)
            fix = Fix.replacing(setting.span, "true", Applicability.UNSAFE) if literal else None
            self.report(setting, f"{container.subject} has a writable root filesystem (read_only false)", fix=fix)
