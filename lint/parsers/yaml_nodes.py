"""YAML composed to nodes, as Compose files are read: ruamel.yaml's C-accelerated safe parser,
its pure-Python parser where the C one refuses a file, each bounded first (see
hullcheck.parsers.bounds), and what a node is.

Nodes keep line and column marks, nothing is constructed (so no tag can build an object) and
aliases are not expanded.
"""

from __future__ import annotations

import functools
import io
import warnings
from typing import Any

from hullcheck.model.span import Span
from hullcheck.parsers.bounds import BoundExceeded, check_interpolation, check_yaml
from hullcheck.parsers.source import ParseProblem

MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_TAG = "tag:yaml.org,2002:null"


def compose_yaml(text: str, name: str | None = None) -> Any:
    """The YAML node tree of ``text``. ``name``: the display path of another file than the one
    linted, which its nodes' marks then carry, and which the ParseProblem raised names.

    The C parser reads nearly every file; where it refuses one, the pure-Python parser tries
    again: it accepts what Compose's YAML reader accepts and libyaml does not (a ``:`` inside a
    flow plain scalar, ``[no-new-privileges:true]``; an anchor defined twice; an empty flow key).
    The file is invalid only when both refuse it. Files the C parser reads cost nothing more.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    def problem(span: Span, message: str) -> ParseProblem:
        return ParseProblem(Span(span.line, span.column, span.end_line, span.end_column, name), message)

    try:
        return _compose_either(text, name)
    except BoundExceeded as exceeded:
        raise problem(Span.point(exceeded.line, exceeded.column), exceeded.message) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        span = Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1)
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise problem(span, f"invalid YAML: {message}") from None
    except YAMLError as error:
        raise problem(Span.point(1), f"invalid YAML: {error}") from None


def _compose_either(text: str, name: str | None) -> Any:
    """Composed by the C parser, else by the pure one; raises the error of the two that says
    more (see :func:`_further`)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _bounded_compose(text, name, pure=False)
    except MarkedYAMLError as fast_error:
        refused = fast_error
    try:
        with warnings.catch_warnings():  # a reused anchor: allowed by YAML 1.2 and Compose
            warnings.simplefilter("ignore")
            return _bounded_compose(text, name, pure=True)
    except MarkedYAMLError as pure_error:
        refused = _further(pure_error, refused)
    except (YAMLError, AssertionError):  # ``%YAML 1.3``: an assertion of the pure parser fails
        pass
    raise refused


def _bounded_compose(text: str, name: str | None, pure: bool) -> Any:
    yaml = yaml_loader(pure=pure)
    stream: Any = text
    if name is not None:
        stream = io.StringIO(text)
        stream.name = name
    # before composing, on this parser's own events: both composers recurse, the C one on the C stack
    check_yaml(yaml, text)
    check_interpolation(text)
    composer = None if pure else _libyaml_composer()
    if composer is None:
        return yaml.compose(stream)
    composing = composer(stream)
    try:
        return composing.get_single_node()
    finally:
        composing.dispose()


def _further(pure_error: Any, fast_error: Any) -> Any:
    """The error found further into the file: the parser that read more saw the real problem.
    At the same place, the C parser's: Compose's YAML reader is a port of libyaml and words its
    errors the same way."""

    def position(error: Any) -> tuple[int, int]:
        mark = error.problem_mark or error.context_mark
        return (mark.line, mark.column) if mark else (-1, -1)

    return pure_error if position(pure_error) > position(fast_error) else fast_error


@functools.cache
def yaml_loader(*, pure: bool = False) -> Any:
    """One loader for the run: making one scans for plug-ins, which costs more than a small file.
    ``pure``: the pure-Python parser rather than libyaml's."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure)
    yaml.Resolver = _resolver()
    return yaml


@functools.cache
def _libyaml_composer() -> Any:
    """libyaml's parser (ruamel.yaml.clib) composing nodes, with the resolver of
    :func:`yaml_loader` and no constructor: ``YAML.compose`` makes a loader class and a
    constructor for every call, which costs as much as composing a small file. None without
    ruamel.yaml.clib (PyPy)."""
    import ruamel.yaml.main

    parser: Any = getattr(ruamel.yaml.main, "CParser", None)  # as YAML(pure=False) finds it
    if parser is None:
        return None
    resolver = _resolver()

    class Composer(parser, resolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: Any) -> None:
            parser.__init__(self, stream)
            resolver.__init__(self, loadumper=self)

    return Composer


@functools.cache
def _resolver() -> Any:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    implicit_tags: dict[str, Any] = {}  # plain scalars' tags by their text, for all files
    patterns: dict[Any, Any] = {}  # the implicit tags' patterns by YAML version and first character

    class Resolver(VersionedResolver):
        """ruamel.yaml asks, for every scalar, which YAML version the scanner saw; with the C
        parser there is no scanner to ask, and the failed lookups cost half the composing time.
        Only the null and merge tags are read here, and YAML 1.1 and 1.2 agree on them.

        A plain scalar's tag depends on its text alone (no path resolver is added): each text is
        matched against the implicit tags' patterns once, and its nodes share one Tag, which
        nothing changes. Bounded: a file of many distinct scalars refills it. The patterns are
        sorted by first character once for all files, not for each file's parser (a tenth of
        composing a small file)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._version_implicit_resolver = patterns

        @property
        def processing_version(self) -> tuple[int, int]:
            return (1, 2)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or not implicit[0]:
                return super().resolve(kind, value, implicit)
            tag = implicit_tags.get(value)
            if tag is None:
                if len(implicit_tags) >= _IMPLICIT_TAGS_KEPT:
                    implicit_tags.clear()
                tag = implicit_tags[value] = super().resolve(kind, value, implicit)
            return tag

    return Resolver


_IMPLICIT_TAGS_KEPT = 4096  # the corpus's 616 Compose files hold about 4,200 distinct plain scalars


def shape(node: Any) -> str:
    return "mapping" if is_mapping(node) else "list" if is_sequence(node) else "scalar"


def kind_of(node: Any) -> str:
    """What a node is, in a message: a mapping, a list, a number, true or false, a string."""
    if not is_scalar(node):
        return "a mapping" if is_mapping(node) else "a list"
    tag = node.tag or ""
    if tag.endswith((":int", ":float")):
        return "a number"
    if tag.endswith(":bool"):
        return f"a boolean ({node.value})"
    return "nothing" if tag == NULL_TAG else "a string"


def may_construct(text: str) -> bool:
    """Whether ``text`` may tag a node with a Python type: such a tag names ``python``, unless
    a ``%TAG`` directive or a ``%``-escape in a tag spells it otherwise (a cheap test that skips
    the walk over every node for nearly all files)."""
    return "python" in text or "%" in text


def sequence(node: Any) -> list[Any]:
    return list(node.value) if is_sequence(node) else []


def scalar_text(node: Any) -> str:
    return str(node.value) if is_scalar(node) else ""


def is_mapping(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"


def is_sequence(node: Any) -> bool:
    return type(node).__name__ == "SequenceNode"


def is_scalar(node: Any) -> bool:
    return type(node).__name__ == "ScalarNode"
