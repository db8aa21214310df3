from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.commands.sources import local_source_kind
from hullcheck.model.dockerfile import AddInstruction
from hullcheck.model.edits import exactly_written, written_keyword
from hullcheck.model.values import go_bool


class AddInsteadOfCopy(Rule):
    """ADD copies local files, a job for COPY.

    ## What it does
    Flags an `ADD` whose sources are all local files or folders from the build context, or a
    heredoc (`ADD <<EOF /etc/app.conf`), where `COPY` does the same. ADD is left alone when it
    does something COPY cannot: a URL or Git source (see remote-add), or a local tar archive
    (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst` …) that it unpacks, unless
    `--unpack=false` turns unpacking off. Sources that may be either, such as `$SRC`,
    `pkg-$VERSION` or a trailing glob like `dist/*`, are not flagged.

    ## Why is this bad?
    ADD has side jobs COPY lacks: it downloads URLs and silently unpacks anything that looks
    like a tar archive, deciding by content rather than name. Using it for plain files hides
    which steps fetch or unpack, and a file that happens to be an archive (a vendored
    tarball, a test fixture) is expanded into the image instead of copied, so reviewers can
    no longer tell from the Dockerfile what ends up in the image.

    ## Example
    ```dockerfile
    FROM nginx:1.27-alpine
    ADD nginx.conf /etc/nginx/nginx.conf
    ADD ./site/ /usr/share/nginx/html/
    USER nginx
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27-alpine
    COPY nginx.conf /etc/nginx/nginx.conf
    COPY ./site/ /usr/share/nginx/html/
    ADD rootfs.tar.gz /opt/extra/
    USER nginx
    ```

    ## Fix
    Safe: `ADD` becomes `COPY`, when its flags are ones COPY takes too (`--chown`, `--chmod`,
    `--link`, `--exclude`).

    ## References
    - https://docs.docker.com/build/building/best-practices/#add-or-copy
    - https://github.com/hadolint/hadolint/wiki/DL3020
    - https://www.tenable.com/audits/items/CIS_Docker_v1.6.0_L1_Docker_Linux.audit:a27a872b57d55cbcca61979e8a7b2eda
    """

    code = "HC505"
    severity = Severity.NOTE
    security_severity = 3.0
    cwe = (693,)
    advice = "Use COPY for local files and folders; keep ADD for archives it should unpack."
    hadolint_codes = ("DL3020",)

    def visit_add_instruction(self, add: AddInstruction) -> None:
        sources = sorted([*add.sources, *add.heredoc_sources], key=lambda found: (found.span.line, found.span.column))
        if not sources:
            return
        unpack = add.flag("unpack")
        no_unpack = unpack is not None and go_bool(unpack.value.value) is False
        described: list[str] = []
        for source in sources:
            if source in add.heredoc_sources:
                described.append("a heredoc")
                continue
            kind = local_source_kind(source.value)
            if kind is None or (kind == "archive" and not no_unpack):
                return
            described.append(source.value)
        what = " and ".join(described)
        unpack_off = " with --unpack=false" if no_unpack else ""
        self.report(
            add.keyword,
            f"ADD{unpack_off} copies {what}, which COPY does without downloading or unpacking",
            fix=_copy(add),
        )


# the flags of ADD that COPY takes too
_COPY_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})


def _copy(add: AddInstruction) -> Fix | None:
    if not exactly_written(add.keyword) or any(flag.name not in _COPY_FLAGS for flag in add.flags):
        return None
    return Fix.replacing(add.keyword.span, written_keyword(add, "COPY"), Applicability.SAFE)
