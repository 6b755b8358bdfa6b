"""The diagrams of the pages are drawn one `dot` process per core this process may use (its
CPU affinity where the platform has one), no more (cores shared with other work) and no fewer
(the old bound of 8 left larger machines idle)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from vpcdocs.site import diagrams, forked


def test_one_process_per_allowed_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(12)), raising=False)
    assert forked.cores() == 12
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert forked.cores() == 1


def test_without_affinity_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert forked.cores() == 3


def test_render_svgs_runs_that_many(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    class Pool:
        def __init__(self, max_workers: int) -> None:
            seen.append(max_workers)

        def __enter__(self) -> Pool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def map(self, function: Any, items: list[str]) -> list[bytes]:
            return [b"" for _ in items]

    monkeypatch.setattr(diagrams, "ThreadPoolExecutor", Pool)
    monkeypatch.setattr(diagrams, "cores", lambda: 5)
    monkeypatch.setattr("vpcdocs.render.dot.scene_to_dot", lambda scene: "digraph {}")
    monkeypatch.setattr("vpcdocs.render.cache.store", lambda name: None)
    diagrams.render_svgs({"a/diagram.svg": object(), "b/diagram.svg": object()})  # type: ignore[dict-item]
    assert seen == [5]
