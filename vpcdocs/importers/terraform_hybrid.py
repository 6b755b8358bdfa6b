"""The Terraform handlers of hybrid objects (`terraform.py` has the rest), by the attribute names
of the AWS provider's documentation (registry.terraform.io/providers/hashicorp/aws/latest/docs):

* `aws_vpn_gateway` (`vpc_id`), `aws_vpn_gateway_attachment`, `aws_vpn_gateway_route_propagation`
  (and `aws_route_table.propagating_vgws`), `aws_customer_gateway`, `aws_vpn_connection`
  (`customer_gateway_id`, `vpn_gateway_id` or `transit_gateway_id`, `static_routes_only`,
  `transit_gateway_attachment_id`, `routes`), `aws_vpn_connection_route`.
* `aws_dx_gateway`, `aws_dx_gateway_association` (`dx_gateway_id`, `associated_gateway_id`,
  `allowed_prefixes`, `transit_gateway_attachment_id`).
* `aws_security_group` `egress` blocks, `aws_vpc_security_group_egress_rule`,
  `aws_security_group_rule` with `type = "egress"`. Terraform removes AWS's default allow-all
  egress rule from a group it creates ("NOTE on Egress rules" of `aws_security_group`), so a
  group's `egress` list in the state is the whole truth.
* `aws_network_acl` / `aws_default_network_acl` (`ingress`/`egress` blocks with `rule_no`,
  `action`, `protocol`, `from_port`, `to_port`, `cidr_block`; `subnet_ids`),
  `aws_network_acl_rule`, `aws_network_acl_association`.
* `aws_vpc_endpoint.policy`, `aws_vpc_endpoint_policy`.
* `aws_route53_resolver_endpoint` (`direction`, `ip_address[].subnet_id`, `security_group_ids`,
  `host_vpc_id`), `aws_route53_resolver_rule` (`domain_name`, `rule_type`,
  `resolver_endpoint_id`, `target_ip[].ip`), `aws_route53_resolver_rule_association`.
* `aws_ec2_managed_prefix_list` (`entry[].cidr`, `address_family`),
  `aws_ec2_managed_prefix_list_entry`; data sources `aws_prefix_list` /
  `aws_ec2_managed_prefix_list` name AWS's service lists (`com.amazonaws.<region>.s3`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vpcdocs.importers import estate as e

if TYPE_CHECKING:
    from collections.abc import Callable

    from vpcdocs.importers.terraform import Reader
    from vpcdocs.importers.terraform_files import Instance


def _vpn_gateway(rd: Reader, inst: Instance) -> None:
    rd.est.put(rd.est.vpn_gateways, e.VpnGateway(**rd.base(inst), vpc=rd.ref(inst, "vpc_id"),
                                                 region=rd.region(inst)))


def _vpn_gateway_attachment(rd: Reader, inst: Instance) -> None:
    vgw = rd.ref(inst, "vpn_gateway_id")
    if vgw:
        rd.est.put(rd.est.vpn_gateways, e.VpnGateway(vgw, "", vpc=rd.ref(inst, "vpc_id")))


def _vgw_propagation(rd: Reader, inst: Instance) -> None:
    vgw, table = rd.ref(inst, "vpn_gateway_id"), rd.ref(inst, "route_table_id")
    if vgw and table:
        props = rd.est.vgw_propagations.setdefault(table, [])
        if vgw not in props:
            props.append(vgw)


def route_table_propagation(rd: Reader, inst: Instance, key: str) -> None:
    """`aws_route_table.propagating_vgws`."""
    for vgw in rd.refs(inst, "propagating_vgws"):
        props = rd.est.vgw_propagations.setdefault(key, [])
        if vgw not in props:
            props.append(vgw)


def _customer_gateway(rd: Reader, inst: Instance) -> None:
    rd.est.put(rd.est.customer_gateways, e.CustomerGateway(
        **rd.base(inst), ip=rd.s(inst, "ip_address"),
        bgp_asn=str(inst.values["bgp_asn"]) if inst.values.get("bgp_asn") is not None else None,
        region=rd.region(inst)))


def _vpn_connection(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    routes = [str(r["destination_cidr_block"]) for r in rd.blocks(inst, "routes")
              if isinstance(r.get("destination_cidr_block"), str)]
    vpn = e.VpnConnection(**base, customer_gateway=rd.ref(inst, "customer_gateway_id"),
                          vpn_gateway=rd.ref(inst, "vpn_gateway_id"),
                          transit_gateway=rd.ref(inst, "transit_gateway_id"),
                          static_routes_only=rd.b(inst, "static_routes_only"),
                          static_routes=routes, region=rd.region(inst))
    rd.est.put(rd.est.vpn_connections, vpn)
    if vpn.transit_gateway:
        # the connection's transit gateway attachment is created with it (no resource of its own)
        att = rd.s(inst, "transit_gateway_attachment_id") or f"{vpn.key}#attachment"
        rd.est.put(rd.est.tgw_other_attachments, e.TgwOtherAttachment(
            att, base["origin"], label=None, tgw=vpn.transit_gateway, kind="vpn",
            resource=vpn.key))


def _vpn_connection_route(rd: Reader, inst: Instance) -> None:
    vpn, dest = rd.ref(inst, "vpn_connection_id"), rd.s(inst, "destination_cidr_block")
    if vpn and dest:
        rd.est.put(rd.est.vpn_connections, e.VpnConnection(vpn, "", static_routes=[dest]))


def _dx_gateway(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    base["tag_name"] = rd.s(inst, "name")
    rd.est.put(rd.est.dx_gateways, e.DxGateway(**base))


def _dx_association(rd: Reader, inst: Instance) -> None:
    dx = rd.ref(inst, "dx_gateway_id")
    gateway = rd.ref(inst, "associated_gateway_id") or rd.ref(inst, "vpn_gateway_id")
    if not dx or not gateway:
        return
    allowed = inst.values.get("allowed_prefixes")
    prefixes = [p for p in allowed if isinstance(p, str)] if isinstance(allowed, list) else None
    rd.est.dx_associations.append(e.DxAssociation(dx, gateway, prefixes, rd.origin(inst)))
    att = rd.s(inst, "transit_gateway_attachment_id")
    if att:
        rd.est.put(rd.est.tgw_other_attachments, e.TgwOtherAttachment(
            att, rd.origin(inst), tgw=gateway, kind="direct-connect-gateway", resource=dx))


def _nacl(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    default = inst.type == "aws_default_network_acl"
    if default:
        ident = rd.s(inst, "default_network_acl_id")
        if ident:
            base["key"] = ident
            rd.est.aliases[inst.address] = ident
    nacl = e.NetworkAcl(**base, vpc=rd.ref(inst, "vpc_id") or "", is_default=default,
                        subnets=rd.refs(inst, "subnet_ids"))
    for direction, egress in (("ingress", False), ("egress", True)):
        for block in rd.blocks(inst, direction):
            entry = _nacl_entry(block, egress, "rule_no")
            if entry is not None:
                nacl.entries.append(entry)
    rd.est.put(rd.est.network_acls, nacl)


def _nacl_entry(block: dict[str, Any], egress: bool, number_key: str) -> e.NaclEntry | None:
    number = e.source_int(block.get(number_key))
    if number is None:
        return None
    cidr = block.get("cidr_block")
    action = block.get("action", block.get("rule_action"))
    return e.NaclEntry(number, egress, action == "allow", str(block.get("protocol", "-1")),
                       e.source_int(block.get("from_port")), e.source_int(block.get("to_port")),
                       cidr if isinstance(cidr, str) and cidr else None)


def _nacl_rule(rd: Reader, inst: Instance) -> None:
    nacl = rd.ref(inst, "network_acl_id")
    entry = _nacl_entry(inst.values, inst.values.get("egress") is True, "rule_number")
    if nacl and entry is not None:
        rd.est.put(rd.est.network_acls, e.NetworkAcl(nacl, "", entries=[entry]))


def _nacl_association(rd: Reader, inst: Instance) -> None:
    nacl, subnet = rd.ref(inst, "network_acl_id"), rd.ref(inst, "subnet_id")
    if nacl and subnet:
        rd.est.put(rd.est.network_acls, e.NetworkAcl(nacl, "", subnets=[subnet]))


def _endpoint_policy(rd: Reader, inst: Instance) -> None:
    ep, policy = rd.ref(inst, "vpc_endpoint_id"), rd.s(inst, "policy")
    if ep and policy:
        rd.est.put(rd.est.endpoints, e.Endpoint(ep, "", policy=policy))


def _resolver_endpoint(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    base["tag_name"] = rd.s(inst, "name") or base["tag_name"]
    subnets: list[str] = []
    for i, _block in enumerate(rd.blocks(inst, "ip_address")):
        subnets += rd.refs(inst, "ip_address", i, "subnet_id")
    # host_vpc_id is computed; without it the design takes the subnets' VPC
    rd.est.put(rd.est.resolver_endpoints, e.ResolverEndpoint(
        **base, vpc=rd.ref(inst, "host_vpc_id") or "", direction=rd.s(inst, "direction") or "",
        subnets=subnets, security_groups=rd.refs(inst, "security_group_ids")))


def _resolver_rule(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    base["tag_name"] = rd.s(inst, "name") or base["tag_name"]
    targets = [str(t["ip"]) for t in rd.blocks(inst, "target_ip") if isinstance(t.get("ip"), str)]
    rd.est.put(rd.est.resolver_rules, e.ResolverRule(
        **base, domain=rd.s(inst, "domain_name") or "", rule_type=rd.s(inst, "rule_type")
        or "FORWARD", endpoint=rd.ref(inst, "resolver_endpoint_id"), targets=targets))


def _resolver_rule_association(rd: Reader, inst: Instance) -> None:
    rule, vpc = rd.ref(inst, "resolver_rule_id"), rd.ref(inst, "vpc_id")
    if rule and vpc:
        rd.est.put(rd.est.resolver_rules, e.ResolverRule(rule, "", vpcs=[vpc]))


def _prefix_list(rd: Reader, inst: Instance) -> None:
    if (rd.s(inst, "address_family") or "IPv4") != "IPv4":
        rd.est.not_read["aws_ec2_managed_prefix_list (IPv6)"] += 1
        return
    base = rd.base(inst)
    base["tag_name"] = base["tag_name"] or rd.s(inst, "name")
    cidrs = [str(b["cidr"]) for b in rd.blocks(inst, "entry") if isinstance(b.get("cidr"), str)]
    rd.est.put(rd.est.prefix_lists, e.PrefixList(**base, name=rd.s(inst, "name"),
                                                 region=rd.region(inst), cidrs=cidrs,
                                                 entries_known=True))


def _prefix_list_entry(rd: Reader, inst: Instance) -> None:
    pl, cidr = rd.ref(inst, "prefix_list_id"), rd.s(inst, "cidr")
    if pl and cidr:
        rd.est.put(rd.est.prefix_lists, e.PrefixList(pl, "", cidrs=[cidr], entries_known=True))


def data_prefix_list(rd: Reader, inst: Instance) -> None:
    """data "aws_prefix_list" / "aws_ec2_managed_prefix_list": AWS's list of a service."""
    ident, name = rd.s(inst, "id"), rd.s(inst, "name")
    if ident and name and name.startswith("com.amazonaws."):
        rd.est.put(rd.est.prefix_lists, e.PrefixList(ident, rd.origin(inst), label=ident,
                                                     name=name, region=rd.region(inst),
                                                     aws_managed=True))
        rd.est.aliases.setdefault(inst.address, ident)


HYBRID_HANDLERS: dict[str, Callable[[Reader, Instance], None]] = {
    "aws_vpn_gateway": _vpn_gateway,
    "aws_vpn_gateway_attachment": _vpn_gateway_attachment,
    "aws_vpn_gateway_route_propagation": _vgw_propagation,
    "aws_customer_gateway": _customer_gateway,
    "aws_vpn_connection": _vpn_connection,
    "aws_vpn_connection_route": _vpn_connection_route,
    "aws_dx_gateway": _dx_gateway,
    "aws_dx_gateway_association": _dx_association,
    "aws_network_acl": _nacl,
    "aws_default_network_acl": _nacl,
    "aws_network_acl_rule": _nacl_rule,
    "aws_network_acl_association": _nacl_association,
    "aws_vpc_endpoint_policy": _endpoint_policy,
    "aws_route53_resolver_endpoint": _resolver_endpoint,
    "aws_route53_resolver_rule": _resolver_rule,
    "aws_route53_resolver_rule_association": _resolver_rule_association,
    "aws_ec2_managed_prefix_list": _prefix_list,
    "aws_ec2_managed_prefix_list_entry": _prefix_list_entry,
}
