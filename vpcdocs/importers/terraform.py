"""`vpcdocs import terraform`: Terraform plans and states into an `Estate`.

Reads the instances `terraform_files` gives (plan, state or raw state v4; modules at any depth,
`count` and `for_each` keys) and maps the AWS provider's resource types, by the attribute names of
the provider's documentation (registry.terraform.io/providers/hashicorp/aws). A value unknown until
apply (the id of a VPC the plan creates) is followed through the configuration to the resource it
comes from. Data sources are used only to resolve references (a peer VPC's CIDR and Region for a
stub). Types that are not read are counted by type.

The Region of a resource comes from, in order: its `region` attribute (AWS provider 6), its ARN,
its Availability Zone, the plan's provider configuration, then `--region`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic
from vpcdocs.importers import estate as e
from vpcdocs.importers.awsnames import arn_account, arn_region, az_region, is_region
from vpcdocs.importers.problems import ImportFailed, fail
from vpcdocs.importers.source import load_json
from vpcdocs.importers.terraform_files import Instance, TfFile, detect, read
from vpcdocs.importers.terraform_hybrid import (
    HYBRID_HANDLERS,
    data_prefix_list,
    route_table_propagation,
)

Handler = Callable[["Reader", Instance], None]


def read_files(paths: list[Path], names: list[str], region: str | None = None) -> e.Estate:
    """Read and merge several plans/states; every problem of every file is reported."""
    estate = e.Estate()
    problems: list[Diagnostic] = []
    # merged in a fixed order (by file name), so the order of the arguments does not matter
    for path, name in sorted(zip(paths, names, strict=True), key=lambda p: (p[0].name, p[1])):
        try:
            estate.merge(read_file(path, name, region))
        except ImportFailed as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ImportFailed(problems)
    return estate


def read_file(path: Path, name: str, region: str | None = None) -> e.Estate:
    if path.suffix == ".tf" or name.endswith(".tf.json") or path.suffix == ".hcl":
        raise fail(DiagnosticCode.TF_CONFIGURATION, "this is Terraform configuration, not a plan or state",
                   name, hint="run `terraform plan -out plan.out && terraform show -json plan.out"
                   " > plan.json` (or `terraform show -json > state.json`) and import that")
    doc = load_json(path, name)
    if detect(doc) is None:
        raise doc.fail(DiagnosticCode.TF_NOT_PLAN, "not a Terraform plan or state: expected `format_version` "
                       "with `planned_values` or `values` (terraform show -json), or a state "
                       "file with `version: 4` and `resources`", (),
                       "produce it with `terraform show -json plan.out > plan.json`")
    tf = read(doc)
    reader = Reader(tf, name, region)
    reader.run()
    if tf.problems:
        raise ImportFailed(tf.problems)
    return reader.est


class Reader:
    def __init__(self, tf: TfFile, name: str, region: str | None) -> None:
        self.tf = tf
        self.name = name
        self.default_region = region
        self.est = e.Estate()
        self.inst: Instance | None = None
        self.external: dict[str, dict[str, Any]] = {}  # data-source VPCs: id -> info
        # (VPC, route table, explicit): main tables; an explicit main association wins
        self.mains: list[tuple[str, str, bool]] = []

    # ---------------------------------------------------------------- values and references

    def get(self, inst: Instance, key: str, kind: type | tuple[type, ...]) -> Any:
        value = inst.values.get(key)
        if value is None:
            return None
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        self.tf.problem(DiagnosticCode.TF_WRONG_TYPE, f"`{key}` of {inst.address} has the wrong type",
                        (*inst.where, key))
        return None

    def s(self, inst: Instance, key: str) -> str | None:
        value = self.get(inst, key, str)
        return value or None

    def b(self, inst: Instance, key: str) -> bool | None:
        return self.get(inst, key, bool)  # type: ignore[no-any-return]

    def n(self, inst: Instance, key: str) -> int | None:
        value = self.get(inst, key, (int, float))
        return int(value) if value is not None else None

    def strs(self, inst: Instance, key: str) -> list[str]:
        value = self.get(inst, key, list)
        return [v for v in value or () if isinstance(v, str) and v]

    def blocks(self, inst: Instance, key: str) -> list[dict[str, Any]]:
        value = self.get(inst, key, list)
        return [v for v in value or () if isinstance(v, dict)]

    def unknown(self, inst: Instance, path: tuple[Any, ...]) -> bool:
        u = inst.unknown
        for step in path:
            if u is True:
                return True
            if isinstance(u, dict):
                u = u.get(step)
            elif isinstance(u, list) and isinstance(step, int) and step < len(u):
                u = u[step]
            else:
                return False
        return bool(u is True or (isinstance(u, list) and any(x is True for x in u)))

    def refs(self, inst: Instance, key: str, *nested: Any) -> list[str]:
        """Ids (known values) or addresses (values unknown until apply) an attribute names."""
        path = (key, *nested)
        value: Any = inst.values
        for step in path:
            if isinstance(value, dict):
                value = value.get(step)
            elif isinstance(value, list) and isinstance(step, int) and step < len(value):
                value = value[step]
            else:
                value = None
        known = [v for v in ([value] if isinstance(value, str) else value or [])
                 if isinstance(v, str) and v] if isinstance(value, (str, list)) else []
        if known and not self.unknown(inst, path):
            return known
        if self.tf.kind != "plan" or not (self.unknown(inst, path) or value is None):
            return known
        expr = self.tf.expression(inst, path)
        if not isinstance(expr, dict):
            return known
        if "constant_value" in expr:
            const = expr["constant_value"]
            return [c for c in ([const] if isinstance(const, str) else const or [])
                    if isinstance(c, str)]
        refs = list(expr.get("references") or ())
        found = self.tf.follow(inst.module, refs, inst.index)
        if not found and any(str(r).startswith("each.value") for r in refs):
            # `for_each = aws_subnet.private`: each.value is that resource's instance of this key
            each = self.tf.resource_config(inst).get("for_each_expression")
            if isinstance(each, dict):
                found = self.tf.follow(inst.module, [*list(each.get("references") or ()),
                                                     "each.key"], inst.index)
        return known + [f for f in found if f not in known]

    def ref(self, inst: Instance, key: str, *nested: Any) -> str | None:
        found = self.refs(inst, key, *nested)
        return found[0] if found else None

    def key(self, inst: Instance) -> str:
        ident = inst.values.get("id")
        return ident if isinstance(ident, str) and ident else inst.address

    def origin(self, inst: Instance) -> str:
        return f"{Path(self.name).name}: {inst.address}"

    def base(self, inst: Instance) -> dict[str, Any]:
        """key, origin, Name tag and label for an estate object; registers the aliases."""
        key = self.key(inst)
        self.est.aliases.setdefault(inst.address, key)
        value = inst.values.get("arn")
        if isinstance(value, str) and value:
            self.est.aliases.setdefault(value, key)
        from vpcdocs.importers.names import from_address

        return {"key": key, "origin": self.origin(inst), "tag_name": self.tag(inst),
                "label": from_address(inst.address)}

    def tag(self, inst: Instance) -> str | None:
        for attr in ("tags", "tags_all"):
            tags = inst.values.get(attr)
            if isinstance(tags, dict) and isinstance(tags.get("Name"), str) and tags["Name"]:
                return str(tags["Name"])
        return None

    def region(self, inst: Instance) -> str | None:
        own = inst.values.get("region")
        if is_region(own):
            return str(own)
        found = arn_region(inst.values.get("arn") if isinstance(inst.values.get("arn"), str)
                           else None)
        if found:
            return found
        az = inst.values.get("availability_zone")
        if isinstance(az, str) and az_region(az):
            return az_region(az)
        return self.provider_region(inst) or self.default_region

    def provider_region(self, inst: Instance) -> str | None:
        if self.tf.kind != "plan":
            return None
        config = self.tf.resource_config(inst)
        key = config.get("provider_config_key") if isinstance(config, dict) else None
        providers = self.tf.configuration.get("provider_config") or {}
        if not isinstance(providers, dict):
            return None
        for candidate in (key, str(key).split(":")[-1] if key else None, "aws"):
            prov = providers.get(candidate) if candidate else None
            if not isinstance(prov, dict):
                continue
            expr = (prov.get("expressions") or {}).get("region")
            if not isinstance(expr, dict):
                continue
            if is_region(expr.get("constant_value")):
                return str(expr["constant_value"])
            for value in self.tf.follow((), list(expr.get("references") or ()), None):
                if is_region(value):
                    return value
        return None

    # ---------------------------------------------------------------- the run

    def run(self) -> None:
        for inst in self.tf.instances:
            if inst.mode == "data":
                self.data_source(inst)
        for inst in self.tf.instances:
            if inst.mode != "managed":
                continue
            handler = HANDLERS.get(inst.type)
            if handler is None:
                self.est.not_read[inst.type] += 1
                continue
            handler(self, inst)
        self.set_mains()
        if self.tf.destroyed:
            self.est.skipped["resources the plan destroys"] += self.tf.destroyed
        if self.tf.deposed:
            self.est.skipped["deposed resource instances (being replaced)"] += self.tf.deposed
        for peering in self.est.peerings.values():
            for role in ("requester", "accepter"):
                vpc = getattr(peering, role)
                info = self.external.get(vpc or "")
                if info:
                    getattr(peering, f"{role}_info").update(info)

    def set_mains(self) -> None:
        chosen: dict[str, str] = {}
        for vpc, table, explicit in self.mains:
            vkey = self.est.resolve(vpc) or vpc
            if explicit or vkey not in chosen:
                chosen[vkey] = self.est.resolve(table) or table
        for rt in self.est.route_tables.values():
            vkey = self.est.resolve(rt.vpc) or rt.vpc
            if vkey in chosen:
                rt.main = chosen[vkey] == rt.key

    def data_source(self, inst: Instance) -> None:
        if inst.type in ("aws_prefix_list", "aws_ec2_managed_prefix_list"):
            data_prefix_list(self, inst)
        if inst.type == "aws_vpc":
            ident = self.s(inst, "id")
            if ident:
                self.external[ident] = {"id": ident, "cidr": self.s(inst, "cidr_block"),
                                        "region": self.region(inst),
                                        "account": self.s(inst, "owner_id") or arn_account(
                                            self.s(inst, "arn"))}


# ---------------------------------------------------------------------------- handlers


def _vpc(rd: Reader, inst: Instance) -> None:
    vpc = e.Vpc(**rd.base(inst), region=rd.region(inst),
                account=rd.s(inst, "owner_id") or arn_account(rd.s(inst, "arn")),
                dns_support=rd.b(inst, "enable_dns_support"),
                dns_hostnames=rd.b(inst, "enable_dns_hostnames"))
    cidr = rd.s(inst, "cidr_block")
    if cidr:
        vpc.cidrs.append(cidr)
    vpc = rd.est.put(rd.est.vpcs, vpc)
    # the VPC's main route table (known once the VPC exists); AWS's default has only `local`
    main = rd.s(inst, "main_route_table_id") or rd.s(inst, "default_route_table_id")
    if main:
        from vpcdocs.importers.names import from_address

        rd.est.put(rd.est.route_tables, e.RouteTable(
            main, f"{rd.origin(inst)} (its main route table)", vpc=vpc.key,
            label=f"{from_address(inst.address)}-main"))
        rd.mains.append((vpc.key, main, False))


def _cidr_association(rd: Reader, inst: Instance) -> None:
    vpc_key = rd.ref(inst, "vpc_id")
    cidr = rd.s(inst, "cidr_block")
    if vpc_key and cidr:
        rd.est.put(rd.est.vpcs, e.Vpc(vpc_key, rd.origin(inst), cidrs=[cidr]))


def _subnet(rd: Reader, inst: Instance) -> None:
    rd.est.put(rd.est.subnets, e.Subnet(**rd.base(inst), vpc=rd.ref(inst, "vpc_id") or "",
                                         az=rd.s(inst, "availability_zone"),
                                         cidr=rd.s(inst, "cidr_block")))


_TARGETS = (("gateway_id", None), ("nat_gateway_id", "nat"), ("transit_gateway_id", "tgw"),
            ("vpc_peering_connection_id", "pcx"), ("vpc_endpoint_id", "vpce"),
            ("network_interface_id", "eni"), ("instance_id", "instance"),
            ("egress_only_gateway_id", "eigw"), ("carrier_gateway_id", "cagw"),
            ("local_gateway_id", "lgw"), ("core_network_arn", "core"))


def _route_from(rd: Reader, inst: Instance, path: tuple[Any, ...], block: dict[str, Any]) -> \
        e.Route | None:
    dest = next((block.get(k) for k in ("cidr_block", "destination_cidr_block",
                                        "ipv6_cidr_block", "destination_ipv6_cidr_block",
                                        "destination_prefix_list_id")
                 if isinstance(block.get(k), str) and block.get(k)), None)
    if dest is None:
        return None
    for attr, kind in _TARGETS:
        value = rd.ref(inst, *path, attr) if path else rd.ref(inst, attr)
        if not value:
            continue
        if kind is None:
            kind = ("local" if value == "local" else "igw" if value.startswith("igw-") or
                    "aws_internet_gateway" in value else "vgw" if value.startswith("vgw-") or
                    "aws_vpn_gateway" in value else "other")
        if kind == "vpce" or "aws_vpc_endpoint" in value:
            kind = "vpce"
        return e.Route(dest, value, kind, rd.origin(inst))
    if block.get("state") == "blackhole":
        return e.Route(dest, None, "blackhole", rd.origin(inst))
    return None


def _route_table(rd: Reader, inst: Instance, main: bool = False) -> None:
    base = rd.base(inst)
    if main:
        ident = rd.s(inst, "default_route_table_id")
        if ident:
            base["key"] = ident
            rd.est.aliases[inst.address] = ident
    rt = e.RouteTable(**base, vpc=rd.ref(inst, "vpc_id") or "")
    if main:
        rd.mains.append((rt.vpc, rt.key, False))
    for i, block in enumerate(rd.blocks(inst, "route")):
        route = _route_from(rd, inst, ("route", i), block)
        if route is not None:
            rt.routes.append(route)
    route_table_propagation(rd, inst, rt.key)
    rd.est.put(rd.est.route_tables, rt)


def _route(rd: Reader, inst: Instance) -> None:
    table = rd.ref(inst, "route_table_id")
    route = _route_from(rd, inst, (), inst.values)
    if table and route is not None:
        rd.est.put(rd.est.route_tables, e.RouteTable(table, "", routes=[route]))


def _rt_association(rd: Reader, inst: Instance) -> None:
    table, subnet = rd.ref(inst, "route_table_id"), rd.ref(inst, "subnet_id")
    if table and subnet:
        rd.est.put(rd.est.route_tables, e.RouteTable(table, "", subnets=[subnet]))
    elif table and rd.ref(inst, "gateway_id"):
        rd.est.not_read["aws_route_table_association (edge association with a gateway)"] += 1


def _main_association(rd: Reader, inst: Instance) -> None:
    table, vpc = rd.ref(inst, "route_table_id"), rd.ref(inst, "vpc_id")
    if table and vpc:
        rd.est.put(rd.est.route_tables, e.RouteTable(table, "", vpc=vpc))
        rd.mains.append((vpc, table, True))


def _igw(rd: Reader, inst: Instance) -> None:
    rd.est.put(rd.est.internet_gateways, e.InternetGateway(**rd.base(inst),
                                                          vpc=rd.ref(inst, "vpc_id")))


def _igw_attachment(rd: Reader, inst: Instance) -> None:
    igw = rd.ref(inst, "internet_gateway_id")
    if igw:
        rd.est.put(rd.est.internet_gateways, e.InternetGateway(igw, "",
                                                               vpc=rd.ref(inst, "vpc_id")))


def _nat(rd: Reader, inst: Instance) -> None:
    subnet = rd.ref(inst, "subnet_id")
    if not subnet:
        rd.est.not_read["aws_nat_gateway (regional, with no subnet)"] += 1
        return
    rd.est.put(rd.est.nat_gateways, e.NatGateway(**rd.base(inst), subnet=subnet,
                                                public=rd.s(inst, "connectivity_type") != "private"))


def _endpoint(rd: Reader, inst: Instance) -> None:
    options = rd.blocks(inst, "dns_options")
    inbound = options[0].get("private_dns_only_for_inbound_resolver_endpoint") if options else None
    sgs = rd.refs(inst, "security_group_ids")
    ep = e.Endpoint(**rd.base(inst), vpc=rd.ref(inst, "vpc_id") or "",
                    type=rd.s(inst, "vpc_endpoint_type") or "Gateway",
                    service_name=rd.s(inst, "service_name") or "",
                    service_region=rd.s(inst, "service_region"),
                    route_tables=rd.refs(inst, "route_table_ids"),
                    subnets=rd.refs(inst, "subnet_ids"),
                    private_dns=rd.b(inst, "private_dns_enabled"),
                    inbound_only=inbound if isinstance(inbound, bool) else None,
                    security_groups=sgs or None, state=rd.s(inst, "state"),
                    dns_names=[str(d["dns_name"]) for d in rd.blocks(inst, "dns_entry")
                               if isinstance(d.get("dns_name"), str)],
                    policy=rd.s(inst, "policy"))
    if not ep.service_name:
        ref = rd.ref(inst, "service_name")
        if ref:  # an endpoint service the plan creates: its address
            ep.service_name = ref
    rd.est.put(rd.est.endpoints, ep)
    for dns in ep.dns_names:
        rd.est.aliases.setdefault(dns, ep.key)


def _endpoint_part(attr: str, field: str) -> Handler:
    def handler(rd: Reader, inst: Instance) -> None:
        ep, other = rd.ref(inst, "vpc_endpoint_id"), rd.ref(inst, attr)
        if ep and other:
            obj = e.Endpoint(ep, "")
            setattr(obj, field, [other])
            current = rd.est.put(rd.est.endpoints, obj)
            if field == "security_groups" and current.security_groups is None:
                current.security_groups = [other]
    return handler


def _endpoint_private_dns(rd: Reader, inst: Instance) -> None:
    ep = rd.ref(inst, "vpc_endpoint_id")
    if ep:
        rd.est.put(rd.est.endpoints, e.Endpoint(ep, "", private_dns=rd.b(inst,
                                                                           "private_dns_enabled")))


def _endpoint_service(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    svc = e.EndpointService(**base, service_name=rd.s(inst, "service_name"),
                            region=rd.region(inst),
                            load_balancers=rd.refs(inst, "network_load_balancer_arns")
                            + rd.refs(inst, "gateway_load_balancer_arns"),
                            acceptance_required=rd.b(inst, "acceptance_required"),
                            principals=rd.strs(inst, "allowed_principals"),
                            supported_regions=rd.strs(inst, "supported_regions"),
                            private_dns_name=rd.s(inst, "private_dns_name"))
    rd.est.put(rd.est.endpoint_services, svc)
    if svc.service_name:
        rd.est.aliases.setdefault(svc.service_name, svc.key)


def _allowed_principal(rd: Reader, inst: Instance) -> None:
    svc, principal = rd.ref(inst, "vpc_endpoint_service_id"), rd.s(inst, "principal_arn")
    if svc and principal:
        rd.est.put(rd.est.endpoint_services, e.EndpointService(svc, "", principals=[principal]))


def _lb(rd: Reader, inst: Instance) -> None:
    subnets = rd.refs(inst, "subnets")
    for i, _mapping in enumerate(rd.blocks(inst, "subnet_mapping")):
        subnets += [s for s in rd.refs(inst, "subnet_mapping", i, "subnet_id") if s not in subnets]
    base = rd.base(inst)
    lb = e.LoadBalancer(**base, name=rd.s(inst, "name"),
                        type=rd.s(inst, "load_balancer_type") or "application",
                        vpc=rd.ref(inst, "vpc_id"), subnets=subnets)
    if lb.type == "application":
        rd.est.not_read[f"{inst.type} (application)"] += 1
    rd.est.put(rd.est.load_balancers, lb)


def _target_group(rd: Reader, inst: Instance) -> None:
    tg = e.TargetGroup(**rd.base(inst), load_balancers=rd.refs(inst, "load_balancer_arns"))
    rd.est.put(rd.est.target_groups, tg)


def _tg_attachment(rd: Reader, inst: Instance) -> None:
    tg, target = rd.ref(inst, "target_group_arn"), rd.ref(inst, "target_id")
    if tg and target:
        rd.est.put(rd.est.target_groups, e.TargetGroup(tg, "", targets=[target]))


def _listener(rd: Reader, inst: Instance) -> None:
    lb = rd.ref(inst, "load_balancer_arn")
    for i, action in enumerate(rd.blocks(inst, "default_action")):
        tgs = rd.refs(inst, "default_action", i, "target_group_arn")
        for j, fwd in enumerate(action.get("forward") or ()):
            if isinstance(fwd, dict):
                for k, _tg in enumerate(fwd.get("target_group") or ()):
                    tgs += rd.refs(inst, "default_action", i, "forward", j, "target_group", k,
                                   "arn")
        for tg in tgs:
            if lb:
                rd.est.put(rd.est.target_groups, e.TargetGroup(tg, "", load_balancers=[lb]))


def _asg(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    for block in rd.blocks(inst, "tag"):
        if block.get("key") == "Name" and isinstance(block.get("value"), str):
            base["tag_name"] = block["value"]
    count = rd.n(inst, "desired_capacity") or rd.n(inst, "min_size") or 1
    wl = e.Workload(**base, subnets=rd.refs(inst, "vpc_zone_identifier"), kind="asg",
                    count=max(count, 1))
    rd.est.put(rd.est.workloads, wl)
    name = rd.s(inst, "name")
    if name:
        rd.est.aliases.setdefault(name, wl.key)
    for tg in rd.refs(inst, "target_group_arns"):
        rd.est.put(rd.est.target_groups, e.TargetGroup(tg, "", targets=[wl.key]))


def _asg_attachment(rd: Reader, inst: Instance) -> None:
    asg = rd.ref(inst, "autoscaling_group_name")
    tg = rd.ref(inst, "lb_target_group_arn") or rd.ref(inst, "alb_target_group_arn")
    if asg and tg:
        rd.est.put(rd.est.target_groups, e.TargetGroup(tg, "", targets=[asg]))


def _instance(rd: Reader, inst: Instance) -> None:
    state = rd.s(inst, "instance_state")
    if state in ("terminated", "shutting-down"):
        rd.est.skipped["instances (terminated)"] += 1
        return
    subnet = rd.ref(inst, "subnet_id")
    if not subnet:
        rd.est.not_read["aws_instance (no subnet: EC2-Classic or default VPC)"] += 1
        return
    rd.est.put(rd.est.workloads, e.Workload(
        **rd.base(inst), subnets=[subnet],
        public_ip=bool(rd.b(inst, "associate_public_ip_address") or rd.s(inst, "public_ip")),
        security_groups=rd.refs(inst, "vpc_security_group_ids"),
        private_ip=rd.s(inst, "private_ip")))


def _peering(rd: Reader, inst: Instance) -> None:
    peer_region = rd.s(inst, "peer_region") or rd.region(inst)
    p = e.Peering(**rd.base(inst), requester=rd.ref(inst, "vpc_id"),
                  accepter=rd.ref(inst, "peer_vpc_id"), status=rd.s(inst, "accept_status"),
                  accepted=bool(rd.b(inst, "auto_accept")))
    p.accepter_info = {"id": p.accepter, "region": peer_region,
                       "account": rd.s(inst, "peer_owner_id")}
    rd.est.put(rd.est.peerings, p)


def _peering_accepter(rd: Reader, inst: Instance) -> None:
    pcx = rd.ref(inst, "vpc_peering_connection_id")
    if not pcx:
        return
    base = rd.base(inst)
    base["key"] = pcx
    # on the accepter resource, `vpc_id` is the requester's VPC and `peer_vpc_id` the accepter's
    p = e.Peering(**base, requester=rd.ref(inst, "vpc_id"), accepter=rd.ref(inst, "peer_vpc_id"),
                  status=rd.s(inst, "accept_status"), accepted=True)
    p.tag_name = None
    rd.est.put(rd.est.peerings, p)


def _peering_options(rd: Reader, inst: Instance) -> None:
    """Read: remote DNS resolution has no key in the format (documented in docs/import.md)."""


def _tgw(rd: Reader, inst: Instance) -> None:
    tgw = e.TransitGateway(**rd.base(inst), region=rd.region(inst),
                           account=rd.s(inst, "owner_id") or arn_account(rd.s(inst, "arn")),
                           default_association_rt=rd.s(inst, "association_default_route_table_id"),
                           default_propagation_rt=rd.s(inst, "propagation_default_route_table_id"),
                           auto_association=rd.s(inst, "default_route_table_association")
                           != "disable",
                           auto_propagation=rd.s(inst, "default_route_table_propagation")
                           != "disable")
    rd.est.put(rd.est.transit_gateways, tgw)


def _tgw_vpc_attachment(rd: Reader, inst: Instance) -> None:
    ident = rd.s(inst, "transit_gateway_attachment_id") if inst.type.endswith("accepter") else None
    base = rd.base(inst)
    if ident:
        base["key"] = ident
    att = e.TgwVpcAttachment(**base, tgw=rd.ref(inst, "transit_gateway_id") or "",
                             vpc=rd.ref(inst, "vpc_id") or "", subnets=rd.refs(inst, "subnet_ids"),
                             default_association=rd.b(
                                 inst, "transit_gateway_default_route_table_association"),
                             default_propagation=rd.b(
                                 inst, "transit_gateway_default_route_table_propagation"))
    rd.est.put(rd.est.tgw_vpc_attachments, att)


def _tgw_peering(rd: Reader, inst: Instance) -> None:
    tgw = rd.ref(inst, "transit_gateway_id")
    p = e.TgwPeering(**rd.base(inst), requester_tgw=tgw,
                     accepter_tgw=rd.ref(inst, "peer_transit_gateway_id"),
                     requester_region=rd.region(inst), accepter_region=rd.s(inst, "peer_region"),
                     status=rd.s(inst, "state"))
    rd.est.put(rd.est.tgw_peerings, p)


def _tgw_peering_accepter(rd: Reader, inst: Instance) -> None:
    ident = rd.ref(inst, "transit_gateway_attachment_id")
    if not ident:
        return
    base = rd.base(inst)
    base["key"] = ident
    base["tag_name"] = None
    p = e.TgwPeering(**base, requester_tgw=rd.ref(inst, "peer_transit_gateway_id"),
                     accepter_tgw=rd.ref(inst, "transit_gateway_id"),
                     requester_region=rd.s(inst, "peer_region"), accepter_region=rd.region(inst),
                     accepted=True)
    rd.est.put(rd.est.tgw_peerings, p)


def _tgw_route_table(rd: Reader, inst: Instance) -> None:
    rt = e.TgwRouteTable(**rd.base(inst), tgw=rd.ref(inst, "transit_gateway_id") or "",
                         default_association=bool(rd.b(inst, "default_association_route_table")),
                         default_propagation=bool(rd.b(inst, "default_propagation_route_table")))
    rd.est.put(rd.est.tgw_route_tables, rt)


def _tgw_link(table: str) -> Handler:
    def handler(rd: Reader, inst: Instance) -> None:
        rt, att = rd.ref(inst, "transit_gateway_route_table_id"), rd.ref(
            inst, "transit_gateway_attachment_id")
        if rt and att:
            getattr(rd.est, table).append(e.TgwAssociation(rt, att))
    return handler


def _tgw_default_link(attr: str) -> Handler:
    def handler(rd: Reader, inst: Instance) -> None:
        tgw, rt = rd.ref(inst, "transit_gateway_id"), rd.ref(inst, "transit_gateway_route_table_id")
        if tgw and rt:
            obj = e.TransitGateway(tgw, "")
            setattr(obj, attr, rt)
            rd.est.put(rd.est.transit_gateways, obj)
            current = rd.est.transit_gateways[tgw]
            setattr(current, attr, rt)
    return handler


def _tgw_route(rd: Reader, inst: Instance) -> None:
    rt, dest = rd.ref(inst, "transit_gateway_route_table_id"), rd.s(inst, "destination_cidr_block")
    if rt and dest:
        rd.est.tgw_routes.append(e.TgwRoute(rt, dest, rd.ref(inst, "transit_gateway_attachment_id"),
                                            bool(rd.b(inst, "blackhole")), rd.origin(inst)))


def _zone(rd: Reader, inst: Instance) -> None:
    base = rd.base(inst)
    ident = rd.s(inst, "zone_id")
    if ident:
        base["key"] = ident
        rd.est.aliases.setdefault(inst.address, ident)
    blocks = rd.blocks(inst, "vpc")
    vpcs = []
    for i, _block in enumerate(blocks):
        vpcs += rd.refs(inst, "vpc", i, "vpc_id")
    zone = e.HostedZone(**base, domain=rd.s(inst, "name") or "", private=bool(blocks), vpcs=vpcs)
    rd.est.put(rd.est.hosted_zones, zone)


def _zone_association(rd: Reader, inst: Instance) -> None:
    zone, vpc = rd.ref(inst, "zone_id"), rd.ref(inst, "vpc_id")
    if zone and vpc:
        rd.est.put(rd.est.hosted_zones, e.HostedZone(zone, "", vpcs=[vpc]))


def _record(rd: Reader, inst: Instance) -> None:
    zone = rd.ref(inst, "zone_id")
    for i, _alias in enumerate(rd.blocks(inst, "alias")):
        for target in rd.refs(inst, "alias", i, "name"):
            if zone:
                rd.est.alias_records.append(e.AliasRecord(zone, rd.s(inst, "name") or "", target,
                                                          rd.origin(inst)))


def _rule_from(block: dict[str, Any], rd: Reader, inst: Instance,
               path: tuple[Any, ...]) -> e.SgRule:
    cidrs = [c for c in block.get("cidr_blocks") or () if isinstance(c, str)]
    if isinstance(block.get("cidr_ipv4"), str):
        cidrs.append(block["cidr_ipv4"])
    others = [str(x) for x in (block.get("security_groups") or []) + (
        block.get("prefix_list_ids") or []) if x]
    for attr in ("source_security_group_id", "referenced_security_group_id", "prefix_list_id"):
        if block.get(attr):
            others.append(str(block[attr]))
    if block.get("self"):
        others.append("self")
    proto = block.get("protocol", block.get("ip_protocol", "-1"))

    def port(key: str) -> int | None:
        value = block.get(key)
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    return e.SgRule(cidrs, str(proto), port("from_port"), port("to_port"), others)


def _sg(rd: Reader, inst: Instance) -> None:
    sg = e.SecurityGroup(**rd.base(inst), vpc=rd.ref(inst, "vpc_id"))
    for i, block in enumerate(rd.blocks(inst, "ingress")):
        sg.ingress.append(_rule_from(block, rd, inst, ("ingress", i)))
    for i, block in enumerate(rd.blocks(inst, "egress")):
        sg.egress.append(_rule_from(block, rd, inst, ("egress", i)))
    # Terraform removes AWS's default egress rule from the groups it creates or adopts (AWS
    # provider docs, aws_security_group "NOTE on Egress rules", aws_default_security_group): the
    # `egress` blocks (unknown in a plan when none are written) and egress rule resources are all
    sg.egress_known = True
    rd.est.put(rd.est.security_groups, sg)


def _sg_rule(rd: Reader, inst: Instance) -> None:
    egress = inst.type == "aws_vpc_security_group_egress_rule" or (
        inst.type == "aws_security_group_rule" and rd.s(inst, "type") == "egress")
    group = rd.ref(inst, "security_group_id")
    if group:
        rule = _rule_from(inst.values, rd, inst, ())
        if egress:
            rd.est.put(rd.est.security_groups, e.SecurityGroup(group, "", egress=[rule],
                                                               egress_known=True))
        else:
            rd.est.put(rd.est.security_groups, e.SecurityGroup(group, "", ingress=[rule]))


def _ignore(rd: Reader, inst: Instance) -> None:
    """Read on purpose without an effect (e.g. an egress rule)."""


HANDLERS: dict[str, Handler] = {
    "aws_vpc": _vpc,
    "aws_vpc_ipv4_cidr_block_association": _cidr_association,
    "aws_subnet": _subnet,
    "aws_route_table": _route_table,
    "aws_default_route_table": lambda rd, inst: _route_table(rd, inst, main=True),
    "aws_route": _route,
    "aws_route_table_association": _rt_association,
    "aws_main_route_table_association": _main_association,
    "aws_internet_gateway": _igw,
    "aws_internet_gateway_attachment": _igw_attachment,
    "aws_nat_gateway": _nat,
    "aws_vpc_endpoint": _endpoint,
    "aws_vpc_endpoint_route_table_association": _endpoint_part("route_table_id", "route_tables"),
    "aws_vpc_endpoint_subnet_association": _endpoint_part("subnet_id", "subnets"),
    "aws_vpc_endpoint_security_group_association": _endpoint_part("security_group_id",
                                                                  "security_groups"),
    "aws_vpc_endpoint_private_dns": _endpoint_private_dns,
    "aws_vpc_endpoint_service": _endpoint_service,
    "aws_vpc_endpoint_service_allowed_principal": _allowed_principal,
    "aws_vpc_endpoint_connection_accepter": _ignore,
    "aws_lb": _lb,
    "aws_alb": _lb,
    "aws_lb_target_group": _target_group,
    "aws_alb_target_group": _target_group,
    "aws_lb_target_group_attachment": _tg_attachment,
    "aws_alb_target_group_attachment": _tg_attachment,
    "aws_lb_listener": _listener,
    "aws_alb_listener": _listener,
    "aws_autoscaling_group": _asg,
    "aws_autoscaling_attachment": _asg_attachment,
    "aws_instance": _instance,
    "aws_vpc_peering_connection": _peering,
    "aws_vpc_peering_connection_accepter": _peering_accepter,
    "aws_vpc_peering_connection_options": _peering_options,
    "aws_ec2_transit_gateway": _tgw,
    "aws_ec2_transit_gateway_vpc_attachment": _tgw_vpc_attachment,
    "aws_ec2_transit_gateway_vpc_attachment_accepter": _tgw_vpc_attachment,
    "aws_ec2_transit_gateway_peering_attachment": _tgw_peering,
    "aws_ec2_transit_gateway_peering_attachment_accepter": _tgw_peering_accepter,
    "aws_ec2_transit_gateway_route_table": _tgw_route_table,
    "aws_ec2_transit_gateway_route_table_association": _tgw_link("tgw_associations"),
    "aws_ec2_transit_gateway_route_table_propagation": _tgw_link("tgw_propagations"),
    "aws_ec2_transit_gateway_default_route_table_association": _tgw_default_link(
        "default_association_rt"),
    "aws_ec2_transit_gateway_default_route_table_propagation": _tgw_default_link(
        "default_propagation_rt"),
    "aws_ec2_transit_gateway_route": _tgw_route,
    "aws_route53_zone": _zone,
    "aws_route53_zone_association": _zone_association,
    "aws_route53_record": _record,
    "aws_security_group": _sg,
    "aws_default_security_group": _sg,
    "aws_security_group_rule": _sg_rule,
    "aws_vpc_security_group_ingress_rule": _sg_rule,
    "aws_vpc_security_group_egress_rule": _sg_rule,
    **HYBRID_HANDLERS,
}
