"""No process-wide side effects: importing vpcdocs, loading a topology or rendering pages leaves
the process as it was (the garbage collector, the environment), and production code never asks
whether it runs under pytest: the test suite configures vpcdocs through its own settings
(tests/conftest.py: VPCDOCS_NO_CACHE, VPCDOCS_STATE_DIR)."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vpcdocs.loader import load_file
from vpcdocs.render import cache

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vpcdocs"


def test_the_test_run_keeps_the_cache_off() -> None:
    assert os.environ.get(cache.NO_CACHE_ENV) == "1"
    assert cache.cache_dir() is None


def test_no_production_code_reads_pytest_variables() -> None:
    readers = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
               if re.search(r"PYTEST_|\bpytest\b", p.read_text(encoding="utf-8"))]
    assert readers == []


def test_loading_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "set_threshold"):
        monkeypatch.setattr(gc, name, lambda *args, _n=name: calls.append(_n))
    result = load_file(ROOT / "examples" / "hub-and-spoke.yaml")
    assert result.ok
    assert calls == []


@pytest.mark.parametrize("module", [
    "vpcdocs", "vpcdocs.api", "vpcdocs.cli", "vpcdocs.site.build", "vpcdocs.site.pages",
    "vpcdocs.site.plugin", "vpcdocs.render.cache", "vpcdocs.loader",
])
def test_importing_changes_no_environment_variable(module: str) -> None:
    code = ("import os, sys; before = dict(os.environ); import importlib; "
            f"importlib.import_module({module!r}); "
            "changed = sorted(k for k in set(before) | set(os.environ) "
            "if before.get(k) != os.environ.get(k)); print(changed)")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    assert done.stdout.strip() == "[]"
