"""The CloudFormation handlers of hybrid objects (`cloudformation.py` has the rest), by the
property names of the CloudFormation resource reference
(docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html):

* `AWS::EC2::VPNGateway`, `AWS::EC2::VPCGatewayAttachment` (`VpnGatewayId`),
  `AWS::EC2::VPNGatewayRoutePropagation` (`RouteTableIds`, `VpnGatewayId`),
  `AWS::EC2::CustomerGateway`, `AWS::EC2::VPNConnection` (`CustomerGatewayId`, `VpnGatewayId` or
  `TransitGatewayId`, `StaticRoutesOnly`), `AWS::EC2::VPNConnectionRoute`.
* `AWS::EC2::SecurityGroup` `SecurityGroupEgress` and `AWS::EC2::SecurityGroupEgress`
  (`DestinationSecurityGroupId`, `DestinationPrefixListId`, `CidrIp`). AWS::EC2::SecurityGroup:
  "The default rule is removed only when you specify one or more egress rules in the
  SecurityGroupEgress property" — a separate egress resource leaves it in place.
* `AWS::EC2::NetworkAcl`, `AWS::EC2::NetworkAclEntry` (`RuleNumber`, `Protocol`, `RuleAction`,
  `Egress`, `CidrBlock`, `PortRange`), `AWS::EC2::SubnetNetworkAclAssociation`.
* `AWS::EC2::VPCEndpoint` `PolicyDocument` (read in cloudformation.py).
* `AWS::Route53Resolver::ResolverEndpoint` (`Direction`, `IpAddresses[].SubnetId`,
  `SecurityGroupIds`; its VPC is its subnets'), `AWS::Route53Resolver::ResolverRule`
  (`DomainName`, `RuleType`, `ResolverEndpointId`, `TargetIps[].Ip`),
  `AWS::Route53Resolver::ResolverRuleAssociation` (`ResolverRuleId`, `VPCId`).
* `AWS::EC2::PrefixList` (`AddressFamily`, `Entries[].Cidr`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vpcdocs.importers import estate as e

if TYPE_CHECKING:
    from collections.abc import Callable

    from vpcdocs.importers.cloudformation import Mapper

Props = dict[str, Any]

# AWS's default egress rule of a new VPC security group
ALLOW_ALL = e.SgRule(["0.0.0.0/0"], "-1", None, None)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def egress_rule(p: Props) -> e.SgRule:
    cidrs = [p["CidrIp"]] if isinstance(p.get("CidrIp"), str) else []
    others = [str(p[k]) for k in ("DestinationSecurityGroupId", "DestinationPrefixListId")
              if p.get(k)]
    return e.SgRule(cidrs, str(p.get("IpProtocol", "-1")), _int(p.get("FromPort")),
                    _int(p.get("ToPort")), others)


def _sg_egress(m: Mapper, logical: str, p: Props) -> None:
    group = m.s(p, "GroupId")
    if group:
        m.est.put(m.est.security_groups, e.SecurityGroup(group, "", egress=[egress_rule(p)],
                                                         egress_known=True))


def _vpn_gateway(m: Mapper, logical: str, p: Props) -> None:
    m.est.put(m.est.vpn_gateways, e.VpnGateway(**m.base(logical, p), region=m.stack.region))


def vgw_attachment(m: Mapper, p: Props) -> None:
    vgw, vpc = m.s(p, "VpnGatewayId"), m.s(p, "VpcId")
    if vgw and vpc:
        m.est.put(m.est.vpn_gateways, e.VpnGateway(vgw, "", vpc=vpc))


def _vgw_propagation(m: Mapper, logical: str, p: Props) -> None:
    vgw = m.s(p, "VpnGatewayId")
    for table in m.strs(p, "RouteTableIds"):
        if vgw:
            props = m.est.vgw_propagations.setdefault(table, [])
            if vgw not in props:
                props.append(vgw)


def _customer_gateway(m: Mapper, logical: str, p: Props) -> None:
    m.est.put(m.est.customer_gateways, e.CustomerGateway(
        **m.base(logical, p), ip=m.s(p, "IpAddress"), bgp_asn=m.s(p, "BgpAsn"),
        region=m.stack.region))


def _vpn_connection(m: Mapper, logical: str, p: Props) -> None:
    base = m.base(logical, p)
    vpn = e.VpnConnection(**base, customer_gateway=m.s(p, "CustomerGatewayId"),
                          vpn_gateway=m.s(p, "VpnGatewayId"),
                          transit_gateway=m.s(p, "TransitGatewayId"),
                          static_routes_only=m.b(p, "StaticRoutesOnly"), region=m.stack.region)
    m.est.put(m.est.vpn_connections, vpn)
    if vpn.transit_gateway:
        # created with the connection; a template cannot name it (no attribute returns its id)
        m.est.put(m.est.tgw_other_attachments, e.TgwOtherAttachment(
            f"{vpn.key}#attachment", base["origin"], tgw=vpn.transit_gateway, kind="vpn",
            resource=vpn.key))


def _vpn_route(m: Mapper, logical: str, p: Props) -> None:
    vpn, dest = m.s(p, "VpnConnectionId"), m.s(p, "DestinationCidrBlock")
    if vpn and dest:
        m.est.put(m.est.vpn_connections, e.VpnConnection(vpn, "", static_routes=[dest]))


def _nacl(m: Mapper, logical: str, p: Props) -> None:
    m.est.put(m.est.network_acls, e.NetworkAcl(**m.base(logical, p), vpc=m.s(p, "VpcId") or ""))


def _nacl_entry(m: Mapper, logical: str, p: Props) -> None:
    nacl, number = m.s(p, "NetworkAclId"), _int(p.get("RuleNumber"))
    if not nacl or number is None:
        return
    ports = p["PortRange"] if isinstance(p.get("PortRange"), dict) else {}
    entry = e.NaclEntry(number, m.b(p, "Egress", False) is True,
                        str(p.get("RuleAction", "")).lower() == "allow",
                        str(p.get("Protocol", "-1")), _int(ports.get("From")),
                        _int(ports.get("To")), m.s(p, "CidrBlock"))
    m.est.put(m.est.network_acls, e.NetworkAcl(nacl, "", entries=[entry]))


def _nacl_association(m: Mapper, logical: str, p: Props) -> None:
    nacl, subnet = m.s(p, "NetworkAclId"), m.s(p, "SubnetId")
    if nacl and subnet:
        m.est.put(m.est.network_acls, e.NetworkAcl(nacl, "", subnets=[subnet]))


def _resolver_endpoint(m: Mapper, logical: str, p: Props) -> None:
    base = m.base(logical, p)
    base["tag_name"] = m.s(p, "Name") or base["tag_name"]
    subnets = [str(a["SubnetId"]) for a in p.get("IpAddresses") or ()
               if isinstance(a, dict) and isinstance(a.get("SubnetId"), str)]
    m.est.put(m.est.resolver_endpoints, e.ResolverEndpoint(
        **base, direction=m.s(p, "Direction") or "", subnets=subnets,
        security_groups=m.strs(p, "SecurityGroupIds")))


def _resolver_rule(m: Mapper, logical: str, p: Props) -> None:
    base = m.base(logical, p)
    base["tag_name"] = m.s(p, "Name") or base["tag_name"]
    targets = [str(t["Ip"]) for t in p.get("TargetIps") or ()
               if isinstance(t, dict) and isinstance(t.get("Ip"), str)]
    m.est.put(m.est.resolver_rules, e.ResolverRule(
        **base, domain=m.s(p, "DomainName") or "", rule_type=m.s(p, "RuleType") or "FORWARD",
        endpoint=m.s(p, "ResolverEndpointId"), targets=targets))


def _resolver_rule_association(m: Mapper, logical: str, p: Props) -> None:
    rule, vpc = m.s(p, "ResolverRuleId"), m.s(p, "VPCId")
    if rule and vpc:
        m.est.put(m.est.resolver_rules, e.ResolverRule(rule, "", vpcs=[vpc]))


def _prefix_list(m: Mapper, logical: str, p: Props) -> None:
    if (m.s(p, "AddressFamily") or "IPv4") != "IPv4":
        m.est.not_read["AWS::EC2::PrefixList (IPv6)"] += 1
        return
    base = m.base(logical, p)
    base["tag_name"] = base["tag_name"] or m.s(p, "PrefixListName")
    cidrs = [str(x["Cidr"]) for x in p.get("Entries") or ()
             if isinstance(x, dict) and isinstance(x.get("Cidr"), str)]
    m.est.put(m.est.prefix_lists, e.PrefixList(**base, name=m.s(p, "PrefixListName"),
                                               region=m.stack.region, cidrs=cidrs,
                                               entries_known=True))


HYBRID_HANDLERS: dict[str, Callable[[Mapper, str, Props], None]] = {
    "AWS::EC2::SecurityGroupEgress": _sg_egress,
    "AWS::EC2::VPNGateway": _vpn_gateway,
    "AWS::EC2::VPNGatewayRoutePropagation": _vgw_propagation,
    "AWS::EC2::CustomerGateway": _customer_gateway,
    "AWS::EC2::VPNConnection": _vpn_connection,
    "AWS::EC2::VPNConnectionRoute": _vpn_route,
    "AWS::EC2::NetworkAcl": _nacl,
    "AWS::EC2::NetworkAclEntry": _nacl_entry,
    "AWS::EC2::SubnetNetworkAclAssociation": _nacl_association,
    "AWS::Route53Resolver::ResolverEndpoint": _resolver_endpoint,
    "AWS::Route53Resolver::ResolverRule": _resolver_rule,
    "AWS::Route53Resolver::ResolverRuleAssociation": _resolver_rule_association,
    "AWS::EC2::PrefixList": _prefix_list,
}
