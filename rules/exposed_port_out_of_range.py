from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import ExposeInstruction
from hullcheck.model.expose import MAX_PORT, exposed_ports


class ExposedPortOutOfRange(BestPracticeRule):
    """EXPOSE names a port above 65535.

    ## What it does
    Flags an EXPOSE port, or either end of a port range, greater than 65535, with ARG and ENV
    values substituted (`EXPOSE 80800`, `EXPOSE 8000-80000/udp`).

    ## Why is this bad?
    TCP, UDP and SCTP ports are 16-bit numbers, 0 to 65535: no program can listen on port
    80800. It is a typo for another port, and BuildKit refuses to build the Dockerfile.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 80800
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    EXPOSE 8080
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3011
    - https://docs.docker.com/reference/dockerfile/#expose
    """

    code = "HC613"
    severity = Severity.ERROR
    advice = "Expose a port between 0 and 65535."
    hadolint_codes = ("DL3011",)

    def visit_expose_instruction(self, expose: ExposeInstruction) -> None:
        for port, word, spec in exposed_ports(expose):
            numbers = spec.numbers()
            if numbers is not None and max(numbers) > MAX_PORT:
                self.report(port, f"port {max(numbers)} in EXPOSE {word} is above {MAX_PORT}")
