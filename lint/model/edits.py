"""Where the model lets a fix edit the file: the words written exactly as they read, and the
places right after them.

A fix is edits at spans of the model (see hullcheck.engine.findings.Fix); it may only be built
where a span is known to hold the text the model read from it. A shell word qualifies when it
was read from shell text (not an exec form's JSON), is written as it reads (no quotes, escapes
or expansions: its raw text is its value) and its span covers exactly that text, on one line.
"""

from __future__ import annotations

from hullcheck.model.shell import ShellCommand, is_assignment
from hullcheck.model.span import Located, Span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.findings import Fix, TextEdit
    from hullcheck.model.container import Container
    from hullcheck.model.dockerfile import Dockerfile, Instruction, Stage

# what a shell runs itself: written as the first word of an exec form, it would be looked up as
# a program, which there is none of (or one that does something else)
SHELL_BUILTINS = frozenset(
    {
        ".", ":", "alias", "break", "builtin", "cd", "command", "continue", "declare", "eval", "exec", "exit",
        "export", "getopts", "hash", "local", "read", "readonly", "return", "set", "shift", "source", "times",
        "trap", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    }
)  # fmt: skip
# characters a shell word may hold and mean the same unquoted and as an exec form's argument
_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,")


def exactly_written(located: Located[str]) -> bool:
    """The span covers one line holding exactly the value (as long as it is)."""
    span = located.span
    return span.line == span.end_line and span.end_column - span.column == len(located.value)


def plain_text(text: str) -> bool:
    """``text`` is one word of characters that mean the same unquoted and in an exec form."""
    return bool(text) and set(text) <= _PLAIN


def plain_word(command: ShellCommand, word: Located[str]) -> bool:
    """``word`` (one of ``command``'s) is read from shell text, written as it reads and located
    exactly: an edit beside it lands where the shell reads it."""
    if not command.offsets:  # an exec form's word, or an argv list's
        return False
    try:
        index = command.words.index(word)
    except ValueError:
        return False
    return command.raw[index] == word.value and exactly_written(word)


def after(located: Located[object] | Span) -> Span:
    """The place right after ``located``: a span of no width, to insert at."""
    span = located if isinstance(located, Span) else located.span
    return span.at(span.end_line, span.end_column, span.end_line, span.end_column)


def setting_fix(container: Container, title: str, edits: tuple[TextEdit, ...] | None, option: str) -> Fix | None:
    """The unsafe fix giving ``container`` a runtime setting, whichever way it is defined: the
    Compose ``edits`` (``title``) where there are some, else ``option`` (``--read-only``) added
    to a ``docker run`` command line read from shell text, right after its ``run`` word; None
    where the model knows no place for either."""
    from hullcheck.engine.findings import Applicability, Fix, TextEdit

    if edits:
        return Fix(title, edits, Applicability.UNSAFE)
    place = container.new_option_at
    return None if place is None else Fix(f"Add {option}", (TextEdit(place, f" {option}"),), Applicability.UNSAFE)


def exec_form_words(command: ShellCommand) -> list[str] | None:
    """The words of a command that a shell would run as an exec form runs them: a program that is
    no shell builtin, and words of plain characters (nothing quoted, expanded, globbed or
    assigned); None for any other command."""
    words = [word.value for word in command.words]
    if not words or command.redirects or command.substitutions or command.header is not None:
        return None
    if is_assignment(words[0]) or words[0] in SHELL_BUILTINS or words[0].startswith("-"):
        return None
    if list(command.raw) != words or not all(word and set(word) <= _PLAIN for word in words):
        return None
    return words


def written_keyword(instruction: Instruction, keyword: str) -> str:
    """``keyword`` (upper case) in the case the instruction's own keyword is written in."""
    written = instruction.written_keyword or instruction.keyword.value
    if written.islower():
        return keyword.lower()
    return keyword if written.isupper() else keyword.capitalize()


def line_before(instruction: Instruction, line: str) -> TextEdit:
    """The edit putting ``line`` on a line of its own right above ``instruction`` and the
    comment lines that describe it: an instruction starts its line (after blanks), so nothing
    it continues is split."""
    from hullcheck.engine.findings import TextEdit

    at = instruction.keyword.span
    first = at.line
    for comment in reversed(instruction.comments):  # those on the lines right above it
        if comment.span.line != first - 1:
            break
        first -= 1
    return TextEdit(at.at(first, 1, first, 1), f"{line}\n")


def runtime_place(dockerfile: Dockerfile, stage: Stage, start: int = 0) -> Instruction | None:
    """The instruction that a USER for the container (not the build) goes right above: after
    the stage's last RUN (and its instruction ``start``), the first CMD, ENTRYPOINT or
    HEALTHCHECK, else the next instruction, else the next stage's FROM; None when the stage
    ends with a RUN, or has ONBUILD triggers (they run in the builds of images made from it,
    as the user it sets)."""
    # here, not at the top: the fixes of Compose files need no Dockerfile model (14 ms to import)
    from hullcheck.model.dockerfile import (
        CommandInstruction,
        HealthcheckInstruction,
        OnbuildInstruction,
        RunInstruction,
    )

    instructions = stage.instructions
    if any(isinstance(instruction, OnbuildInstruction) for instruction in instructions):
        return None
    runs = [index for index, instruction in enumerate(instructions) if isinstance(instruction, RunInstruction)]
    rest = instructions[max([start, *(index + 1 for index in runs)]) :]
    commands = [i for i in rest if isinstance(i, (CommandInstruction, HealthcheckInstruction))]
    following = [next_stage.from_instruction for next_stage in dockerfile.stages[stage.index + 1 : stage.index + 2]]
    return next(iter(commands or rest or following), None)


def new_setting(container: Container, setting: str) -> tuple[TextEdit, ...] | None:
    """The edit adding ``setting`` (``key: value``, written as a flow mapping's value would be)
    to a Compose service as a key of its own: on a line after its last one at its keys'
    indentation, or after a flow mapping's last value; None where the model knows no place, or
    the service is written with the key (null, or an empty list)."""
    from hullcheck.engine.findings import TextEdit
    from hullcheck.model.container import Origin

    place = container.new_setting_at
    if container.origin is not Origin.COMPOSE or place is None or setting.partition(":")[0] in container.written_keys:
        return None
    return (TextEdit(place.span, f"{place.value}{setting}"),)


def appended_item(container: Container, key: str, item: str) -> tuple[TextEdit, ...] | None:
    """The edit appending ``item`` to the Compose list setting ``key`` of a service, written as
    its last item is (block or flow, in its quotes); None where the model knows no place."""
    from hullcheck.engine.findings import TextEdit
    from hullcheck.model.container import Origin

    end = container.list_ends.get(key)
    if container.origin is not Origin.COMPOSE or end is None:
        return None
    return (TextEdit(end.at, end.before + yaml_scalar(item, end.quote, flow=end.flow)),)


# YAML 1.1 words a plain scalar would read as true, false or null, not as text
_YAML_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"})


def yaml_scalar(text: str, quote: str, *, flow: bool) -> str:
    """``text`` as a YAML scalar in ``quote`` (``'``, ``"``); with none, plain where it reads
    the same unquoted, else in double quotes."""
    if not quote and _plain_yaml(text, flow=flow):
        return text
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain_yaml(text: str, *, flow: bool) -> bool:
    """Whether ``text`` reads as that string written as a plain YAML scalar: plain characters,
    no number, boolean or null, no ``:`` at its ends (nor at all in a flow collection, where
    libyaml refuses it in a plain scalar)."""
    allowed = _PLAIN - {",", "%", "@", "="} - ({":"} if flow else set())
    if not text or not set(text) <= allowed or text[0] in "-:0123456789" or text.endswith(":"):
        return False
    return text.lower() not in _YAML_WORDS
