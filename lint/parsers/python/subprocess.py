"""Programs run from Python: the docker or podman command lines they run, read by the docker CLI
parser.

- ``subprocess.run/call/check_call/check_output/Popen``: an argv list (``*starred`` items and
  lists added to it may stand for any number of words), a ``shlex.split(…)`` string, or with
  ``shell=True`` a string run by a shell;
- ``os.system``, ``os.popen``, ``subprocess.getoutput/getstatusoutput`` and
  ``asyncio.create_subprocess_shell``: a string run by a shell;
- ``asyncio.create_subprocess_exec(program, *args)``: the argv as its positional arguments.

An argv that runs a shell with ``-c`` runs the string after it as a script. ``env={"DOCKER_HOST":
…}`` is read as if the command line began with ``DOCKER_HOST=…``.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from hullcheck.model.container import EngineCalls, Origin
from hullcheck.model.span import Span
from hullcheck.parsers.docker_cli import Argument, read_command, script_calls
from hullcheck.parsers.python.evaluator import Evaluator, argument, keyword_argument
from hullcheck.parsers.python.library import Library
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_file import SHELLS

_MAX_OPERANDS = 8  # ``+`` operations read into one argv (``base + extra + …``), each nested in the next

_RUN_ARGV = (
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
)
_RUN_SHELL_STRING = (
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
)
_EXEC_ARGUMENTS = ("asyncio.create_subprocess_exec",)


def read_run(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``run(args, shell=…, env=…)`` and its siblings."""
    args = argument(call, 0, "args")
    if args is None:
        return EngineCalls()
    shell = keyword_argument(call, "shell")
    shell_on = shell is not None and evaluator.boolean(shell).value is not False
    environment = _environment_of(call)
    words = _argv_words(evaluator, args)
    split = evaluator.follow(args)
    if words is not None:
        return _argv(evaluator, words, environment)
    if isinstance(split, cst.Call) and evaluator.qualified(split.func) == {"shlex.split"}:
        text = argument(split, 0, "s")
        return _shell_string(evaluator, text, environment) if text is not None else EngineCalls()
    return _shell_string(evaluator, args, environment) if shell_on else EngineCalls()


def read_shell_command(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``system(cmd)``, ``popen(cmd)``, ``create_subprocess_shell(cmd)`` …"""
    command = argument(call, 0, "cmd")
    return _shell_string(evaluator, command, _environment_of(call)) if command is not None else EngineCalls()


def read_exec(evaluator: Evaluator, call: cst.Call) -> EngineCalls:
    """``create_subprocess_exec("docker", "run", *more)``."""
    words = [evaluator.word(arg.value, splits=arg.star == "*") for arg in call.args if not arg.keyword]
    return _argv(evaluator, words)


def _argv_words(evaluator: Evaluator, node: cst.BaseExpression, depth: int = 0) -> list[Argument] | None:
    """An argv list as words: a ``*starred`` item, or a list added to it (``base + extra``)
    that is not a literal, may stand for any number of words. None when it is no list."""
    target = evaluator.follow(node)
    if isinstance(target, (cst.List, cst.Tuple)):
        return [
            evaluator.word(element.value, splits=isinstance(element, cst.StarredElement)) for element in target.elements
        ]
    if isinstance(target, cst.BinaryOperation) and isinstance(target.operator, cst.Add) and depth < _MAX_OPERANDS:
        left = _argv_words(evaluator, target.left, depth + 1)
        right = _argv_words(evaluator, target.right, depth + 1)
        if left is None and right is None:
            return None
        return [
            *(left if left is not None else [evaluator.word(target.left, splits=True)]),
            *(right if right is not None else [evaluator.word(target.right, splits=True)]),
        ]
    return None


def _argv(evaluator: Evaluator, words: list[Argument], environment: cst.BaseExpression | None = None) -> EngineCalls:
    """An argv list run as it is; when it runs a shell with ``-c``, the string is a script."""
    words = [*_environment_words(evaluator, environment), *words]
    calls = read_command(words, Origin.SUBPROCESS)
    for index, word in enumerate(words[:-2]):
        program = word.text.rsplit("/", 1)[-1]
        if program in SHELLS and words[index + 1].text == "-c":
            code = words[index + 2]
            script = parse_shell(code.text, code.span_of, exact=code.exact, expanded=code.unknown)
            add_nested_scripts(script)
            calls.extend(script_calls(script, Origin.SUBPROCESS))
            break
    return calls


def _shell_string(
    evaluator: Evaluator, node: cst.BaseExpression, environment: cst.BaseExpression | None
) -> EngineCalls:
    """A string run by a shell: a script, whose commands may run docker."""
    word = evaluator.word(node)
    if word.unknown:
        return EngineCalls()
    script = parse_shell(word.text, word.span_of, exact=word.exact)
    add_nested_scripts(script)
    return script_calls(script, Origin.SUBPROCESS, _environment_words(evaluator, environment))


def _environment_words(evaluator: Evaluator, environment: cst.BaseExpression | None) -> list[Argument]:
    """``env={"DOCKER_HOST": …}`` as the ``NAME=value`` words a shell would put first."""
    words: list[Argument] = []
    for key, value in (evaluator.entries(environment) if environment is not None else None) or []:
        name = evaluator.key_text(key)
        if name in ("DOCKER_HOST", "DOCKER_TLS_VERIFY"):
            word = evaluator.word(value)
            words.append(
                Argument(
                    f"{name}={word.text}",
                    word.span,
                    _shifted(word.span_of, len(name) + 1),
                    word.unknown,
                    reason=word.reason,
                )
            )
    return words


def _environment_of(call: cst.Call) -> cst.BaseExpression | None:
    found = keyword_argument(call, "env")
    return found.value if found is not None else None


def _shifted(span_of: Callable[[int, int], Span], by: int) -> Callable[[int, int], Span]:
    """Offsets into ``prefix + text`` for offsets into ``text``, where ``prefix`` is ``by`` long."""
    return lambda start, end: span_of(max(start - by, 0), max(end - by, 0))


LIBRARY = Library(
    functions={
        **dict.fromkeys(_RUN_ARGV, read_run),
        **dict.fromkeys(_RUN_SHELL_STRING, read_shell_command),
        **dict.fromkeys(_EXEC_ARGUMENTS, read_exec),
    }
)
