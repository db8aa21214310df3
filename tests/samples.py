"""A sample Compose project several test modules lint: two digest-pinned services, one
privileged, one with SYS_ADMIN (each a finding, so baselines and suppressions have work)."""

from __future__ import annotations

from pathlib import Path

from hullcheck.engine.registry import all_rules
from hullcheck.engine.rule import Rule

DIGEST = "@sha256:" + "0123456789abcdef" * 4
TWO_SERVICES = f"""\
services:
  web:
    image: nginx:1.27{DIGEST}
    security_opt: ["no-new-privileges:true"]
    privileged: true
  worker:
    image: example/worker:2.0{DIGEST}
    security_opt: ["no-new-privileges:true"]
    cap_add: [SYS_ADMIN]
"""


def write_two_services(folder: Path, text: str = TWO_SERVICES) -> Path:
    """``folder`` with the sample (or ``text``) as its compose.yaml."""
    (folder / "compose.yaml").write_text(text)
    return folder


def security_rules() -> tuple[type[Rule], ...]:
    """The security group's rules, off-by-default ones included: what tests that expect exact
    findings lint with, so the best-practice rules (tested by their own fixtures) add nothing."""
    return tuple(rule for rule in all_rules() if rule.group == "security")
