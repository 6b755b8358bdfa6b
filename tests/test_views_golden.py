"""Every view of the bundled examples and of each small scenario, as DOT compared byte for byte with
tests/golden/views/<case>/<view>.dot (`pytest --update-goldens` rewrites them; review the diff)."""

from __future__ import annotations

from pathlib import Path

import pytest
from views_support import all_views, case_files

from vpcdocs.render.dot import scene_to_dot

GOLDEN = Path(__file__).resolve().parent / "golden" / "views"


@pytest.mark.parametrize("case", sorted(case_files()))
def test_every_view_matches_its_golden_dot(case: str, golden) -> None:  # type: ignore[no-untyped-def]
    made = all_views(case)
    for name, scene in made:
        golden(f"views/{case}/{name}", scene_to_dot(scene))
    folder = GOLDEN / case
    if folder.is_dir():  # a view that disappeared leaves a stale golden behind: say so
        stale = sorted({p.name for p in folder.glob("*.dot")} - {name for name, _ in made})
        assert stale == [], f"golden files without a view: {stale}"


def test_there_are_goldens_for_both_examples_and_the_scenarios() -> None:
    files = sorted(GOLDEN.rglob("*.dot"))
    assert len(files) >= 10
    assert {p.parent.name for p in files} == set(case_files())
