"""Structural hostile input: deep nesting in each syntax, long lines and words, many small
instructions, services and aliases, for every kind of file hullcheck reads.

``cases()`` yields each :class:`Case` deterministically (no randomness but a seeded one for
binary garbage): the hostile file, its name and the role it plays in a run, the other files of
the folder it is linted in, and what a correct run does with it. Sizes stay within the default
``--max-file-size`` (2 MiB) but for the cases named ``over-size``; ``cases(full=True)`` adds the
inputs whose cost is known and documented (README, "Limits and safety") but too slow for every
test run.

    python tests/hostile/generate.py            # list the cases: name, file, role, expect, bytes
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Iterator
from typing import NamedTuple

MIB = 1024 * 1024
SIZE_LIMIT = 2 * MIB  # hullcheck's default --max-file-size
DEPTHS = (1_000, 30_000, 100_000)

# The role the hostile file plays in a run.
LINTED = "linted"  # a file of a kind hullcheck lints (Dockerfile, Compose, …) in the scanned folder
CONFIG = "config"  # a configuration file: found beside the linted files, or named with --config
BASELINE = "baseline"  # named with --baseline
ENV = "env"  # a Compose project's .env, a service's env_file, or named with --env-file
GITIGNORE = "gitignore"  # a .gitignore in a git work tree

# What a correct run does with it.
FINE = "fine"  # exit 0 or 1, no parse or project error (HC001/HC002) naming the file
PROBLEM = "problem"  # reported: a HC001/HC002 finding naming the file, or (not a linted file) exit 2 naming it
MAY = "may"  # either of the above

TINY_DOCKERFILE = b"FROM alpine:3.20\nUSER app\n"
TINY_COMPOSE = b"services:\n  web:\n    image: alpine:3.20\n    user: app\n"


class Case(NamedTuple):
    name: str  # "<syntax>/<what>", unique
    file_name: str  # the hostile file, relative to the scanned folder
    data: bytes
    role: str = LINTED
    expect: str = MAY
    companions: tuple[tuple[str, bytes], ...] = ()  # the other files of the scanned folder
    arguments: tuple[str, ...] = ()  # more command-line arguments, after the path "."
    depth: int = 0  # the levels a nesting case nests; 0 for the others


def nest(opening: str, middle: str, closing: str, depth: int) -> str:
    return opening * depth + middle + closing * depth


def garbage(size: int, seed: int) -> bytes:
    """Deterministic binary bytes, NUL and invalid UTF-8 included."""
    return random.Random(seed).randbytes(size)


def _fill(prefix: str, unit: str, suffix: str, size: int = SIZE_LIMIT) -> bytes:
    """``prefix``, ``unit`` repeated as often as fits, ``suffix``: at most ``size`` bytes."""
    room = size - len(prefix.encode()) - len(suffix.encode())
    return (prefix + unit * (room // len(unit.encode())) + suffix).encode()


def _depths(name: str, build: Callable[[int], str], depths: tuple[int, ...] = DEPTHS) -> Iterator[tuple[str, str, int]]:
    for depth in depths:
        yield f"{name}-{depth}", build(depth), depth


# ---------------------------------------------------------------- Compose


def compose_cases() -> Iterator[Case]:
    head = "services:\n  web:\n    image: alpine:3.20\n    user: app\n"
    nestings = {
        "flow-sequence-labels": lambda d: head + "    labels: " + nest("[", "", "]", d) + "\n",
        "flow-mapping-environment": lambda d: head + "    environment: " + nest("{a: ", "b", "}", d) + "\n",
        "compact-sequence-labels": lambda d: head + "    labels:\n      " + "- " * d + "x\n",
        "anchored-flow-sequence": lambda d: (
            head + "    labels: " + "".join(f"&a{i} [" for i in range(d)) + "]" * d + "\n"
        ),
        "interpolation-image": lambda d: (
            "services:\n  web:\n    user: app\n    image: " + nest("${A:-", "alpine:3.20", "}", d) + "\n"
        ),
        "interpolation-environment": lambda d: head + "    environment:\n      X: " + nest("${A:-", "x", "}", d) + "\n",
    }
    for what, build in nestings.items():
        for name, text, depth in _depths(what, build):
            yield Case(
                f"compose/{name}",
                "compose.yaml",
                text.encode(),
                expect=PROBLEM if depth >= 30_000 else MAY,
                depth=depth,
            )
    # libyaml refuses the first line (a colon in a flow plain scalar), so the pure-Python parser
    # reads the rest: bounded on its own events before its composer recurses, in time as in depth
    pure = "x-libyaml-refuses: [no-new-privileges:true]\n" + head
    for name, text, depth in _depths(
        "pure-parser-flow-labels", lambda d: pure + "    labels: " + nest("[", "", "]", d)
    ):
        yield Case(f"compose/{name}", "compose.yaml", text.encode(), expect=PROBLEM, depth=depth)
    yield Case("compose/pure-parser-long-flow-line-2mib", "compose.yaml", _fill(pure + "    command: [", "a, ", "a]\n"))
    # block nesting: indentation grows with depth, so 2 MiB holds about 2,000 levels
    for depth in (1_000, 2_000):
        text = "services:\n web:\n  image: alpine:3.20\n  labels:\n" + "".join(
            " " * (3 + i) + "a:\n" for i in range(depth)
        )
        yield Case(f"compose/block-mapping-{depth}", "compose.yaml", (text + " " * (3 + depth) + "b\n").encode())
    # aliases: never expanded (README); each costs one visit
    bomb = "x-a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"x-a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 12)
    )
    yield Case(
        "compose/alias-bomb-10^12",
        "compose.yaml",
        (bomb + "services:\n  web:\n    image: alpine:3.20\n    user: app\n    labels: *a11\n").encode(),
        expect=FINE,
    )
    yield Case(
        "compose/many-aliases-100000",
        "compose.yaml",
        (head + "    labels: &l [x]\n    x-many: [" + ", ".join(["*l"] * 100_000) + "]\n").encode(),
        expect=FINE,
    )
    many_anchors = "x-list:\n" + "".join(f"  - &a{i} v\n" for i in range(50_000))
    yield Case(
        "compose/many-anchors-50000",
        "compose.yaml",
        (many_anchors + head + "    x-refs: [" + ", ".join(f"*a{i}" for i in range(50_000)) + "]\n").encode(),
        expect=FINE,
    )
    # merge keys: a bomb of merges, and a chain of merges 30,000 long
    merges = "x-m0: &m0 {privileged: true}\n" + "".join(
        f"x-m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}], k{i}: v}}\n" for i in range(1, 12)
    )
    yield Case(
        "compose/merge-key-bomb",
        "compose.yaml",
        (merges + "services:\n  web:\n    <<: *m11\n    image: alpine:3.20\n    user: app\n").encode(),
        expect=FINE,
    )
    for depth in (1_000, 30_000):
        chain = "x-m0: &m0 {privileged: true}\n" + "".join(
            f"x-m{i}: &m{i} {{<<: *m{i - 1}}}\n" for i in range(1, depth)
        )
        text = chain + f"services:\n  web:\n    <<: *m{depth - 1}\n    image: alpine:3.20\n    user: app\n"
        yield Case(f"compose/merge-key-chain-{depth}", "compose.yaml", text.encode())
    # many services, many findings each
    services = "services:\n" + "".join(f"  s{i}: {{image: a}}\n" for i in range(50_000))
    yield Case("compose/services-50000", "compose.yaml", services.encode(), expect=FINE)
    # extends: a chain within the file, and one across files
    for depth in (1_000, 30_000):
        text = "services:\n" + "".join(f"  s{i}: {{extends: s{i + 1}}}\n" for i in range(depth))
        text += f'  s{depth}: {{image: "alpine:3.20", privileged: true}}\n'
        yield Case(f"compose/extends-chain-{depth}", "compose.yaml", text.encode())
    files = 1_000
    others = (
        *(
            (f"part{i}.yaml", f"services:\n  s:\n    extends: {{file: part{i + 1}.yaml, service: s}}\n".encode())
            for i in range(1, files)
        ),
        (f"part{files}.yaml", b"services:\n  s:\n    image: alpine:3.20\n    privileged: true\n"),
    )
    yield Case(
        f"compose/extends-files-{files}",
        "compose.yaml",
        b"services:\n  web:\n    extends: {file: part1.yaml, service: s}\n",
        companions=others,
    )
    # long lines and words
    yield Case(
        "compose/long-scalar-line-2mib",
        "compose.yaml",
        _fill(head + '    command: "', "a", '"\n'),
        expect=FINE,
    )
    yield Case(
        "compose/long-flow-line-2mib",
        "compose.yaml",
        _fill(head + "    command: [", "a, ", "a]\n"),
        expect=MAY,  # about 700,000 nodes: over the node limit
    )
    yield Case(
        "compose/environment-long-value-2mib",
        "compose.yaml",
        _fill(head + "    environment:\n      A: ", "a", "\n"),
        expect=FINE,
    )
    yield Case("compose/port-of-5000-digits", "compose.yaml", (head + f'    ports: ["{"1" * 5000}:22"]\n').encode())
    yield Case(
        "compose/user-of-5000-zeros",
        "compose.yaml",
        ("services:\n  web:\n    image: alpine:3.20\n    user: '" + "0" * 5000 + "'\n").encode(),
    )
    yield Case(
        "compose/registry-port-of-5000-digits",
        "compose.yaml",
        f"services:\n  web:\n    image: localhost:{'1' * 5000}/app:1\n    user: app\n".encode(),
    )
    yield from _undecodable("compose", "compose.yaml", head)


def _undecodable(syntax: str, file_name: str, head: str) -> Iterator[Case]:
    """Binary, NUL, invalid UTF-8 and over the size limit: reported, never read as text."""
    # the head names the engine, so a code file is not passed over as one that starts no container
    yield Case(f"{syntax}/binary", file_name, head.encode() + garbage(64 * 1024, seed=len(syntax)), expect=PROBLEM)
    yield Case(f"{syntax}/nul-byte", file_name, (head + "\x00\n").encode(), expect=PROBLEM)
    yield Case(f"{syntax}/invalid-utf8", file_name, head.encode() + b"# \xff\xfe\xc3\x28\n", expect=PROBLEM)
    yield Case(f"{syntax}/over-size", file_name, _fill(head, "#" * 63 + "\n", "", SIZE_LIMIT + 64), expect=PROBLEM)


# ---------------------------------------------------------------- Dockerfile and shell


def shell_nestings() -> dict[str, Callable[[int], str]]:
    """Shell syntax nested ``d`` deep, as one command line."""
    return {
        "command-substitution": lambda d: "echo " + nest("$( ", "true", " )", d),
        "subshell": lambda d: nest("( ", "true", " )", d),
        "group": lambda d: nest("{ ", "true", "; }", d),
        "parameter-default": lambda d: "echo " + nest("${A:-", "x", "}", d),
        "arithmetic": lambda d: "echo $((" + nest("(", "1", ")", d) + "))",
        "quoted-substitution": lambda d: "echo " + nest('"$(', "true", ')"', d),
    }


def _escaped_backticks(depth: int) -> str:
    """Backticks nested ``depth`` deep: each level doubles the backslashes, so 2^depth bytes."""
    text = "true"
    for level in range(depth):
        ticks = "\\" * (2**level - 1) + "`"
        text = f"echo {ticks}{text}{ticks}"
    return text


def _bulk(full: bool) -> tuple[int, str]:
    """The size of the inputs whose cost grows with their size (lines of many words, huge
    heredocs): the size limit with ``full``, a quarter of it otherwise, to keep a test run short
    (their cost is linear: measure.py --full measures them at the limit)."""
    return (SIZE_LIMIT, "2mib") if full else (SIZE_LIMIT // 4, "512kib")


def dockerfile_cases(full: bool = False) -> Iterator[Case]:
    head = "FROM alpine:3.20\nUSER app\n"
    bulk, bulk_name = _bulk(full)
    for what, build in shell_nestings().items():
        for name, text, depth in _depths(what, build):
            yield Case(f"dockerfile/run-{name}", "Dockerfile", (head + "RUN " + text + "\n").encode(), depth=depth)
    yield Case("dockerfile/run-backticks-18", "Dockerfile", (head + "RUN " + _escaped_backticks(18) + "\n").encode())
    # many substitutions side by side in one command
    yield Case(
        "dockerfile/run-backticks-100000", "Dockerfile", (head + "RUN echo" + " `true`" * 100_000 + "\n").encode()
    )
    yield Case(
        "dockerfile/run-substitutions-100000", "Dockerfile", (head + "RUN echo" + " $(true)" * 100_000 + "\n").encode()
    )
    # JSON exec form
    for name, text, depth in _depths("exec-form-nested", lambda d: nest("[", "", "]", d)):
        yield Case(f"dockerfile/cmd-{name}", "Dockerfile", (head + "CMD " + text + "\n").encode(), depth=depth)
    for name, text, depth in _depths("exec-form-objects", lambda d: nest('{"a": ', "1", "}", d), (100_000,)):
        yield Case(f"dockerfile/cmd-{name}", "Dockerfile", (head + "CMD [" + text + "]\n").encode(), depth=depth)
    for name, text, depth in _depths("sh-c", lambda d: nest("$( ", "true", " )", d)):
        yield Case(
            f"dockerfile/run-exec-{name}",
            "Dockerfile",
            (head + 'RUN ["sh", "-c", "' + text + '"]\n').encode(),
            depth=depth,
        )
    yield Case(
        "dockerfile/cmd-exec-form-200000-words",
        "Dockerfile",
        (head + "CMD [" + ", ".join(['"a"'] * 200_000) + "]\n").encode(),
        expect=FINE,
    )
    # ${…} in each instruction that substitutes
    for name, text, depth in _depths("interpolation", lambda d: nest("${A:-", "x", "}", d)):
        yield Case(f"dockerfile/arg-{name}", "Dockerfile", (f"ARG V={text}\n{head}").encode(), depth=depth)
        if depth == 1_000:
            continue
        yield Case(f"dockerfile/from-{name}", "Dockerfile", f"FROM {text}\nUSER app\n".encode(), depth=depth)
        yield Case(f"dockerfile/env-{name}", "Dockerfile", (head + f"ENV V={text}\n").encode(), depth=depth)
        yield Case(f"dockerfile/user-{name}", "Dockerfile", (head + f"USER {text}\n").encode(), depth=depth)
    # heredocs: many, many on one line, one huge
    heredocs = 50_000 if full else 12_500
    yield Case(
        f"dockerfile/heredocs-{heredocs}",
        "Dockerfile",
        (head + "".join(f"RUN <<E{i}\ntrue\nE{i}\n" for i in range(heredocs))).encode(),
        expect=FINE,
    )
    markers = 20_000
    yield Case(
        f"dockerfile/heredocs-on-one-line-{markers}",
        "Dockerfile",
        (
            head
            + "RUN "
            + " ".join(f"<<E{i}" for i in range(markers))
            + "\n"
            + "".join(f"x\nE{i}\n" for i in range(markers))
        ).encode(),
        expect=FINE,
    )
    yield Case(
        f"dockerfile/heredoc-{bulk_name}",
        "Dockerfile",
        _fill(head + "RUN <<EOF\n", "echo hi\n", "EOF\n", bulk),
        expect=FINE,
    )
    yield Case(
        f"dockerfile/heredoc-unterminated-{bulk_name}", "Dockerfile", _fill(head + "RUN <<EOF\n", "echo hi\n", "", bulk)
    )
    # many tiny instructions, long lines and words, continuations
    yield Case("dockerfile/instructions-100000", "Dockerfile", (head + "RUN a\n" * 100_000).encode(), expect=FINE)
    yield Case("dockerfile/line-of-one-word-2mib", "Dockerfile", _fill(head + "RUN echo ", "a", "\n"), expect=FINE)
    yield Case(
        f"dockerfile/line-of-words-{bulk_name}", "Dockerfile", _fill(head + "RUN echo", " a", "\n", bulk), expect=FINE
    )
    yield Case(
        f"dockerfile/line-of-commands-{bulk_name}",
        "Dockerfile",
        _fill(head + "RUN true", " && true", "\n", bulk),
        expect=FINE,
    )
    yield Case("dockerfile/env-long-value-2mib", "Dockerfile", _fill(head + "ENV A=", "a", "\n"), expect=FINE)
    yield Case(
        "dockerfile/continuations-100000",
        "Dockerfile",
        (head + "RUN true" + " \\\n && true" * 100_000 + "\n").encode(),
        expect=FINE,
    )
    yield Case(
        "dockerfile/continuations-empty-100000", "Dockerfile", (head + "RUN true" + " \\\n" * 100_000 + "\n").encode()
    )
    yield Case("dockerfile/user-of-5000-zeros", "Dockerfile", (head + "USER " + "0" * 5000 + "\n").encode())
    yield Case("dockerfile/expose-5000-digits", "Dockerfile", (head + "EXPOSE " + "1" * 5000 + "\n").encode())
    yield Case(
        "dockerfile/registry-port-5000-digits",
        "Dockerfile",
        f"FROM localhost:{'1' * 5000}/app:1\nUSER app\n".encode(),
    )
    yield from _undecodable("dockerfile", "Dockerfile", head)


def shell_cases(full: bool = False) -> Iterator[Case]:
    head = "#!/bin/sh\ndocker run --rm alpine:3.20 true\n"
    bulk, bulk_name = _bulk(full)
    for what, build in shell_nestings().items():
        for name, text, depth in _depths(what, build):
            yield Case(f"shell/{name}", "deploy.sh", (head + text + "\n").encode(), depth=depth)
    for name, text, depth in _depths("docker-run-substitution", lambda d: nest("$( ", "echo --privileged", " )", d)):
        yield Case(f"shell/{name}", "deploy.sh", (head + "docker run " + text + " alpine:3.20\n").encode(), depth=depth)
    for name, text, depth in _depths("docker-run-parameter", lambda d: nest("${A:-", "--privileged", "}", d)):
        yield Case(
            f"shell/{name}", "deploy.sh", (head + 'docker run "' + text + '" alpine:3.20\n').encode(), depth=depth
        )
    yield Case("shell/backticks-18", "deploy.sh", (head + _escaped_backticks(18) + "\n").encode())
    yield Case(
        "shell/backticks-100000", "deploy.sh", (head + "docker run" + " `true`" * 100_000 + " alpine\n").encode()
    )
    yield Case(
        "shell/substitutions-100000", "deploy.sh", (head + "docker run" + " $(true)" * 100_000 + " alpine\n").encode()
    )
    yield Case("shell/sh-c-nested-18", "deploy.sh", (head + _nested_sh_c(18) + "\n").encode())
    lines = 30_000 if full else 10_000
    yield Case(
        f"shell/docker-run-lines-{lines}",
        "deploy.sh",
        (head + "docker run --privileged alpine\n" * lines).encode(),
        expect=FINE,
    )
    yield Case(
        f"shell/line-of-words-{bulk_name}",
        "deploy.sh",
        _fill(head + "docker run alpine:3.20 echo", " a", "\n", bulk),
        expect=FINE,
    )
    yield Case(
        "shell/line-of-one-word-2mib", "deploy.sh", _fill(head + "docker run alpine:3.20 echo ", "a", "\n"), expect=FINE
    )
    yield Case(
        "shell/docker-run-env-long-value-2mib",
        "deploy.sh",
        _fill(head + "docker run -e A=", "a", " alpine:3.20\n"),
        expect=FINE,
    )
    yield Case(
        "shell/continuations-100000",
        "deploy.sh",
        (head + "docker run" + " \\\n --rm" * 100_000 + " alpine:3.20\n").encode(),
        expect=FINE,
    )
    yield Case(
        "shell/heredocs-50000",
        "deploy.sh",
        (head + "".join(f"cat <<E{i}\nx\nE{i}\n" for i in range(50_000))).encode(),
        expect=FINE,
    )
    yield from _undecodable("shell", "deploy.sh", head)


def _nested_sh_c(depth: int) -> str:
    """``sh -c '…'`` inside ``sh -c`` ``depth`` deep: each script is parsed again (quotes double)."""
    text = "docker run --privileged alpine:3.20"
    for _level in range(depth):
        text = "sh -c " + json.dumps(text)
    return text


# ---------------------------------------------------------------- Python


def python_cases(full: bool = False) -> Iterator[Case]:
    head = "import subprocess\n\n"
    call = 'subprocess.run(["docker", "run", {}, "alpine:3.20"])\n'
    nestings = {
        "parentheses": lambda d: nest("(", "x", ")", d),
        "lists": lambda d: nest("[", "x", "]", d),
        "calls": lambda d: nest("f(", "x", ")", d),
        "unary-minus": lambda d: "-" * d + "x",
        "not": lambda d: "not " * d + "x",
        "additions": lambda d: "+".join(["x"] * d),
        "attributes": lambda d: "x" + ".a" * d,
        "subscripts": lambda d: "x" + "[0]" * d,
        "lambdas": lambda d: "lambda: " * d + "x",
        "conditional": lambda d: "x if x else " * d + "x",
        "f-strings": _nested_fstring,
    }
    for what, build in nestings.items():
        # around the 500 levels the parser screens, and far past them; f-strings double each level
        depths = (150, 490, *DEPTHS) if what != "f-strings" else (2, 4, 12)
        for name, text, depth in _depths(what, build, depths):
            yield Case(f"python/{name}", "containers.py", (head + call.format(text)).encode(), depth=depth)
    # statements nested as deep as the tokenizer allows (100 indentation levels), and deeper
    for depth in (99, 101, 1_000):
        body = "".join(" " * i + "if x:\n" for i in range(depth)) + " " * depth + call.format('"--privileged"')
        yield Case(f"python/if-blocks-{depth}", "containers.py", (head + body).encode())
    calls = 3_000 if full else 1_000
    yield Case(
        f"python/docker-calls-{calls}",
        "containers.py",
        (head + call.format('"--privileged"') * calls).encode(),
        expect=FINE,
    )
    words = 100_000 if full else 20_000
    yield Case(
        f"python/argv-of-{words}-words",
        "containers.py",
        (head + call.format(", ".join(['"a"'] * words))).encode(),
        expect=FINE,
    )
    yield Case(
        "python/long-string-2mib",
        "containers.py",
        _fill(head + 'subprocess.run(["docker", "run", "', "a", '"])\n'),
        expect=FINE,
    )
    yield Case(
        "python/environment-long-value-2mib",
        "containers.py",
        _fill('import docker\n\ndocker.from_env().containers.run("alpine:3.20", environment={"A": "', "a", '"})\n'),
        expect=FINE,
    )
    yield Case("python/int-of-5000-digits", "containers.py", (head + call.format("1" * 5000)).encode(), expect=PROBLEM)
    yield from _undecodable("python", "containers.py", head + call.format('"--rm"'))
    if full:  # the documented slow case (README: 78 s and 1.9 GiB)
        many = 'subprocess.run(["docker", "run", "--privileged", "alpine:3.20"])\n'
        yield Case("python/docker-calls-2mib", "containers.py", _fill(head, many, ""), expect=FINE)


def _nested_fstring(depth: int) -> str:
    text = "x"
    for _level in range(depth):
        text = "f" + json.dumps("{" + text + "}")
    return text


# ---------------------------------------------------------------- configuration files


def config_cases() -> Iterator[Case]:
    dockerfile = (("Dockerfile", TINY_DOCKERFILE),)

    def config(name: str, file_name: str, data: bytes, expect: str, arguments: tuple[str, ...] = ()) -> Case:
        return Case(f"config/{name}", file_name, data, CONFIG, expect, dockerfile, arguments)

    for depth in (1_000, 50_000):
        yield config(
            f"toml-array-{depth}", ".hullcheck.toml", f"exclude = {nest('[', '', ']', depth)}\n".encode(), PROBLEM
        )
        yield config(
            f"toml-inline-table-{depth}",
            ".hullcheck.toml",
            f"rule-options = {nest('{a = ', '1', '}', depth)}\n".encode(),
            PROBLEM,
        )
        yield config(
            f"yaml-flow-{depth}", ".hullcheck.yaml", f"exclude: {nest('[', '', ']', depth)}\n".encode(), PROBLEM
        )
        yield config(
            f"yaml-flow-mapping-{depth}",
            ".hullcheck.yaml",
            f"rule-options: {nest('{a: ', '1', '}', depth)}\n".encode(),
            PROBLEM,
        )
        yield config(
            f"yaml-compact-{depth}", ".hullcheck.yaml", ("exclude:\n  " + "- " * depth + "x\n").encode(), PROBLEM
        )
        yield config(
            f"pyproject-array-{depth}",
            "pyproject.toml",
            f"[tool.hullcheck]\nexclude = {nest('[', '', ']', depth)}\n".encode(),
            PROBLEM,
        )
        yield config(
            f"pyproject-other-table-{depth}",
            "pyproject.toml",
            f"[project]\nname = 'x'\nx = {nest('[', '', ']', depth)}\n".encode(),
            PROBLEM,
        )
    yield config(
        "toml-array-50000-by-option",
        "hostile.toml",
        f"exclude = {nest('[', '', ']', 50_000)}\n".encode(),
        PROBLEM,
        ("--config", "hostile.toml"),
    )
    yield config(
        "yaml-flow-50000-by-option",
        "hostile.yaml",
        f"exclude: {nest('[', '', ']', 50_000)}\n".encode(),
        PROBLEM,
        ("--config", "hostile.yaml"),
    )
    yield config(
        "yaml-block-2000",
        ".hullcheck.yaml",
        ("rule-options:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2_000))).encode(),
        PROBLEM,
    )
    yield config(
        "yaml-alias-bomb",
        ".hullcheck.yaml",
        (  # a list of lists where strings belong: 10^10 strings, if the error message wrote them all out
            "exclude:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"  - &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
        ).encode(),
        PROBLEM,
    )
    yield config(
        "toml-100000-integers",
        ".hullcheck.toml",
        ("exclude = [" + ", ".join(["12345"] * 100_000) + "]\n").encode(),
        PROBLEM,
    )
    yield config("yaml-python-tag", ".hullcheck.yaml", b"exclude: !!python/object/apply:os.system ['true']\n", PROBLEM)
    yield config("toml-int-of-5000-digits", ".hullcheck.toml", ("fail-on = " + "1" * 5000 + "\n").encode(), PROBLEM)
    yield config("yaml-int-of-5000-digits", ".hullcheck.yaml", ("fail-on: " + "1" * 5000 + "\n").encode(), PROBLEM)
    yield config(
        "toml-rule-option-int-of-5000-digits",
        ".hullcheck.toml",
        ("[rule-options.untrusted-registry]\ntrusted-registries = " + "1" * 5000 + "\n").encode(),
        PROBLEM,
    )
    for file_name, seed in ((".hullcheck.toml", 1), (".hullcheck.yaml", 2), ("pyproject.toml", 3)):
        kind = file_name.rsplit(".", 1)[-1] if file_name != "pyproject.toml" else "pyproject"
        yield config(f"{kind}-binary", file_name, garbage(64 * 1024, seed), PROBLEM)
        yield config(f"{kind}-invalid-utf8", file_name, b"# \xff\xfe\n", PROBLEM)
        yield config(f"{kind}-nul-byte", file_name, b"# a\x00\n", PROBLEM)
        yield config(f"{kind}-empty", file_name, b"", FINE)
    yield config("toml-10mb-comment", ".hullcheck.toml", _fill("", "# " + "x" * 97 + "\n", "", 10 * MIB), MAY)
    yield config("toml-10mb-line", ".hullcheck.toml", _fill('exclude = ["', "a", '"]\n', 10 * MIB), MAY)
    yield config(
        "toml-100000-globs",
        ".hullcheck.toml",
        ("exclude = [" + ", ".join(f'"d{i}/*.txt"' for i in range(100_000)) + "]\n").encode(),
        MAY,
    )
    yield config("yaml-10mb-scalar", ".hullcheck.yaml", _fill('exclude: ["', "a", '"]\n', 10 * MIB), MAY)
    yield config(
        "toml-long-glob",
        ".hullcheck.toml",
        ('exclude = ["' + "*a" * 500_000 + '"]\n').encode(),
        MAY,
    )


# ---------------------------------------------------------------- baselines


def baseline_cases() -> Iterator[Case]:
    dockerfile = (("Dockerfile", b"FROM alpine\nUSER app\n"),)  # one finding: unpinned-image

    def baseline(name: str, data: bytes, expect: str) -> Case:
        return Case(
            f"baseline/{name}", "baseline.json", data, BASELINE, expect, dockerfile, ("--baseline", "baseline.json")
        )

    def document(findings: str) -> bytes:
        return ('{"version": 1, "tool": "hullcheck", "findings": ' + findings + "}\n").encode()

    for depth in (1_000, 100_000):
        yield baseline(f"array-{depth}", nest("[", "", "]", depth).encode(), PROBLEM)
        yield baseline(f"object-{depth}", nest('{"a": ', "1", "}", depth).encode(), PROBLEM)
        yield baseline(f"findings-array-{depth}", document(nest("[", "", "]", depth)), PROBLEM)
    yield baseline(
        "location-nested-100000",
        document(
            '[{"rule": "HC401", "path": "Dockerfile", "location": ' + nest("[", "", "]", 100_000) + ', "count": 1}]'
        ),
        PROBLEM,
    )
    entry = '{"rule": "HC401", "path": "Dockerfile", "location": "stage:0/FROM", "count": 1}'
    yield baseline("binary", garbage(64 * 1024, seed=4), PROBLEM)
    yield baseline("invalid-utf8", b'{"version": 1, "tool": "hullcheck\xff", "findings": []}', PROBLEM)
    yield baseline("nul-byte", b'{"version": 1, "tool": "hullcheck", "findings": []}\x00', PROBLEM)
    yield baseline("empty", b"", PROBLEM)
    yield baseline("truncated", document("[" + entry)[:-3], PROBLEM)
    yield baseline("top-level-list", b"[]", PROBLEM)
    yield baseline("findings-mapping", document("{}"), PROBLEM)
    yield baseline("count-true", document(entry.replace('"count": 1', '"count": true')), PROBLEM)
    yield baseline("count-nan", document(entry.replace('"count": 1', '"count": NaN')), PROBLEM)
    yield baseline("count-of-5000-digits", document(entry.replace('"count": 1', '"count": 1' + "0" * 5000)), PROBLEM)
    yield baseline(
        "version-of-5000-digits", ('{"version": 1' + "0" * 5000 + ', "tool": "hullcheck"}').encode(), PROBLEM
    )
    yield baseline("count-1e400", document(entry.replace('"count": 1', '"count": 1e400')), PROBLEM)
    yield baseline("string-10mb", _fill('{"version": 1, "tool": "', "a", '", "findings": []}', 10 * MIB), PROBLEM)
    many = "".join(
        f'{{"rule": "HC401", "path": "Dockerfile", "location": "stage:{i}/FROM", "count": 1}}, ' for i in range(120_000)
    )
    entries = f"[{many}{entry}]"
    yield baseline("entries-120000", document(entries), FINE)


# ---------------------------------------------------------------- .env, env_file, --env-file, .gitignore


def env_cases() -> Iterator[Case]:
    compose = b"services:\n  web:\n    image: alpine:${TAG:-3.20}\n    user: app\n"
    with_env_file = compose + b"    env_file: hostile.env\n"
    bodies = {
        "binary": (garbage(64 * 1024, seed=5), PROBLEM),
        "nul-byte": (b"TAG=3.20\x00\n", PROBLEM),
        "invalid-utf8": (b"TAG=3.20\xff\n", PROBLEM),
        "over-size": (_fill("TAG=3.20\n", "A=" + "a" * 60 + "\n", "", SIZE_LIMIT + 64), PROBLEM),
        "huge-20mb": (_fill("TAG=3.20\n", "A=" + "a" * 60 + "\n", "", 20 * MIB), PROBLEM),
        "long-line": (_fill("TAG=3.20\nA=", "a", "\n", SIZE_LIMIT - 1024), FINE),
        "variables-100000": (
            ("TAG=3.20\n" + "".join(f"V{i}=${{V{i - 1}:-x}}\n" for i in range(1, 100_000))).encode(),
            FINE,
        ),
        "interpolation-100000": (("TAG=" + nest("${A:-", "3.20", "}", 100_000) + "\n").encode(), MAY),
        "unterminated-quote": (_fill('TAG=3.20\nA="', "x\n", "", SIZE_LIMIT - 1024), MAY),
        "quotes-100000": (('TAG="3.20\n' + "x\n" * 100_000 + '"\n' + 'B="\n' * 100_000).encode(), MAY),
    }
    for what, (data, expect) in bodies.items():
        yield Case(f"env/dotenv-{what}", ".env", data, ENV, expect, (("compose.yaml", compose),))
        yield Case(
            f"env/env-file-option-{what}",
            "hostile.env",
            data,
            ENV,
            expect,
            (("compose.yaml", compose),),
            ("--env-file", "hostile.env"),
        )
        yield Case(f"env/env_file-{what}", "hostile.env", data, ENV, expect, (("compose.yaml", with_env_file),))


def gitignore_cases() -> Iterator[Case]:
    tree = (
        ("Dockerfile", TINY_DOCKERFILE),
        (".git/HEAD", b"ref: refs/heads/main\n"),
        ("sub/Dockerfile", TINY_DOCKERFILE),
    )
    bodies = {
        "binary": (garbage(64 * 1024, seed=6), MAY),
        "nul-byte": (b"build/\x00\n", MAY),
        "invalid-utf8": (b"build/\xff\n", MAY),
        "over-size": (_fill("", "a" * 63 + "\n", "", SIZE_LIMIT + 64), MAY),
        "patterns-100000": ("".join(f"dir{i}/**/*.tmp\n" for i in range(100_000)).encode(), MAY),
        "long-pattern": (("*a" * 500_000 + "\n").encode(), MAY),
        "stars-100000": (("*" * 100_000 + "\n" + "**/" * 30_000 + "x\n").encode(), MAY),
        "brackets-100000": (("[" * 100_000 + "\n" + "[!" * 50_000 + "\n").encode(), MAY),
    }
    for what, (data, expect) in bodies.items():
        yield Case(f"gitignore/{what}", ".gitignore", data, GITIGNORE, expect, tree)


# ---------------------------------------------------------------- all of them


# ---------------------------------------------------------------- other container definitions


def devcontainer_cases() -> Iterator[Case]:
    """JSON with comments: read by a loop with its own stack, so depth is a ParseProblem at the
    bracket that crosses MAX_NESTING, never recursion."""
    name = ".devcontainer/devcontainer.json"
    head = '{"image": "alpine:3.20", "privileged": true, '
    nestings = {
        "arrays-run-args": lambda d: head + '"runArgs": ' + nest("[", "", "]", d) + "}",
        "objects-features": lambda d: head + '"features": ' + nest('{"a": ', "1", "}", d) + "}",
        "comments-between": lambda d: head + '"runArgs": ' + nest("[/* [ */", "", "]", d) + "}",
    }
    for what, build in nestings.items():
        for case_name, text, depth in _depths(what, build):
            yield Case(f"devcontainer/{case_name}", name, text.encode(), expect=PROBLEM, depth=depth)
    yield Case("devcontainer/values-300000", name, _fill('{"image": "alpine:3.20", "runArgs": [', '"-a",', '"x"]}'))
    yield Case(
        "devcontainer/unterminated-comment-2mib", name, _fill('{"image": "alpine:3.20" /*', " *", ""), expect=PROBLEM
    )
    yield Case("devcontainer/unterminated-string-2mib", name, _fill('{"image": "', "a", ""), expect=PROBLEM)
    yield from _undecodable("devcontainer", name, '{"image": "alpine:3.20", "privileged": true}\n')


def workflow_cases() -> Iterator[Case]:
    name = ".github/workflows/ci.yml"
    head = "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    container:\n      image: alpine:3.20\n"
    nestings = {
        "flow-env": lambda d: head + "      env: " + nest("{a: ", "b", "}", d) + "\n",
        "flow-volumes": lambda d: head + "      volumes: " + nest("[", "", "]", d) + "\n",
    }
    for what, build in nestings.items():
        for case_name, text, depth in _depths(what, build):
            yield Case(
                f"workflow/{case_name}", name, text.encode(), expect=PROBLEM if depth >= 30_000 else MAY, depth=depth
            )
    yield Case(
        "workflow/options-of-words-2mib",
        name,
        _fill(head + "      options: --rm", " --privileged", "\n"),
        expect=FINE,
    )
    jobs = "".join(
        f"  j{i}:\n    runs-on: ubuntu-24.04\n    services:\n      db:\n        image: postgres:16\n"
        for i in range(15_000)
    )
    yield Case("workflow/jobs-15000", name, ("on: push\njobs:\n" + jobs).encode(), expect=FINE)
    yield from _undecodable("workflow", name, head)


def gitlab_ci_cases() -> Iterator[Case]:
    name = ".gitlab-ci.yml"
    head = "build:\n  image: docker:27.3-cli\n  script:\n    - docker build .\n"
    nestings = {
        "flow-variables": lambda d: head + "  variables: " + nest("{a: ", "b", "}", d) + "\n",
        "flow-script": lambda d: (
            head.replace("  script:\n    - docker build .\n", "  script: ") + nest("[", "echo", "]", d) + "\n"
        ),
    }
    for what, build in nestings.items():
        for case_name, text, depth in _depths(what, build):
            yield Case(
                f"gitlab-ci/{case_name}", name, text.encode(), expect=PROBLEM if depth >= 30_000 else MAY, depth=depth
            )
    chain = "".join(f".t{i}:\n  extends: .t{i + 1}\n" for i in range(20_000)) + ".t20000:\n  image: alpine:3.20\n"
    yield Case("gitlab-ci/extends-chain-20000", name, (chain + "job:\n  extends: .t0\n  script: [true]\n").encode())
    yield Case(
        "gitlab-ci/include-loop",
        name,
        (head + "include: ci/a.yml\n").encode(),
        expect=MAY,
        companions=(("ci/a.yml", b"include: ci/b.yml\n"), ("ci/b.yml", b"include: ci/a.yml\n")),
    )
    yield from _undecodable("gitlab-ci", name, head)


def quadlet_cases() -> Iterator[Case]:
    name = "web.container"
    head = "[Container]\nImage=docker.io/library/alpine:3.20\n"
    yield Case(
        "quadlet/continuations-100000",
        name,
        (head + "PodmanArgs=--rm" + " \\\n --privileged" * 100_000 + "\n").encode(),
        expect=FINE,
    )
    yield Case("quadlet/volume-lines-100000", name, (head + "Volume=/srv:/srv\n" * 100_000).encode(), expect=FINE)
    yield Case("quadlet/quotes-2mib", name, _fill(head + "PodmanArgs=", '"a b" ', "\n"), expect=FINE)
    yield Case("quadlet/open-quote-2mib", name, _fill(head + 'Exec=sh -c "', "a", "\n"), expect=MAY)
    yield Case(
        "quadlet/volume-units-chain",
        name,
        (head + "Volume=data.volume:/data\nNetwork=a.container\n").encode(),
        expect=MAY,
        companions=(
            ("data.volume", b"[Volume]\nDevice=/var/run/docker.sock\nOptions=bind\n"),
            ("a.container", b"[Container]\nImage=alpine:3.20\nNetwork=b.container\n"),
            ("b.container", b"[Container]\nImage=alpine:3.20\nNetwork=a.container\n"),
        ),
    )
    yield from _undecodable("quadlet", name, head)


def cases(full: bool = False) -> Iterator[Case]:
    yield from compose_cases()
    yield from devcontainer_cases()
    yield from workflow_cases()
    yield from gitlab_ci_cases()
    yield from quadlet_cases()
    yield from dockerfile_cases(full)
    yield from shell_cases(full)
    yield from python_cases(full)
    yield from config_cases()
    yield from baseline_cases()
    yield from env_cases()
    yield from gitignore_cases()


# a GitLab CI file has one name a folder, so its cases are not among them
SYNTAX_FILE_NAMES = {
    "compose": "compose-{}.yaml",
    "dockerfile": "Dockerfile.{}",
    "shell": "s{}.sh",
    "python": "m{}.py",
    "devcontainer": ".devcontainer/c{}/devcontainer.json",
    "workflow": ".github/workflows/w{}.yml",
    "quadlet": "u{}.container",
}


def parallel_folders(count: int = 40) -> Iterator[tuple[str, tuple[tuple[str, bytes], ...]]]:
    """For each linted syntax, ``count`` files of its cases nested 100,000 deep and its
    undecodable ones, taken in turn; and ``count`` Compose projects, each with one of the small
    hostile ``.env`` or ``env_file`` files: scans big enough for the process pool (it starts at 32
    files), whose workers read these files."""
    chosen: dict[str, list[Case]] = {syntax: [] for syntax in SYNTAX_FILE_NAMES}
    projects: list[Case] = []
    for case in cases():
        syntax = case.name.split("/")[0]
        if syntax in chosen and (case.depth == max(DEPTHS) or case.expect == PROBLEM) and not case.companions:
            chosen[syntax].append(case)
        elif case.role == ENV and "option" not in case.name and len(case.data) < 1_000_000:
            projects.append(case)
    for syntax, found in chosen.items():
        files = tuple((SYNTAX_FILE_NAMES[syntax].format(i), found[i % len(found)].data) for i in range(count))
        yield f"{syntax}/{count}-files", files
    layout: list[tuple[str, bytes]] = []
    for i in range(count):
        project = projects[i % len(projects)]
        layout += [(f"p{i}/{name}", data) for name, data in (*project.companions, (project.file_name, project.data))]
    yield f"env/{count}-projects", tuple(layout)


if __name__ == "__main__":
    full = "--full" in sys.argv
    for case in cases(full):
        size = len(case.data) + sum(len(data) for _name, data in case.companions)
        print(f"{case.name:<48} {case.file_name:<16} {case.role:<9} {case.expect:<8} {size:>10,}")
