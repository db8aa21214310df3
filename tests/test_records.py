"""A ``hullcheck.records.Record`` class behaves as a ``dataclasses.dataclass`` for what the model uses.

Each case declares the same class twice, as a dataclass and as a record with the same options,
and compares what they do.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import os
import pickle
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

import pytest

import hullcheck
from hullcheck import record_inits, records
from hullcheck.records import Record, field

T = TypeVar("T")


def _pair(**options: bool) -> tuple[type, type]:
    """A class with every kind of field, made by ``dataclass`` and as a ``Record`` with ``options``."""

    def declare(bases: tuple[type, ...], field_of: object, keywords: dict[str, bool]) -> type:
        class Kinds(*bases, **keywords):  # type: ignore[misc]
            """Fields of every kind."""

            kind: ClassVar[str] = "kinds"
            name: str
            count: int = 0
            items: list[int] = field_of(default_factory=list)  # type: ignore[operator]
            note: str = field_of(default="", compare=False, repr=False)  # type: ignore[operator]
            derived: int = field_of(default=7, init=False)  # type: ignore[operator]

        return Kinds

    return dataclasses.dataclass(**options)(declare((), dataclasses.field, {})), declare((Record,), field, options)


OPTIONS = [
    {"frozen": True, "slots": True},
    {"slots": True},
    {"slots": True, "eq": False},
    {"frozen": True, "slots": True, "eq": False},
    {"eq": False},
    {"frozen": True, "slots": True, "order": True},
    {},
]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_a_record_does_what_a_dataclass_does(options: dict[str, bool]) -> None:
    as_dataclass, as_record = _pair(**options)
    for kind in (as_dataclass, as_record):
        assert kind.kind == "kinds"
    made = [(kind("a"), kind("a", 2, [1], "x"), kind(name="b", items=[3])) for kind in (as_dataclass, as_record)]
    for expected, actual in zip(*made, strict=True):
        assert repr(actual) == repr(expected)
        assert (actual.name, actual.count, actual.items, actual.note, actual.derived) == (
            expected.name,
            expected.count,
            expected.items,
            expected.note,
            expected.derived,
        )
        assert [item.name for item in records.fields(actual)] == [item.name for item in dataclasses.fields(expected)]
        assert records.is_record(actual) and records.is_record(type(actual)) and not records.is_record(expected)
    dataclass_objects, record_objects = made
    for left in range(3):
        for right in range(3):
            assert (record_objects[left] == record_objects[right]) == (
                dataclass_objects[left] == dataclass_objects[right]
            )
            if options.get("order"):
                assert (record_objects[left] < record_objects[right]) == (
                    dataclass_objects[left] < dataclass_objects[right]
                )
    assert (as_record.__hash__ is None) == (as_dataclass.__hash__ is None)
    # slots: no instance __dict__ or __weakref__, as dataclass(slots=True) makes them (not read off
    # its instances: on Python 3.11.2, which CI runs, such a class keeps the first class's
    # __weakref__ descriptor, and reading it from an instance raises TypeError; 3.11.7 does not)
    for attribute in ("__dict__", "__weakref__"):
        assert hasattr(as_record("a"), attribute) is not options.get("slots", False)
    assert as_record.__match_args__ == as_dataclass.__match_args__
    assert as_record("a", note="x") == as_record("a", note="y") or not options.get("eq", True)
    # a default factory makes a new object for each instance
    assert as_record("a").items is not as_record("a").items


def test_a_frozen_record_refuses_changes_and_hashes_by_its_compared_fields() -> None:
    class Frozen(Record, frozen=True, slots=True):
        name: str
        note: str = field(default="", compare=False)

    made = Frozen("a")
    with pytest.raises(records.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del made.name  # type: ignore[misc]
    assert hash(made) == hash(Frozen("a", note="other"))
    assert {made, Frozen("a")} == {made}


def test_a_frozen_record_pickles_and_copies() -> None:
    made = Pickled("a", 2, [1], "x")
    for copied in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert repr(copied) == repr(made) and copied == made and copied.note == "x"


class Pickled(Record, frozen=True, slots=True):
    """A module-level record, so pickle can find it."""

    name: str
    count: int = 0
    items: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False)


class Base(Record, frozen=True, slots=True):
    """A base record."""

    first: int
    second: str = "s"


class Derived(Base, Record, frozen=True, slots=True):
    """A record that adds a field and gives a base field a new default."""

    first: int = 1
    third: tuple[int, ...] = ()


class Box(Generic[T], Record, frozen=True, slots=True):
    """A generic record, as Located is."""

    value: T


def test_fields_of_a_base_come_first_and_keep_their_place_when_redeclared() -> None:
    assert [item.name for item in records.fields(Derived)] == ["first", "second", "third"]
    assert Derived() == Derived(1, "s", ())
    assert repr(Derived(2, third=(3,))) == "Derived(first=2, second='s', third=(3,))"
    assert Derived.__slots__ == ("third",)  # the base's slots hold the others
    assert Box[int](3).value == 3 and Box(3) == Box(3) and Box(3) != Box(4)


def test_a_class_variable_is_no_field_whether_its_annotation_is_a_string_or_typing_s() -> None:
    for class_variables in (
        {"kind": "ClassVar[str]", "plain": "typing.ClassVar"},
        {"kind": ClassVar[str], "plain": ClassVar},
    ):
        namespace = {"__annotations__": {"value": int, **class_variables}, "kind": "k", "plain": 1}
        made = records.RecordMeta("Made", (Record,), namespace)
        assert [item.name for item in records.fields(made)] == ["value"]


def test_a_subclass_is_a_record_of_its_own_when_it_says_so() -> None:
    class Plain(Base):
        """A subclass of a record, as MovingSpan is: it keeps the record's fields and methods."""

        def double(self) -> int:
            return 2 * self.first

    class Again(Base, Record, frozen=True, order=True):
        """A subclass that is a record again, with options of its own."""

        fourth: int = 4

    assert "__record_fields__" not in Plain.__dict__ and Plain(3).double() == 6 and hash(Plain(3)) == hash(Base(3))
    assert [item.name for item in records.fields(Again)] == ["first", "second", "fourth"]
    assert repr(Again(1)).endswith("<locals>.Again(first=1, second='s', fourth=4)") and Again(1) < Again(2)
    with pytest.raises(TypeError):  # keywords without Record: no record is made, none is silently wrong

        class Unsaid(Base, frozen=True):
            fifth: int = 5


def test_a_record_class_is_a_plain_class_for_isinstance() -> None:
    # CPython's isinstance takes its fast path only for classes whose metaclass is type
    assert type(Base) is type and type(Derived) is type
    assert Record not in Base.__mro__ and Record not in Derived.__mro__ and Base in Derived.__mro__
    assert isinstance(Derived(), Base) and not isinstance(Base(1), Derived)


def test_fields_of_several_base_records_come_in_the_order_of_the_mro_as_with_dataclasses() -> None:
    def declare(make: object, *keywords: dict[str, bool]) -> list[str]:
        def made(name: str, bases: tuple[type, ...], annotations: dict[str, str]) -> type:
            namespace = {"__annotations__": annotations, **dict.fromkeys(annotations, 0)}
            if make is dataclasses.dataclass:
                return dataclasses.dataclass(type(name, bases, namespace))
            return records.RecordMeta(name, (*bases, Record), namespace)

        top = made("Top", (), {"a": "int", "b": "int"})
        left = made("Left", (top,), {"c": "int", "a": "int"})
        right = made("Right", (top,), {"d": "int", "b": "int"})
        bottom = made("Bottom", (left, right), {"e": "int"})
        items = dataclasses.fields(bottom) if make is dataclasses.dataclass else records.fields(bottom)
        return [item.name for item in items]

    assert declare(Record) == declare(dataclasses.dataclass) == ["a", "b", "d", "c", "e"]


def test_a_record_class_is_made_once() -> None:
    made: list[type] = []

    class Counted:
        def __init_subclass__(cls) -> None:
            made.append(cls)

    class Once(Counted, Record, frozen=True, slots=True):
        value: int

        def __repr__(self) -> str:  # super() without arguments finds the class that is kept
            return f"once {super().__repr__()}"

    assert made == [Once]
    assert repr(Once(1)).startswith("once <")


def test_a_method_the_class_writes_is_kept_and_post_init_runs() -> None:
    class Own(Record, slots=True):
        value: int
        seen: list[int] = field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.value)

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(3)) == "own" and Own(3).seen == [3]


def test_init_is_compiled_at_the_first_instance_and_then_put_in_place() -> None:
    class Late(Record, frozen=True, slots=True):
        value: int

    lazy = Late.__dict__["__init__"]
    assert Late(1).value == 1
    assert Late.__dict__["__init__"] is not lazy
    assert Late(2).value == 2


def test_replace_makes_a_new_record_and_refuses_a_field_outside_init() -> None:
    _, as_record = _pair(frozen=True, slots=True)
    made = as_record("a", 1, [2])
    changed = records.replace(made, count=5)
    assert (changed.name, changed.count, changed.items) == ("a", 5, [2]) and made.count == 1
    with pytest.raises(ValueError, match="init=False"):
        records.replace(made, derived=1)


def test_a_required_field_after_a_default_is_refused_as_by_dataclasses() -> None:
    with pytest.raises(TypeError, match="non-default argument 'late' follows default argument"):

        class Wrong(Record):
            early: int = 0
            late: int  # type: ignore[misc]


@pytest.mark.parametrize("make", ["record", "dataclass"])
def test_frozen_and_mutable_records_do_not_inherit_from_each_other_as_with_dataclasses(make: str) -> None:
    def made(name: str, bases: tuple[type, ...], frozen: bool) -> type:
        namespace = {"__annotations__": {name.lower(): "int"}, name.lower(): 0}
        if make == "dataclass":
            return dataclasses.dataclass(frozen=frozen)(type(name, bases, namespace))
        return records.RecordMeta(name, (*bases, Record), namespace, frozen=frozen)

    frozen, mutable = made("Frozen", (), True), made("Mutable", (), False)
    assert made("StillFrozen", (frozen,), True)(1, 2).stillfrozen == 2
    with pytest.raises(TypeError, match="cannot inherit non-frozen"):
        made("Thawed", (frozen,), False)
    with pytest.raises(TypeError, match="cannot inherit frozen"):
        made("Frozen", (mutable,), True)
    plain = type("Plain", (frozen,), {})  # a plain subclass (as MovingSpan) keeps its record's state
    with pytest.raises(TypeError, match="cannot inherit non-frozen"):
        made("Thawed", (plain,), False)


def test_own_slots_are_refused_and_own_match_args_kept_as_with_dataclasses() -> None:
    with pytest.raises(TypeError, match="Slotted already specifies __slots__"):

        class Slotted(Record, slots=True):
            __slots__ = ("value",)
            value: int

    class Matched(Record):
        first: int
        second: int
        __match_args__ = ("second",)

    assert (
        Matched.__match_args__
        == dataclasses.dataclass(
            type("Matched", (), {"__annotations__": {"first": "int", "second": "int"}, "__match_args__": ("second",)})
        ).__match_args__
    )


INITS = Path(record_inits.__file__)


def _record_classes() -> Iterator[type]:
    """Every record class a module of hullcheck defines at its top level or inside a class."""
    found: list[type] = [
        value
        for info in pkgutil.walk_packages(hullcheck.__path__, "hullcheck.")
        if not info.name.endswith("__main__")
        for value in vars(importlib.import_module(info.name)).values()
        if isinstance(value, type) and value.__module__ == info.name
    ]
    while found:
        cls = found.pop()
        yield cls
        found += [
            value for value in vars(cls).values() if isinstance(value, type) and value.__module__ == cls.__module__
        ]


def test_the_inits_compiled_ahead_are_those_of_the_record_classes() -> None:
    """hullcheck.record_inits holds the __init__ of every record class, so a run compiles none:
    48 compilations of about 100 µs in a cold run of one Dockerfile. Stale, it is only slower."""
    text = records.record_inits_module(_record_classes())
    if os.environ.get("HULLCHECK_UPDATE_GOLDEN"):
        INITS.write_text(text, encoding="utf-8")
    assert INITS.read_text(encoding="utf-8") == text, (
        "regenerate: HULLCHECK_UPDATE_GOLDEN=1 pytest tests/test_records.py"
    )


def test_an_init_compiled_ahead_is_the_one_the_record_would_compile() -> None:
    from hullcheck.model.span import Span

    assert Span(1, 2, 3, 4) == Span(1, 2, 3, 4, "other") and Span(1, 2, 3, 4).path is None
    assert Span.__init__.__code__.co_filename == record_inits.__file__
    # a test's own records are not in the module: they compile their own
    assert Derived.__init__.__code__.co_filename.startswith("<record ")
