"""The shared language-server contract (../shared/lsp), run against ``hullcheck lsp`` as a user
starts it: no options, the default rules."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_LSP = Path(__file__).resolve().parents[2].parent / "shared" / "lsp"
SERVER = [sys.executable, "-m", "hullcheck", "lsp"]


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_LSP.is_dir(), reason="../shared is not here (only CI and developers have it)")
def test_shared_lsp_contract(tmp_path: Path) -> None:
    environment = {**os.environ, "HULLCHECK_LSP_CMD": shlex.join(SERVER), "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(
        # no cache and no bytecode: ../shared is read-only
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", str(SHARED_LSP)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "2 passed" in output, output
