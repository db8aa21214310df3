from __future__ import annotations

from collections.abc import Mapping

from hullcheck.engine.findings import Severity
from hullcheck.engine.options import RuleOption
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.hardening import RESOURCE_LIMITS, is_unlimited, may_inherit_settings
from hullcheck.model.spellings import Advice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

_WORDS = {"memory": "memory", "pids": "pids", "cpus": "CPU"}


class MissingResourceLimits(Rule):
    """A container runs without a memory, process-count or CPU limit.

    ## What it does
    Flags a Compose service that sets no limit, or a limit of zero or less (which Docker reads
    as unlimited: `pids_limit: -1`, `mem_limit: 0`), for each resource named in the `limits`
    option: `memory` (`mem_limit`, `deploy.resources.limits.memory`), `pids` (`pids_limit`,
    `deploy.resources.limits.pids`) and `cpus` (`cpus`, `deploy.resources.limits.cpus`). The
    default checks memory and pids. A missing limit is reported once per service at its name,
    an unlimited value at the value; a value hullcheck cannot resolve counts as set, and a
    service that may take its limits from elsewhere (it `extends` another service, or has neither
    `image` nor `build`, as in an override file) is not flagged for a limit it leaves out.
    Containers started from scripts and code (`docker run --memory --pids-limit`, the SDKs'
    keyword arguments) are checked alike, and the advice is in their spelling. Off by default.

    ## Why is this bad?
    A container has no resource limits unless you set them: one process that leaks memory, a
    fork bomb, or an attacker who gets code execution can exhaust the host's memory, process
    table or CPU and take down every other container and the host's own services with it. The
    kernel's out-of-memory killer may then kill an unrelated process, and a full process table
    stops even an administrator from logging in.

    ## Example
    ```yaml
    services:
      worker:
        image: python:3.12-slim
        security_opt:
          - no-new-privileges:true
        mem_limit: 512m
    ```

    ## Use instead
    ```yaml
    services:
      worker:
        image: python:3.12-slim
        security_opt:
          - no-new-privileges:true
        mem_limit: 512m
        pids_limit: 200
    ```

    ## References
    - https://docs.docker.com/engine/containers/resource_constraints/
    - https://docs.docker.com/reference/compose-file/services/#pids_limit
    - https://docs.docker.com/reference/compose-file/deploy/#resources
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-7-limit-resources-memory-cpu-file-descriptors-processes-restarts
    - https://docs.kics.io/latest/queries/dockercompose-queries/221e0658-cb2a-44e3-b08a-db96a341d6fa
    """

    code = "HC209"
    severity = Severity.WARNING
    security_severity = 4.0
    cwe = (400, 770)
    advice = Advice("Limit memory and processes ({resource_limits}) to what the container needs.")
    enabled_by_default = False
    options: ClassVar[Mapping[str, RuleOption]] = {
        "limits": RuleOption(
            "string-list",
            ("memory", "pids"),
            f"The limits every container must set, of: {', '.join(RESOURCE_LIMITS)}",
            choices=tuple(RESOURCE_LIMITS),
        ),
    }

    def visit_container(self, container: Container) -> None:
        missing: list[str] = []
        for kind in RESOURCE_LIMITS:
            if kind not in self.string_list("limits"):
                continue
            limit = container.limits.get(kind)
            if limit is None:
                missing.append(_WORDS[kind])
            elif isinstance(limit.value, str) and is_unlimited(limit.value):
                self.report(
                    limit, f"{container.subject} sets its {_WORDS[kind]} limit to {limit.value}, which is unlimited"
                )
        if missing and not may_inherit_settings(container):
            self.report(container.span, f"{container.subject} has no {' or '.join(missing)} limit")
