"""The ``hullcheck`` command."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping, Sequence
from types import SimpleNamespace

from hullcheck.arguments import COMMANDS, LINT_OPTIONS, Option, OptionGroup, UsageError, read_plain_command_line, size
from hullcheck.engine.findings import Severity
from hullcheck.outputs import OutputError
from hullcheck.parsers.source import cleaned_path
from hullcheck.reporters.printable import json_safe, printable
from hullcheck.suggestions import did_you_mean_rule, known_rules

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.cache import ResultCache
    from hullcheck.config import Settings
    from hullcheck.engine.findings import RuleInfo
    from hullcheck.engine.rule import Rule
    from hullcheck.reporters.report import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def missing_shellcheck() -> str | None:
    """Why there is no ShellCheck to run (``was not found: install it …``), if there is none."""
    import shutil  # with its archive modules, 2 ms at a start: only a run that needs ShellCheck asks

    from hullcheck.engine.shellcheck import INSTALL_HINT, PROGRAM_VARIABLE, find_shellcheck

    program = find_shellcheck()
    if program is None:
        return f"was not found: {INSTALL_HINT}"
    if shutil.which(program) is None:
        return f"is named by ${PROGRAM_VARIABLE} as {program!r}, which is not a program to run"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = arguments[0] if arguments else None
    try:
        if command in COMMANDS and os.path.lexists(command):
            _warn_ambiguous(command)
        if command == "rules":
            return _list_rules(arguments[1:])
        if command == "explain":
            return _explain(arguments[1:])
        if command == "lsp":
            return _language_server(arguments[1:])
        if command == "config":
            return _show_config(arguments[1:])
        if command == "cache":
            return _cache(arguments[1:])
        if command == "check":
            return _lint(read_lint_command_line(arguments[1:], "hullcheck check"))
        return _lint(read_lint_command_line(arguments))
    except (UsageError, OutputError) as error:
        print(f"hullcheck: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (``| head``) went away: stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS


def read_lint_command_line(arguments: Sequence[str], prog: str = "hullcheck") -> SimpleNamespace:
    """The parsed arguments of a lint: read plainly when they are written so (without loading
    argparse), else by argparse, which raises UsageError for a mistake and exits for --help."""
    plain = read_plain_command_line(arguments)
    if plain is not None:
        return plain
    from hullcheck.command_parsers import build_parser

    return build_parser(prog).parse_args(arguments, SimpleNamespace())


def warn(message: str) -> None:
    """A warning on stderr, on one line: whatever a path or a file holds, it cannot reach the terminal."""
    print(f"hullcheck: warning: {printable(message)}", file=sys.stderr)


def _warn_ambiguous(command: str) -> None:
    """``hullcheck config`` in a repository with a ``config/`` folder: the command runs, and the
    user learns how to lint the folder instead."""
    kind = "folder" if os.path.isdir(command) else "file"
    doing = "linting '.'" if command == "check" else f"running the command 'hullcheck {command}'"
    warn(
        f"'{command}' is a command and also a {kind} here: {doing}; to lint the {kind}, "
        f"write 'hullcheck check {command}' or 'hullcheck ./{command}'"
    )


def _list_rules(arguments: list[str]) -> int:
    import json  # not loaded by a run that writes no JSON

    from hullcheck.command_parsers import Parser
    from hullcheck.engine.registry import all_rules, catalog

    parser = Parser(prog="hullcheck rules", description=COMMANDS["rules"])
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: every rule with its group, default state, options, hadolint codes and BuildKit checks",
    )
    output = parser.parse_args(arguments).format
    rules = {rule.code: rule for rule in all_rules()}
    if output == "json":
        print(json.dumps([_rule_entry(info, rules.get(info.code)) for info in catalog()], indent=2))
        return EXIT_CLEAN
    for info in catalog():
        rule = rules.get(info.code)
        state = "  (off by default)" if rule is not None and not rule.enabled_by_default else ""
        print(f"{info.code}  {info.name:<28} {info.severity.value:<8} {info.summary}{state}")
    return EXIT_CLEAN


def _rule_entry(info: RuleInfo, rule: type[Rule] | None) -> dict[str, object]:
    """One rule of ``hullcheck rules --format json`` (an engine code has no rule class)."""
    return {
        "code": info.code,
        "name": info.name,
        "group": info.group,
        "enabled_by_default": rule.enabled_by_default if rule is not None else True,
        "severity": info.severity.value,
        "security_severity": info.security_severity,
        "summary": info.summary,
        "advice": info.advice,
        "help_uri": info.help_uri,
        "hadolint_codes": list(info.hadolint_codes),
        "buildkit_checks": list(info.buildkit_checks),
        "options": {
            name: {
                "kind": option.kind,
                "default": list(option.default) if isinstance(option.default, tuple) else option.default,
                "choices": list(option.choices),
                "help": option.help,
            }
            for name, option in (rule.options if rule is not None else {}).items()
        },
    }


def _explain(arguments: list[str]) -> int:
    from hullcheck.command_parsers import Parser
    from hullcheck.engine.registry import all_rules, find_rules

    parser = Parser(prog="hullcheck explain", description=COMMANDS["explain"])
    parser.add_argument("rule", metavar="RULE", help="a rule's code (HC201) or name (privileged-container)")
    wanted = parser.parse_args(arguments).rule
    named = find_rules(wanted) or tuple(
        info for info in known_rules() if wanted.upper() == info.code or wanted.lower() == info.name
    )
    info = named[0] if named else None
    if info is None:
        raise UsageError(f"no rule {wanted!r}{did_you_mean_rule(wanted)}; 'hullcheck rules' lists them")
    print(f"# {info.code} {info.name} ({info.severity.value})\n\n{info.docs.rstrip()}\n\nAdvice: {info.advice}")
    rule = next((r for r in all_rules() if r.code == info.code), None)
    for name, option in (rule.options if rule else {}).items():
        print(f"Option {name} ({option.kind}, default {option.default!r}): {option.help}")
    return EXIT_CLEAN


def _language_server(arguments: list[str]) -> int:
    """``hullcheck lsp [OPTIONS]``: the lint options given apply to every document."""
    from hullcheck.command_parsers import Parser, add_options
    from hullcheck.lsp import DEFAULT_DEBOUNCE_SECONDS

    parser = Parser(
        prog="hullcheck lsp",
        description="A language server on stdin and stdout: diagnostics and quick fixes in the editor. "
        "The options apply to every document, over the configuration file found for it.",
    )
    add_options(parser, LINT_OPTIONS)
    parser.set_defaults(fail_on=None, no_gitignore=False)  # the run's options the settings read: no meaning here
    debounce = Option(
        ("--debounce",),
        f"lint an edited document after this long without a change (default: {DEFAULT_DEBOUNCE_SECONDS})",
        convert=_seconds,
        default=DEFAULT_DEBOUNCE_SECONDS,
        metavar="SECONDS",
    )
    add_options(parser, OptionGroup(None, (debounce,)))
    options, unknown = parser.parse_known_args(arguments, SimpleNamespace())
    if unknown:
        raise UsageError(
            f"'lsp' takes lint options (--select, --ignore, --config …), not paths, outputs or baselines: "
            f"{' '.join(unknown)}"
        )
    settings = build_settings(options)  # checks the options and a --config file before the editor connects
    try:
        from hullcheck.lsp.server import serve
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in ("pygls", "lsprotocol"):
            raise
        raise UsageError("the language server needs its libraries: pip install 'hullcheck[lsp]'") from None
    gc.enable()  # hullcheck.run starts the program without the cyclic collector: an editor's session is long
    return serve(settings, options.debounce)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 60:
        raise ValueError(f"expected seconds from 0 to 60, such as 0.3, got {text!r}")
    return seconds


def _lint(options: SimpleNamespace) -> int:
    from hullcheck.config import ConfigError
    from hullcheck.outputs import Presentation, check_statistics, plan_outputs, refuse_scanned_files, write_outputs
    from hullcheck.parallel import available_cpus
    from hullcheck.scan import scan

    outputs = plan_outputs(options.output_order, options.format)
    if options.statistics:
        check_statistics(outputs)
    if options.sarif_category is not None:
        if not options.sarif_category.strip():
            raise UsageError("--sarif-category needs a name, such as hullcheck/dockerfiles")
        if not any(output.format == "sarif" for output in outputs):
            raise UsageError("--sarif-category goes with --format sarif")
    if options.baseline and options.write_baseline:
        raise UsageError("--baseline and --write-baseline go in separate runs: --write-baseline records every finding")
    settings = build_settings(options)
    # --compose-file alone lints that project, as ``docker compose -f`` would load it
    paths = options.paths or options.compose_file[:1] or ["."]
    _check_project_files(options)
    if options.stdin_filename and "-" not in paths:
        raise UsageError("--stdin-filename goes with '-' as the path")
    for path in paths:
        if path != "-" and not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
    _check_fix_options(options, paths)
    cache = None if options.no_cache else _open_cache()
    fixed_stdin = False  # stdin's fixed text went to stdout: the report goes to stderr
    try:
        _check_shellcheck(settings, [options.stdin_filename or "." if path == "-" else path for path in paths])
        if options.fix or options.fix_only or options.diff or options.add_suppressions is not None:
            remaining = _fix(options, settings, paths, cache)
            if isinstance(remaining, int):
                return remaining
            report, fixed_stdin = remaining, "-" in paths
        else:
            report = scan(
                paths,
                settings,
                stdin_name=options.stdin_filename,
                follow_symlinks=options.follow_symlinks,
                jobs=options.jobs or available_cpus(),
                cache=cache,
            )
        if cache is not None:
            cache.prune()
        refuse_scanned_files(outputs, report)
        if options.write_baseline or options.baseline:
            _apply_baseline(options, report)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    for result in report.results:
        if result.note:
            print(f"hullcheck: {printable(result.path)}: {printable(result.note)}", file=sys.stderr)
    if not report.results:
        warn(
            f"no container definition (Dockerfile, Compose file, dev container, CI workflow, Quadlet unit, "
            f"shell script or Python file) found in {', '.join(paths)}; nothing was checked"
        )
    elif all(result.note is not None for result in report.results):
        warn("no file was checked: each file found was passed over (see above)")
    presentation = Presentation(
        color=options.color,
        quiet=options.quiet,
        statistics=options.statistics,
        sarif_category=options.sarif_category,
        include_suppressed=options.sarif_include_suppressed,
    )
    write_outputs(report, outputs, presentation, sys.stderr if fixed_stdin else sys.stdout)
    return _exit_code(report, options.fail_on)


def _check_fix_options(options: SimpleNamespace, paths: list[str]) -> None:
    fixing = options.fix or options.fix_only or options.diff
    if options.unsafe_fixes and not fixing:
        raise UsageError("--unsafe-fixes goes with --fix, --fix-only or --diff")
    if options.fix_only and options.fix:
        raise UsageError("--fix-only is --fix without the report: give one of them")
    if options.diff and (options.fix_only or options.add_suppressions is not None):
        raise UsageError("--diff writes nothing: it goes without --fix-only and --add-suppressions")
    if options.add_suppressions is not None:
        reason = options.add_suppressions
        if not reason.strip() or "\n" in reason or "\r" in reason:
            raise UsageError("--add-suppressions needs a reason, on one line: --add-suppressions 'accepted as it was'")
    if not fixing and options.add_suppressions is None:
        return
    if "-" in paths and len(paths) > 1:
        raise UsageError("fixing stdin ('-') goes alone: its fixed text is written to stdout")
    if options.baseline or options.write_baseline:
        raise UsageError("--baseline and --write-baseline go in runs without fixes or --add-suppressions")


def _fix(options: SimpleNamespace, settings: Settings, paths: list[str], cache: ResultCache | None) -> Report | int:
    """Apply the fixes the options ask for (see hullcheck.fixes), then write the suppressions
    asked for. The report of what remains, or the exit code when nothing is to be reported
    (--diff, --fix-only, --add-suppressions)."""
    from hullcheck.fixes import STDIN, FixRun, add_suppressions, fix_in_rounds, unified_diff, write_fixed
    from hullcheck.parallel import available_cpus
    from hullcheck.parsers.source import ContentsInMemory
    from hullcheck.scan import scan

    jobs = options.jobs or available_cpus()
    stdin_name = options.stdin_filename or "-"
    stdin = sys.stdin.buffer.read() if "-" in paths else None  # all of it: what is too large passes through

    def lint(in_memory: Mapping[str, bytes], stdin_data: bytes | None) -> Report:
        with ContentsInMemory(in_memory):
            return scan(
                paths,
                settings,
                stdin_name=options.stdin_filename,
                follow_symlinks=options.follow_symlinks,
                jobs=1 if in_memory else jobs,  # what is in memory is in this process only
                cache=None if in_memory else cache,
                stdin_data=stdin_data,
            )

    def fix_run(unsafe: bool) -> FixRun:
        run = FixRun(unsafe, stdin_name=stdin_name if stdin is not None else None)
        if stdin is not None:
            run.originals[STDIN] = run.fixed[STDIN] = stdin
            run.shown[STDIN] = stdin_name
        return run

    run = fix_run(options.unsafe_fixes)
    fixing = options.fix or options.fix_only or options.diff
    report = fix_in_rounds(run, lint) if fixing else lint({}, stdin)
    changed = run.changes()
    if options.diff:
        _write_stdout(unified_diff(run).encode("utf-8"))
        _say(f"would fix {_count(len(run.applied), 'finding')} in {_count(len(changed), 'file')}")
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    written = write_fixed(run)
    for path in written.refused:
        warn(f"{path} changed on disk while hullcheck fixed it: not written")
    if run.applied:
        _say(f"fixed {_count(len(run.applied), 'finding')} in {_count(len(changed), 'file')}")
    if written.refused:
        report = lint({}, run.fixed.get(STDIN))  # what remains is what is on disk
    stdin_text = run.fixed.get(STDIN)
    if options.add_suppressions is not None:
        suppressing = fix_run(unsafe=False)
        if stdin_text is not None:
            suppressing.originals[STDIN] = suppressing.fixed[STDIN] = stdin_text
        added = add_suppressions(suppressing, report, options.add_suppressions.strip())
        stdin_text = suppressing.fixed.get(STDIN)
        for path in write_fixed(suppressing).refused:
            warn(f"{path} changed on disk while hullcheck wrote suppressions: not written")
        _say(f"added {_count(added, 'suppression comment')}")
    if stdin_text is not None:
        _write_stdout(stdin_text)
    if options.fix_only or options.add_suppressions is not None:
        return EXIT_FINDINGS if written.refused else EXIT_CLEAN
    return report


def _say(message: str) -> None:
    """What a fix run did, on stderr (stdout holds the report, a diff or stdin's fixed text)."""
    print(f"hullcheck: {message}", file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _check_shellcheck(settings: Settings, paths: list[str]) -> None:
    """A usage error when the settings of a path given select the shellcheck rule (``--select
    SC2086``, ``best-practice``, ``ALL``, or a configuration file's) and there is no ShellCheck
    to run: never a run that passes without it. (A configuration deeper in a folder that
    selects it gives its files an internal error saying the same.)"""
    from hullcheck.engine.registry import checks_scripts
    from hullcheck.engine.shellcheck import RULE_CODE

    rules = {rule for path in paths for rule in settings.for_file(path).options.rules}
    if not any(checks_scripts(rule) for rule in rules):
        return
    missing = missing_shellcheck()
    if missing is not None:
        raise UsageError(f"the shellcheck rule ({RULE_CODE}) is selected, but ShellCheck {missing}")


def _check_project_files(options: SimpleNamespace) -> None:
    """Each ``--compose-file`` is a regular file (what it holds is linted: a finding if it is
    wrong) and each ``--env-file`` one that reads as text: else a usage error naming it."""
    from hullcheck.parsers.source import UnreadableFile, read_text_file

    for name in options.compose_file:
        if not os.path.isfile(name):
            raise UsageError(
                f"--compose-file {name}: {'not a regular file' if os.path.exists(name) else 'no such file'}"
            )
    for name in options.env_file:
        try:
            read_text_file(name, options.max_file_size)
        except UnreadableFile as unreadable:
            raise UsageError(f"--env-file {name}: {unreadable}") from None


def _open_cache() -> ResultCache | None:
    """The result cache, or None after a one-line warning when its folder is not safe to use."""
    from hullcheck.cache import CacheRefused, ResultCache, cache_directory

    try:
        return ResultCache.open(cache_directory(), _cache_max_size())
    except CacheRefused as refused:
        warn(f"{refused}; running without a cache")
        return None


def _cache_max_size() -> int:
    """The cache's size limit: $HULLCHECK_CACHE_MAX_SIZE, in the syntax of --max-file-size."""
    from hullcheck.cache import DEFAULT_MAX_SIZE

    given = os.environ.get("HULLCHECK_CACHE_MAX_SIZE")
    if not given:
        return DEFAULT_MAX_SIZE
    try:
        return size(given)
    except ValueError as error:
        raise UsageError(f"HULLCHECK_CACHE_MAX_SIZE: {error}") from None


def _cache(arguments: list[str]) -> int:
    """``hullcheck cache info|clean``: what the result cache holds, or empty it."""
    from hullcheck.cache import ResultCache, cache_directory
    from hullcheck.command_parsers import Parser

    parser = Parser(
        prog="hullcheck cache",
        description="The result cache: $HULLCHECK_CACHE_DIR, else $XDG_CACHE_HOME/hullcheck or ~/.cache/hullcheck. "
        "After a run that stored results, the least recently used are removed until it holds at most "
        "$HULLCHECK_CACHE_MAX_SIZE (bytes, or with K or M; default 100M).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("info", help="print the folder, its size and limit, and the number of entries")
    commands.add_parser("clean", help="remove every entry (of any hullcheck version); always safe")
    command = parser.parse_args(arguments).command
    cache = ResultCache(cache_directory(), _cache_max_size())
    if command == "clean":
        removed = cache.clear()
        print(f"removed {removed.entries + removed.other_entries:,} entries ({removed.size:,} bytes) from {cache.root}")
        return EXIT_CLEAN
    usage = cache.usage()
    print(f"folder:  {cache.root}")
    print(f"size:    {_mebibytes(usage.size)}")
    print(f"limit:   {_mebibytes(cache.max_size)}, from $HULLCHECK_CACHE_MAX_SIZE (default 100M)")
    print(f"entries: {usage.entries:,} of this hullcheck; {usage.other_entries:,} of others (removed by later runs)")
    refusal = cache.refusal()
    if refusal is not None:
        print(f"not used: {refusal}")
    return EXIT_CLEAN


def _mebibytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB ({size:,} bytes)"


def build_settings(options: SimpleNamespace) -> Settings:
    """What to check and how, for each file: the parsed arguments over the configuration files."""
    from hullcheck.config import ConfigError, Overrides, Settings
    from hullcheck.engine.options import OptionError, given_from_assignments
    from hullcheck.engine.registry import UnignorableRule, UnknownRule, all_rules, check_ignorable, check_selectors

    try:
        check_selectors([*(options.select or []), *options.extend_select, *options.ignore])
    except UnknownRule as error:
        raise UsageError(
            f"unknown rule '{error}'{did_you_mean_rule(str(error))}: 'hullcheck rules' lists them"
        ) from None
    try:
        check_ignorable(options.ignore)
    except UnignorableRule as error:
        raise UsageError(str(error)) from None
    try:
        rule_options = given_from_assignments(options.rule_option, all_rules()) if options.rule_option else {}
    except OptionError as error:
        raise UsageError(str(error)) from None
    if options.config is not None and not os.path.isfile(options.config):
        raise UsageError(f"--config {options.config}: no such file")
    overrides = Overrides(
        select=options.select,
        extend_select=options.extend_select,
        ignore=options.ignore,
        fail_on=options.fail_on,
        rule_options=rule_options,
        inline_suppressions=not options.no_inline_suppressions,
        config_file=cleaned_path(options.config) if options.config is not None else None,
        respect_gitignore=not options.no_gitignore,
        use_environment=options.use_environment,
        compose_files=tuple(os.path.abspath(name) for name in options.compose_file),
        env_files=tuple(os.path.abspath(name) for name in options.env_file),
        max_file_size=options.max_file_size,
        python=not options.no_python,
    )
    try:
        return Settings(overrides)
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _show_config(arguments: list[str]) -> int:
    """``hullcheck config [OPTIONS] [PATH]``: the configuration that applies to PATH."""
    from hullcheck.command_parsers import build_parser
    from hullcheck.config import ConfigError, describe

    parser = build_parser("hullcheck config")
    parser.usage = "hullcheck config [OPTIONS] [PATH] | hullcheck config --from-hadolint FILE"
    parser.description = "Print the configuration that applies to PATH (default '.'), command-line options applied."
    parser.add_argument(
        "--from-hadolint",
        type=cleaned_path,
        metavar="FILE",
        help="print the [tool.hullcheck] table equivalent to this hadolint configuration (.hadolint.yaml)",
    )
    options = parser.parse_args(arguments, SimpleNamespace())
    if options.from_hadolint is not None:
        return _from_hadolint(options.from_hadolint, options.paths)
    if len(options.paths) > 1 or options.paths == ["-"]:
        raise UsageError("'config' takes one path: the file or folder whose configuration to print")
    path = cleaned_path(options.paths[0] if options.paths else ".")
    try:
        described = describe(build_settings(options), path).split("\n")
        # paths in its comments as printable escapes; TOML strings as \u escapes, which read back the same
        print("\n".join(printable(line) if line.startswith("#") else json_safe(line) for line in described), end="")
    except ConfigError as error:
        raise UsageError(str(error)) from None
    return EXIT_CLEAN


def _from_hadolint(path: str, paths: list[str]) -> int:
    from hullcheck.config import ConfigError
    from hullcheck.hadolint_config import translate_hadolint_config

    if paths:
        raise UsageError("'config --from-hadolint FILE' takes no path: it translates FILE")
    try:
        print(json_safe(translate_hadolint_config(path)), end="")
    except ConfigError as error:
        raise UsageError(str(error)) from None
    return EXIT_CLEAN


def _apply_baseline(options: SimpleNamespace, report: Report) -> None:
    """``--write-baseline``: record the report's findings, then leave them out; ``--baseline``:
    leave out the findings recorded."""
    from hullcheck.baseline import BaselineError, apply_baseline, write_baseline

    try:
        if options.write_baseline:
            baseline = cleaned_path(options.write_baseline)
            _refuse_scanned_baseline(baseline, report)
            recorded = write_baseline(report, baseline)
            print(f"hullcheck: recorded {recorded} finding(s) in the baseline {baseline}", file=sys.stderr)
            apply_baseline(report, baseline)
            return
        outcome = apply_baseline(report, cleaned_path(options.baseline))
    except BaselineError as error:
        raise UsageError(str(error)) from None
    if outcome.stale:
        print(
            f"hullcheck: {outcome.stale} finding(s) recorded in {options.baseline} were not found (fixed?): "
            f"record the baseline again (--write-baseline {options.baseline}) so they are reported "
            "if they come back",
            file=sys.stderr,
        )


def _refuse_scanned_baseline(baseline: str, report: Report) -> None:
    """hullcheck never writes a file it scans."""
    if os.path.realpath(baseline) in report.scanned_files():
        raise UsageError(f"--write-baseline {baseline} names a file this run scans; hullcheck does not overwrite it")


def _exit_code(report: Report, fail_on: str | None) -> int:
    """1 when a file has a finding at or above its threshold: ``--fail-on``, else the file's
    configuration's ``fail-on``."""
    for result in report.results:
        threshold = fail_on or result.fail_on
        if threshold != "never" and any(f.severity.rank >= Severity(threshold).rank for f in result.findings):
            return EXIT_FINDINGS
    return EXIT_CLEAN
