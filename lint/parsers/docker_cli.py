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

import bisect
import posixpath
from collections.abc import Callable, Sequence

from hullcheck.model.command_line import CommandLine, CommandSyntax, command_syntax, read_command_line
from hullcheck.model.command_line import Option as CommandOption
from hullcheck.model.container import (
    BuildSpec,
    Container,
    EngineCalls,
    EngineClient,
    Healthcheck,
    ImageBuild,
    MaybeText,
    Mount,
    Origin,
)
from hullcheck.model.edits import after as place_after
from hullcheck.model.edits import exactly_written
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.shell import (
    ENGINES,
    Pipeline,
    ScriptText,
    ShellCommand,
    ShellScript,
    VariableUse,
    is_assignment,
)
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.model.values import go_bool, tls_verify_on
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_variables import ScriptVariables
from hullcheck.parsers.shell_words import NOT_EXPANDED, Field, expand_word
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
from hullcheck.records import Record

SpanOf = Callable[[int, int], Span]

DOCKER_SOCKET = "/var/run/docker.sock"  # what ``--use-api-socket`` mounts


# --- the flag tables --------------------------------------------------------------------------
# An option these tables do not know stops the reading: it may take the next word as its value.

_GLOBAL = command_syntax(
    values=(
        # docker
        "-H --host, -c --context, --config, -l --log-level, --tlscacert, --tlscert, --tlskey,"
        # podman
        " --cgroup-manager, --conmon, --connection, --events-backend, --hooks-dir, --identity, --imagestore,"
        " --module, --network-cmd-path, --network-config-dir, --out, --root, --runroot, --runtime, --runtime-flag,"
        " --ssh, --storage-driver, --storage-opt, --tmpdir, --url, --volumepath, --db-backend, --cdi-spec-dir"
    ),
    switches="-D --debug, --tls, --tlsverify, -r --remote, --syslog, --transient-store, --noout, --trace,"
    " -h --help, -v --version",
    last="--help --version",  # prints and exits: no command runs
    permute=False,
    pflag=True,
    stop_at_unknown=True,
)
_RUN = command_syntax(
    values=(
        # docker run / create
        "--add-host, --annotation, -a --attach, --blkio-weight, --blkio-weight-device, --cap-add, --cap-drop,"
        " --cgroup-parent, --cgroupns, --cidfile, --cpu-count, --cpu-percent, --cpu-period, --cpu-quota,"
        " --cpu-rt-period, --cpu-rt-runtime, -c --cpu-shares, --cpus, --cpuset-cpus, --cpuset-mems,"
        " --detach-keys, --device, --device-cgroup-rule, --device-read-bps, --device-read-iops,"
        " --device-write-bps, --device-write-iops, --dns, --dns-opt, --dns-option, --dns-search, --domainname,"
        " --entrypoint, -e --env, --env-file, --expose, --gpus, --group-add, --health-cmd, --health-interval,"
        " --health-retries, --health-start-interval, --health-start-period, --health-timeout, -h --hostname,"
        " --io-maxbandwidth, --io-maxiops, --ip, --ip6, --ipc, --isolation, --kernel-memory, -l --label,"
        " --label-file, --link, --link-local-ip, --log-driver, --log-opt, --mac-address, -m --memory,"
        " --memory-reservation, --memory-swap, --memory-swappiness, --mount, --name, --net, --net-alias,"
        " --network, --network-alias, --oom-score-adj, --pid, --pids-limit, --platform, -p --publish, --pull,"
        " --restart, --runtime, --security-opt, --shm-size, --stop-signal, --stop-timeout, --storage-opt,"
        " --sysctl, --tmpfs, --ulimit, -u --user, --userns, --uts, -v --volume, --volume-driver, --volumes-from,"
        " -w --workdir,"
        # podman run / create
        " --arch, --authfile, --cert-dir, --cgroup-conf, --cgroups, --chrootdirs, --conmon-pidfile, --creds,"
        " --decryption-key, --env-merge, --gidmap, --group-entry, --health-log-destination,"
        " --health-max-log-count, --health-max-log-size, --health-on-failure, --health-startup-cmd,"
        " --health-startup-interval, --health-startup-retries, --health-startup-success,"
        " --health-startup-timeout, --hostuser, --hosts-file, --image-volume, --init-ctr, --init-path, --mask,"
        " --os, --passwd-entry, --personality, --pidfile, --pod, --pod-id-file, --preserve-fd, --preserve-fds,"
        " --rdt-class, --requires, --retry, --retry-delay, --sdnotify, --seccomp-policy, --secret,"
        " --shm-size-systemd, --subgidname, --subuidname, --systemd, --timeout, --tz, --uidmap, --umask,"
        " --unsetenv, --unmask, --variant"
    ),
    switches=(
        "-d --detach, --disable-content-trust, --help, --init, -i --interactive, --no-healthcheck,"
        " --oom-kill-disable, --privileged, -P --publish-all, -q --quiet, --read-only, --rm, --sig-proxy,"
        " -t --tty, --use-api-socket,"
        # podman
        " --env-host, --http-proxy, --no-hosts, --passwd, --read-only-tmpfs, --replace, --rmi, --rootfs,"
        " --tls-verify"
    ),
    permute=False,  # the image ends the options: the words after it are the command
    pflag=True,
    stop_at_unknown=True,
)
_BUILD = command_syntax(
    values=(
        # docker build and buildx build
        "--add-host, --allow, --annotation, --attest, --build-arg, --build-context, --builder, --cache-from,"
        " --cache-to, --call, --cgroup-parent, --cpu-period, --cpu-quota, -c --cpu-shares, --cpuset-cpus,"
        " --cpuset-mems, -f --file, --iidfile, --isolation, --label, -m --memory, --memory-swap,"
        " --metadata-file, --network, --no-cache-filter, -o --output, --platform, --progress, --secret,"
        " --security-opt, --shm-size, --ssh, -t --tag, --target, --ulimit,"
        # podman build
        " --arch, --authfile, --cap-add, --cap-drop, --cert-dir, --cgroupns, --cpp-flag, --creds, --cw,"
        " --decryption-key, --device, --dns, --dns-option, --dns-search, --env, --format, --from, --hooks-dir,"
        " --ignorefile, --ipc, --jobs, --layer-label, --logfile, --manifest, --os, --os-feature, --os-version,"
        " --pid, --retry, --retry-delay, --runtime, --runtime-flag, --sign-by, --source-date-epoch, --timestamp,"
        " --unsetenv, --unsetlabel, --userns, --userns-gid-map, --userns-gid-map-group, --userns-uid-map,"
        " --userns-uid-map-user, --uts, --variant, -v --volume"
    ),
    switches=(
        # provenance and sbom take a value only after "=" (pflag's NoOptDefVal), as switches do
        "--check, --compress, --debug, --disable-content-trust, --force-rm, --help, --load, --no-cache,"
        " --provenance, --pull, --push, -q --quiet, --rm, --sbom, --squash, --stream,"
        # podman build
        " --all-platforms, --compat-volumes, -D --disable-compression, --identity-label, --inherit-annotations,"
        " --inherit-labels, --layers, --no-hostname, --no-hosts, --omit-history, --rewrite-timestamp,"
        " --squash-all, --skip-unused-stages, --tls-verify"
    ),
    pflag=True,
    stop_at_unknown=True,
)
_BUILDX = command_syntax(values="--builder", switches="-D --debug", permute=False, pflag=True, stop_at_unknown=True)


# --- words ------------------------------------------------------------------------------------


class Argument(Record, frozen=True, slots=True):
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
    reason: str = NOT_EXPANDED
    # an unquoted shell expansion of unknown value: it may split, but it is written as one word,
    # so where the CLI reads one word (the image) it is that word, as a quoted one would be, and
    # never skipped for the next (a Python ``*args`` is a list: it is read as options)
    one_word: bool = False
    # ``span_of`` gives each character its own place, written as is (no escape in between):
    # an edit of the text can be placed in the file
    exact: bool = False

    def located(self, start: int = 0) -> MaybeText:
        """The text from ``start``, unresolved when it holds a part hullcheck cannot know."""
        text = self.text[start:]
        value: str | Unresolved = Unresolved(text, self.reason) if self.unknown and _has_unknown(text) else text
        return Located(value, self.span_of(start, len(self.text)))

    def script_text(self) -> ScriptText:
        """The text as the script a shell runs (``sh -c TEXT``), with the way back to the file;
        a text with a part hullcheck cannot know (``$x`` the outer shell expands, a Python
        f-string's field) is not what runs."""
        return ScriptText(self.text, self.span_of, self.exact, expanded=self.unknown)

    @property
    def literal(self) -> str | None:
        """The whole text when nothing in it is unknown."""
        return None if self.unknown else self.text


def _has_unknown(text: str) -> bool:
    return "$" in text or "`" in text


def whole_span(span: Span) -> SpanOf:
    return lambda _start, _end: span


def exact_span(at: Span, text: str = "", indent: int = 0) -> SpanOf:
    """Offsets into text written as is from ``indent`` columns after where ``at`` starts: on
    that line, or over the lines of ``text`` where it holds newlines."""
    column = at.column + indent  # its line is read when a span is made: it may have moved since (MovingSpan)
    if "\n" not in text:
        return lambda start, end: at.at(at.line, column + start, at.line, column + end)
    line_starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]

    def position(offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(line_starts, offset) - 1
        return at.line + row, offset - line_starts[row] + (column if row == 0 else 1)

    return lambda start, end: at.at(*position(start), *position(max(start, end)))


def shell_arguments(command: ShellCommand, variables: ScriptVariables | None = None) -> list[Argument]:
    """The words of a parsed shell command as the CLI receives them: expanded with what
    ``variables`` knows (nothing without them), so a word may become several or none."""
    lookup = variables.lookup(command) if variables is not None else _nothing_known
    split = variables.splits_at_blanks if variables is not None else True
    arguments: list[Argument] = []
    for word, raw in zip(command.words, command.raw, strict=True):
        fields = expand_word(raw, lookup, split=split)
        arguments.extend(_shell_argument(word, raw, field, len(fields) == 1, variables) for field in fields)
    return arguments


def _written_at(span: Span, raw: str) -> SpanOf | None:
    """Offsets in a word written ``raw`` at ``span`` to spans: None unless the file holds it as
    is (not a Dockerfile's continued lines, which are joined)."""
    newlines = raw.count("\n")
    end_column = len(raw) - raw.rfind("\n") if newlines else span.column + len(raw)
    if span.end_line - span.line != newlines or span.end_column != end_column:
        return None
    return exact_span(span, raw)


def _field_span_of(field: Field, written_at: SpanOf) -> SpanOf:
    """Offsets in a field's text to the spans of what they were written as."""
    if len(field.segments) == 1 and field.segments[0].as_written:  # written as is (maybe in quotes)
        span = written_at(field.segments[0].start, field.segments[0].start)
        return exact_span(span, field.text)
    length = len(field.text)

    def span_of(start: int, end: int) -> Span:
        first = field.origin(start)[0] if start < length else field.origin(length - 1)[1]
        last = field.origin(end - 1)[1] if end > start else first
        return written_at(first, last)

    return span_of


def _nothing_known(name: str) -> Unresolved:
    return Unresolved(f"${name}", NOT_EXPANDED)


def _shell_argument(
    word: Located[str], raw: str, field: Field, whole: bool, variables: ScriptVariables | None
) -> Argument:
    """One field of a word; ``whole``: the only one, which stands for the word."""
    span = word.span
    written_at = _written_at(span, raw)
    span_of = whole_span(span) if written_at is None or not field.text else _field_span_of(field, written_at)
    if variables is not None:
        for start, end, assigned in field.sources:
            used = span if written_at is None else written_at(start, end)
            variables.uses.setdefault(used, VariableUse(assigned.name, used, span, assigned.span))
    located_span = span if whole else span_of(0, len(field.text))
    return Argument(
        field.text,
        located_span,
        span_of,
        field.unknown,
        field.splits,
        field.reason or NOT_EXPANDED,
        one_word=field.splits,
        exact=written_at is not None and bool(field.text) and all(part.as_written for part in field.segments),
    )


# --- reading a command line ---------------------------------------------------------------------


def read_command(arguments: Sequence[Argument], origin: Origin, *, shell_text: bool = False) -> EngineCalls:
    """The engine calls one command line makes; nothing when it does not run docker or podman.

    ``sudo``, ``env``, ``timeout`` … in front are looked through; ``DOCKER_HOST=…`` set for the
    command (``DOCKER_HOST=tcp://h:2375 docker ps``) configures its client. ``shell_text``: the
    words were read from shell text, so a word written beside one is read as a word of its own."""
    calls = EngineCalls()
    start = _program_index(arguments)
    if start is not None:
        environment = dict(_assignment(argument) for argument in arguments[:start] if is_assignment(argument.text))
        _CommandReader(arguments[start:], origin, environment, calls, shell_text).read()
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
    return index if _engine(arguments[index]) in ENGINES else None


def _engine(word: Argument) -> str:
    return posixpath.basename(word.text.replace("\\", "/")).removesuffix(".exe")


class _CommandReader:
    def __init__(
        self,
        words: Sequence[Argument],
        origin: Origin,
        environment: dict[str, MaybeText],
        calls: EngineCalls,
        shell_text: bool = False,
    ) -> None:
        self.words = words
        self.shell_text = shell_text
        self.located = [Located(word.text, word.span) for word in words]
        # an unquoted ``$OPTS`` is read as an operand: what options it may hold cannot be known
        self.opaque = frozenset(index for index, word in enumerate(words) if word.splits)
        self.origin = origin
        self.environment = environment
        self.calls = calls
        self.engine = _engine(words[0])
        self.index = 1
        self.span = words[0].span.cover(words[-1].span)

    def read(self) -> None:
        line = self.read_options(_GLOBAL)
        self.add_client(line)
        path = self.subcommand() if _reaches_subcommand(line) else None
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
            reaches = _reaches_subcommand(self.read_options(_BUILDX))
            return ("buildx", "build") if reaches and self.next_literal() == "build" else None
        second = self.next_literal() if first in ("container", "image", "builder") else None
        known = {("container", "run"), ("container", "create"), ("image", "build"), ("builder", "build")}
        return (first, second) if first is not None and second is not None and (first, second) in known else None

    def next_literal(self) -> str | None:
        if self.index >= len(self.words):
            return None
        self.index += 1
        return self.words[self.index - 1].literal

    def read_options(self, syntax: CommandSyntax) -> CommandLine:
        """The options from the current word on; the reading goes on after them."""
        line = read_command_line(self.located, syntax, self.index, opaque=self.opaque)
        self.index = line.end
        return line

    def value(self, option: CommandOption) -> MaybeText | None:
        """The option's value, located in its word (``-uroot``: at ``root``)."""
        if option.value_index is None or option.value_text is None:
            return None
        word = self.words[option.value_index]
        return word.located(len(word.text) - len(option.value_text))

    def value_parts(self, option: CommandOption) -> SpanOf | None:
        """Where each part of the option's value is written (a value that came from a variable
        has its parts at the variable)."""
        if option.value_index is None or option.value_text is None:
            return None
        word = self.words[option.value_index]
        offset = len(word.text) - len(option.value_text)
        return lambda start, end: word.span_of(offset + start, offset + end)

    def health_check(self, option: CommandOption) -> Healthcheck:
        """``--health-cmd SCRIPT``: the container's shell (``/bin/sh -c``) runs the script."""
        word = self.words[option.value_index or option.index]
        source = word.script_text()
        offset = len(word.text) - len(option.value_text or "")
        if offset:  # ``--health-cmd=SCRIPT``
            span_of = source.span_of
            source = ScriptText(
                source.text[offset:],
                lambda start, end: span_of(offset + start, offset + end),
                source.exact,
                expanded=source.expanded,
            )
        script = parse_shell(source.text, source.span_of, exact=source.exact, expanded=source.expanded)
        add_nested_scripts(script)
        return Healthcheck(self.words[option.index].span.cover(word.span), script, shell=True)

    def add_client(self, line: CommandLine) -> None:
        hosts = [(option, host) for option in line.named("--host", "--url") if (host := self.value(option)) is not None]
        tls: Located[bool | Unresolved] | None = None
        for option in line.named("--tls", "--tlsverify"):
            value = self.value(option)
            tls = Located(True if value is None else _switch(value.value), option.word.span)
        verify = self.environment.get("DOCKER_TLS_VERIFY")
        if tls is None and verify is not None:
            tls = Located(tls_verify_on(verify.value), verify.span)
        if hosts:
            option, host = hosts[-1]
            self.calls.clients.append(
                EngineClient(f"{self.engine} {option.written}", host.span, self.origin, host, tls)
            )
        elif "DOCKER_HOST" in self.environment:
            host = self.environment["DOCKER_HOST"]
            self.calls.clients.append(EngineClient("DOCKER_HOST", host.span, self.origin, host, tls))

    def read_container(self, subject: str) -> None:
        container = Container(subject, self.span, self.origin)
        self.calls.containers.append(container)
        named = self.words[self.index - 1]  # ``run``, ``create``: the options come after it
        if self.shell_text and named.exact and exactly_written(Located(named.text, named.span)):
            container.new_option_at = place_after(named.span)
        image: Argument | None = None
        while self.index < len(self.words):
            line = self.read_options(_RUN)
            for option in line.options:
                value, parts = self.value(option), self.value_parts(option)
                _apply_run_option(container, option.name[2:], self.words[option.index], value, parts)
                if option.name == "--health-cmd" and value is not None:
                    container.healthcheck = self.health_check(option)
            if line.unknown is not None:  # an option hullcheck does not know: it may take the next word
                unknown = line.unknown.word
                container.unread_settings = unknown
                if self.index < len(self.words):
                    after = self.words[self.index]
                    reason = f"it follows {unknown.value}, an option hullcheck does not know, which may take it"
                    container.image = Located(Unresolved(after.text, reason), after.span)
                return
            if self.index >= len(self.words):
                break
            word = self.words[self.index]
            self.index += 1
            if image is not None and image.splits:  # it held options
                container.unread_settings = container.unread_settings or Located(image.text, image.span)
            image = word
            # a Python ``*args`` is read as options, unless nothing follows it
            if not word.splits or word.one_word or line.terminator is not None:
                break
        if image is not None:
            container.set_image(image.located())  # text that is no image is invalid_image
        command = self.words[self.index :]
        if image is not None and image.one_word and _has_unknown(image.text[:1]) and command:
            # the image, or options before it: what the container sets and runs is not known
            container.unread_settings = container.unread_settings or Located(image.text, image.span)
        elif image is not None and command:
            container.command = arguments_script(command)

    def read_build(self, subject: str) -> None:
        settings: dict[str, MaybeText] = {}
        args: dict[str, MaybeText] = {}
        tags: list[MaybeText] = []
        line = self.read_options(_BUILD)
        for option in line.options:
            value = self.value(option)
            if value is not None and option.name == "--build-arg":
                args.update(environment_entry(value, self.value_parts(option)))
            elif value is not None and option.name in ("--file", "--target"):
                settings[option.name[2:]] = value
            elif value is not None and option.name == "--tag":
                tags.append(value)
        context = next((self.words[i].located() for i in line.operand_indices if i not in self.opaque), None)
        spec = BuildSpec(self.span, context, settings.get("file"), settings.get("target"), args)
        self.calls.builds.append(ImageBuild(subject, self.span, self.origin, spec, tags))


def _reaches_subcommand(line: CommandLine) -> bool:
    """Whether the CLI goes on to a subcommand after these options: not after one it does not
    know, nor after ``--help`` or ``--version``, nor after ``--`` (cobra looks for none after it)."""
    return line.unknown is None and line.terminator is None and not line.named("--help", "--version")


def _switch(value: str | Unresolved) -> bool | Unresolved:
    """A boolean option's ``=value`` as Go reads it: a spelling Go refuses is not true."""
    if isinstance(value, Unresolved):
        return value
    return go_bool(value.strip()) is True


def argv_script(words: Sequence[Located[str]], sources: Sequence[ScriptText] = ()) -> ShellScript:
    """An argv as one command; ``sh -c '…'`` strings parsed too, traced to the file through
    ``sources`` (each word's text and the way back to it), where given."""
    span = words[0].span.cover(words[-1].span)
    script = ShellScript([Pipeline((ShellCommand(tuple(words), tuple(word.value for word in words), span),))])
    traced = {id(word): source for word, source in zip(words, sources, strict=False)}
    add_nested_scripts(script, lambda word: traced.get(id(word)))
    return script


def arguments_script(arguments: Sequence[Argument]) -> ShellScript:
    """Words a program receives as one command, each traced to the file as far as it can be."""
    words = [Located(word.text, word.span) for word in arguments]
    return argv_script(words, [word.script_text() for word in arguments])


# --- option values onto the container model -------------------------------------------------------

_TEXT_FIELDS = {
    "pid": "pid_mode",
    "ipc": "ipc_mode",
    "uts": "uts_mode",
    "userns": "userns_mode",
    "cgroupns": "cgroup_mode",
    "platform": "platform",
    "isolation": "isolation",
}
_LIMITS = {"memory": "memory", "pids-limit": "pids", "cpus": "cpus"}
_LISTS = {"cap-add": "cap_add", "cap-drop": "cap_drop"}  # podman takes comma-separated lists
_ENTRIES = {"security-opt": "security_opt", "device": "devices", "device-cgroup-rule": "device_cgroup_rules"}


def _apply_run_option(
    container: Container, name: str, word: Argument, value: MaybeText | None, parts: SpanOf | None
) -> None:
    """Set on the container what option ``name`` (written as ``word``, with ``value``, whose
    parts are located by ``parts``) sets."""
    if name in ("privileged", "read-only"):
        setting = Located(True if value is None else _switch(value.value), word.span)
        setattr(container, "privileged" if name == "privileged" else "read_only", setting)
    elif name == "use-api-socket" and (value is None or _switch(value.value) is True):
        socket = Located(DOCKER_SOCKET, word.span)
        container.mounts.append(Mount(word.span, "bind", socket, socket))
    elif name == "no-healthcheck":
        container.healthcheck = Healthcheck(word.span, disabled=True)
    elif value is not None:
        apply_value(container, name, value, parts)


def apply_value(container: Container, name: str, value: MaybeText, parts: SpanOf | None = None) -> None:
    """Set what a value-taking ``docker run`` option sets (python-on-whales passes its keyword
    arguments to these options, so it maps through here too). ``parts``: the span of each part
    of the value's text, when its span does not hold the text as is."""
    if name in ("network", "net"):
        container.network_mode = value
    elif name in _TEXT_FIELDS:
        setattr(container, _TEXT_FIELDS[name], value)
    elif name == "user":
        container.user = value
    elif name in _LISTS:
        getattr(container, _LISTS[name]).extend(_comma_items(value, parts))
    elif name in _ENTRIES:
        getattr(container, _ENTRIES[name]).append(value)
    elif name == "env":
        container.environment.update(environment_entry(value, parts))
    elif name == "publish":
        container.ports.append(short_port(_text(value), value.span, _unknown_parts(value)))
    elif name == "expose":
        container.expose.append(value)
    elif name in _LIMITS:
        container.limits[_LIMITS[name]] = value
    elif name == "volume":
        container.mounts.append(volume_mount(value, parts))
    elif name == "mount":
        container.mounts.append(cli_mount(value, parts))
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


def value_part(value: MaybeText, start: int, end: int, parts: SpanOf | None = None) -> MaybeText:
    """``value``'s text from ``start`` to ``end``: located by ``parts``, else exactly when
    ``value``'s span holds its text as is, on one line; unresolved when that part holds
    something unknown."""
    text = _text(value)
    span = value.span
    exact = span.line == span.end_line and span.end_column - span.column == len(text)
    if parts is not None:
        part_span = parts(start, end)
    else:
        part_span = span.at(span.line, span.column + start, span.line, span.column + end) if exact else span
    piece = text[start:end]
    if isinstance(value.value, Unresolved) and _has_unknown(piece):
        return Located(Unresolved(piece, value.value.reason), part_span)
    return Located(piece, part_span)


def volume_mount(value: MaybeText, parts: SpanOf | None = None) -> Mount:
    """``-v SOURCE:TARGET[:OPTIONS]``, read as Compose's short syntax."""
    fields = split_volume_spec(_text(value), braces=isinstance(value.value, Unresolved))
    return short_volume(
        value.span,
        [text for text, _at in fields],
        lambda index: value_part(value, fields[index][1], fields[index][1] + len(fields[index][0]), parts),
    )


def cli_mount(value: MaybeText, parts: SpanOf | None = None) -> Mount:
    """``--mount type=bind,source=…,target=…[,readonly][,bind-propagation=…]``; the type is a
    volume unless given, as in the docker CLI."""
    fields = [(text, value_part(value, at, at + len(text), parts).span) for text, at in csv_fields(_text(value))]
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


def _comma_items(value: MaybeText, parts: SpanOf | None) -> list[MaybeText]:
    return [value_part(value, at, at + len(item), parts) for item, at in csv_fields(_text(value))]


def environment_entry(value: MaybeText, parts: SpanOf | None = None) -> dict[str, MaybeText]:
    """``NAME=value`` (``-e``, ``--build-arg``); ``NAME`` alone passes the variable from the
    environment the command runs in."""
    text = _text(value)
    name, equals, _ = text.partition("=")
    if not name or _has_unknown(name):
        return {}
    if not equals:
        return {name: Located(Unresolved("", f"{name} takes its value from the environment"), value.span)}
    return {name: value_part(value, len(name) + 1, len(text), parts)}


def script_calls(
    script: ShellScript,
    origin: Origin,
    environment: Sequence[Argument] = (),
    variables: ScriptVariables | None = None,
) -> EngineCalls:
    """The engine calls of every command in ``script``, in ``$(…)`` substitutions too.

    ``environment``: ``NAME=value`` words the script runs with, as if written before each command.
    ``variables``: what the script's variables hold (else every variable is unknown)."""
    calls = EngineCalls()
    for command in script.every_command():
        if command.may_run_engine():
            arguments = shell_arguments(command, variables)
            calls.extend(read_command([*environment, *arguments], origin, shell_text=bool(command.offsets)))
    _mark_built_images(calls)
    return calls


def _mark_built_images(calls: EngineCalls) -> None:
    """A container whose image a build earlier in the script tags runs that local image: it is
    not pulled. A build anywhere before it counts, in a function or a condition too (the script
    makes that image); one after it does not."""
    built: list[tuple[Span, Span, ImageReference]] = []  # build, tag, name
    for build in calls.builds:
        for tag in build.tags:
            if isinstance(tag.value, str):
                try:
                    built.append((build.span, tag.span, ImageReference.parse(tag.value)))
                except InvalidReference:
                    continue
    for container in calls.containers if built else ():
        image = container.image
        if image is None or not isinstance(image.value, ImageReference):
            continue
        name = image.value.local_name
        container.image_built_at = next(
            (tag for at, tag, reference in built if at < container.span and reference.local_name == name), None
        )
