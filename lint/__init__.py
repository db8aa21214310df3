"""hullcheck: a static security analyzer for Dockerfiles, Compose files and the code that starts containers."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing's, which the program would import before turning the collector off
if TYPE_CHECKING:
    from typing import NoReturn

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/hullcheck/hullcheck"


def run() -> NoReturn:
    """The ``hullcheck`` program (its console script, and ``python -m hullcheck``):
    :func:`hullcheck.cli.main` on its arguments, then an exit that frees nothing, as mypy's
    (``util.hard_exit``): tearing down the modules and objects of a run is 2 ms of the 60 ms of
    a one-file run, with nothing left to do (outputs are closed, pools shut down).

    The cyclic collector is off from the start, before the command line is imported: what a
    start makes (modules, classes, rules) lives as long as the process, and walking it again and
    again at Python's default threshold was 4 ms of a one-file run's 58. A lint of many files
    turns it on (hullcheck.parallel.collect_less), as the language server does."""
    import gc
    import os
    import sys

    gc.disable()
    from hullcheck.cli import EXIT_FINDINGS, main

    code = main()
    try:
        if not sys.stdout.closed:  # the language server's is, once its client said exit
            sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (``| head``): as main answers it
        code = EXIT_FINDINGS
    sys.stderr.flush()
    os._exit(code)
