"""Where a run's report goes: one or several formats, each to a file or to standard output.

``--format X -o FILE`` (in either order) is one output, as it always was. Several ``--format``
options make several outputs: each ``-o`` belongs to the ``--format`` just before it, and only
the last format may go without ``-o``, to standard output::

    hullcheck --format sarif -o out.sarif --format github --format full
                                          ^ error: needs -o  ^ stdout
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from hullcheck.records import Record
from hullcheck.reporters.report import Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

FORMATS = ("full", "concise", "json", "sarif", "github", "gitlab", "junit")


class OutputError(ValueError):
    """Outputs that cannot be paired or written; the message says which and why."""


class Output(Record, frozen=True, slots=True):
    format: str
    path: str | None = None  # None: standard output


def plan_outputs(order: Sequence[tuple[str, str]], default_format: str) -> list[Output]:
    """The outputs of ``--format``/``-o`` options given in ``order`` (``(dest, value)`` pairs)."""
    formats = [value for dest, value in order if dest == "format"]
    paths = [value for dest, value in order if dest == "output"]
    if len(formats) <= 1 and len(paths) <= 1:
        return [Output(formats[0] if formats else default_format, paths[0] if paths else None)]
    outputs: list[Output] = []
    for dest, value in order:
        if dest == "format":
            outputs.append(Output(value))
        elif not outputs:
            raise OutputError(f"-o {value} comes before any --format: write --format FORMAT -o {value}")
        elif outputs[-1].path is not None:
            raise OutputError(f"-o {value}: --format {outputs[-1].format} already writes to {outputs[-1].path}")
        else:
            outputs[-1] = Output(outputs[-1].format, value)
    for output in outputs[:-1]:
        if output.path is None:
            raise OutputError(
                f"--format {output.format} has no -o FILE: with several formats, only the last one "
                "may go to standard output"
            )
    written = [os.path.realpath(output.path) for output in outputs if output.path is not None]
    twice = next((path for path in written if written.count(path) > 1), None)
    if twice is not None:
        raise OutputError(f"two formats would write to {twice}")
    return outputs


def refuse_scanned_files(outputs: Sequence[Output], report: Report) -> None:
    """hullcheck never writes a file it scans: an ``-o`` naming one is an error."""
    written = [output for output in outputs if output.path is not None]
    scanned = report.scanned_files() if written else set()  # the real path of every input: not for stdout
    for output in written:
        if output.path is not None and os.path.realpath(output.path) in scanned:
            raise OutputError(f"-o {output.path} names a file this run scans; hullcheck does not overwrite it")


class Presentation(Record, frozen=True, slots=True):
    """How the outputs are written, beyond their format."""

    color: str = "auto"  # always, never, or auto: see use_color
    quiet: int = 0  # 1 (-q): findings only, no summary; 2 (-qq, --silent): nothing on standard output
    statistics: bool = False  # --statistics: counts by rule instead of findings (text and JSON formats)
    sarif_category: str | None = None
    include_suppressed: bool = False  # --sarif-include-suppressed


COLORS = ("auto", "always", "never")
STATISTICS_FORMATS = ("full", "concise", "json")


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour ``stream``: ``always`` and ``never`` decide; ``auto`` follows the
    conventions, in this order: a non-empty ``NO_COLOR`` (no-color.org) turns colour off, a
    non-empty ``FORCE_COLOR`` (force-color.org) on, ``TERM=dumb`` off; else colour on a terminal."""
    if mode != "auto":
        return mode == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def check_statistics(outputs: Sequence[Output]) -> None:
    """--statistics is counts as text or JSON: the other formats have no place for them."""
    for output in outputs:
        if output.format not in STATISTICS_FORMATS:
            raise OutputError(
                f"--statistics writes counts as text or JSON ({', '.join(STATISTICS_FORMATS)}), "
                f"not --format {output.format}"
            )


def write_outputs(report: Report, outputs: Sequence[Output], presentation: Presentation, console: TextIO) -> None:
    """Each output to its file, or to ``console`` (stdout; stderr when stdout holds fixed text)."""
    for output in outputs:
        if output.path is None:
            if presentation.quiet < 2:
                render(report, output.format, console, presentation, use_color(presentation.color, console))
            continue
        try:
            with open(output.path, "w", encoding="utf-8") as stream:
                render(report, output.format, stream, presentation, color=False)
        except OSError as error:
            raise OutputError(f"cannot write {output.path}: {error.strerror}") from None


def render(report: Report, output_format: str, stream: TextIO, presentation: Presentation, color: bool) -> None:
    """Write ``report`` to ``stream`` in ``output_format``; each reporter is imported only when used."""
    quiet = presentation.quiet > 0
    if presentation.statistics and output_format in ("full", "concise"):
        from hullcheck.reporters.text import write_statistics

        write_statistics(report, stream, quiet)
    elif presentation.statistics and output_format == "json":
        from hullcheck.reporters.json_format import write_json_statistics

        write_json_statistics(report, stream)
    elif output_format == "full":
        from hullcheck.reporters.text import write_full

        write_full(report, stream, color, quiet)
    elif output_format == "concise":
        from hullcheck.reporters.text import write_concise

        write_concise(report, stream)
    elif output_format == "json":
        from hullcheck.reporters.json_format import write_json

        write_json(report, stream)
    elif output_format == "sarif":
        from hullcheck.reporters.sarif import write_sarif

        write_sarif(report, stream, presentation.sarif_category, presentation.include_suppressed)
    elif output_format == "github":
        from hullcheck.reporters.github import write_github

        write_github(report, stream)
    elif output_format == "gitlab":
        from hullcheck.reporters.gitlab import write_gitlab

        write_gitlab(report, stream)
    elif output_format == "junit":
        from hullcheck.reporters.junit import write_junit

        write_junit(report, stream)
    else:
        raise OutputError(f"no output format {output_format!r}")  # the command line's choices keep this out
