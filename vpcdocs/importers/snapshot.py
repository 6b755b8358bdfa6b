"""`vpcdocs import snapshot DIR`: saved AWS CLI responses (`aws ec2 describe-* --output json`).

Files are found anywhere under DIR, with any names; each is recognised by its top-level key
(`Vpcs`, `Subnets`, `RouteTables`, `VpcEndpoints`, `TransitGatewayAttachments`, ...), the shape
the AWS CLI prints (the EC2, ELBv2, Route 53 and Auto Scaling API references name the fields).
A folder named after a Region (`eu-west-1/`) gives the Region of the files under it; one named
after an account id (`111111111111/`) gives their account. Responses that do not name their
parent object (the propagations of one transit gateway route table, the records of one hosted
zone, the targets of one target group, the principals of one endpoint service) take it from the
file's path: `tgw-rtb-…`, `Z…`, the target group's name, `vpce-svc-…` (`vpcdocs import aws`
saves them so).

Routes AWS adds itself (`local`, a gateway endpoint's prefix-list route) are not written as
routes; deleted, failed and rejected objects are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import arn_account, arn_region, az_region, is_account, is_region
from vpcdocs.importers.design import GONE
from vpcdocs.importers.problems import ImportFailed
from vpcdocs.importers.snapshot_hybrid import HYBRID_READERS
from vpcdocs.importers.source import JsonDoc, load_json

Reader = Callable[["Snapshot", JsonDoc, Any, tuple[object, ...]], None]

# top-level keys that say nothing the topology format holds (recognised, counted as not read)
NOT_MAPPED = {
    "DhcpOptions": "DHCP option sets (describe-dhcp-options)",
    "Addresses": "Elastic IP addresses (describe-addresses)",
    "NetworkInterfaces": "network interfaces (describe-network-interfaces)",
    "EgressOnlyInternetGateways": "egress-only internet gateways",
    "FlowLogs": "flow logs (describe-flow-logs)",
    "ManagedPrefixLists": "managed prefix lists (not an AWS CLI key: describe-managed-prefix-lists"
                          " answers under PrefixLists)",
    "ServiceDetails": "endpoint services offered to you (describe-vpc-endpoint-services)",
    "ServiceNames": "endpoint service names (describe-vpc-endpoint-services)",
    "TransitGatewayConnects": "transit gateway Connect attachments",
    "LoadBalancerDescriptions": "Classic Load Balancers (elb describe-load-balancers)",
    "Listeners": "load balancer listeners (elbv2 describe-listeners)",
    "CarrierGateways": "carrier gateways",
    "LocalGatewayRouteTables": "local gateway route tables",
}
IGNORED_KEYS = {"NextToken", "ResponseMetadata", "AdditionalRoutesAvailable", "Marker",
                "IsTruncated", "MaxItems", "NextMarker", "NextRecordName", "NextRecordType",
                "MaxResults", "nextToken"}


def read_folder(root: Path, region: str | None = None) -> e.Estate:
    snap = Snapshot(root, region)
    snap.run()
    return snap.est


def tags(item: dict[str, Any]) -> dict[str, str]:
    out = {}
    for tag in item.get("Tags") or ():
        if isinstance(tag, dict) and isinstance(tag.get("Key"), str):
            out[tag["Key"]] = str(tag.get("Value", ""))
    return out


class Snapshot:
    def __init__(self, root: Path, region: str | None) -> None:
        self.root = root
        self.default_region = region
        self.est = e.Estate()
        self.problems: list[Any] = []
        self.later: list[Callable[[], None]] = []  # readers that need every file read first

    # ------------------------------------------------------------------ files

    def files(self) -> Iterator[Path]:
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.is_file() and path.suffix.lower() in (".json", ""):
                yield path

    def run(self) -> None:
        found = False
        for path in self.files():
            name = path.relative_to(self.root).as_posix()
            try:
                doc = load_json(path, name)
            except ImportFailed as exc:
                if path.suffix.lower() != ".json":
                    continue
                self.problems.extend(exc.diagnostics)
                continue
            found = True
            self.file(doc, path)
        for step in self.later:
            step()
        if self.problems:
            raise ImportFailed(self.problems)
        if not found:
            from vpcdocs.importers.problems import fail

            raise fail(DiagnosticCode.SNAPSHOT_EMPTY, "no JSON files in this folder", str(self.root),
                       hint="save responses with `aws ec2 describe-vpcs --output json > "
                            "vpcs.json` (and the other describe calls; see docs/import.md)")
        self.finish()

    def file(self, doc: JsonDoc, path: Path) -> None:
        data = doc.data
        if not isinstance(data, dict):
            self.est.not_read[f"{doc.name} (not an AWS CLI response: no top-level key)"] += 1
            return
        self.path = path
        self.doc = doc
        self.region = self._path_region(path)
        self.account = self._path_account(path)
        for key, value in data.items():
            if key in IGNORED_KEYS:
                continue
            reader = READERS.get(key)
            if key in NOT_MAPPED:
                self.est.not_read[NOT_MAPPED[key]] += len(value) if isinstance(value, list) else 1
                continue
            if reader is None:
                if key in ("VpcId",) or key.startswith("EnableDns") or key == "VPCs":
                    continue  # read with their companion key
                self.est.not_read[f"top-level key {key}"] += 1
                continue
            if key in ("HostedZone",):
                reader(self, doc, data, ())
                continue
            if not isinstance(value, list):
                self.problems.append(doc.problem(DiagnosticCode.SNAPSHOT_WRONG_TYPE,
                                                 f"`{key}` should be a list", (key,)))
                continue
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    self.problems.append(doc.problem(DiagnosticCode.SNAPSHOT_WRONG_TYPE,
                                                     f"an item of `{key}` should be an object",
                                                     (key, i)))
                    continue
                reader(self, doc, item, (key, i))
        if "VpcId" in data and any(k.startswith("EnableDns") for k in data):
            _vpc_attribute(self, doc, data, ())

    def _path_region(self, path: Path) -> str | None:
        for part in reversed(path.relative_to(self.root).parts[:-1]):
            if is_region(part):
                return part
        return None

    def _path_account(self, path: Path) -> str | None:
        for part in reversed(path.relative_to(self.root).parts[:-1]):
            if is_account(part):
                return part
        return None

    def path_id(self, pattern: str) -> str | None:
        match = re.search(pattern, self.path.relative_to(self.root).as_posix())
        return match.group(0) if match else None

    # ------------------------------------------------------------------ values

    def s(self, doc: JsonDoc, item: dict[str, Any], key: str, where: tuple[object, ...]) -> \
            str | None:
        value = item.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        self.problems.append(doc.problem(DiagnosticCode.SNAPSHOT_WRONG_TYPE, f"`{key}` should be a string",
                                         (*where, key)))
        return None

    def base(self, doc: JsonDoc, item: dict[str, Any], ident: str) -> dict[str, Any]:
        return {"key": ident, "origin": f"{doc.name}: {ident}",
                "tag_name": tags(item).get("Name") or None, "label": ident}

    def gone(self, state: object, what: str) -> bool:
        code = state.get("Code") if isinstance(state, dict) else state
        if isinstance(code, str) and code.lower() in GONE:
            self.est.skipped[f"{what} (deleted, failed or rejected)"] += 1
            return True
        return False

    def finish(self) -> None:
        for vpc in self.est.vpcs.values():
            if vpc.region is None and self.default_region and not any(
                    s.vpc == vpc.key and az_region(s.az) for s in self.est.subnets.values()):
                vpc.region = self.default_region
        for tgw in self.est.transit_gateways.values():
            if tgw.region is None:
                tgw.region = self.default_region


# ---------------------------------------------------------------------------- readers


def _vpc(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "VpcId", where)
    if not ident or snap.gone(item.get("State"), "VPCs"):
        return
    vpc = e.Vpc(**snap.base(doc, item, ident), region=snap.region,
                account=snap.s(doc, item, "OwnerId", where) or snap.account,
                is_default=item.get("IsDefault") is True)
    primary = snap.s(doc, item, "CidrBlock", where)
    if primary:
        vpc.cidrs.append(primary)
    for assoc in item.get("CidrBlockAssociationSet") or ():
        if isinstance(assoc, dict) and isinstance(assoc.get("CidrBlock"), str):
            state = (assoc.get("CidrBlockState") or {}).get("State", "associated")
            if state in ("associated", "associating") and assoc["CidrBlock"] not in vpc.cidrs:
                vpc.cidrs.append(assoc["CidrBlock"])
    snap.est.put(snap.est.vpcs, vpc)


def _vpc_attribute(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                   where: tuple[object, ...]) -> None:
    ident = item.get("VpcId")
    if not isinstance(ident, str):
        return
    vpc = e.Vpc(ident, "")
    for key, field in (("EnableDnsHostnames", "dns_hostnames"), ("EnableDnsSupport", "dns_support")):
        value = item.get(key)
        if isinstance(value, dict) and isinstance(value.get("Value"), bool):
            setattr(vpc, field, value["Value"])
    snap.est.put(snap.est.vpcs, vpc)


def _subnet(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "SubnetId", where)
    if not ident:
        return
    az = snap.s(doc, item, "AvailabilityZone", where)
    snap.est.put(snap.est.subnets, e.Subnet(**snap.base(doc, item, ident),
                                            vpc=snap.s(doc, item, "VpcId", where) or "",
                                            az=az, cidr=snap.s(doc, item, "CidrBlock", where)))


_ROUTE_TARGETS = (("NatGatewayId", "nat"), ("TransitGatewayId", "tgw"),
                  ("VpcPeeringConnectionId", "pcx"), ("NetworkInterfaceId", "eni"),
                  ("InstanceId", "instance"), ("EgressOnlyInternetGatewayId", "eigw"),
                  ("CarrierGatewayId", "cagw"), ("LocalGatewayId", "lgw"),
                  ("CoreNetworkArn", "core"))


def _gateway_kind(target: str) -> str:
    for prefix, kind in (("igw-", "igw"), ("vgw-", "vgw"), ("vpce-", "vpce"), ("local", "local")):
        if target.startswith(prefix):
            return kind
    return "other"


def _route(item: dict[str, Any], origin: str) -> e.Route | None:
    dest = next((item[k] for k in ("DestinationCidrBlock", "DestinationIpv6CidrBlock",
                                   "DestinationPrefixListId")
                 if isinstance(item.get(k), str) and item[k]), None)
    if dest is None:
        return None
    if item.get("State") == "blackhole":
        return e.Route(dest, None, "blackhole", origin)
    gateway = item.get("GatewayId")
    if isinstance(gateway, str) and gateway:
        return e.Route(dest, gateway, _gateway_kind(gateway), origin)
    for key, kind in _ROUTE_TARGETS:
        if isinstance(item.get(key), str) and item[key]:
            return e.Route(dest, item[key], kind, origin)
    return e.Route(dest, None, "other", origin)


def _route_table(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                 where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "RouteTableId", where)
    if not ident:
        return
    rt = e.RouteTable(**snap.base(doc, item, ident), vpc=snap.s(doc, item, "VpcId", where) or "")
    for vgw in item.get("PropagatingVgws") or ():
        if isinstance(vgw, dict) and isinstance(vgw.get("GatewayId"), str):
            props = snap.est.vgw_propagations.setdefault(ident, [])
            if vgw["GatewayId"] not in props:
                props.append(vgw["GatewayId"])
    for route in item.get("Routes") or ():
        if isinstance(route, dict) and route.get("Origin") == "EnableVgwRoutePropagation":
            # learned from the gateway, not a route the user wrote (EC2 API, Route.Origin)
            gw, dest = route.get("GatewayId"), route.get("DestinationCidrBlock")
            if isinstance(gw, str) and isinstance(dest, str):
                learned = snap.est.learned.setdefault(gw, [])
                if dest not in learned:
                    learned.append(dest)
            continue
        if isinstance(route, dict):
            r = _route(route, rt.origin)
            if r is not None:
                rt.routes.append(r)
    for assoc in item.get("Associations") or ():
        if not isinstance(assoc, dict):
            continue
        state = (assoc.get("AssociationState") or {}).get("State", "associated")
        if state not in ("associated", "associating"):
            continue
        if assoc.get("Main") is True:
            rt.main = True
        elif isinstance(assoc.get("SubnetId"), str):
            rt.subnets.append(assoc["SubnetId"])
    snap.est.put(snap.est.route_tables, rt)


def _igw(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "InternetGatewayId", where)
    if not ident:
        return
    vpc = next((a.get("VpcId") for a in item.get("Attachments") or ()
                if isinstance(a, dict) and a.get("State") in ("available", "attached", None)
                and isinstance(a.get("VpcId"), str)), None)
    snap.est.put(snap.est.internet_gateways, e.InternetGateway(**snap.base(doc, item, ident),
                                                              vpc=vpc))


def _nat(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "NatGatewayId", where)
    if not ident or snap.gone(item.get("State"), "NAT gateways"):
        return
    subnet = snap.s(doc, item, "SubnetId", where)
    if not subnet:
        snap.est.not_read["NAT gateway with no subnet (regional)"] += 1
        return
    snap.est.put(snap.est.nat_gateways, e.NatGateway(
        **snap.base(doc, item, ident), subnet=subnet,
        public=item.get("ConnectivityType", "public") != "private"))


def _endpoint(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> \
        None:
    ident = snap.s(doc, item, "VpcEndpointId", where)
    if not ident:
        return
    options = _obj(item.get("DnsOptions"))
    inbound = options.get("PrivateDnsOnlyForInboundResolverEndpoint")
    groups = [g["GroupId"] for g in item.get("Groups") or ()
              if isinstance(g, dict) and isinstance(g.get("GroupId"), str)]
    ep = e.Endpoint(**snap.base(doc, item, ident), vpc=snap.s(doc, item, "VpcId", where) or "",
                    type=snap.s(doc, item, "VpcEndpointType", where) or "Interface",
                    service_name=snap.s(doc, item, "ServiceName", where) or "",
                    service_region=snap.s(doc, item, "ServiceRegion", where),
                    route_tables=_strs(item.get("RouteTableIds")),
                    subnets=_strs(item.get("SubnetIds")),
                    private_dns=item.get("PrivateDnsEnabled") if isinstance(
                        item.get("PrivateDnsEnabled"), bool) else None,
                    inbound_only=inbound if isinstance(inbound, bool) else None,
                    security_groups=groups or None, state=snap.s(doc, item, "State", where),
                    dns_names=[d["DnsName"] for d in item.get("DnsEntries") or ()
                               if isinstance(d, dict) and isinstance(d.get("DnsName"), str)],
                    policy=item.get("PolicyDocument"))
    snap.est.put(snap.est.endpoints, ep)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strs(value: Any) -> list[str]:
    return [v for v in value or () if isinstance(v, str) and v] if isinstance(value, list) else []


def _sg(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "GroupId", where)
    if not ident:
        return
    sg = e.SecurityGroup(**snap.base(doc, item, ident), vpc=snap.s(doc, item, "VpcId", where))
    if not sg.tag_name and isinstance(item.get("GroupName"), str):
        sg.label = item["GroupName"]  # names the group when it has no Name tag
    sg.egress_known = isinstance(item.get("IpPermissionsEgress"), list)
    for key, rules in (("IpPermissions", sg.ingress), ("IpPermissionsEgress", sg.egress)):
        for perm in item.get(key) or ():
            if isinstance(perm, dict):
                rules.append(_permission(perm))
    snap.est.put(snap.est.security_groups, sg)


def _permission(perm: dict[str, Any]) -> e.SgRule:
    """An `IpPermission` (EC2 API): IpRanges, Ipv6Ranges, UserIdGroupPairs, PrefixListIds."""
    cidrs = [r["CidrIp"] for r in perm.get("IpRanges") or ()
             if isinstance(r, dict) and isinstance(r.get("CidrIp"), str)]
    cidrs += [r["CidrIpv6"] for r in perm.get("Ipv6Ranges") or ()
              if isinstance(r, dict) and isinstance(r.get("CidrIpv6"), str)]
    others = [str(p.get("GroupId")) for p in perm.get("UserIdGroupPairs") or ()
              if isinstance(p, dict)] + [str(p.get("PrefixListId")) for p in
                                         perm.get("PrefixListIds") or () if isinstance(p, dict)]
    return e.SgRule(cidrs, str(perm.get("IpProtocol", "-1")), _int(perm.get("FromPort")),
                    _int(perm.get("ToPort")), others)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _sg_rule(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    group = snap.s(doc, item, "GroupId", where)
    if not group:
        return
    cidrs = [item[k] for k in ("CidrIpv4", "CidrIpv6") if isinstance(item.get(k), str)]
    others = []
    ref = item.get("ReferencedGroupInfo")
    if isinstance(ref, dict) and ref.get("GroupId"):
        others.append(str(ref["GroupId"]))
    if item.get("PrefixListId"):
        others.append(str(item["PrefixListId"]))
    rule = e.SgRule(cidrs, str(item.get("IpProtocol", "-1")), _int(item.get("FromPort")),
                    _int(item.get("ToPort")), others)
    if item.get("IsEgress") is True:
        snap.est.put(snap.est.security_groups, e.SecurityGroup(group, "", egress=[rule],
                                                               egress_known=True))
    else:
        snap.est.put(snap.est.security_groups, e.SecurityGroup(group, "", ingress=[rule]))


def _peering(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "VpcPeeringConnectionId", where)
    status = _obj(item.get("Status"))
    if not ident or snap.gone(status, "peerings"):
        return
    req = _obj(item.get("RequesterVpcInfo"))
    acc = _obj(item.get("AccepterVpcInfo"))

    def info(side: dict[str, Any]) -> dict[str, Any]:
        return {"id": side.get("VpcId"), "cidr": side.get("CidrBlock"),
                "region": side.get("Region"), "account": side.get("OwnerId")}

    p = e.Peering(**snap.base(doc, item, ident), requester=req.get("VpcId"),
                  accepter=acc.get("VpcId"), status=status.get("Code"),
                  requester_info=info(req), accepter_info=info(acc))
    snap.est.put(snap.est.peerings, p)


def _tgw(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "TransitGatewayId", where)
    if not ident or snap.gone(item.get("State"), "transit gateways"):
        return
    options = _obj(item.get("Options"))
    arn = item.get("TransitGatewayArn") if isinstance(item.get("TransitGatewayArn"), str) else None
    tgw = e.TransitGateway(**snap.base(doc, item, ident), region=snap.region or arn_region(arn),
                           account=snap.s(doc, item, "OwnerId", where) or arn_account(arn),
                           default_association_rt=options.get("AssociationDefaultRouteTableId"),
                           default_propagation_rt=options.get("PropagationDefaultRouteTableId"),
                           auto_association=options.get("DefaultRouteTableAssociation") != "disable",
                           auto_propagation=options.get("DefaultRouteTablePropagation") != "disable")
    snap.est.put(snap.est.transit_gateways, tgw)


def _tgw_attachment(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                    where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "TransitGatewayAttachmentId", where)
    if not ident or snap.gone(item.get("State"), "transit gateway attachments"):
        return
    kind = item.get("ResourceType")
    tgw = snap.s(doc, item, "TransitGatewayId", where) or ""
    assoc = _obj(item.get("Association"))
    if isinstance(assoc.get("TransitGatewayRouteTableId"), str) and assoc.get("State") in (
            "associated", "associating", None):
        snap.est.tgw_associations.append(e.TgwAssociation(assoc["TransitGatewayRouteTableId"],
                                                          ident, tgw))
    if kind == "vpc":
        snap.est.put(snap.est.tgw_vpc_attachments, e.TgwVpcAttachment(
            **snap.base(doc, item, ident), tgw=tgw, vpc=snap.s(doc, item, "ResourceId", where) or ""))
    elif kind in ("peering", "tgw-peering"):
        pass  # the peering attachment's sides come from describe-transit-gateway-peering-…
    elif kind in ("vpn", "direct-connect-gateway"):
        snap.est.put(snap.est.tgw_other_attachments, e.TgwOtherAttachment(
            **snap.base(doc, item, ident), tgw=tgw, kind=kind,
            resource=snap.s(doc, item, "ResourceId", where) or ""))
    else:
        snap.est.not_read[f"transit gateway attachment of type {kind}"] += 1


def _tgw_vpc_attachment(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                        where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "TransitGatewayAttachmentId", where)
    if not ident or snap.gone(item.get("State"), "transit gateway attachments"):
        return
    snap.est.put(snap.est.tgw_vpc_attachments, e.TgwVpcAttachment(
        **snap.base(doc, item, ident), tgw=snap.s(doc, item, "TransitGatewayId", where) or "",
        vpc=snap.s(doc, item, "VpcId", where) or "", subnets=_strs(item.get("SubnetIds"))))


def _tgw_peering(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                 where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "TransitGatewayAttachmentId", where)
    req = item.get("RequesterTgwInfo")
    acc = item.get("AccepterTgwInfo")
    if not ident or not isinstance(req, dict) or not isinstance(acc, dict):
        return  # (moto lists VPC attachments here too; they have no TGW infos)
    status = _obj(item.get("Status"))
    state = status.get("Code") or item.get("State")
    if snap.gone(state, "transit gateway peering attachments"):
        return
    snap.est.put(snap.est.tgw_peerings, e.TgwPeering(
        **snap.base(doc, item, ident), requester_tgw=req.get("TransitGatewayId"),
        accepter_tgw=acc.get("TransitGatewayId"), requester_region=req.get("Region"),
        accepter_region=acc.get("Region"),
        status="active" if state == "available" else state,
        accepted=state == "available"))


def _tgw_route_table(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                     where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "TransitGatewayRouteTableId", where)
    if not ident or snap.gone(item.get("State"), "transit gateway route tables"):
        return
    snap.est.put(snap.est.tgw_route_tables, e.TgwRouteTable(
        **snap.base(doc, item, ident), tgw=snap.s(doc, item, "TransitGatewayId", where) or "",
        default_association=item.get("DefaultAssociationRouteTable") is True,
        default_propagation=item.get("DefaultPropagationRouteTable") is True))


def _needs_table(snap: Snapshot, doc: JsonDoc, what: str) -> str | None:
    table = snap.path_id(r"tgw-rtb-[0-9a-zA-Z]+")
    if table is None:
        snap.est.note(f"{doc.name}: {what} of a transit gateway route table, but the file's path "
                      "does not name the table (tgw-rtb-…): not read")
    return table


def _tgw_propagation(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                     where: tuple[object, ...]) -> None:
    table = item.get("TransitGatewayRouteTableId") or _needs_table(snap, doc, "propagations")
    att = item.get("TransitGatewayAttachmentId")
    if isinstance(table, str) and isinstance(att, str) and item.get("State", "enabled") in (
            "enabled", "enabling"):
        snap.est.tgw_propagations.append(e.TgwAssociation(table, att))


def _tgw_association(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                     where: tuple[object, ...]) -> None:
    if "TransitGatewayAttachmentId" not in item:
        snap.est.not_read["top-level key Associations"] += 1
        return
    table = item.get("TransitGatewayRouteTableId") or _needs_table(snap, doc, "associations")
    att = item.get("TransitGatewayAttachmentId")
    if isinstance(table, str) and isinstance(att, str) and item.get("State", "associated") in (
            "associated", "associating"):
        snap.est.tgw_associations.append(e.TgwAssociation(table, att))


def _tgw_route(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> \
        None:
    if "Type" not in item and "TransitGatewayAttachments" not in item:
        snap.est.not_read["top-level key Routes"] += 1
        return
    dest = item.get("DestinationCidrBlock")
    if item.get("Type") == "propagated":
        # what the transit gateway learned from a VPN (BGP) or Direct Connect gateway attachment
        for a in item.get("TransitGatewayAttachments") or ():
            if isinstance(a, dict) and a.get("ResourceType") in ("vpn", "direct-connect-gateway") \
                    and isinstance(a.get("TransitGatewayAttachmentId"), str) and \
                    isinstance(dest, str):
                learned = snap.est.learned.setdefault(a["TransitGatewayAttachmentId"], [])
                if dest not in learned:
                    learned.append(dest)
        return
    table = _needs_table(snap, doc, "routes")
    if table is None or not isinstance(dest, str):
        return
    state = item.get("State")
    if isinstance(state, str) and state in ("deleted", "deleting"):
        return
    atts = [a.get("TransitGatewayAttachmentId") for a in item.get("TransitGatewayAttachments") or ()
            if isinstance(a, dict)]
    att = next((a for a in atts if isinstance(a, str)), None)
    if state != "blackhole" and att is None:
        snap.est.note(f"{doc.name}: static route {dest} names no attachment: left out")
        return
    snap.est.tgw_routes.append(e.TgwRoute(table, dest, att, state == "blackhole",
                                          f"{doc.name}"))


def _service_config(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                    where: tuple[object, ...]) -> None:
    ident = snap.s(doc, item, "ServiceId", where)
    if not ident or snap.gone(item.get("ServiceState"), "endpoint services"):
        return
    regions = [r.get("Region") for r in item.get("SupportedRegions") or () if isinstance(r, dict)]
    svc = e.EndpointService(**snap.base(doc, item, ident),
                            service_name=snap.s(doc, item, "ServiceName", where),
                            region=snap.region,
                            load_balancers=_strs(item.get("NetworkLoadBalancerArns"))
                            + _strs(item.get("GatewayLoadBalancerArns")),
                            acceptance_required=item.get("AcceptanceRequired") if isinstance(
                                item.get("AcceptanceRequired"), bool) else None,
                            supported_regions=[r for r in regions if isinstance(r, str)],
                            private_dns_name=snap.s(doc, item, "PrivateDnsName", where))
    snap.est.put(snap.est.endpoint_services, svc)
    if svc.service_name:
        snap.est.aliases.setdefault(svc.service_name, ident)


def _principal(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> \
        None:
    service = item.get("ServiceId") or snap.path_id(r"vpce-svc-[0-9a-zA-Z]+")
    principal = item.get("Principal")
    if not isinstance(service, str):
        snap.est.note(f"{doc.name}: allowed principals of an endpoint service, but neither the "
                      "response nor the file's path names the service (vpce-svc-…): not read")
        return
    if isinstance(principal, str):
        snap.est.put(snap.est.endpoint_services, e.EndpointService(service, "",
                                                                   principals=[principal]))


def _connection(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> \
        None:
    ep = item.get("VpcEndpointId")
    state = item.get("VpcEndpointState")
    if isinstance(ep, str) and isinstance(state, str) and ep in snap.est.endpoints:
        snap.est.endpoints[ep].state = state


def _lb(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    arn = snap.s(doc, item, "LoadBalancerArn", where)
    if not arn or snap.gone(item.get("State"), "load balancers"):
        return
    subnets = [z["SubnetId"] for z in item.get("AvailabilityZones") or ()
               if isinstance(z, dict) and isinstance(z.get("SubnetId"), str)]
    name = snap.s(doc, item, "LoadBalancerName", where)
    lb = e.LoadBalancer(arn, f"{doc.name}: {name or arn}", label=name, name=name,
                        type=snap.s(doc, item, "Type", where) or "application",
                        vpc=snap.s(doc, item, "VpcId", where), subnets=subnets)
    if lb.type == "application":
        snap.est.not_read["application load balancers"] += 1
    snap.est.put(snap.est.load_balancers, lb)


def _target_group(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                  where: tuple[object, ...]) -> None:
    arn = snap.s(doc, item, "TargetGroupArn", where)
    if not arn:
        return
    snap.est.put(snap.est.target_groups, e.TargetGroup(
        arn, f"{doc.name}: {arn}", label=item.get("TargetGroupName"),
        load_balancers=_strs(item.get("LoadBalancerArns"))))


def _target_health(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                   where: tuple[object, ...]) -> None:
    target = item.get("Target")
    if not isinstance(target, dict) or not isinstance(target.get("Id"), str):
        return
    ident = target["Id"]
    path = snap.path.relative_to(snap.root).as_posix()

    def match() -> None:
        groups = snap.est.target_groups
        found = [k for k, tg in groups.items()
                 if k.rsplit("/", 1)[-1] in path or (tg.label and tg.label in path)]
        if len(found) != 1 and len(groups) == 1:
            found = list(groups)
        if len(found) == 1:
            groups[found[0]].targets.append(ident)
        else:
            snap.est.note(f"{doc.name}: targets of a target group, but the file's path does not "
                          "name the group (its name or id): not read")

    snap.later.append(match)


def _zone(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    ident = item.get("Id") if isinstance(item.get("Id"), str) else item.get("HostedZoneId")
    if not isinstance(ident, str):
        return
    ident = ident.rsplit("/", 1)[-1]
    config = _obj(item.get("Config"))
    private = config.get("PrivateZone") is True
    name = str(item["Name"]) if isinstance(item.get("Name"), str) else ""
    zone = e.HostedZone(ident, f"{doc.name}: {ident}", label=name.rstrip(".") or ident,
                        domain=name, private=private)
    vpc = snap.path_id(r"vpc-[0-9a-f]{8,17}\b")
    if "HostedZoneId" in item and vpc:  # list-hosted-zones-by-vpc
        zone.vpcs.append(vpc)
        zone.private = True
    snap.est.put(snap.est.hosted_zones, zone)
    if private:
        snap.est.hosted_zones[ident].private = True


def _get_zone(snap: Snapshot, doc: JsonDoc, data: dict[str, Any], where: tuple[object, ...]) -> \
        None:
    zone = data.get("HostedZone")
    if not isinstance(zone, dict):
        return
    _zone(snap, doc, zone, ("HostedZone",))
    ident = str(zone.get("Id", "")).rsplit("/", 1)[-1]
    for vpc in data.get("VPCs") or ():
        if isinstance(vpc, dict) and isinstance(vpc.get("VPCId"), str) and ident:
            z = snap.est.hosted_zones[ident]
            z.private = True
            if vpc["VPCId"] not in z.vpcs:
                z.vpcs.append(vpc["VPCId"])


def _record(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    alias = item.get("AliasTarget")
    name = item.get("Name")
    if not isinstance(alias, dict) or not isinstance(alias.get("DNSName"), str) or not isinstance(
            name, str):
        return
    zone_id = snap.path_id(r"Z[0-9A-Z]{4,}")
    target = alias["DNSName"]

    def place() -> None:
        zid = zone_id if zone_id in snap.est.hosted_zones else None
        if zid is None:
            fits = sorted((z for z in snap.est.hosted_zones.values()
                           if name.rstrip(".").lower().endswith(z.domain.rstrip(".").lower())),
                          key=lambda z: -len(z.domain))
            if fits and (len(fits) == 1 or len(fits[0].domain) > len(fits[1].domain)):
                zid = fits[0].key
        if zid is None:
            snap.est.note(f"{doc.name}: record {name} matches no single hosted zone (name the "
                          "zone's id in the file's path): not read")
            return
        snap.est.alias_records.append(e.AliasRecord(zid, name, target, doc.name))

    snap.later.append(place)


def _reservation(snap: Snapshot, doc: JsonDoc, item: dict[str, Any],
                 where: tuple[object, ...]) -> None:
    for _i, inst in enumerate(item.get("Instances") or ()):
        if not isinstance(inst, dict):
            continue
        ident = inst.get("InstanceId")
        state = _obj(inst.get("State")).get("Name")
        if not isinstance(ident, str) or snap.gone(state, "instances"):
            continue
        subnet = inst.get("SubnetId")
        if not isinstance(subnet, str):
            snap.est.not_read["instances without a subnet"] += 1
            continue
        groups = [g["GroupId"] for g in inst.get("SecurityGroups") or ()
                  if isinstance(g, dict) and isinstance(g.get("GroupId"), str)]
        snap.est.put(snap.est.workloads, e.Workload(
            **snap.base(doc, inst, ident), subnets=[subnet],
            public_ip=isinstance(inst.get("PublicIpAddress"), str),
            security_groups=groups, private_ip=inst.get("PrivateIpAddress")))


def _asg(snap: Snapshot, doc: JsonDoc, item: dict[str, Any], where: tuple[object, ...]) -> None:
    name = item.get("AutoScalingGroupName")
    if not isinstance(name, str):
        return
    subnets = [s.strip() for s in str(item.get("VPCZoneIdentifier") or "").split(",") if s.strip()]
    count = _int(item.get("DesiredCapacity")) or 1
    wl = e.Workload(name, f"{doc.name}: {name}", tag_name=tags(item).get("Name") or None,
                    label=name, subnets=subnets, kind="asg", count=max(count, 1))
    snap.est.put(snap.est.workloads, wl)
    for tg in _strs(item.get("TargetGroupARNs")):
        snap.est.put(snap.est.target_groups, e.TargetGroup(tg, "", targets=[name]))
    # the group's instances are the group, not workloads of their own
    members = {i.get("InstanceId") for i in item.get("Instances") or () if isinstance(i, dict)}

    def drop() -> None:
        for member in members:
            if isinstance(member, str):
                snap.est.workloads.pop(member, None)

    snap.later.append(drop)


READERS: dict[str, Reader] = {
    "Vpcs": _vpc,
    "Subnets": _subnet,
    "RouteTables": _route_table,
    "InternetGateways": _igw,
    "NatGateways": _nat,
    "VpcEndpoints": _endpoint,
    "SecurityGroups": _sg,
    "SecurityGroupRules": _sg_rule,
    "VpcPeeringConnections": _peering,
    "TransitGateways": _tgw,
    "TransitGatewayAttachments": _tgw_attachment,
    "TransitGatewayVpcAttachments": _tgw_vpc_attachment,
    "TransitGatewayPeeringAttachments": _tgw_peering,
    "TransitGatewayRouteTables": _tgw_route_table,
    "TransitGatewayRouteTablePropagations": _tgw_propagation,
    "Associations": _tgw_association,
    "Routes": _tgw_route,
    "ServiceConfigurations": _service_config,
    "AllowedPrincipals": _principal,
    "VpcEndpointConnections": _connection,
    "LoadBalancers": _lb,
    "TargetGroups": _target_group,
    "TargetHealthDescriptions": _target_health,
    "HostedZones": _zone,
    "HostedZoneSummaries": _zone,
    "HostedZone": _get_zone,
    "ResourceRecordSets": _record,
    "Reservations": _reservation,
    "AutoScalingGroups": _asg,
    **HYBRID_READERS,
}
