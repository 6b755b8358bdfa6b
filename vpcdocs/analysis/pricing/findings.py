"""Findings: what in a design costs money it need not, or is open or fragile.

Each finding has a `code` (from the one registry, `vpcdocs.codes`), a `severity` (`warning`:
fix it; `info`: worth knowing, never fails `--strict`), a `subject` (a flow, endpoint or endpoint
service name), a `message`, `saves_monthly_usd` (the per-month saving of the fix where money is
involved, else None) and the `location` of the object it concerns in the topology file (the NAT
gateway a gateway endpoint would replace, the route that crosses AZs, the endpoint, the flow), so
that `diagnostic()` is a located `Diagnostic` (`vpcdocs validate --findings`).

warnings
* `NAT_FOR_GATEWAY_SERVICE`: S3 or DynamoDB in the source's own region through a NAT gateway; a
  gateway endpoint would carry it free (facts §1.9, §6.2). Saves the flow's per-GB charges.
* `INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE`: S3 or DynamoDB in the source's own region through an
  interface endpoint, where a gateway endpoint in the source's VPC would serve free (facts §1.1).
  Saves the flow's per-GB charges (the endpoint's hours too, if nothing else uses it).
* `CROSS_AZ_NAT`: data crosses AZs to reach its NAT gateway (facts §6.2). Saves the cross-AZ charge.
* `INTERFACE_ENDPOINT_MISSING_AZ`: an interface endpoint has no ENI in an AZ of its region where
  a flow through it starts. Since 2022-04 that costs no inter-AZ charge (facts §5), but the flow
  depends on another AZ. No money.
* `ENDPOINT_SERVICE_OPEN`: an endpoint service allows `*` and accepts without review: any AWS
  account can connect (facts §3.2). No money.
* `CROSS_REGION_DETOUR`: a flow's path enters a region that is neither its source's nor its
  target's: an endpoint in the source's or target's region would do. Saves its inter-region
  charges.

info
* `CROSS_REGION_LOCAL_ENDPOINT`: a flow goes to a service in another region while an endpoint for
  that service exists in the source's region: if the data can live locally, that endpoint would do.
  Saves the flow's charges less the local endpoint's per-GB charge.
* `NAT_ABOVE_BREAK_EVEN`: a flow through a NAT gateway moves more than the break-even volume of an
  interface endpoint. Saves the difference, the endpoint's fixed cost included.
* `UNUSED_INTERFACE_ENDPOINT` (only when `flows` are declared): no flow goes through an interface
  endpoint, and no companion rule needs it (`vpcdocs.analysis.companions`: the ECR API endpoint
  of a workload that pulls images is used). Saves its fixed cost, if nothing outside the
  declared flows needs it.

warnings, about what a task needs
* `COMPANION_ENDPOINT_MISSING` (only when `flows` are declared): a flow does something that
  needs other services too (an ECR image pull needs `ecr.api`, `ecr.dkr` and S3), and its
  workload cannot reach some of them, or only over the internet while the flow is private. The
  message names the missing ones. No money.

Findings are sorted by severity (warnings first), code, subject, message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vpcdocs.analysis.companions import CompanionPath, CompanionUse
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.pricing.alternatives import Alternative, Via, break_even_gb, endpoint_way
from vpcdocs.analysis.pricing.charges import fmt_number, fmt_usd, total
from vpcdocs.analysis.pricing.flows import FlowCharges, nat_azs
from vpcdocs.analysis.pricing.hops import source_region
from vpcdocs.analysis.pricing.resources import ResourceCost, endpoint_azs
from vpcdocs.analysis.pricing.rounding import break_even_text
from vpcdocs.analysis.pricing.table import PriceTable, rate, round_usd
from vpcdocs.analysis.pricing.volumes import Volumes, interface_marginal_price
from vpcdocs.analysis.result import ChargeKind, FlowResult, HopKind
from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, Severity
from vpcdocs.loader.catalogue import service as catalogue_service
from vpcdocs.model import EndpointType, TargetKind, Topology

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_WARNING, _INFO = Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Finding:
    code: DiagnosticCode
    severity: Severity
    subject: str
    message: str
    saves_monthly_usd: float | None = None
    location: Location = field(default=Location(""), compare=False)
    about_flow: bool = False  # the subject is a flow (its name leads the diagnostic's message)

    def sort_key(self) -> tuple[int, str, str, str]:
        return (SEVERITY_ORDER[self.severity], self.code, self.subject, self.message)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message,
            "saves_monthly_usd": self.saves_monthly_usd,
        }

    def diagnostic(self) -> Diagnostic:
        """The finding as a diagnostic located at the object it concerns."""
        message = f"flow `{self.subject}`: {self.message}" if self.about_flow else self.message
        saves = self.saves_monthly_usd
        hint = f"fixing it saves {fmt_usd(saves)}/month" if saves else None
        return Diagnostic(self.severity, self.code, message, self.location, hint)


@dataclass(frozen=True)
class FindingInput:
    """What the finding rules read."""

    topology: Topology
    flows: tuple[FlowResult, ...]
    charges: Mapping[str, FlowCharges]
    alternatives: Mapping[str, tuple[Alternative, ...]]
    resources: Mapping[str, ResourceCost]
    table: PriceTable
    volumes: Volumes
    companions: tuple[CompanionUse, ...] = ()


def _gateway_service(name: str) -> bool:
    svc = catalogue_service(name)
    return svc is not None and svc.gateway


def _same_region(topology: Topology, flow: FlowResult) -> bool:
    return flow.to_region is None or flow.to_region == source_region(flow)


def _hop_ids(flow: FlowResult, kind: HopKind) -> list[str]:
    return [h.id for h in flow.hops if h.kind is kind]


def _per_gb_usd(inp: FindingInput, flow: FlowResult) -> float:
    return total(inp.charges[flow.id].charges)


def _service_flows(inp: FindingInput) -> list[FlowResult]:
    return [f for f in inp.flows if f.reachable and f.to_kind is TargetKind.SERVICE]


def _flow_loc(inp: FindingInput, flow: FlowResult) -> Location:
    spec = inp.topology.flows.get(flow.id)
    return spec.loc if spec is not None else Location(inp.topology.source)


def _object_loc(inp: FindingInput, name: str) -> Location:
    """The location of a named object of the topology (its key)."""
    t = inp.topology
    for table in (t.nat_gateways, t.endpoints, t.endpoint_services, t.route_tables):
        obj = table.get(name)
        if obj is not None:
            return obj.loc
    return Location(t.source)


def _route_loc(inp: FindingInput, flow: FlowResult, i: int) -> Location:
    """Where the route that sent the flow to the hop at `i` is written: the route of the route
    table hop before it whose target is that hop (else the table itself)."""
    t = inp.topology
    target = flow.hops[i].id
    for hop in reversed(flow.hops[:i]):
        if hop.kind is not HopKind.ROUTE_TABLE or hop.id not in t.route_tables:
            continue
        table = t.route_tables[hop.id]
        dest = (hop.route or "").partition(" -> ")[0]
        for route in table.routes:
            if route.via == target and str(route.to) == dest:
                return route.loc
        return table.loc
    return _object_loc(inp, target)


def _gateway_service_detours(
    inp: FindingInput, kind: HopKind
) -> list[tuple[FlowResult, str, float, str]]:
    """Reachable same-region flows to S3/DynamoDB through a hop of `kind`, where a gateway
    endpoint would be free: (flow, the hop's id, the flow's per-GB USD, the source VPC)."""
    out = []
    for flow in _service_flows(inp):
        ids = _hop_ids(flow, kind)
        if not ids or not _gateway_service(flow.to) or not _same_region(inp.topology, flow) \
                or flow.source not in inp.topology.workloads:  # on premises: no own VPC
            continue
        vpc = inp.topology.workloads[flow.source].vpc
        out.append((flow, ids[0], _per_gb_usd(inp, flow), vpc))
    return out


def nat_for_gateway_service(inp: FindingInput) -> list[Finding]:
    return [
        Finding(
            DiagnosticCode.NAT_FOR_GATEWAY_SERVICE,
            _WARNING,
            flow.id,
            f"{fmt_number(flow.gb_per_month)} GB/month of {flow.to} go through NAT gateway "
            f"{nat} ({fmt_usd(usd)}/month); a gateway endpoint for {flow.to} in {vpc} "
            "would carry them free",
            usd,
            location=_object_loc(inp, nat),
            about_flow=True,
        )
        for flow, nat, usd, vpc in _gateway_service_detours(inp, HopKind.NAT_GATEWAY)
    ]


def interface_endpoint_for_gateway_service(inp: FindingInput) -> list[Finding]:
    return [
        Finding(
            DiagnosticCode.INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE,
            _WARNING,
            flow.id,
            f"{flow.to} in its own region goes through interface endpoint {endpoint} "
            f"({fmt_usd(usd)}/month per-GB charges); a gateway endpoint in {vpc} would serve "
            "it free (keep the interface endpoint only for callers from other VPCs, regions "
            "or on premises)",
            usd,
            location=_object_loc(inp, endpoint),
            about_flow=True,
        )
        for flow, endpoint, usd, vpc in _gateway_service_detours(inp, HopKind.INTERFACE_ENDPOINT)
    ]


def cross_az_nat(inp: FindingInput) -> list[Finding]:
    out = []
    for flow in inp.flows:
        cross = [
            c for c in inp.charges[flow.id].charges if c.kind is ChargeKind.CROSS_AZ_TO_NAT
        ]
        if not cross:
            continue
        usd = round_usd(sum(round_usd(c.usd) for c in cross))
        first = next(
            i for i, h in enumerate(flow.hops)
            if h.kind is HopKind.NAT_GATEWAY and h.id == cross[0].subject
        )
        azs = nat_azs(flow, first)
        assert azs is not None  # a cross-AZ charge was made from them
        out.append(
            Finding(
                DiagnosticCode.CROSS_AZ_NAT,
                _WARNING,
                flow.id,
                f"NAT gateway {flow.hops[first].id} ({azs[0]} → {azs[1]}): {fmt_usd(usd)}/month "
                "of cross-AZ transfer; route each AZ to a NAT gateway in the same AZ (this also "
                "keeps the AZ working when the other fails)",
                usd,
                location=_route_loc(inp, flow, first),
                about_flow=True,
            )
        )
    return out


def _flows_text(flows: list[str]) -> str:
    names = sorted(set(flows))
    if len(names) == 1:
        return f"flow {names[0]} starts"
    return f"flows {', '.join(names)} start"


def interface_endpoint_missing_az(inp: FindingInput) -> list[Finding]:
    t = inp.topology
    consumers: dict[str, dict[str, list[str]]] = {}
    for flow in inp.flows:
        if not flow.reachable or flow.source not in t.workloads:  # on premises: no AZ
            continue
        src = t.workloads[flow.source]
        az = t.subnets[src.subnet].az
        for hop in flow.hops:
            if hop.kind is not HopKind.INTERFACE_ENDPOINT or hop.id not in t.endpoints:
                continue
            if hop.where.region != t.vpcs[src.vpc].region:
                continue
            if az not in endpoint_azs(t, hop.id):
                consumers.setdefault(hop.id, {}).setdefault(az, []).append(flow.id)
    out = []
    for endpoint in sorted(consumers):
        for az, flows in sorted(consumers[endpoint].items()):
            out.append(
                Finding(
                    DiagnosticCode.INTERFACE_ENDPOINT_MISSING_AZ,
                    _WARNING,
                    endpoint,
                    f"{endpoint} has no ENI in {az}, where {_flows_text(flows)}; "
                    "their traffic crosses AZs (no inter-AZ charge since 2022-04) and fails "
                    f"with the other AZ: add a subnet in {az}",
                    location=_object_loc(inp, endpoint),
                )
            )
    return out


def endpoint_service_open(inp: FindingInput) -> list[Finding]:
    out = []
    for svc in inp.topology.endpoint_services.values():
        if "*" in svc.allowed_principals and not svc.acceptance_required:
            out.append(
                Finding(
                    DiagnosticCode.ENDPOINT_SERVICE_OPEN,
                    _WARNING,
                    svc.name,
                    f"{svc.name} allows principal `*` and accepts connections automatically: any "
                    "AWS account can reach its load balancer; list the consumers' accounts or "
                    "require acceptance",
                    location=svc.loc,
                )
            )
    return out


def _inter_region_usd(inp: FindingInput, flow: FlowResult) -> float:
    charges = [c for c in inp.charges[flow.id].charges if c.kind is ChargeKind.INTER_REGION]
    return round_usd(sum(round_usd(c.usd) for c in charges))


def cross_region_detour(inp: FindingInput) -> list[Finding]:
    out = []
    for flow in inp.flows:
        if not flow.reachable:
            continue
        home = source_region(flow)
        target = flow.to_region or home
        visited = {h.where.region for h in flow.hops} - {None, home, target}
        if not visited:
            continue
        usd = _inter_region_usd(inp, flow)
        out.append(
            Finding(
                DiagnosticCode.CROSS_REGION_DETOUR,
                _WARNING,
                flow.id,
                f"the path from {home} to {target} passes through "
                f"{', '.join(sorted(r for r in visited if r))}: an endpoint in {home} or "
                f"{target} would do ({fmt_usd(usd)}/month of inter-region transfer)",
                usd,
                location=_flow_loc(inp, flow),
                about_flow=True,
            )
        )
    return out


def cross_region_local_endpoint(inp: FindingInput) -> list[Finding]:
    t = inp.topology
    out = []
    for flow in _service_flows(inp):
        home = source_region(flow)
        if flow.to_region is None or flow.to_region == home:
            continue
        local = sorted(
            e.name
            for e in index(t).endpoints_for.get((flow.to, home), ())
            if t.vpcs[e.vpc].region == home
            and (e.type is not EndpointType.GATEWAY or (
                flow.source in t.workloads and e.vpc == t.workloads[flow.source].vpc))
        )
        if not local:
            continue
        ep = t.endpoints[local[0]]
        current = _per_gb_usd(inp, flow)
        via_local = 0.0  # a gateway endpoint is free
        if ep.type is EndpointType.INTERFACE:
            price = interface_marginal_price(inp.table, inp.volumes, home, flow.gb_per_month)
            via_local = round_usd(flow.gb_per_month * price.usd_per_gb)
        saves = round_usd(max(0.0, current - via_local))
        out.append(
            Finding(
                DiagnosticCode.CROSS_REGION_LOCAL_ENDPOINT,
                _INFO,
                flow.id,
                f"{flow.to} in {flow.to_region} is reached across regions "
                f"({fmt_usd(current)}/month) while {local[0]} serves {flow.to} in {home}: if the "
                f"data can live in {home}, {local[0]} would do",
                saves,
                location=_flow_loc(inp, flow),
                about_flow=True,
            )
        )
    return out


def nat_above_break_even(inp: FindingInput) -> list[Finding]:
    out = []
    for flow in _service_flows(inp):
        alts = inp.alternatives.get(flow.id, ())
        nat = next((a for a in alts if a.via is Via.NAT_GATEWAY), None)
        endpoint = endpoint_way(alts)
        if nat is None or not nat.current or endpoint is None or endpoint.current:
            continue
        if _gateway_service(flow.to) and _same_region(inp.topology, flow):
            continue  # NAT_FOR_GATEWAY_SERVICE says it better: the gateway endpoint is free
        even = break_even_gb(alts)
        if even is None or flow.gb_per_month <= even or endpoint.monthly_usd is None:
            continue
        new_cost = endpoint.monthly_usd + (endpoint.fixed_monthly_usd or 0.0)
        saves = round_usd(_per_gb_usd(inp, flow) - new_cost)
        if saves <= 0:
            continue
        out.append(
            Finding(
                DiagnosticCode.NAT_ABOVE_BREAK_EVEN,
                _INFO,
                flow.id,
                f"{fmt_number(flow.gb_per_month)} GB/month through a NAT gateway is above the "
                f"break-even of {break_even_text(even)}/month for {endpoint.via}: "
                f"{endpoint.note}",
                saves,
                location=_flow_loc(inp, flow),
                about_flow=True,
            )
        )
    return out


def unused_interface_endpoints(inp: FindingInput) -> list[Finding]:
    t = inp.topology
    if not t.flows_declared:
        return []
    # a flow that goes through the endpoint, or tries to (a blocked flow that names it or
    # stops at it needs it fixed, not removed)
    used = {h.id for f in inp.flows for h in f.hops if h.kind is HopKind.INTERFACE_ENDPOINT}
    used |= {f.via_endpoint for f in t.flows.values() if f.via_endpoint}
    # an endpoint a companion rule needs is used (ECR's API endpoint by an image pull)
    used |= {e for use in inp.companions for e in use.endpoints}
    out = []
    for ep in t.endpoints.values():
        if ep.type is not EndpointType.INTERFACE or ep.name in used:
            continue
        res = inp.resources.get(ep.name)
        usd = res.monthly_usd if res is not None else None
        out.append(
            Finding(
                DiagnosticCode.UNUSED_INTERFACE_ENDPOINT,
                _INFO,
                ep.name,
                f"no declared flow goes through {ep.name} ({fmt_usd(usd or 0.0)}/month fixed); "
                "declare the flows that need it, or remove it",
                usd,
                location=ep.loc,
            )
        )
    return out


# --- hybrid networks and filters (topology-format-hybrid.md, paths-json-hybrid.md) -----------


def gateway_endpoint_from_on_premises(inp: FindingInput) -> list[Finding]:
    """A flow from on premises refused by a gateway endpoint (facts §1.5, §17): an interface
    endpoint and an inbound Resolver endpoint would carry it; their fixed monthly cost."""
    t = inp.topology
    out = []
    for flow in inp.flows:
        if flow.reason != "GATEWAY_ENDPOINT_NOT_TRANSITIVE" or flow.source not in t.onprem_workloads:
            continue
        vpc = next((h.where.vpc for h in reversed(flow.hops) if h.where.vpc is not None), None)
        if vpc is None:
            continue
        region = t.vpcs[vpc].region
        ie = round_usd(730 * 2 * rate(inp.table, region, "interface_endpoint_hour").usd)
        has_inbound = vpc in index(t).inbound_resolver_vpcs
        rr = 0.0 if has_inbound else round_usd(
            730 * 2 * rate(inp.table, region, "resolver_endpoint_hour").usd)
        resolver = ("" if has_inbound else
                    f" and a two-ENI inbound Resolver endpoint ({fmt_usd(rr)}/month)")
        existing = [e.name for e in index(t).interface_endpoints.get((flow.to, region), ())
                    if e.vpc == vpc]
        way = (f"interface endpoint {existing[0]} in {vpc} (already there){resolver} would, "
               "if the site's DNS forwards the service's name to an inbound Resolver endpoint"
               if existing else
               f"an interface endpoint for {flow.to} in {vpc} (two AZs, {fmt_usd(ie)}/month)"
               f"{resolver} would")
        out.append(Finding(
            DiagnosticCode.GATEWAY_ENDPOINT_FROM_ON_PREMISES, _WARNING, flow.id,
            f"the gateway endpoint in {vpc} cannot carry traffic from on premises; {way}, "
            "or clients can call the interface endpoint by its own vpce- name",
            location=_flow_loc(inp, flow), about_flow=True))
    return out


def nacl_ephemeral_partial(inp: FindingInput) -> list[Finding]:
    """A NACL lets an analysed flow's replies through on part of 1024-65535 only (facts
    §15.3); once per NACL and direction, at the NACL."""
    t = inp.topology
    seen: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for flow in inp.flows:
        for nacl, direction, ports in flow.nacl_partial:
            seen.setdefault((nacl, direction), (ports, []))[1].append(flow.id)
    out = []
    for (nacl, direction), (ports, flows) in sorted(seen.items()):
        if nacl not in t.network_acls:
            continue
        out.append(Finding(
            DiagnosticCode.NACL_EPHEMERAL_PARTIAL, _WARNING, nacl,
            f"network ACL {nacl} lets replies through {direction} on ports {ports} only, not "
            f"all of 1024-65535 (for flows {', '.join(sorted(flows))}): clients that pick "
            "other ephemeral ports get no answer; AWS suggests allowing 1024-65535",
            location=t.network_acls[nacl].loc))
    return out


def endpoint_sg_open(inp: FindingInput) -> list[Finding]:
    """A security group rule of an interface endpoint admits 0.0.0.0/0."""
    t = inp.topology
    out = []
    for ep in t.endpoints.values():
        for g in ep.security_groups:
            for rule in t.security_groups[g].inbound:
                if rule.cidr is not None and rule.cidr.prefixlen == 0:
                    out.append(Finding(
                        DiagnosticCode.ENDPOINT_SG_OPEN, _WARNING, ep.name,
                        f"security group {g} of interface endpoint {ep.name} admits 0.0.0.0/0: "
                        "anything that can route to its subnets can use it; name the client "
                        "ranges or groups instead", location=rule.loc))
    return out


def direct_connect_bypassed(inp: FindingInput) -> list[Finding]:
    """An on-premises static route sends addresses the site learns over Direct Connect over a
    VPN or the internet instead (a static route beats what the site learns)."""
    from vpcdocs.analysis.paths.onprem import site_learned  # the analysis' own view

    t = inp.topology
    out = []
    for net in t.on_premises.values():
        dx = [x for x in site_learned(t, net.name) if x.origin == "site-dx"]
        for route in net.routes:
            via = t.connections.get(route.via)
            if via is not None and via.type.value == "direct-connect":
                continue
            hit = next((x for x in dx if x.net.subnet_of(route.to)
                        and not any(other.to.prefixlen > route.to.prefixlen
                                    and x.net.subnet_of(other.to) for other in net.routes)
                        and route.to.prefixlen >= x.net.prefixlen), None)
            if hit is None:
                continue
            out.append(Finding(
                DiagnosticCode.DIRECT_CONNECT_BYPASSED, _WARNING, net.name,
                f"route {route.to} -> {route.via} of {net.name} sends {hit.net}, which the site "
                f"learns over Direct Connect {hit.connection}, over "
                f"{'the internet' if route.via == 'internet' else 'VPN ' + route.via} instead",
                location=route.loc))
    return out


def endpoint_policy_open(inp: FindingInput) -> list[Finding]:
    """An endpoint policy that allows every resource (`*`)."""
    out = []
    for ep in inp.topology.endpoints.values():
        if ep.policy is not None and "*" in ep.policy.resources:
            out.append(Finding(
                DiagnosticCode.ENDPOINT_POLICY_OPEN, _WARNING, ep.name,
                f"the policy of endpoint {ep.name} allows every resource (`*`): clients can reach "
                "anyone's buckets, tables or keys through it; list your own resources",
                location=ep.policy.loc))
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _endpoint_kind(service: str) -> str:
    """The endpoint that serves `service` in the workload's own VPC and Region best."""
    return "a gateway endpoint" if _gateway_service(service) else "an interface endpoint"


def _companion_gap(path: CompanionPath, private: bool) -> str:
    title = path.title
    if not path.result.reachable:
        reason = path.result.reason.value if path.result.reason is not None else "unreachable"
        return f"cannot reach {title} ({reason})"
    gateways = ", ".join(path.gateways) or "a public path"
    return f"reaches {title} only over the internet (through {gateways})" if private else ""


def companion_endpoint_missing(inp: FindingInput) -> list[Finding]:
    """A workload doing what a companion rule describes (pulling an image from ECR...) cannot
    reach every service the rule needs, or reaches one only over the internet while its own
    flow is private (`vpcdocs.analysis.companions`). Only for declared flows."""
    if not inp.topology.flows_declared:
        return []
    out = []
    for use in inp.companions:
        missing = use.missing
        if not missing:
            continue
        flow = use.flows[0]
        names = _and([f"{p.title} (`{p.service}`)" for p in missing])
        gaps = " and ".join(g for p in missing if (g := _companion_gap(p, use.private)))
        fixes = _and([f"{_endpoint_kind(p.service)} for `{p.service}`" for p in missing])
        out.append(
            Finding(
                DiagnosticCode.COMPANION_ENDPOINT_MISSING,
                _WARNING,
                flow,
                f"{use.rule.title} also needs {names} in {use.region}: {use.workload} {gaps}; "
                f"add {fixes} in {use.vpc} (see {use.rule.doc_url})",
                location=inp.topology.flows[flow].loc,
                about_flow=True,
            )
        )
    return out


RULES = (
    nat_for_gateway_service,
    interface_endpoint_for_gateway_service,
    cross_az_nat,
    interface_endpoint_missing_az,
    endpoint_service_open,
    cross_region_detour,
    cross_region_local_endpoint,
    nat_above_break_even,
    unused_interface_endpoints,
    companion_endpoint_missing,
    gateway_endpoint_from_on_premises,
    nacl_ephemeral_partial,
    endpoint_sg_open,
    direct_connect_bypassed,
    endpoint_policy_open,
)


def findings(inp: FindingInput) -> tuple[Finding, ...]:
    """Every finding of every rule, sorted."""
    found = [f for rule in RULES for f in rule(inp)]
    return tuple(sorted(found, key=Finding.sort_key))
