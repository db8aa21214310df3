from __future__ import annotations

from collections.abc import Iterable, Sequence

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, EngineClient
from hullcheck.model.dockerfile import (
    ArgInstruction,
    Assignment,
    CommandInstruction,
    Dockerfile,
    EnvInstruction,
    ExposeInstruction,
    RunInstruction,
    Stage,
    StageReference,
)
from hullcheck.model.host_access import (
    DOCKER_PLAIN_PORT,
    DOCKER_TLS_PORT,
    container_ports,
    is_dind_image,
    is_loopback,
    on_all_interfaces,
    port_range,
    port_text,
    tcp_address,
    tls_verify_on,
)
from hullcheck.model.image import ImageReference
from hullcheck.model.shell import ShellCommand, ShellScript
from hullcheck.model.span import Located

_DAEMONS = {"dockerd"}
_DAEMON_WRAPPERS = {"dind", "dockerd-entrypoint.sh"}  # run dockerd with the flags they are given
_GO_TRUE = {"1", "t", "true"}
_GO_FALSE = {"0", "f", "false"}


class InsecureDockerHost(Rule):
    """A Docker client or daemon speaks the engine API over TCP without TLS.

    ## What it does
    Flags `DOCKER_HOST=tcp://…` set by `ENV`, an `ARG` default or a Compose `environment`
    when `DOCKER_TLS_VERIFY` is not turned on in the same scope (the stage, with the stages it
    is built from, or the service; `0`, `false`, `no` and `off` count as off, and a value from
    a variable as on); `dockerd -H tcp://…` (or `--host`, or a bare `:2375`) without
    `--tlsverify`, and `dockerd --tls=false`, in RUN, CMD, ENTRYPOINT and a service's command
    or entrypoint; the `docker:dind` image run with `DOCKER_TLS_CERTDIR` empty, which makes
    it listen on `tcp://0.0.0.0:2375`; and port 2375, the plain-text API port, published
    (`ports`) or exposed (`EXPOSE`, Compose `expose`). The same holds for containers started
    from code (`docker run -p 2375:2375`, the Docker SDK, testcontainers), and for clients made
    in code: `docker -H tcp://…`, `DOCKER_HOST` exported in a shell script,
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
      dind:
        image: docker:27.3-dind
        privileged: true
        command: ["dockerd", "--host=tcp://0.0.0.0:2375", "--tls=false"]
        ports:
          - "2375:2375"
    ```

    ## Use instead
    ```yaml
    services:
      dind:
        image: docker:27.3-dind
        privileged: true
        environment:
          DOCKER_TLS_CERTDIR: /certs
        volumes:
          - docker-certs:/certs
    volumes:
      docker-certs: {}
    ```

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
    fix = "Use TLS with client certificates (--tlsverify, DOCKER_TLS_VERIFY=1, port 2376) or SSH, never plain TCP."

    # --- Dockerfiles ------------------------------------------------------------------------

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        global_values = {a.name.value: a for arg in dockerfile.global_args for a in arg.declarations}
        global_tls = _tls_state(global_values.values(), {})
        for arg in dockerfile.global_args:
            self._check_assignments(arg.declarations, "ARG", global_tls)
        for stage in dockerfile.stages:
            chain = _chain(dockerfile, stage)
            assignments = [
                assignment
                for ancestor in chain
                for instruction in ancestor.instructions
                if isinstance(instruction, (ArgInstruction, EnvInstruction))
                for assignment in _assignments(instruction)
            ]
            tls = _tls_state(assignments, global_values)
            for instruction in stage.instructions:
                if isinstance(instruction, (ArgInstruction, EnvInstruction)):
                    self._check_assignments(_assignments(instruction), instruction.keyword.value, tls)
                elif isinstance(instruction, (RunInstruction, CommandInstruction)):
                    self._check_script(instruction.script, instruction.keyword.value, tls is not False)
                elif isinstance(instruction, ExposeInstruction):
                    for port in instruction.ports:
                        if isinstance(port.value, str) and _is_plain_api_port(port.value):
                            message = f"EXPOSE {port.value} declares the Docker API's plain-text port"
                            self.report(port, message, severity=Severity.WARNING)
            self._check_dind_stage(stage, chain)

    def _check_assignments(self, assignments: Iterable[Assignment], keyword: str, tls: bool | None) -> None:
        for assignment in assignments:
            if assignment.name.value != "DOCKER_HOST" or assignment.value is None or tls is not False:
                continue
            address = tcp_address(assignment.value.value)
            if address is None or address.port == DOCKER_TLS_PORT:
                continue
            verb = "defaults DOCKER_HOST to" if keyword == "ARG" else "sets DOCKER_HOST to"
            message = (
                f"{keyword} {verb} {assignment.value.value} without DOCKER_TLS_VERIFY: the API is used without TLS"
            )
            self.report(assignment.value, message, severity=Severity.WARNING)

    def _check_dind_stage(self, stage: Stage, chain: Sequence[Stage]) -> None:
        base = chain[-1].from_instruction.base
        if base is None or not isinstance(base.value, ImageReference) or not is_dind_image(base.value):
            return
        commands = [i for s in chain for i in reversed(s.instructions) if isinstance(i, CommandInstruction)]
        if any(i.keyword.value == "ENTRYPOINT" for i in commands):
            return
        cmd = next((i for i in commands if i.keyword.value == "CMD"), None)
        if cmd is not None and not _runs_default_daemon(cmd.script):
            return
        for instruction in stage.instructions:
            if isinstance(instruction, EnvInstruction):
                for assignment in instruction.assignments:
                    value = assignment.value
                    if assignment.name.value == "DOCKER_TLS_CERTDIR" and value is not None and not value.value.strip():
                        self._report_empty_certdir(value, "ENV", base.value)

    # --- Compose ----------------------------------------------------------------------------

    def visit_container(self, container: Container) -> None:
        subject = container.subject
        verify = container.environment.get("DOCKER_TLS_VERIFY")
        tls: bool | None = False
        if verify is not None:
            tls = tls_verify_on(verify.value) if isinstance(verify.value, str) else None
        host = container.environment.get("DOCKER_HOST")
        if host is not None and isinstance(host.value, str) and tls is False:
            address = tcp_address(host.value)
            if address is not None and address.port != DOCKER_TLS_PORT:
                message = (
                    f"{subject} sets DOCKER_HOST to {host.value} without DOCKER_TLS_VERIFY: the API is used without TLS"
                )
                self.report(host, message, severity=Severity.WARNING)
        for script in (container.entrypoint, container.command):
            if script is not None:
                self._check_script(script, subject, tls is not False)
        self._check_dind_service(container)
        for exposed in container.expose:
            if isinstance(exposed.value, str) and _is_plain_api_port(exposed.value):
                message = f"{subject} exposes port {exposed.value}, the Docker API's plain-text port"
                self.report(exposed, message, severity=Severity.WARNING)
        for mapping in container.ports:
            inside = container_ports(mapping)
            if inside is None or inside.protocol != "tcp" or DOCKER_PLAIN_PORT not in inside:
                continue
            open_to_all = on_all_interfaces(mapping)
            host_ip = mapping.host_ip
            local = isinstance(host_ip, str) and is_loopback(host_ip)
            severity = Severity.WARNING if local or open_to_all is None else Severity.ERROR
            message = f"{subject} publishes port {port_text(mapping)}, the Docker API's plain-text port"
            self.report(mapping.span, message, severity=severity)

    def _check_dind_service(self, container: Container) -> None:
        image = container.image
        if image is None or not isinstance(image.value, ImageReference) or not is_dind_image(image.value):
            return
        if container.entrypoint is not None:
            return
        if not _runs_default_daemon(container.command):
            return
        certdir = container.environment.get("DOCKER_TLS_CERTDIR")
        if certdir is not None and isinstance(certdir.value, str) and not certdir.value.strip():
            self._report_empty_certdir(certdir, container.subject, image.value)

    def _report_empty_certdir(self, at: Located[object], who: str, image: ImageReference) -> None:
        message = f"{who} empties DOCKER_TLS_CERTDIR of {image.text}: dockerd listens on tcp://0.0.0.0:2375 without TLS"
        self.report(at, message)

    # --- clients in code --------------------------------------------------------------------

    def visit_engine_client(self, client: EngineClient) -> None:
        host = client.host
        if not isinstance(host.value, str) or (client.tls is not None and client.tls.value is not False):
            return  # an address from a variable, or TLS on (or set from something unknown)
        address = tcp_address(host.value)
        if address is not None and address.port != DOCKER_TLS_PORT:
            message = f"{client.subject} connects to {host.value} without TLS: the API is used in clear text"
            self.report(host, message, severity=Severity.WARNING)

    # --- commands ---------------------------------------------------------------------------

    def _check_script(self, script: ShellScript, who: str, tls_from_environment: bool) -> None:
        for command in script.commands:
            arguments = _daemon_arguments(command.unwrapped())
            if arguments is not None:
                self._check_daemon(arguments, who, tls_from_environment)

    def _check_daemon(self, arguments: Sequence[Located[str]], who: str, tls_from_environment: bool) -> None:
        hosts: list[Located[str]] = []
        verify: bool | None = None
        tls_off: Located[str] | None = None
        index = 0
        while index < len(arguments):
            word = arguments[index]
            flag, equals, value = word.value.partition("=")
            if word.value in ("-H", "--host") and index + 1 < len(arguments):
                hosts.append(arguments[index + 1])
                index += 1
            elif flag == "--host" and equals:
                hosts.append(Located(value, word.span))
            elif word.value.startswith("-H") and len(word.value) > 2 and not word.value.startswith("--"):
                hosts.append(Located(word.value[2:].removeprefix("="), word.span))
            elif flag == "--tlsverify":
                verify = not equals or value.lower() in _GO_TRUE
            elif flag == "--tls" and equals and value.lower() in _GO_FALSE:
                tls_off = word
            index += 1
        verified = verify if verify is not None else tls_from_environment
        plain = [(host, address) for host in hosts if (address := tcp_address(host.value, bare_is_tcp=True))]
        if plain and not verified:
            for host, address in plain:
                local = " (loopback only)" if is_loopback(address.host) else ""
                message = f"{who} starts dockerd listening on {host.value}{local} without --tlsverify"
                self.report(host, message, severity=Severity.WARNING if local else Severity.ERROR)
        elif tls_off is not None and not verified:
            self.report(tls_off, f"{who} starts dockerd with {tls_off.value}: the API is served without TLS")


def _daemon_arguments(command: ShellCommand) -> Sequence[Located[str]] | None:
    """The flags dockerd is started with by this command, or None when it does not start it."""
    if command.name in _DAEMONS:
        return command.arguments
    if command.name in _DAEMON_WRAPPERS:
        arguments = command.arguments
        if arguments and arguments[0].value.rsplit("/", 1)[-1] in _DAEMONS:
            return arguments[1:]
        if arguments and arguments[0].value.startswith("-"):
            return arguments
    return None


def _runs_default_daemon(command: ShellScript | None) -> bool:
    """The docker:dind entrypoint adds its own flags (and a TCP listener) when it is given no
    command or only flags; a command of its own runs as written."""
    first = command.commands[0] if command is not None and command.commands else None
    return first is None or not first.words or first.words[0].value.startswith("-")


def _assignments(instruction: ArgInstruction | EnvInstruction) -> list[Assignment]:
    return instruction.declarations if isinstance(instruction, ArgInstruction) else instruction.assignments


def _tls_state(assignments: Iterable[Assignment], global_values: dict[str, Assignment]) -> bool | None:
    """Whether DOCKER_TLS_VERIFY is on in this scope: True, False (unset or off), or None
    (set from a variable hullcheck cannot see)."""
    state: bool | None = False
    for assignment in assignments:
        if assignment.name.value != "DOCKER_TLS_VERIFY":
            continue
        value = assignment.value
        if value is None and assignment.name.value in global_values:
            value = global_values[assignment.name.value].value
        if value is None:
            continue
        if "$" in value.value:
            state = None if state is False else state
        elif tls_verify_on(value.value):
            return True
    return state


def _chain(dockerfile: Dockerfile, stage: Stage) -> list[Stage]:
    """The stage, then the stages it is built from through ``FROM <stage>``."""
    chain = [stage]
    base = stage.from_instruction.base
    while base is not None and isinstance(base.value, StageReference) and len(chain) <= len(dockerfile.stages):
        parent = dockerfile.stages[base.value.index]
        chain.append(parent)
        base = parent.from_instruction.base
    return chain


def _is_plain_api_port(text: str) -> bool:
    ports = port_range(text, "tcp")
    return ports is not None and ports.protocol == "tcp" and DOCKER_PLAIN_PORT in ports
