from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.dockerfile import Dockerfile, Stage
from hullcheck.model.edits import line_before, runtime_place, written_keyword
from hullcheck.model.image import ImageReference, StageReference
from hullcheck.model.predicates import default_user, is_root_user

# nobody:nogroup (Debian, Ubuntu), nobody:nobody (Alpine, BusyBox, Fedora), nobody in distroless:
# numeric, it needs no passwd entry (FROM scratch has none), and the group is given, or a user
# missing from passwd would run with group 0
_NOBODY = "65534:65534"


class MissingUser(Rule):
    """A Dockerfile's final stage never sets USER, so it runs as the base image's user, usually root.

    ## What it does
    Flags a Dockerfile whose final stage sets no `USER`, neither itself nor through the
    stages it is built `FROM`, when the image is meant to run: its final stage declares what
    runs (`CMD` or `ENTRYPOINT`, inherited through stages too), or a Compose service builds and
    runs it without a `user:` of its own (then the stage is the build's `target`). A Dockerfile
    that declares neither is a base for other images, and the Dockerfiles and services built on
    it decide the user. The finding points at the final stage's `FROM`. An image built on
    Windows Server Core runs as `ContainerAdministrator`, the administrator, and is flagged;
    one built on Nano Server runs as the unprivileged `ContainerUser` and is not.

    hadolint's DL3063 (off unless enabled) is the same check, with differences: any USER in
    any stage satisfies it, a builder stage's too, where this rule asks the final stage; it
    also flags base images that run nothing; and it reports on the line after the last FROM.

    ## Why is this bad?
    Most base images, and `scratch`, run as root. Without an explicit USER the image's user is
    whatever the base image says today, usually root, so the container gets root's power over
    the kernel and any mounted host files without anyone having chosen that.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    COPY . /app
    CMD ["node", "/app/server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    COPY . /app
    USER node
    CMD ["node", "/app/server.js"]
    ```

    ## Fix
    Unsafe: `USER 65534:65534` (nobody, in Debian, Ubuntu, Alpine, Fedora and distroless
    images; numeric, so it needs no passwd entry, as in an image built `FROM scratch`) is added
    after the final stage's last RUN, so the build's own steps still run as root: right above
    the first `CMD`, `ENTRYPOINT` or `HEALTHCHECK` after it, else above the next instruction,
    else above the next stage's `FROM`; no fix where the stage ends with a RUN. Not for a
    Windows image, nor a stage with `ONBUILD` triggers (they run in the builds of images made
    from this one, as the user it sets). The program then runs as nobody: one that writes to
    files the image's root owns, or listens on a port below 1024, fails; a user of its own
    (`USER node`, `USER app` after `useradd`) is often the better choice.

    ## References
    - https://docs.docker.com/build/building/best-practices/#user
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-2-set-a-user
    """

    code = "HC302"
    severity = Severity.WARNING
    security_severity = 4.0
    cwe = (250,)
    advice = "Add `USER <unprivileged user>` to the final stage."
    hadolint_codes = ("DL3063",)

    def leave_dockerfile(self, dockerfile: Dockerfile) -> None:
        final = dockerfile.final_stage
        if final is None or final.effective_user is not None:
            return
        service = dockerfile.built_for
        if service is not None and service.user is not None:  # the service's user: replaces USER
            return
        if service is None and final.effective_command is None:  # a base image: what is built on it decides
            return
        base = final.from_instruction.base
        if base is None:
            return
        image = final.image
        default = default_user(image.value) if image and isinstance(image.value, ImageReference) else None
        if default is not None and not is_root_user(default):
            return  # Nano Server runs as ContainerUser, unprivileged, without a USER
        if isinstance(base.value, StageReference):
            origin = f"stage '{base.value.name}'"
        elif isinstance(base.value, ImageReference):
            origin = f"image '{base.value.text}'"
        else:
            origin = "base image"
        self.report(
            final.from_instruction.keyword,
            f"{dockerfile.final_stage_label} never sets USER, so it runs as the default user of the {origin}, "
            + (f"{default}, the administrator account" if default else "usually root"),
            fix=None if default or final.windows_image else _user_before_command(dockerfile, final),
        )


def _user_before_command(dockerfile: Dockerfile, final: Stage) -> Fix | None:
    """USER nobody after the stage's last RUN (see the docs' Fix): above the command it runs."""
    place = runtime_place(dockerfile, final)
    if place is None:
        return None
    user = f"{written_keyword(place, 'USER')} {_NOBODY}"
    return Fix(f"Add {user}", (line_before(place, user),), Applicability.UNSAFE)
