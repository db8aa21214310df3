"""The docker and podman command lines, read as the CLIs read them, onto the container model.

``docker run``/``create`` (and ``docker container run``, ``podman run`` …) become a
:class:`Container`, ``docker build`` (``buildx build``, ``image build``, ``podman build``) an
:class:`ImageBuild`, and ``-H tcp://…`` or a ``DOCKER_HOST`` set for the command an
:class:`EngineClient`. The flag tables hold every option of docker 28 and podman 5, so that an
option's value is never taken for the image: Go's flag parser (pflag) gives a value-taking
option the next word (``--user root``) or the text after ``=``; a boolean option takes a value
only after ``=`` (``--privileged=false``); short options combine (``-itd``, ``-itp 80:80``,
``-uroot``), and ``--`` ends the options. The first word that is not an option is the image;
the words after it are the command.

What cannot be known stays unknown: an option hullcheck does not know may take the next word
as its value, so when a word that could be the image follows it, the image is unresolved; an
unquoted ``$DOCKER_OPTS`` (or a Python ``*args``) may hold any options, so the container's
absent settings are unknown (``unread_settings``), and it is read as options, as it is written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hullcheck.model.container import (
    BuildSpec,
    Container,
    EngineCalls,
    EngineClient,
    ImageBuild,
    MaybeText,
    Mount,
    Origin,
)
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.shell import Pipeline, ShellCommand, ShellScript, is_assignment
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.shell import add_nested_scripts
from hullcheck.parsers.specs import (
    MOUNT_SOURCE_KEYS,
    MOUNT_TARGET_KEYS,
    csv_fields,
    first_option,
    mount_fields,
    short_port,
    short_volume,
    split_volume_spec,
)

SpanOf = Callable[[int, int], Span]

_ENGINES = {"docker", "podman"}
DOCKER_SOCKET = "/var/run/docker.sock"  # what ``--use-api-socket`` mounts


def _options(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- the flag tables --------------------------------------------------------------------------
# Long names without dashes. A short name maps to its long name.

_GLOBAL_VALUES = _options(
    # docker
    "host context config log-level tlscacert tlscert tlskey"
    # podman
    " cgroup-manager conmon connection events-backend hooks-dir identity imagestore module"
    " network-cmd-path network-config-dir out root runroot runtime runtime-flag ssh storage-driver"
    " storage-opt tmpdir url volumepath db-backend cdi-spec-dir"
)
_GLOBAL_SWITCHES = _options("debug tls tlsverify remote syslog transient-store noout trace")
_GLOBAL_SHORT = {"H": "host", "c": "context", "l": "log-level", "D": "debug", "r": "remote"}
_GLOBAL_STOPS = _options("help version")  # prints and exits: no command runs
_GLOBAL_SHORT_STOPS = {"h", "v"}

_RUN_VALUES = _options(
    # docker run / create
    "add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent"
    " cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime"
    " cpu-shares cpus cpuset-cpus cpuset-mems detach-keys device device-cgroup-rule"
    " device-read-bps device-read-iops device-write-bps device-write-iops dns dns-opt dns-option"
    " dns-search domainname entrypoint env env-file expose gpus group-add health-cmd"
    " health-interval health-retries health-start-interval health-start-period health-timeout"
    " hostname io-maxbandwidth io-maxiops ip ip6 ipc isolation kernel-memory label label-file"
    " link link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap"
    " memory-swappiness mount name net net-alias network network-alias oom-score-adj pid"
    " pids-limit platform publish pull restart runtime security-opt shm-size stop-signal"
    " stop-timeout storage-opt sysctl tmpfs ulimit user userns uts volume volume-driver"
    " volumes-from workdir"
    # podman run / create
    " arch authfile cert-dir cgroup-conf cgroups chrootdirs conmon-pidfile creds decryption-key"
    " env-merge gidmap group-entry health-log-destination health-max-log-count"
    " health-max-log-size health-on-failure health-startup-cmd health-startup-interval"
    " health-startup-retries health-startup-success health-startup-timeout hostuser hosts-file"
    " image-volume init-ctr init-path mask os passwd-entry personality pidfile pod pod-id-file"
    " preserve-fd preserve-fds rdt-class requires retry retry-delay sdnotify seccomp-policy"
    " secret shm-size-systemd subgidname subuidname systemd timeout tz uidmap umask unsetenv"
    " unmask variant"
)
_RUN_SWITCHES = _options(
    "detach disable-content-trust help init interactive no-healthcheck oom-kill-disable privileged"
    " publish-all quiet read-only rm sig-proxy tty use-api-socket"
    # podman
    " env-host http-proxy no-hosts passwd read-only-tmpfs replace rmi rootfs tls-verify"
)
_RUN_SHORT = {
    "a": "attach",
    "c": "cpu-shares",
    "d": "detach",
    "e": "env",
    "h": "hostname",
    "i": "interactive",
    "l": "label",
    "m": "memory",
    "P": "publish-all",
    "p": "publish",
    "q": "quiet",
    "t": "tty",
    "u": "user",
    "v": "volume",
    "w": "workdir",
}

_BUILD_VALUES = _options(
    # docker build and buildx build
    "add-host allow annotation attest build-arg build-context builder cache-from cache-to call"
    " cgroup-parent cpu-period cpu-quota cpu-shares cpuset-cpus cpuset-mems file iidfile isolation"
    " label memory memory-swap metadata-file network no-cache-filter output platform progress"
    " secret security-opt shm-size ssh tag target ulimit"
    # podman build
    " arch authfile cap-add cap-drop cert-dir cgroupns cpp-flag creds cw decryption-key device dns"
    " dns-option dns-search env format from hooks-dir ignorefile ipc jobs layer-label logfile"
    " manifest os os-feature os-version pid retry retry-delay runtime runtime-flag sign-by"
    " source-date-epoch timestamp unsetenv unsetlabel userns userns-gid-map userns-gid-map-group"
    " userns-uid-map userns-uid-map-user uts variant volume"
)
_BUILD_SWITCHES = _options(
    # provenance and sbom take a value only after "=" (pflag's NoOptDefVal), as switches do
    "check compress debug disable-content-trust force-rm help load no-cache provenance pull push"
    " quiet rm sbom squash stream"
    # podman build
    " all-platforms compat-volumes disable-compression identity-label inherit-annotations"
    " inherit-labels layers no-hostname no-hosts omit-history rewrite-timestamp squash-all"
    " skip-unused-stages tls-verify"
)
_BUILD_SHORT = {
    "c": "cpu-shares",
    "D": "disable-compression",
    "f": "file",
    "m": "memory",
    "o": "output",
    "q": "quiet",
    "t": "tag",
    "v": "volume",
}
_BUILDX_VALUES = _options("builder")
_BUILDX_SWITCHES = _options("debug")
_BUILDX_SHORT = {"D": "debug"}


@dataclass(frozen=True, slots=True)
class _Table:
    values: frozenset[str]
    switches: frozenset[str]
    short: dict[str, str]

    def takes_value(self, name: str) -> bool | None:
        """True, False, or None when the option is unknown."""
        if name in self.values:
            return True
        if name in self.switches:
            return False
        return None


_GLOBAL = _Table(_GLOBAL_VALUES, _GLOBAL_SWITCHES | _GLOBAL_STOPS, _GLOBAL_SHORT)
_RUN = _Table(_RUN_VALUES, _RUN_SWITCHES, _RUN_SHORT)
_BUILD = _Table(_BUILD_VALUES, _BUILD_SWITCHES, _BUILD_SHORT)
_BUILDX = _Table(_BUILDX_VALUES, _BUILDX_SWITCHES, _BUILDX_SHORT)


# --- words ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Argument:
    """One word of a command line as the CLI receives it.

    ``text`` is the word with quotes removed; what hullcheck cannot know stays as written, as a
    ``$`` expansion (``$TAG``, ``${image}``), and ``unknown`` says there is such a part.
    ``span_of(start, end)`` is the span of ``text[start:end]`` (the whole word's span where the
    source does not hold the text as is). ``splits``: the word may stand for several words, or
    none (an unquoted ``$OPTS``, a Python ``*args``).
    """

    text: str
    span: Span
    span_of: SpanOf
    unknown: bool = False
    splits: bool = False
    reason: str = "set when the command runs"

    def located(self, start: int = 0) -> MaybeText:
        """The text from ``start``, unresolved when it holds a part hullcheck cannot know."""
        text = self.text[start:]
        value: str | Unresolved = Unresolved(text, self.reason) if self.unknown and _has_unknown(text) else text
        return Located(value, self.span_of(start, len(self.text)))

    @property
    def literal(self) -> str | None:
        """The whole text when nothing in it is unknown."""
        return None if self.unknown else self.text


def _has_unknown(text: str) -> bool:
    return "$" in text or "`" in text


def whole_span(span: Span) -> SpanOf:
    return lambda _start, _end: span


def exact_span(line: int, column: int) -> SpanOf:
    """Offsets into text written as is on one line, from ``column``."""
    return lambda start, end: Span(line, column + start, line, column + end)


def shell_arguments(command: ShellCommand) -> list[Argument]:
    """The words of a parsed shell command as the CLI receives them."""
    return [_shell_argument(word, raw) for word, raw in zip(command.words, command.raw, strict=True)]


def _shell_argument(word: Located[str], raw: str) -> Argument:
    span = word.span
    quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"" and raw[1:-1] == word.value
    if (raw == word.value or quoted) and span.line == span.end_line:
        span_of = exact_span(span.line, span.column + (1 if quoted else 0))
    else:
        span_of = whole_span(span)
    expands, splits = _expansions(raw)
    return Argument(word.value, span, span_of, expands, splits)


_EXPANSION_START = re.compile(r"[{(A-Za-z_@*#?$!0-9-]")


def _expansions(raw: str) -> tuple[bool, bool]:
    """Whether the shell word ``raw`` expands a variable or a command, and whether an expansion
    is unquoted (so the shell splits its value into words)."""
    expands = splits = False
    quote = ""
    i = 0
    while i < len(raw):
        char = raw[i]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            i += 1
        elif char == "'" and not quote:
            quote = "'"
        elif char == '"':
            quote = "" if quote else '"'
        elif char == "`" or (char == "$" and _EXPANSION_START.match(raw, i + 1)):
            expands = True
            splits = splits or not quote
        i += 1
    return expands, splits


# --- reading a command line ---------------------------------------------------------------------

Option = tuple[str, Argument, MaybeText | None]  # long name, the word that sets it, its value


def read_command(arguments: Sequence[Argument], origin: Origin) -> EngineCalls:
    """The engine calls one command line makes; nothing when it does not run docker or podman.

    ``sudo``, ``env``, ``timeout`` … in front are looked through; ``DOCKER_HOST=…`` set for the
    command (``DOCKER_HOST=tcp://h:2375 docker ps``) configures its client."""
    calls = EngineCalls()
    start = _program_index(arguments)
    if start is not None:
        environment = dict(_assignment(argument) for argument in arguments[:start] if is_assignment(argument.text))
        _CommandReader(arguments[start:], origin, environment, calls).read()
    return calls


def _assignment(argument: Argument) -> tuple[str, MaybeText]:
    name = argument.text.partition("=")[0]
    return name, argument.located(len(name) + 1)


def _program_index(arguments: Sequence[Argument]) -> int | None:
    """Where the docker or podman word is, looking through wrappers; None when there is none."""
    if not arguments:
        return None
    words = tuple(Located(argument.text, argument.span) for argument in arguments)
    command = ShellCommand(words, tuple(argument.text for argument in arguments), words[0].span.cover(words[-1].span))
    inner = command.unwrapped()
    index = len(arguments) - len(inner.words) + inner.program
    if index >= len(arguments) or arguments[index].literal is None:
        return None
    return index if _engine(arguments[index]) in _ENGINES else None


def _engine(word: Argument) -> str:
    return posixpath.basename(word.text.replace("\\", "/")).removesuffix(".exe")


class _CommandReader:
    def __init__(
        self, words: Sequence[Argument], origin: Origin, environment: dict[str, MaybeText], calls: EngineCalls
    ) -> None:
        self.words = words
        self.origin = origin
        self.environment = environment
        self.calls = calls
        self.engine = _engine(words[0])
        self.index = 1
        self.span = words[0].span.cover(words[-1].span)

    def read(self) -> None:
        options, complete = self.read_options(_GLOBAL)
        self.add_client(options)
        path = self.subcommand() if complete else None
        if path is None:
            return
        subject = " ".join((self.engine, *path))
        if path[-1] == "build":
            self.read_build(subject)
        else:
            self.read_container(subject)

    def subcommand(self) -> tuple[str, ...] | None:
        """``run``, ``container run``, ``buildx build`` …: the words that name what runs."""
        first = self.next_literal()
        if first in ("run", "create", "build"):
            return (first,)
        if first == "buildx" and self.engine == "docker":
            _options, complete = self.read_options(_BUILDX)
            return ("buildx", "build") if complete and self.next_literal() == "build" else None
        second = self.next_literal() if first in ("container", "image", "builder") else None
        known = {("container", "run"), ("container", "create"), ("image", "build"), ("builder", "build")}
        return (first, second) if first is not None and second is not None and (first, second) in known else None

    def next_literal(self) -> str | None:
        if self.index >= len(self.words):
            return None
        self.index += 1
        return self.words[self.index - 1].literal

    def read_options(self, table: _Table) -> tuple[list[Option], bool]:
        """The options up to the next word that is not one, and whether they were all read:
        False after an option that stops the command (``--help``) or one hullcheck does not
        know, which is then the last word read."""
        found: list[Option] = []
        while self.index < len(self.words):
            word = self.words[self.index]
            text = word.text
            if word.splits or text == "--" or not text.startswith("-") or text == "-":
                return found, True
            self.index += 1
            options = self.long_option(word, table) if text.startswith("--") else self.short_options(word, table)
            found.extend(options or [])
            if options is None or any(table is _GLOBAL and name in _GLOBAL_STOPS for name, _, _ in options):
                return found, False
        return found, True

    def long_option(self, word: Argument, table: _Table) -> list[Option] | None:
        name, equals, _ = word.text[2:].partition("=")
        takes_value = table.takes_value(name)
        if takes_value is None:
            return None
        if equals:
            return [(name, word, word.located(3 + len(name)))]
        return [(name, word, self.take_value() if takes_value else None)]

    def short_options(self, word: Argument, table: _Table) -> list[Option] | None:
        """``-it``, ``-itd``, ``-uroot``, ``-p=80:80``: letters, the last of which may take a value."""
        found: list[Option] = []
        text = word.text
        for position in range(1, len(text)):
            name = table.short.get(text[position])
            if table is _GLOBAL and text[position] in _GLOBAL_SHORT_STOPS:
                name = "help"
            if name is None:
                return None
            if table.takes_value(name):
                rest = text[position + 1 :]
                value = word.located(position + 1 + (rest[:1] == "=")) if rest else self.take_value()
                return [*found, (name, word, value)]
            found.append((name, word, None))
        return found

    def take_value(self) -> MaybeText | None:
        if self.index >= len(self.words):
            return None
        self.index += 1
        return self.words[self.index - 1].located()

    def add_client(self, options: list[Option]) -> None:
        hosts = [(word, value) for name, word, value in options if name in ("host", "url") and value is not None]
        tls: Located[bool | Unresolved] | None = None
        for name, word, value in options:
            if name in ("tls", "tlsverify"):
                tls = Located(True if value is None else _switch(value.value), word.span)
        verify = self.environment.get("DOCKER_TLS_VERIFY")
        if tls is None and verify is not None:
            tls = Located(verify_on(verify.value), verify.span)
        if hosts:
            word, host = hosts[-1]
            subject = f"{self.engine} {word.text.partition('=')[0]}"
            self.calls.clients.append(EngineClient(subject, host.span, self.origin, host, tls))
        elif "DOCKER_HOST" in self.environment:
            host = self.environment["DOCKER_HOST"]
            self.calls.clients.append(EngineClient("DOCKER_HOST", host.span, self.origin, host, tls))

    def read_container(self, subject: str) -> None:
        container = Container(subject, self.span, self.origin)
        self.calls.containers.append(container)
        image: Argument | None = None
        while self.index < len(self.words):
            options, complete = self.read_options(_RUN)
            for name, word, value in options:
                _apply_run_option(container, name, word, value)
            if not complete:  # an option hullcheck does not know: it may take the next word
                unknown = self.words[self.index - 1]
                container.unread_settings = Located(unknown.text, unknown.span)
                if self.index < len(self.words):
                    after = self.words[self.index]
                    reason = f"it follows {unknown.text}, an option hullcheck does not know, which may take it"
                    container.image = Located(Unresolved(after.text, reason), after.span)
                return
            if self.index >= len(self.words):
                break
            word = self.words[self.index]
            self.index += 1
            if word.splits:  # read as options, as it is written, unless nothing follows it
                if image is not None and image.splits:
                    container.unread_settings = container.unread_settings or Located(image.text, image.span)
                image = word
                continue
            if image is not None and image.splits:  # it held options
                container.unread_settings = container.unread_settings or Located(image.text, image.span)
            if word.text == "--":
                self.index += 1
                image = self.words[self.index - 1] if self.index <= len(self.words) else None
            else:
                image = word
            break
        if image is not None:
            _set_image(container, image)
        command = self.words[self.index :]
        if image is not None and command:
            container.command = argv_script([Located(word.text, word.span) for word in command])

    def read_build(self, subject: str) -> None:
        settings: dict[str, MaybeText] = {}
        args: dict[str, MaybeText] = {}
        context: MaybeText | None = None
        while self.index < len(self.words):
            options, complete = self.read_options(_BUILD)
            for name, _word, value in options:
                if value is not None and name == "build-arg":
                    args.update(environment_entry(value))
                elif value is not None and name in ("file", "target"):
                    settings[name] = value
            if not complete or self.index >= len(self.words):
                break
            word = self.words[self.index]
            self.index += 1
            if context is None and not word.splits and word.text != "--":
                context = word.located()
        spec = BuildSpec(self.span, context, settings.get("file"), settings.get("target"), args)
        self.calls.builds.append(ImageBuild(subject, self.span, self.origin, spec))


def verify_on(value: str | Unresolved) -> bool | Unresolved:
    """``DOCKER_TLS_VERIFY``'s value as the CLI reads it: any non-empty value turns it on
    (``0``, ``false``, ``no`` and ``off`` are read as off: that is what their author meant)."""
    if isinstance(value, Unresolved):
        return value
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _switch(value: str | Unresolved) -> bool | Unresolved:
    """A boolean option's ``=value`` as Go's strconv.ParseBool reads it."""
    if isinstance(value, Unresolved):
        return value
    return value.strip() in ("1", "t", "T", "TRUE", "true", "True")


def _set_image(container: Container, word: Argument) -> None:
    located = word.located()
    if isinstance(located.value, Unresolved):
        container.image = Located(located.value, located.span)
        return
    try:
        container.image = Located(ImageReference.parse(located.value), located.span)
    except InvalidReference:
        container.invalid_image = Located(located.value, located.span)


def argv_script(words: list[Located[str]]) -> ShellScript:
    """An argv as one command; ``sh -c '…'`` strings parsed too."""
    span = words[0].span.cover(words[-1].span)
    script = ShellScript([Pipeline((ShellCommand(tuple(words), tuple(word.value for word in words), span),))])
    add_nested_scripts(script)
    return script


# --- option values onto the container model -------------------------------------------------------

_MODE_FIELDS = {
    "pid": "pid_mode",
    "ipc": "ipc_mode",
    "uts": "uts_mode",
    "userns": "userns_mode",
    "cgroupns": "cgroup_mode",
}
_LIMITS = {"memory": "memory", "pids-limit": "pids", "cpus": "cpus"}
_LISTS = {"cap-add": "cap_add", "cap-drop": "cap_drop"}  # podman takes comma-separated lists
_ENTRIES = {"security-opt": "security_opt", "device": "devices", "device-cgroup-rule": "device_cgroup_rules"}


def _apply_run_option(container: Container, name: str, word: Argument, value: MaybeText | None) -> None:
    """Set on the container what option ``name`` (written as ``word``, with ``value``) sets."""
    if name in ("privileged", "read-only"):
        setting = Located(True if value is None else _switch(value.value), word.span)
        setattr(container, "privileged" if name == "privileged" else "read_only", setting)
    elif name == "use-api-socket" and (value is None or _switch(value.value) is True):
        socket = Located(DOCKER_SOCKET, word.span)
        container.mounts.append(Mount(word.span, "bind", socket, socket))
    elif value is not None:
        apply_value(container, name, value)


def apply_value(container: Container, name: str, value: MaybeText) -> None:
    """Set what a value-taking ``docker run`` option sets (python-on-whales passes its keyword
    arguments to these options, so it maps through here too)."""
    if name in ("network", "net"):
        container.network_mode = value
    elif name in _MODE_FIELDS:
        setattr(container, _MODE_FIELDS[name], value)
    elif name == "user":
        container.user = value
    elif name in _LISTS:
        getattr(container, _LISTS[name]).extend(_comma_items(value))
    elif name in _ENTRIES:
        getattr(container, _ENTRIES[name]).append(value)
    elif name == "env":
        container.environment.update(environment_entry(value))
    elif name == "publish":
        container.ports.append(short_port(_text(value), value.span, _unknown_parts(value)))
    elif name == "expose":
        container.expose.append(value)
    elif name in _LIMITS:
        container.limits[_LIMITS[name]] = value
    elif name == "volume":
        container.mounts.append(volume_mount(value))
    elif name == "mount":
        container.mounts.append(cli_mount(value))
    elif name == "entrypoint" and _text(value):
        container.entrypoint = argv_script([Located(_text(value), value.span)])


def _text(value: MaybeText) -> str:
    return value.value.text if isinstance(value.value, Unresolved) else value.value


def _unknown_parts(value: MaybeText) -> Callable[[str], str | Unresolved] | None:
    """For a value with unknown parts: a part of it is unknown when it holds one."""
    if not isinstance(value.value, Unresolved):
        return None
    reason = value.value.reason
    return lambda text: Unresolved(text, reason) if _has_unknown(text) else text


def value_part(value: MaybeText, start: int, end: int) -> MaybeText:
    """``value``'s text from ``start`` to ``end``: located exactly when ``value``'s span holds its
    text as is, on one line, and unresolved when that part holds something unknown."""
    text = _text(value)
    span = value.span
    exact = span.line == span.end_line and span.end_column - span.column == len(text)
    part_span = Span(span.line, span.column + start, span.line, span.column + end) if exact else span
    piece = text[start:end]
    if isinstance(value.value, Unresolved) and _has_unknown(piece):
        return Located(Unresolved(piece, value.value.reason), part_span)
    return Located(piece, part_span)


def volume_mount(value: MaybeText) -> Mount:
    """``-v SOURCE:TARGET[:OPTIONS]``, read as Compose's short syntax."""
    fields = split_volume_spec(_text(value), braces=isinstance(value.value, Unresolved))
    return short_volume(
        value.span,
        [text for text, _at in fields],
        lambda index: value_part(value, fields[index][1], fields[index][1] + len(fields[index][0])),
    )


def cli_mount(value: MaybeText) -> Mount:
    """``--mount type=bind,source=…,target=…[,readonly][,bind-propagation=…]``; the type is a
    volume unless given, as in the docker CLI."""
    fields = [(text, value_part(value, at, at + len(text)).span) for text, at in csv_fields(_text(value))]
    options, switches = mount_fields(fields)
    reason = value.value.reason if isinstance(value.value, Unresolved) else None

    def located(option: Located[str] | None) -> MaybeText | None:
        if option is None:
            return None
        if reason is not None and _has_unknown(option.value):
            return Located(Unresolved(option.value, reason), option.span)
        return Located(option.value, option.span)

    mount_type = options.get("type")
    return Mount(
        span=value.span,
        type=mount_type.value.lower() if mount_type else "volume",
        source=located(first_option(options, MOUNT_SOURCE_KEYS)),
        target=located(first_option(options, MOUNT_TARGET_KEYS)),
        read_only=switches.get("ro", switches.get("readonly", False)) and not switches.get("rw", False),
        propagation=located(options.get("bind-propagation")),
    )


def _comma_items(value: MaybeText) -> list[MaybeText]:
    return [value_part(value, at, at + len(item)) for item, at in csv_fields(_text(value))]


def environment_entry(value: MaybeText) -> dict[str, MaybeText]:
    """``NAME=value`` (``-e``, ``--build-arg``); ``NAME`` alone passes the variable from the
    environment the command runs in."""
    text = _text(value)
    name, equals, _ = text.partition("=")
    if not name or _has_unknown(name):
        return {}
    if not equals:
        return {name: Located(Unresolved("", f"{name} takes its value from the environment"), value.span)}
    return {name: value_part(value, len(name) + 1, len(text))}


def script_calls(script: ShellScript, origin: Origin, environment: Sequence[Argument] = ()) -> EngineCalls:
    """The engine calls of every command in ``script``, in ``$(…)`` substitutions too.

    ``environment``: ``NAME=value`` words the script runs with, as if written before each command."""
    calls = EngineCalls()
    for command in _all_commands(script):
        calls.extend(read_command([*environment, *shell_arguments(command)], origin))
    return calls


def _all_commands(script: ShellScript) -> list[ShellCommand]:
    found: list[ShellCommand] = []
    for command in script.commands:
        found.append(command)
        for _span, inner in command.substitutions:
            found.extend(_all_commands(inner))
    return found
