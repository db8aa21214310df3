"""The lint command's options, declared once, and a reader for command lines written plainly.

hullcheck.cli builds its argparse parsers from these declarations: argparse answers ``--help``,
usage errors and every unusual spelling. A command line written plainly — each option by its
whole name, a value in its own word or after ``--name=``, the paths in one run — is read here
without it: importing argparse (with gettext and locale) and building the parser was 19 M of
the 205 M instructions of ``hullcheck --no-cache Dockerfile`` (tests/bench/cold_profile.py).
Anything else, and any value argparse would refuse, is left to argparse, which then reads the
whole line; tests/test_arguments.py checks on generated command lines that whatever is read
here, argparse reads the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace

from hullcheck.config import FAIL_ON
from hullcheck.engine.lint import DEFAULT_MAX_FILE_SIZE
from hullcheck.outputs import COLORS, FORMATS
from hullcheck.records import Record

# hullcheck's commands and what each does; a first argument that is none of them is a path to lint
COMMANDS = {
    "check": "lint files and folders: the default, 'hullcheck PATH ...' is 'hullcheck check PATH ...'",
    "rules": "list the rules: code, name, severity and summary",
    "explain": "print one rule's documentation and options (by code or name)",
    "config": "print the configuration that applies to a path (default '.')",
    "cache": "show (info) or empty (clean) the result cache",
    "lsp": "run the language server, for editors",
}
DESCRIPTION = (  # wrapped at 79 columns as written: --help prints it so
    "Static security analysis of container definitions: Dockerfiles, Docker Compose\n"
    "files, dev containers, GitHub Actions and GitLab CI files, Podman Quadlet\n"
    "units, and the Python code (Docker SDK, testcontainers, python-on-whales,\n"
    "subprocess) and shell scripts (docker run) that start containers."
)


class UsageError(Exception):
    """A mistake on the command line: ``hullcheck: error: MESSAGE``, and exit code 2."""


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def size(text: str) -> int:
    """Bytes, or with K or M: ``4M``, ``512K``, ``100000``."""
    units = {"K": 1024, "M": 1024 * 1024}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    if not (number.isascii() and number.isdigit()) or int(number) == 0:
        raise ValueError(f"expected a size such as 4M, 512K or 100000, got {text!r}")
    return int(number) * unit


def jobs(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        raise ValueError(f"expected a number of processes, such as 4, got {text!r}")
    return int(text)


class Option(Record, frozen=True, slots=True):
    """One option, in argparse's terms; a converter raises ValueError with the message to show."""

    flags: tuple[str, ...]
    help: str
    # argparse's actions, and "ordered": store, and append (dest, value) to output_order, so
    # that each --format pairs with the -o after it (hullcheck.outputs.plan_outputs)
    action: str = "store"
    dest: str = ""  # "": the long flag's name, as argparse names it
    default: object = None
    const: object = None
    convert: Callable[[str], object] | None = None
    choices: tuple[str, ...] | None = None
    metavar: str | None = None

    @property
    def name(self) -> str:
        """Where the value goes: the attribute of the parsed arguments."""
        long_flag = next((flag for flag in self.flags if flag.startswith("--")), self.flags[0])
        return self.dest or long_flag.lstrip("-").replace("-", "_")

    @property
    def takes_value(self) -> bool:
        return self.action in ("store", "ordered", "extend", "append")


class OptionGroup(Record, frozen=True, slots=True):
    """Options listed together by --help under ``title`` (None: with the general options)."""

    title: str | None
    options: tuple[Option, ...]


OUTPUT_OPTIONS = OptionGroup(
    None,
    (
        Option(
            ("--format",),
            "output format (default: full); repeat for several outputs, each followed by its -o",
            action="ordered",
            default="full",
            choices=FORMATS,
        ),
        Option(
            ("-o", "--output"),
            "write the report of the --format before it to FILE instead of stdout",
            action="ordered",
            metavar="FILE",
        ),
        Option(
            ("--sarif-category",),
            "SARIF automationDetails.id: tells GitHub apart several uploads of hullcheck in one repository",
            metavar="CATEGORY",
        ),
        Option(
            ("--statistics",),
            "print the number of findings of each rule instead of the findings (full, concise or json)",
            action="store_true",
            default=False,
        ),
        Option(
            ("-q", "--quiet"),
            "print the findings only, without the summary; -qq: print nothing, only the exit code tells "
            "(files named with -o are still written; warnings and errors still go to stderr)",
            action="count",
            default=0,
        ),
        Option(("-s", "--silent"), "the same as -qq", action="store_const", dest="quiet", const=2),
        Option(
            ("--color",),
            "colour the full output: auto (the default) colours a terminal, unless NO_COLOR is set "
            "(non-empty) or TERM=dumb; FORCE_COLOR (non-empty) colours any output",
            default="auto",
            choices=COLORS,
        ),
    ),
)
LINT_OPTIONS = OptionGroup(
    "what to check: rules, configuration, Compose projects",
    (
        Option(
            ("--select",),
            "run only these rules: codes, code prefixes or names, comma-separated",
            action="extend",
            convert=comma_list,
            metavar="RULES",
        ),
        Option(
            ("--extend-select",),
            "run these rules too, e.g. the ones off by default",
            action="extend",
            convert=comma_list,
            default=[],
            metavar="RULES",
        ),
        Option(
            ("--ignore",), "do not run these rules", action="extend", convert=comma_list, default=[], metavar="RULES"
        ),
        Option(
            ("--rule-option",),
            "set a rule option, e.g. untrusted-registry.trusted-registries=ghcr.io,registry.example.com (repeatable)",
            action="append",
            default=[],
            metavar="RULE.OPTION=VALUE",
        ),
        Option(
            ("--use-environment",),
            "let Compose interpolation read the process environment (after .env)",
            action="store_true",
            default=False,
        ),
        Option(
            ("--compose-file",),
            "a file of the Compose project to lint, as with 'docker compose -f' (repeatable; merged in order)",
            action="append",
            default=[],
            metavar="FILE",
        ),
        Option(
            ("--env-file",),
            "read Compose interpolation variables from FILE instead of the project's .env (repeatable)",
            action="append",
            default=[],
            metavar="FILE",
        ),
        Option(
            ("--max-file-size",),
            "skip (and report) files larger than SIZE: bytes, or with K or M (default: 2M)",
            convert=size,
            default=DEFAULT_MAX_FILE_SIZE,
            metavar="SIZE",
        ),
        Option(
            ("--no-python",),
            "do not lint Python files (directory scans take in *.py files that may start containers)",
            action="store_true",
            default=False,
        ),
        Option(
            ("--config",),
            "use this configuration file for every path (default: the nearest .hullcheck.toml, "
            ".hullcheck.yaml or pyproject.toml with [tool.hullcheck] above each file)",
            metavar="FILE",
        ),
        Option(
            ("--no-inline-suppressions",),
            "report findings that '# hullcheck: ignore[…]' comments and hadolint pragmas would silence",
            action="store_true",
            default=False,
        ),
    ),
)
RUN_OPTIONS = OptionGroup(
    "the run: input, processes, cache, baselines",
    (
        Option(
            ("--no-gitignore",),
            "walk folders without leaving out what .gitignore files ignore",
            action="store_true",
            default=False,
        ),
        Option(
            ("--fail-on",),
            "lowest severity that makes the exit code 1 (default: the configuration's fail-on, else warning)",
            choices=FAIL_ON,
        ),
        Option(
            ("--stdin-filename",),
            "the name of the file read from stdin: decides its kind and names it in findings",
            metavar="NAME",
        ),
        Option(
            ("--follow-symlinks",),
            "follow symbolic links to folders, and to files outside the scanned folder",
            action="store_true",
            default=False,
        ),
        Option(
            ("-j", "--jobs"),
            "lint on up to N processes (default: the CPUs available; a handful of files is linted in one)",
            convert=jobs,
            metavar="N",
        ),
        Option(
            ("--no-cache",),
            "do not read or write the result cache ($HULLCHECK_CACHE_DIR, else $XDG_CACHE_HOME/hullcheck "
            "or ~/.cache/hullcheck; at most $HULLCHECK_CACHE_MAX_SIZE, default 100M; see 'hullcheck cache')",
            action="store_true",
            default=False,
        ),
        Option(("--no-color",), "the same as --color never", action="store_const", dest="color", const="never"),
        Option(
            ("--sarif-include-suppressed",),
            "write suppressed findings to SARIF too, marked with 'suppressions' (GitHub shows them as open alerts)",
            action="store_true",
            default=False,
        ),
        Option(("--baseline",), "report only findings not recorded in FILE (see --write-baseline)", metavar="FILE"),
        Option(
            ("--write-baseline",),
            "record the current findings in FILE, so that --baseline FILE reports only new ones",
            metavar="FILE",
        ),
    ),
)
FIX_OPTIONS = OptionGroup(
    "fixes: edits that remove findings, and suppressions written for you",
    (
        Option(
            ("--fix",),
            "apply the safe fixes to the files (stdin: write the fixed text to stdout), then report what remains",
            action="store_true",
            default=False,
        ),
        Option(
            ("--unsafe-fixes",),
            "with --fix, --fix-only or --diff: the unsafe fixes too, which change how a container runs (review them)",
            action="store_true",
            default=False,
        ),
        Option(
            ("--diff",),
            "print what --fix would change as a unified diff (patch -p1, git apply) and write nothing; "
            "exit 1 when there is something to fix",
            action="store_true",
            default=False,
        ),
        Option(
            ("--fix-only",), "apply the fixes as --fix does, and report nothing", action="store_true", default=False
        ),
        Option(
            ("--add-suppressions",),
            "add '# hullcheck: ignore[RULE] -- REASON' for every finding reported (after --fix's fixes), "
            "and report nothing",
            metavar="REASON",
        ),
    ),
)
# printed and exited on by argparse (hullcheck.cli), never read here
VERSION_OPTION = Option(
    ("--version",), "print hullcheck's version, and the ShellCheck it runs, and exit", action="version"
)
# the lint command's options in --help's order (which is also the order of argparse's
# suggestions for an abbreviation that could mean several)
LINT_COMMAND = (OUTPUT_OPTIONS, LINT_OPTIONS, RUN_OPTIONS, FIX_OPTIONS, OptionGroup(None, (VERSION_OPTION,)))


def defaults(groups: Sequence[OptionGroup]) -> dict[str, object]:
    """The parsed arguments of a command line with no options, as argparse gives them."""
    values: dict[str, object] = {"paths": [], "output_order": []}
    for group in groups:
        for option in group.options:
            values.setdefault(option.name, list(option.default) if isinstance(option.default, list) else option.default)
    return values


def read_plain_command_line(
    arguments: Sequence[str], groups: Sequence[OptionGroup] = LINT_COMMAND
) -> SimpleNamespace | None:
    """The parsed arguments of a lint command line written plainly; None for any other (argparse
    reads those, and answers --help, --version and mistakes)."""
    by_flag = {flag: option for group in groups for option in group.options for flag in option.flags}
    values = defaults(groups)
    paths: list[str] = []
    paths_ended = False  # argparse takes one run of paths: a path after options after paths is an error
    words = iter(arguments)
    for word in words:
        if word == "-" or not word.startswith("-"):
            if paths_ended:
                return None
            paths.append(word)
            continue
        paths_ended = bool(paths)
        flag, equals, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        option = by_flag.get(flag)
        if option is None or option.action == "version":
            return None  # -h, an abbreviation, -qq, -j2, --, a mistake
        if not option.takes_value:
            if equals:
                return None
            values[option.name] = (
                True
                if option.action == "store_true"
                else option.const
                if option.action == "store_const"
                else _as_int(values[option.name]) + 1
            )
            continue
        text = inline if equals else next(words, None)
        if text is None or (text.startswith("-") and text != "-" and not equals):
            return None  # a value missing, or one argparse would take for an option
        if option.choices is not None and text not in option.choices:
            return None
        try:
            value = text if option.convert is None else option.convert(text)
        except ValueError:
            return None
        if option.action == "extend":
            values[option.name] = [*_as_list(values[option.name]), *_as_list(value)]
        elif option.action == "append":
            values[option.name] = [*_as_list(values[option.name]), value]
        else:
            values[option.name] = value
            if option.action == "ordered":
                values["output_order"] = [*_as_list(values["output_order"]), (option.name, value)]
    values["paths"] = paths
    return SimpleNamespace(**values)


def _as_int(value: object) -> int:
    return value if isinstance(value, int) else 0  # a count starts from None as from 0


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
