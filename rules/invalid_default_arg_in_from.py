from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import FromInstruction
from hullcheck.model.image import ImageReference, InvalidReference
from hullcheck.model.span import Unresolved


class InvalidDefaultArgInFrom(BestPracticeRule):
    """With the ARG defaults alone, a FROM line names no valid image.

    ## What it does
    Flags a `FROM` whose image uses variables and, when the build passes no build args (each
    global ARG its default, an ARG without default empty), is not a valid image reference:
    `ARG TAG` then `FROM busybox:${TAG}` gives `busybox:`, `FROM $IMAGE` gives nothing. An empty
    ARG that leaves a valid reference (`FROM busybox:stable${VARIANT}`) and a default written in
    the substitution (`FROM alpine:${TAG:-3.20}`) are fine.

    ## Why is this bad?
    The Dockerfile cannot be built without `--build-arg`, so `docker build .`, an IDE, a
    scanner or a teammate fails with an invalid reference error instead of building a default.

    ## Example
    ```dockerfile
    ARG TAG
    FROM busybox:${TAG}
    ```

    ## Use instead
    ```dockerfile
    ARG TAG=1.36
    FROM busybox:${TAG}
    ```

    ## References
    - https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/
    """

    code = "HC638"
    severity = Severity.WARNING
    advice = "Give the ARG a default that makes a valid image reference."
    buildkit_checks = ("InvalidDefaultArgInFrom",)

    def visit_from_instruction(self, instruction: FromInstruction) -> None:
        default, base, written = instruction.default_base, instruction.base, instruction.written
        if not isinstance(default, str) or base is None or written is None:
            return
        if not any(written.span.cover(reference.span) == written.span for reference in instruction.references):
            return  # no variable: an invalid reference is a parse error
        if isinstance(base.value, Unresolved) and base.value.text == default:
            return  # the parse error already says so: the build args change nothing
        try:
            ImageReference.parse(default)
        except InvalidReference as error:
            shown = f"'{default}'" if default else "empty"
            self.report(
                written,
                f"with the ARG defaults alone, FROM {written.value} is {shown}, not a valid image reference ({error})",
            )
