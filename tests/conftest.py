"""Shared pytest setup: the `--update-goldens` option, the `golden` fixture, the Hypothesis
profiles, and a private state folder for the run.

Golden files live under tests/golden/ and are compared byte for byte. `pytest --update-goldens`
rewrites the ones a run touches instead of comparing; every such change is then reviewed in the
git diff.

Hypothesis: one profile for CI (`CI` set, or `HYPOTHESIS_PROFILE=ci`): derandomized, so a CI
run tries the same examples every time and a failure reproduces, with no example database; and
one for development (random examples, remembered in .hypothesis/). Neither has a deadline: the
machines are shared and timings are measured in benchmarks/, never asserted in tests. A test's
own `settings(...)` sets only what differs (how many examples, health checks).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

GOLDEN_ROOT = Path(__file__).parent / "golden"

# The render cache (vpcdocs.render.cache) is off for the whole run, child processes included:
# no test reads or fills the user's cache folder. Tests of the cache name a folder and clear this.
os.environ.setdefault("VPCDOCS_NO_CACHE", "1")

# vpcdocs keeps a local record of the files it wrote (vpcdocs.write.journal) in a per-user state
# folder, which is off under pytest unless named: give this run (and its child processes) one of
# its own, never the real home folder's.
if not os.environ.get("VPCDOCS_STATE_DIR"):
    _STATE = tempfile.mkdtemp(prefix="vpcdocs-test-state-")
    os.environ["VPCDOCS_STATE_DIR"] = _STATE
    atexit.register(shutil.rmtree, _STATE, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/golden/ instead of comparing with them",
    )


GoldenCheck = Callable[[str, "str | bytes"], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """`golden("render/case.dot", actual)`: assert `actual` equals tests/golden/render/case.dot
    byte for byte (text is encoded as UTF-8), or write it there under --update-goldens."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(relative: str, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        path = GOLDEN_ROOT / relative
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run `pytest --update-goldens` to create it")
        expected = path.read_bytes()
        if expected != data:
            # Compare as text first so pytest shows a readable diff, then as bytes.
            assert data.decode("utf-8", "replace") == expected.decode("utf-8", "replace"), (
                f"{relative} differs from its golden file; if the change is intended, run "
                "`pytest --update-goldens` and review the diff"
            )
            assert data == expected, f"{relative} differs from its golden file in its bytes"

    return check
