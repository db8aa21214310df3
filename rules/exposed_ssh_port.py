from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.host_access import container_ports, host_ports, port_range, port_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import ExposeInstruction

_SSH = 22


class ExposedSshPort(Rule):
    """An image or service exposes the SSH port 22.

    ## What it does
    Flags `EXPOSE 22` (also `22/tcp`, a range holding 22, or an ARG or ENV that is 22), a
    Compose `expose` of 22, and `ports` that publish container port 22 or host port 22
    (`"2222:22"`, `"22:2222"`, `"20-25:20-25"`). UDP port 22 is not SSH and is not flagged.

    ## Why is this bad?
    Port 22 means an SSH server runs in the container: one more long-running, internet-facing
    daemon with its own keys, users and passwords to manage, usually set up once and never
    patched, and a way in that bypasses `docker exec` and its audit trail. Containers are
    entered with `docker exec`; a Git server that must speak SSH should be a deliberate,
    suppressed exception.

    ## Example
    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
    USER app
    EXPOSE 22
    CMD ["/usr/sbin/sshd", "-D"]
    ```

    ## Use instead
    ```dockerfile
    FROM ubuntu:24.04
    USER app
    EXPOSE 8080
    CMD ["/usr/local/bin/app"]
    ```

    ## References
    - https://docs.docker.com/reference/dockerfile/#expose
    - https://docs.docker.com/reference/cli/docker/container/exec/
    - https://www.cisecurity.org/benchmark/docker (sshd is not run within containers)
    - https://www.checkov.io/5.Policy%20Index/dockerfile.html (CKV_DOCKER_1)
    """

    code = "HC504"
    severity = Severity.WARNING
    security_severity = 5.3
    cwe = (668,)
    advice = "Do not run sshd in the container; use `docker exec` to get a shell."

    def visit_expose_instruction(self, expose: ExposeInstruction) -> None:
        for port in expose.ports:
            if isinstance(port.value, str) and _is_ssh(port.value):
                self.report(port, f"EXPOSE {port.value} declares the SSH port 22")

    def visit_container(self, container: Container) -> None:
        for exposed in container.expose:
            if isinstance(exposed.value, str) and _is_ssh(exposed.value):
                self.report(exposed, f"{container.subject} exposes the SSH port 22 ({exposed.value})")
        for mapping in container.ports:
            inside, outside = container_ports(mapping), host_ports(mapping)
            if inside is not None and inside.protocol == "tcp" and _SSH in inside:
                message = f"{container.subject} publishes port {port_text(mapping)}: container port 22 is SSH"
                self.report(mapping.span, message)
            elif outside is not None and outside.protocol == "tcp" and _SSH in outside:
                message = f"{container.subject} publishes port {port_text(mapping)} on host port 22, the SSH port"
                self.report(mapping.span, message)


def _is_ssh(text: str) -> bool:
    ports = port_range(text, "tcp")
    return ports is not None and ports.protocol == "tcp" and _SSH in ports
