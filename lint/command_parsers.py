"""hullcheck's argparse parsers, built from the declarations of hullcheck.arguments: they answer
``--help``, usage errors and the command lines hullcheck.arguments does not read plainly, and
parse the commands other than the lint. Loaded only then: argparse, with gettext and locale,
is a tenth of a one-file run's start."""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from collections.abc import Callable, Sequence

from hullcheck import __version__
from hullcheck.arguments import COMMANDS, DESCRIPTION, LINT_COMMAND, OptionGroup, UsageError
from hullcheck.reporters.printable import printable
from hullcheck.suggestions import SHORT_WORD_CUTOFF, did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line, a suggestion for a mistyped option or choice,
    and no usage block in front: ``hullcheck: error: … (see hullcheck --help)``."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}{self._suggestion(message)} (see '{self.prog} --help')")

    def _suggestion(self, message: str) -> str:
        unknown = message.partition("unrecognized arguments: ")[2]
        option = next((word.partition("=")[0] for word in unknown.split() if word.startswith("-")), None)
        if option is not None:
            return did_you_mean(option, self._option_string_actions, cutoff=SHORT_WORD_CUTOFF)
        choice = re.search(r"invalid choice: '(.*?)' \(choose from (.*)\)$", message)
        if choice is not None:
            return did_you_mean(choice.group(1), re.findall(r"'(.*?)'", choice.group(2)))
        return ""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, measuring the terminal without shutil: argparse makes a formatter for each
    option it adds, and its own would load shutil (with bz2 and lzma: 2 ms of every start)."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


@functools.cache
def _terminal_columns() -> int:
    """The terminal's columns as shutil.get_terminal_size finds them: $COLUMNS, else stdout's
    terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.__stdout__ is None:
        return 80
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (ValueError, OSError):
        return 80


def build_parser(prog: str = "hullcheck") -> argparse.ArgumentParser:
    width = max(len(name) for name in COMMANDS)
    commands = "\n".join(f"  {name:<{width}}  {line}" for name, line in COMMANDS.items())
    usage = f"{prog} [OPTIONS] [PATH ...]"
    if prog == "hullcheck":
        usage += "\n       hullcheck COMMAND [OPTIONS] [ARGUMENTS] (the commands are listed below)"
    parser = Parser(
        prog=prog,
        usage=usage,
        description=DESCRIPTION,
        epilog=f"commands ('hullcheck COMMAND --help' for each):\n{commands}\n\n"
        "A folder named like a command is linted with 'hullcheck check NAME' or 'hullcheck ./NAME'.\n"
        "Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error.",
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' reads stdin); default '.'"
    )
    for group in LINT_COMMAND:
        add_options(parser, group)
    parser.set_defaults(output_order=[])  # (dest, value) of each --format and -o, in order
    return parser


class _Version(argparse.Action):
    """``--version``: hullcheck's version, then the ShellCheck its shellcheck rule runs (found
    only when asked: it is another program to start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_arguments: object) -> NoReturn:
        from hullcheck.cli import missing_shellcheck
        from hullcheck.engine.shellcheck import find_shellcheck, shellcheck_version

        missing = missing_shellcheck()
        if missing is None:
            program = find_shellcheck()
            assert program is not None
            shellcheck = f"ShellCheck {shellcheck_version(program) or '(version unknown)'} ({program})"
        else:
            shellcheck = f"ShellCheck {missing}"
        print(f"hullcheck {__version__}\n{printable(shellcheck)}")
        parser.exit()


def add_options(parser: argparse.ArgumentParser, group: OptionGroup) -> None:
    """Add the options of ``group`` (hullcheck.arguments) to ``parser``."""
    where = parser if group.title is None else parser.add_argument_group(group.title)
    for option in group.options:
        settings: dict[str, Any] = {"dest": option.dest} if option.dest else {}
        if option.action == "version":
            settings.update(action=_Version, nargs=0)
        elif option.action == "ordered":
            settings.update(action=_RecordOrder, default=option.default, choices=option.choices)
        else:
            settings.update(action=option.action, default=option.default)
            if option.action == "store_const":
                settings["const"] = option.const
            if option.takes_value:
                settings["choices"] = option.choices
        if option.convert is not None:
            settings["type"] = _argparse_type(option.convert)
        if option.metavar is not None:
            settings["metavar"] = option.metavar
        where.add_argument(*option.flags, help=option.help, **settings)


def _argparse_type(convert: Callable[[str], object]) -> Callable[[str], object]:
    """``convert`` as argparse's ``type``: its ValueError's message is argparse's error message
    (argparse would say ``invalid jobs value: 'x'`` instead)."""

    def converted(text: str) -> object:
        try:
            return convert(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    converted.__name__ = convert.__name__
    return converted


class _RecordOrder(argparse.Action):
    """Store the value as ``store`` does, and also append ``(dest, value)`` to ``output_order``,
    so ``--format`` and ``-o`` can be paired by position (hullcheck.outputs.plan_outputs)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.output_order = [*getattr(namespace, "output_order", []), (self.dest, values)]
