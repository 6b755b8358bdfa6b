"""`vpcdocs import cloudformation`: CloudFormation templates (stacks) into an `Estate`.

Each template is evaluated (`cfn_eval`: parameters, conditions, intrinsic functions) and its
network resources are mapped by the property names of the CloudFormation resource reference
(AWS::EC2::*, AWS::ElasticLoadBalancingV2::*, AWS::Route53::*, AWS::AutoScaling::*). A resource
whose `Condition` is false is skipped; resource types that are not read are counted by type.
Several templates merge into one design; `Fn::ImportValue` is matched to the other templates'
`Outputs` `Export`s.

Keys are `<file>#<LogicalId>`; the Region is `AWS::Region` (`--region` or `--parameter`), else
the one the template's Availability Zone names show, else us-east-1 (noted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic
from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import az_region, is_region
from vpcdocs.importers.cfn_eval import CfnError, Stack, Unknown, param_value
from vpcdocs.importers.cfn_template import Template, load
from vpcdocs.importers.cloudformation_hybrid import (
    ALLOW_ALL,
    HYBRID_HANDLERS,
    egress_rule,
    vgw_attachment,
)
from vpcdocs.importers.problems import ImportFailed, fail

Handler = Callable[["Mapper", str, dict[str, Any]], None]


def read_files(paths: list[Path], names: list[str], params: dict[str, str]) -> e.Estate:
    problems: list[Diagnostic] = []
    templates: list[Template] = []
    for path, name in sorted(zip(paths, names, strict=True), key=lambda p: (p[0].name, p[1])):
        if path.suffix in (".tf",):
            problems.extend(fail(DiagnosticCode.CFN_NOT_TEMPLATE, "this is Terraform configuration",
                                 name).diagnostics)
            continue
        try:
            templates.append(load(path, name))
        except ImportFailed as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ImportFailed(problems)
    region = params.get("AWS::Region") or _region_in(templates)
    est = e.Estate()
    if region is None:
        region = "us-east-1"
        est.note("the templates do not say their Region: us-east-1 assumed (give --region)")
    elif not is_region(region):
        raise fail(DiagnosticCode.CFN_REGION, f"`{region}` is not an AWS Region", "--parameter AWS::Region")
    stacks: list[Stack] = []
    exports: dict[str, Any] = {}
    busy: list[str] = []

    def find_export(name: str) -> Any:
        if name in exports:
            return exports[name]
        for stack in stacks:
            outputs = stack.data.get("Outputs")
            if not isinstance(outputs, dict):
                continue
            for out_name, out in outputs.items():
                if not isinstance(out, dict) or not isinstance(out.get("Export"), dict):
                    continue
                path = ("Outputs", out_name, "Export", "Name")
                marker = f"{stack.template.name}:{out_name}"
                if marker in busy:
                    continue
                busy.append(marker)
                try:
                    exported = stack.eval(out["Export"].get("Name"), path)
                    if _text(exported) == name:
                        exports[name] = stack.eval(out.get("Value"), ("Outputs", out_name,
                                                                      "Value"))
                        return exports[name]
                finally:
                    busy.pop()
        return None

    used_names: set[str] = set()
    for template in templates:
        prefix = Path(template.name).name
        while prefix in used_names:
            prefix = "_" + prefix
        used_names.add(prefix)
        stack_params = _parameters(template, params)
        stacks.append(Stack(template, prefix, stack_params, region, find_export))
    for stack in stacks:
        try:
            mapper = Mapper(stack, est)
            mapper.run()
        except CfnError as exc:
            problems.append(exc.diagnostic)
        except RecursionError:
            problems.extend(fail(DiagnosticCode.CFN_TOO_DEEP, "the template's functions nest too deeply",
                                 stack.template.name).diagnostics)
        for note in stack.notes:
            est.note(note)
    if problems:
        raise ImportFailed(problems)
    return est


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _parameters(template: Template, given: dict[str, str]) -> dict[str, Any]:
    specs = template.data.get("Parameters")
    specs = specs if isinstance(specs, dict) else {}
    out: dict[str, Any] = {}
    for key, value in given.items():
        if key.startswith("AWS::"):
            if key != "AWS::Region":
                out[key] = value
        elif key in specs:
            out[key] = param_value(specs[key], value)
    return out


def _region_in(templates: list[Template]) -> str | None:
    for template in templates:
        for match in re.finditer(r"\b([a-z]{2}(?:-[a-z]+)+-\d[a-z])\b", _flat(template.data)):
            region = az_region(match.group(1))
            if region:
                return region
    return None


def _flat(data: Any) -> str:
    if isinstance(data, dict):
        return " ".join(_flat(v) for v in data.values())
    if isinstance(data, list):
        return " ".join(_flat(v) for v in data)
    return data if isinstance(data, str) else ""


class Mapper:
    def __init__(self, stack: Stack, est: e.Estate) -> None:
        self.stack = stack
        self.est = est
        self.name = stack.template.name
        self.file = Path(self.name).name  # in comments: the same bytes from any folder

    def run(self) -> None:
        for logical, res in self.stack.resources().items():
            path = ("Resources", logical)
            if not isinstance(res, dict):
                raise self.stack.fail(DiagnosticCode.CFN_WRONG_TYPE, "a resource should be a mapping", path)
            rtype = res.get("Type")
            if not isinstance(rtype, str):
                raise self.stack.fail(DiagnosticCode.CFN_WRONG_TYPE, "a resource needs a `Type`", path)
            cond = res.get("Condition")
            if cond is not None:
                truth = self.stack.condition(cond, (*path, "Condition"))
                if truth is False:
                    self.est.skipped["resources whose Condition is false"] += 1
                    continue
                if isinstance(truth, Unknown):
                    self.est.note(f"{self.name}: {logical}'s condition `{cond}` cannot be "
                                  "decided: the resource is read")
            handler = HANDLERS.get(rtype)
            if handler is None:
                self.est.not_read[rtype] += 1
                continue
            raw = res.get("Properties") or {}
            if not isinstance(raw, dict):
                raise self.stack.fail(DiagnosticCode.CFN_WRONG_TYPE, "`Properties` should be a mapping",
                                      (*path, "Properties"))
            props = self.stack.eval(raw, (*path, "Properties"))
            handler(self, logical, props if isinstance(props, dict) else {})

    # ---- values

    def s(self, props: dict[str, Any], key: str) -> str | None:
        value = props.get(key)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        return value if isinstance(value, str) and value else None

    def b(self, props: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
        value = props.get(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return default

    def strs(self, props: dict[str, Any], key: str) -> list[str]:
        value = props.get(key)
        if isinstance(value, str):
            return [value]
        return [v for v in value or () if isinstance(v, str)] if isinstance(value, list) else []

    def base(self, logical: str, props: dict[str, Any]) -> dict[str, Any]:
        name = None
        for tag in props.get("Tags") or ():
            if isinstance(tag, dict) and tag.get("Key") == "Name" and isinstance(tag.get("Value"),
                                                                                   str):
                name = tag["Value"]
        return {"key": self.stack.key(logical), "origin": f"{self.file}: {logical}",
                "tag_name": name, "label": logical}


# ---------------------------------------------------------------------------- handlers


def _vpc(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    cidr = m.s(p, "CidrBlock")
    m.est.put(m.est.vpcs, e.Vpc(**m.base(logical, p), region=m.stack.region,
                                cidrs=[cidr] if cidr else [],
                                dns_support=m.b(p, "EnableDnsSupport", True),
                                dns_hostnames=m.b(p, "EnableDnsHostnames", False)))


def _vpc_cidr(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    vpc, cidr = m.s(p, "VpcId"), m.s(p, "CidrBlock")
    if vpc and cidr:
        m.est.put(m.est.vpcs, e.Vpc(vpc, "", cidrs=[cidr]))


def _subnet(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.subnets, e.Subnet(**m.base(logical, p), vpc=m.s(p, "VpcId") or "",
                                      az=m.s(p, "AvailabilityZone"), cidr=m.s(p, "CidrBlock")))


def _route_table(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.route_tables, e.RouteTable(**m.base(logical, p), vpc=m.s(p, "VpcId") or ""))


_TARGETS = (("NatGatewayId", "nat"), ("TransitGatewayId", "tgw"),
            ("VpcPeeringConnectionId", "pcx"), ("VpcEndpointId", "vpce"),
            ("NetworkInterfaceId", "eni"), ("InstanceId", "instance"),
            ("EgressOnlyInternetGatewayId", "eigw"), ("CarrierGatewayId", "cagw"),
            ("LocalGatewayId", "lgw"), ("CoreNetworkArn", "core"))


def _gateway_kind(m: Mapper, target: str) -> str:
    logical = target.split("#", 1)[1] if target.startswith(m.stack.key_prefix + "#") else None
    if logical is not None:
        rtype = str((m.stack.resources().get(logical) or {}).get("Type", ""))
        return {"AWS::EC2::InternetGateway": "igw", "AWS::EC2::VPNGateway": "vgw",
                "AWS::EC2::VPCEndpoint": "vpce"}.get(rtype, "other")
    for prefix, kind in (("igw-", "igw"), ("vgw-", "vgw"), ("vpce-", "vpce"), ("local", "local")):
        if target.startswith(prefix):
            return kind
    return "other"


def _route(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    table = m.s(p, "RouteTableId")
    dest = m.s(p, "DestinationCidrBlock") or m.s(p, "DestinationIpv6CidrBlock") or m.s(
        p, "DestinationPrefixListId")
    if not table or not dest:
        return
    route = None
    gateway = m.s(p, "GatewayId")
    if gateway:
        route = e.Route(dest, gateway, _gateway_kind(m, gateway), f"{m.file}: {logical}")
    for key, kind in _TARGETS:
        target = m.s(p, key)
        if route is None and target:
            route = e.Route(dest, target, kind, f"{m.file}: {logical}")
    if route is not None:
        m.est.put(m.est.route_tables, e.RouteTable(table, "", routes=[route]))


def _rt_association(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    table, subnet = m.s(p, "RouteTableId"), m.s(p, "SubnetId")
    if table and subnet:
        m.est.put(m.est.route_tables, e.RouteTable(table, "", subnets=[subnet]))


def _igw(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.internet_gateways, e.InternetGateway(**m.base(logical, p)))


def _gateway_attachment(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    vgw_attachment(m, p)
    igw, vpc = m.s(p, "InternetGatewayId"), m.s(p, "VpcId")
    if igw and vpc:
        m.est.put(m.est.internet_gateways, e.InternetGateway(igw, "", vpc=vpc))


def _nat(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    subnet = m.s(p, "SubnetId")
    if subnet:
        m.est.put(m.est.nat_gateways, e.NatGateway(**m.base(logical, p), subnet=subnet,
                                                   public=m.s(p, "ConnectivityType") != "private"))


def _endpoint(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    options: dict[str, Any] = p["DnsOptions"] if isinstance(p.get("DnsOptions"), dict) else {}
    inbound = options.get("PrivateDnsOnlyForInboundResolverEndpoint")
    sgs = m.strs(p, "SecurityGroupIds")
    ep = e.Endpoint(**m.base(logical, p), vpc=m.s(p, "VpcId") or "",
                    type=m.s(p, "VpcEndpointType") or "Gateway",
                    service_name=m.s(p, "ServiceName") or "",
                    service_region=m.s(p, "ServiceRegion"),
                    route_tables=m.strs(p, "RouteTableIds"), subnets=m.strs(p, "SubnetIds"),
                    private_dns=m.b(p, "PrivateDnsEnabled", False),
                    inbound_only={"OnlyInboundResolver": True, "AllResolvers": False}.get(
                        str(inbound)) if inbound is not None else None,
                    security_groups=sgs or None, state="available",
                    policy=p.get("PolicyDocument"))
    m.est.put(m.est.endpoints, ep)


def _endpoint_service(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    key = m.stack.key(logical)
    name = f"com.amazonaws.vpce.{m.stack.region}.{key}"
    m.est.put(m.est.endpoint_services, e.EndpointService(
        **m.base(logical, p), service_name=name, region=m.stack.region,
        load_balancers=m.strs(p, "NetworkLoadBalancerArns") + m.strs(p, "GatewayLoadBalancerArns"),
        acceptance_required=m.b(p, "AcceptanceRequired"),
        supported_regions=m.strs(p, "SupportedRegions")))
    m.est.aliases.setdefault(name, key)


def _permissions(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    service = m.s(p, "ServiceId")
    if service:
        m.est.put(m.est.endpoint_services, e.EndpointService(
            service, "", principals=m.strs(p, "AllowedPrincipals")))


def _lb(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    subnets = m.strs(p, "Subnets") + [s["SubnetId"] for s in p.get("SubnetMappings") or ()
                                      if isinstance(s, dict) and isinstance(s.get("SubnetId"), str)]
    lb = e.LoadBalancer(**m.base(logical, p), name=m.s(p, "Name") or logical,
                        type=m.s(p, "Type") or "application", subnets=subnets)
    if lb.type == "application":
        m.est.not_read["AWS::ElasticLoadBalancingV2::LoadBalancer (application)"] += 1
    m.est.put(m.est.load_balancers, lb)


def _target_group(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    targets = [t["Id"] for t in p.get("Targets") or ()
               if isinstance(t, dict) and isinstance(t.get("Id"), str)]
    m.est.put(m.est.target_groups, e.TargetGroup(**m.base(logical, p), targets=targets))


def _listener(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    lb = m.s(p, "LoadBalancerArn")
    for action in p.get("DefaultActions") or ():
        if not isinstance(action, dict):
            continue
        groups = [action.get("TargetGroupArn")]
        forward = action.get("ForwardConfig")
        if isinstance(forward, dict):
            groups += [g.get("TargetGroupArn") for g in forward.get("TargetGroups") or ()
                       if isinstance(g, dict)]
        for tg in groups:
            if isinstance(tg, str) and lb:
                m.est.put(m.est.target_groups, e.TargetGroup(tg, "", load_balancers=[lb]))


def _asg(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    count = m.s(p, "DesiredCapacity") or m.s(p, "MinSize") or "1"
    try:
        n = max(int(float(count)), 1)
    except ValueError:
        n = 1
    base = m.base(logical, p)
    for tag in p.get("Tags") or ():
        if isinstance(tag, dict) and tag.get("Key") == "Name" and isinstance(tag.get("Value"), str):
            base["tag_name"] = tag["Value"]
    wl = e.Workload(**base, subnets=m.strs(p, "VPCZoneIdentifier"), kind="asg", count=n)
    m.est.put(m.est.workloads, wl)
    for tg in m.strs(p, "TargetGroupARNs"):
        m.est.put(m.est.target_groups, e.TargetGroup(tg, "", targets=[wl.key]))


def _instance(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    subnet = m.s(p, "SubnetId")
    public = False
    for nic in p.get("NetworkInterfaces") or ():
        if isinstance(nic, dict):
            subnet = subnet or (nic.get("SubnetId") if isinstance(nic.get("SubnetId"), str) else None)
            public = public or m.b(nic, "AssociatePublicIpAddress", False) is True
    if not subnet:
        m.est.not_read["AWS::EC2::Instance (no subnet)"] += 1
        return
    m.est.put(m.est.workloads, e.Workload(**m.base(logical, p), subnets=[subnet], public_ip=public,
                                          security_groups=m.strs(p, "SecurityGroupIds"),
                                          private_ip=m.s(p, "PrivateIpAddress")))


def _peering(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    peer = m.s(p, "PeerVpcId")
    pcx = e.Peering(**m.base(logical, p), requester=m.s(p, "VpcId"), accepter=peer,
                    status="active", accepted=True)
    pcx.accepter_info = {"id": peer, "region": m.s(p, "PeerRegion") or m.stack.region,
                         "account": m.s(p, "PeerOwnerId")}
    m.est.put(m.est.peerings, pcx)


def _tgw(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    key = m.stack.key(logical)
    m.est.put(m.est.transit_gateways, e.TransitGateway(
        **m.base(logical, p), region=m.stack.region,
        default_association_rt=m.s(p, "AssociationDefaultRouteTableId") or f"{key}#default-rt",
        default_propagation_rt=m.s(p, "PropagationDefaultRouteTableId") or f"{key}#default-rt",
        auto_association=m.s(p, "DefaultRouteTableAssociation") != "disable",
        auto_propagation=m.s(p, "DefaultRouteTablePropagation") != "disable"))


def _tgw_vpc_attachment(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.tgw_vpc_attachments, e.TgwVpcAttachment(
        **m.base(logical, p), tgw=m.s(p, "TransitGatewayId") or "", vpc=m.s(p, "VpcId") or "",
        subnets=m.strs(p, "SubnetIds")))


def _tgw_peering(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.tgw_peerings, e.TgwPeering(
        **m.base(logical, p), requester_tgw=m.s(p, "TransitGatewayId"),
        accepter_tgw=m.s(p, "PeerTransitGatewayId"), requester_region=m.stack.region,
        accepter_region=m.s(p, "PeerRegion") or m.stack.region))


def _tgw_route_table(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    m.est.put(m.est.tgw_route_tables, e.TgwRouteTable(**m.base(logical, p),
                                                      tgw=m.s(p, "TransitGatewayId") or ""))


def _tgw_link(table: str) -> Handler:
    def handler(m: Mapper, logical: str, p: dict[str, Any]) -> None:
        rt, att = m.s(p, "TransitGatewayRouteTableId"), m.s(p, "TransitGatewayAttachmentId")
        if rt and att:
            getattr(m.est, table).append(e.TgwAssociation(rt, att))
    return handler


def _tgw_route(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    rt, dest = m.s(p, "TransitGatewayRouteTableId"), m.s(p, "DestinationCidrBlock")
    if rt and dest:
        m.est.tgw_routes.append(e.TgwRoute(rt, dest, m.s(p, "TransitGatewayAttachmentId"),
                                           m.b(p, "Blackhole", False) is True, f"{m.file}: {logical}"))


def _zone(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    vpcs = [v["VPCId"] for v in p.get("VPCs") or ()
            if isinstance(v, dict) and isinstance(v.get("VPCId"), str)]
    base = m.base(logical, p)
    config = p.get("HostedZoneTags")
    if isinstance(config, list):
        for tag in config:
            if isinstance(tag, dict) and tag.get("Key") == "Name" and isinstance(tag.get("Value"),
                                                                                   str):
                base["tag_name"] = tag["Value"]
    m.est.put(m.est.hosted_zones, e.HostedZone(**base, domain=m.s(p, "Name") or "",
                                               private=bool(vpcs), vpcs=vpcs))


def _records(m: Mapper, logical: str, p: dict[str, Any], sets: list[Any]) -> None:
    zone = m.s(p, "HostedZoneId")
    zone_name = m.s(p, "HostedZoneName")
    for rec in sets:
        if not isinstance(rec, dict) or not isinstance(rec.get("AliasTarget"), dict):
            continue
        target, name = rec["AliasTarget"].get("DNSName"), rec.get("Name")
        if not isinstance(target, str) or not isinstance(name, str):
            continue
        zid = zone or next((k for k, z in m.est.hosted_zones.items()
                            if zone_name and z.domain.rstrip(".") == zone_name.rstrip(".")), None)
        if zid:
            m.est.alias_records.append(e.AliasRecord(zid, name, target, f"{m.file}: {logical}"))


def _record(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    _records(m, logical, p, [p])


def _record_group(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    _records(m, logical, p, list(p.get("RecordSets") or ()))


def _rule(m: Mapper, p: dict[str, Any]) -> e.SgRule:
    cidrs = [p["CidrIp"]] if isinstance(p.get("CidrIp"), str) else []
    others = [str(p[k]) for k in ("SourceSecurityGroupId", "SourceSecurityGroupName",
                                  "SourcePrefixListId") if p.get(k)]

    def port(key: str) -> int | None:
        try:
            return int(p[key]) if key in p else None
        except (TypeError, ValueError):
            return None

    return e.SgRule(cidrs, str(p.get("IpProtocol", "-1")), port("FromPort"), port("ToPort"),
                    others)


def _sg(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    sg = e.SecurityGroup(**m.base(logical, p), vpc=m.s(p, "VpcId"))
    sg.ingress = [_rule(m, r) for r in p.get("SecurityGroupIngress") or () if isinstance(r, dict)]
    # AWS keeps its allow-all egress rule unless SecurityGroupEgress is given (see
    # cloudformation_hybrid.py); AWS::EC2::SecurityGroupEgress resources add to it
    given = [r for r in p.get("SecurityGroupEgress") or () if isinstance(r, dict)]
    sg.egress = [egress_rule(r) for r in given] if given else [ALLOW_ALL]
    sg.egress_known = True
    m.est.put(m.est.security_groups, sg)


def _sg_ingress(m: Mapper, logical: str, p: dict[str, Any]) -> None:
    group = m.s(p, "GroupId")
    if group:
        m.est.put(m.est.security_groups, e.SecurityGroup(group, "", ingress=[_rule(m, p)]))


HANDLERS: dict[str, Handler] = {
    "AWS::EC2::VPC": _vpc,
    "AWS::EC2::VPCCidrBlock": _vpc_cidr,
    "AWS::EC2::Subnet": _subnet,
    "AWS::EC2::RouteTable": _route_table,
    "AWS::EC2::Route": _route,
    "AWS::EC2::SubnetRouteTableAssociation": _rt_association,
    "AWS::EC2::InternetGateway": _igw,
    "AWS::EC2::VPCGatewayAttachment": _gateway_attachment,
    "AWS::EC2::NatGateway": _nat,
    "AWS::EC2::VPCEndpoint": _endpoint,
    "AWS::EC2::VPCEndpointService": _endpoint_service,
    "AWS::EC2::VPCEndpointServicePermissions": _permissions,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": _lb,
    "AWS::ElasticLoadBalancingV2::TargetGroup": _target_group,
    "AWS::ElasticLoadBalancingV2::Listener": _listener,
    "AWS::AutoScaling::AutoScalingGroup": _asg,
    "AWS::EC2::Instance": _instance,
    "AWS::EC2::VPCPeeringConnection": _peering,
    "AWS::EC2::TransitGateway": _tgw,
    "AWS::EC2::TransitGatewayAttachment": _tgw_vpc_attachment,
    "AWS::EC2::TransitGatewayVpcAttachment": _tgw_vpc_attachment,
    "AWS::EC2::TransitGatewayPeeringAttachment": _tgw_peering,
    "AWS::EC2::TransitGatewayRouteTable": _tgw_route_table,
    "AWS::EC2::TransitGatewayRouteTableAssociation": _tgw_link("tgw_associations"),
    "AWS::EC2::TransitGatewayRouteTablePropagation": _tgw_link("tgw_propagations"),
    "AWS::EC2::TransitGatewayRoute": _tgw_route,
    "AWS::Route53::HostedZone": _zone,
    "AWS::Route53::RecordSet": _record,
    "AWS::Route53::RecordSetGroup": _record_group,
    "AWS::EC2::SecurityGroup": _sg,
    "AWS::EC2::SecurityGroupIngress": _sg_ingress,
    **HYBRID_HANDLERS,
}
