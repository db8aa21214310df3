from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.commands.sources import remote_source
from hullcheck.model.dockerfile import AddInstruction


class RemoteAdd(Rule):
    """ADD downloads a file or clones a repository without pinning what it gets.

    ## What it does
    Flags `ADD <url>` (`https://`, `http://`) without `--checksum=sha256:…`, and
    `ADD <git repository>` (`https://…/repo.git`, `git@host:repo.git`, `git://…`, `ssh://…`)
    that is not pinned to a commit: with no ref, or a branch or tag ref such as `#v1.2` or
    `?tag=v1.2`. A full commit hash in the fragment (`#<40 hex digits>`), a `checksum=` or
    `commit=` query, or `--checksum` pins it. Plain `http://` and `git://` rank as errors.
    Sources with an unresolved variable in their scheme (`ADD $URL /x`) are not flagged.

    ## Why is this bad?
    What ADD fetches is whatever the server returns at build time: a compromised or hijacked
    download host, a re-pointed tag or a force-pushed branch changes the image without any
    change to the Dockerfile, and over plain HTTP or `git://` anyone on the network path can
    swap the content. A checksum or commit hash makes the build fail instead of silently
    shipping different code.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD https://mirrors.edge.kernel.org/pub/linux/kernel/Historic/linux-0.01.tar.gz /src/
    ADD https://github.com/moby/buildkit.git#v0.26.2 /src/buildkit
    USER nobody
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
        https://mirrors.edge.kernel.org/pub/linux/kernel/Historic/linux-0.01.tar.gz /src/
    ADD --checksum=be1f38e https://github.com/moby/buildkit.git#v0.26.2 /src/buildkit
    USER nobody
    ```

    ## References
    - https://docs.docker.com/reference/dockerfile/#add---checksum
    - https://docs.docker.com/reference/dockerfile/#adding-files-from-a-git-repository
    - https://docs.docker.com/build/concepts/context/#url-fragments
    - https://docs.docker.com/build/building/best-practices/#add-or-copy
    - https://cwe.mitre.org/data/definitions/494.html
    """

    code = "HC404"
    severity = Severity.WARNING
    security_severity = 6.5
    cwe = (494, 829)
    advice = "Add --checksum=sha256:<digest> to URL sources, and pin Git sources to a full commit hash."

    def visit_add_instruction(self, add: AddInstruction) -> None:
        checksum = add.flag("checksum")
        if checksum is not None and checksum.value.value.strip():
            return
        for source in add.sources:
            remote = remote_source(source.value)
            if remote is None:
                continue
            tier = None if remote.encrypted else Severity.ERROR
            plain = f" over plain {remote.scheme}://" if not remote.encrypted else ""
            if remote.kind == "url":
                self.report(source, f"ADD downloads {source.value}{plain} without --checksum", severity=tier)
            elif remote.commit is None:
                pinned = f"at '{remote.ref}', a branch or tag" if remote.ref else "at its default branch"
                message = f"ADD clones {source.value}{plain} {pinned}, not a pinned commit"
                self.report(source, message, severity=tier)
