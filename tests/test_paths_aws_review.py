"""An adversarial review of the traffic-path analysis against AWS behaviour.

Each file under tests/scenarios/aws_review/ is one small topology with the expected result of each
of its flows, written from AWS's documentation (aws-networking-facts.md and the AWS pages it cites,
named in each file's header) and the vocabulary and rule order of paths-json.md, *before* running
the analysis. Where the two disagreed, the analysis was fixed. The format of a scenario is that of
tests/paths_support.py; every flow of a scenario needs an expectation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paths_support import load_scenario, problems, scenario_files

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.paths.codes import DNS_CODES

REVIEW_DIR = Path(__file__).resolve().parent / "scenarios" / "aws_review"
FILES = scenario_files(REVIEW_DIR)


def _vocab(text: str) -> set[str]:
    return set(text.split())


# The vocabularies exactly as paths-json.md lists them (copied from the contract, not from the
# code, so that a home-made addition shows up here).
CONTRACT_HOP_KINDS = _vocab("""workload subnet route-table local nat-gateway internet-gateway internet
    gateway-endpoint interface-endpoint gateway-load-balancer-endpoint peering transit-gateway
    transit-gateway-peering load-balancer endpoint-service service""")
CONTRACT_CODES = _vocab("""VIA_GATEWAY_ENDPOINT VIA_INTERFACE_ENDPOINT VIA_NAT_GATEWAY
    VIA_INTERNET_GATEWAY VIA_PEERING VIA_TRANSIT_GATEWAY VIA_TRANSIT_GATEWAY_PEERING
    VIA_ENDPOINT_SERVICE PRIVATE_DNS HOSTED_ZONE_DNS ENDPOINT_DNS_NAME PUBLIC_DNS CROSS_REGION
    CROSS_AZ CROSS_REGION_PRIVATELINK""")
CONTRACT_REASONS = _vocab("""NO_ROUTE BLACKHOLE NO_INTERNET_GATEWAY GATEWAY_ENDPOINT_NOT_TRANSITIVE
    PEERING_NOT_TRANSITIVE PEERING_NOT_ACTIVE NO_RETURN_ROUTE DNS_NOT_RESOLVABLE
    PRINCIPAL_NOT_ALLOWED CONNECTION_NOT_ACCEPTED REGION_NOT_SUPPORTED SECURITY_GROUP_DENIES
    NO_TGW_ATTACHMENT_IN_AZ SERVICE_NOT_AVAILABLE NO_PUBLIC_IP NO_ENDPOINT""")


def test_there_are_at_least_forty_scenarios() -> None:
    assert len(FILES) >= 40


def test_the_scenarios_reach_every_reason_of_the_contract() -> None:
    reasons = {r.reason for p in FILES for r in analyse(load_scenario(p)[0])}
    assert CONTRACT_REASONS - reasons == set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_review_scenario(path: Path) -> None:
    topology, expect = load_scenario(path)
    results = {r.id: r for r in analyse(topology)}
    assert set(results) == set(expect), "every flow of a scenario needs an expectation"
    wrong = {fid: problems(results[fid], want) for fid, want in sorted(expect.items())}
    assert {fid: p for fid, p in wrong.items() if p} == {}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_review_scenario_keeps_the_contract_invariants(path: Path) -> None:
    topology, _ = load_scenario(path)
    for r in analyse(topology):
        dns = [c for c in r.codes if c in DNS_CODES]
        if r.to_kind == "workload" or r.reason == "NO_ENDPOINT":
            assert dns == [], r.id
        else:
            assert len(dns) == 1, (r.id, r.codes)
        assert (r.reason is None) == r.reachable, r.id
        assert (r.network.value == "none") == (not r.reachable), r.id
        assert ("CROSS_REGION" in r.codes) == r.cross_region == (len(r.regions) > 1), r.id
        assert r.regions[0] == topology.vpcs[topology.workloads[r.source].vpc].region, r.id
        assert r.hops[0].kind.value == "workload" and r.hops[0].id == r.source, r.id
        assert r.hops[1].kind.value == "subnet", r.id
        assert {h.kind.value for h in r.hops} <= CONTRACT_HOP_KINDS, r.id
        assert set(r.codes) <= CONTRACT_CODES, (r.id, r.codes)
        assert r.reason is None or r.reason in CONTRACT_REASONS, r.id
        assert r.network.value in ("aws-backbone", "internet", "none"), r.id
        if r.reachable:
            last = r.hops[-1]
            assert last.id == (r.to if r.to_kind != "endpoint-service" else last.id), r.id
