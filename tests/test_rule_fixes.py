"""Fixes a rule attaches to its findings (offered by the language server as quick fixes): only
where the edits are exactly the fix, labelled unsafe when they change how the container runs."""

from __future__ import annotations

import pytest

from hullcheck.engine.findings import Applicability, TextEdit
from hullcheck.engine.lint import LintOptions, lint_bytes
from tests.samples import security_rules


@pytest.mark.parametrize(
    ("name", "text", "replacement"),
    [
        ("compose.yaml", "services:\n  web:\n    privileged: yes\n", "false"),
        ("Dockerfile", "FROM alpine:3.20\nRUN --security=insecure make\n", "sandbox"),
        # from a variable: fixed where the variable is set, not by overwriting the reference
        ("compose.yaml", "services:\n  web:\n    privileged: ${PRIVILEGED:-true}\n", None),
        # a flag or keyword argument, not a YAML value: `false` written there would be wrong
        ("run.sh", "#!/bin/sh\ndocker run --privileged alpine\n", None),
        ("sdk.py", "import docker\ndocker.from_env().containers.run('alpine', privileged=True)\n", None),
    ],
)
def test_privileged_container_fix(name: str, text: str, replacement: str | None) -> None:
    result = lint_bytes(text.encode(), name, LintOptions(rules=security_rules()))
    (finding,) = [finding for finding in result.findings if finding.rule.name == "privileged-container"]
    if replacement is None:
        assert finding.fix is None
        return
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.edits == (TextEdit(finding.span, replacement),)
    assert finding.fix.description == f"Write {replacement}"
