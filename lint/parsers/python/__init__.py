"""Python modules that start containers, parsed with libcst, onto the container model.

One adapter module a library, each with its own tables and readers, registered in
:data:`LIBRARIES`:

- :mod:`.docker_sdk`: the Docker SDK (docker-py): clients, ``containers.run/create``,
  ``create_container`` with a host config, image builds;
- :mod:`.testcontainers`: ``DockerContainer`` and every other ``…Container`` class, with the
  ``with_*`` methods called on it, and ``DockerImage``;
- :mod:`.whales`: python-on-whales' ``docker.run/create`` and builds;
- :mod:`.subprocess`: ``subprocess``, ``os.system``/``os.popen`` and asyncio running
  ``docker``/``podman``, read by the docker CLI parser.

Import aliases are resolved by libcst's qualified names (``import docker as d``, ``from docker
import from_env``). A call is read by the library that declares a reader for the function or
class it calls, by qualified name; otherwise, for a method, by the library that declares one for
that method on the kind of engine object it is called on (:meth:`Evaluator.object_of`). Values
are evaluated by :mod:`.evaluator`, which follows names through simple assignments and leaves
anything else unresolved, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper

from hullcheck.model.code import PythonFile
from hullcheck.model.container import EngineCalls
from hullcheck.model.span import Span
from hullcheck.parsers.python import docker_sdk, subprocess, testcontainers, whales
from hullcheck.parsers.python.evaluator import Evaluator, Objects
from hullcheck.parsers.python.screen import calls_a_candidate, checked_tree
from hullcheck.parsers.source import ParseProblem

# A call of a name bound to functions of several libraries (imported one way or another in a
# try/except) is read by the first of them that knows one.
LIBRARIES = (subprocess.LIBRARY, whales.LIBRARY, docker_sdk.LIBRARY, testcontainers.LIBRARY)

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def _joined(tables: Iterable[Mapping[_Key, _Value]]) -> dict[_Key, _Value]:
    return {key: value for table in tables for key, value in table.items()}


_OBJECTS = Objects(
    instances=_joined(library.objects.instances for library in LIBRARIES),
    constructors=_joined(library.objects.constructors for library in LIBRARIES),
    attributes=_joined(library.objects.attributes for library in LIBRARIES),
)
_METHODS = _joined(library.methods for library in LIBRARIES)
# What the module must call, by the last part of the name, for libcst to be worth running on it
_CALL_NAMES = frozenset(
    {name.rsplit(".", 1)[-1] for library in LIBRARIES for name in library.functions}
    | {method for _kind, method in _METHODS}
)
_FAMILIES = [family for library in LIBRARIES for family in library.families]


def parse_python(text: str, path: str) -> PythonFile:
    """The engine calls in a Python module; raise ParseProblem when it is not valid Python.

    CPython's parser screens the module first (see :mod:`.screen`): invalid code, code nested too
    deeply for libcst, and modules that call nothing that could start a container never reach it."""
    if not calls_a_candidate(checked_tree(text), _CALL_NAMES, _FAMILIES):
        return PythonFile(path)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise ParseProblem(
            Span.point(error.raw_line, error.raw_column + 1), f"not valid Python: {error.message}"
        ) from None
    evaluator = Evaluator(module, _OBJECTS)
    found = EngineCalls()
    with evaluator.resolve(MetadataWrapper(module, unsafe_skip_copy=True)):
        for call in evaluator.calls:
            found.extend(_read_call(evaluator, call))
    return PythonFile(path, found)


def _read_call(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """What ``call`` asks of an engine, read by the library that knows what it calls."""
    names = evaluator.qualified(call.func)
    reader = next((found for library in LIBRARIES if (found := library.function_reader(names))), None)
    if reader is None and isinstance(call.func, cst.Attribute):
        reader = _METHODS.get((evaluator.object_of(call.func.value), call.func.attr.value))
    return reader(evaluator, call) if reader is not None else EngineCalls()
