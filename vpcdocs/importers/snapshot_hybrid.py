"""The snapshot readers of hybrid objects: saved AWS CLI responses for VPN, Direct Connect
gateways, network ACLs, prefix lists and Route 53 Resolver (`snapshot.py` has the rest).

Each response is recognised by its top-level key, as the AWS CLI prints it (field names from the
API references):
* `VpnGateways`, `CustomerGateways`, `VpnConnections` — `aws ec2 describe-vpn-gateways`,
  `describe-customer-gateways`, `describe-vpn-connections` (EC2 API: VpnGateway, CustomerGateway,
  VpnConnection with `Options.StaticRoutesOnly` and `Routes[].DestinationCidrBlock`).
* `NetworkAcls` — `aws ec2 describe-network-acls` (NetworkAcl: `Entries[]` with `RuleNumber`,
  `Egress`, `RuleAction`, `Protocol`, `PortRange`, `CidrBlock`; `Associations[].SubnetId`).
* `PrefixLists`, `Entries` — `aws ec2 describe-managed-prefix-lists` and
  `describe-prefix-lists` (AWS's service lists; both answer under `PrefixLists`), and
  `get-managed-prefix-list-entries` (the file's path names the list, `pl-…`, as
  `vpcdocs import aws` saves it).
* `directConnectGateways`, `directConnectGatewayAssociations` — `aws directconnect
  describe-direct-connect-gateways` / `describe-direct-connect-gateway-associations` (Direct
  Connect API: `associatedGateway.id`, `allowedPrefixesToDirectConnectGateway[].cidr`,
  `associationState`).
* `ResolverEndpoints`, `IpAddresses`, `ResolverRules`, `ResolverRuleAssociations` —
  `aws route53resolver list-resolver-endpoints`, `list-resolver-endpoint-ip-addresses` (the
  file's path names the endpoint, `rslvr-in-…`/`rslvr-out-…`), `list-resolver-rules`,
  `list-resolver-rule-associations`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import arn_region

if TYPE_CHECKING:
    from collections.abc import Callable

    from vpcdocs.importers.snapshot import Snapshot
    from vpcdocs.importers.source import JsonDoc

Item = dict[str, Any]
Where = tuple[object, ...]


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _vpn_gateway(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "VpnGatewayId", where)
    if not ident or snap.gone(item.get("State"), "virtual private gateways"):
        return
    vpc = next((a["VpcId"] for a in item.get("VpcAttachments") or ()
                if isinstance(a, dict) and isinstance(a.get("VpcId"), str)
                and a.get("State", "attached") in ("attached", "attaching")), None)
    snap.est.put(snap.est.vpn_gateways, e.VpnGateway(**snap.base(doc, item, ident), vpc=vpc,
                                                     region=snap.region))


def _customer_gateway(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "CustomerGatewayId", where)
    if not ident or snap.gone(item.get("State"), "customer gateways"):
        return
    snap.est.put(snap.est.customer_gateways, e.CustomerGateway(
        **snap.base(doc, item, ident), ip=snap.s(doc, item, "IpAddress", where),
        bgp_asn=str(item["BgpAsn"]) if item.get("BgpAsn") is not None else None,
        region=snap.region))


def _vpn_connection(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "VpnConnectionId", where)
    if not ident or snap.gone(item.get("State"), "VPN connections"):
        return
    options = _obj(item.get("Options"))
    static = options.get("StaticRoutesOnly")
    routes = [r["DestinationCidrBlock"] for r in item.get("Routes") or ()
              if isinstance(r, dict) and isinstance(r.get("DestinationCidrBlock"), str)
              and r.get("State", "available") in ("available", "pending")]
    snap.est.put(snap.est.vpn_connections, e.VpnConnection(
        **snap.base(doc, item, ident), customer_gateway=snap.s(doc, item, "CustomerGatewayId",
                                                               where),
        vpn_gateway=snap.s(doc, item, "VpnGatewayId", where),
        transit_gateway=snap.s(doc, item, "TransitGatewayId", where),
        static_routes_only=static if isinstance(static, bool) else None, static_routes=routes,
        region=snap.region))


def _network_acl(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "NetworkAclId", where)
    if not ident:
        return
    nacl = e.NetworkAcl(**snap.base(doc, item, ident), vpc=snap.s(doc, item, "VpcId", where) or "",
                        is_default=item.get("IsDefault") is True)
    for entry in item.get("Entries") or ():
        number = e.source_int(_obj(entry).get("RuleNumber"))
        if number is None:
            continue
        ports = _obj(entry.get("PortRange"))
        cidr = entry.get("CidrBlock")
        nacl.entries.append(e.NaclEntry(
            number, entry.get("Egress") is True, entry.get("RuleAction") == "allow",
            str(entry.get("Protocol", "-1")), e.source_int(ports.get("From")), e.source_int(ports.get("To")),
            cidr if isinstance(cidr, str) else None))
    # AWS lists every NACL's `*` rules (number 32767): no entry at all means none were saved
    nacl.entries_known = bool(nacl.entries)
    nacl.subnets = [a["SubnetId"] for a in item.get("Associations") or ()
                    if isinstance(a, dict) and isinstance(a.get("SubnetId"), str)]
    snap.est.put(snap.est.network_acls, nacl)


def _managed_prefix_list(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "PrefixListId", where)
    if not ident or snap.gone(item.get("State"), "prefix lists"):
        return
    if item.get("AddressFamily", "IPv4") != "IPv4":
        snap.est.not_read["IPv6 managed prefix lists"] += 1
        return
    name = snap.s(doc, item, "PrefixListName", where)
    base = snap.base(doc, item, ident)
    if not base["tag_name"] and name:
        base["tag_name"] = name
    arn = item.get("PrefixListArn") if isinstance(item.get("PrefixListArn"), str) else None
    snap.est.put(snap.est.prefix_lists, e.PrefixList(
        **base, name=name, region=snap.region or arn_region(arn),
        aws_managed=item.get("OwnerId") == "AWS"))


def _prefix_list(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    """`PrefixLists` is the key of two responses: describe-managed-prefix-lists (items with
    `OwnerId`, `AddressFamily`: AWS's lists have OwnerId `AWS`) and describe-prefix-lists (AWS's
    service lists only, with `Cidrs`)."""
    if "OwnerId" in item or "AddressFamily" in item:
        _managed_prefix_list(snap, doc, item, where)
        return
    ident = snap.s(doc, item, "PrefixListId", where)
    if ident:
        snap.est.put(snap.est.prefix_lists, e.PrefixList(
            **snap.base(doc, item, ident), name=snap.s(doc, item, "PrefixListName", where),
            region=snap.region, aws_managed=True))


def _prefix_list_entry(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.path_id(r"pl-[0-9a-zA-Z]+")
    cidr = item.get("Cidr")
    if ident is None:
        snap.est.note(f"{doc.name}: entries of a prefix list, but the file's path does not name "
                      "the list (pl-…): not read")
        return
    if isinstance(cidr, str):
        snap.est.put(snap.est.prefix_lists, e.PrefixList(ident, "", cidrs=[cidr],
                                                         entries_known=True))


def _dx_gateway(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "directConnectGatewayId", where)
    if not ident or snap.gone(item.get("directConnectGatewayState"), "Direct Connect gateways"):
        return
    base = snap.base(doc, item, ident)
    base["tag_name"] = snap.s(doc, item, "directConnectGatewayName", where)
    snap.est.put(snap.est.dx_gateways, e.DxGateway(**base))


def _dx_association(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    dx = snap.s(doc, item, "directConnectGatewayId", where)
    gateway = _obj(item.get("associatedGateway")).get("id") or item.get("virtualGatewayId")
    state = item.get("associationState")
    if not dx or not isinstance(gateway, str) or state in ("disassociating", "disassociated"):
        if state in ("disassociating", "disassociated"):
            snap.est.skipped["Direct Connect gateway associations (disassociated)"] += 1
        return
    prefixes = item.get("allowedPrefixesToDirectConnectGateway")
    allowed = [p["cidr"] for p in prefixes if isinstance(p, dict) and isinstance(p.get("cidr"),
                                                                                str)] \
        if isinstance(prefixes, list) else None
    assoc = e.DxAssociation(dx, gateway, allowed, f"{doc.name}: {dx}")
    if not any(a.dx_gateway == dx and a.gateway == gateway for a in snap.est.dx_associations):
        snap.est.dx_associations.append(assoc)


def _resolver_endpoint(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "Id", where)
    if not ident or snap.gone(item.get("Status"), "Resolver endpoints"):
        return
    base = snap.base(doc, item, ident)
    base["tag_name"] = snap.s(doc, item, "Name", where)
    snap.est.put(snap.est.resolver_endpoints, e.ResolverEndpoint(
        **base, vpc=snap.s(doc, item, "HostVPCId", where) or "",
        direction=snap.s(doc, item, "Direction", where) or "",
        security_groups=[g for g in item.get("SecurityGroupIds") or () if isinstance(g, str)]))


def _resolver_ip(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.path_id(r"rslvr-(in|out)-[0-9a-zA-Z]+")
    subnet = item.get("SubnetId")
    if ident is None:
        snap.est.note(f"{doc.name}: addresses of a Resolver endpoint, but the file's path does not "
                      "name the endpoint (rslvr-in-… / rslvr-out-…): not read")
        return
    if isinstance(subnet, str):
        snap.est.put(snap.est.resolver_endpoints, e.ResolverEndpoint(ident, "", subnets=[subnet]))


def _resolver_rule(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    ident = snap.s(doc, item, "Id", where)
    if not ident or snap.gone(item.get("Status"), "Resolver rules"):
        return
    base = snap.base(doc, item, ident)
    base["tag_name"] = snap.s(doc, item, "Name", where)
    targets = [t["Ip"] for t in item.get("TargetIps") or ()
               if isinstance(t, dict) and isinstance(t.get("Ip"), str)]
    snap.est.put(snap.est.resolver_rules, e.ResolverRule(
        **base, domain=snap.s(doc, item, "DomainName", where) or "",
        rule_type=snap.s(doc, item, "RuleType", where) or "FORWARD",
        endpoint=snap.s(doc, item, "ResolverEndpointId", where), targets=targets))


def _resolver_rule_association(snap: Snapshot, doc: JsonDoc, item: Item, where: Where) -> None:
    rule, vpc = item.get("ResolverRuleId"), item.get("VPCId")
    if isinstance(rule, str) and isinstance(vpc, str) and not snap.gone(
            item.get("Status"), "Resolver rule associations"):
        snap.est.put(snap.est.resolver_rules, e.ResolverRule(rule, "", vpcs=[vpc]))


HYBRID_READERS: dict[str, Callable[[Snapshot, JsonDoc, Any, Where], None]] = {
    "VpnGateways": _vpn_gateway,
    "CustomerGateways": _customer_gateway,
    "VpnConnections": _vpn_connection,
    "NetworkAcls": _network_acl,
    "PrefixLists": _prefix_list,
    "Entries": _prefix_list_entry,
    "directConnectGateways": _dx_gateway,
    "directConnectGatewayAssociations": _dx_association,
    "ResolverEndpoints": _resolver_endpoint,
    "IpAddresses": _resolver_ip,
    "ResolverRules": _resolver_rule,
    "ResolverRuleAssociations": _resolver_rule_association,
}
