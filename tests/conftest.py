"""Every test gets a result cache of its own, outside its tmp_path, so no test reads another's
entries or writes to the user's cache folder (subprocesses inherit the variable)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("hullcheck-cache")))
