"""One analysed design: what every front end (the commands, the hook, the pages, the plugin,
`diff`, the public API) reads, built once by `analyse(topology)`.

    analysis = analyse(topology)
    analysis.flows             # every flow's FlowResult, sorted by id (priced when possible)
    analysis.report            # the CostReport (raises PricingError when it cannot be priced)
    analysis.diagnostics       # unreachable flows and findings, each at its line of the file
    analysis.paths_json()      # what `vpcdocs paths --format json` prints
    analysis.cost_json()       # what `vpcdocs cost --format json` prints

and the cross-references pages need (the flows through an endpoint, through a VPC, to an
endpoint service, from a Region; the cross-region patterns in use), computed here from the hops
(`Hop.where`) so that no later stage works an analysis fact out again.

Prices: a Region the price table does not know (and the topology's `pricing` does not fill in)
leaves the design without a cost report (`priced` is False, `report` raises `PricingError`
with the diagnostics); the flows are still analysed, and priced when their own charges need no
missing figure (what `paths` shows). Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from vpcdocs.analysis.companions import CompanionUse, companion_uses
from vpcdocs.analysis.paths import analyse as analyse_paths
from vpcdocs.analysis.pricing.findings import Finding
from vpcdocs.analysis.pricing.known import UnknownPriceError, table_for
from vpcdocs.analysis.pricing.priced import price_flows
from vpcdocs.analysis.pricing.report import CostReport, FlowReport, cost_report
from vpcdocs.analysis.pricing.resources import ResourceCost, endpoint_azs
from vpcdocs.analysis.pricing.table import PriceTable
from vpcdocs.analysis.result import Code, FlowResult, HopKind, paths_document
from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import (
    Diagnostic,
    DiagnosticError,
    Location,
    Severity,
    error,
    sort_diagnostics,
    warning,
)
from vpcdocs.model import TargetKind, Topology

__all__ = ["AnalysedFlows", "Analysis", "CrossRegionPattern", "PricingError", "analyse",
           "analyse_flows"]

_ENDPOINT_HOPS = frozenset(
    {HopKind.GATEWAY_ENDPOINT, HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT}
)


class PricingError(DiagnosticError):
    """The design cannot be priced: a Region without prices, or a `pricing` override the price
    table cannot use. `.diagnostics` are located errors (`UNKNOWN_PRICE_REGION`, `BAD_PRICING`)."""


@dataclass(frozen=True)
class CrossRegionPattern:
    """One way a design crosses Regions, and what uses it.

    `key`: `peering` (instances: inter-region VPC peerings), `tgw-peering` (one transit gateway
    peering attachment per pair of transit gateways in different Regions), `privatelink`
    (cross-region interface endpoints), `hosted-zones` (private hosted zones associated with VPCs
    in another Region than their endpoint); `flows`: the flows that use it, by id."""

    key: str
    instances: tuple[str, ...]
    flows: tuple[str, ...]

    @property
    def in_use(self) -> bool:
        return bool(self.instances)


@dataclass(frozen=True, eq=False)
class Analysis:
    """A design analysed: flows, prices, findings and cross-references (see the module)."""

    topology: Topology
    flows: tuple[FlowResult, ...]
    flows_priced: bool
    _report: CostReport | None = field(repr=False)
    _table: PriceTable | None = field(repr=False)
    _price_error: PricingError | None = field(repr=False)
    _flow_price_error: PricingError | None = field(repr=False)
    cross_region: tuple[CrossRegionPattern, ...] = ()
    companions: tuple[CompanionUse, ...] = ()  # services that need other services' endpoints
    _by_id: Mapping[str, FlowResult] = field(init=False, repr=False)
    _reports: Mapping[str, FlowReport] = field(init=False, repr=False)
    _resources: Mapping[str, ResourceCost] = field(init=False, repr=False)
    _vpcs: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _endpoints: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _groups: _FlowGroups = field(init=False, repr=False)

    def __post_init__(self) -> None:
        report = self._report
        setattr_ = object.__setattr__
        setattr_(self, "_by_id", MappingProxyType({f.id: f for f in self.flows}))
        setattr_(self, "_reports", MappingProxyType(
            {} if report is None else {r.flow.id: r for r in report.flows}))
        setattr_(self, "_resources", MappingProxyType(
            {} if report is None else {r.id: r for r in report.resources}))
        setattr_(self, "_vpcs", MappingProxyType({f.id: _vpcs_of(f) for f in self.flows}))
        setattr_(self, "_endpoints", MappingProxyType(_endpoint_users(self.topology, self.flows)))
        setattr_(self, "_groups", _FlowGroups.of(self.flows, self._vpcs))

    # --- prices -------------------------------------------------------------------------

    @property
    def priced(self) -> bool:
        """Whether the whole design has a cost report."""
        return self._report is not None

    @property
    def report(self) -> CostReport:
        """The cost report; raises `PricingError` when the design cannot be priced."""
        if self._report is None:
            assert self._price_error is not None
            raise self._price_error
        return self._report

    @property
    def table(self) -> PriceTable:
        """The price table with the topology's overrides; raises `PricingError` like `report`."""
        self.report  # noqa: B018  # raises PricingError when not priced
        assert self._table is not None
        return self._table

    @property
    def price_error(self) -> PricingError | None:
        """Why the design has no cost report (None when it has one)."""
        return self._price_error

    @property
    def flow_price_error(self) -> PricingError | None:
        """Why the flows' own costs are empty (None when they are priced)."""
        return self._flow_price_error

    # --- findings as diagnostics ---------------------------------------------------------

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The cost and design findings (none when the design cannot be priced)."""
        return () if self._report is None else self._report.findings

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding of the analysis as a located diagnostic, sorted by position: each
        unreachable flow (`FLOW_UNREACHABLE`, at the flow), each finding (at the object it
        concerns) and, when the design cannot be priced, why (errors)."""
        found = [flow_diagnostic(self.topology, f) for f in self.flows if not f.reachable]
        found += [f.diagnostic() for f in self.findings]
        if self._price_error is not None:
            found += self._price_error.diagnostics
        return tuple(sort_diagnostics(found))

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The diagnostics that `--strict` fails on."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

    # --- the JSON documents ---------------------------------------------------------------

    def paths_json(self, flow_ids: Iterable[str] | None = None) -> dict[str, Any]:
        """The `vpcdocs paths --format json` document (of the flows `flow_ids`, else all).
        Raises KeyError for an id that is not a flow."""
        flows = self.flows if flow_ids is None else tuple(self.flow(f) for f in set(flow_ids))
        return paths_document(flows)

    def cost_json(self) -> dict[str, Any]:
        """The `vpcdocs cost --format json` document; raises `PricingError` like `report`."""
        return self.report.to_json()

    # --- lookups -------------------------------------------------------------------------

    def flow(self, flow_id: str) -> FlowResult:
        return self._by_id[flow_id]

    def flow_report(self, flow_id: str) -> FlowReport:
        self.report  # noqa: B018  # raises PricingError when not priced
        return self._reports[flow_id]

    def resource(self, resource_id: str) -> ResourceCost | None:
        return self._resources.get(resource_id)

    def source_region(self, flow: FlowResult) -> str:
        region = flow.hops[0].where.region
        assert region is not None
        return region

    def source_vpc(self, flow: FlowResult) -> str:
        """The source's VPC; "" for a flow from an on-premises workload (in no VPC)."""
        return flow.hops[0].where.vpc or ""

    def vpcs_of_flow(self, flow: FlowResult) -> tuple[str, ...]:
        """The VPCs a flow passes through (source first, in hop order, each once)."""
        return self._vpcs[flow.id]

    def flows_using_endpoint(self, endpoint: str) -> tuple[FlowResult, ...]:
        """Flows with a hop through the endpoint, or that name it as `via_endpoint`."""
        return tuple(self.flow(f) for f in self._endpoints.get(endpoint, ()))

    def flows_to_service(self, service: str) -> tuple[FlowResult, ...]:
        """Flows to an endpoint service."""
        return self._groups.to_service.get(service, ())

    def flows_from_vpc(self, vpc: str) -> tuple[FlowResult, ...]:
        return self._groups.from_vpc.get(vpc, ())

    def flows_through_vpc(self, vpc: str) -> tuple[FlowResult, ...]:
        """Flows from another VPC that pass through `vpc`."""
        return self._groups.through_vpc.get(vpc, ())

    def flows_from_region(self, region: str) -> tuple[FlowResult, ...]:
        return self._groups.from_region.get(region, ())

    def flows_through_region(self, region: str) -> tuple[FlowResult, ...]:
        """Flows from another Region that reach `region`."""
        return self._groups.through_region.get(region, ())

    def companions_of_flow(self, flow_id: str) -> tuple[CompanionUse, ...]:
        """The companion rules a flow triggers (`vpcdocs.analysis.companions`)."""
        return tuple(c for c in self.companions if flow_id in c.flows)

    def companions_through_endpoint(self, endpoint: str) -> tuple[CompanionUse, ...]:
        """The companion uses whose paths go through the endpoint."""
        return tuple(c for c in self.companions if endpoint in c.endpoints)

    def endpoint_azs(self, endpoint: str) -> tuple[str, ...]:
        return endpoint_azs(self.topology, endpoint)

    def pattern(self, key: str) -> CrossRegionPattern:
        return next(p for p in self.cross_region if p.key == key)


@dataclass(frozen=True)
class _FlowGroups:
    """The flows by source and by what they pass through, in flow order: built once, so that a
    page asking for its flows does not scan them all (a site has a page per VPC and Region)."""

    to_service: Mapping[str, tuple[FlowResult, ...]]
    from_vpc: Mapping[str, tuple[FlowResult, ...]]
    through_vpc: Mapping[str, tuple[FlowResult, ...]]
    from_region: Mapping[str, tuple[FlowResult, ...]]
    through_region: Mapping[str, tuple[FlowResult, ...]]

    @classmethod
    def of(cls, flows: tuple[FlowResult, ...],
           vpcs: Mapping[str, tuple[str, ...]]) -> _FlowGroups:
        groups: tuple[dict[str, list[FlowResult]], ...] = ({}, {}, {}, {}, {})
        to_service, from_vpc, through_vpc, from_region, through_region = groups
        for f in flows:
            if f.to_kind is TargetKind.ENDPOINT_SERVICE:
                to_service.setdefault(f.to, []).append(f)
            src_vpc, src_region = f.hops[0].where.vpc, f.hops[0].where.region
            if src_vpc is not None:
                from_vpc.setdefault(src_vpc, []).append(f)
            for vpc in vpcs[f.id]:
                if vpc != src_vpc:
                    through_vpc.setdefault(vpc, []).append(f)
            if src_region is not None:
                from_region.setdefault(src_region, []).append(f)
            for region in dict.fromkeys(f.regions):
                if region != src_region:
                    through_region.setdefault(region, []).append(f)
        frozen = [MappingProxyType({k: tuple(v) for k, v in g.items()}) for g in groups]
        return cls(*frozen)


# --- building it ---------------------------------------------------------------------------


def analyse(topology: Topology, *, table: PriceTable | None = None) -> Analysis:
    """Analyse every flow of `topology` and price the design (with the bundled price table, or
    `table`). Never raises for prices: see `Analysis.priced`."""
    flows = tuple(sorted(analyse_paths(topology), key=lambda f: f.id))
    companions = companion_uses(topology, flows)
    report: CostReport | None = None
    priced_table: PriceTable | None = None
    price_error = flow_price_error = None
    try:
        priced_table = table_for(topology, table)
        report = cost_report(topology, flows, priced_table, companions)
    except (UnknownPriceError, ValueError) as exc:
        price_error = _pricing_error(topology, exc)
    if report is not None:
        flows = tuple(sorted((r.flow for r in report.flows), key=lambda f: f.id))
    elif priced_table is not None:
        # The design's report needs a figure the flows themselves may not: price them alone.
        try:
            flows = price_flows(topology, flows, priced_table)
        except (UnknownPriceError, ValueError) as exc:
            flow_price_error = _pricing_error(topology, exc)
    else:
        flow_price_error = price_error
    return Analysis(
        topology,
        flows,
        flow_price_error is None,
        report,
        priced_table,
        price_error,
        flow_price_error,
        _cross_region(topology, flows),
        companions,
    )


@dataclass(frozen=True)
class AnalysedFlows:
    """Every flow's result, priced when possible: `analyse(topology).flows` and
    `.flow_price_error`, and nothing else."""

    flows: tuple[FlowResult, ...]
    flow_price_error: PricingError | None


def analyse_flows(topology: Topology, *, table: PriceTable | None = None) -> AnalysedFlows:
    """The flows as `analyse` gives them, without the design's cost report (the alternatives
    of every flow, the findings, the companions, the cross-region patterns), which is a third
    of the analysis of a large design and which `vpcdocs paths` does not print (except its
    warnings under `--strict`, which then uses `analyse`).

    The same flows: `analyse` takes them from the cost report when the design can be priced,
    and the report prices them with `price_all`, as `price_flows` does, checking a superset of
    the rates `price_flows` checks; so the report succeeds only where `price_flows` succeeds
    with the same flows, and where it fails `analyse` falls back on `price_flows` itself.
    tests/test_analyse_flows.py compares the two on every design of the test suite."""
    flows = tuple(sorted(analyse_paths(topology), key=lambda f: f.id))
    try:
        priced_table = table_for(topology, table)
    except (UnknownPriceError, ValueError) as exc:
        return AnalysedFlows(flows, _pricing_error(topology, exc))
    try:
        return AnalysedFlows(price_flows(topology, flows, priced_table), None)
    except (UnknownPriceError, ValueError) as exc:
        return AnalysedFlows(flows, _pricing_error(topology, exc))


def _pricing_error(topology: Topology, exc: Exception) -> PricingError:
    if isinstance(exc, UnknownPriceError):
        return PricingError(exc.diagnostics(topology))
    return PricingError([error(DiagnosticCode.BAD_PRICING, str(exc), Location(topology.source))])


def flow_diagnostic(topology: Topology, flow: FlowResult) -> Diagnostic:
    """`FLOW_UNREACHABLE` at the flow (at its workload when the flows are the defaults)."""
    spec = topology.flows.get(flow.id)
    where = spec.loc if spec is not None else Location(topology.source)
    reason = flow.reason.value if flow.reason is not None else "unreachable"
    why = f": {flow.why}" if flow.why else ""
    hint = f"to make it work, {flow.fix}" if flow.fix else None
    return warning(DiagnosticCode.FLOW_UNREACHABLE,
                   f"flow `{flow.id}` ({flow.source} → {flow.to}) is unreachable ({reason}){why}",
                   where, hint)


def _vpcs_of(flow: FlowResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h.where.vpc for h in flow.hops if h.where.vpc is not None))


def _endpoint_users(topology: Topology, flows: tuple[FlowResult, ...]) -> dict[str, tuple[str, ...]]:
    users: dict[str, list[str]] = {}
    for f in flows:
        spec = topology.flows.get(f.id)
        named = {spec.via_endpoint} if spec is not None and spec.via_endpoint else set()
        named |= {h.id for h in f.hops if h.kind in _ENDPOINT_HOPS}
        for endpoint in named:
            users.setdefault(endpoint, []).append(f.id)
    return {e: tuple(ids) for e, ids in users.items()}


def _cross_region(topology: Topology, flows: tuple[FlowResult, ...]) -> tuple[CrossRegionPattern, ...]:
    t = topology
    region_of = {v.name: v.region for v in t.vpcs.values()}
    peerings = tuple(
        p.name for p in t.peerings.values() if region_of[p.requester] != region_of[p.accepter]
    )
    tgw_atts: list[str] = []  # every peering attachment across Regions (both sides)
    tgw_pairs: list[str] = []  # one attachment per pair of transit gateways
    seen: set[tuple[str, str]] = set()
    for att in t.tgw_attachments.values():
        if att.peer is None or att.peer not in t.transit_gateways:
            continue
        a, b = t.transit_gateways[att.tgw], t.transit_gateways[att.peer]
        if a.region == b.region:
            continue
        tgw_atts.append(att.name)
        pair = (min(a.name, b.name), max(a.name, b.name))
        if pair not in seen:
            seen.add(pair)
            tgw_pairs.append(att.name)
    xr_endpoints = tuple(
        e.name for e in t.endpoints.values() if e.service_region != region_of[e.vpc]
    )
    zones: list[str] = []
    shared: set[tuple[str, str]] = set()  # (vpc, endpoint) answered by a zone across Regions
    for z in t.hosted_zones.values():
        home = region_of[t.endpoints[z.alias_to].vpc]
        if any(region_of[v] != home for v in z.vpcs):
            zones.append(z.name)
            shared |= {(v, z.alias_to) for v in z.vpcs}

    def using(test: Any) -> tuple[str, ...]:
        return tuple(f.id for f in flows if test(f))

    def shared_zone(f: FlowResult) -> bool:
        src = f.hops[0].where.vpc
        return Code.HOSTED_ZONE_DNS in f.codes and any((src, h.id) in shared for h in f.hops)

    interface = {HopKind.INTERFACE_ENDPOINT}
    # sets to test a hop against (20 Regions peered with each other have 380 attachments)
    peering_set, tgw_att_set, xr_set = frozenset(peerings), frozenset(tgw_atts), frozenset(
        xr_endpoints)
    return (
        CrossRegionPattern("peering", peerings, using(
            lambda f: any(h.kind is HopKind.PEERING and h.id in peering_set for h in f.hops))),
        CrossRegionPattern("tgw-peering", tuple(tgw_pairs), using(
            lambda f: any(h.kind is HopKind.TRANSIT_GATEWAY_PEERING and h.id in tgw_att_set
                          for h in f.hops))),
        CrossRegionPattern("privatelink", xr_endpoints, using(
            lambda f: Code.CROSS_REGION_PRIVATELINK in f.codes
            or any(h.kind in interface and h.id in xr_set for h in f.hops))),
        CrossRegionPattern("hosted-zones", tuple(zones), using(shared_zone)),
    )

