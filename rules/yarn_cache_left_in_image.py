from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.cache_mounts import covering_mount
from hullcheck.model.commands.language_packages import CACHES, exported_values, is_yarn_install, package_commands
from hullcheck.model.dockerfile import Dockerfile, OnbuildInstruction, RunInstruction


class YarnCacheLeftInImage(BestPracticeRule):
    """yarn install leaves its cache in the final image.

    ## What it does
    Flags a RUN of the final stage, or of a stage it is built from (`FROM deps`), that runs
    `yarn install` (or `yarn` alone, which installs) without `yarn cache clean` in the same
    RUN, and without a BuildKit cache or tmpfs mount holding Yarn's cache
    (`--mount=type=cache,target=/usr/local/share/.cache/yarn`, any target holding
    `.cache/yarn`, or `YARN_CACHE_FOLDER`), and such an `ONBUILD RUN`. Stages whose files are
    only copied (`COPY --from=build`) are not flagged: their cache never reaches the image.

    ## Why is this bad?
    Yarn keeps a copy of every package it installs in its global cache. Left in a layer, that
    copy doubles the size of `node_modules` in the image, for nothing: the container never
    installs from it.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile && yarn cache clean
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3060
    - https://classic.yarnpkg.com/en/docs/cli/cache
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "HC743"
    severity = Severity.NOTE
    advice = "Run `yarn cache clean` in the same RUN, or mount a cache at /usr/local/share/.cache/yarn."
    hadolint_codes = ("DL3060",)

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        final = dockerfile.final_stage
        if final is None:
            return
        for stage in final.lineage:
            for instruction in stage.instructions:
                if isinstance(instruction, RunInstruction):
                    self._check(instruction)

    def visit_onbuild_instruction(self, onbuild: OnbuildInstruction) -> None:
        if isinstance(onbuild.trigger, RunInstruction):  # it runs in the builds FROM this image
            self._check(onbuild.trigger)

    def _check(self, run: RunInstruction) -> None:
        commands = list(package_commands(run.script))
        cleaned = any(
            found.tool == "yarn"
            and found.action == "cache"
            and [word.value for word in found.operands[:1]] == ["clean"]
            for found in commands
        )
        if cleaned:
            return
        for found in commands:
            if (
                is_yarn_install(found)
                and covering_mount(run, CACHES["yarn"], exported_values(run.script, found.outer)) is None
            ):
                self.report(found.span, f"{found.label} leaves Yarn's cache in the image")
                return
