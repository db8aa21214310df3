from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.build_variables import (
    AUTOMATIC_PLATFORM_ARGS,
    BUILDKIT_ONLY_ARGS,
    EVERY_IMAGE_ENVIRONMENT,
    base_environment,
    global_arg_names,
    suggestion,
)
from hullcheck.model.dockerfile import ArgInstruction, Dockerfile, EnvInstruction, Instruction, Stage, Variable


class UndefinedVariable(BestPracticeRule):
    """An instruction uses a variable that nothing defines where it is used.

    ## What it does
    Flags a variable in the words Docker expands (`COPY`, `ADD`, `ENV`, `ARG` defaults, `LABEL`,
    `USER`, `WORKDIR`, `VOLUME`, `EXPOSE`, `STOPSIGNAL`, and the flags of `COPY`, `ADD` and
    `RUN`) that, where it is used, no `ARG` or `ENV` of its stage (or of the stages it is built
    `FROM`) defines, as BuildKit's UndefinedVar check does. `RUN`, `CMD` and `ENTRYPOINT`
    commands are the shell's to expand and are not checked. `${NAME:-default}` counts as a use
    of `NAME`, as in BuildKit: without `ARG NAME` the default always applies and `--build-arg
    NAME=…` is ignored. A likely misspelling is named (`$PAHT`: did you mean `$PATH`?).

    BuildKit also knows the base image's environment, which it reads from the registry; a
    linter knows it only where it is written down. hullcheck takes `PATH` as defined for every
    image (BuildKit gives `PATH` even to `FROM scratch`), and knows the ENV of Docker Official
    Images (`python`: `PYTHON_VERSION`, `LANG`, `GPG_KEY`; `node`: `NODE_VERSION`,
    `YARN_VERSION`; `golang`: `GOPATH`, `GOLANG_VERSION`; `eclipse-temurin` and `openjdk`:
    `JAVA_HOME`; `nginx`, `httpd`, `php`, `ruby`, `rust`, `postgres`, `redis`, `maven`, `gradle`,
    `tomcat` and the distributions). On any other base image the environment is unknown, so
    only the sure mistakes are flagged there: a variable declared by an ARG before the first
    FROM but not in the stage (a stage sees a global ARG only after `ARG <name>` in it), one of
    BuildKit's platform ARGs (`TARGETARCH` …, the same), and a variable used before the ARG or
    ENV of the stage that sets it.

    ## Why is this bad?
    An undefined variable expands to nothing, silently: `COPY app-$VERSION.jar /app/` copies
    `app-.jar`, `WORKDIR $APP_HOME` works in `/`. The most common cause is a global ARG used in a
    stage without being declared there.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS base
    COPY $foo .
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS base
    ARG foo
    COPY $foo .
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/undefined-var/
    - https://docs.docker.com/reference/dockerfile/#environment-replacement
    - https://docs.docker.com/reference/dockerfile/#scope
    """

    code = "HC641"
    severity = Severity.WARNING
    advice = "Declare the variable with `ARG` (or set it with `ENV`) in the stage before using it."
    buildkit_checks = ("UndefinedVar",)
    global_args: set[str]
    base: frozenset[str] | None = None  # the base image's environment, None when unknown

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        self.global_args = global_arg_names(dockerfile)

    def visit_stage(self, stage: Stage) -> None:
        self.base = base_environment(stage)
        for instruction in stage.instructions:
            self._check(stage, instruction)

    def _check(self, stage: Stage, instruction: Instruction) -> None:
        reported: set[str] = set()
        for reference in instruction.references:
            name = reference.value
            if name in reported or self._defined(instruction, name, reference.span.line, reference.span.column):
                continue
            reported.add(name)
            why = self._why(stage, instruction, name)
            if why is not None:
                self.report(reference, f"{instruction.keyword.value} uses ${name}, {why}")

    def _defined(self, instruction: Instruction, name: str, line: int, column: int) -> bool:
        if instruction.variables.get(name) is not None or name in BUILDKIT_ONLY_ARGS or name in EVERY_IMAGE_ENVIRONMENT:
            return True
        if self.base is not None and name in self.base:
            return True
        if isinstance(instruction, ArgInstruction):  # ARG A=1 B=$A: declared just before
            return any(
                declaration.name.value == name
                and (declaration.name.span.line, declaration.name.span.column) < (line, column)
                for declaration in instruction.declarations
            )
        return False

    def _why(self, stage: Stage, instruction: Instruction, name: str) -> str | None:
        """Why ``name`` is undefined, or None when it may come from the unknown base image."""
        later: Variable | None = stage.variables.get(name)
        if (
            later is not None
            and later.stage == stage.index
            and instruction.span.cover(later.name.span) == instruction.span
        ):
            if isinstance(instruction, EnvInstruction):
                return None  # env-self-reference's
            return f"which this {instruction.keyword.value} sets only after the value that uses it"
        if later is not None and later.stage == stage.index:
            what = "ENV" if later.source.value == "ENV" else "ARG"
            return f"before the {what} that sets it on line {later.name.span.line}"
        if name in self.global_args:
            return (
                f"which is not defined in this stage: the ARG {name} before the first FROM is seen only "
                f"by FROM lines until `ARG {name}` declares it in the stage"
            )
        if name in AUTOMATIC_PLATFORM_ARGS:
            return f"which BuildKit defines for FROM lines only: declare `ARG {name}` in the stage to use it"
        if self.base is None:
            return None
        known = [variable.name.value for variable in instruction.variables]
        similar = suggestion(name, [*known, *self.base, *self.global_args])
        hint = f" (did you mean ${similar}?)" if similar else ""
        return f"which no ARG or ENV defines, nor the base image{hint}"
