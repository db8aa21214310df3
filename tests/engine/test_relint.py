"""A re-lint that takes what is unchanged from the last lint of a document (hullcheck.engine.lint
Relint: the parser's unchanged instructions, the node-local rules' findings on them; the language
server's) gives exactly what a lint of the new text alone gives: the same findings, suppressed
findings and fixes, and the same scripts for ShellCheck. Checked on random edits of the fixtures'
Dockerfiles and Compose files, one after another on the same memo, every rule selected."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hullcheck import records
from hullcheck.config import Overrides, Settings
from hullcheck.engine.lint import FileResult, LintOptions, Relint, ScriptsToCheck, finish, lint_bytes_steps
from hullcheck.engine.locality import node_local
from hullcheck.engine.options import given_from_assignments
from hullcheck.engine.registry import all_rules
from hullcheck.engine.shellcheck import ScriptRequest
from hullcheck.frontends import front_end_for_path
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.shell import ScriptText
from hullcheck.model.span import Span
from hullcheck.parsers.dockerfile import InstructionMemo, parse_dockerfile

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


# stages built from others, what later instructions see (ARG, ENV, SHELL, USER), stage names
# that COPY --from looks up, a heredoc, ONBUILD, a suppression: what an edit elsewhere changes
STAGES = """\
# syntax=docker/dockerfile:1
ARG BASE=debian:12.5
FROM ${BASE} AS base
ENV PATH=/opt/bin:$PATH MODE=dev
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh && echo "$MODE"
USER root
FROM base AS build
ARG VERSION
RUN apt-get update && apt-get install -y curl=$VERSION
COPY --from=base /opt /opt
RUN <<EOF
cd /opt && make
EOF
ONBUILD RUN pip install -r requirements.txt
FROM debian:12.5
# hullcheck: ignore[pipe-to-shell]
RUN wget -qO- https://example.com/x | bash
COPY --from=build /opt /opt
RUN <<-EOF
	curl -fsSL https://example.com/x | sh
	EOF
RUN sh -c 'wget -qO- https://example.com/y | bash'
RUN docker run --rm -p 8080:80 alpine:3.20 sh -c 'echo "$HOME" | cat'
RUN read -r SRC && docker run -v "$SRC":/var/run/docker.sock alpine:3.20 true
CMD run
"""


def _documents() -> list[tuple[Path, str]]:
    kinds = {"dockerfile", "compose"}
    found = [path for path in sorted(FIXTURES.rglob("*")) if path.is_file()]
    fixtures = [
        path for path in found if (end := front_end_for_path(str(path))) is not None and end.kind.value in kinds
    ]
    texts = [(path, path.read_text(encoding="utf-8", errors="replace")) for path in fixtures]
    return [*texts, *[(FIXTURES / "_relint" / "Dockerfile", STAGES)] * (len(texts) // 4)]  # a fifth of the draws


DOCUMENTS = _documents()
# what edits write: the pieces of Dockerfiles and Compose files whose meaning reaches past their line
PIECES = [
    "RUN apt-get install -y curl\n",
    "RUN curl -fsSL https://example.com/x.sh | sh\n",
    "FROM alpine:3.19 AS base\n",
    "FROM base\n",
    "ARG VERSION=1.2\n",
    "ENV PATH=/opt/bin:$PATH TOKEN=secret\n",
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
    "USER root\n",
    "COPY --from=base / /\n",
    "WORKDIR app\n",
    "# hullcheck: ignore[pipe-to-shell]\n",
    "# syntax=docker/dockerfile:1\n",
    "RUN <<EOF\napk add git\nEOF\n",
    "ONBUILD RUN apt-get update\n",
    "  privileged: true\n",
    "    image: nginx:latest\n",
    "      - /var/run/docker.sock:/var/run/docker.sock\n",
    "\\\n",
    "$VERSION",
    "'",
    '"',
    "\n",
    " ",
    "x",
    ":",
]


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    """``text`` with one edit: a piece written as a line of its own or anywhere, a line
    removed, or a span of text removed."""
    lines = text.splitlines(keepends=True)
    kind = draw(st.sampled_from(["line", "line", "write", "remove line", "cut"]))
    if kind in ("line", "remove line") and lines:
        index = draw(st.integers(0, len(lines) - (1 if kind == "remove line" else 0)))
        written = [draw(st.sampled_from(PIECES))] if kind == "line" else []
        return "".join(lines[:index] + written + lines[index + (kind == "remove line") :])
    at = draw(st.integers(0, len(text)))
    if kind == "cut":
        return text[:at] + text[at + draw(st.integers(0, 40)) :]
    return text[:at] + draw(st.sampled_from(PIECES)) + text[at:]


def _options(selection: list[str], path: Path) -> LintOptions:
    # as tests/test_fix_property.py lints fixtures/: untrusted-registry reports only with its option
    given = given_from_assignments(["untrusted-registry.trusted-registries=registry.example.com"], all_rules())
    return (
        Settings(Overrides(select=selection, rule_options=given, find_config_files=False)).for_file(str(path)).options
    )


def _lint(text: str, path: Path, options: LintOptions, memo: Relint | None) -> tuple[FileResult, list[object]]:
    """The result, ShellCheck's answer taken as empty, and the scripts handed to it."""
    steps = lint_bytes_steps(text.encode(), path.name, options, directory=str(path.parent), memo=memo)
    try:
        scripts: ScriptsToCheck = next(steps)
    except StopIteration as done:
        return done.value, []
    return finish(steps, []), [_script(request) for request in scripts]


def _script(request: ScriptRequest) -> object:
    """What ShellCheck is given and where its findings go: the text, and each offset's span."""
    script, source = request.script, request.script.source
    offsets = [source.span_of(start, start + 1) for start in range(len(source.text))]
    written = (source.text, source.exact, source.expanded, repr(source.runner), offsets)
    return request.path, request.logical_location, script.dialect, script.variables, script.span, written


@pytest.mark.parametrize("selection", [["ALL"], ["security"]])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_relint_is_a_lint_of_the_new_text(selection: list[str], data: st.DataObject) -> None:
    path, text = data.draw(st.sampled_from(DOCUMENTS))
    options = _options(selection, path)
    memo = Relint()
    _lint(text, path, options, memo)
    for _ in range(data.draw(st.integers(1, 8))):
        text = data.draw(_edit(text))
        relinted, relint_scripts = _lint(text, path, options, memo)
        fresh, fresh_scripts = _lint(text, path, options, None)
        assert relinted.findings == fresh.findings
        assert relinted.suppressed == fresh.suppressed
        assert relint_scripts == fresh_scripts


def test_an_edit_reuses_the_unchanged_instructions_and_their_findings() -> None:
    path = FIXTURES / "pipe-to-shell" / "Dockerfile"
    options = _options(["ALL"], path)
    text = path.read_text(encoding="utf-8")
    memo = Relint()
    _lint(text, path, options, memo)
    runs = [item for item in memo.parsed.last.values() if isinstance(item[0], RunInstruction)]  # type: ignore[attr-defined]
    found = dict(memo.walk.found.last)
    edited = text + "\nRUN echo one more\n"
    _lint(edited, path, options, memo)
    again = [item for item in memo.parsed.last.values() if isinstance(item[0], RunInstruction)]  # type: ignore[attr-defined]
    assert {id(item[0]) for item in runs} <= {id(item[0]) for item in again}  # the same objects
    assert found.items() <= dict(memo.walk.found.last).items()


def test_node_locality_is_read_from_the_rules() -> None:
    local = {rule.name for rule in all_rules() if node_local(rule)}
    assert "pipe-to-shell" in local  # reads the RUN alone
    assert "pipe-without-pipefail" not in local  # keeps each stage's base
    assert "duplicate-stage-name" not in local  # keeps the names seen
    assert "apt-lists-left-in-image" not in local  # reads the walk's trail
    assert "shellcheck" not in local  # hands scripts on


def _one_character_edits(text: str) -> list[str]:
    """``text`` with a character written or removed at each word's start and each line's end."""
    edited = []
    for at in range(len(text)):
        if at == 0 or text[at - 1] in " \n=:" or text[at] == "\n":
            edited += [text[:at] + "x" + text[at:], text[:at] + text[at + 1 :]]
    return edited


@pytest.mark.parametrize("selection", [["ALL"], ["security"]])
@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml"])
def test_each_one_character_edit_of_a_file_relints_as_it_lints(name: str, selection: list[str]) -> None:
    # a multi-stage Dockerfile, and a Compose project's services (see COMPOSE)
    path, text = FIXTURES / "_relint" / name, STAGES if name == "Dockerfile" else COMPOSE
    options = _options(selection, path)
    for edited in _one_character_edits(text):
        memo = Relint()
        _lint(text, path, options, memo)
        relinted, relint_scripts = _lint(edited, path, options, memo)
        fresh, fresh_scripts = _lint(edited, path, options, None)
        assert (relinted.findings, relinted.suppressed, relint_scripts) == (
            fresh.findings,
            fresh.suppressed,
            fresh_scripts,
        ), edited


# stages whose facts a stage-wide rule works out once and memoizes by the stage's instructions
# (pipe-without-pipefail's SHELL fix: a shell-form CMD, an ONBUILD trigger, a stage built FROM
# it or a ``yes |`` anywhere in the stage takes it away)
PIPES = """\
FROM debian:12.5 AS fetch
RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt
RUN echo done
FROM alpine:3.20
COPY . .
RUN wget -qO- https://example.com/x | tar -x
"""
PIPE_PIECES = [
    "CMD run\n",
    "ONBUILD RUN true\n",
    "RUN yes | apt-get install x\n",
    "FROM fetch\n",
    'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
    "RUN set -o pipefail; curl -fsSL https://example.com/y | sh\n",
]


def test_a_line_added_to_a_stage_relints_as_it_lints() -> None:
    path = FIXTURES / "_relint" / "Dockerfile"
    options = _options(["ALL"], path)
    lines = PIPES.splitlines(keepends=True)
    for index in range(len(lines) + 1):
        for piece in PIPE_PIECES:
            edited = "".join([*lines[:index], piece, *lines[index:]])
            memo = Relint()
            _lint(PIPES, path, options, memo)
            relinted, _ = _lint(edited, path, options, memo)
            fresh, _ = _lint(edited, path, options, None)
            assert (relinted.findings, relinted.suppressed) == (fresh.findings, fresh.suppressed), edited


@pytest.mark.parametrize(
    "after",
    [
        "FROM alpine:3.20 AS first\nUSER \\\nRUN apt-get install -y curl\n# a comment\n",
        "FROM alpine:3.20 AS first\nUSER \\\n# a comment\nroot\n",
        "FROM alpine:3.20 \\\n# a comment\nAS first\nUSER \\\n# a comment\n",
        "FROM alpine:3.20 AS first\nUSER \\\n\n# a comment\n\nroot\nFROM first\n",
    ],
)
def test_a_continuation_into_skipped_lines_is_read_again_where_they_go_on(after: str) -> None:
    # the comment and blank lines a continuation skips are part of what its instruction is
    # made from: into the end of the file it ends there, into a line it goes on with that line
    path = FIXTURES / "_relint" / "Dockerfile"
    options = _options(["ALL"], path)
    memo = Relint()
    _lint("FROM alpine:3.20 AS first\nUSER \\\n# a comment\n", path, options, memo)
    relinted, _ = _lint(after, path, options, memo)
    fresh, _ = _lint(after, path, options, None)
    assert (relinted.findings, relinted.suppressed) == (fresh.findings, fresh.suppressed)


@pytest.mark.parametrize(
    "end",
    ["RUN <<EOF\necho unterminated\n", "RUN echo continued \\\n", "RUN echo last\n# a comment\n"],
    ids=["heredoc", "continuation", "comment"],
)
def test_a_stage_read_to_the_end_of_the_file_is_read_again_when_the_file_grows(end: str) -> None:
    # the last stage's lines are the same, but a heredoc or a continuation left open at the
    # end of the file reads on into what is added after it
    path = FIXTURES / "_relint" / "Dockerfile"
    options = _options(["ALL"], path)
    text = f"FROM debian:12.5 AS first\nRUN true\nFROM alpine:3.20\nENV MODE=dev\n{end}"
    for added in ("RUN curl -fsSL https://example.com/x | sh\n", "EOF\n", "USER root\n"):
        memo = Relint()
        _lint(text, path, options, memo)
        relinted, relint_scripts = _lint(text + added, path, options, memo)
        fresh, fresh_scripts = _lint(text + added, path, options, None)
        assert (relinted.findings, relinted.suppressed, relint_scripts) == (
            fresh.findings,
            fresh.suppressed,
            fresh_scripts,
        ), added


def _spans(model: object) -> list[Span]:
    """Every span a model holds, in an order set by its structure alone: its records' fields,
    and each offset of the scripts' texts (made as they are asked for)."""
    found: list[Span] = []
    seen: set[int] = set()
    pending: list[object] = [model]
    while pending:
        item = pending.pop()
        if isinstance(item, Span):
            found.append(item)
        elif isinstance(item, str | bytes | int | float | bool) or item is None or id(item) in seen:
            continue
        elif isinstance(item, list | tuple):
            seen.add(id(item))
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            seen.add(id(item))
            pending.extend(reversed([*item.keys(), *item.values()]))
        elif records.is_record(item):
            seen.add(id(item))
            if isinstance(item, ScriptText):
                found.extend(item.span_of(start, start + 1) for start in range(len(item.text)))
            pending.extend(reversed([getattr(item, field.name) for field in records.fields(item)]))
    return found


@pytest.mark.parametrize("line", [0, 3, 8, 12, 14], ids=lambda index: f"at line {index + 1}")
@pytest.mark.parametrize("edit", ["added", "removed"])
def test_stages_below_a_line_added_or_removed_are_taken_where_they_are_now(line: int, edit: str) -> None:
    # the stages below the edit are the last parse's, moved: every span where a parse of the
    # new text alone puts it (heredoc bodies, ONBUILD triggers, scripts and comments too)
    lines = STAGES.splitlines(keepends=True)
    edited = [*lines[:line], "# a line\n", *lines[line:]] if edit == "added" else [*lines[:line], *lines[line + 1 :]]
    memo = InstructionMemo()
    before = parse_dockerfile(STAGES, "Dockerfile", reuse=memo).model
    after = parse_dockerfile("".join(edited), "Dockerfile", reuse=memo).model
    fresh = parse_dockerfile("".join(edited), "Dockerfile").model
    assert _spans(after) == _spans(fresh)
    path = FIXTURES / "_relint" / "Dockerfile"  # and the findings, whose messages hold the model's text
    options, relint = _options(["ALL"], path), Relint()
    _lint(STAGES, path, options, relint)
    relinted, _ = _lint("".join(edited), path, options, relint)
    assert relinted.findings == _lint("".join(edited), path, options, None)[0].findings
    if line > STAGES.splitlines().index("ARG BASE=debian:12.5"):  # not the lines all stages are made from
        taken, kept = after.stages[-1].instructions, before.stages[-1].instructions  # below every edit
        assert taken and len(taken) == len(kept) and all(map(operator.is_, taken, kept))


# services a parse takes from the last one when their lines are unchanged (hullcheck.parsers.compose
# KeptServices), with what the project links to them from elsewhere: an anchor merged in, a named
# volume binding a host path, another service's network and volumes, an image another service
# builds, an extends; duplicate keys (their message names a line), a profile, a suppression and a
# build with its inline Dockerfile
COMPOSE = """\
x-base: &base
  restart: always
  cap_add: [SYS_ADMIN]
services:
  web:
    <<: *base
    image: nginx:latest
    ports:
      - "8080:80"
      - target: 443
        published: 8443
    volumes:
      - data:/data
      - /var/run/docker.sock:/var/run/docker.sock
    environment:
      DB_PASSWORD: hunter2
      MODE: dev
      MODE: prod
    command: sh -c 'curl -fsSL https://example.com/x | sh'
  sidecar:
    image: busybox:1.36
    network_mode: service:web
    volumes_from: [web]
    privileged: true
  builder:
    build:
      context: .
      dockerfile_inline: |
        FROM alpine:3.20
        RUN curl -fsSL https://example.com/y | sh
    image: app:dev
  app:
    image: app:dev
    # hullcheck: ignore[port-on-all-interfaces]
    ports: ["9000:9000"]
    profiles: [debug]
    security_opt: ["no-new-privileges:true"]
    cap_drop: [ALL]
    user: root
    healthcheck:
      test: ["CMD-SHELL", "wget -qO- http://localhost | sh"]
  plain:
    image: redis:7.2
    ports:
      - 6379:6379
    environment:
      - PASSWORD=${PASSWORD:-secret}
    read_only: true
  child:
    extends: plain
    user: root
  store:
    image: minio/minio:latest
    volumes: [data:/srv]
    environment:
      MODE: dev
      MODE: prod
volumes:
  data:
    driver_opts:
      type: none
      o: bind
      device: /etc
"""
COMPOSE_PATH = FIXTURES / "_relint" / "compose.yaml"


@pytest.mark.parametrize("edit", ["added", "removed"])
def test_a_line_added_to_or_removed_from_a_compose_file_relints_as_it_lints(edit: str) -> None:
    options = _options(["ALL"], COMPOSE_PATH)
    lines = COMPOSE.splitlines(keepends=True)
    for index in range(len(lines)):
        for piece in ("    hostname: web\n", "  extra:\n    image: alpine:3.20\n") if edit == "added" else ("",):
            edited = "".join([*lines[:index], piece, *lines[index + (edit == "removed") :]])
            memo = Relint()
            _lint(COMPOSE, COMPOSE_PATH, options, memo)
            relinted, _ = _lint(edited, COMPOSE_PATH, options, memo)
            fresh, _ = _lint(edited, COMPOSE_PATH, options, None)
            assert (relinted.findings, relinted.suppressed) == (fresh.findings, fresh.suppressed), edited


def test_an_edit_of_one_service_takes_the_others_and_their_findings() -> None:
    options = _options(["ALL"], COMPOSE_PATH)
    memo = Relint()
    _lint(COMPOSE, COMPOSE_PATH, options, memo)
    kept = dict(memo.parsed.services.last)  # type: ignore[attr-defined]
    found = dict(memo.walk.found.last)
    # the services written alone (not web, with an anchor, nor child, which extends plain), and
    # those of them the project links nothing to from elsewhere (not sidecar, which shares web's
    # network and volumes, nor store, whose volume binds a host path)
    assert len(kept) == 5 and len(found) == 3
    edited = COMPOSE.replace("redis:7.2", "redis:7.4")
    relinted, _ = _lint(edited, COMPOSE_PATH, options, memo)
    assert relinted.findings == _lint(edited, COMPOSE_PATH, options, None)[0].findings
    again = memo.parsed.services.last  # type: ignore[attr-defined]
    assert len(again) == 5 and len(kept.keys() & again.keys()) == 4
    assert len(found.keys() & memo.walk.found.last.keys()) == 2


def test_a_compose_file_relinted_with_other_variables_and_env_files_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    options = _options(["ALL"], path)
    text = (
        "services:\n  db:\n    image: postgres:${TAG}\n    environment:\n      PASSWORD: ${PASSWORD}\n"
        "  cache:\n    image: redis:7.2\n    env_file: [{path: cache.env, required: false}]\n"
    )
    memo = Relint()
    variables = "TAG=16\nPASSWORD=hunter2\n"
    # an env_file added and removed, then other variables
    steps = [(variables, None), (variables, "TOKEN=abc\n"), (variables, None), ("TAG=latest\n", None)]
    for variables, cache_env in steps:
        (tmp_path / ".env").write_text(variables)
        if cache_env is None:
            (tmp_path / "cache.env").unlink(missing_ok=True)
        else:
            (tmp_path / "cache.env").write_text(cache_env)
        relinted, _ = _lint(text, path, options, memo)
        fresh, _ = _lint(text, path, options, None)
        assert (relinted.findings, relinted.suppressed) == (fresh.findings, fresh.suppressed), variables


@pytest.mark.parametrize("line", [1, 13, 22, 33, 40], ids=lambda index: f"at line {index + 1}")
@pytest.mark.parametrize("edit", ["added", "removed"])
def test_services_below_a_line_added_or_removed_are_taken_where_they_are_now(line: int, edit: str) -> None:
    # every span where a parse of the new text alone puts it (scripts' offsets, mounts' parts,
    # where a key or a list item is added), the services below the edit the last parse's
    from hullcheck.frontends.compose import ComposeFrontEnd

    lines = COMPOSE.splitlines(keepends=True)
    edited = [*lines[:line], "# a line\n", *lines[line:]] if edit == "added" else [*lines[:line], *lines[line + 1 :]]
    front_end, options, memo = ComposeFrontEnd(), _options(["ALL"], COMPOSE_PATH), Relint()
    before = front_end.parse_again(COMPOSE, COMPOSE_PATH.name, None, options, memo).model
    # but builder, whose inline Dockerfile's lines are numbers, and store, whose duplicate key's
    # problem names a line: they are taken only where they were
    below = {kept.scope for kept in before.containers if kept.made_from is not None and kept.span.line > line + 1}
    fixed = {"service:builder", "service:store"}
    after = front_end.parse_again("".join(edited), COMPOSE_PATH.name, None, options, memo).model
    fresh = front_end.parse("".join(edited), COMPOSE_PATH.name, None, options).model
    assert _spans(after) == _spans(fresh)
    taken = {container.scope for container in after.containers if any(container is kept for kept in before.containers)}
    assert below - fixed and below - fixed <= taken and not below & fixed & taken
