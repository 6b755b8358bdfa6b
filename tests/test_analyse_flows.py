"""`analyse_flows` (what `vpcdocs paths` uses without `--strict`: the flows without the cost
report) gives exactly `analyse`'s flows and flow pricing error, on every design of the
repository (priced, unpriceable, and priced per flow only) and on generated designs."""

from __future__ import annotations

import pytest
from design_corpus import ROOT, Shape, corpus, generated
from pricing_support import from_text

from vpcdocs.analysis.analysis import analyse, analyse_flows
from vpcdocs.commands.paths import json_text
from vpcdocs.model import Topology


def same(topology: Topology) -> tuple[bool, bool]:
    whole, alone = analyse(topology), analyse_flows(topology)
    assert alone.flows == whole.flows
    assert json_text(alone.flows) == json_text(whole.flows)
    assert [f.lookup for f in alone.flows] == [f.lookup for f in whole.flows]
    assert [f.gates for f in alone.flows] == [f.gates for f in whole.flows]
    if whole.flow_price_error is None:
        assert alone.flow_price_error is None
    else:
        assert alone.flow_price_error is not None
        assert alone.flow_price_error.diagnostics == whole.flow_price_error.diagnostics
    return whole.priced, whole.flow_price_error is None


SAO_PAULO = (ROOT / "tests" / "scenarios" / "cost" / "sao-paulo.yaml").read_text(encoding="utf-8")
# a Region without prices, with some of its figures set (neither flows nor report priced),
# or with all the first-tier figures while a flow of 3 PB through a NAT gateway has an
# alternative (an interface endpoint) priced past the first tier: the flows are priced, the
# report is not
PARTLY = "pricing:\n  regions:\n    sa-east-1: {nat_gateway_hour: 0.093, public_ipv4_hour: 0.005}\n"
FIRST_TIER = ("pricing:\n  regions:\n    sa-east-1: {nat_gateway_gb: 0.093, interface_endpoint_gb: "
              "0.011, nat_gateway_hour: 0.093, public_ipv4_hour: 0.005, "
              "interface_endpoint_hour: 0.014}\n")


def test_every_design_of_the_repository() -> None:
    designs = [topology for _, topology in corpus()]
    designs.append(from_text(SAO_PAULO + "\n" + PARTLY))
    designs.append(from_text(SAO_PAULO.replace("gb_per_month: 100", "gb_per_month: 3000000")
                             + "\n" + FIRST_TIER))
    kinds = {same(topology) for topology in designs}
    # each case of `analyse` is met: priced; flows priced without a report; not priced
    assert kinds == {(True, True), (False, True), (False, False)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_designs(seed: int) -> None:
    same(generated(Shape(regions=3, vpcs=14, flows=150, seed=seed)))
