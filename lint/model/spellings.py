"""How a container setting is written where the container is defined.

A finding's advice names the setting to change in the syntax of the place that defines the
container: ``security_opt: ["no-new-privileges:true"]`` in a Compose file,
``--security-opt no-new-privileges`` for ``docker run`` or ``podman run`` (in a shell script, a
Dockerfile ``RUN`` or a ``subprocess`` call), ``security_opt=["no-new-privileges:true"]`` for the
Docker SDK, and so on. Rules choose the setting, by writing an :class:`Advice` that names it;
this table spells it, so each spelling is written once.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from hullcheck.model.container import Origin
from hullcheck.model.node import Node


class Syntax(enum.Enum):
    """The language a container, or an image, is defined in."""

    COMPOSE = "Compose"
    DOCKER_CLI = "docker CLI"  # docker and podman command lines: shell, Dockerfile RUN, subprocess
    QUADLET = "Quadlet"  # Podman Quadlet units: keys of [Container], or podman options in PodmanArgs
    DOCKER_SDK = "Docker SDK"
    TESTCONTAINERS = "testcontainers"
    PYTHON_ON_WHALES = "python-on-whales"
    DOCKERFILE = "Dockerfile"
    DEVCONTAINER = "dev container"  # devcontainer.json: its properties, or docker run options in ``runArgs``
    GITLAB_CI = "GitLab CI"  # a job's image and services: most settings in the runner's config.toml
    GITHUB_ACTIONS = "GitHub Actions"  # a job's container and services: most settings in ``options``

    @classmethod
    def of(cls, origin: Origin) -> Syntax:
        return _BY_ORIGIN[origin]


_BY_ORIGIN = {
    Origin.COMPOSE: Syntax.COMPOSE,
    Origin.SHELL: Syntax.DOCKER_CLI,
    Origin.SUBPROCESS: Syntax.DOCKER_CLI,
    Origin.QUADLET: Syntax.QUADLET,
    Origin.DOCKER_SDK: Syntax.DOCKER_SDK,
    Origin.TESTCONTAINERS: Syntax.TESTCONTAINERS,
    Origin.PYTHON_ON_WHALES: Syntax.PYTHON_ON_WHALES,
    Origin.DEVCONTAINER: Syntax.DEVCONTAINER,
    Origin.GITLAB_CI: Syntax.GITLAB_CI,
    Origin.GITHUB_ACTIONS: Syntax.GITHUB_ACTIONS,
}


def syntax_at(trail: Sequence[Node]) -> Syntax | None:
    """The syntax of what the innermost definition in ``trail`` (the nodes from the root to the
    one being visited) is written in: a container's, an image build's or an engine client's
    origin, or a Dockerfile (one inline in a Compose file included). None: neither is there."""
    for node in reversed(trail):
        origin = getattr(node, "origin", None)
        if isinstance(origin, Origin):
            return Syntax.of(origin)
        if node.kind == "dockerfile":
            return Syntax.DOCKERFILE
    return None


class Setting(enum.Enum):
    """A setting advice can name. The value says it in words, for a syntax that has no spelling
    of its own."""

    NO_NEW_PRIVILEGES = "the no-new-privileges security option"
    CAP_DROP_ALL = "a capability drop of ALL"
    CAP_ADD = "added capabilities"
    READ_ONLY = "a read-only root filesystem"
    TMPFS = "tmpfs mounts"
    RESOURCE_LIMITS = "memory and process-count limits"
    LOOPBACK_PORT = "127.0.0.1, for instance"
    PRIVILEGED = "privileged mode"
    DEVICES = "devices"
    HOST_NETWORK = "the host network mode"
    PUBLISHED_PORTS = "published ports"
    HOST_PID = "the host PID namespace"
    HOST_IPC = "the host IPC namespace"
    HOST_USERNS = "the host user namespace"
    HOST_UTS = "the host UTS namespace"
    HOST_CGROUP = "the host cgroup namespace"
    SECURITY_PROFILE = "a security profile of your own"
    UNPRIVILEGED_USER = "an unprivileged user"
    CREDENTIAL_AT_RUN_TIME = "a value read at run time"

    def spelled(self, syntax: Syntax) -> str:
        return _SPELLINGS[self].get(syntax, self.value)


_C, _CLI, _SDK, _TC, _WHALES, _DF = (
    Syntax.COMPOSE,
    Syntax.DOCKER_CLI,
    Syntax.DOCKER_SDK,
    Syntax.TESTCONTAINERS,
    Syntax.PYTHON_ON_WHALES,
    Syntax.DOCKERFILE,
)


def _same(syntaxes: tuple[Syntax, ...], spelling: str) -> dict[Syntax, str]:
    return dict.fromkeys(syntaxes, spelling)


# testcontainers passes the keyword arguments it does not take itself (and those of
# ``with_kwargs()``) to the Docker SDK: a setting to remove is spelled as there, one to add
# through ``with_kwargs()``. A syntax left out of an entry has no such setting: its words stand in.
_SPELLINGS: dict[Setting, dict[Syntax, str]] = {
    Setting.NO_NEW_PRIVILEGES: {
        _C: '`security_opt: ["no-new-privileges:true"]`',
        _CLI: "`--security-opt no-new-privileges`",
        _SDK: '`security_opt=["no-new-privileges:true"]`',
        _TC: '`.with_kwargs(security_opt=["no-new-privileges:true"])`',
        _WHALES: '`security_options=["no-new-privileges"]`',
    },
    Setting.CAP_DROP_ALL: {
        _C: "`cap_drop: [ALL]`",
        _CLI: "`--cap-drop ALL`",
        _SDK: '`cap_drop=["ALL"]`',
        _TC: '`.with_kwargs(cap_drop=["ALL"])`',
        _WHALES: '`cap_drop=["ALL"]`',
    },
    Setting.CAP_ADD: {_C: "`cap_add`", _CLI: "`--cap-add`", **_same((_SDK, _TC, _WHALES), "`cap_add=[…]`")},
    Setting.READ_ONLY: {
        _C: "`read_only: true`",
        _CLI: "`--read-only`",
        _SDK: "`read_only=True`",
        _TC: "`.with_kwargs(read_only=True)`",
        _WHALES: "`read_only=True`",
    },
    Setting.TMPFS: {_C: "`tmpfs`", _CLI: "`--tmpfs`", **_same((_SDK, _TC), "`tmpfs={…}`"), _WHALES: "`tmpfs=[…]`"},
    Setting.RESOURCE_LIMITS: {
        _C: "`mem_limit` and `pids_limit`, or `deploy.resources.limits`",
        _CLI: "`--memory` and `--pids-limit`",
        _SDK: "`mem_limit=` and `pids_limit=`",
        _TC: "`.with_kwargs(mem_limit=…, pids_limit=…)`",
        _WHALES: "`memory=` and `pids_limit=`",
    },
    Setting.LOOPBACK_PORT: {
        _C: '`"127.0.0.1:8080:80"`',
        _CLI: "`-p 127.0.0.1:8080:80`",
        _SDK: '`ports={"80/tcp": ("127.0.0.1", 8080)}`',
        _TC: '`.with_bind_ports(80, ("127.0.0.1", 8080))`',
        _WHALES: '`publish=[("127.0.0.1:8080", 80)]`',
    },
    Setting.PRIVILEGED: {
        _C: "`privileged: true`",
        _CLI: "`--privileged`",
        **_same((_SDK, _TC, _WHALES), "`privileged=True`"),
    },
    Setting.DEVICES: {_C: "`devices`", _CLI: "`--device`", **_same((_SDK, _TC, _WHALES), "`devices=[…]`")},
    Setting.HOST_NETWORK: {
        _C: "`network_mode: host`",
        _CLI: "`--network host`",
        **_same((_SDK, _TC), '`network_mode="host"`'),
        _WHALES: '`networks=["host"]`',
    },
    Setting.PUBLISHED_PORTS: {
        _C: "`ports`",
        _CLI: "`-p`",
        _SDK: "`ports={…}`",
        _TC: "`with_bind_ports()`",
        _WHALES: "`publish=[…]`",
    },
    Setting.HOST_PID: {
        _C: "`pid: host`",
        _CLI: "`--pid host`",
        **_same((_SDK, _TC), '`pid_mode="host"`'),
        _WHALES: '`pid="host"`',
    },
    Setting.HOST_IPC: {
        _C: "`ipc: host`",
        _CLI: "`--ipc host`",
        **_same((_SDK, _TC), '`ipc_mode="host"`'),
        _WHALES: '`ipc="host"`',
    },
    Setting.HOST_USERNS: {
        _C: "`userns_mode: host`",
        _CLI: "`--userns host`",
        **_same((_SDK, _TC), '`userns_mode="host"`'),
        _WHALES: '`userns="host"`',
    },
    Setting.HOST_UTS: {
        _C: "`uts: host`",
        _CLI: "`--uts host`",
        **_same((_SDK, _TC), '`uts_mode="host"`'),
        _WHALES: '`uts="host"`',
    },
    Setting.HOST_CGROUP: {
        _C: "`cgroup: host`",
        _CLI: "`--cgroupns host`",
        **_same((_SDK, _TC, _WHALES), '`cgroupns="host"`'),
    },
    Setting.SECURITY_PROFILE: {
        _C: '`security_opt: ["seccomp=profile.json"]`',
        _CLI: "`--security-opt seccomp=profile.json`",
        _SDK: '`security_opt=["seccomp=profile.json"]`',
        _TC: '`.with_kwargs(security_opt=["seccomp=profile.json"])`',
        _WHALES: '`security_options=["seccomp=profile.json"]`',
    },
    Setting.UNPRIVILEGED_USER: {
        _C: '`user: "1000:1000"`',
        _CLI: "`--user 1000:1000`",
        _SDK: '`user="1000:1000"`',
        _TC: '`.with_kwargs(user="1000:1000")`',
        _WHALES: '`user="1000:1000"`',
        _DF: "`USER app`, once the image creates it",
    },
    Setting.CREDENTIAL_AT_RUN_TIME: {
        _C: "a variable (`${DB_PASSWORD}`) or Compose secrets and a `*_FILE` variable",
        _CLI: "the environment (`-e DB_PASSWORD` with no value) or `--env-file`",
        **_same((_SDK, _TC, _WHALES), '`os.environ["DB_PASSWORD"]` or a secrets store'),
    },
}


def _spell_every_setting(syntax: Syntax, spellings: dict[Setting, str]) -> None:
    """Add the spellings of a syntax that writes every setting in its own way."""
    for setting, spelling in spellings.items():
        _SPELLINGS[setting][syntax] = spelling


# a GitHub Actions job's container and services set most settings as docker create options in
# ``options``; ports, volumes and env have keys of their own
_SPELLINGS_GITHUB_ACTIONS = {
    Setting.NO_NEW_PRIVILEGES: "`options: --security-opt no-new-privileges`",
    Setting.CAP_DROP_ALL: "`options: --cap-drop ALL`",
    Setting.CAP_ADD: "`--cap-add` in `options`",
    Setting.READ_ONLY: "`options: --read-only`",
    Setting.TMPFS: "`--tmpfs` in `options`",
    Setting.RESOURCE_LIMITS: "`options: --memory 1g --pids-limit 512`",
    Setting.LOOPBACK_PORT: '`ports: ["127.0.0.1:8080:80"]`',
    Setting.PRIVILEGED: "`--privileged` in `options`",
    Setting.DEVICES: "`--device` in `options`",
    Setting.HOST_NETWORK: "`--network host` in `options`",
    Setting.PUBLISHED_PORTS: "`ports`",
    Setting.HOST_PID: "`--pid host` in `options`",
    Setting.HOST_IPC: "`--ipc host` in `options`",
    Setting.HOST_USERNS: "`--userns host` in `options`",
    Setting.HOST_UTS: "`--uts host` in `options`",
    Setting.HOST_CGROUP: "`--cgroupns host` in `options`",
    Setting.SECURITY_PROFILE: "`options: --security-opt seccomp=profile.json`",
    Setting.UNPRIVILEGED_USER: "`options: --user 1000:1000`",
    Setting.CREDENTIAL_AT_RUN_TIME: "a secret (`${{ secrets.DB_PASSWORD }}`)",
}
_spell_every_setting(Syntax.GITHUB_ACTIONS, _SPELLINGS_GITHUB_ACTIONS)

# a Quadlet unit's keys (``man podman-systemd.unit``); a setting with no key of its own is a
# podman option in ``PodmanArgs=``
_SPELLINGS_QUADLET = {
    Setting.NO_NEW_PRIVILEGES: "`NoNewPrivileges=true`",
    Setting.CAP_DROP_ALL: "`DropCapability=all`",
    Setting.CAP_ADD: "`AddCapability=`",
    Setting.READ_ONLY: "`ReadOnly=true`",
    Setting.TMPFS: "`Tmpfs=`",
    Setting.RESOURCE_LIMITS: "`Memory=` and `PidsLimit=`",
    Setting.LOOPBACK_PORT: "`PublishPort=127.0.0.1:8080:80`",
    Setting.PRIVILEGED: "`--privileged` in `PodmanArgs=`",
    Setting.DEVICES: "`AddDevice=`",
    Setting.HOST_NETWORK: "`Network=host`",
    Setting.PUBLISHED_PORTS: "`PublishPort=`",
    Setting.HOST_PID: "`--pid host` in `PodmanArgs=`",
    Setting.HOST_IPC: "`--ipc host` in `PodmanArgs=`",
    Setting.HOST_USERNS: "`UserNS=host`",
    Setting.HOST_UTS: "`--uts host` in `PodmanArgs=`",
    Setting.HOST_CGROUP: "`--cgroupns host` in `PodmanArgs=`",
    Setting.SECURITY_PROFILE: "`SeccompProfile=profile.json`",
    Setting.UNPRIVILEGED_USER: "`User=1000` and `Group=1000`",
    Setting.CREDENTIAL_AT_RUN_TIME: "`Secret=` (a Podman secret) or `EnvironmentFile=`",
}
_spell_every_setting(Syntax.QUADLET, _SPELLINGS_QUADLET)

# A GitLab CI job writes few settings of its container: its user (``docker: user``, GitLab 16.x)
# and its variables; the others are the runner's config.toml, outside the file: advice names them
# in words
_SPELLINGS[Setting.UNPRIVILEGED_USER][Syntax.GITLAB_CI] = '`docker: {user: "1000:1000"}` under `image` or the service'
_SPELLINGS[Setting.CREDENTIAL_AT_RUN_TIME][Syntax.GITLAB_CI] = (
    "a masked CI/CD variable set in the project's settings, not `variables:` in the file"
)
# the settings a syntax gives no way to write, by syntax
UNWRITTEN: dict[Syntax, frozenset[Setting]] = {
    Syntax.GITLAB_CI: frozenset(Setting) - {Setting.UNPRIVILEGED_USER, Setting.CREDENTIAL_AT_RUN_TIME},
}


# devcontainer.json's properties; a setting with none is a docker run option in ``runArgs``
_SPELLINGS_DEVCONTAINER = {
    Setting.NO_NEW_PRIVILEGES: '`"securityOpt": ["no-new-privileges"]`',
    Setting.CAP_DROP_ALL: '`"runArgs": ["--cap-drop=ALL"]`',
    Setting.CAP_ADD: "`capAdd`",
    Setting.READ_ONLY: '`"runArgs": ["--read-only"]`',
    Setting.TMPFS: '`"runArgs": ["--tmpfs=/tmp"]`',
    Setting.RESOURCE_LIMITS: '`"runArgs": ["--memory=4g", "--pids-limit=4096"]`',
    Setting.LOOPBACK_PORT: "`forwardPorts`, or a number in `appPort` (published on 127.0.0.1)",
    Setting.PRIVILEGED: '`"privileged": true`, or a feature that sets it (docker-in-docker)',
    Setting.DEVICES: '`"runArgs": ["--device=…"]`',
    Setting.HOST_NETWORK: '`"runArgs": ["--network=host"]`',
    Setting.PUBLISHED_PORTS: "`appPort`",
    Setting.HOST_PID: '`"runArgs": ["--pid=host"]`',
    Setting.HOST_IPC: '`"runArgs": ["--ipc=host"]`',
    Setting.HOST_USERNS: '`"runArgs": ["--userns=host"]`',
    Setting.HOST_UTS: '`"runArgs": ["--uts=host"]`',
    Setting.HOST_CGROUP: '`"runArgs": ["--cgroupns=host"]`',
    Setting.SECURITY_PROFILE: '`"securityOpt": ["seccomp=profile.json"]`',
    Setting.UNPRIVILEGED_USER: '`"containerUser": "vscode"` and `"remoteUser": "vscode"`',
    Setting.CREDENTIAL_AT_RUN_TIME: "the developer's environment (`${localEnv:DB_PASSWORD}`)",
}
_spell_every_setting(Syntax.DEVCONTAINER, _SPELLINGS_DEVCONTAINER)


class Advice:
    """One line of advice that names settings: ``{no_new_privileges}`` (a :class:`Setting`'s name
    in lower case), or a name given with the setting it stands for (``Advice("Remove {mode}.",
    mode=Setting.HOST_PID)``), is that setting as the finding's syntax writes it."""

    __slots__ = ("named", "text")

    def __init__(self, text: str, **named: Setting) -> None:
        self.text = text
        self.named = dict(named)
        for name in self._placeholders():
            if name not in self.named and name.upper() not in Setting.__members__:
                raise ValueError(f"advice names no setting {name!r}: {text}")

    def _placeholders(self) -> list[str]:
        names = _Placeholders()
        self.text.format_map(names)
        return list(names)

    def spelled(self, syntax: Syntax) -> str:
        settings = {name: self.named.get(name) or Setting[name.upper()] for name in self._placeholders()}
        return self.text.format(**{name: setting.spelled(syntax) for name, setting in settings.items()})


class _Placeholders(dict[str, str]):
    """The names a format string asks for, in order, once it is formatted with this mapping (as
    ``string.Formatter().parse`` reads them, without its module: 0.7 ms at a start)."""

    def __missing__(self, name: str) -> str:
        self[name] = ""
        return ""
