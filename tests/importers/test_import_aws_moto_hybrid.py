"""`vpcdocs import aws` reads the hybrid objects from a live account: tested against moto's
server mode (a real HTTP endpoint on 127.0.0.1, as in test_import_aws_moto.py, with a server of
its own so the two estates do not mix). Created with boto3, by the EC2 and Route 53 Resolver API
operations moto implements: a virtual private gateway (moto has no EnableVgwRoutePropagation),
customer gateways, a static VPN connection to a transit gateway with a static TGW route to its
attachment, a static VPN to the VGW without routes (moto has no CreateVpnConnectionRoute), a
network ACL with entries
(CreateNetworkAclEntry, ReplaceNetworkAclAssociation), security groups with inbound and outbound
rules naming a group and a customer-managed prefix list (CreateManagedPrefixList), an endpoint
policy (CreateVpcEndpoint PolicyDocument), inbound and outbound Resolver endpoints and a
forwarding rule associated with the VPC. Direct Connect gateways are not created: whether moto
answers `directconnect` calls or not, a failed call is a note, never an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.importers.helpers import load_valid, run

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

EU = "eu-west-1"


def _tag(ec2: Any, ident: str, name: str) -> None:
    ec2.create_tags(Resources=[ident], Tags=[{"Key": "Name", "Value": name}])


def _build() -> dict[str, str]:
    ec2 = boto3.client("ec2", region_name=EU)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    _tag(ec2, vpc, "shared")
    subnets = {}
    for name, az, cidr in (("ep-a", "eu-west-1a", "10.20.1.0/24"),
                           ("ep-b", "eu-west-1b", "10.20.2.0/24"),
                           ("app-a", "eu-west-1a", "10.20.3.0/24")):
        subnets[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr,
                                          AvailabilityZone=az)["Subnet"]["SubnetId"]
        _tag(ec2, subnets[name], name)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    _tag(ec2, rt, "shared-rt")
    for sub in subnets.values():
        ec2.associate_route_table(RouteTableId=rt, SubnetId=sub)
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    _tag(ec2, vgw, "shared-vgw")
    ec2.attach_vpn_gateway(VpcId=vpc, VpnGatewayId=vgw)
    # (moto does not implement EnableVgwRoutePropagation: route propagation is tested on the
    # snapshot and Terraform fixtures)
    # a static VPN to the VGW whose routes moto cannot hold (no CreateVpnConnectionRoute): the
    # importer must leave its site out, with a note, rather than invent its ranges
    lab = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.30",
                                      BgpAsn=65030)["CustomerGateway"]["CustomerGatewayId"]
    _tag(ec2, lab, "lab")
    ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=lab, VpnGatewayId=vgw,
                              Options={"StaticRoutesOnly": True})
    # the data centre: a static VPN to a transit gateway, its range a static TGW route
    tgw = ec2.create_transit_gateway(Description="eu")["TransitGateway"]
    tgw_id = tgw["TransitGatewayId"]
    _tag(ec2, tgw_id, "tgw-eu")
    default_rt = ec2.describe_transit_gateways(TransitGatewayIds=[tgw_id])[
        "TransitGateways"][0]["Options"]["AssociationDefaultRouteTableId"]
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw_id, VpcId=vpc,
                                              SubnetIds=[subnets["ep-a"], subnets["ep-b"]])
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="203.0.113.10",
                                      BgpAsn=65010)["CustomerGateway"]["CustomerGatewayId"]
    _tag(ec2, cgw, "dc1")
    vpn = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, TransitGatewayId=tgw_id,
                                    Options={"StaticRoutesOnly": True})
    vpn_id = vpn["VpnConnection"]["VpnConnectionId"]
    _tag(ec2, vpn_id, "vpn-dc1")
    vpn_att = next(a["TransitGatewayAttachmentId"] for a in
                   ec2.describe_transit_gateway_attachments()["TransitGatewayAttachments"]
                   if a.get("ResourceId") == vpn_id)
    ec2.create_transit_gateway_route(DestinationCidrBlock="192.168.0.0/16",
                                     TransitGatewayRouteTableId=default_rt,
                                     TransitGatewayAttachmentId=vpn_att)
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="192.168.0.0/16",
                     TransitGatewayId=tgw_id)
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="172.16.0.0/16", GatewayId=vgw)
    pl = ec2.create_managed_prefix_list(
        PrefixListName="corp-ranges", AddressFamily="IPv4", MaxEntries=5,
        Entries=[{"Cidr": "192.168.0.0/16"}])["PrefixList"]["PrefixListId"]
    ep_sg = ec2.create_security_group(GroupName="endpoint-sg", Description="endpoints",
                                      VpcId=vpc)["GroupId"]
    app_sg = ec2.create_security_group(GroupName="app-sg", Description="app",
                                       VpcId=vpc)["GroupId"]
    dns_sg = ec2.create_security_group(GroupName="dns-sg", Description="dns",
                                       VpcId=vpc)["GroupId"]
    for sg, name in ((ep_sg, "endpoint-sg"), (app_sg, "app-sg"), (dns_sg, "dns-sg")):
        _tag(ec2, sg, name)
    ec2.authorize_security_group_ingress(GroupId=ep_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "192.168.0.0/16"}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "UserIdGroupPairs": [{"GroupId": app_sg}]}])
    ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443,
         "PrefixListIds": [{"PrefixListId": pl}]}])
    ec2.authorize_security_group_ingress(GroupId=dns_sg, IpPermissions=[
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53,
         "IpRanges": [{"CidrIp": "192.168.0.0/16"}]}])
    nacl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    _tag(ec2, nacl, "app-nacl")
    for number, egress, lo, hi, cidr in ((100, False, 8443, 8443, "192.168.0.0/16"),
                                         (110, False, 1024, 65535, "0.0.0.0/0"),
                                         (100, True, 443, 443, "0.0.0.0/0")):
        ec2.create_network_acl_entry(NetworkAclId=nacl, RuleNumber=number, Protocol="6",
                                     RuleAction="allow", Egress=egress, CidrBlock=cidr,
                                     PortRange={"From": lo, "To": hi})
    acls = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id",
                                               "Values": [subnets["app-a"]]}])["NetworkAcls"]
    assoc = next(a["NetworkAclAssociationId"] for acl in acls for a in acl["Associations"]
                 if a["SubnetId"] == subnets["app-a"])
    ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=nacl)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "*",
        "Resource": ["arn:aws:s3:::orders-archive", "arn:aws:s3:::orders-archive/*"]}]}
    ep = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{EU}.s3",
                                 VpcEndpointType="Interface",
                                 SubnetIds=[subnets["ep-a"], subnets["ep-b"]],
                                 SecurityGroupIds=[ep_sg], PrivateDnsEnabled=False,
                                 PolicyDocument=json.dumps(policy))["VpcEndpoint"]
    _tag(ec2, ep["VpcEndpointId"], "s3-if")
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=subnets["app-a"],
                      SecurityGroupIds=[app_sg],
                      TagSpecifications=[{"ResourceType": "instance",
                                          "Tags": [{"Key": "Name", "Value": "reporting"}]}])
    r53r = boto3.client("route53resolver", region_name=EU)
    ips = [{"SubnetId": subnets["ep-a"]}, {"SubnetId": subnets["ep-b"]}]
    r53r.create_resolver_endpoint(CreatorRequestId="in", Name="shared-in",
                                  SecurityGroupIds=[dns_sg], Direction="INBOUND",
                                  IpAddresses=ips)
    out = r53r.create_resolver_endpoint(CreatorRequestId="out", Name="shared-out",
                                        SecurityGroupIds=[dns_sg], Direction="OUTBOUND",
                                        IpAddresses=ips)["ResolverEndpoint"]["Id"]
    rule = r53r.create_resolver_rule(CreatorRequestId="rule", Name="corp-fwd", RuleType="FORWARD",
                                     DomainName="corp.example.com", ResolverEndpointId=out,
                                     TargetIps=[{"Ip": "192.168.0.10", "Port": 53}])
    r53r.associate_resolver_rule(ResolverRuleId=rule["ResolverRule"]["Id"], VPCId=vpc)
    return {"vpc": vpc, "vpn": vpn_id}


def test_import_aws_reads_hybrid_objects(aws_env: str, tmp_path: Path) -> None:
    ids = _build()
    out = tmp_path / "network.yaml"
    result = run("aws", "--region", EU, "--snapshot", str(tmp_path / "snap"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    load_valid(out.read_bytes())
    doc = yaml.safe_load(out.read_bytes())
    vpc = doc["vpcs"]["shared"]
    assert vpc["vpn_gateway"] == "shared-vgw"
    assert {"to": "172.16.0.0/16", "via": "shared-vgw"} in \
        vpc["route_tables"]["shared-rt"]["routes"]
    # moto's SearchTransitGatewayRoutes answers static routes without their attachment, and it
    # has no CreateVpnConnectionRoute: neither site's ranges are in what it returns, so both
    # customer gateways are left out with a note (against AWS, dc1 is read: see the snapshot
    # test). The VPN's transit gateway attachment goes with it.
    assert "on_premises" not in doc
    for site in ("dc1", "lab"):
        assert f"customer gateway {site}: AWS's API does not say which address ranges" in \
            result.stderr
    assert "static route 192.168.0.0/16 names no attachment" in result.stderr
    groups = vpc["security_groups"]
    assert {"protocol": "tcp", "ports": 443, "security_group": "app-sg"} in \
        groups["endpoint-sg"]["inbound"]
    assert groups["app-sg"]["inbound"] == [{"protocol": "tcp", "ports": 8443,
                                            "prefix_list": "corp-ranges"}]
    assert doc["prefix_lists"]["corp-ranges"]["cidrs"] == ["192.168.0.0/16"]
    assert vpc["subnets"]["app-a"]["network_acl"] == "app-nacl"
    assert vpc["endpoints"]["s3-if"]["policy"] == {
        "resources": ["arn:aws:s3:::orders-archive", "arn:aws:s3:::orders-archive/*"]}
    assert set(vpc["resolver_endpoints"]) == {"shared-in", "shared-out"}
    assert doc["resolver_rules"]["corp-fwd"]["targets"] == ["192.168.0.10"]
    assert ids["vpc"] in out.read_text()
    # the imported filters decide flows: the SG reference admits reporting to the endpoint, the
    # endpoint policy refuses a bucket it does not list
    from vpcdocs.analysis.paths import analyse

    vpc["workloads"]["reporting"]["principal"] = "arn:aws:iam::123456789012:role/reporting"
    doc["flows"] = {
        "to-archive": {"from": "reporting", "to": "s3", "via_endpoint": "s3-if",
                       "resource": "orders-archive/x"},
        "to-other": {"from": "reporting", "to": "s3", "via_endpoint": "s3-if",
                     "resource": "other-bucket/x"}}
    topology = load_valid(yaml.safe_dump(doc).encode(), "edited.yaml")
    flows = {f.id: f for f in analyse(topology)}
    assert flows["to-archive"].reachable
    other = flows["to-other"]
    assert not other.reachable
    assert other.reason is not None and other.reason.value == "ENDPOINT_POLICY_DENIES"
