from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, Mount
from hullcheck.model.predicates import mount_socket_exposure
from hullcheck.model.span import Unresolved

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import RunInstruction


class DockerSocketMount(Rule):
    """A container or build step gets a container engine's API socket.

    ## What it does
    Flags mounts that hand a container the API socket of Docker, Podman, containerd or CRI-O:
    `/var/run/docker.sock` in every spelling (`/run/docker.sock`, rootless
    `/run/user/<uid>/docker.sock`, Docker Desktop's `~/.docker/run/docker.sock`, the Windows
    pipe `\\\\.\\pipe\\docker_engine`), unnormalized paths such as `//var/run/./docker.sock`,
    and parent directories that hold a socket (`/var/run`, `/run`, `/`). A source that is
    unresolved (`${SOCKET_PATH}:/var/run/docker.sock`, `docker run -v "$SOCK:/var/run/docker.sock"`)
    bound at an engine socket's path in the container is flagged too, saying so: whatever the
    variable holds where the file is deployed, it is the engine's socket. A named volume there,
    or a known source that is no engine socket (a socket proxy's), is not, unless the volume's
    local driver binds a host path (Compose `driver_opts: {o: bind, device: /var/run}`): that
    is a bind of the path, reported at the service's mount. Read-only mounts are
    flagged too. In Dockerfiles, `RUN --mount=type=bind,source=<socket>` is flagged: BuildKit
    resolves that source in the build context rather than on the host, but the step is written
    to drive the engine, and builders that bind host paths into the context make it real. With
    `from=<stage or image>` the source lies inside that image and is not flagged. A Compose
    service that gets such a mount through `volumes_from` (directly or through a chain) is
    flagged on its `volumes_from` entry, with a related location on the mount it inherits.

    ## Why is this bad?
    The engine's socket is root on the host: whoever can write to it can start a privileged
    container that mounts the host's filesystem. Mounting it read-only changes nothing, since
    API calls are writes to an open socket, not to the file. A container that mounts it is
    one compromised dependency away from owning the machine.

    ## Example
    ```yaml
    services:
      proxy:
        image: traefik:v3.2
        security_opt:
          - no-new-privileges:true
        command: ["--providers.docker=true"]
        volumes:
          - /var/run/docker.sock:/var/run/docker.sock:ro
    ```

    ## Use instead
    ```yaml
    services:
      proxy:
        image: traefik:v3.2
        security_opt:
          - no-new-privileges:true
        command: ["--providers.file.directory=/etc/traefik/dynamic"]
        volumes:
          - ./traefik:/etc/traefik/dynamic:ro
    ```

    ## References
    - https://docs.docker.com/engine/security/#docker-daemon-attack-surface
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-1-do-not-expose-the-docker-daemon-socket-even-to-the-containers
    """

    code = "HC101"
    severity = Severity.ERROR
    security_severity = 9.8
    cwe = (250, 668)
    advice = "Do not mount the engine socket; give the container a filtering socket proxy or run the job elsewhere."

    def visit_container(self, container: Container) -> None:
        for mount in container.mounts:
            self._check(mount, container.subject)
        for inherited in container.inherited_mounts:
            what = _exposure(inherited.mount)
            if what is not None and inherited.mount.source is not None:
                self.report(
                    inherited.entry.name,
                    inherited.described(container.subject, what),
                    related=(self.related(inherited.mount.source, f"{inherited.origin} mounts it here"),),
                )

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for mount in run.mounts:
            # with from=<stage or image> the source is a path inside that image, not the host's
            if mount.type == "bind" and mount.origin is None:
                self._check(mount, "RUN")

    def _check(self, mount: Mount, subject: str) -> None:
        what = _exposure(mount)
        if what is not None and mount.source is not None:
            self.report(mount.source, f"{subject} mounts {what}")


def _exposure(mount: Mount) -> str | None:
    """What ``mount`` exposes ("the Docker socket /var/run/docker.sock"), or None."""
    if mount.source is None:
        return None
    value = mount.source.value
    text = value.text if isinstance(value, Unresolved) else value
    exposure = mount_socket_exposure(value, mount.target.value if mount.target else None, mount.type)
    if exposure is None:
        return None
    access = " read-only, which still gives full control of the engine" if mount.read_only else ""
    if exposure.unresolved is not None:
        where = f"at {exposure.socket}, where the {exposure.engine} socket goes{',' if access else ''}{access}"
        return f"{text} {where} (the source is unresolved: {exposure.unresolved.reason})"
    if exposure.via_parent:
        return f"{text}, which holds the {exposure.engine} socket {exposure.socket}{access}"
    return f"the {exposure.engine} socket {text}{access}"
