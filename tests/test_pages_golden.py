"""Golden Markdown of the example sites: every page of each example, byte for byte, under
tests/golden/site/<example>/. Diagrams are left out here (their size depends on the Graphviz
version); test_pages_build.py checks they are deterministic. `pytest --update-goldens` rewrites
the files; review every change in the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLDEN_ROOT, GoldenCheck

from vpcdocs.loader import load_file
from vpcdocs.site.pages import build_pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("example", ["course", "hub-and-spoke", "hybrid"])
def test_example_pages_match_their_goldens(
    example: str, golden: GoldenCheck, request: pytest.FixtureRequest
) -> None:
    result = load_file(f"examples/{example}.yaml")  # relative, as a user would type it
    assert result.topology is not None
    pages = build_pages(result.topology, diagrams=False)
    for path, data in pages.items():
        golden(f"site/{example}/{path}", data)
    folder = GOLDEN_ROOT / "site" / example
    if not request.config.getoption("--update-goldens"):
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert on_disk == set(pages), "golden files without a page (or pages without a golden)"


@pytest.fixture(autouse=True)
def _in_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
