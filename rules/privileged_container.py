from __future__ import annotations

from hullcheck.engine.findings import Applicability, Fix, Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import BuildSpec, ComposeFile, Container, ImageBuild
from hullcheck.model.span import Interpolated
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import RunInstruction

_INSECURE_BUILD_ADVICE = (
    "Build without privileged steps: remove `privileged` and the `security.insecure` entitlement from `build`, "
    "and `--security=insecure` from RUN."
)

_BUILD_ENTITLEMENT_ADVICE = (
    "Build without privileged steps: take `security.insecure` out of the entitlements the build allows "
    "(`allow`), and `--security=insecure` out of RUN."
)


class PrivilegedContainer(Rule):
    """A container or build step runs privileged, with every capability and every device.

    ## What it does
    Flags `privileged: true` on a Compose service (`--privileged` on `docker run`,
    `privileged=True` in the Docker SDK and its kin) and `RUN --security=insecure` in a
    Dockerfile, which runs that build step with the same privileges; and what lets a service's
    build run such steps: `build.privileged: true` and the `security.insecure` entitlement in
    `build.entitlements`, or in the `allow` of a build step (GitHub Actions'
    `docker/build-push-action` and `docker/bake-action`).

    ## Why is this bad?
    A privileged container has all capabilities, sees every host device, and runs without
    seccomp, AppArmor or SELinux confinement. Escaping to the host is a matter of mounting the
    host's disk or loading a kernel module, so any code execution in the container is code
    execution as root on the host.

    ## Example
    ```yaml
    services:
      agent:
        image: example/backup-agent:1.4
        security_opt:
          - no-new-privileges:true
        privileged: true
    ```

    ## Use instead
    ```yaml
    services:
      agent:
        image: example/backup-agent:1.4
        security_opt:
          - no-new-privileges:true
        cap_drop:
          - ALL
        cap_add:
          - CHOWN
          - DAC_OVERRIDE
    ```

    ## Fix
    Unsafe: `privileged: true` written in a Compose file becomes `false` (not a value from a
    variable, which is fixed where it is set), and `RUN --security=insecure` becomes
    `--security=sandbox`. The workload may need some of what privileged mode gave it.

    ## References
    - https://docs.docker.com/reference/compose-file/services/#privileged
    - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
    - https://docs.docker.com/reference/dockerfile/#run---security
    """

    code = "HC201"
    severity = Severity.ERROR
    security_severity = 9.0
    cwe = (250,)
    advice = Advice(
        "Remove {privileged}; add only the capabilities ({cap_add}) and devices ({devices}) the workload needs."
    )

    in_compose_file = False

    def visit_compose_file(self, compose: ComposeFile) -> None:
        self.in_compose_file = True

    def visit_container(self, container: Container) -> None:
        privileged = container.privileged
        if privileged is not None and privileged.value is True:
            # the quick fix writes `false` over a value written in the Compose file; a value
            # from a variable is fixed where the variable is set, not here
            literal = self.in_compose_file and not isinstance(privileged, Interpolated)
            fix = Fix.replacing(privileged.span, "false", Applicability.UNSAFE) if literal else None
            self.report(privileged, f"{container.subject} runs privileged", fix=fix)
        build = container.build
        if build is not None and build.privileged is not None and build.privileged.value is True:
            literal = self.in_compose_file and not isinstance(build.privileged, Interpolated)
            self.report(
                build.privileged,
                f"build.privileged lets build steps of {container.subject} run privileged (RUN --security=insecure)",
                fix=Fix.replacing(build.privileged.span, "false", Applicability.UNSAFE) if literal else None,
                advice=_INSECURE_BUILD_ADVICE,
            )
        if build is not None:
            self._check_entitlements(build, container.subject, _INSECURE_BUILD_ADVICE)

    def visit_image_build(self, build: ImageBuild) -> None:
        self._check_entitlements(build.spec, build.subject, _BUILD_ENTITLEMENT_ADVICE)

    def _check_entitlements(self, spec: BuildSpec, subject: str, advice: str) -> None:
        for entitlement in spec.entitlements:
            if entitlement.value == "security.insecure":
                self.report(
                    entitlement,
                    f"the security.insecure entitlement lets build steps of {subject} run privileged "
                    "(RUN --security=insecure)",
                    advice=advice,
                )

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if run.security is not None and run.security.value.lower() == "insecure":
            fix = Fix.replacing(run.security.span, "sandbox", Applicability.UNSAFE)
            self.report(
                run.security,
                "RUN --security=insecure runs this build step privileged",
                fix=fix,
                advice="Remove `--security=insecure`; do what needs privileges at run time, with narrow capabilities.",
            )
