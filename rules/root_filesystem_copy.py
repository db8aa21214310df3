from __future__ import annotations

import posixpath

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import CopyInstruction


class RootFilesystemCopy(BestPracticeRule):
    """`COPY --from=<stage> / /` copies another stage's whole filesystem.

    ## What it does
    Flags a `COPY --from=…` (a stage or an image) with the source `/` and the destination `/`
    (`/.` and quoted spellings too). Copying a folder of the other stage (`/out/`) is not flagged.

    ## Why is this bad?
    The whole filesystem of a build stage carries its compilers, package manager caches and
    databases, and whatever secrets the build left behind, into the image, undoing what the
    multi-stage build was for; it also overwrites the target stage's own files.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM gcr.io/distroless/static-debian12:nonroot
    COPY --from=build / /
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .

    FROM gcr.io/distroless/static-debian12:nonroot
    COPY --from=build /out/app /app
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3067
    - https://docs.docker.com/build/building/multi-stage/
    """

    code = "HC634"
    severity = Severity.WARNING
    advice = "Copy only the files the image needs from the other stage."
    hadolint_codes = ("DL3067",)

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        origin = copy.flag("from")
        if origin is None or copy.destination is None or not _is_root(copy.destination.value):
            return
        for source in copy.sources:
            if _is_root(source.value):
                self.report(source, f"COPY --from={origin.value.value} copies the whole filesystem to /")
                return


def _is_root(path: str) -> bool:
    return path.startswith("/") and posixpath.normpath(path) in ("/", "//")
