"""`vpcdocs import aws` end to end against moto's server mode: a real HTTP endpoint on
127.0.0.1 (ThreadedMotoServer, port chosen by the OS), reached by boto3 through the standard
`AWS_ENDPOINT_URL` variable with dummy credentials. Resources are created with boto3 in two
Regions; the import must validate and every flow must be analysed. moto's gaps (no
describe_vpc_endpoint_connections, routes of peering attachments without their attachment) are
handled in the reader, not here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.importers.helpers import analyse_all, load_valid, run

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

EU, US = "eu-west-1", "us-east-1"


def _client(service: str, region: str) -> Any:
    return boto3.client(service, region_name=region)


def _build_estate() -> dict[str, str]:
    e1, e2 = _client("ec2", EU), _client("ec2", US)
    ids: dict[str, str] = {}
    va = e1.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    e1.create_tags(Resources=[va], Tags=[{"Key": "Name", "Value": "app"}])
    e1.modify_vpc_attribute(VpcId=va, EnableDnsHostnames={"Value": True})
    pub = e1.create_subnet(VpcId=va, CidrBlock="10.1.0.0/24", AvailabilityZone="eu-west-1a")
    pa = e1.create_subnet(VpcId=va, CidrBlock="10.1.1.0/24", AvailabilityZone="eu-west-1a")
    pb = e1.create_subnet(VpcId=va, CidrBlock="10.1.2.0/24", AvailabilityZone="eu-west-1b")
    pub, pa, pb = (s["Subnet"]["SubnetId"] for s in (pub, pa, pb))
    igw = e1.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    e1.attach_internet_gateway(InternetGatewayId=igw, VpcId=va)
    rt_pub = e1.create_route_table(VpcId=va)["RouteTable"]["RouteTableId"]
    e1.create_route(RouteTableId=rt_pub, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    e1.associate_route_table(RouteTableId=rt_pub, SubnetId=pub)
    eip = e1.allocate_address(Domain="vpc")["AllocationId"]
    nat = e1.create_nat_gateway(SubnetId=pub, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    rt_priv = e1.create_route_table(VpcId=va)["RouteTable"]["RouteTableId"]
    e1.create_route(RouteTableId=rt_priv, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for subnet in (pa, pb):
        e1.associate_route_table(RouteTableId=rt_priv, SubnetId=subnet)
    e1.create_vpc_endpoint(VpcId=va, ServiceName=f"com.amazonaws.{EU}.s3",
                           VpcEndpointType="Gateway", RouteTableIds=[rt_priv])
    sg = e1.create_security_group(GroupName="vpce", Description="https", VpcId=va)["GroupId"]
    e1.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}])
    sqs = e1.create_vpc_endpoint(VpcId=va, ServiceName=f"com.amazonaws.{EU}.sqs",
                                 VpcEndpointType="Interface", SubnetIds=[pa, pb],
                                 SecurityGroupIds=[sg], PrivateDnsEnabled=False)["VpcEndpoint"]
    e1.create_vpc_endpoint(VpcId=va, ServiceName=f"com.amazonaws.{EU}.cloudtrail",
                           VpcEndpointType="Interface", SubnetIds=[pa], PrivateDnsEnabled=True)
    e1.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=pa,
                     TagSpecifications=[{"ResourceType": "instance",
                                         "Tags": [{"Key": "Name", "Value": "web"}]}])
    # an endpoint service behind an NLB in a provider VPC, with allowed principals
    vp = e1.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    ps = e1.create_subnet(VpcId=vp, CidrBlock="10.9.1.0/24",
                          AvailabilityZone="eu-west-1a")["Subnet"]["SubnetId"]
    nlb = _client("elbv2", EU).create_load_balancer(
        Name="orders-nlb", Subnets=[ps], Type="network", Scheme="internal")
    svc = e1.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb["LoadBalancers"][0]["LoadBalancerArn"]],
        AcceptanceRequired=False)["ServiceConfiguration"]
    e1.modify_vpc_endpoint_service_permissions(
        ServiceId=svc["ServiceId"], AddAllowedPrincipals=["arn:aws:iam::123456789012:root"])
    e1.create_vpc_endpoint(VpcId=va, ServiceName=svc["ServiceName"], VpcEndpointType="Interface",
                           SubnetIds=[pa], PrivateDnsEnabled=False)
    # the second Region, a cross-Region peering
    vb = e2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    sb = e2.create_subnet(VpcId=vb, CidrBlock="10.2.1.0/24",
                          AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    pcx = e1.create_vpc_peering_connection(VpcId=va, PeerVpcId=vb, PeerRegion=US)
    pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    e2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    e1.create_route(RouteTableId=rt_priv, DestinationCidrBlock="10.2.0.0/16",
                    VpcPeeringConnectionId=pcx_id)
    # transit gateways in both Regions with a peering, route tables, propagation, blackhole
    ta = e1.create_transit_gateway(Description="eu")["TransitGateway"]["TransitGatewayId"]
    tb = e2.create_transit_gateway(Description="us")["TransitGateway"]["TransitGatewayId"]
    att_a = e1.create_transit_gateway_vpc_attachment(TransitGatewayId=ta, VpcId=va,
                                                     SubnetIds=[pa, pb])
    att_a_id = att_a["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
    e2.create_transit_gateway_vpc_attachment(TransitGatewayId=tb, VpcId=vb, SubnetIds=[sb])
    peer = e1.create_transit_gateway_peering_attachment(
        TransitGatewayId=ta, PeerTransitGatewayId=tb, PeerAccountId="123456789012",
        PeerRegion=US)["TransitGatewayPeeringAttachment"]["TransitGatewayAttachmentId"]
    e2.accept_transit_gateway_peering_attachment(TransitGatewayAttachmentId=peer)
    rta = e1.create_transit_gateway_route_table(
        TransitGatewayId=ta)["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
    e1.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=rta,
                                                      TransitGatewayAttachmentId=att_a_id)
    e1.create_transit_gateway_route(DestinationCidrBlock="10.2.0.0/16",
                                    TransitGatewayRouteTableId=rta,
                                    TransitGatewayAttachmentId=peer)
    e1.create_transit_gateway_route(DestinationCidrBlock="10.66.0.0/16",
                                    TransitGatewayRouteTableId=rta, Blackhole=True)
    e1.create_route(RouteTableId=rt_priv, DestinationCidrBlock="10.3.0.0/16",
                    TransitGatewayId=ta)
    # a private hosted zone answering for SQS with the interface endpoint
    r53 = _client("route53", US)
    zone = r53.create_hosted_zone(Name=f"sqs.{EU}.amazonaws.com", CallerReference="vpcdocs",
                                  HostedZoneConfig={"PrivateZone": True},
                                  VPC={"VPCRegion": EU, "VPCId": va})["HostedZone"]["Id"]
    dns = sqs["DnsEntries"][0]["DnsName"] if sqs.get("DnsEntries") else \
        f"{sqs['VpcEndpointId']}-abc.sqs.{EU}.vpce.amazonaws.com"
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{
        "Action": "CREATE", "ResourceRecordSet": {
            "Name": f"sqs.{EU}.amazonaws.com", "Type": "A",
            "AliasTarget": {"HostedZoneId": "Z7HUB4ZN1BLZ7", "DNSName": dns,
                            "EvaluateTargetHealth": False}}}]})
    ids.update(va=va, vb=vb, ta=ta, tb=tb, rta=rta, peer=peer, pcx=pcx_id)
    return ids


def test_import_aws_two_regions_validates_and_analyses(aws_env: str, tmp_path: Path) -> None:
    ids = _build_estate()
    snapshot, out = tmp_path / "snapshot", tmp_path / "network.yaml"
    result = run("aws", "--region", EU, "--region", US, "--snapshot", str(snapshot),
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    topology = load_valid(out.read_bytes())
    analyse_all(topology)
    text = out.read_text()
    # what the issue lists is there
    assert topology.vpcs["app"].region == EU
    assert {v.region for v in topology.vpcs.values()} == {EU, US}
    assert any(p.status == "active" for p in topology.peerings.values())
    tgws = {t.region: t for t in topology.transit_gateways.values()}
    assert set(tgws) == {EU, US}
    peers = [a for a in topology.tgw_attachments.values() if a.peer is not None]
    assert len(peers) == 2  # the peering, declared on both transit gateways
    routes = [r for t in topology.tgw_route_tables.values() for r in t.routes]
    assert any(r.blackhole and str(r.to) == "10.66.0.0/16" for r in routes)
    assert any(t.propagations for t in topology.tgw_route_tables.values())
    kinds = {e.type.value for e in topology.endpoints.values()}
    assert kinds == {"gateway", "interface"}
    assert {e.service for e in topology.endpoints.values()} >= {"s3", "sqs", "cloudtrail"}
    service = next(iter(topology.endpoint_services.values()))
    assert service.allowed_principals == ("arn:aws:iam::123456789012:root",)
    assert topology.nat_gateways and topology.internet_gateways
    assert [z.domain for z in topology.hosted_zones.values()] == [f"sqs.{EU}.amazonaws.com"]
    assert "describe_vpc_endpoint_connections" in result.stderr  # moto's gap, reported
    # the raw responses are kept as a snapshot, which imports to the same topology
    again = run("snapshot", str(snapshot), "-q")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[2:] == text.splitlines()[2:]
    assert ids["va"] in text


def test_import_aws_without_credentials_is_a_clear_error(aws_env: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = run("aws", "--region", EU)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "credentials" in result.output.lower()
