"""MovingSpan: a span in a block of lines that moves as one (LineOrigin) is a Span wherever it
is, and the spans made from it move with it."""

from __future__ import annotations

import copy
import pickle

from hullcheck import records
from hullcheck.model.span import LineOrigin, MovingSpan, Span, span_in


def test_a_moving_span_is_the_span_at_its_place() -> None:
    origin = LineOrigin()
    moving = MovingSpan(origin, 5, 2, 6, 3)
    assert moving == Span(5, 2, 6, 3) and Span(5, 2, 6, 3) == moving
    assert hash(moving) == hash(Span(5, 2, 6, 3))
    assert sorted([Span(7, 1, 7, 2), moving, Span(5, 1, 5, 2)]) == [Span(5, 1, 5, 2), moving, Span(7, 1, 7, 2)]
    assert repr(moving) == repr(Span(5, 2, 6, 3))
    for made in (pickle.loads(pickle.dumps(moving)), copy.copy(moving), copy.deepcopy(moving)):
        assert type(made) is Span and made == moving  # a copy stays where it is


def test_it_moves_with_its_origin_and_so_does_what_is_made_from_it() -> None:
    origin = LineOrigin()
    moving = MovingSpan(origin, 5, 2, 6, 3)
    part = moving.at(5, 4, 5, 9)
    covered = moving.cover(MovingSpan(origin, 8, 1, 8, 4))
    replaced = records.replace(moving, column=7)
    elsewhere = records.replace(moving, path="compose.yaml")
    origin.moved -= 2
    assert moving == Span(3, 2, 4, 3)
    assert part == Span(3, 4, 3, 9)
    assert covered == Span(3, 2, 6, 4)
    assert replaced == Span(3, 7, 4, 3)
    assert (elsewhere, elsewhere.path) == (Span(3, 2, 4, 3), "compose.yaml")
    late = moving.at(10, 1, 10, 2)  # made after the move, where it is then
    origin.moved += 1
    assert late == Span(11, 1, 11, 2)


def test_a_span_covering_another_origins_stays_where_it_is() -> None:
    moving = MovingSpan(LineOrigin(), 5, 2, 5, 3)
    covered = moving.cover(Span(9, 1, 9, 2))
    assert type(covered) is Span and covered == Span(5, 2, 9, 2)
    assert type(span_in(None, 1, 1, 1, 2)) is Span
