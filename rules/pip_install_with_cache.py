from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity, TextEdit
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.cache_mounts import covering_mount
from hullcheck.model.commands.language_packages import (
    CACHES,
    TRUTHY,
    exported_values,
    package_commands,
    pip_cache_turned_off,
)
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.edits import after, plain_word


class PipInstallWithCache(BestPracticeRule):
    """pip install keeps its download cache in the image.

    ## What it does
    Flags a RUN whose `pip install` (`pip3`, `python3 -m pip` …, in `sh -c` strings and
    heredocs and `ONBUILD RUN` too) runs without `--no-cache-dir` (or `--no-cache`, which pip
    reads as its abbreviation), once per RUN. It passes when
    `PIP_NO_CACHE_DIR` is true (`1`, `true`, `yes`, `on`) for the command: an `ENV` or `ARG`
    in force in the stage or the stages it is built from, `PIP_NO_CACHE_DIR=1 pip install …`,
    `env PIP_NO_CACHE_DIR=1 …` or an earlier `export PIP_NO_CACHE_DIR=1` in the same RUN; and
    when the RUN has a BuildKit cache or tmpfs mount that holds pip's cache
    (`--mount=type=cache,target=/root/.cache/pip`, a mount at `/root/.cache`, or at
    `PIP_CACHE_DIR`). pipx, pipenv and uv keep caches of their own and are not flagged.

    ## Why is this bad?
    pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an image that cache is
    dead weight, often tens or hundreds of megabytes, shipped and pulled with every layer
    that holds it: no container ever installs from it.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install flask==3.0.3
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask==3.0.3
    RUN --mount=type=cache,target=/root/.cache/pip pip install gunicorn==22.0.0
    ```

    ## Fix
    Safe: `--no-cache-dir` is written after `install`, where that word is written plainly in
    shell text.

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3042
    - https://pip.pypa.io/en/stable/topics/caching/
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "HC741"
    severity = Severity.WARNING
    advice = "Add `--no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`), or mount a cache at /root/.cache/pip."
    hadolint_codes = ("DL3042",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        for found in package_commands(run.script):
            if found.tool != "pip" or found.action != "install" or pip_cache_turned_off(found):
                continue
            exported = exported_values(run.script, found.outer)
            setting = exported.get("PIP_NO_CACHE_DIR", run.variables.value("PIP_NO_CACHE_DIR"))
            if setting is not None and (not isinstance(setting, str) or setting.lower() in TRUTHY):
                continue  # set true, or to what the build decides
            if covering_mount(run, CACHES["pip"], exported) is None:
                subcommand = found.subcommand
                fix = None
                if subcommand is not None and plain_word(found.command, subcommand):
                    edit = TextEdit(after(subcommand), " --no-cache-dir")
                    fix = Fix("Add --no-cache-dir", (edit,), Applicability.SAFE)
                self.report(found.span, f"{found.label} keeps the packages it downloads in the image's layer", fix=fix)
                return
