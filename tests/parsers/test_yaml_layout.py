"""Which YAML lines end inside a value, where a comment would become part of it."""

from __future__ import annotations

from hullcheck.parsers.yaml_layout import lines_inside_scalars

COMPOSE = """services:
  web:
    command: |
      echo a
      echo b
    entrypoint: >-
      x y
    environment:
      A: "multi
        line"
      B: plain
        continued
    privileged: true # c
"""


def test_block_flow_and_plain_scalars_over_several_lines() -> None:
    # the block contents (4, 5, 7), and every line but the last of a quoted (9) or plain (11) value
    assert sorted(lines_inside_scalars(COMPOSE)) == [4, 5, 7, 9, 11]


def test_a_block_at_the_end_of_the_text_without_a_newline() -> None:
    assert sorted(lines_inside_scalars("a: |\n  x\n  y")) == [2, 3]


def test_a_syntax_error_keeps_what_came_before_it() -> None:
    assert sorted(lines_inside_scalars("a: |\n  x\nb: [\n")) == [2]
