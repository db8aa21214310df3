"""The short text forms of runtime settings that Compose, the docker CLI and the SDKs share.

``SOURCE:TARGET[:OPTIONS]`` volumes (Compose ``volumes``, ``docker run -v``, docker-py
``volumes=[…]``), ``[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`` ports (Compose ``ports``,
``docker run -p``) and comma-separated ``key=value`` mount fields (``--mount``, ``RUN --mount``).
Each parser locates the parts itself; these functions only split and read them.
"""

from __future__ import annotations

from collections.abc import Callable

from hullcheck.model.container import MaybeText, Mount, PortMapping
from hullcheck.model.span import Located, Span, Unresolved

_READ_ONLY_OPTIONS = {"ro", "readonly"}
PROPAGATIONS = {"shared", "rshared", "slave", "rslave", "private", "rprivate"}


def split_volume_spec(spec: str, braces: bool = False) -> list[tuple[str, int]]:
    """Split at colons as Compose and the docker CLI do, keeping ``C:`` drive letters with their
    paths; each part with the offset where it starts.

    ``braces``: the spec is not yet interpolated, so a colon inside ``${…}`` does not split.
    """
    fields: list[tuple[str, int]] = []
    start = 0
    depth = 0
    i = 0
    while i <= len(spec):
        if i == len(spec):
            fields.append((spec[start:i], start))
        elif braces and spec.startswith("$$", i):
            i += 1
        elif braces and spec.startswith("${", i):
            depth += 1
            i += 1
        elif depth and spec[i] == "}":
            depth -= 1
        elif not depth and spec[i] == ":":
            is_drive = i - start == 1 and spec[start].isalpha() and spec[i + 1 : i + 2] in ("\\", "/")
            if not is_drive:
                fields.append((spec[start:i], start))
                start = i + 1
        i += 1
    return fields


def short_volume(span: Span, written: list[str], part: Callable[[int], MaybeText]) -> Mount:
    """The mount ``SOURCE:TARGET[:OPTIONS]`` describes; ``written`` holds its parts as written
    and ``part(i)`` the located value of part ``i``. One part alone is an anonymous volume."""
    if len(written) == 1:
        return Mount(span, "volume", None, part(0))
    source, target = part(0), part(1)
    option_text = part(2).value if len(written) > 2 else ""
    options = set(option_text.split(",")) if isinstance(option_text, str) else set()
    propagation_names = options & PROPAGATIONS
    propagation = Located(sorted(propagation_names)[0], part(2).span) if propagation_names else None
    mount_type = "bind" if is_host_path(written[0]) else "volume"
    if is_pipe(written[0]):
        mount_type = "npipe"
    return Mount(span, mount_type, source, target, bool(options & _READ_ONLY_OPTIONS), propagation)


def is_host_path(source: str) -> bool:
    """A volume source that names a host path (not a named volume)."""
    return source.startswith((".", "/", "~", "\\", "$")) or (
        len(source) > 1 and source[1] == ":" and source[0].isalpha()
    )


def is_pipe(source: str) -> bool:
    return source.replace("\\", "/").lower().startswith("//./pipe/")


def short_port(spec: str, span: Span, interpolate: Callable[[str], str | Unresolved] | None = None) -> PortMapping:
    """``[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]``; an IPv6 host is bracketed.

    ``interpolate``: ``spec`` is the text as written; colons and slashes inside ``${…}`` do
    not split it, and each part is interpolated on its own."""
    masked = mask_variables(spec) if interpolate else spec

    def value(start: int, end: int) -> str | Unresolved | None:
        text = spec[start:end]
        if not text:
            return None
        return interpolate(text) if interpolate else text

    slash = masked.find("/")
    body_end = len(spec) if slash == -1 else slash
    protocol = value(body_end + 1, len(spec)) if slash != -1 else None
    host_ip: str | Unresolved | None = None
    start = 0
    if masked.startswith("["):
        close = masked.find("]")
        host_ip, start = value(1, close), close + 2
    colons = [index for index in range(start, body_end) if masked[index] == ":"]
    colons = colons[-1:] if masked.startswith("[") else colons[-2:]
    if len(colons) == 2:
        host_ip = value(start, colons[0])
        start = colons[0] + 1
    published = value(start, colons[-1]) if colons else None
    target = value(colons[-1] + 1 if colons else start, body_end) or ""
    return PortMapping(span, target, published, host_ip, protocol or "tcp")


def mask_variables(spec: str) -> str:
    """``spec`` with the inside of each ``${…}`` blanked, so its colons and slashes do not split."""
    out = list(spec)
    depth = 0
    i = 0
    while i < len(spec):
        if spec.startswith("$$", i):
            i += 2
            continue
        if spec.startswith("${", i):
            depth += 1
            out[i] = out[i + 1] = "_"
            i += 2
            continue
        if depth:
            depth -= spec[i] == "}"
            out[i] = "_"
        i += 1
    return "".join(out)


def csv_fields(text: str) -> list[tuple[str, int]]:
    """The non-empty comma-separated fields of ``text`` (a quoted field keeps its commas), each
    with the offset where it starts."""
    fields: list[tuple[str, int]] = []
    start = 0
    quote = ""
    for index, char in enumerate(text):
        if char in "'\"" and (not quote or quote == char):
            quote = "" if quote else char
        elif char == "," and not quote:
            fields.append((text[start:index], start))
            start = index + 1
    fields.append((text[start:], start))
    return [(field_text, offset) for field_text, offset in fields if field_text]


MOUNT_SOURCE_KEYS = ("source", "src")
MOUNT_TARGET_KEYS = ("target", "dst", "destination")


def mount_fields(fields: list[tuple[str, Span]]) -> tuple[dict[str, Located[str]], dict[str, bool]]:
    """The ``key=value`` options (values dequoted, located) and the ``ro``/``rw``/``readonly``
    switches (which may stand alone or take true/false) of a ``--mount`` value's fields."""
    options: dict[str, Located[str]] = {}
    switches: dict[str, bool] = {}
    for field_text, span in fields:
        key, equals, value = field_text.partition("=")
        key = key.strip().lower()
        if key in ("readonly", "ro", "rw", "readwrite"):
            switches[key] = value.strip().lower() in ("", "true", "1")
        elif equals:
            exact = span.line == span.end_line and span.end_column - span.column == len(field_text)
            value_span = span
            if exact:
                value_span = span.at(span.line, span.column + len(key) + 1, span.end_line, span.end_column)
            options[key] = Located(value.strip("\"'"), value_span)
    return options, switches


def first_option(options: dict[str, Located[str]], keys: tuple[str, ...]) -> Located[str] | None:
    return next((options[key] for key in keys if key in options), None)
