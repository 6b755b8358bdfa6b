"""Pages rendered in forked workers (`vpcdocs.site.forked`) are the serial pages, in order, and a
failure is raised as the serial path raises it."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from vpcdocs.analysis.analysis import analyse
from vpcdocs.loader import load_bytes
from vpcdocs.site import forked
from vpcdocs.site.pages import design_pages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="this platform does not fork")


def test_results_come_back_in_order_from_other_processes() -> None:
    items = list(range(4 * forked.MIN_PER_WORKER))
    pids = forked.map_forked(lambda n: (n, os.getpid()), items, jobs=4)
    assert [n for n, _ in pids] == items
    # this process makes the first quarter, workers (forked for the purpose) the rest
    assert {pid for _, pid in pids[:forked.MIN_PER_WORKER]} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in pids[forked.MIN_PER_WORKER:]}


def test_too_few_items_or_one_job_stay_in_this_process() -> None:
    few = list(range(forked.MIN_PER_WORKER))
    assert {pid for pid in forked.map_forked(lambda n: os.getpid(), few, jobs=8)} == {os.getpid()}
    many = list(range(10 * forked.MIN_PER_WORKER))
    assert {pid for pid in forked.map_forked(lambda n: os.getpid(), many, jobs=1)} == {
        os.getpid()}


class Boom(Exception):
    """Not picklable as raised (two arguments): it must still reach the caller intact."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def test_the_first_failing_item_is_raised_here_as_serially() -> None:
    items = list(range(3 * forked.MIN_PER_WORKER))
    bad = {2 * forked.MIN_PER_WORKER + 5, 2 * forked.MIN_PER_WORKER + 9}

    def work(n: int) -> int:
        if n in bad:
            raise Boom(f"item {n}", n)
        return n

    with pytest.raises(Boom) as caught:
        forked.map_forked(work, items, jobs=3)
    assert caught.value.index == min(bad)


def test_a_result_that_cannot_come_back_is_made_here() -> None:
    items = list(range(2 * forked.MIN_PER_WORKER))
    parent = os.getpid()

    def work(n: int) -> object:
        # a lambda cannot be pickled: a worker's results never come back, this process makes them
        return (lambda: n) if os.getpid() != parent else n

    assert forked.map_forked(work, items, jobs=2) == items


def test_forked_pages_are_the_serial_pages(tmp_path: Path) -> None:
    """The pages of a design big enough to fork, without diagrams (no Graphviz needed): the same
    paths and bytes with one job and with three."""
    loaded = load_bytes("net.yaml", design(Shape(regions=2, vpcs=12, flows=400)).encode("utf-8"))
    assert loaded.topology is not None
    analysis = analyse(loaded.topology)
    serial = design_pages(analysis, diagrams=False)
    assert len(serial) >= 3 * forked.MIN_PER_WORKER
    assert design_pages(analysis, diagrams=False, jobs=3) == serial


def test_vpcdocs_serial_keeps_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VPCDOCS_SERIAL", "1")
    many = list(range(10 * forked.MIN_PER_WORKER))
    assert {pid for pid in forked.map_forked(lambda n: os.getpid(), many, jobs=4)} == {
        os.getpid()}
