"""Where a run's report goes: one or several formats, each to a file or to standard output.

``--format X -o FILE`` (in either order) is one output, as it always was. Several ``--format``
options make several outputs: each ``-o`` belongs to the ``--format`` just before it, and only
the last format may go without ``-o``, to standard output::

    hullcheck --format sarif -o out.sarif --format github --format full
                                          ^ error: needs -o  ^ stdout
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from hullcheck.reporters.report import Report

FORMATS = ("full", "concise", "json", "sarif", "github", "gitlab", "junit")


class OutputError(ValueError):
    """Outputs that cannot be paired or written; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Output:
    format: str
    path: str | None = None  # None: standard output


class RecordOrder(argparse.Action):
    """Store the value as ``store`` does, and also append ``(dest, value)`` to ``output_order``,
    so ``--format`` and ``-o`` can be paired by position."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.output_order = [*getattr(namespace, "output_order", []), (self.dest, values)]


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
    scanned = report.scanned_files()
    for output in outputs:
        if output.path is not None and os.path.realpath(output.path) in scanned:
            raise OutputError(f"-o {output.path} names a file this run scans; hullcheck does not overwrite it")


def write_outputs(
    report: Report,
    outputs: Sequence[Output],
    no_color: bool,
    sarif_category: str | None,
    include_suppressed: bool = False,  # --sarif-include-suppressed
) -> None:
    for output in outputs:
        if output.path is None:
            color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
            render(report, output.format, sys.stdout, color, sarif_category, include_suppressed)
            continue
        try:
            with Path(output.path).open("w", encoding="utf-8") as stream:
                render(report, output.format, stream, False, sarif_category, include_suppressed)
        except OSError as error:
            raise OutputError(f"cannot write {output.path}: {error.strerror}") from None


def render(
    report: Report,
    output_format: str,
    stream: TextIO,
    color: bool,
    sarif_category: str | None,
    include_suppressed: bool = False,
) -> None:
    """Write ``report`` to ``stream`` in ``output_format``; each reporter is imported only when used."""
    if output_format == "full":
        from hullcheck.reporters.text import write_full

        write_full(report, stream, color)
    elif output_format == "concise":
        from hullcheck.reporters.text import write_concise

        write_concise(report, stream)
    elif output_format == "json":
        from hullcheck.reporters.json_format import write_json

        write_json(report, stream)
    elif output_format == "sarif":
        from hullcheck.reporters.sarif import write_sarif

        write_sarif(report, stream, sarif_category, include_suppressed)
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
        raise OutputError(f"no output format {output_format!r}")  # argparse's choices keep this out
