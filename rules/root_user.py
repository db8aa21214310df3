from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.edits import line_before, plain_text, runtime_place, written_keyword
from hullcheck.model.predicates import is_root_user
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import Dockerfile, Stage, UserInstruction


class RootUser(Rule):
    """A container is set to run as root.

    ## What it does
    Flags a Dockerfile whose final stage's effective `USER` is root (`root`, `0`, `0:0`,
    `root:<group>`, or a Windows container's administrator, `ContainerAdministrator` in any
    case), including a USER inherited through `FROM <stage>`, and a Compose service
    whose `user:` is root. USER set in an earlier build stage only is not flagged. For a Compose
    service that builds the Dockerfile, the stage its `build.target` names is the one that runs
    (reported at the Dockerfile's line, with a related location on the service), unless the
    service sets its own `user:`, which replaces USER.

    ## Why is this bad?
    Root in a container is root on the host's kernel: every kernel or runtime escape, every
    writable host mount and every added capability is then used with uid 0. Running as an
    unprivileged user makes most container escapes and file-permission mistakes harmless.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --create-home app
    USER root
    CMD ["python", "-m", "app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --create-home app
    USER app
    CMD ["python", "-m", "app"]
    ```

    ## Fix
    Unsafe, for the root user set in the final stage and followed by a RUN there, where the
    USER in force before it (in the stage or one it is built from) names another user: that
    user again after the last RUN, placed as missing-user's fix places its USER (the switch to
    root was for the build steps; switching back was forgotten). A `USER root` that no RUN
    follows is the user chosen for the container (an entrypoint that steps down with `gosu`,
    a port below 1024): no fix, as there is no user hullcheck could know it works as.

    ## References
    - https://docs.docker.com/reference/dockerfile/#user
    - https://docs.docker.com/build/building/best-practices/#user
    - https://github.com/hadolint/hadolint/wiki/DL3002
    """

    code = "HC301"
    severity = Severity.WARNING
    security_severity = 6.5
    cwe = (250,)
    advice = Advice("Run as an unprivileged user: {unprivileged_user}.")
    hadolint_codes = ("DL3002",)

    def leave_dockerfile(self, dockerfile: Dockerfile) -> None:
        final = dockerfile.final_stage
        if final is None or final.effective_user is None or final.effective_user.user is None:
            return
        if dockerfile.built_for is not None and dockerfile.built_for.user is not None:
            return  # the service's user: replaces USER (and is checked as the service's)
        label = dockerfile.final_stage_label
        user = final.effective_user.user
        if isinstance(user.value, str) and is_root_user(user.value):
            origin = next(stage for stage in dockerfile.stages if final.effective_user in stage.instructions)
            if origin is final:
                fix = _switch_back(dockerfile, final, final.effective_user)
                self.report(user, f"{label} runs as root (USER {user.value})", fix=fix)
                return
            name = f"stage '{origin.name}'" if origin.name else f"stage {origin.index + 1}"
            related = (self.related(final.from_instruction.span, f"{label} is built from it here"),)
            self.report(user, f"{label} runs as root (USER {user.value}, inherited from {name})", related)

    def visit_container(self, container: Container) -> None:
        user = container.user
        if user is not None and isinstance(user.value, str) and is_root_user(user.value):
            self.report(user, f"{container.subject} runs as root (user {user.value})")


def _switch_back(dockerfile: Dockerfile, final: Stage, root: UserInstruction) -> Fix | None:
    """The USER in force before ``root`` again, after the RUN steps that follow it (see the
    docs' Fix)."""
    # imported here: a Compose file's lint needs no Dockerfile model
    from hullcheck.model.dockerfile import RunInstruction, UserInstruction

    position = final.instructions.index(root)
    if not any(isinstance(instruction, RunInstruction) for instruction in final.instructions[position:]):
        return None
    built = [instruction for stage in reversed(list(final.lineage)) for instruction in stage.instructions]
    users = [i.user for i in built[: built.index(root)] if isinstance(i, UserInstruction)]
    previous = users[-1] if users else None
    if previous is None or not isinstance(previous.value, str) or not plain_text(previous.value):
        return None
    if is_root_user(previous.value):  # root before root: no user but root is known to work
        return None
    place = runtime_place(dockerfile, final, position + 1)
    if place is None:
        return None
    line = f"{written_keyword(place, 'USER')} {previous.value}"
    return Fix(f"Add {line}", (line_before(place, line),), Applicability.UNSAFE)
