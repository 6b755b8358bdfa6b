"""`flow_text` writes what `json_indent.dumps(result.to_json())` (and so `json.dumps` with
`indent=2, ensure_ascii=False`) writes for one flow: on every flow of every design of the
repository, of generated designs, and of hand-made results with every optional field set and
unset."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from design_corpus import Shape, corpus, generated

from vpcdocs.analysis.analysis import analyse_flows
from vpcdocs.analysis.result import (
    ChargeKind,
    Code,
    CostItem,
    FlowCost,
    FlowResult,
    Hop,
    HopKind,
    Network,
    Reason,
)
from vpcdocs.commands.flow_json import flow_text
from vpcdocs.commands.json_indent import dumps


def check(result: FlowResult) -> None:
    reference = json.dumps(result.to_json(), indent=2, ensure_ascii=False)
    assert flow_text(result) == dumps(result.to_json()) == reference, result.id
    assert flow_text(result, "    ") == reference.replace("\n", "\n    "), result.id


def test_every_flow_of_the_repository() -> None:
    fields: set[str] = set()
    for _, topology in corpus():
        for result in analyse_flows(topology).flows:
            check(result)
            fields |= set(result.to_json())
            fields |= {k for h in result.hops for k in h.to_json()}
            fields |= set(result.cost.to_json())
    # every optional field occurs somewhere (set and unset)
    assert {"fix", "fixed_usd", "region", "az", "route", "note"} <= fields


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_designs(seed: int) -> None:
    for result in analyse_flows(generated(Shape(regions=3, vpcs=14, flows=200, seed=seed))).flows:
        check(result)


BARE = FlowResult("a\u2028\"b", "src\\x", "t\x00o", None, False, Network.NONE, False, (), (), (),
                  None, "")


@pytest.mark.parametrize("result", [
    BARE,
    replace(BARE, to_region="eu-west-1", reachable=True, network=Network.AWS_BACKBONE,
            cross_region=True, regions=("eu-west-1", "é-1"),
            hops=(Hop(HopKind.WORKLOAD, "w"), Hop(HopKind.SUBNET, "s", "r", "az", "rt", "n\n")),
            codes=(Code.CROSS_AZ, Code.VIA_PEERING), reason=Reason.NO_ROUTE,
            explanation="Line\nbreak \ud800", assumptions=("one", "two"),
            cost=FlowCost(1.5, 0.0, (CostItem("x", 0.1, "b"),
                                     CostItem("y", 1e-05, "c", ChargeKind.CROSS_AZ, True)))),
    replace(BARE, cost=FlowCost(None, None, ()), gb_per_month=1e16, fix="do \"this\""),
    replace(BARE, cost=FlowCost(float("inf"), float("nan"), ()), gb_per_month=3),
])
def test_hand_made_results(result: FlowResult) -> None:
    check(result)
