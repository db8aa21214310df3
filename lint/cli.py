"""The ``hullcheck`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from hullcheck import __version__
from hullcheck.engine.findings import Severity
from hullcheck.engine.runner import DEFAULT_MAX_FILE_SIZE

if TYPE_CHECKING:
    from hullcheck.engine.options import OptionValue
    from hullcheck.reporters.report import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("full", "concise", "json", "sarif")
FAIL_ON = ("error", "warning", "note", "never")


class UsageError(Exception):
    pass


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _size(text: str) -> int:
    units = {"K": 1024, "M": 1024 * 1024}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    if not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(f"expected a size such as 4M, 512K or 100000, got {text!r}")
    return int(number) * unit


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hullcheck",
        description="Static security analysis of Dockerfiles and Compose files.",
        epilog="Other commands: 'hullcheck rules' lists the rules; 'hullcheck explain CODE' prints one rule's docs. "
        "Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' reads stdin); default '.'"
    )
    parser.add_argument("--format", choices=FORMATS, default="full", help="output format (default: full)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--select",
        type=_comma_list,
        action="extend",
        metavar="RULES",
        help="run only these rules: codes, code prefixes or names, comma-separated",
    )
    parser.add_argument(
        "--ignore", type=_comma_list, action="extend", default=[], metavar="RULES", help="do not run these rules"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="warning",
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    parser.add_argument(
        "--rule-option",
        action="append",
        default=[],
        metavar="RULE.OPTION=VALUE",
        help="set a rule option, e.g. untrusted-registry.trusted-registries=ghcr.io,registry.example.com (repeatable)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of the file read from stdin: decides its kind and names it in findings",
    )
    parser.add_argument(
        "--use-environment",
        action="store_true",
        help="let Compose interpolation read the process environment (after .env)",
    )
    parser.add_argument(
        "--max-file-size",
        type=_size,
        default=DEFAULT_MAX_FILE_SIZE,
        metavar="SIZE",
        help="skip (and report) files larger than SIZE: bytes, or with K or M (default: 2M)",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links to folders, and to files outside the scanned folder",
    )
    parser.add_argument("--no-color", action="store_true", help="no colour in full output (also: NO_COLOR set)")
    parser.add_argument("--version", action="version", version=f"hullcheck {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments[:1] == ["rules"]:
            return _list_rules(arguments[1:])
        if arguments[:1] == ["explain"]:
            return _explain(arguments[1:])
        return _lint(build_parser().parse_args(arguments))
    except UsageError as error:
        print(f"hullcheck: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (``| head``) went away: stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS


def _list_rules(arguments: list[str]) -> int:
    from hullcheck.engine.registry import all_rules, catalog

    if arguments:
        raise UsageError(f"'rules' takes no arguments, got {' '.join(arguments)}")
    default_on = {rule.code for rule in all_rules() if rule.enabled_by_default}
    for info in catalog():
        state = "" if info.code in default_on or info.code == "HC001" else "  (off by default)"
        print(f"{info.code}  {info.name:<28} {info.severity.value:<8} {info.summary}{state}")
    return EXIT_CLEAN


def _explain(arguments: list[str]) -> int:
    from hullcheck.engine.registry import catalog

    if len(arguments) != 1:
        raise UsageError("usage: hullcheck explain CODE-OR-NAME")
    wanted = arguments[0]
    from hullcheck.engine.registry import all_rules

    for info in catalog():
        if wanted.upper() == info.code or wanted.lower() == info.name:
            print(f"# {info.code} {info.name} ({info.severity.value})\n\n{info.docs}\n\nFix: {info.fix}")
            rule = next((r for r in all_rules() if r.code == info.code), None)
            for name, option in (rule.options if rule else {}).items():
                print(f"Option {name} ({option.kind}, default {option.default!r}): {option.help}")
            return EXIT_CLEAN
    raise UsageError(f"no rule {wanted!r}; 'hullcheck rules' lists them")


def _lint(options: argparse.Namespace) -> int:
    from hullcheck.engine.registry import UnknownRule, select_rules
    from hullcheck.engine.runner import LintOptions
    from hullcheck.run import run

    try:
        rules = select_rules(options.select, options.ignore)
    except UnknownRule as error:
        raise UsageError(f"unknown rule {error}: 'hullcheck rules' lists them") from None
    parse_errors_ignored = any("HC001".startswith(s.upper()) or s.lower() == "parse-error" for s in options.ignore)
    parse_errors_selected = options.select is None or any(
        "HC001".startswith(s.upper()) or s.lower() in ("parse-error", "all") for s in options.select
    )
    lint_options = LintOptions(
        rules=rules,
        rule_settings=_rule_settings(options.rule_option),
        report_parse_errors=parse_errors_selected and not parse_errors_ignored,
        use_environment=options.use_environment,
        max_file_size=options.max_file_size,
    )
    paths = options.paths or ["."]
    if options.stdin_filename and "-" not in paths:
        raise UsageError("--stdin-filename goes with '-' as the path")
    for path in paths:
        if path != "-" and not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
    report = run(paths, lint_options, stdin_name=options.stdin_filename, follow_symlinks=options.follow_symlinks)
    _write(report, options)
    return _exit_code(report, options.fail_on)


def _rule_settings(assignments: list[str]) -> dict[str, dict[str, OptionValue]]:
    from hullcheck.engine.options import OptionError, settings_from_assignments
    from hullcheck.engine.registry import all_rules

    try:
        return settings_from_assignments(assignments, all_rules())
    except OptionError as error:
        raise UsageError(str(error)) from None


def _write(report: Report, options: argparse.Namespace) -> None:
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as stream:
                _render(report, options, stream, color=False)
        except OSError as error:
            raise UsageError(f"cannot write {options.output}: {error.strerror}") from None
    else:
        color = not options.no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
        _render(report, options, sys.stdout, color)


def _render(report: Report, options: argparse.Namespace, stream: TextIO, color: bool) -> None:
    for result in report.results:
        if result.note:
            print(f"hullcheck: {result.path}: {result.note}", file=sys.stderr)
    if options.format == "full":
        from hullcheck.reporters.text import write_full

        write_full(report, stream, color)
    elif options.format == "concise":
        from hullcheck.reporters.text import write_concise

        write_concise(report, stream)
    elif options.format == "json":
        from hullcheck.reporters.json_format import write_json

        write_json(report, stream)
    else:
        from hullcheck.reporters.sarif import write_sarif

        write_sarif(report, stream)


def _exit_code(report: Report, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    failing = any(finding.severity.rank >= threshold for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
