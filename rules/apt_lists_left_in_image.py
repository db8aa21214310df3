from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.package_caches import APT_LISTS, command_span, in_image, left_in_image, removed_in
from hullcheck.model.commands.packages import Family, PackageCommand
from hullcheck.model.dockerfile import RunInstruction, Stage

# apt 3.0 (Debian 13): removes the lists but their Release files
_DISTCLEAN = frozenset({"distclean", "dist-clean"})


def _updates(package: PackageCommand) -> bool:
    return package.family is Family.APT and package.verb == "update"


def _cleans(package: PackageCommand) -> bool:
    return package.family is Family.APT and package.verb in _DISTCLEAN


class AptListsLeftInImage(BestPracticeRule):
    """`apt-get update` leaves the package lists in the image.

    ## What it does
    Flags a RUN that runs `apt-get update` (or `apt update`, `aptitude update`) and does not remove
    `/var/lib/apt/lists` after it in the same RUN: `rm -rf /var/lib/apt/lists/*` (the folder itself,
    or a folder above it, with `-r`), or apt 3's `apt-get distclean`. A RUN whose cache or tmpfs
    mount holds the lists (`--mount=type=cache,target=/var/lib/apt/lists`, or `target=/var/lib/apt`)
    is not flagged: nothing it writes there is in the layer. RUN's shell form, `sh -c` strings and
    heredoc scripts are read alike. Only the final stage (a Compose service's target) and the stages
    it is built `FROM` are checked: a builder stage that others only `COPY --from` leaves its layers
    behind. `ONBUILD RUN` triggers are checked too: they run in the builds `FROM` the image.

    `apt-get clean` does not remove the lists (it empties `/var/cache/apt/archives`), a removal
    in a later RUN does not shrink the image (the lists stay in the earlier layer), and
    `rm -rf '/var/lib/apt/lists/*'` with the glob quoted removes a file named `*`: all three
    are still flagged.

    ## Why is this bad?
    The lists are tens of megabytes (every repository's package index) that nothing in a
    container uses: an image that needs to install more runs `apt-get update` again, because
    stale lists point at package versions the mirror no longer has. Left in a layer, they make
    every pull and every copy of the image bigger.

    ## Example
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3009
    - https://docs.docker.com/build/building/best-practices/#apt-get
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "HC710"
    severity = Severity.NOTE
    advice = "Remove /var/lib/apt/lists/* at the end of the RUN that runs apt-get update, or mount a cache there."
    hadolint_codes = ("DL3009",)
    checks_onbuild_triggers = True  # ONBUILD triggers run in the builds FROM this image

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not in_image(self.trail):
            return
        update = left_in_image(run, APT_LISTS, _updates, _cleans)
        if update is None:
            return
        at = command_span(update)
        stage = next(node for node in reversed(self.trail) if isinstance(node, Stage))
        later = self._later_removal(stage, run)
        if later is not None:
            message = (
                f"{update.manager} update leaves the package lists in this layer;"
                " removing them in a later RUN does not make the image smaller"
            )
            self.report(
                at, message, related=(self.related(later.span, "the lists are removed here, in a later layer"),)
            )
        else:
            self.report(at, f"{update.manager} update leaves the package lists in the image")

    @staticmethod
    def _later_removal(stage: Stage, run: RunInstruction) -> RunInstruction | None:
        if run not in stage.instructions:  # an ONBUILD trigger: its later layers are another build's
            return None
        after = stage.instructions[stage.instructions.index(run) + 1 :]
        for instruction in after:
            if isinstance(instruction, RunInstruction) and removed_in(instruction.script, APT_LISTS):
                return instruction
        return None
