"""`vpcdocs paths --format json` in several processes (`paths_parallel`) prints exactly what the
serial way prints: on every design of the repository and on generated designs (also with
volumes past the first price tier, where the regional totals decide the prices), cut in two
and in three; and it gives way to the serial path, with nothing written and no process left,
when the design cannot be priced or a worker fails."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from design_corpus import ROOT, Shape, corpus, design, generated
from pricing_support import from_text

from vpcdocs.analysis.analysis import analyse_flows
from vpcdocs.cli import cli
from vpcdocs.commands import paths_parallel
from vpcdocs.commands.paths import json_text
from vpcdocs.commands.paths_parallel import ParallelPaths, workers_for
from vpcdocs.model import Topology


def serial(topology: Topology) -> str:
    return json_text(analyse_flows(topology).flows)


def parallel(topology: Topology, workers: int) -> str | None:
    made = ParallelPaths.start(topology, workers)
    return None if made is None else "".join(made.chunks())


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_every_design_of_the_repository() -> None:
    went = 0
    for name, topology in corpus():
        if len(topology.flows) < 2:
            continue
        made = parallel(topology, 2)
        if analyse_flows(topology).flow_price_error is not None:
            assert made is None, name
        else:
            assert made == serial(topology), name
            went += 1
    assert went > 50
    assert no_children_left()


@pytest.mark.parametrize("workers", [2, 3])
def test_generated_designs(workers: int) -> None:
    for seed in (1, 2):
        topology = generated(Shape(regions=3, vpcs=14, flows=300, seed=seed))
        assert parallel(topology, workers) == serial(topology)
    assert no_children_left()


def test_volumes_past_the_first_tier() -> None:
    # every flow a million times larger: the regional totals pass 1 PB through interface
    # endpoints and 10 TB out to the internet, so tiered prices depend on all flows together
    text = re.sub(r"gb_per_month: (\d+)", lambda m: f"gb_per_month: {m[1]}654321",
                  design(Shape(regions=2, vpcs=10, flows=300, seed=3)))
    topology = from_text(text)
    expected = serial(topology)
    assert "average of the tiers at" in expected  # prices past the first tier
    assert parallel(topology, 2) == expected
    assert parallel(topology, 3) == expected


def test_a_design_that_cannot_be_priced_goes_the_serial_way() -> None:
    text = (ROOT / "tests" / "scenarios" / "cost" / "sao-paulo.yaml").read_text(encoding="utf-8")
    partly = "pricing:\n  regions:\n    sa-east-1: {nat_gateway_hour: 0.093, public_ipv4_hour: 0.005, interface_endpoint_hour: 0.014}\n"  # noqa: E501
    topology = from_text(text + "\n" + partly)  # the per-GB figures are missing
    assert analyse_flows(topology).flow_price_error is not None
    assert parallel(topology, 2) is None
    assert no_children_left()


def test_a_worker_that_fails_leaves_the_serial_way(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = paths_parallel.analyse_spec

    def failing_in_children(topology: Topology, flow: object) -> object:
        if os.getpid() != parent:
            raise RuntimeError("a worker fails")
        return real(topology, flow)  # type: ignore[arg-type]

    monkeypatch.setattr(paths_parallel, "analyse_spec", failing_in_children)
    topology = generated(Shape(regions=2, vpcs=6, flows=60, seed=1))
    assert parallel(topology, 2) is None
    assert no_children_left()


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths_parallel.SERIAL_ENV, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert workers_for(paths_parallel.MIN_FLOWS - 1) == 1
    assert workers_for(paths_parallel.MIN_FLOWS) == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert workers_for(100_000) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(32)), raising=False)
    assert workers_for(100_000) == 4
    monkeypatch.setenv(paths_parallel.SERIAL_ENV, "1")
    assert workers_for(100_000) == 1


def test_the_command_prints_the_same_bytes(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    path = tmp_path / "network.yaml"
    path.write_text(design(Shape(regions=3, vpcs=12, flows=200, seed=2)), encoding="utf-8")
    monkeypatch.setattr(paths_parallel, "MIN_FLOWS", 100)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.delenv(paths_parallel.SERIAL_ENV, raising=False)
    started = []
    real_start = ParallelPaths.start.__func__  # type: ignore[attr-defined]

    def start(cls: type[ParallelPaths], topology: Topology, workers: int) -> object:
        started.append(workers)
        return real_start(cls, topology, workers)

    monkeypatch.setattr(ParallelPaths, "start", classmethod(start))
    two = CliRunner().invoke(cli, ["paths", str(path), "--format", "json"])
    assert two.exit_code == 0, two.output
    assert started == [2]
    monkeypatch.setenv(paths_parallel.SERIAL_ENV, "1")
    one = CliRunner().invoke(cli, ["paths", str(path), "--format", "json"])
    assert one.exit_code == 0, one.output
    assert started == [2]  # the serial way
    assert two.stdout == one.stdout
    assert no_children_left()
