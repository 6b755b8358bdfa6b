"""Scenario tests of the traffic-path analysis: one small topology per group of AWS rules.

Each scenario's expectations are written by hand from paths-json.md and aws-networking-facts.md
(see tests/paths_support.py for the format); its full JSON is a golden file reviewed in diffs.
Together the scenarios reach every blocking reason and every DNS code of the contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paths_support import load_scenario, problems, scenario_files

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.paths.codes import DNS_CODES, Code, Reason
from vpcdocs.commands.paths import json_text


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_scenario_gives_the_expected_results(path: Path) -> None:
    topology, expect = load_scenario(path)
    results = {r.id: r for r in analyse(topology)}
    assert set(results) == set(expect), "every flow of a scenario needs an expectation"
    wrong = {fid: problems(results[fid], want) for fid, want in sorted(expect.items())}
    assert {fid: p for fid, p in wrong.items() if p} == {}


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_scenario_json_matches_its_golden(path: Path, golden) -> None:  # type: ignore[no-untyped-def]
    topology, _ = load_scenario(path)
    golden(f"paths/{path.stem}.json", json_text(analyse(topology)))


def test_scenarios_reach_every_reason_and_dns_code() -> None:
    reasons: set[str] = set()
    codes: set[str] = set()
    for path in scenario_files():
        topology, _ = load_scenario(path)
        for r in analyse(topology):
            codes.update(r.codes)
            if r.reason:
                reasons.add(r.reason)
    assert {r.value for r in Reason} - reasons == set()
    assert {c.value for c in DNS_CODES} - codes == set()
    assert {c.value for c in Code} - codes == set()


def test_every_flow_to_a_service_has_exactly_one_dns_code() -> None:
    for path in scenario_files():
        topology, _ = load_scenario(path)
        for r in analyse(topology):
            dns = [c for c in r.codes if c in DNS_CODES]
            if r.to_kind == "workload" or r.reason == "NO_ENDPOINT":
                assert dns == [], (path.stem, r.id)
            else:
                assert len(dns) == 1, (path.stem, r.id, r.codes)


def test_blocked_flows_have_a_fix_and_reachable_ones_none() -> None:
    for path in scenario_files():
        topology, _ = load_scenario(path)
        for r in analyse(topology):
            assert (r.fix is None) == r.reachable, (path.stem, r.id)
            assert (r.reason is None) == r.reachable
            assert (r.network.value == "none") == (not r.reachable)
            assert ("CROSS_REGION" in r.codes) == r.cross_region
            assert r.fix is None or r.fix in r.explanation
