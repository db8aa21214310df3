from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import AddInstruction, CopyInstruction, Dockerfile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.build_context import BuildContext


class CopyIgnoredFile(BestPracticeRule):
    """COPY or ADD names a file that the build context's `.dockerignore` leaves out.

    ## What it does
    Flags a COPY or ADD source that the ignore file of the build context excludes: the
    Dockerfile's own `<name>.dockerignore` beside it (`Dockerfile.dockerignore`), else the
    context's `.dockerignore`. The context is the Dockerfile's folder, or the `build.context` of
    the Compose service that builds it (then the finding has a related location on the
    service). Patterns are matched as BuildKit matches them (Go `filepath.Match` syntax, `**`,
    `!` exceptions, the last matching pattern wins, a folder's pattern covers what is in it),
    against the source as written after ARG and ENV substitution, as BuildKit's check does
    (`./tmp/x` against `*/tmp/*`), and against the context path it names (`./.env` and `/.env`
    are `.env`, which BuildKit's check misses). Not flagged: `COPY --from` (another stage or
    image), URLs and Git sources of ADD, heredocs, a source behind a variable with no known
    value, and the context's root (`COPY . .` copies what is not excluded). A source with a
    wildcard is matched as written: `*.txt` is flagged only by a pattern that matches that
    text, since the wildcard may still match files that are kept. BuildKit runs its check only
    when the Dockerfile asks for it (`# check=experimental=CopyIgnoredFile`); here the rule runs
    whenever it is selected.

    ## Why is this bad?
    Files the ignore file excludes are never sent to the builder: a COPY of one fails with
    "not found" (or, for a wildcard, silently copies nothing), usually long after the change to
    `.dockerignore` that caused it. Either the file belongs in the image and the ignore file is
    wrong, or it does not and the COPY is.

    ## Example
    ```dockerfile
    # .dockerignore: */tmp/*
    FROM scratch
    COPY ./tmp/helloworld.txt /helloworld.txt
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: */tmp/*
    FROM scratch
    COPY ./forever/helloworld.txt /helloworld.txt
    ```

    (BuildKit's documented examples; the `# .dockerignore:` line shows the context's ignore
    file, which the Dockerfile itself does not hold)

    ## References
    - https://docs.docker.com/reference/build-checks/copy-ignored-file/
    - https://docs.docker.com/build/concepts/context/#dockerignore-files
    """

    code = "HC790"
    severity = Severity.WARNING
    advice = "Copy only what the build context keeps, or stop excluding the file in .dockerignore."
    buildkit_checks = ("CopyIgnoredFile",)

    context: BuildContext | None  # the build context, when it has an ignore file

    def visit_dockerfile(self, dockerfile: Dockerfile) -> None:
        context = dockerfile.context
        self.context = context if context is not None and context.ignore_file is not None else None

    def visit_copy_instruction(self, instruction: CopyInstruction) -> None:
        context = self.context
        if context is None or context.ignore_file is None:
            return
        for source in instruction.context_sources():
            pattern = context.excluding(source.value)
            if pattern is not None:
                name = context.ignore_file.path.rpartition("/")[2]
                self.report(
                    source,
                    f"{instruction.keyword.value} source '{source.value}' is excluded from the build context"
                    f" by '{pattern.text}' in {name}",
                    related=(self.related(pattern.span, f"the pattern that excludes '{source.value}'"),),
                )

    def visit_add_instruction(self, instruction: AddInstruction) -> None:
        self.visit_copy_instruction(instruction)
