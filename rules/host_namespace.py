from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container, MaybeText, is_host_mode
from hullcheck.model.spellings import Advice, Setting

_WARN = Severity.WARNING

# (field, mode name, the setting, what sharing it does, tier): PID and IPC expose the host's
# processes and their memory, and userns host undoes remapping; UTS and cgroup mostly expose
# information (and the host's cgroup namespace is Docker's default on cgroup v1)
_NAMESPACES: tuple[tuple[str, str, Setting, str, Severity], ...] = (
    (
        "pid_mode",
        "pid",
        Setting.HOST_PID,
        "shares the host's process namespace and can see and signal every host process",
        _WARN,
    ),
    (
        "ipc_mode",
        "ipc",
        Setting.HOST_IPC,
        "shares the host's IPC namespace and can reach host processes' shared memory",
        _WARN,
    ),
    (
        "userns_mode",
        "userns",
        Setting.HOST_USERNS,
        "opts out of user-namespace remapping, so its root is the host's root",
        _WARN,
    ),
    ("uts_mode", "uts", Setting.HOST_UTS, "shares the host's UTS namespace, which holds the hostname", Severity.NOTE),
    (
        "cgroup_mode",
        "cgroup",
        Setting.HOST_CGROUP,
        "shares the host's cgroup namespace and sees the host's cgroup tree",
        Severity.NOTE,
    ),
)
_REMOVE = "Remove {mode}; share a namespace with one other container if you must."
_SHARE_ANOTHER = "Share the namespace of a container that has its own, or remove {mode} where it is set."


class HostNamespace(Rule):
    """A container shares a namespace of the host: PID, IPC, user, UTS or cgroup.

    ## What it does
    Flags `pid: host`, `ipc: host`, `userns_mode: host`, `uts: host` and `cgroup: host` on a
    Compose service. Sharing the PID, IPC or user namespace ranks as a warning; the UTS and
    cgroup namespaces, which mostly expose information, as a note. Joining the PID or IPC
    namespace of another service (`pid: service:db`, or `ipc: container:db` naming its
    `container_name`) is flagged when that service, or the end of the chain it starts, uses the
    host's: the finding is on the joining service's setting, with a related location on the
    origin's. Joining a service that does not, or a container the file does not define,
    `ipc: shareable` and `cgroup: private` are not flagged; like Docker, the value `host` is
    matched case-sensitively. Containers started from scripts and code are checked alike
    (`docker run --pid host`, the Docker SDK's `pid_mode="host"`), and the advice names the
    setting as each writes it.

    ## Why is this bad?
    Namespaces are what make a container's view of the machine its own. In the host's PID
    namespace a container lists every host process with its command line, can signal them and,
    with ptrace rights, read their memory; in the host's IPC namespace it reads and corrupts the
    shared memory of host processes; `userns_mode: host` switches off the daemon's user-namespace
    remapping, so root in the container is root on the host again. The UTS and cgroup namespaces
    leak the host's names and resource layout and, with more capabilities, let the container
    change them.

    ## Example
    ```yaml
    services:
      app:
        image: python:3.12-slim
        security_opt:
          - no-new-privileges:true
      debug:
        image: nicolaka/netshoot:v0.13
        security_opt:
          - no-new-privileges:true
        pid: host
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: python:3.12-slim
        security_opt:
          - no-new-privileges:true
      debug:
        image: nicolaka/netshoot:v0.13
        security_opt:
          - no-new-privileges:true
        pid: service:app
    ```

    ## References
    - https://docs.docker.com/reference/compose-file/services/#pid
    - https://docs.docker.com/reference/compose-file/services/#ipc
    - https://docs.docker.com/reference/compose-file/services/#userns_mode
    - https://docs.docker.com/engine/security/userns-remap/
    - https://docs.kics.io/latest/queries/dockercompose-queries/baa3890f-bed7-46f5-ab8f-1da8fc91c729
    """

    code = "HC203"
    severity = Severity.WARNING
    security_severity = 6.5
    cwe = (653,)
    advice = "Remove the host namespace setting; share a namespace with one other container if you must."

    def visit_container(self, container: Container) -> None:
        for field, mode, named, consequence, tier in _NAMESPACES:
            setting: MaybeText | None = getattr(container, field)
            if setting is not None and is_host_mode(setting):
                message = f"{container.subject} {consequence} ({mode} mode host)"
                self.report(setting, message, severity=tier, advice=Advice(_REMOVE, mode=named))
            shared = container.shared_namespaces.get(mode)
            if shared is not None and shared.from_host:
                self.report(
                    shared.setting,
                    f"{container.subject} {consequence}: it shares the {mode} namespace of {shared.shared_with}, "
                    f"which uses the host's{shared.through}",
                    related=(self.related(shared.mode, f"{shared.origin} uses the host's {mode} namespace here"),),
                    severity=tier,
                    advice=Advice(_SHARE_ANOTHER, mode=named),
                )
