"""Podman Quadlet units onto the container model, read as Quadlet turns them into commands.

Quadlet (podman ``pkg/systemd/quadlet/quadlet.go``) writes a ``.container`` unit as one
``podman run`` command line: each key becomes options (``DropCapability=all`` is ``--cap-drop
all``, ``ReadOnly=true`` is ``--read-only``, ``Volume=`` is ``-v``), then the words of
``PodmanArgs``, then the image, then the words of ``Exec``. hullcheck builds that command line
from the unit, each word located at the key or word that wrote it, and reads it with the docker
CLI parser: every runtime rule then applies as to ``podman run``, and a finding points at
``PodmanArgs=--privileged``'s word or at ``Network=host``'s value. A ``.pod`` unit is its
``podman pod create`` (the pod's network, ports and volumes, which its containers share), a
``.build`` unit its ``podman build``.

Each key is read as Quadlet reads it (see hullcheck.parsers.unit_file): single-valued keys
(``Image``, ``User``, ``HealthCmd``) take their last value; list keys (``Volume``,
``PublishPort``, ``Network``) every value since the last empty one; ``AddCapability``,
``DropCapability`` and ``AddDevice`` are split into words, and ``PodmanArgs``, ``Exec``,
``Environment`` and ``Mount`` as systemd splits a command line (quotes, C escapes).

References to sibling units are followed where Quadlet follows them: ``Volume=data.volume:…``
mounts the volume ``data.volume`` creates, which with ``Device=`` and ``Options=bind`` (or
``Type=bind``) is a bind mount of that host path (as a Compose named volume is; the related
location is at ``Device=``); ``Pod=db.pod`` puts the container in that pod's network namespace,
``Network=vpn.container`` in that container's;
``Image=app.build`` runs the image that ``.build`` unit builds (local, not pulled), whose
Containerfile is then linted as the container builds and runs it (as a Compose service's
``build:``: hullcheck.engine.builds); ``Image=app.image`` runs the image that ``.image`` unit
pulls, reported at that unit's ``Image=``.

What systemd fills in when it starts the unit is unknown: ``${NAME}`` and ``$NAME`` (the
service's environment) and the specifiers (``%t``, ``%n``, ``%i`` …) leave a value unresolved;
``%h``, the home folder of the user the unit runs for, is read as ``~`` (a home, whatever its
path), so ``Volume=%h/.ssh:…`` is a mount of a home's ``.ssh``. Drop-in files
(``web.container.d/*.conf``) may set keys the unit does not: when such a folder is there, the
settings the unit leaves out are unknown.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from hullcheck import records
from hullcheck.model.container import (
    BuildSpec,
    Container,
    EngineCalls,
    MaybeText,
    Origin,
    SharedNamespace,
    VolumeBinding,
)
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.quadlet import QuadletFile
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.parsers.compose_volumes import bind_named_volumes
from hullcheck.parsers.docker_cli import Argument, read_command
from hullcheck.parsers.source import ParseProblem, UnreadableFile, read_text_file
from hullcheck.parsers.unit_file import Entry, UnitFile, Word, parse_unit_file
from hullcheck.records import Record, field

SpanOf = Callable[[int, int], Span]

_SYSTEMD_EXPANDS = "systemd replaces it with the service's environment variable when it starts the unit"
_SPECIFIER = re.compile(r"%[a-zA-Z]")
# specifiers that stand for a folder: a path that starts with one is a host path
_PATH_SPECIFIERS = frozenset("htSCELTVyYdG")
_BIND_OPTIONS = frozenset({"bind", "rbind"})
_READ_ONLY_OPTIONS = frozenset({"ro", "rdonly"})
# the largest sibling unit read for a reference (a .volume or .pod is a few lines)
_SIBLING_LIMIT = 256 * 1024


class QuadletParse(Record, slots=True):
    model: QuadletFile
    problems: list[ParseProblem] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def parse_quadlet(text: str, path: str, file: str | None) -> QuadletParse:
    """The containers and builds of the Quadlet unit ``text``, named ``path`` in findings and
    read from ``file`` (its siblings are read beside it; None: no sibling is read)."""
    read_from = Path(file) if file is not None else None
    name = posixpath.basename(path.replace("\\", "/"))
    unit = parse_unit_file(text)
    result = QuadletParse(QuadletFile(path))
    for entry in unit.all_entries():
        first, last = entry.statement.line, entry.statement.end_line
        result.model.statement_starts.update(dict.fromkeys(range(first + 1, last + 1), first))
    siblings = _Siblings(path, read_from, result)
    extension = posixpath.splitext(name)[1]
    calls = result.model.calls
    if extension == ".container" and "Container" in unit.sections:
        calls.extend(_container(unit, name, siblings, read_from))
    elif extension == ".pod" and "Pod" in unit.sections:
        calls.extend(_pod(unit, name, siblings))
    elif extension == ".build" and "Build" in unit.sections:
        calls.extend(_build(unit, name))
    return result


# --- siblings ------------------------------------------------------------------------------------


class _Siblings:
    """The units beside this one that it names (``data.volume``, ``db.pod``), read once each."""

    def __init__(self, path: str, file: Path | None, result: QuadletParse) -> None:
        self.folder = posixpath.dirname(path.replace("\\", "/"))
        self.directory = file.parent if file is not None else None
        self.result = result
        self.read: dict[str, tuple[UnitFile, str] | None] = {}

    def unit(self, name: str) -> tuple[UnitFile, str] | None:
        """The sibling unit ``name`` and its display path; None when it is not there, or not a
        unit (a reference Quadlet would refuse: the container is then not started)."""
        if "/" in name or self.directory is None:
            return None
        if name not in self.read:
            self.read[name] = self._load(name)
        return self.read[name]

    def _load(self, name: str) -> tuple[UnitFile, str] | None:
        assert self.directory is not None
        location = self.directory / name
        try:
            text = read_text_file(str(location), _SIBLING_LIMIT)
            unit = parse_unit_file(text)
        except (UnreadableFile, ParseProblem):
            return None
        display = posixpath.join(self.folder, name) if self.folder else name
        self.result.inputs.append(str(location.absolute()))
        self.result.sources[display] = text
        return unit, display


def _elsewhere(span: Span, display: str) -> Span:
    return records.replace(span, path=display)


# --- words of the command line -------------------------------------------------------------------


def _argument(text: str, span: Span, span_of: SpanOf, exact: bool = False, unknown: bool = False) -> Argument:
    return Argument(text, span, span_of, unknown=unknown, reason=_SYSTEMD_EXPANDS if unknown else "", exact=exact)


def _fixed(span: Span) -> SpanOf:
    return lambda _start, _end: span


_ESCAPES = {"$$": "$", "%%": "%", "%h": "~"}
_VARIABLE = re.compile(r"\$(?:\{|[A-Za-z_])")


def systemd_word(word: Word) -> tuple[Word, bool]:
    """``word`` as systemd hands it on when it starts the unit: ``$$`` is ``$``, ``%%`` is
    ``%`` and ``%h`` the unit's user's home (``~``); and whether it holds a variable systemd
    fills in from the service's environment (``${NAME}``, ``$NAME``)."""
    text = word.text
    if "$" not in text and "%" not in text:
        return word, False
    characters: list[str] = []
    origins: list[tuple[int, int]] = []
    unknown = False
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if pair in _ESCAPES and len(word.origins) > index + 1:
            characters.append(_ESCAPES[pair])
            origins.append((word.origins[index][0], word.origins[index + 1][1]))
            index += 2
            continue
        unknown = unknown or _VARIABLE.match(text, index) is not None
        characters.append(text[index])
        origins.append(word.origins[index])
        index += 1
    changed = "".join(characters)
    exact = word.exact and changed == text
    return Word(changed, word.span, tuple(origins), word.entry, exact), unknown


def _joined(parts: Sequence[tuple[str, SpanOf]], span: Span, unknown: bool = False) -> Argument:
    """One word made of parts written in different places (``--user=`` at the key, the user
    at ``User=``'s value): each offset located in its part."""
    starts: list[int] = []
    at = 0
    for text, _ in parts:
        starts.append(at)
        at += len(text)
    total = at

    def span_of(start: int, end: int) -> Span:
        first = max(bisect.bisect_right(starts, min(start, max(total - 1, 0))) - 1, 0)
        last = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, first)
        begin = parts[first][1](start - starts[first], min(end, starts[first] + len(parts[first][0])) - starts[first])
        if last == first:
            return begin
        finish = parts[last][1](0, end - starts[last])
        return begin.cover(finish)

    return _argument("".join(text for text, _ in parts), span, span_of, unknown=unknown)


def _prefixed(prefix: str, at: Span, word: Word, span: Span) -> Argument:
    """``PREFIXword``: the prefix located at ``at`` (the key), the word where it is written."""
    word, unknown = systemd_word(word)
    return _joined([(prefix, _fixed(at)), (word.text, word.span_of)], span, unknown)


def _option(flag: str, word: Word, key: Span) -> Argument:
    """``--flag=WORD`` for a word of a key's value."""
    return _prefixed(f"{flag}=", key, word, key.cover(word.span))


def _switch(flag: str, entry: Entry, on: bool) -> Argument:
    """A boolean key as Quadlet writes it: ``--flag`` when true, ``--flag=false`` when false."""
    text = flag if on else f"{flag}=false"
    return _argument(text, entry.statement, _fixed(entry.statement))


def _word(word: Word) -> Argument:
    word, unknown = systemd_word(word)
    return _argument(word.text, word.span, word.span_of, word.exact and not unknown, unknown)


# --- .container -----------------------------------------------------------------------------------

# keys Quadlet passes on as one option each, with their last value
_SINGLE = {
    "Timezone": "--tz",
    "PidsLimit": "--pids-limit",
    "ShmSize": "--shm-size",
    "Entrypoint": "--entrypoint",
    "WorkingDir": "--workdir",
    "IP": "--ip",
    "IP6": "--ip6",
    "HostName": "--hostname",
    "StopSignal": "--stop-signal",
    "StopTimeout": "--stop-timeout",
    "Pull": "--pull",
    "Memory": "--memory",
    "Retry": "--retry",
    "RetryDelay": "--retry-delay",
    "UserNS": "--userns",
    "CgroupsMode": "--cgroups",
    "SecurityLabelType": "--security-opt=label=type:",
    "SecurityLabelFileType": "--security-opt=label=filetype:",
    "SecurityLabelLevel": "--security-opt=label=level:",
    "SeccompProfile": "--security-opt=seccomp=",
    "HealthCmd": "--health-cmd",
    "HealthInterval": "--health-interval",
    "HealthTimeout": "--health-timeout",
    "HealthRetries": "--health-retries",
    "HealthStartPeriod": "--health-start-period",
    "HealthOnFailure": "--health-on-failure",
}
# keys whose every value is one option
_EVERY = {
    "NetworkAlias": "--network-alias",
    "Ulimit": "--ulimit",
    "DNS": "--dns",
    "DNSOption": "--dns-option",
    "DNSSearch": "--dns-search",
    "GroupAdd": "--group-add",
    "AddHost": "--add-host",
    "Tmpfs": "--tmpfs",
    "ExposeHostPort": "--expose",
    "PublishPort": "--publish",
    "Volume": "--volume",
}
# keys split into words (systemd's list syntax), each word one option
_STRV = {"DropCapability": "--cap-drop", "AddCapability": "--cap-add", "Sysctl": "--sysctl", "AddDevice": "--device"}
# keys split as command lines, each word one option
_ARGS = {
    "Environment": "--env",
    "Mask": "--security-opt=mask=",
    "Unmask": "--security-opt=unmask=",
    "EnvironmentFile": "--env-file",
    "Secret": "--secret",
    "Mount": "--mount",
}
_SWITCHES = {"RunInit": "--init", "EnvironmentHost": "--env-host", "ReadOnlyTmpfs": "--read-only-tmpfs"}


def _single(section: str, unit: UnitFile, key: str, flag: str) -> list[Argument]:
    entry = unit.last(section, key)
    if entry is None:
        return []
    word = entry.looked_up()
    if not word.text:
        return []
    if flag.endswith(("=", ":")):  # a prefix of the value: ``--security-opt=seccomp=``
        return [_prefixed(flag, entry.key_span, word, entry.statement)]
    return [_option(flag, word, entry.key_span)]


def _whole_value(entry: Entry) -> Word:
    """An entry's whole value (as ``LookupAll`` gives it) as one word."""
    text = entry.value
    origins = tuple((index, index + 1) for index in range(len(text)))
    exact = entry.span.line == entry.span.end_line and entry.span.end_column - entry.span.column == len(text)
    return Word(text, entry.span, origins, entry, exact)


def _split(entry: Entry, words: list[Word] | None, flag: str) -> list[Argument]:
    found = []
    for word in words or []:
        text = word
        if flag == "--device" and word.text.startswith("-"):  # optional: only if it exists
            text = Word(word.text[1:], word.span, word.origins[1:], word.entry, word.exact)
        if flag.endswith("="):
            found.append(_prefixed(flag, entry.key_span, text, entry.statement))
        else:
            found.append(_option(flag, text, entry.key_span))
    return found


def _options(unit: UnitFile, section: str) -> list[Argument]:
    """The options Quadlet writes for the keys of ``section``, in an order of its own (the
    order of options does not matter to podman, but that PodmanArgs come last)."""
    arguments: list[Argument] = []
    for key, flag in _SINGLE.items():
        arguments.extend(_single(section, unit, key, flag))
    for key, flag in _EVERY.items():
        arguments.extend(_option(flag, _whole_value(entry), entry.key_span) for entry in unit.entries(section, key))
    for key, flag in _SWITCHES.items():
        if (setting := unit.boolean(section, key)) is not None:
            arguments.append(_switch(flag, setting[1], setting[0]))
    for key, flag in _STRV.items():
        for entry in unit.entries(section, key):
            arguments.extend(_split(entry, entry.strv(), flag))
    for key, flag in _ARGS.items():
        for entry in unit.entries(section, key):
            arguments.extend(_split(entry, entry.args(), flag))
    for key, option in (("NoNewPrivileges", "no-new-privileges"), ("SecurityLabelDisable", "label=disable")):
        setting = unit.boolean(section, key)
        if setting is not None and setting[0]:
            statement = setting[1].statement
            arguments.append(_argument(f"--security-opt={option}", statement, _fixed(statement)))
    read_only = unit.boolean(section, "ReadOnly")
    if read_only is not None:
        arguments.append(_switch("--read-only", read_only[1], read_only[0]))
    arguments.extend(_user(unit, section))
    for entry in unit.entries(section, "Network"):
        arguments.append(_option("--network", _whole_value(entry), entry.key_span))
    return arguments


def _user(unit: UnitFile, section: str) -> list[Argument]:
    """``User=`` and ``Group=`` as ``--user USER[:GROUP]`` (a Group without a User is refused)."""
    user, group = unit.last(section, "User"), unit.last(section, "Group")
    if user is None or not user.lookup()[0]:
        return []
    word, unknown = systemd_word(user.looked_up())
    parts: list[tuple[str, SpanOf]] = [("--user=", _fixed(user.key_span)), (word.text, word.span_of)]
    statement = user.statement
    if group is not None and group.lookup()[0]:
        group_word, group_unknown = systemd_word(group.looked_up())
        parts += [(":", _fixed(group.key_span)), (group_word.text, group_word.span_of)]
        statement = statement.cover(group.statement)
        unknown = unknown or group_unknown
    return [_joined(parts, statement, unknown)]


def _words(unit: UnitFile, section: str, key: str, every: bool) -> list[Argument]:
    entries = unit.entries(section, key) if every else [entry for entry in [unit.last(section, key)] if entry]
    return [_word(word) for entry in entries for word in entry.args() or []]


def _container(unit: UnitFile, name: str, siblings: _Siblings, file: Path | None) -> EngineCalls:
    section = "Container"
    header = unit.headers[section]
    arguments = [_argument("podman", header, _fixed(header)), _argument("run", header, _fixed(header))]
    arguments[1:1] = _words(unit, section, "GlobalArgs", every=True)
    arguments.extend(_options(unit, section))
    pod = unit.last(section, "Pod")
    if pod is not None and pod.lookup()[0]:
        arguments.append(_option("--pod", pod.looked_up(), pod.key_span))
    arguments.extend(_words(unit, section, "PodmanArgs", every=True))
    image = unit.last(section, "Image")
    image_word = image.looked_up() if image is not None else None
    if image_word is not None and image_word.text:
        arguments.append(_word(image_word))
        arguments.extend(_words(unit, section, "Exec", every=False))
    calls = read_command(arguments, Origin.QUADLET)
    subject = f"container unit '{name}'"
    for container in calls.containers:
        container.subject = subject
        container.scope = f"unit:{name}"
        _name(container, unit, section)
        if image_word is not None and image_word.text and container.image is not None:
            _image_reference(container, image_word, siblings)
        _bind_volumes(container, siblings)
        joined = [pod] if pod is not None and pod.lookup()[0] else unit.entries(section, "Network")[-1:]
        for entry in joined:
            _join_network(container, entry, siblings)
        if file is not None and (file.parent / f"{name}.d").is_dir():
            container.unread_settings = container.unread_settings or Located(f"{name}.d", header)
        _unresolve_specifiers(container)
    return calls


def _name(container: Container, unit: UnitFile, section: str) -> None:
    entry = unit.last(section, "ContainerName")
    if entry is not None and entry.lookup()[0]:
        word = entry.looked_up()
        container.container_name = Located(word.text, word.span)


def _image_reference(container: Container, word: Word, siblings: _Siblings) -> None:
    """``Image=app.build`` runs the image that unit builds (its first ``ImageTag``, local: not
    pulled), and builds its Containerfile for the container (see :func:`_built_by`);
    ``Image=app.image`` runs the image that unit pulls, located at its ``Image=``."""
    text = word.text
    if text.endswith(".build"):
        container.image_built_at = word.span
        built = siblings.unit(text)
        tags = built[0].entries("Build", "ImageTag") if built is not None else []
        reference = _reference(tags[0].lookup()[0]) if tags else Unresolved(text, "the image a .build unit makes")
        container.image = Located(reference, word.span)
        if built is not None and siblings.directory is not None:
            container.build = _built_by(built[0], built[1], word.span, str(siblings.directory))
    elif text.endswith(".image"):
        pulled = siblings.unit(text)
        entry = pulled[0].last("Image", "Image") if pulled is not None else None
        if pulled is None or entry is None or not entry.lookup()[0]:
            container.image = Located(Unresolved(text, f"{text} is not beside the unit, or names no image"), word.span)
            return
        image = entry.looked_up()
        container.image = Located(_reference(image.text), _elsewhere(image.span, pulled[1]))


def _built_by(unit: UnitFile, display: str, at: Span, directory: str) -> BuildSpec:
    """The build a ``.build`` unit runs, as a container's ``build``: its ``File=`` (relative to
    the unit's folder; ``Containerfile`` in the context when it names none), the context
    ``SetWorkingDirectory=`` names (``unit``: the unit's folder; ``file``: the File's folder; a
    path or URL: that context), ``Target=`` and the ``--build-arg``s of its PodmanArgs."""
    section = "Build"

    def located(key: str) -> MaybeText | None:
        entry = unit.last(section, key)
        if entry is None or not entry.lookup()[0]:
            return None
        word = entry.looked_up()
        return Located(word.text, _elsewhere(word.span, display))

    dockerfile, context, target = located("File"), located("SetWorkingDirectory"), located("Target")
    if context is not None and isinstance(context.value, str) and context.value.lower() in ("unit", "file"):
        folder = "."
        if context.value.lower() == "file" and dockerfile is not None and isinstance(dockerfile.value, str):
            folder = posixpath.dirname(dockerfile.value) or "."
            dockerfile = Located(posixpath.basename(dockerfile.value), dockerfile.span)
        context = Located(folder, context.span)
    if dockerfile is None:
        folder = context.value if context is not None and isinstance(context.value, str) else "."
        name = "Containerfile" if (Path(directory) / folder / "Containerfile").is_file() else "Dockerfile"
        dockerfile = Located(name, context.span if context is not None else at)
    builds = _build(unit, display).builds
    args = builds[0].spec.args if builds else {}
    moved = {name: Located(value.value, _elsewhere(value.span, display)) for name, value in args.items()}
    return BuildSpec(at, context, dockerfile, target, moved, directory)


def _reference(text: str) -> ImageReference | Unresolved:
    try:
        return ImageReference.parse(text)
    except InvalidReference:
        return Unresolved(text, "not an image reference hullcheck can read")


def _bind_volumes(container: Container, siblings: _Siblings) -> None:
    """Mounts of a ``.volume`` unit whose ``Device=`` it binds are binds of that path."""
    bindings: dict[str, VolumeBinding] = {}
    for mount in container.mounts:
        source = mount.source.value if mount.source is not None else None
        if mount.type == "volume" and isinstance(source, str) and source.endswith(".volume"):
            binding = _volume_binding(source, siblings)
            if binding is not None:
                bindings[source] = binding
    bind_named_volumes([container], bindings)


def _volume_binding(name: str, siblings: _Siblings) -> VolumeBinding | None:
    """The host path the volume unit ``name`` binds: its ``Device=``, when ``Options=`` holds
    ``bind`` or ``rbind`` or ``Type=bind`` (Quadlet then makes the service require the
    device's mount), and the driver is the local one."""
    found = siblings.unit(name)
    if found is None:
        return None
    unit, display = found
    driver = unit.last("Volume", "Driver")
    if driver is not None and driver.lookup()[0] not in ("", "local"):
        return None
    device = unit.last("Volume", "Device")
    if device is None or not device.lookup()[0]:
        return None
    options_entry = unit.last("Volume", "Options")
    options = {word.strip() for word in (options_entry.lookup()[0] if options_entry else "").split(",")}
    kind = unit.last("Volume", "Type")
    if not options & _BIND_OPTIONS and (kind is None or kind.lookup()[0] != "bind"):
        return None
    word, unknown = systemd_word(device.looked_up())
    value: str | Unresolved = word.text
    if unknown or _SPECIFIER.search(word.text):
        value = Unresolved(word.text, "systemd fills it in when it starts the unit")
    return VolumeBinding(name, Located(value, _elsewhere(word.span, display)), bool(options & _READ_ONLY_OPTIONS))


def _join_network(container: Container, entry: Entry, siblings: _Siblings) -> None:
    """A container in a pod (``Pod=db.pod``) or joined to another container's network
    (``Network=web.container``) shares that network namespace: the host's when the unit at the
    end of the chain sets ``Network=host`` (followed through up to eight ``.container`` units)."""
    name = entry.looked_up().text if entry.key == "Pod" else entry.value.strip()
    setting = Located(name, entry.looked_up().span)
    shared_with = origin = ""
    mode: MaybeText | None = None
    seen: set[str] = set()
    while name.endswith((".pod", ".container")) and name not in seen and len(seen) < 8:
        seen.add(name)
        found = siblings.unit(name)
        section = "Pod" if name.endswith(".pod") else "Container"
        networks = found[0].entries(section, "Network") if found is not None else []
        if found is None or not networks:
            return
        word = networks[-1].looked_up()
        origin = f"{section.lower()} unit '{name}'"
        shared_with = shared_with or origin
        mode = Located(word.text, _elsewhere(word.span, found[1]))
        name = word.text
    if mode is not None and name not in seen:
        container.shared_namespaces["network"] = SharedNamespace(setting, shared_with, origin, mode)


# --- specifiers ---------------------------------------------------------------------------------


def _unresolve_specifiers(container: Container) -> None:
    """Values with a systemd specifier systemd fills in when it starts the unit (``%t``,
    ``%i``; ``%h`` was read as ``~``): unresolved; a mount whose source starts with a folder's
    specifier (``%t``, ``%S`` …) is a bind of a host path, not a named volume."""
    mounts = []
    for mount in container.mounts:
        source = mount.source.value if mount.source is not None else None
        folder = isinstance(source, str) and source[:1] == "%" and source[1:2] in _PATH_SPECIFIERS
        kind = "bind" if mount.type == "volume" and folder else mount.type
        mounts.append(
            records.replace(mount, type=kind, source=_specified(mount.source), target=_specified(mount.target))
        )
    container.mounts = mounts
    container.user = _specified(container.user)
    container.network_mode = _specified(container.network_mode)
    container.devices = [value for value in map(_specified, container.devices) if value is not None]
    container.environment = {
        name: specified for name, value in container.environment.items() if (specified := _specified(value))
    }
    invalid = container.invalid_image
    if invalid is not None and _SPECIFIER.search(invalid.value):
        container.image = Located(Unresolved(invalid.value, "systemd fills in its specifiers"), invalid.span)
        container.invalid_image = None
    image = container.image
    if image is not None and isinstance(image.value, ImageReference) and _SPECIFIER.search(str(image.value)):
        container.image = Located(Unresolved(str(image.value), "systemd fills in its specifiers"), image.span)


def _specified(value: MaybeText | None) -> MaybeText | None:
    if value is None or not isinstance(value.value, str) or _SPECIFIER.search(value.value) is None:
        return value
    return Located(Unresolved(value.value, "systemd fills in its specifiers when it starts the unit"), value.span)


# --- .pod and .build ---------------------------------------------------------------------------------


def _pod(unit: UnitFile, name: str, siblings: _Siblings) -> EngineCalls:
    """The pod's infra container, as ``podman pod create`` makes it: its network (which every
    container of the pod shares), published ports and volumes (mounted in every container)."""
    section = "Pod"
    header = unit.headers[section]
    arguments = [_argument(word, header, _fixed(header)) for word in ("podman", "run")]
    for key, flag in (("PublishPort", "--publish"), ("Volume", "--volume"), ("Network", "--network")):
        for entry in unit.entries(section, key):
            arguments.append(_option(flag, _whole_value(entry), entry.key_span))
    arguments.extend(_single(section, unit, "UserNS", "--userns"))
    arguments.extend(_words(unit, section, "PodmanArgs", every=True))
    calls = read_command(arguments, Origin.QUADLET)
    for container in calls.containers:
        container.subject = f"pod unit '{name}'"
        container.scope = f"unit:{name}"
        _bind_volumes(container, siblings)
        _unresolve_specifiers(container)
    return calls


def _build(unit: UnitFile, name: str) -> EngineCalls:
    """``podman build``: the build's network, its ``--build-arg``s (in PodmanArgs) and tags."""
    section = "Build"
    header = unit.headers[section]
    arguments = [_argument(word, header, _fixed(header)) for word in ("podman", "build")]
    for entry in unit.entries(section, "ImageTag"):
        arguments.append(_option("--tag", _whole_value(entry), entry.key_span))
    arguments.extend(_single(section, unit, "File", "--file"))
    arguments.extend(_single(section, unit, "Target", "--target"))
    network = unit.entries(section, "Network")
    arguments.extend(_option("--network", _whole_value(entry), entry.key_span) for entry in network)
    arguments.extend(_words(unit, section, "PodmanArgs", every=True))
    context = unit.last(section, "SetWorkingDirectory")
    if context is not None and context.lookup()[0].lower() not in ("", "file", "unit"):
        arguments.append(_word(context.looked_up()))
    calls = read_command(arguments, Origin.QUADLET)
    for build in calls.builds:
        build.subject = f"build unit '{name}'"
        if network:
            word = network[-1].looked_up()
            build.spec = records.replace(build.spec, network=Located(word.text, word.span))
    return calls
