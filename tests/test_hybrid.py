"""Hybrid networks, security groups, NACLs and endpoint policies end to end (issue 15): the
bundled example `examples/hybrid.yaml` (validate, paths, cost, build), and the contract's cost
worked example (paths-json-hybrid.md A2). The per-flow worked examples A1-E2 are scenarios under
tests/scenarios/paths/hybrid-*.yaml; the validation codes are cases under tests/cases/loader/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from paths_support import topology_text
from ruamel.yaml import YAML

from vpcdocs.analysis.analysis import analyse
from vpcdocs.cli import cli
from vpcdocs.loader import load_bytes, load_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hybrid.yaml"
SCENARIOS = ROOT / "tests" / "scenarios" / "paths"


def _flows(path: Path) -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["paths", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {f["id"]: f for f in json.loads(result.output)["flows"]}


def test_the_example_validates_with_zero_diagnostics() -> None:
    result = load_file(EXAMPLE)
    assert result.ok and result.diagnostics == ()
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/vpcdocs.schema.json"


# flow: (reachable, network, reason, codes that must be present)
DESIGNED = {
    "erp-to-s3": (True, "direct-connect", None,
                  {"VIA_DIRECT_CONNECT", "VIA_TRANSIT_GATEWAY", "VIA_INTERFACE_ENDPOINT",
                   "PRIVATE_DNS", "RESOLVER_INBOUND_ENDPOINT"}),
    "erp-to-orders": (True, "direct-connect", None,
                      {"VIA_DIRECT_CONNECT", "VIA_ENDPOINT_SERVICE", "ENDPOINT_DNS_NAME"}),
    "erp-to-reporting": (False, "none", "NACL_RETURN_DENIES", {"VIA_DIRECT_CONNECT"}),
    "reporting-to-orders": (True, "aws-backbone", None, {"VIA_ENDPOINT_SERVICE"}),
    "reporting-to-s3": (True, "aws-backbone", None, {"VIA_GATEWAY_ENDPOINT", "PUBLIC_DNS"}),
    "kiosk-to-s3": (False, "none", "GATEWAY_ENDPOINT_NOT_TRANSITIVE", {"VIA_VPN", "PUBLIC_DNS"}),
}


def test_every_flow_of_the_example_gives_the_designed_result() -> None:
    flows = _flows(EXAMPLE)
    assert set(flows) == set(DESIGNED)
    for fid, (reachable, network, reason, codes) in DESIGNED.items():
        got = flows[fid]
        assert (got["reachable"], got["network"], got["reason"]) == (reachable, network, reason)
        assert codes <= set(got["codes"]), (fid, got["codes"])
    kiosk = [h["kind"] for h in flows["kiosk-to-s3"]["hops"]]
    assert kiosk[:3] == ["workload", "on-premises", "vpn-connection"]
    assert kiosk[-1] == "gateway-endpoint"
    assert flows["erp-to-reporting"]["hops"][-1]["kind"] == "network-acl"


def test_the_example_explains_the_gateway_endpoint_attempt_as_a_finding() -> None:
    result = CliRunner().invoke(cli, ["validate", "--findings", str(EXAMPLE)])
    assert "warning[GATEWAY_ENDPOINT_FROM_ON_PREMISES]: flow `kiosk-to-s3`" in result.output
    assert "error[" not in result.output


def test_the_example_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()


def _scenario(name: str) -> Any:
    data = YAML(typ="safe", pure=True).load((SCENARIOS / name).read_text(encoding="utf-8"))
    loaded = load_bytes(name, topology_text(data["topology"]).encode("utf-8"))
    assert loaded.topology is not None
    return loaded.topology


def test_the_contract_cost_example_a2() -> None:
    """paths-json-hybrid.md A2: build-to-kms costs 50.00 per month (TGW 20, endpoint 10, Direct
    Connect out 20, an upper bound) and 80.30 fixed (att-dx, att-shared, kms-if)."""
    analysis = analyse(_scenario("hybrid-a2-dx-tgw.yaml"))
    flow = analysis.flow("build-to-kms")
    assert flow.cost.monthly_usd == pytest.approx(50.00)
    assert flow.cost.fixed_usd == pytest.approx(80.30)
    items = {i.item: i.usd for i in flow.cost.items}
    assert items["Direct Connect data out of eu-west-1 (dx-hq)"] == pytest.approx(20.0)
    assert any("Direct Connect data out is charged" in a for a in flow.assumptions)


def test_the_contract_cost_resources_a1() -> None:
    """paths-json-hybrid.md A1: two VPN connections, a two-ENI Resolver endpoint."""
    analysis = analyse(_scenario("hybrid-a1-vpn-vgw.yaml"))
    kinds = {r.id: (r.kind.value, r.monthly_usd) for r in analysis.report.resources}
    assert kinds["vpn-dc1"] == ("vpn-connection", pytest.approx(730 * 0.05))
    assert kinds["vpn-dc2"] == ("vpn-connection", pytest.approx(730 * 0.05))
    assert kinds["app-in"] == ("resolver-endpoint", pytest.approx(730 * 2 * 0.125))


def test_alternatives_from_on_premises() -> None:
    """paths-json-hybrid.md: from on premises the gateway endpoint is never feasible; an
    interface endpoint adds a two-ENI inbound Resolver endpoint when its VPC has none."""
    analysis = analyse(_scenario("hybrid-a1-vpn-vgw.yaml"))
    ways = {a.via.value: a for a in analysis.flow_report("branch-to-s3").alternatives}
    assert not ways["gateway-endpoint"].feasible
    erp = {a.via.value: a for a in analysis.flow_report("erp-to-s3").alternatives}
    assert erp["interface-endpoint"].current
    assert analysis.flow("erp-to-s3").cost.fixed_usd is not None
    fixed = {i.item for i in analysis.flow("erp-to-s3").cost.items if i.fixed}
    assert "Resolver endpoint hours (app-in)" in fixed  # its DNS step's inbound endpoint


def test_flow_pages_name_the_connection_in_words() -> None:
    """A flow page says what carries the flow as AWS names it ("Direct Connect", "Site-to-Site
    VPN"), not the JSON value (`direct-connect`)."""
    import vpcdocs

    pages = vpcdocs.pages(vpcdocs.analyse(vpcdocs.load(EXAMPLE)))
    page = pages["flows/erp-to-orders/index.md"].decode("utf-8")
    assert "over the **Direct Connect**" in page
    assert not any(b"**direct-connect**" in body or b"over the **vpn**" in body
                   for body in pages.values())
