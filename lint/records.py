"""``Record``: the model's dataclasses, without the start-up cost of :mod:`dataclasses`.

:func:`dataclasses.dataclass` compiles five methods per class from generated source with
``exec`` when the class is defined: for the ~190 classes of the model, engine and rules that was
half of a cold run of ``hullcheck Dockerfile`` (and the module imports :mod:`inspect`). A class
statement that names :class:`Record` among its bases, ``class Span(Record, frozen=True,
slots=True):``, takes dataclass's options as class keywords and gives the same class — fields,
defaults and factories, ``__slots__``, ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
ordering, frozen instances that pickle — but only ``__init__`` is compiled, and only when the
class is first instantiated (a run makes objects of a fraction of the classes it imports); the
other methods are shared functions or closures over the field names. The metaclass puts them,
the fields' slots included, in the namespace before the class is made, so each record class is
made once (a decorator must make a class with slots a second time). Type checkers read it as a
dataclass (:func:`typing.dataclass_transform`).

:func:`fields`, :func:`replace` and :func:`is_record` stand for their :mod:`dataclasses` namesakes.
"""

from __future__ import annotations

import reprlib
import sys
from collections.abc import Callable, Iterable
from operator import attrgetter

from hullcheck.generics import TypeVar

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing has dataclass_transform from Python 3.11; at run time it only marks the class
    from typing import Any, overload

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda decorated: decorated


__all__ = ["MISSING", "Field", "FrozenInstanceError", "Record", "RecordMeta", "field", "fields", "is_record", "replace"]

T = TypeVar("T")


class _Missing:
    """No default: a field the caller must give."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """An attribute of a frozen record was assigned or deleted."""


class Field:
    """One field of a record class: its name, annotation, default and roles."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        init: bool,
        repr: bool,
        compare: bool,
    ) -> None:
        self.name = ""
        self.type: object = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, default_factory={self.default_factory!r})"


if TYPE_CHECKING:

    @overload
    def field(*, default: T, init: bool = True, repr: bool = True, compare: bool = True) -> T: ...
    @overload
    def field(*, default_factory: Callable[[], T], init: bool = True, repr: bool = True, compare: bool = True) -> T: ...
    @overload
    def field(*, init: bool = True, repr: bool = True, compare: bool = True) -> Any: ...


def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field's default, default factory and roles, as :func:`dataclasses.field` takes them."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, compare)


class RecordMeta(type):
    """The metaclass of :class:`Record`: a class statement naming Record among its bases makes a
    record class in one ``type.__new__``, with its fields, methods and ``__slots__`` already in
    the namespace (slots can only be given when a class is made). The class made is a plain one,
    of metaclass ``type`` and without Record among its bases: CPython's isinstance takes a slow
    path for a class of any other metaclass (its ``__instancecheck__`` looked up and called: 72
    ns against 29 a call that fails), and rules make thousands of those calls in a re-lint. So
    a record's subclass names Record again, with its keywords; a subclass that does not stays a
    plain subclass, as a subclass of a dataclass that is not decorated again."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **options: bool) -> Any:
        if not bases:  # Record itself
            return super().__new__(mcls, name, bases, namespace)
        _record_namespace(name, bases, namespace, **options)
        return type(name, tuple(base for base in bases if base is not Record), namespace)


@dataclass_transform(field_specifiers=(field,))
class Record(metaclass=RecordMeta):
    """What a class statement names among its bases to make a record class, which takes
    ``dataclass``'s options as class keywords: ``class Span(Record, frozen=True, slots=True):``,
    ``class Interpolated(Located[T_co], Record, frozen=True, slots=True):``. The class made does
    not inherit from it (see RecordMeta). Type checkers read every subclass as a record class
    (PEP 681), a plain subclass of a record too."""


def fields(class_or_instance: object) -> tuple[Field, ...]:
    """The record's fields, in ``__init__`` order."""
    try:
        return tuple(getattr(class_or_instance, _FIELDS).values())
    except AttributeError:
        raise TypeError("must be called with a record class or instance") from None


def is_record(obj: object) -> bool:
    """Whether ``obj`` is a record class or an instance of one."""
    return hasattr(obj if isinstance(obj, type) else type(obj), _FIELDS)


def replace(obj: T, /, **changes: Any) -> T:
    """A new record like ``obj`` with ``changes`` to its fields, as :func:`dataclasses.replace`
    (or as its class's ``__replace__`` makes it, as :func:`copy.replace` does)."""
    own_replace = getattr(type(obj), "__replace__", None)
    if own_replace is not None:
        return own_replace(obj, **changes)  # type: ignore[no-any-return]
    for item in fields(obj):
        if not item.init:
            if item.name in changes:
                raise ValueError(
                    f"field {item.name} is declared with init=False, it cannot be specified with replace()"
                )
        elif item.name not in changes:
            changes[item.name] = getattr(obj, item.name)
    return type(obj)(**changes)


_FIELDS = "__record_fields__"
_INIT_OPTIONS = "__record_init__"  # (frozen, slots) of a record class whose __init__ is made from its fields
_NOT_FIELDS = frozenset({"ClassVar", "typing.ClassVar"})


def _is_class_variable(annotation: object) -> bool:
    if isinstance(annotation, str):  # ``from __future__ import annotations``
        return "ClassVar" in annotation and annotation.partition("[")[0].strip() in _NOT_FIELDS
    typing = sys.modules.get("typing")  # imported by whoever wrote typing.ClassVar itself
    return typing is not None and (annotation is typing.ClassVar or typing.get_origin(annotation) is typing.ClassVar)


def _collect_fields(bases: tuple[type, ...], namespace: dict[str, Any]) -> dict[str, Field]:
    """The base records' fields, then the class's own annotated ones (a redeclared field keeps its place)."""
    # as dataclasses, the fields of each record class in the MRO, last first: those of the one
    # base record (its own include its bases'), or in the order of the MRO of several
    records = [base for base in bases if hasattr(base, _FIELDS)]
    if len(records) == 1:
        collected: dict[str, Field] = dict(getattr(records[0], _FIELDS, {}))
    else:
        collected = {}
        for base in reversed(_method_resolution_order(bases) if records else ()):
            collected.update(base.__dict__.get(_FIELDS, {}))
    for name, annotation in namespace.get("__annotations__", {}).items():
        if (not isinstance(annotation, str) or "ClassVar" in annotation) and _is_class_variable(annotation):
            continue
        value = namespace.get(name, MISSING)
        item = value if isinstance(value, Field) else Field(value, MISSING, True, True, True)
        item.name = name
        item.type = annotation
        collected[name] = item
    seen_default = False
    for item in collected.values():
        if item.init:
            if item.default is not MISSING or item.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {item.name!r} follows default argument")
    return collected


def _method_resolution_order(bases: tuple[type, ...]) -> list[type]:
    """The classes a class of ``bases`` inherits from, in the order of its MRO (C3, as
    ``type.mro`` makes it once the class exists)."""
    sequences = [list(base.__mro__) for base in bases] + [list(bases)]
    merged: list[type] = []
    while sequences := [sequence for sequence in sequences if sequence]:
        head = next((s[0] for s in sequences if not any(s[0] in other[1:] for other in sequences)), None)
        if head is None:  # no consistent order: type.__new__ says so
            break
        merged.append(head)
        for sequence in sequences:
            if sequence[0] is head:
                del sequence[0]
    return merged


_ORDER = {"__lt__": tuple.__lt__, "__le__": tuple.__le__, "__gt__": tuple.__gt__, "__ge__": tuple.__ge__}


def _record_namespace(
    name: str,
    bases: tuple[type, ...],
    namespace: dict[str, Any],
    *,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    frozen: bool = False,
    slots: bool = False,
) -> None:
    """Turn the namespace of a class statement into that of a record class before the class is
    made: the methods the class does not write itself, as with dataclasses, and its fields."""
    record_fields = _collect_fields(bases, namespace)
    _check_frozen_bases(bases, frozen)
    if slots and "__slots__" in namespace:
        raise TypeError(f"{name} already specifies __slots__")
    class_hash = namespace.get("__hash__", MISSING)
    has_explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in namespace))
    if init and "__init__" not in namespace:
        namespace["__init__"] = _lazy_init
        namespace[_INIT_OPTIONS] = (frozen, slots)
    if repr and "__repr__" not in namespace:
        namespace["__repr__"] = _record_repr
    if eq or order:
        key = _key(record_fields)
        if eq and "__eq__" not in namespace:
            namespace["__eq__"] = _comparison(key, tuple.__eq__)
        if order:
            for method_name, compare in _ORDER.items():
                if method_name not in namespace:
                    namespace[method_name] = _comparison(key, compare)
        if eq and not has_explicit_hash:
            namespace["__hash__"] = _hash_method(key) if frozen else None
    if frozen:
        for method_name in ("__setattr__", "__delattr__"):
            if method_name in namespace:
                raise TypeError(f"cannot overwrite attribute {method_name} in class {name}")
        namespace["__setattr__"] = _frozen_setattr
        namespace["__delattr__"] = _frozen_delattr
        if slots:  # the default reduction restores slots with setattr, which a frozen record refuses
            namespace["__getstate__"] = _getstate
            namespace["__setstate__"] = _setstate
    if slots:  # slots for the fields, which then hold no defaults
        inherited: set[str] = set()
        for base in bases:
            for ancestor in base.__mro__[:-1]:
                slot_names = ancestor.__dict__.get("__slots__", ())
                inherited.update((slot_names,) if isinstance(slot_names, str) else slot_names)
        for field_name in record_fields:
            namespace.pop(field_name, None)
        namespace["__slots__"] = tuple(field_name for field_name in record_fields if field_name not in inherited)
    else:
        for field_name, item in record_fields.items():
            if field_name in namespace:  # as dataclasses: a default stays a class attribute
                if item.default is MISSING:
                    del namespace[field_name]
                else:
                    namespace[field_name] = item.default
    namespace[_FIELDS] = record_fields
    namespace.setdefault("__match_args__", tuple(field_name for field_name, item in record_fields.items() if item.init))


def _check_frozen_bases(bases: tuple[type, ...], frozen: bool) -> None:
    """As dataclasses: a record with record bases is frozen when they are, and only then (an
    instance of a frozen record would be mutable as one of a mutable subclass; a frozen record
    could not set the fields of a mutable base). A base record was checked against its own."""
    record_bases = [base for base in bases if hasattr(base, _FIELDS)]
    if not record_bases:
        return
    any_frozen = any(getattr(base, "__setattr__", None) is _frozen_setattr for base in record_bases)
    if any_frozen and not frozen:
        raise TypeError("cannot inherit non-frozen record from a frozen one")
    if frozen and not any_frozen:
        raise TypeError("cannot inherit frozen record from a non-frozen one")


def _key(record_fields: dict[str, Field]) -> Callable[[object], tuple[object, ...]]:
    """What equality, hashing and ordering compare: the values of the compared fields, as a tuple."""
    names = tuple(name for name, item in record_fields.items() if item.compare)
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple of it
        value_of = attrgetter(names[0])
        return lambda instance: (value_of(instance),)
    return attrgetter(*names) if names else lambda instance: ()


def _lazy_init(self: object, *args: object, **kwargs: object) -> None:
    """The ``__init__`` of every record class until its first instance, which compiles the real
    one and puts it in its place, in the class that holds this one (the first in the instance's
    MRO: a subclass that is no record, or a record's own ``__init__`` calling ``super().__init__``,
    reaches it through another). One function for every class: making one for each was a part of
    every class's start."""
    owner = next(owner for owner in type(self).__mro__ if owner.__dict__.get("__init__") is _lazy_init)
    frozen, slots = owner.__dict__[_INIT_OPTIONS]
    real = _compile_init(owner, owner.__dict__[_FIELDS], frozen=frozen, slots=slots)
    type.__setattr__(owner, "__init__", real)
    real(self, *args, **kwargs)


def _compile_init(cls: type, record_fields: dict[str, Field], *, frozen: bool, slots: bool) -> Callable[..., None]:
    """``__init__`` of the record: what :mod:`dataclasses` generates for the same fields, taken
    from :mod:`hullcheck.record_inits` when it holds it (compiled ahead, read as bytecode)."""
    from hullcheck import record_inits

    source, scope = _init_source(cls, record_fields, frozen=frozen, slots=slots)
    ahead = record_inits.FACTORIES.get(source)
    if ahead is not None:
        made: Callable[..., None] = ahead(**scope)
    else:
        exec(compile(source, f"<record {cls.__module__}.{cls.__qualname__}>", "exec"), scope)
        made = scope["__init__"]  # type: ignore[assignment]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _init_source(
    cls: type, record_fields: dict[str, Field], *, frozen: bool, slots: bool
) -> tuple[str, dict[str, object]]:
    """The source of the record's ``__init__``, and the names it reads besides its parameters."""
    if "self" in record_fields:
        raise TypeError(f"{cls.__qualname__}: a record field cannot be named 'self'")
    scope: dict[str, object] = {"__object_setattr": object.__setattr__, "__factory_default": _FACTORY_DEFAULT}
    parameters = ["self"]
    body = []
    for name, item in record_fields.items():
        default = f"__default_{name}"
        if item.default_factory is not MISSING:
            scope[default] = item.default_factory
            value = f"{default}() if {name} is __factory_default else {name}" if item.init else f"{default}()"
        elif item.init:
            value = name
            if item.default is not MISSING:
                scope[default] = item.default
        elif slots and item.default is not MISSING:
            scope[default] = item.default
            value = default
        else:
            continue  # not set here: reading it gives the class attribute that holds the default
        if item.init:
            given = (
                "__factory_default"
                if item.default_factory is not MISSING
                else default
                if item.default is not MISSING
                else None
            )
            parameters.append(name if given is None else f"{name}={given}")
        body.append(f"__object_setattr(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    return f"def __init__({', '.join(parameters)}):\n    " + "\n    ".join(body or ["pass"]), scope


def record_inits_module(classes: Iterable[type]) -> str:
    """The text of :mod:`hullcheck.record_inits` for ``classes``: for each ``__init__`` source a
    record class of theirs compiles, a function that makes it from the names it reads."""
    import zlib

    made: dict[str, list[str]] = {}
    for cls in classes:
        if _INIT_OPTIONS in cls.__dict__:
            frozen, slots = cls.__dict__[_INIT_OPTIONS]
            source, scope = _init_source(cls, cls.__dict__[_FIELDS], frozen=frozen, slots=slots)
            made.setdefault(source, list(scope))
    lines = [
        '"""The ``__init__`` of every record class, compiled ahead of time (generated by',
        "hullcheck.records.record_inits_module: do not edit; a stale entry is only slower, as the",
        "record compiles its own. Regenerate: HULLCHECK_UPDATE_GOLDEN=1 pytest tests/test_records.py).",
        '"""',
        "",
        "# ruff: noqa",
        "# mypy: ignore-errors",
        "",
        "from collections.abc import Callable",
        "",
    ]
    names = {source: f"_{zlib.crc32(source.encode()):08x}" for source in sorted(made)}  # stable as others change
    for source, name in names.items():
        factory = f"def {name}({', '.join(made[source])}):"
        lines += ["", factory, *(f"    {line}" for line in source.splitlines()), "    return __init__", ""]
    lines += [
        "",
        "FACTORIES: dict[str, Callable[..., Callable[..., None]]] = {",
        *(f"    {source!r}: {name}," for source, name in names.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


_FACTORY_DEFAULT: Any = object()  # the default of a parameter whose field has a default factory


@reprlib.recursive_repr()
def _record_repr(self: object) -> str:
    """A record's ``__repr__``: its class's name and the fields it shows (one function for every
    class: making one for each was a part of every class's start)."""
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, item in getattr(self, _FIELDS).items() if item.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _comparison(
    key: Callable[[object], tuple[object, ...]], compare: Callable[[tuple[object, ...], tuple[object, ...]], bool]
) -> Callable[[object, object], bool]:
    def method(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compare(key(self), key(other))
        return NotImplemented  # type: ignore[no-any-return]

    return method


def _hash_method(key: Callable[[object], tuple[object, ...]]) -> Callable[[object], int]:
    return lambda self: hash(key(self))


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> list[object]:
    return [getattr(self, name) for name in getattr(self, _FIELDS)]


def _setstate(self: object, state: list[object]) -> None:
    for name, value in zip(getattr(self, _FIELDS), state, strict=True):
        object.__setattr__(self, name, value)
