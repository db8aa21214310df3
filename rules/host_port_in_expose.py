from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import ExposeInstruction
from hullcheck.model.expose import exposed_ports


class HostPortInExpose(BestPracticeRule):
    """EXPOSE names a host address or host port.

    ## What it does
    Flags an EXPOSE port written as a mapping, `8080:80` or `127.0.0.1:8080:80`, with ARG and
    ENV values substituted, as BuildKit's ExposeInvalidFormat check does.

    ## Why is this bad?
    EXPOSE only records which ports the container listens on; an image cannot publish a port
    or choose the host address it binds. Docker ignores the host side, so the line promises
    a binding (often a loopback-only one) that never happens. BuildKit warns that this will
    become an error; publish ports when the container runs (`docker run -p`, Compose `ports:`).

    ## Example
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 127.0.0.1:80:80
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 80
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/expose-invalid-format/
    - https://github.com/moby/buildkit/issues/2173
    """

    code = "HC606"
    severity = Severity.WARNING
    advice = "Expose the container port alone; publish it with docker run -p or Compose ports:."
    buildkit_checks = ("ExposeInvalidFormat",)

    def visit_expose_instruction(self, expose: ExposeInstruction) -> None:
        for port, word, spec in exposed_ports(expose):
            if spec.publishes:
                host = "an IP address and host port" if spec.host_ip else "a host port"
                self.report(port, f"EXPOSE {word} names {host}, which only publishing a port can use")
