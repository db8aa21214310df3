"""``devcontainer.json`` onto the container model, as the dev container CLI starts it.

For an ``image`` or a Dockerfile (``build.dockerfile``, or the older ``dockerFile``), the CLI runs
``docker run`` with: each ``appPort`` as ``-p`` (a number on 127.0.0.1, a string as written),
each of ``mounts`` and of the features' mounts as ``--mount`` (an object as
``type=…,src=…,dst=…``), ``containerEnv`` as ``-e``, ``containerUser`` as ``-u``, ``runArgs``,
then ``--privileged``, ``--cap-add`` and ``--security-opt`` from the file and its features
(devcontainers/cli, ``spawnDevContainer``). hullcheck builds the same command line from the
file's strings, each located where it is written, and reads it with the docker CLI parser, so
every option means what it means to docker; ``runArgs`` go last, where an option hullcheck does
not know cannot hide the others. With ``dockerComposeFile`` (and no image or Dockerfile, which
win) the dev container is that Compose ``service``: the Compose file is linted as a file of its
own, so the container here holds only what ``devcontainer.json`` adds to the service, and its
absent settings are unknown (it names no image: see ``may_inherit_settings``). ``runArgs`` and
``appPort`` do not apply there.

A Dockerfile is linked as a Compose service's build is (``build.dockerfile`` and
``build.context`` are relative to the folder of ``devcontainer.json``, ``build.args`` and
``build.target`` as in Compose). ``remoteUser`` counts as the user when ``containerUser`` is
unset, or when it is root and ``containerUser`` is not: the tools, terminals and lifecycle
commands run as it. ``remoteEnv`` joins ``containerEnv``. ``forwardPorts`` are forwarded by the
editor to the developer's own machine, on its loopback address: ports published on 127.0.0.1.

Features: docker-outside-of-docker (and its old id docker-from-docker) mounts the host's
``/var/run/docker.sock`` and turns SELinux labeling off (``label=disable``); docker-in-docker
runs the container privileged. Both are read as those settings, located at the feature's key.
A feature pulled from a registry is pulled as an image is: each is a container of its own
holding only that reference, for the image rules.

Lifecycle commands: a string runs in ``/bin/sh -c``, an array with no shell, an object's values
in parallel. ``initializeCommand`` runs on the host, the others in the container, whose shell
scripts ShellCheck reads (``Container.exec_commands``); the docker and podman commands any of
them run are read as a shell script's are.

Variables (``${localEnv:NAME}``, ``${containerEnv:NAME}``, ``${devcontainerId}``) depend on the
machine the container starts on: unresolved, with ``${localEnv:HOME}`` written as ``${HOME}``
so the home folder is still recognized. ``${localWorkspaceFolder}`` is the project's folder: a
path inside the project, ``.``; ``${containerWorkspaceFolder}`` is ``workspaceFolder`` or
``/workspaces/<the project's folder name>``.
"""

from __future__ import annotations

import bisect
import os
import posixpath
import re
from pathlib import Path

from hullcheck.model.container import (
    BuildSpec,
    Container,
    EngineCalls,
    ExecCommand,
    MaybeText,
    Mount,
    Origin,
    PortMapping,
)
from hullcheck.model.devcontainer import DevContainerFile
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.predicates import is_root_user
from hullcheck.model.shell import ScriptText, ShellScript
from hullcheck.model.span import Interpolated, Located, Span, Unresolved
from hullcheck.parsers.docker_cli import Argument, arguments_script, read_command, script_calls
from hullcheck.parsers.jsonc import (
    JsonArray,
    JsonBool,
    JsonDocument,
    JsonMember,
    JsonNull,
    JsonNumber,
    JsonObject,
    JsonString,
    JsonValue,
    Positions,
    kind_of,
    parse_jsonc,
)
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.source import ParseProblem
from hullcheck.records import Record

_VARIABLE = re.compile(r"\$\{([^}]*)\}")  # the CLI's /\$\{(.*?)\}/g
_HOME_VARIABLES = frozenset({"HOME", "USERPROFILE"})
# lifecycle commands, by where they run
HOST_COMMANDS = ("initializeCommand",)
CONTAINER_COMMANDS = (
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
_FEATURES = "ghcr.io/devcontainers/features/"
# what the well-known features that reach the host do: the docker run options they add
# (their devcontainer-feature.json: ``mounts``, ``securityOpt``, ``privileged``)
_OUTSIDE_OF_DOCKER = (
    ("--mount", "source=/var/run/docker.sock,target=/var/run/docker-host.sock,type=bind"),
    ("--security-opt", "label=disable"),
)
FEATURE_OPTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "docker-outside-of-docker": _OUTSIDE_OF_DOCKER,
    "docker-from-docker": _OUTSIDE_OF_DOCKER,
    "docker-in-docker": (("--privileged",),),
}


class DevContainerParse(Record, slots=True):
    model: DevContainerFile
    problems: list[ParseProblem]


def parse_devcontainer(text: str, path: str, file: str | None) -> DevContainerParse:
    """The dev container ``text`` (of ``file``, shown as ``path``) defines. Raises ParseProblem
    when it is not JSON with comments, or not an object."""
    document = parse_jsonc(text)
    root = document.root
    if not isinstance(root, JsonObject):
        raise ParseProblem(root.span, f"a dev container configuration must be a JSON object, found {kind_of(root)}")
    return _Parser(document, root, path, file).parse()


# --- texts that know where they are written -----------------------------------------------------


class _Piece(Record, frozen=True, slots=True):
    """Part of a text: ``length`` characters from ``at`` in it, written as characters ``index`` on
    of ``string`` (each where it is), or, without a string, all of them at ``span``."""

    at: int
    length: int
    string: JsonString | None
    index: int
    span: Span


class Traced:
    """A text built from a file's strings, with the span of any part of it."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.text = ""
        self.pieces: list[_Piece] = []
        self.unknown: str | None = None  # why a part of it is not known

    def add(self, text: str, span: Span, string: JsonString | None = None, index: int = 0) -> Traced:
        if text:
            self.pieces.append(_Piece(len(self.text), len(text), string, index, span))
            self.text += text
        return self

    @property
    def exact(self) -> bool:
        return all(piece.string is not None for piece in self.pieces)

    def span_of(self, start: int, end: int) -> Span:
        if not self.pieces:
            return Span.point(1)
        first = self._piece(start)
        line, column = self._position(first, start, start=True)
        last = self._piece(max(end - 1, start))
        if end <= start:
            return Span(line, column, line, column)
        end_line, end_column = self._position(last, end, start=False)
        return Span(line, column, end_line, end_column)

    def _piece(self, offset: int) -> _Piece:
        index = bisect.bisect_right([piece.at for piece in self.pieces], offset) - 1
        return self.pieces[min(max(index, 0), len(self.pieces) - 1)]

    def _position(self, piece: _Piece, offset: int, start: bool) -> tuple[int, int]:
        if piece.string is None:
            span = piece.span
            return (span.line, span.column) if start else (span.end_line, span.end_column)
        inside = min(max(offset - piece.at, 0), piece.length)
        return self.positions.position(piece.string.offset(piece.index + inside))

    def argument(self, span: Span) -> Argument:
        """The text as a word the docker CLI receives, at ``span``."""
        return Argument(
            self.text, span, self.span_of, unknown=self.unknown is not None, reason=self.unknown or "", exact=self.exact
        )

    def located(self, span: Span) -> MaybeText:
        if self.unknown is not None:
            return Located(Unresolved(self.text, self.unknown), span)
        return Located(self.text, span)


# --- the parser -----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, document: JsonDocument, root: JsonObject, path: str, file: str | None) -> None:
        self.document = document
        self.root = root
        self.positions = document.positions
        self.path = path
        self.problems: list[ParseProblem] = list(document.problems)
        self.directory = os.path.abspath(os.path.dirname(file)) if file is not None else None
        workspace = _workspace_folder(Path(os.path.abspath(file))) if file is not None else None
        self.workspace_name = workspace.name if workspace is not None else None
        self.object_mounts: list[Mount] = []

    # --- typed access -------------------------------------------------------------------

    def member(self, node: JsonObject, key: str, *kinds: type[JsonValue], what: str) -> JsonValue | None:
        """``node``'s value of ``key`` when it is of one of ``kinds``; a value of another kind is
        a problem, and null is unset (as the CLI reads it)."""
        value = node.get(key)
        if value is None or isinstance(value, JsonNull):
            return None
        if not isinstance(value, kinds):
            self.problems.append(ParseProblem(value.span, f"{key!r} must be {what}, found {kind_of(value)}"))
            return None
        return value

    def string(self, node: JsonObject, key: str) -> JsonString | None:
        value = self.member(node, key, JsonString, what="a string")
        return value if isinstance(value, JsonString) else None

    def strings(self, node: JsonObject, key: str) -> list[JsonString]:
        value = self.member(node, key, JsonArray, what="an array of strings")
        return self.entries(value, key, "a string", JsonString) if isinstance(value, JsonArray) else []

    def entries(self, array: JsonArray, key: str, what: str, *kinds: type[JsonValue]) -> list[JsonString]:
        found = []
        for item in array.items:
            if isinstance(item, kinds) and isinstance(item, JsonString):
                found.append(item)
            elif not isinstance(item, kinds):
                self.problems.append(
                    ParseProblem(item.span, f"each entry of {key!r} must be {what}, found {kind_of(item)}")
                )
        return found

    # --- variables ----------------------------------------------------------------------

    def traced(self, string: JsonString) -> Traced:
        """The string with its variables substituted as the CLI substitutes them."""
        traced = Traced(self.positions)
        value = string.value
        done = 0
        for match in _VARIABLE.finditer(value):
            traced.add(value[done : match.start()], string.span, string, done)
            done = match.end()
            variable_span = Span(
                *self.positions.position(string.offset(match.start())),
                *self.positions.position(string.offset(match.end())),
            )
            resolved, unknown = self.variable(match.group(1), match.group())
            if unknown is not None:
                traced.unknown = traced.unknown or unknown
            traced.add(resolved, variable_span)
        traced.add(value[done:], string.span, string, done)
        return traced

    def variable(self, name: str, written: str) -> tuple[str, str | None]:
        """What ``${name}`` becomes, and why it is not known (None: it is)."""
        kind, _, argument = name.partition(":")
        variable = argument.partition(":")[0]
        if kind in ("localEnv", "env") and variable:
            # as a shell names it, so that ${localEnv:HOME} is still a home folder
            return (
                f"${{{variable}}}",
                f"{written} is the variable {variable} of the machine the dev container starts on",
            )
        if kind == "localWorkspaceFolder" and not argument:
            return ".", None
        if kind == "localWorkspaceFolderBasename" and not argument and self.workspace_name is not None:
            return self.workspace_name, None
        if kind == "containerWorkspaceFolder" and not argument:
            folder = self.container_workspace()
            if folder is not None:
                return folder, None
        if kind == "containerWorkspaceFolderBasename" and not argument:
            folder = self.container_workspace()
            if folder is not None:
                return posixpath.basename(folder), None
        return written, f"{written} is known only where the dev container starts"

    def container_workspace(self) -> str | None:
        folder = self.root.get("workspaceFolder")
        if isinstance(folder, JsonString):
            return folder.value if "${" not in folder.value else None
        return f"/workspaces/{self.workspace_name}" if self.workspace_name is not None else None

    def located(self, string: JsonString) -> MaybeText:
        traced = self.traced(string)
        if traced.unknown is None and traced.text != string.value:
            return Interpolated(traced.text, string.span, string.value)
        return traced.located(string.span)

    def word(self, text: str, span: Span) -> Argument:
        """A word hullcheck writes for the setting at ``span`` (``--privileged`` for ``privileged: true``)."""
        return Traced(self.positions).add(text, span).argument(span)

    # --- the file -----------------------------------------------------------------------

    def parse(self) -> DevContainerParse:
        model = DevContainerFile(self.path)
        root = self.root
        build = self.member(root, "build", JsonObject, what="an object")
        dockerfile = self.string(build, "dockerfile") if isinstance(build, JsonObject) else None
        dockerfile = dockerfile or self.string(root, "dockerFile")
        image = self.string(root, "image")
        compose = self.member(root, "dockerComposeFile", JsonString, JsonArray, what="a string or an array")
        single = dockerfile is not None or "image" in root.by_key
        words = self.options(root, single, image if single and dockerfile is None else None)
        container = next(iter(read_command(words, Origin.DEVCONTAINER).containers), None)
        if container is None:  # cannot be: the words run docker run
            return DevContainerParse(model, self.problems)
        if dockerfile is not None:  # the CLI builds the Dockerfile: an image named too is not run
            container.image = container.invalid_image = None
        container.command = None
        container.scope = "devcontainer"
        name = self.string(root, "name")
        subject = f"dev container '{name.value}'" if name is not None else "dev container"
        container.subject = subject
        container.span = Span(root.span.line, root.span.column, root.span.line, root.span.column + 1)
        if dockerfile is not None:
            container.build = self.build(build if isinstance(build, JsonObject) else None, dockerfile)
            container.span = dockerfile.span
        elif image is not None:
            container.span = image.span
        elif compose is not None:
            service = self.string(root, "service")
            if service is not None:
                container.subject = f"{subject} (Compose service '{service.value}')"
                container.span = service.span
        else:
            message = "a dev container needs an 'image', a 'build.dockerfile' or a 'dockerComposeFile'"
            self.problems.append(ParseProblem(container.span, message))
        container.mounts.extend(self.object_mounts)
        self.users(container)
        self.environment(container, "remoteEnv")
        self.forwarded_ports(container)
        self.lifecycle(container, model.calls)
        model.containers.append(container)
        model.containers.extend(self.feature_images())
        return DevContainerParse(model, self.problems)

    def options(self, root: JsonObject, single: bool, image: JsonString | None) -> list[Argument]:
        """The ``docker run`` command line the CLI writes for the settings (see the module's doc)."""
        at = root.span
        words = [self.word("docker", at), self.word("run", at)]
        if single:
            words.extend(self.app_ports(root))
        strings, self.object_mounts = self.mounts(root)
        for mount in strings:
            words.extend([self.word("--mount", mount.span), mount])
        # the options each well-known feature adds, located at its key: its mounts go with the others
        added = [(feature.key.span, option) for feature, options in self.features() for option in options]
        for span, feature_words in added:
            if feature_words[0] == "--mount":
                words.extend(self.word(text, span) for text in feature_words)
        for _name, value in self.environment_entries(root, "containerEnv"):
            words.extend([self.word("-e", value.span), value])
        user = self.string(root, "containerUser")
        if user is not None:
            words.extend([self.word("-u", user.span), self.traced(user).argument(user.span)])
        privileged = self.member(root, "privileged", JsonBool, what="true or false")
        if isinstance(privileged, JsonBool) and privileged.value:
            words.append(self.word("--privileged", privileged.span))
        for span, feature_words in added:
            if feature_words[0] != "--mount":
                words.extend(self.word(text, span) for text in feature_words)
        for key, option in (("capAdd", "--cap-add"), ("securityOpt", "--security-opt")):
            for entry in self.strings(root, key):
                words.extend([self.word(option, entry.span), self.traced(entry).argument(entry.span)])
        self.member(root, "init", JsonBool, what="true or false")
        for entry in self.strings(root, "runArgs") if single else []:
            words.append(self.traced(entry).argument(entry.span))
        if image is not None:  # last, as the CLI writes it (after the options it adds itself)
            words.append(self.traced(image).argument(image.span))
        return words

    def features(self) -> list[tuple[JsonMember, tuple[tuple[str, ...], ...]]]:
        """The well-known features the file installs, with the docker run options they add."""
        features = self.member(self.root, "features", JsonObject, what="an object")
        found = []
        for feature in features.members if isinstance(features, JsonObject) else ():
            name = _feature_name(feature.key.value)
            if name is not None and name in FEATURE_OPTIONS:
                found.append((feature, FEATURE_OPTIONS[name]))
        return found

    def app_ports(self, root: JsonObject) -> list[Argument]:
        value = self.member(root, "appPort", JsonNumber, JsonString, JsonArray, what="a port or an array of ports")
        entries = value.items if isinstance(value, JsonArray) else (value,) if value is not None else ()
        words = []
        for entry in entries:
            if isinstance(entry, JsonNumber) and isinstance(entry.value, int):
                words.extend(
                    [self.word("-p", entry.span), self.word(f"127.0.0.1:{entry.value}:{entry.value}", entry.span)]
                )
            elif isinstance(entry, JsonString):
                words.extend([self.word("-p", entry.span), self.traced(entry).argument(entry.span)])
            else:
                self.problems.append(
                    ParseProblem(entry.span, f"each entry of 'appPort' must be a port, found {kind_of(entry)}")
                )
        return words

    def mounts(self, root: JsonObject) -> tuple[list[Argument], list[Mount]]:
        """``mounts``: a string as ``--mount`` reads it; an object by its type, source and target."""
        value = self.member(root, "mounts", JsonArray, what="an array")
        strings: list[Argument] = []
        objects: list[Mount] = []
        for entry in value.items if isinstance(value, JsonArray) else ():
            if isinstance(entry, JsonString):
                strings.append(self.traced(entry).argument(entry.span))
            elif isinstance(entry, JsonObject):
                kind, source, target = (self.string(entry, key) for key in ("type", "source", "target"))
                mount_type = kind.value.lower() if kind is not None else "volume"  # as --mount reads type=
                objects.append(
                    Mount(
                        entry.span,
                        mount_type,
                        self.located(source) if source is not None else None,
                        self.located(target) if target is not None else None,
                    )
                )
            else:
                message = f"each entry of 'mounts' must be a string or an object, found {kind_of(entry)}"
                self.problems.append(ParseProblem(entry.span, message))
        return strings, objects

    def environment_entries(self, root: JsonObject, key: str) -> list[tuple[str, Argument]]:
        """``NAME=value`` words for an object of variables, each part located where it is written."""
        value = self.member(root, key, JsonObject, what="an object")
        found = []
        for member in value.members if isinstance(value, JsonObject) else ():
            entry = member.value
            if isinstance(entry, JsonNull):
                continue
            if not isinstance(entry, JsonString):
                message = f"each value of {key!r} must be a string, found {kind_of(entry)}"
                self.problems.append(ParseProblem(entry.span, message))
                continue
            traced = Traced(self.positions).add(member.key.value, member.key.span, member.key, 0)
            traced.add("=", member.key.span.cover(entry.span))
            piece = self.traced(entry)
            traced.unknown = piece.unknown
            for each in piece.pieces:
                traced.add(piece.text[each.at : each.at + each.length], each.span, each.string, each.index)
            found.append((member.key.value, traced.argument(entry.span)))
        return found

    def environment(self, container: Container, key: str) -> None:
        for name, value in self.environment_entries(self.root, key):
            container.environment[name] = value.located(len(name) + 1)

    def build(self, build: JsonObject | None, dockerfile: JsonString) -> BuildSpec:
        """The Dockerfile and its context, both relative to this file's folder (the Dockerfile is
        given as an absolute path: builds are linked from the context)."""
        root = self.root
        context = (self.string(build, "context") if build is not None else None) or self.string(root, "context")
        target = self.string(build, "target") if build is not None else None
        located_dockerfile = self.located(dockerfile)
        if self.directory is not None and isinstance(located_dockerfile.value, str):
            absolute = os.path.normpath(os.path.join(self.directory, located_dockerfile.value))
            located_dockerfile = Located(absolute, located_dockerfile.span)
        args: dict[str, MaybeText] = {}
        for name, value in self.environment_entries(build, "args") if build is not None else ():
            args[name] = value.located(len(name) + 1)
        span = build.span if build is not None else dockerfile.span
        network, entitlements = self.build_options(build)
        return BuildSpec(
            span,
            context=self.located(context) if context is not None else None,
            dockerfile=located_dockerfile,
            target=self.located(target) if target is not None else None,
            args=args,
            directory=self.directory,
            network=network,
            entitlements=entitlements,
        )

    def build_options(self, build: JsonObject | None) -> tuple[MaybeText | None, list[MaybeText]]:
        """``build.options``, words the CLI adds to ``docker build``: the network its RUN steps
        use (``--network host``) and the entitlements it grants (``--allow security.insecure``),
        each value at its word; the last ``--network`` counts."""
        words = self.strings(build, "options") if build is not None else []
        network: MaybeText | None = None
        entitlements: list[MaybeText] = []
        for index, word in enumerate(words):
            name, equals, _ = word.value.partition("=")
            if name not in ("--network", "--allow"):
                continue
            if equals:
                value = self.traced(word).argument(word.span).located(len(name) + 1)
            elif index + 1 < len(words):
                value = self.located(words[index + 1])
            else:
                continue
            if name == "--network":
                network = value
            else:
                entitlements.append(value)
        return network, entitlements

    def users(self, container: Container) -> None:
        """``containerUser`` (``-u``, read with the rest); ``remoteUser`` when it is unset, or when
        it is root and the container's user is not."""
        remote = self.string(self.root, "remoteUser")
        if remote is None:
            return
        user = self.located(remote)
        current = container.user
        if current is None or (
            isinstance(user.value, str)
            and is_root_user(user.value)
            and not (isinstance(current.value, str) and is_root_user(current.value))
        ):
            container.user = user

    def forwarded_ports(self, container: Container) -> None:
        """``forwardPorts``: the editor forwards each to the developer's loopback address; an entry
        ``host:port`` names a port of another container (a Compose service), not this one's."""
        value = self.member(self.root, "forwardPorts", JsonArray, what="an array of ports")
        for entry in value.items if isinstance(value, JsonArray) else ():
            if isinstance(entry, JsonNumber) and isinstance(entry.value, int):
                port = str(entry.value)
            elif isinstance(entry, JsonString) and entry.value.isdigit():
                port = entry.value
            elif isinstance(entry, JsonString):
                continue
            else:
                message = f"each entry of 'forwardPorts' must be a port, found {kind_of(entry)}"
                self.problems.append(ParseProblem(entry.span, message))
                continue
            container.ports.append(PortMapping(entry.span, port, port, "127.0.0.1"))

    def lifecycle(self, container: Container, calls: EngineCalls) -> None:
        for key in (*HOST_COMMANDS, *CONTAINER_COMMANDS):
            value = self.member(
                self.root, key, JsonString, JsonArray, JsonObject, what="a string, an array or an object"
            )
            commands = (
                [member.value for member in value.members]
                if isinstance(value, JsonObject)
                else [value]
                if value is not None
                else []
            )
            for command in commands:
                script = self.command(command, key, calls)
                if script is not None and key in CONTAINER_COMMANDS:
                    exec_command = ExecCommand(command.span, key, script, isinstance(command, JsonString))
                    container.exec_commands.append(exec_command)

    def command(self, command: JsonValue, key: str, calls: EngineCalls) -> ShellScript | None:
        """One lifecycle command: a string ``/bin/sh -c`` runs, or an argv; the engine calls it
        makes join ``calls``."""
        if isinstance(command, JsonString):
            traced = self.traced(command)
            source = ScriptText(traced.text, traced.span_of, traced.exact, expanded=traced.unknown is not None)
            script = parse_shell(source.text, source.span_of, exact=source.exact, expanded=source.expanded)
            add_nested_scripts(script)
            calls.extend(script_calls(script, Origin.SHELL))
            return script
        if isinstance(command, JsonArray):
            words = self.entries(command, key, "a string", JsonString)
            if not words or len(words) != len(command.items):
                return None
            arguments = [self.traced(word).argument(word.span) for word in words]
            calls.extend(read_command(arguments, Origin.SHELL))
            script = arguments_script(arguments)
            nested = ShellScript([pipeline for pipeline in script.pipelines if pipeline.source is not None])
            calls.extend(script_calls(nested, Origin.SHELL))
            return script
        self.problems.append(
            ParseProblem(
                command.span, f"each command of {key!r} must be a string or an array, found {kind_of(command)}"
            )
        )
        return None

    def feature_images(self) -> list[Container]:
        """A container for each feature pulled from a registry, holding its reference: the image
        rules read it as they read an image's (a tag or a digest pins it)."""
        features = self.root.get("features")
        found = []
        for feature in features.members if isinstance(features, JsonObject) else ():
            reference = _feature_reference(feature.key.value)
            if reference is None:
                continue
            span = feature.key.span
            name = reference.repository.rpartition("/")[2]
            found.append(
                Container(
                    f"dev container feature '{name}'",
                    span,
                    Origin.DEVCONTAINER,
                    image=Located(reference, span),
                    # a feature is no container: its settings are the dev container's
                    settings_set_by="the dev container it is installed in",
                    scope=f"devcontainer/feature:{name}",
                )
            )
        return found


def _feature_reference(key: str) -> ImageReference | None:
    """The registry reference a feature's key names; None for a local folder (``./feature``), a
    tarball's URL or an id of the features once built into the editor (``docker-in-docker``)."""
    if key.startswith((".", "/")) or "://" in key or "/" not in key:
        return None
    try:
        reference = ImageReference.parse(key)
    except InvalidReference:
        return None
    return reference if reference.registry is not None else None


def _feature_name(key: str) -> str | None:
    """The name of one of the devcontainers project's features (``docker-in-docker``), by its
    registry reference or the old id the CLI still maps to it; None for any other feature."""
    if "/" not in key:
        return key.partition(":")[0] or None
    reference = _feature_reference(key)
    if reference is None:
        return None
    full = f"{reference.registry}/{reference.repository}"
    return full.removeprefix(_FEATURES) if full.startswith(_FEATURES) else None


def _workspace_folder(file: Path) -> Path:
    """The folder the dev container is for: the one holding ``.devcontainer/`` (for
    ``.devcontainer/devcontainer.json`` and ``.devcontainer/<name>/devcontainer.json``), or
    ``.devcontainer.json``'s own."""
    for folder in (file.parent, file.parent.parent):
        if folder.name == ".devcontainer":
            return folder.parent
    return file.parent
