"""The command line sets the garbage collector's pace for its own process (vpcdocs.cli.main);
the library functions, run inside someone else's process, leave it alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vpcdocs import cli
from vpcdocs.loader import load_bytes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def test_main_sets_the_collectors_thresholds(thresholds: None, monkeypatch: pytest.MonkeyPatch) -> None:
    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr(cli, "cli", lambda **_: None)
    cli.main()
    assert gc.get_threshold() == cli.GC_THRESHOLDS
    assert cli.GC_THRESHOLDS[2] > 10 and cli.GC_THRESHOLDS[0] == 700


def test_the_vpcdocs_process_runs_with_them() -> None:
    code = ("import gc, sys\nfrom vpcdocs import cli\n"
            "cli.cli = lambda **_: print(gc.get_threshold(), gc.isenabled())\ncli.main()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    assert out.strip() == f"{cli.GC_THRESHOLDS} True"


def test_loading_leaves_the_collector_alone(thresholds: None) -> None:
    gc.set_threshold(701, 11, 12)
    raw = (ROOT / "examples/course.yaml").read_bytes()
    assert load_bytes("course.yaml", raw).ok
    assert gc.get_threshold() == (701, 11, 12) and gc.isenabled()
