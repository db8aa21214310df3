from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import ExposeInstruction
from hullcheck.model.expose import exposed_ports


class UppercaseExposeProtocol(BestPracticeRule):
    """EXPOSE names a protocol in upper case.

    ## What it does
    Flags an EXPOSE port whose protocol is not all lower case (`80/TCP`, `53/Udp`), with ARG
    and ENV values substituted, as BuildKit's ExposeProtoCasing check does.

    ## Why is this bad?
    Docker lower-cases the protocol anyway, so `80/TCP` and `80/tcp` expose the same port;
    the odd spelling only makes the same port look different from the `80/tcp` written
    elsewhere (Compose files, `docker run -p`), and other tools may not fold the case.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 80/TcP
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 80/tcp
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/expose-proto-casing/
    """

    code = "HC605"
    severity = Severity.NOTE
    advice = "Write the protocol in lower case: tcp, udp or sctp."
    buildkit_checks = ("ExposeProtoCasing",)

    def visit_expose_instruction(self, expose: ExposeInstruction) -> None:
        for port, word, spec in exposed_ports(expose):
            if spec.protocol != spec.protocol.lower():
                self.report(port, f"protocol '{word}' in EXPOSE should be lower case: '{spec.protocol.lower()}'")
