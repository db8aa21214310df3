"""The settings several libraries spell alike, onto the container model: a container's image,
command and environment, ``(host, container[, mode])`` volume mappings, image builds and the
address a client is given."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

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
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Unresolved
from hullcheck.parsers.docker_cli import arguments_script, environment_entry
from hullcheck.parsers.python.evaluator import Evaluator, argument, keyword_argument
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.specs import PROPAGATIONS, is_host_path, is_pipe


def started_container(evaluator: Evaluator, call: cst.Call, origin: Origin) -> Container:
    """A container from ``run(image, command, …)``: the two positionals the Docker SDK and
    python-on-whales share."""
    container = Container(f"{evaluator.code(call.func)}()", evaluator.span(call), origin)
    image = argument(call, 0, "image")
    if image is not None:
        set_image(evaluator, container, image)
    command_node = argument(call, 1, "command")
    if command_node is not None:
        container.command = command(evaluator, command_node)
    return container


def set_image(evaluator: Evaluator, container: Container, node: cst.BaseExpression) -> None:
    located = evaluator.text(node)
    if isinstance(located.value, Unresolved):
        container.image = Located(located.value, located.span)
        return
    try:
        container.image = Located(ImageReference.parse(located.value), located.span)
    except InvalidReference:
        container.invalid_image = Located(located.value, located.span)


def command(evaluator: Evaluator, node: cst.BaseExpression) -> ShellScript | None:
    """A command as an argv list, or a string split into words as shlex splits it, which expands
    nothing: ``sh -c "ls $HOME"`` hands ``ls $HOME`` to the shell as written."""
    items = evaluator.elements(node)
    if items is not None:
        words = [evaluator.word(item) for item in items]
        return arguments_script(words) if words else None
    word = evaluator.word(node)
    if word.unknown:
        return None
    script = parse_shell(word.text, word.span_of, exact=word.exact)
    add_nested_scripts(script, expands=False)
    return script


def environment(evaluator: Evaluator, node: cst.BaseExpression) -> dict[str, MaybeText]:
    """``{"NAME": value}`` or ``["NAME=value"]``."""
    found: dict[str, MaybeText] = {}
    pairs = evaluator.entries(node)
    if pairs is None:
        for item in evaluator.elements(node) or []:
            found.update(environment_entry(evaluator.text(item)))
        return found
    for key, value in pairs:
        name = evaluator.key_text(key)
        if name is None:
            continue
        if evaluator.is_none(value):
            reason = f"{name} takes its value from the environment"
            found[name] = Located(Unresolved("", reason), evaluator.span(value))
        else:
            found[name] = evaluator.text(value)
    return found


def volume_mapping(
    evaluator: Evaluator, node: cst.CSTNode, parts: Sequence[cst.BaseExpression], default_mode: str = "ro"
) -> Mount:
    """``(host, container[, mode])``: testcontainers' mode is read-only unless given,
    python-on-whales' read-write."""
    source = evaluator.text(parts[0])
    target = evaluator.text(parts[1])
    mode = evaluator.text(parts[2]).value if len(parts) > 2 else default_mode
    options = set(mode.split(",")) if isinstance(mode, str) else set()
    propagation = None
    if len(parts) > 2 and options & PROPAGATIONS:
        propagation = Located(sorted(options & PROPAGATIONS)[0], evaluator.span(parts[2]))
    return Mount(evaluator.span(node), mount_type(source), source, target, "ro" in options, propagation)


def mount_type(source: MaybeText) -> str:
    """What a mount of ``source`` is without a type given: a host path binds, a name is a volume."""
    text = source.value.text if isinstance(source.value, Unresolved) else source.value
    if is_pipe(text):
        return "npipe"
    return "bind" if is_host_path(text) else "volume"


def image_build(evaluator: Evaluator, call: cst.Call, context_name: str, args_name: str, origin: Origin) -> EngineCalls:
    """A build of an image from a context folder, with build arguments; ``context_name`` and
    ``args_name`` are the library's names for the two."""
    context = argument(call, 0, context_name)
    build_args: dict[str, MaybeText] = {}
    given = keyword_argument(call, args_name)
    if given is not None:
        build_args = environment(evaluator, given.value)
    dockerfile = (
        keyword_argument(call, "dockerfile")
        or keyword_argument(call, "dockerfile_path")
        or keyword_argument(call, "file")
    )
    target = keyword_argument(call, "target")
    spec = BuildSpec(
        evaluator.span(call),
        evaluator.text(context) if context is not None else None,
        evaluator.text(dockerfile.value) if dockerfile is not None else None,
        evaluator.text(target.value) if target is not None else None,
        build_args,
    )
    return EngineCalls(builds=[ImageBuild(f"{evaluator.code(call.func)}()", evaluator.span(call), origin, spec)])


def engine_client(
    evaluator: Evaluator,
    call: cst.Call,
    origin: Origin,
    host: cst.BaseExpression | None,
    tls: Located[bool | Unresolved] | None,
) -> EngineCalls:
    """A client given its engine's address (and whether it verifies TLS); one given no address
    uses the environment's, which is not the code's to show."""
    if host is None:
        return EngineCalls()
    located = evaluator.text(host)
    subject = f"{evaluator.code(call.func)}()"
    return EngineCalls(clients=[EngineClient(subject, located.span, origin, located, tls)])
