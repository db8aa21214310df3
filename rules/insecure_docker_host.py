from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, EngineClient
from hullcheck.model.host_access import (
    DOCKER_TLS_PORT,
    daemon_starts,
    dind_without_tls,
    is_plain_api_port,
    on_all_interfaces,
    port_text,
    publishes_plain_api_port,
    tcp_address,
)
from hullcheck.model.image import ImageReference
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Unresolved
from hullcheck.model.values import DOCKER_HOST, DOCKER_TLS_CERTDIR, DOCKER_TLS_VERIFY, is_loopback, tls_verify_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import Dockerfile, Variables

_PLAIN_PORT = "the Docker API's plain-text port"


class InsecureDockerHost(Rule):
    """A Docker client or daemon speaks the engine API over TCP without TLS.

    ## What it does
    Flags `DOCKER_HOST=tcp://…` set by `ENV`, an `ARG` or a Compose `environment` when
    `DOCKER_TLS_VERIFY` is not turned on where it applies (at the end of the stage, with the
    stages it is built from, the build args a Compose service passes and the global ARGs; or
    the service). As for the docker CLI and the SDKs, any non-empty `DOCKER_TLS_VERIFY` turns
    TLS on, `0` and `false` included; a value hullcheck cannot see counts as on. Also flags
    `dockerd -H tcp://…` (or `--host`, or a bare `:2375`) without `--tlsverify`, and
    `dockerd --tls=false`, in RUN, CMD, ENTRYPOINT and a service's command or entrypoint; the
    `docker:dind` image run with `DOCKER_TLS_CERTDIR` empty, which makes it listen on
    `tcp://0.0.0.0:2375`; and port 2375, the plain-text API port, published (`ports`) or
    exposed (`EXPOSE`, Compose `expose`). The same holds for containers started from code
    (`docker run -p 2375:2375`, the Docker SDK, testcontainers), and for clients made in code:
    `docker -H tcp://…`, `DOCKER_HOST` exported in a shell script,
    `docker.DockerClient(base_url="tcp://…")` without `tls=`, python-on-whales'
    `DockerClient(host=…)`. Port 2376 is the TLS port, and an address on it is taken to use
    TLS. The daemon and a published port are errors; clients, `EXPOSE` and ports bound to
    loopback are warnings.

    ## Why is this bad?
    The Docker API is root on the host, and on TCP without `--tlsverify` it asks for no
    credentials at all: anyone who can reach the port can start a privileged container that
    mounts the host's disk, and everything the client sends, registry passwords included,
    crosses the network in clear text. Scanners look for open port 2375 on the internet and
    take such hosts within minutes.

    ## Example
    ```yaml
    services:
      deploy:
        image: docker:27.3-cli
        security_opt:
          - no-new-privileges:true
        environment:
          DOCKER_HOST: tcp://build-host.internal:2375
    ```

    ## Use instead
    ```yaml
    services:
      deploy:
        image: docker:27.3-cli
        security_opt:
          - no-new-privileges:true
        environment:
          DOCKER_HOST: tcp://build-host.internal:2376
          DOCKER_TLS_VERIFY: "1"
          DOCKER_CERT_PATH: /certs
        volumes:
          - ./client-certs:/certs:ro
    ```

    ## Fix
    Unsafe: an empty `DOCKER_TLS_CERTDIR` of a `docker:dind` container becomes `/certs`, the
    image's default, where the value is written in a Compose `environment` (`DOCKER_TLS_CERTDIR:
    ""` becomes `"/certs"`, `- DOCKER_TLS_CERTDIR=` becomes `- DOCKER_TLS_CERTDIR=/certs`), a
    GitLab CI `variables` or a GitHub Actions service's `env`. dockerd then makes certificates in
    `/certs` and serves TLS on port 2376 only: its clients must use port 2376 and the client
    certificates in `/certs/client` (a volume they share; GitLab's runner mounts it when its
    `config.toml` lists `/certs/client` in `volumes`).

    ## References
    - https://docs.docker.com/engine/security/protect-access/
    - https://docs.docker.com/reference/cli/dockerd/
    - https://docs.docker.com/reference/cli/docker/#environment-variables
    - https://hub.docker.com/_/docker
    - https://www.cisecurity.org/benchmark/docker (TLS authentication for the Docker daemon is configured)
    """

    code = "HC102"
    severity = Severity.ERROR
    security_severity = 9.0
    cwe = (306, 319)
    advice = "Use TLS with client certificates (--tlsverify, DOCKER_TLS_VERIFY=1, port 2376) or SSH, never plain TCP."

    # --- Dockerfiles ------------------------------------------------------------------------

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        # imported here: a Compose file's lint needs no Dockerfile model
        from hullcheck.model.dockerfile import CommandInstruction, ExposeInstruction, RunInstruction, VariableSource

        self._check_variable(dockerfile.global_variables, None)
        for stage in dockerfile.stages:
            self._check_variable(stage.variables, stage.index)
            for instruction in stage.instructions:
                if isinstance(instruction, RunInstruction):  # a build step sees the ARGs too
                    self._check_script(instruction.script, "RUN", instruction.variables.value(DOCKER_TLS_VERIFY))
                elif isinstance(instruction, CommandInstruction):
                    verify = stage.variables.value(DOCKER_TLS_VERIFY, environment=True)
                    self._check_script(instruction.script, instruction.keyword.value, verify)
                elif isinstance(instruction, ExposeInstruction):
                    for port in (port for port in instruction.ports if is_plain_api_port(port.value)):
                        self.report(port, f"EXPOSE {port.value} declares {_PLAIN_PORT}", severity=Severity.WARNING)
            certdir = stage.variables.get(DOCKER_TLS_CERTDIR)
            command = stage.cmd.script if stage.cmd else None
            if (
                certdir is not None
                and certdir.value is not None
                and certdir.stage == stage.index  # an ENV of this stage: what a container starts with
                and certdir.source is VariableSource.ENV
                and dind_without_tls(stage.image, stage.entrypoint is not None, command, certdir.text)
            ):
                self._report_empty_certdir(certdir.value, "ENV", stage.image)

    def _check_variable(self, variables: Variables, stage: int | None) -> None:
        """Each DOCKER_HOST set here (not inherited), with the TLS verification in force at the end."""
        from hullcheck.model.dockerfile import VariableSource

        for host in variables.history(DOCKER_HOST):
            if host.value is None or host.stage != stage:
                continue
            verb = "ENV sets" if host.source is VariableSource.ENV else "ARG defaults"
            via = " (a build arg)" if host.source is VariableSource.BUILD_ARG else ""
            self._check_host(host.value, f"{verb} DOCKER_HOST to {host.text}{via}", variables.value(DOCKER_TLS_VERIFY))

    def _check_host(self, host: Located[str | Unresolved], what: str, verify: str | Unresolved | None) -> None:
        address = tcp_address(host.value) if isinstance(host.value, str) else None
        if address is not None and address.port != DOCKER_TLS_PORT and tls_verify_on(verify) is False:
            unset = "without DOCKER_TLS_VERIFY" if verify is None else "with DOCKER_TLS_VERIFY empty"
            self.report(host, f"{what} {unset}: the API is used without TLS", severity=Severity.WARNING)

    # --- Compose and containers started from code -------------------------------------------

    def visit_container(self, container: Container) -> None:
        subject, environment = container.subject, container.environment
        verify = environment[DOCKER_TLS_VERIFY].value if DOCKER_TLS_VERIFY in environment else None
        if DOCKER_HOST in environment:
            host = environment[DOCKER_HOST]
            self._check_host(host, f"{subject} sets DOCKER_HOST to {host.value}", verify)
        for script in (container.entrypoint, container.command):
            if script is not None:
                self._check_script(script, subject, verify)
        certdir = environment.get(DOCKER_TLS_CERTDIR)
        if certdir is not None and dind_without_tls(
            container.image, container.entrypoint is not None, container.command, certdir.value
        ):
            place = container.environment_at.get(DOCKER_TLS_CERTDIR)
            edits = (TextEdit(place, "/certs"),) if place is not None else ()
            fix = Fix("Set DOCKER_TLS_CERTDIR to /certs", edits, Applicability.UNSAFE) if edits else None
            self._report_empty_certdir(certdir, subject, container.image, fix)
        for exposed in (exposed for exposed in container.expose if is_plain_api_port(exposed.value)):
            self.report(exposed, f"{subject} exposes port {exposed.value}, {_PLAIN_PORT}", severity=Severity.WARNING)
        for mapping in (mapping for mapping in container.ports if publishes_plain_api_port(mapping)):
            local = isinstance(mapping.host_ip, str) and is_loopback(mapping.host_ip)
            severity = Severity.WARNING if local or on_all_interfaces(mapping) is None else Severity.ERROR
            self.report(
                mapping.span, f"{subject} publishes port {port_text(mapping)}, {_PLAIN_PORT}", severity=severity
            )

    def _report_empty_certdir(
        self, at: Located[object], who: str, image: Located[object] | None, fix: Fix | None = None
    ) -> None:
        shown = image.value.text if image is not None and isinstance(image.value, ImageReference) else "docker:dind"
        message = f"{who} empties DOCKER_TLS_CERTDIR of {shown}: dockerd listens on tcp://0.0.0.0:2375 without TLS"
        self.report(at, message, fix=fix)

    def visit_engine_client(self, client: EngineClient) -> None:
        address = tcp_address(client.host.value) if isinstance(client.host.value, str) else None
        tls = client.tls is not None and client.tls.value is not False  # on, or set from something unknown
        if not tls and address is not None and address.port != DOCKER_TLS_PORT:
            message = f"{client.subject} connects to {client.host.value} without TLS: the API is used in clear text"
            self.report(client.host, message, severity=Severity.WARNING)

    # --- the daemon -------------------------------------------------------------------------

    def _check_script(self, script: ShellScript, who: str, verify: str | Unresolved | None) -> None:
        for daemon in daemon_starts(script):
            if daemon.tls_verify if daemon.tls_verify is not None else tls_verify_on(verify) is not False:
                continue  # verifying, or unknown: a variable hullcheck cannot see
            plain = [(host, address) for host in daemon.hosts if (address := tcp_address(host.value, bare_is_tcp=True))]
            for host, address in plain:
                local = " (loopback only)" if is_loopback(address.host) else ""
                message = f"{who} starts dockerd listening on {host.value}{local} without --tlsverify"
                self.report(host, message, severity=Severity.WARNING if local else Severity.ERROR)
            if not plain and daemon.tls_off is not None:
                self.report(
                    daemon.tls_off, f"{who} starts dockerd with {daemon.tls_off.value}: the API is served without TLS"
                )
