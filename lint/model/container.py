"""The container model: one shape for every way a container is started.

A Compose service, a ``docker run`` command line (in a shell script, a Dockerfile RUN or a
Python ``subprocess`` call), a Docker SDK call, a testcontainers chain and a python-on-whales
call all map onto the same fields, so a runtime rule is written once. Every field keeps the
span that set it; a field that the source does not set is None (or empty), and a field whose
value depends on something unknown holds an :class:`Unresolved`.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterator

from hullcheck.model.image import ImageReference, InvalidReference, StageReference
from hullcheck.model.node import Node
from hullcheck.model.predicates import is_windows_image
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.records import Record, field

MaybeText = Located[str | Unresolved]

# the Compose pull policies that never pull the image: a local one runs, or one the service builds
LOCAL_PULL_POLICIES = frozenset({"never", "build"})
# and those under which a local image of the name runs when there is one (``missing`` is the default)
LOCAL_FIRST_PULL_POLICIES = LOCAL_PULL_POLICIES | {"missing", "if_not_present"}


class Origin(enum.Enum):
    """How a container was defined or started: each maps onto the model in its own parser."""

    COMPOSE = "compose"
    DOCKER_SDK = "docker-sdk"  # docker-py: client.containers.run(), APIClient.create_container()
    TESTCONTAINERS = "testcontainers"
    PYTHON_ON_WHALES = "python-on-whales"
    SUBPROCESS = "subprocess"  # a docker CLI command line run from Python
    QUADLET = "quadlet"  # a Podman Quadlet unit: the podman run (pod create, build) Quadlet writes for it
    SHELL = "shell"  # a docker CLI command line in a shell script or a Dockerfile RUN
    DEVCONTAINER = "devcontainer"  # a dev container (devcontainer.json) and the features it installs
    GITLAB_CI = "gitlab-ci"  # a GitLab CI job's container (its image) and its services
    GITHUB_ACTIONS = "github-actions"  # a workflow's job container, service or docker:// step


class VolumeBinding(Record, frozen=True, slots=True):
    """A Compose named volume whose local driver binds a host path (``driver_opts: {type: none,
    o: bind, device: /srv/data}``): its name, its ``device`` value (located there), and whether
    ``o`` mounts it read-only (``bind,ro``: every bind of it is read-only too)."""

    name: str
    device: MaybeText
    read_only: bool = False


class Mount(Record, frozen=True, slots=True):
    """A filesystem mount: Compose ``volumes``, ``docker run -v``/``--mount``, ``RUN --mount``."""

    span: Span
    type: str  # bind, volume, tmpfs, npipe, cache, secret, ssh, image, cluster
    source: MaybeText | None
    target: MaybeText | None
    read_only: bool = False
    propagation: MaybeText | None = None
    # RUN --mount=from=: the stage or image the source is in, as written and as resolved
    origin_text: MaybeText | None = None
    origin: Located[ImageReference | StageReference | Unresolved] | None = None
    origin_built_at: Span | None = None  # where the project builds the origin image: not pulled
    # a Compose named volume that binds a host path: the mount is a bind of its ``device`` (and
    # ``subpath`` in it), whose value ``source`` holds, located at the service's own mount of the volume
    volume: VolumeBinding | None = None
    # Compose ``volume.subpath``: the folder of the volume that is mounted, not the whole volume
    subpath: MaybeText | None = None


class PortMapping(Record, frozen=True, slots=True):
    """A published port: ``[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]``. A part that depends on an
    unset variable is :class:`Unresolved`; the parts around it stay known."""

    span: Span
    target: str | Unresolved
    published: str | Unresolved | None = None  # None: a random host port
    host_ip: str | Unresolved | None = None  # None: every interface
    protocol: str | Unresolved = "tcp"
    # where its text begins in the file when it is written there as it reads (a Compose
    # short-syntax string, plain or quoted, with no escape or variable): a host IP goes there
    text_start: Span | None = None
    # a Compose long-syntax mapping written in one file: where a key added to it goes (see
    # Container.new_setting_at)
    new_key_at: Located[str] | None = None


class ListEnd(Record, frozen=True, slots=True):
    """Where an item appended to a YAML list goes, for a list written at its key in one file (no
    alias or merge key brings it, no anchor shares it): ``at``, a span of no width after its last
    item (in a block list at the end of that line, after a comment there; in an empty flow list
    before its ``]``), and ``before``, what is written before the new item (a line break and the
    last item's ``- `` at its indentation, ``, `` in a flow list, nothing in an empty one).
    ``quote`` is the quote its last item is written in (``'``, ``"`` or none)."""

    at: Span
    before: str
    flow: bool
    quote: str = ""


class VolumesFrom(Record, frozen=True, slots=True):
    """A Compose ``volumes_from`` entry: ``SERVICE[:ro|:rw]`` or ``container:NAME[:ro|:rw]``."""

    span: Span  # the whole entry
    name: MaybeText  # the service or container it names
    container: bool  # ``container:NAME`` names a container; any other entry a service
    read_only: bool | None = None  # ``:ro`` / ``:rw``; None: each mount keeps its own mode


def is_host_mode(setting: MaybeText | None) -> bool:
    """Whether a namespace setting (``network_mode``, ``pid`` …) is the host's. Docker reads
    ``host`` case-sensitively: ``HOST`` would name a network, not the host's."""
    return setting is not None and isinstance(setting.value, str) and setting.value.strip() == "host"


class SharedNamespace(Record, frozen=True, slots=True):
    """A namespace a container joins from another (``network_mode: service:web``), followed
    through the chain to the container whose own setting decides it.

    ``setting`` is the joining container's own setting; ``shared_with`` names the container it
    joins, ``origin`` the one at the end of the chain (the same one unless the chain is longer),
    and ``mode`` is the origin's setting, located there (``network_mode: host``)."""

    setting: MaybeText
    shared_with: str
    origin: str
    mode: MaybeText

    @property
    def from_host(self) -> bool:
        """Whether the origin uses the host's namespace."""
        return is_host_mode(self.mode)

    @property
    def through(self) -> str:
        """`` (set on service 'c')`` when the origin is further down the chain, else nothing."""
        return f" (set on {self.origin})" if self.origin != self.shared_with else ""


class InheritedMount(Record, frozen=True, slots=True):
    """A mount a container gets through ``volumes_from``: the mount as the ``origin`` container
    declares it (located there), read-only if the entry says ``:ro``, writable if ``:rw``."""

    mount: Mount
    entry: VolumesFrom  # the inheriting container's own entry
    shared_with: str  # the container the entry names
    origin: str  # the container that declares the mount (the same one unless through a chain)

    def described(self, subject: str, mounts: str) -> str:
        """A finding's message: ``subject`` gets, through this entry, a mount that ``mounts``."""
        return f"{subject} shares the volumes of {self.shared_with} (volumes_from), so it mounts {mounts}"


class InlineLine(Record, frozen=True, slots=True):
    """Where one line of an inline Dockerfile is in the Compose file: its ``line``, the columns
    from ``column`` (its first character) to ``end_column`` (exclusive), and whether its text is
    as written there (``exact``; interpolation may change a line, whose spans then cover it all)."""

    line: int
    column: int
    end_column: int
    exact: bool = True


class InlineDockerfile(Record, frozen=True, slots=True):
    """``build.dockerfile_inline``: a Dockerfile written in the Compose file."""

    text: MaybeText  # the whole scalar
    # a literal block scalar (``|``): where each line of the text is. Empty for any other form,
    # where every span maps to the scalar's own span
    lines: tuple[InlineLine, ...] = ()

    def source_span(self, span: Span) -> Span:
        """``span`` (in the Dockerfile's text) in the Compose file."""
        whole = self.text.span
        if not self.lines:
            return whole
        start_line, start_column = self._position(span.line, span.column, start=True)
        end_line, end_column = self._position(span.end_line, span.end_column, start=False)
        return Span(start_line, start_column, end_line, max(end_column, start_column), whole.path)

    def _position(self, line: int, column: int, start: bool) -> tuple[int, int]:
        where = self.lines[min(max(line, 1), len(self.lines)) - 1]
        if not where.exact:
            return where.line, where.column if start else where.end_column
        return where.line, min(where.column + column - 1, where.end_column)


class BuildSpec(Record, frozen=True, slots=True):
    """What a container is built from; ``image`` of the container then names the result."""

    span: Span
    context: MaybeText | None = None
    dockerfile: MaybeText | None = None
    target: MaybeText | None = None
    args: dict[str, MaybeText] = field(default_factory=dict)
    # the folder a relative context starts from (a Compose file's own, or for a service extended
    # from another file, that file's); None when unknown (stdin, code)
    directory: str | None = None
    dockerfile_inline: InlineDockerfile | None = None
    # build-time privilege: ``privileged`` (RUN --security=insecure allowed), the network RUN
    # steps use (``host``), and the entitlements granted (``security.insecure``, ``network.host``)
    privileged: Located[bool | Unresolved] | None = None
    network: MaybeText | None = None
    entitlements: list[MaybeText] = field(default_factory=list)


class Healthcheck(Record, frozen=True, slots=True):
    """A container's health check: Compose ``healthcheck``, ``docker run --health-cmd``.

    ``test`` is what it runs: the words of an argv (``["CMD", "curl", "-f", URL]``), run with
    no shell, or a script (``["CMD-SHELL", "curl -f $$URL"]``, a ``test`` string,
    ``--health-cmd``) that the container's shell runs (``/bin/sh -c`` unless the image sets
    another SHELL), which ``shell`` says; its pipelines' source is the script's text, located
    in the file. None when there is no test (``["NONE"]``, only ``disable``, or a form not read)."""

    span: Span  # the setting: the ``healthcheck`` mapping, ``--health-cmd`` and its value
    test: ShellScript | None = None
    shell: bool = False
    # ``["NONE"]``, ``disable: true``: turns off the check the image defines
    disabled: bool = False


class ExecCommand(Record, frozen=True, slots=True):
    """A command run in the running container besides what it runs itself (a dev container's
    ``postCreateCommand``, which ``name`` is): ``script`` is an argv run with no shell, or when
    ``shell`` a script the container's ``/bin/sh -c`` runs, its pipelines' source located in the file."""

    span: Span
    name: str
    script: ShellScript
    shell: bool


class Extension(Record, frozen=True, slots=True):
    """A Compose ``extends`` merged into a service: the service it names, located at the
    ``extends``, and the display paths of the other files the inherited values come from (the
    extended service's, and those it extends in turn)."""

    service: Located[str]
    files: frozenset[str]


class Container(Node, Record, slots=True, eq=False):
    """A container definition. ``subject`` says which one in messages ("service 'web'",
    "docker run", "client.containers.run()")."""

    kind = "container"
    located_by_field = True

    subject: str
    span: Span
    origin: Origin = Origin.COMPOSE
    image: Located[ImageReference | Unresolved] | None = None
    # where the project itself builds ``image`` (another Compose service's ``build:`` that tags it,
    # a ``docker build -t`` earlier in the same script): a local image, not pulled from a registry
    image_built_at: Span | None = None
    # Compose ``pull_policy``: ``never`` runs a local image, ``build`` builds it; others pull
    pull_policy: MaybeText | None = None
    invalid_image: Located[str] | None = None
    container_name: MaybeText | None = None
    build: BuildSpec | None = None
    user: MaybeText | None = None
    privileged: Located[bool | Unresolved] | None = None
    network_mode: MaybeText | None = None
    pid_mode: MaybeText | None = None
    ipc_mode: MaybeText | None = None
    uts_mode: MaybeText | None = None
    userns_mode: MaybeText | None = None
    cgroup_mode: MaybeText | None = None
    cap_add: list[MaybeText] = field(default_factory=list)
    cap_drop: list[MaybeText] = field(default_factory=list)
    security_opt: list[MaybeText] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)
    volumes_from: list[VolumesFrom] = field(default_factory=list)
    devices: list[MaybeText] = field(default_factory=list)
    device_cgroup_rules: list[MaybeText] = field(default_factory=list)
    environment: dict[str, MaybeText] = field(default_factory=dict)
    # where each environment value is written as it reads, by name: a span of its characters (in
    # its quotes, between them when empty; after ``NAME=`` in a list's item), where text that
    # reads the same in the scalar's quoting becomes the value. Only for a value written in a
    # scalar of its own, after its key (no alias, no variable): Compose ``environment``, GitLab CI
    # ``variables``, GitHub Actions ``env``
    environment_at: dict[str, Span] = field(default_factory=dict)
    ports: list[PortMapping] = field(default_factory=list)
    expose: list[MaybeText] = field(default_factory=list)  # ports open to linked containers only
    read_only: Located[bool | Unresolved] | None = None
    # a Compose service written as a mapping in one file: where a key added to it goes (a span of
    # no width: in a block mapping at the end of its last line, after a comment there; in a flow
    # one after its last value), what is written before the key as the value (a line break and its
    # keys' indentation, or ``, ``); None where a fix cannot add one
    new_setting_at: Located[str] | None = None
    # the list settings written as lists in one file (``cap_drop``, ``security_opt``): where an
    # item appended to each goes, by its key
    list_ends: dict[str, ListEnd] = field(default_factory=dict)
    # the keys a Compose service is written with (null ones too): none is added again
    written_keys: frozenset[str] = frozenset()
    # the platform it runs on (Compose ``platform: windows/amd64``) and, for a Windows container,
    # its isolation (``process``, ``hyperv``): see ``runs_windows``
    platform: MaybeText | None = None
    isolation: MaybeText | None = None
    # resource limits by kind: "memory", "pids", "cpus" (Compose mem_limit, pids_limit, cpus,
    # deploy.resources.limits)
    limits: dict[str, MaybeText] = field(default_factory=dict)
    # what runs: an argv list becomes one command; a string is split as a shell would
    command: ShellScript | None = None
    entrypoint: ShellScript | None = None
    healthcheck: Healthcheck | None = None
    exec_commands: list[ExecCommand] = field(default_factory=list)
    profiles: tuple[str, ...] = ()
    # the definition it extends (Compose ``extends``) when it could not be read: fields it does not
    # set may come from there
    extends: MaybeText | None = None
    # the ``extends`` merged into it (its values are here), when it names a service of another file
    extended_from: Extension | None = None
    # the ``env_file`` entries whose variables joined ``environment``: each entry's span, by the
    # display path of the file it names
    env_files: dict[str, Span] = field(default_factory=dict)
    # settings passed in a form hullcheck cannot read (``**options``, an unquoted ``$DOCKER_OPTS``,
    # an option it does not know): fields it does not set may be set there
    unread_settings: Located[str] | None = None
    # a command line read from shell text: the place right after the words that name what runs
    # (``run``, ``container create``), where an option written is read as one of theirs; None
    # where those words are not written as they read (quoted, from a variable, an argv list's)
    new_option_at: Span | None = None
    # who chooses the runtime settings this definition cannot write (a GitHub Actions
    # ``docker://`` step runs with the options the runner picks): their absence is not its author's
    settings_set_by: str | None = None
    # the credentials the engine pulls ``image`` with, by name (GitHub Actions' ``credentials:
    # {username, password}``)
    pull_credentials: dict[str, MaybeText] = field(default_factory=dict)
    # what names it in a logical location, such as ``service:web``; "" when nothing does
    scope: str = ""
    # what it gets from the containers whose namespaces or volumes it shares, resolved across a
    # Compose file's services once parsed: shared namespaces by name ("network", "pid", "ipc")
    shared_namespaces: dict[str, SharedNamespace] = field(default_factory=dict)
    inherited_mounts: list[InheritedMount] = field(default_factory=list)
    # what the Compose parser made it from, when it read it with a memo (the language server's):
    # a service's text, what the parser read it with and its spans' origin (see reuse_key)
    made_from: Hashable | None = field(default=None, repr=False, compare=False)

    def logical_name(self) -> str | None:
        return self.scope or None

    def reuse_key(self) -> Hashable | None:
        """``made_from`` and where the project builds its image (its own build, which moves with
        it, or a place), while the project gives it nothing else from elsewhere (a named volume's
        host path, another service's namespaces or volumes, an ``env_file``, a service it
        extends): then that is all it holds."""
        if self.made_from is None or self.shared_namespaces or self.inherited_mounts or self.env_files:
            return None
        if self.extended_from is not None or any(mount.volume is not None for mount in self.mounts):
            return None
        built = self.image_built_at
        if built is None or (self.build is not None and built is self.build.span):
            return (self.made_from, built is not None)
        return (self.made_from, (built.line, built.column, built.end_line, built.end_column, built.path))

    @property
    def pulls_image(self) -> bool:
        """Whether ``image`` is pulled from a registry: not when the container builds it, the
        project builds it, or its pull policy says a local image runs (``never``, ``build``)."""
        local = self.pull_policy is not None and self.pull_policy.value in LOCAL_PULL_POLICIES
        return self.build is None and self.image_built_at is None and not local

    @property
    def prefers_local_image(self) -> bool:
        """Whether a local image of ``image``'s name runs when there is one: its pull policy,
        unset or one of LOCAL_FIRST_PULL_POLICIES, pulls only what is missing."""
        return self.pull_policy is None or self.pull_policy.value in LOCAL_FIRST_PULL_POLICIES

    @property
    def runs_windows(self) -> bool:
        """Whether it is a Windows container, where Linux-only settings (capabilities,
        no-new-privileges, a read-only root filesystem) do not exist: its platform is
        ``windows/…``, its isolation ``process`` or ``hyperv`` (values a Linux engine refuses:
        "On Linux, the only supported is the `default` option", moby's docs for --isolation), or
        its image is a Microsoft Windows image. A ``linux/…`` platform says it is not; an
        unknown one leaves the image to decide."""
        if self.platform is not None and isinstance(self.platform.value, str):
            system = self.platform.value.strip().split("/", 1)[0].lower()
            if system in ("windows", "linux"):
                return system == "windows"
        isolation = self.isolation.value if self.isolation is not None else None
        if isinstance(isolation, str) and isolation.strip().lower() in ("process", "hyperv"):
            return True
        image = self.image.value if self.image is not None else None
        return isinstance(image, ImageReference) and is_windows_image(image)

    def set_image(self, located: MaybeText) -> str | None:
        """``image`` set to the reference ``located`` names (an unresolved one stays unresolved);
        text that is no image reference goes to ``invalid_image``, and why is returned."""
        value = located.value
        if isinstance(value, Unresolved):
            self.image = Located(value, located.span)
            return None
        try:
            self.image = Located(ImageReference.parse(value), located.span)
        except InvalidReference as error:
            self.invalid_image = Located(value, located.span)
            return f"image {value!r} is not a valid image reference: {error}"
        return None

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A value in an env_file came in with that entry; one in a file the service it extends
        comes from, with that service; a host path a named volume binds, with its ``device``."""
        for mount in self.mounts:
            if mount.volume is not None and mount.source is not None and mount.source.span == span:
                return mount.volume.device.span, f"volume '{mount.volume.name}' binds this host path"
        if span.path is None:
            return None
        if span.path in self.env_files:
            return self.env_files[span.path], f"{self.subject} reads it with env_file here"
        extension = self.extended_from
        if extension is None or span.path not in extension.files:
            return None
        return extension.service.span, f"{self.subject} extends service '{extension.service.value}' here"


class ComposeFile(Node, Record, slots=True, eq=False):
    """A Compose file, with what its project loads with it: its services, each a :class:`Container`."""

    kind = "compose_file"

    path: str
    containers: list[Container] = field(default_factory=list)
    legacy_layout: bool = False
    # the named volumes its top-level ``volumes`` (and those of the projects it includes) declare
    # that bind a host path, by name
    bound_volumes: dict[str, VolumeBinding] = field(default_factory=dict)
    # files it includes with a project_directory of its own: their relative paths mean something
    # only in this project, so they are not linted on their own (real paths)
    included_parts: list[str] = field(default_factory=list)

    def children(self) -> Iterator[Node]:
        return iter(self.containers)


class ImageBuild(Node, Record, slots=True, eq=False):
    """An image build started from code: ``docker build``, ``client.images.build()`` …"""

    kind = "image_build"

    subject: str
    span: Span
    origin: Origin
    spec: BuildSpec
    tags: list[MaybeText] = field(default_factory=list)  # the names it gives the image: ``-t app:1``


class EngineClient(Node, Record, slots=True, eq=False):
    """A client of a container engine's API: where it connects, and whether it verifies TLS.

    ``host`` is the address as given (``tcp://build-host:2375``); ``tls`` is None when nothing
    in its scope turns TLS on, and a value when something does or may (``tls=True``,
    ``--tlsverify``, ``DOCKER_TLS_VERIFY``)."""

    kind = "engine_client"

    subject: str
    span: Span
    origin: Origin
    host: MaybeText
    tls: Located[bool | Unresolved] | None = None


class EngineCalls(Record, slots=True):
    """What code asks of a container engine: the containers it starts, the images it builds and
    the clients it configures. A Python file, a shell script and a Dockerfile RUN hold one each."""

    containers: list[Container] = field(default_factory=list)
    builds: list[ImageBuild] = field(default_factory=list)
    clients: list[EngineClient] = field(default_factory=list)

    def extend(self, other: EngineCalls) -> None:
        self.containers.extend(other.containers)
        self.builds.extend(other.builds)
        self.clients.extend(other.clients)

    def nodes(self) -> list[Node]:
        """All of them, in source order."""
        found: list[Container | ImageBuild | EngineClient] = [*self.containers, *self.builds, *self.clients]
        found.sort(key=lambda node: node.span)
        return list(found)
