"""Compose ``extends`` chains as a project loads them: merged across files, cycles reported
where they start, and a chain longer than MAX_EXTENDS_DEPTH reported once, at the ``extends``
that crosses the bound, and not followed further (never a recursion error or a long walk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.model.container import Container
from hullcheck.parsers.bounds import MAX_EXTENDS_DEPTH
from hullcheck.parsers.compose import ComposeParse
from hullcheck.parsers.compose_project import ProjectOptions, load_compose_project

TOO_LONG = f"'extends' chain longer than {MAX_EXTENDS_DEPTH} levels; not followed further"


def load(folder: Path, files: dict[str, str], first: str = "compose.yaml") -> ComposeParse:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / first
    return load_compose_project(path.read_text(encoding="utf-8"), first, str(path), ProjectOptions(), str(folder)).parse


def problems(parse: ComposeParse) -> list[tuple[str | None, int, int, str]]:
    return [(problem.span.path, problem.span.line, problem.span.column, problem.message) for problem in parse.problems]


def service(parse: ComposeParse, name: str) -> Container:
    return next(container for container in parse.model.containers if container.scope == f"service:{name}")


def chain(levels: int, order: range | None = None) -> str:
    """Services s0 … s<levels>, each extending the next (line 2 + i is s<i>'s, in the default
    order); the last one is privileged."""
    lines = {i: f"  s{i}: {{extends: s{i + 1}}}\n" for i in range(levels)}
    lines[levels] = f"  s{levels}: {{image: alpine:3.20, privileged: true}}\n"
    return "services:\n" + "".join(lines[i] for i in (order if order is not None else range(levels + 1)))


def test_a_chain_at_the_bound_is_merged_whole(tmp_path: Path) -> None:
    parse = load(tmp_path, {"compose.yaml": chain(MAX_EXTENDS_DEPTH)})
    assert problems(parse) == []
    top = service(parse, "s0")
    assert top.privileged is not None and top.privileged.value is True
    assert top.privileged.span.line == MAX_EXTENDS_DEPTH + 2
    assert top.extends is None


def test_a_chain_past_the_bound_is_reported_once_where_it_crosses_it(tmp_path: Path) -> None:
    parse = load(tmp_path, {"compose.yaml": chain(MAX_EXTENDS_DEPTH + 1)})
    # s<bound>'s extends, the one past the bound, at its service name
    assert problems(parse) == [(None, MAX_EXTENDS_DEPTH + 2, 18, TOO_LONG)]
    top, bottom = service(parse, "s0"), service(parse, f"s{MAX_EXTENDS_DEPTH + 1}")
    assert top.privileged is None and bottom.privileged is not None
    # the services above the cut still extend what was not followed: their absent settings are unknown
    assert top.extends is not None and top.extends.value == f"s{MAX_EXTENDS_DEPTH + 1}"
    assert service(parse, "s1").extends is not None


@pytest.mark.parametrize("reverse", [False, True], ids=["top-first", "bottom-first"])
def test_a_chain_deeper_than_the_recursion_limit_is_one_problem(tmp_path: Path, reverse: bool) -> None:
    levels = 2_000  # past Python's recursion limit
    order = range(levels, -1, -1) if reverse else None
    parse = load(tmp_path, {"compose.yaml": chain(levels, order)})
    assert [message for *_, message in problems(parse)] == [TOO_LONG]
    assert len(parse.model.containers) == levels + 1
    # each service has all it inherits, or still extends what was not followed
    assert all(
        container.privileged is not None or container.extends is not None for container in parse.model.containers
    )
    near_the_bottom = service(parse, f"s{levels - MAX_EXTENDS_DEPTH}")
    if reverse:  # resolved from the bottom: a service within the bound of it is whole
        assert near_the_bottom.privileged is not None and near_the_bottom.extends is None
        assert problems(parse) == [(None, MAX_EXTENDS_DEPTH + 3, 20, TOO_LONG)]  # s<levels-bound-1>'s


def test_a_chain_across_files_is_cut_in_the_file_that_crosses_the_bound(tmp_path: Path) -> None:
    files = {
        f"part{i}.yaml": f"services:\n  s:\n    extends: {{file: part{i + 1}.yaml, service: s}}\n" for i in range(1, 40)
    }
    files["part40.yaml"] = "services:\n  s:\n    image: alpine:3.20\n    privileged: true\n"
    files["compose.yaml"] = "services:\n  web:\n    extends: {file: part1.yaml, service: s}\n"
    parse = load(tmp_path, files)
    assert problems(parse) == [(f"part{MAX_EXTENDS_DEPTH}.yaml", 3, 43, TOO_LONG)]
    web = service(parse, "web")
    assert web.privileged is None and web.extends is not None
    assert web.extended_from is not None and len(web.extended_from.files) == MAX_EXTENDS_DEPTH


def test_a_three_level_chain_across_files_keeps_each_value_where_it_is_set(tmp_path: Path) -> None:
    parse = load(
        tmp_path,
        {
            "compose.yaml": "services:\n  web:\n    extends: {file: common/app.yaml, service: app}\n    user: app\n",
            "common/app.yaml": "services:\n  app:\n    extends: {file: ../base/base.yaml, service: base}\n"
            "    image: example/app:1.0\n",
            "base/base.yaml": "services:\n  base:\n    extends: defaults\n    cap_add: [NET_ADMIN]\n"
            "  defaults:\n    privileged: true\n    image: example/base:1.0\n",
        },
    )
    assert problems(parse) == []
    web = service(parse, "web")
    assert web.extends is None and web.extended_from is not None
    assert web.extended_from.service.value == "app" and web.extended_from.service.span.line == 3
    assert web.extended_from.files == {"common/app.yaml", "base/base.yaml"}
    assert web.user is not None and web.user.span.path is None  # its own, in the linted file
    assert web.image is not None and (web.image.span.path, web.image.span.line) == ("common/app.yaml", 4)
    assert web.privileged is not None and (web.privileged.span.path, web.privileged.span.line) == ("base/base.yaml", 6)
    assert [(cap.span.path, cap.span.line) for cap in web.cap_add] == [("base/base.yaml", 4)]


def test_cycles_are_reported_where_they_start_from_each_service_reaching_them(tmp_path: Path) -> None:
    parse = load(
        tmp_path,
        {
            "compose.yaml": "services:\n  top: {extends: a}\n  a: {extends: b}\n  b: {extends: a}\n"
            "  far:\n    extends: {file: other.yaml, service: back}\n",
            "other.yaml": "services:\n  back:\n    extends: {file: compose.yaml, service: far}\n",
        },
    )
    assert problems(parse) == [
        (None, 3, 16, "'extends' cycle: a -> b -> a"),
        (None, 3, 16, "'extends' cycle: a -> b -> a"),
        (None, 4, 16, "'extends' cycle: b -> a -> b"),
        (None, 6, 42, "'extends' cycle: far -> back -> far"),
    ]
