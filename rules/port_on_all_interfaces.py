from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.options import RuleOption
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, Origin, PortMapping
from hullcheck.model.host_access import PortRange, host_ports, on_all_interfaces, port_range, port_text
from hullcheck.model.span import Unresolved
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar


class PortOnAllInterfaces(Rule):
    """A published port listens on every interface of the host.

    ## What it does
    Flags Compose `ports` entries with no host IP, or with `0.0.0.0` or `::`, so the port is
    reachable from every network the host is on. The short syntax `"80"` counts: Docker
    publishes it on a random host port, on every interface. A host IP of `127.0.0.1`, `::1`,
    `localhost` or a specific address is fine, and so is `expose`, which publishes nothing.
    A host IP that is an unset variable is not guessed at. Host ports listed in the
    `allowed-ports` option (`80`, `443`, `8000-8010`, `53/udp`) are not flagged. Ports
    published from scripts and code (`docker run -p`, the SDKs' `ports=` and `publish=`,
    testcontainers) are checked alike, and the advice is in their spelling.

    ## Why is this bad?
    A port published without a host IP is open on every interface, public ones included, and
    Docker writes its own firewall rules, so host firewalls such as ufw do not close it. A
    database, an admin console or a debug port meant for the developer's own machine becomes
    reachable by anyone who can route to the host; binding to `127.0.0.1` keeps it local, and
    ports meant to be public can be allowed explicitly.

    ## Example
    ```yaml
    services:
      db:
        image: postgres:16.4
        security_opt:
          - no-new-privileges:true
        ports:
          - "5432:5432"
    ```

    ## Use instead
    ```yaml
    services:
      db:
        image: postgres:16.4
        security_opt:
          - no-new-privileges:true
        ports:
          - "127.0.0.1:5432:5432"
    ```

    ## Fix
    Unsafe: `127.0.0.1:` is written before a port written in the short syntax (`8080:80` becomes
    `127.0.0.1:8080:80`, `80` becomes `127.0.0.1::80`), in a Compose file (inside its quotes,
    `"8080:80"`) or on a `docker run` command line (a shell script's, or one Python runs); a
    Compose long-syntax port without `host_ip` gets `host_ip: 127.0.0.1` (a line after its last
    one at its keys' indentation, or after a flow mapping's last value). Other hosts can no
    longer reach the port: put a reverse proxy in front of it if they should.

    ## References
    - https://docs.docker.com/reference/compose-file/services/#ports
    - https://docs.docker.com/engine/network/packet-filtering-firewalls/
    - https://www.cisecurity.org/benchmark/docker (incoming container traffic is bound to a specific host interface)
    - https://cwe.mitre.org/data/definitions/1327.html
    """

    code = "HC210"
    severity = Severity.NOTE
    security_severity = 3.7
    cwe = (1327,)
    advice = Advice("Bind the port to one host address ({loopback_port}), or add it to allowed-ports if it is public.")
    options: ClassVar[Mapping[str, RuleOption]] = {
        "allowed-ports": RuleOption(
            "string-list",
            (),
            "host ports that may listen on every interface, such as 80 and 443; ranges (8000-8010) "
            "and a protocol (53/udp) may be given",
        )
    }

    def visit_container(self, container: Container) -> None:
        allowed = [r for entry in self.string_list("allowed-ports") if (r := port_range(entry)) is not None]
        for mapping in container.ports:
            if not on_all_interfaces(mapping):
                continue
            host = host_ports(mapping)
            if isinstance(mapping.published, Unresolved) and allowed:
                continue  # the host port may be one of the allowed ones
            if host is not None and _allowed(host, allowed):
                continue
            spec = port_text(mapping)
            if mapping.published is None:
                message = (
                    f"{container.subject} publishes container port {spec} on a random host port, on every interface"
                )
            else:
                message = f"{container.subject} publishes port {spec} on every host interface"
            fix = _on_loopback(mapping) if container.origin in _SHORT_SYNTAX else None
            self.report(mapping.span, message, fix=fix)


# where a port is written as text in the short syntax: not a Python int or a JSON number
_SHORT_SYNTAX = frozenset({Origin.COMPOSE, Origin.SHELL, Origin.SUBPROCESS})


def _on_loopback(mapping: PortMapping) -> Fix | None:
    """``127.0.0.1:`` before a mapping written as Compose's short syntax reads it; ``host_ip:
    127.0.0.1`` added to a long-syntax one."""
    span = mapping.span
    if mapping.host_ip is not None:
        return None
    start = mapping.text_start
    if start is None and span.line == span.end_line and span.end_column - span.column == len(port_text(mapping)):
        start = span.at(span.line, span.column, span.line, span.column)  # a -p value, as written
    if start is None and mapping.new_key_at is not None:  # Compose's long syntax
        edit = TextEdit(mapping.new_key_at.span, f"{mapping.new_key_at.value}host_ip: 127.0.0.1")
        return Fix("Publish on 127.0.0.1 only", (edit,), Applicability.UNSAFE)
    if start is None:
        return None  # not the short syntax as written (a keyword argument, an escape)
    loopback = "127.0.0.1::" if mapping.published is None else "127.0.0.1:"
    return Fix(f"Publish on {loopback.rstrip(':')} only", (TextEdit(start, loopback),), Applicability.UNSAFE)


def _allowed(ports: PortRange, allowed: list[PortRange]) -> bool:
    return any(ports.within(entry) for entry in allowed)
