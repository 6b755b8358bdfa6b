"""Hybrid objects imported from each source round-trip into vpcdocs' analysis
(topology-format-hybrid.md): VPN connections and the on-premises networks behind them, virtual
private gateways, Direct Connect gateway associations, security groups and their rules, network
ACLs, endpoint policies, Route 53 Resolver endpoints and rules, customer-managed prefix lists.

Each test imports a fixture written in the source's own shapes (field names of the AWS API
references: EC2 `DescribeVpnConnections`, `DescribeNetworkAcls`, `DescribeSecurityGroups`,
`DescribeSecurityGroupRules`, `DescribeManagedPrefixLists`, `GetManagedPrefixListEntries`,
`DescribeVpcEndpoints` `PolicyDocument`; Direct Connect `DescribeDirectConnectGatewayAssociations`;
Route 53 Resolver `ListResolverEndpoints`, `ListResolverEndpointIpAddresses`,
`ListResolverRules`, `ListResolverRuleAssociations`), loads the YAML it emits with vpcdocs'
loader, adds what no AWS API holds (an on-premises workload, flows) and checks the analysis.
"""

from __future__ import annotations

from typing import Any

import yaml

from tests.importers.helpers import FIXTURES, load_valid, run
from vpcdocs.analysis.paths import analyse


def _with_flows(data: bytes, edit: Any) -> Any:
    """The imported file plus what the user adds by hand (workloads on premises, flows)."""
    doc = yaml.safe_load(data)
    edit(doc)
    topology = load_valid(yaml.safe_dump(doc).encode(), "edited.yaml")
    return {r.id: r for r in analyse(topology)}


def _snapshot() -> Any:
    result = run("snapshot", str(FIXTURES / "snapshot-hybrid"), "-q")
    assert result.exit_code == 0, result.output
    return yaml.safe_load(result.stdout_bytes), result


def test_snapshot_reads_every_hybrid_object() -> None:
    doc, _ = _snapshot()
    vpc = doc["vpcs"]["shared"]
    assert vpc["vpn_gateway"] == "shared-vgw"
    assert vpc["route_tables"]["shared-rt"]["propagate"] is True
    # the propagated route (Origin EnableVgwRoutePropagation) is not a user route
    assert vpc["route_tables"]["shared-rt"]["routes"] == [{"to": "192.168.0.0/16", "via": "tgw-eu"}]
    assert vpc["security_groups"]["endpoint-sg"]["inbound"] == [
        {"protocol": "tcp", "ports": 443, "cidr": "192.168.0.0/16"},
        {"protocol": "tcp", "ports": 443, "security_group": "app-sg"}]
    # AWS's default egress rule is the format's absent `outbound`
    assert "outbound" not in vpc["security_groups"]["endpoint-sg"]
    assert vpc["security_groups"]["app-sg"]["outbound"][1] == {
        "protocol": "tcp", "ports": 443, "prefix_list": "s3"}
    # rules from describe-security-group-rules, a customer-managed prefix list by name
    assert vpc["security_groups"]["dns-sg"]["inbound"][0] == {
        "protocol": "udp", "ports": 53, "prefix_list": "corp-ranges"}
    assert doc["prefix_lists"]["corp-ranges"] == {"region": "eu-west-1",
                                                  "cidrs": ["172.16.0.0/12", "192.168.0.0/16"]}
    nacl = vpc["network_acls"]["app-nacl"]
    assert [r["rule"] for r in nacl["inbound"]] == [100, 110]  # 32767 implicit; ESP left out
    assert vpc["subnets"]["app-a"]["network_acl"] == "app-nacl"
    assert "network_acl" not in vpc["subnets"]["ep-a"]  # the default NACL's subnets
    assert vpc["endpoints"]["s3-if"]["policy"] == {
        "principals": ["111111111111"],
        "resources": ["arn:aws:s3:::orders-archive", "arn:aws:s3:::orders-archive/*"]}
    assert "policy" not in vpc["endpoints"]["s3-gw"]  # AWS's default policy: full access
    assert "policy" not in vpc["endpoints"]["kms-if"]  # a Deny: not the small form (noted)
    assert vpc["resolver_endpoints"]["shared-in"] == {
        "direction": "inbound", "subnets": ["ep-a", "ep-b"], "security_groups": ["dns-sg"]}
    assert doc["resolver_rules"]["corp-fwd"] == {"domain": "corp.example.com",
                                                 "endpoint": "shared-out",
                                                 "targets": ["192.168.0.10"], "vpcs": ["shared"]}
    assert doc["direct_connect_gateways"]["corp-dx"] == {
        "associations": [{"gateway": "tgw-eu", "allowed_prefixes": ["10.20.0.0/16"]}]}
    atts = doc["transit_gateways"]["tgw-eu"]["attachments"]
    assert atts["att-vpn-dc1"] == {"vpn": "vpn-dc1", "route_table": "tgw-rt"}
    assert atts["att-corp-dx"] == {"direct_connect_gateway": "corp-dx", "route_table": "tgw-rt"}
    assert {"to": "192.168.0.0/16", "via": "att-vpn-dc1"} in \
        doc["transit_gateways"]["tgw-eu"]["route_tables"]["tgw-rt"]["routes"]
    onprem = doc["on_premises"]
    # ranges: a static VPN to a TGW -> the TGW's static routes; a BGP VPN to a VGW -> the routes
    # the VGW propagated; a static VPN to a VGW -> its static routes
    assert onprem["dc1"]["cidrs"] == ["192.168.0.0/16"]
    assert onprem["dc1"]["connections"]["vpn-dc1"] == {"type": "vpn", "gateway": "tgw-eu",
                                                       "routing": "static"}
    assert onprem["branch"]["cidrs"] == ["172.16.0.0/16"]
    assert onprem["branch"]["connections"]["vpn-branch"] == {"type": "vpn",
                                                             "gateway": "shared-vgw"}
    assert onprem["lab"]["connections"]["vpn-lab"]["static_routes"] == ["10.99.0.0/16"]


def test_snapshot_summary_says_what_aws_cannot_say() -> None:
    result = run("snapshot", str(FIXTURES / "snapshot-hybrid"))
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "1 VPN connections (deleted, failed or rejected)" in err
    assert "AWS's API holds no list of on-premises ranges" in err
    assert "rule 120 is for IP protocol 50" in err
    assert "vpce-0aa0000000000003: its policy cannot be written" in err
    assert "Resolver rule of type RECURSIVE" in err


def _hybrid_flows(doc: Any) -> None:
    doc["on_premises"]["dc1"]["workloads"] = {"erp": {"cidr": "192.168.10.0/24"}}
    doc["vpcs"]["shared"]["workloads"]["reporting"]["principal"] = \
        "arn:aws:iam::111111111111:role/reporting"
    doc["flows"] = {
        "erp-to-reporting": {"from": "erp", "to": "reporting", "port": 8443},
        "reporting-to-s3": {"from": "reporting", "to": "s3", "resource": "orders-archive/x"},
        "reporting-to-other": {"from": "reporting", "to": "s3", "via_endpoint": "s3-if",
                               "resource": "other-bucket/x"},
        "reporting-to-kms": {"from": "reporting", "to": "kms"},
    }


def test_snapshot_import_is_analysed_with_its_filters() -> None:
    """The imported NACL blocks the reply of an on-premises flow that arrives over the imported
    VPN and transit gateway; the imported SG reference (app-sg -> endpoint-sg) admits a flow;
    the imported endpoint policy refuses a bucket it does not list."""
    _, result = _snapshot()
    flows = _with_flows(result.stdout_bytes, _hybrid_flows)
    erp = flows["erp-to-reporting"]
    assert not erp.reachable
    assert erp.reason is not None and erp.reason.value == "NACL_RETURN_DENIES"
    assert "vpn-connection" in [h.kind.value for h in erp.hops]
    assert flows["reporting-to-s3"].reachable
    assert flows["reporting-to-kms"].reachable  # app-sg's outbound rule names endpoint-sg
    other = flows["reporting-to-other"]
    assert not other.reachable
    assert other.reason is not None and other.reason.value == "ENDPOINT_POLICY_DENIES"


def test_terraform_state_import_is_analysed_with_its_filters() -> None:
    """The same design as Terraform's AWS provider holds it (tests/importers/fixtures/terraform/
    hybrid.tfstate, attribute names from registry.terraform.io/providers/hashicorp/aws):
    separate rule resources (`aws_vpc_security_group_egress_rule`, `aws_security_group_rule`
    with `type = "egress"`, `aws_network_acl_rule`, `aws_vpn_connection_route`,
    `aws_ec2_managed_prefix_list_entry`, `aws_vpc_endpoint_policy`) join their parents."""
    result = run("terraform", str(FIXTURES / "terraform" / "hybrid.tfstate"), "-q")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout_bytes)
    vpc = doc["vpcs"]["shared"]
    assert vpc["security_groups"]["app-sg"]["outbound"] == [
        {"protocol": "tcp", "ports": 443, "security_group": "endpoint-sg"},
        {"protocol": "tcp", "ports": 443, "prefix_list": "s3"}]
    assert {"protocol": "tcp", "ports": 9000, "security_group": "app-sg"} in \
        vpc["security_groups"]["app-sg"]["inbound"]  # `self = true`
    assert vpc["network_acls"]["app-nacl"]["outbound"][0] == {
        "rule": 90, "action": "deny", "protocol": "all", "cidr": "10.99.0.0/16"}
    assert vpc["endpoints"]["s3-gw"]["policy"] == {
        "principals": ["arn:aws:iam::111111111111:role/reporting"]}
    assert doc["on_premises"]["branch"]["connections"]["vpn-branch"]["static_routes"] == [
        "172.16.0.0/16", "172.17.0.0/16"]
    assert doc["prefix_lists"]["corp-ranges"]["cidrs"] == ["172.16.0.0/12", "192.168.0.0/16"]
    # the DX gateway association's TGW attachment is declared on the transit gateway
    assert doc["transit_gateways"]["tgw-eu"]["attachments"]["att-corp-dx"] == {
        "direct_connect_gateway": "corp-dx", "route_table": "tgw-rt"}
    flows = _with_flows(result.stdout_bytes, _hybrid_flows)
    erp = flows["erp-to-reporting"]
    assert not erp.reachable
    assert erp.reason is not None and erp.reason.value == "NACL_RETURN_DENIES"
    assert flows["reporting-to-s3"].reachable
    other = flows["reporting-to-other"]
    assert other.reason is not None and other.reason.value == "ENDPOINT_POLICY_DENIES"


def test_cloudformation_import_is_analysed_with_its_filters() -> None:
    """The design as a CloudFormation template (tests/importers/fixtures/cloudformation/
    hybrid.yaml, property names from the CloudFormation resource reference). A group with
    `SecurityGroupEgress` loses AWS's allow-all rule; an `AWS::EC2::SecurityGroupEgress`
    resource adds to the group; a Resolver endpoint's VPC is its subnets'."""
    result = run("cloudformation", str(FIXTURES / "cloudformation" / "hybrid.yaml"),
                 "--region", "eu-west-1", "-q")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout_bytes)
    vpc = doc["vpcs"]["shared"]
    assert vpc["security_groups"]["app-sg"]["outbound"] == [
        {"protocol": "tcp", "ports": 443, "security_group": "endpoint-sg"},
        {"protocol": "udp", "ports": 53, "security_group": "dns-sg"}]
    assert "outbound" not in vpc["security_groups"]["dns-sg"]  # AWS's default kept
    assert vpc["route_tables"]["shared-rt"]["propagate"] is True
    assert doc["on_premises"]["dc1"]["connections"]["vpn-dc1"]["static_routes"] == [
        "192.168.0.0/16"]
    assert doc["resolver_rules"]["corp-fwd"]["vpcs"] == ["shared"]
    assert vpc["resolver_endpoints"]["shared-in"]["subnets"] == ["ep-a", "ep-b"]

    def edit(d: Any) -> None:
        d["on_premises"]["dc1"]["workloads"] = {"erp": {"cidr": "192.168.10.0/24"}}
        d["vpcs"]["shared"]["workloads"]["reporting"]["principal"] = \
            "arn:aws:iam::111111111111:role/reporting"
        d["flows"] = {
            "erp-to-reporting": {"from": "erp", "to": "reporting", "port": 8443},
            "reporting-to-other": {"from": "reporting", "to": "s3", "via_endpoint": "s3-if",
                                   "resource": "other-bucket/x"},
            "reporting-to-archive": {"from": "reporting", "to": "s3", "via_endpoint": "s3-if",
                                     "resource": "orders-archive/x"}}

    flows = _with_flows(result.stdout_bytes, edit)
    erp = flows["erp-to-reporting"]
    assert erp.reason is not None and erp.reason.value == "NACL_RETURN_DENIES"
    assert "vpn-connection" in [h.kind.value for h in erp.hops]
    assert flows["reporting-to-archive"].reachable
    other = flows["reporting-to-other"]
    assert other.reason is not None and other.reason.value == "ENDPOINT_POLICY_DENIES"


def test_reimport_keeps_what_the_user_adds_to_a_site(tmp_path: Any) -> None:
    """What no AWS API holds is the user's to add to an imported on-premises network (DNS
    server, workloads, a Direct Connect connection): `--into` keeps it, and a second run changes
    nothing."""
    result = run("snapshot", str(FIXTURES / "snapshot-hybrid"), "-q")
    text = result.stdout.replace(
        "    cidrs: [192.168.0.0/16]\n    connections:\n",
        "    cidrs: [192.168.0.0/16]\n    dns_server: 192.168.0.10\n    connections:\n"
        "      dx-dc1: {type: direct-connect, gateway: corp-dx}\n", 1)
    assert "dx-dc1" in text
    path = tmp_path / "network.yaml"
    path.write_text(text)
    for _ in range(2):
        again = run("snapshot", str(FIXTURES / "snapshot-hybrid"), "--into", str(path), "-q")
        assert again.exit_code == 0, again.output
        assert path.read_text() == text
    topology = load_valid(path.read_bytes())
    assert set(topology.connections) >= {"dx-dc1", "vpn-dc1"}


def test_reimport_removes_groups_gone_from_the_source_and_keeps_hand_written_ones(
        tmp_path: Any) -> None:
    import shutil

    source = tmp_path / "snap"
    shutil.copytree(FIXTURES / "snapshot-hybrid", source)
    result = run("snapshot", str(source), "-q")
    text = result.stdout.replace(
        "    security_groups:\n      endpoint-sg:",
        "    security_groups:\n      mine: {inbound: []}\n      endpoint-sg:", 1)
    assert "mine: {inbound: []}" in text
    path = tmp_path / "network.yaml"
    path.write_text(text)
    for name in ("security-groups.json", "security-groups-dns.json",
                 "security-group-rules.json"):
        (source / "111111111111" / "eu-west-1" / name).unlink()
    again = run("snapshot", str(source), "--into", str(path))
    assert again.exit_code == 0, again.output
    doc = yaml.safe_load(path.read_bytes())
    groups = doc["vpcs"]["shared"]["security_groups"]
    assert groups == {"mine": {"inbound": []}}
    # who named the removed groups no longer does (the endpoint's Groups are still in the
    # source, but not the groups themselves)
    assert "security_groups" not in doc["vpcs"]["shared"]["endpoints"]["s3-if"]
    assert "security_groups" not in doc["vpcs"]["shared"]["workloads"]["reporting"]
    load_valid(path.read_bytes())


def _peered_snapshot(folder: Any, region_b: str) -> None:
    """Two VPCs with an active peering; a group of the first admits a group of the second
    (EC2 API shapes: DescribeVpcs, DescribeSubnets, DescribeVpcPeeringConnections,
    DescribeSecurityGroups `UserIdGroupPairs`)."""
    import json

    def write(region: str, name: str, data: Any) -> None:
        path = folder / "111111111111" / region / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))

    for region, vpc, cidr in (("eu-west-1", "vpc-0a", "10.1.0.0/16"),
                              (region_b, "vpc-0b", "10.2.0.0/16")):
        write(region, f"vpcs-{vpc}.json", {"Vpcs": [{"VpcId": vpc, "CidrBlock": cidr,
                                                     "State": "available"}]})
        write(region, f"subnets-{vpc}.json", {"Subnets": [{
            "SubnetId": f"subnet-{vpc}", "VpcId": vpc, "CidrBlock": cidr.replace(".0.0/16",
                                                                                  ".1.0/24"),
            "AvailabilityZone": f"{region}a"}]})
    write("eu-west-1", "peerings.json", {"VpcPeeringConnections": [{
        "VpcPeeringConnectionId": "pcx-0ab", "Status": {"Code": "active"},
        "RequesterVpcInfo": {"VpcId": "vpc-0a", "CidrBlock": "10.1.0.0/16",
                             "Region": "eu-west-1", "OwnerId": "111111111111"},
        "AccepterVpcInfo": {"VpcId": "vpc-0b", "CidrBlock": "10.2.0.0/16", "Region": region_b,
                            "OwnerId": "111111111111"}}]})
    write("eu-west-1", "sg-a.json", {"SecurityGroups": [{
        "GroupId": "sg-0a", "GroupName": "api", "VpcId": "vpc-0a", "IpPermissionsEgress": [],
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                           "UserIdGroupPairs": [{"GroupId": "sg-0b", "UserId": "111111111111",
                                                 "VpcPeeringConnectionId": "pcx-0ab"}]}]}]})
    write(region_b, "sg-b.json", {"SecurityGroups": [{
        "GroupId": "sg-0b", "GroupName": "client", "VpcId": "vpc-0b", "IpPermissions": [],
        "IpPermissionsEgress": []}]})


def test_a_rule_may_name_a_group_of_a_peered_vpc_in_the_same_region(tmp_path: Any) -> None:
    """AWS lets a rule reference a group of a VPC peered in the same Region (VPC peering guide,
    "Update your security groups to reference peer security groups"), not across Regions."""
    _peered_snapshot(tmp_path / "same", "eu-west-1")
    result = run("snapshot", str(tmp_path / "same"), "-q")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout_bytes)
    api = next(v for v in doc["vpcs"].values() if "security_groups" in v and
               "api" in v["security_groups"])
    assert api["security_groups"]["api"]["inbound"] == [
        {"protocol": "tcp", "ports": 443, "security_group": "client"}]
    load_valid(result.stdout_bytes)
    _peered_snapshot(tmp_path / "cross", "us-east-1")
    result = run("snapshot", str(tmp_path / "cross"))
    assert result.exit_code == 0, result.output
    assert "a rule names sg-0b, which is not in the design" in result.stderr
    load_valid(result.stdout_bytes)


def test_terraform_plan_with_unknown_attachment_ids() -> None:
    """In a plan, a VPN connection's transit gateway attachment id is unknown until apply; the
    route and the association that name it (`aws_vpn_connection.dc1.transit_gateway_attachment_id`
    in `configuration`) still reach the connection's attachment, so the site's range is read."""
    result = run("terraform", str(FIXTURES / "terraform" / "hybrid-plan.json"), "-q")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout_bytes)
    tgw = doc["transit_gateways"]["tgw-eu"]
    assert tgw["attachments"]["att-vpn-dc1"] == {"vpn": "vpn-dc1", "route_table": "tgw-rt"}
    assert tgw["route_tables"]["tgw-rt"]["routes"] == [{"to": "192.168.0.0/16",
                                                       "via": "att-vpn-dc1"}]
    assert doc["on_premises"]["dc1"]["cidrs"] == ["192.168.0.0/16"]
    assert doc["vpcs"]["shared"]["security_groups"]["app-sg"]["outbound"] == []

    def edit(d: Any) -> None:
        d["on_premises"]["dc1"]["workloads"] = {"erp": {"cidr": "192.168.10.0/24"}}
        d["flows"] = {"erp-to-app": {"from": "erp", "to": "app", "port": 8443}}

    flow = _with_flows(result.stdout_bytes, edit)["erp-to-app"]
    assert [h.kind.value for h in flow.hops][:4] == ["workload", "on-premises", "vpn-connection",
                                                     "transit-gateway"]
    assert flow.reason is not None and flow.reason.value == "NACL_RETURN_DENIES"
