from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.commands.archives import TAR_ARCHIVE, archive_name, extractions
from hullcheck.model.commands.run_scripts import run_pipelines
from hullcheck.model.commands.sources import local_source_kind
from hullcheck.model.dockerfile import CopyInstruction, RunInstruction, Stage
from hullcheck.model.span import Located


class ArchiveCopiedThenExtracted(BestPracticeRule):
    """COPY brings in a tar archive that a later RUN unpacks, which ADD does in one step.

    ## What it does
    Flags a local tar archive that `COPY` puts into the image (`app.tar.gz`, `rootfs.tar`,
    `.tgz`, `.tar.xz` …, by its name or the name COPY gives it) when a later RUN of the same
    stage unpacks that file whole: `tar -xf app.tar.gz`, `tar xzf /tmp/app.tgz -C /opt`,
    `gunzip -c app.tar.gz | tar -x`, `gunzip app.tar.gz`. The archive is matched by file name.
    Not flagged: `COPY --from` (the file comes from another stage or image), an extraction
    ADD cannot do (`--strip-components`, `--transform`, `--exclude`, a list of members), a
    zip file (ADD does not unpack zip), or a compressed file that is not a tar archive
    (`data.gz`).

    ## Why is this bad?
    The COPY layer keeps the archive in the image for good, even when the RUN deletes it
    afterwards, so the image carries the software twice: packed and unpacked. `ADD app.tar.gz
    /opt/` unpacks a local tar archive (plain, gzip, bzip2 or xz) straight into place in one
    layer, without a copy of the archive and without needing tar in the image.

    ## Example
    ```dockerfile
    FROM debian:12
    COPY rootfs.tar.gz /tmp/
    RUN tar -xzf /tmp/rootfs.tar.gz -C /opt && rm /tmp/rootfs.tar.gz
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ADD rootfs.tar.gz /opt/
    USER nobody
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3010
    - https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives
    - https://docs.docker.com/build/building/best-practices/#add-or-copy
    """

    code = "HC662"
    severity = Severity.NOTE
    advice = "ADD the local tar archive to where it is unpacked instead of COPY and tar."
    hadolint_codes = ("DL3010",)
    copied: dict[str, list[Located[str]]]  # the archives copied so far in the stage, by file name
    reported: set[Located[str]]

    def visit_stage(self, _stage: Stage) -> None:
        self.copied = {}
        self.reported = set()

    def visit_copy_instruction(self, copy: CopyInstruction) -> None:
        if copy.origin is not None or copy.flag("from") is not None:
            return
        destination = copy.destination
        if destination is not None and len(copy.sources) == 1 and not destination.value.endswith(("/", "\\")):
            # ``COPY build/app.tgz /tmp/app.tar.gz``: the file is there under the destination's name
            name = archive_name(destination.value)
            if TAR_ARCHIVE.fullmatch(name):
                self.copied.setdefault(name, []).append(copy.sources[0])
                return
        for source in copy.sources:
            if local_source_kind(source.value) == "archive":
                self.copied.setdefault(archive_name(source.value), []).append(source)

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if not self.copied:
            return
        for pipeline in run_pipelines(run):
            for extraction in extractions(pipeline):
                if not extraction.whole:
                    continue
                for source in self.copied.get(extraction.name, ()):
                    if source in self.reported:
                        continue
                    self.reported.add(source)
                    self.report(
                        source,
                        f"COPY brings in {extraction.name}, which a RUN then unpacks; ADD unpacks it in one layer",
                        (self.related(extraction.archive, f"{extraction.command.name} unpacks it here"),),
                    )
