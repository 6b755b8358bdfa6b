"""Each source's fixture, imported: the topology YAML is golden, validates, and every (default)
flow of it is analysed. Fixtures are in the exact shapes the sources write
(`terraform show -json`, raw `terraform.tfstate` v4, `aws ec2 describe-*` output, CloudFormation
YAML and JSON); goldens under tests/golden/import/."""

from __future__ import annotations

import pytest

from tests.importers.helpers import FIXTURES, analyse_all, load_valid, run

TF = FIXTURES / "terraform"
CFN = FIXTURES / "cloudformation"

CASES = {
    # a plan: nested modules, count and for_each, values unknown until apply, a data source, a
    # destroyed resource, types that are not read
    "terraform-plan": ["terraform", str(TF / "plan.json")],
    # two raw states (one per Region/account): a peering and its accepter, a TGW peering and
    # its accepter, become one object each; default TGW route tables; ASG; PrivateLink
    "terraform-states": ["terraform", str(TF / "hub.tfstate"), str(TF / "spoke.tfstate")],
    # raw state v4 of the hybrid AWS provider resources (VPN, DX gateway, SGs and rules, NACLs
    # and rules, endpoint policies, Resolver, managed prefix lists)
    "terraform-hybrid": ["terraform", str(TF / "hybrid.tfstate")],
    # a plan creating a VPN to a TGW: attachment ids unknown until apply, followed through
    # `configuration` (the route names `aws_vpn_connection.dc1.transit_gateway_attachment_id`)
    "terraform-hybrid-plan": ["terraform", str(TF / "hybrid-plan.json")],
    "snapshot": ["snapshot", str(FIXTURES / "snapshot")],
    # VPN, VGW, customer gateways, DX gateway associations, SGs and rules, NACLs, endpoint
    # policies, Resolver endpoints and rules, managed prefix lists (topology-format-hybrid.md)
    "snapshot-hybrid": ["snapshot", str(FIXTURES / "snapshot-hybrid")],
    # every intrinsic function, conditions, parameters, ImportValue across two stacks
    "cloudformation": ["cloudformation", str(CFN / "network.yaml"), str(CFN / "spoke.json"),
                       "--region", "eu-west-1"],
    # VPN, VGW propagation, customer gateway, SGs with egress (property and resource), NACL
    # entries, endpoint PolicyDocument, Resolver endpoints/rule/association, EC2::PrefixList
    "cloudformation-hybrid": ["cloudformation", str(CFN / "hybrid.yaml"), "--region",
                              "eu-west-1"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_matches_golden_and_round_trips(case: str, golden) -> None:  # type: ignore[no-untyped-def]
    result = run(*CASES[case], "--quiet")
    assert result.exit_code == 0, result.output
    golden(f"import/{case}.yaml", result.stdout)
    topology = load_valid(result.stdout_bytes)
    analyse_all(topology)


@pytest.mark.parametrize("case", sorted(CASES))
def test_summary_matches_golden(case: str, golden) -> None:  # type: ignore[no-untyped-def]
    result = run(*CASES[case])
    assert result.exit_code == 0, result.output
    golden(f"import/{case}.summary.txt", result.stderr)


def test_same_input_same_bytes_in_any_folder(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = run(*CASES["terraform-states"], "-q").stdout_bytes
    import shutil

    for name in ("hub.tfstate", "spoke.tfstate"):
        shutil.copy(TF / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    again = run("terraform", "hub.tfstate", "spoke.tfstate", "-q").stdout_bytes
    assert first == again


def test_file_order_does_not_change_the_output() -> None:
    ab = run("terraform", str(TF / "hub.tfstate"), str(TF / "spoke.tfstate"), "-q").stdout
    ba = run("terraform", str(TF / "spoke.tfstate"), str(TF / "hub.tfstate"), "-q").stdout
    strip = [line for line in ab.splitlines() if not line.startswith("# vpcdocs import:")]
    assert strip == [line for line in ba.splitlines() if not line.startswith("# vpcdocs import:")]


def test_unknown_service_is_a_warning_and_analysed_as_assumed() -> None:
    result = run("snapshot", str(FIXTURES / "snapshot"), "-q")
    from vpcdocs.loader import load_bytes

    loaded = load_bytes("snap.yaml", result.stdout_bytes)
    assert loaded.ok
    assert [d.code for d in loaded.warnings] == ["UNKNOWN_SERVICE"]
    assert "brand-new-service" in loaded.warnings[0].message
    from vpcdocs.analysis.paths import analyse

    assert loaded.topology is not None
    flow = next(r for r in analyse(loaded.topology) if r.id == "checkout-to-brand-new-service")
    assert flow.reachable
    assert any("brand-new-service" in a and "not in vpcdocs' service catalogue" in a
               for a in flow.assumptions)


@pytest.mark.parametrize("case", sorted(CASES))
def test_vpcdocs_validate_and_paths_accept_the_output(case: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from vpcdocs.cli import cli

    out = tmp_path / "network.yaml"
    assert run(*CASES[case], "-o", str(out), "-q").exit_code == 0
    runner = CliRunner()
    validate = runner.invoke(cli, ["validate", str(out)])
    assert validate.exit_code == 0, validate.output
    paths = runner.invoke(cli, ["paths", str(out), "--format", "json"])
    assert paths.exit_code == 0, paths.output
