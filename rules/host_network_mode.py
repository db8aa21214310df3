from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import BuildSpec, Container, ImageBuild, is_host_mode
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import RunInstruction

_HOST_BUILD_ADVICE = (
    "Build on the default network: remove `network: host` and the `network.host` entitlement from `build`, "
    "and `--network=host` from RUN."
)

_BUILD_ENTITLEMENT_ADVICE = (
    "Build on the default network: remove `network: host`, take `network.host` out of the entitlements the "
    "build allows (`allow`), and `--network=host` out of RUN."
)


class HostNetworkMode(Rule):
    """A container or build step shares the host's network namespace.

    ## What it does
    Flags `network_mode: host` (and the legacy `net: host`) on a Compose service, and
    `RUN --network=host` in a Dockerfile. A service that joins the network namespace of another
    (`network_mode: service:x`, or `container:x` naming another service's `container_name`) is
    flagged when that service, or the end of the chain it starts, uses the host's network: the
    finding is on the sidecar's `network_mode`, with a related location on the origin's. Other
    modes (`bridge`, `none`, a container this file does not define) are not flagged. At build
    time: a service's `build.network: host`, which every `RUN` of its build uses, and the
    `network.host` entitlement in `build.entitlements`, which lets `RUN --network=host` run;
    the same in a build step (GitHub Actions' `docker/build-push-action`: `network: host`, and
    `network.host` in `allow`).
    Containers started from scripts and code are checked alike (`docker run --network host`,
    the Docker SDK's `network_mode="host"`, python-on-whales' `networks=["host"]`).

    ## Why is this bad?
    With the host's network the container can bind any host port, reach services listening
    only on the host's loopback (the engine's API, cloud metadata proxies, databases), and see
    all host interfaces. Network isolation, one of the main walls between a container and the
    host, is gone.

    ## Example
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
        network_mode: host
    ```

    ## Use instead
    ```yaml
    services:
      web:
        image: nginx:1.27
        security_opt:
          - no-new-privileges:true
        ports:
          - "127.0.0.1:8080:80"
    ```

    ## References
    - https://docs.docker.com/engine/network/drivers/host/
    - https://docs.docker.com/reference/compose-file/services/#network_mode
    - https://docs.docker.com/reference/dockerfile/#run---network
    """

    code = "HC202"
    severity = Severity.WARNING
    security_severity = 7.5
    cwe = (653,)
    advice = Advice(
        "Remove {host_network}: use the default bridge network and publish only the ports you need ({published_ports})."
    )

    def visit_container(self, container: Container) -> None:
        mode = container.network_mode
        if mode is not None and is_host_mode(mode):
            self.report(mode, f"{container.subject} uses the host's network (network mode host)")
        shared = container.shared_namespaces.get("network")
        if shared is not None and shared.from_host:
            self.report(
                shared.setting,
                f"{container.subject} shares the network namespace of {shared.shared_with}, which uses the host's "
                f"network{shared.through}",
                related=(self.related(shared.mode, f"{shared.origin} uses the host's network here"),),
                advice=Advice(
                    "Share the network of a container on its own network, or remove {host_network} where it is set."
                ),
            )
        build = container.build
        if build is not None and build.network is not None and build.network.value == "host":
            self.report(
                build.network,
                f"build.network host gives every build step of {container.subject} the host's network",
                advice=_HOST_BUILD_ADVICE,
            )
        if build is not None:
            self._check_entitlements(build, container.subject, _HOST_BUILD_ADVICE)

    def visit_image_build(self, build: ImageBuild) -> None:
        network = build.spec.network
        if network is not None and network.value == "host":
            self.report(
                network,
                f"the network input host gives every build step of {build.subject} the host's network",
                advice=_BUILD_ENTITLEMENT_ADVICE,
            )
        self._check_entitlements(build.spec, build.subject, _BUILD_ENTITLEMENT_ADVICE)

    def _check_entitlements(self, spec: BuildSpec, subject: str, advice: str) -> None:
        for entitlement in spec.entitlements:
            if entitlement.value == "network.host":
                self.report(
                    entitlement,
                    f"the network.host entitlement lets build steps of {subject} use the host's network "
                    "(RUN --network=host)",
                    advice=advice,
                )

    def visit_run_instruction(self, run: RunInstruction) -> None:
        if run.network is not None and run.network.value == "host":
            self.report(
                run.network,
                "RUN --network=host gives this build step the host's network",
                advice="Remove `--network=host`: the build step's default network reaches the internet too.",
            )
