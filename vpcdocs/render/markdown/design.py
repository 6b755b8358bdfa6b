"""The analysed design that every page reads: topology, priced flows, the cost report, and the
cross-references pages need (which flows use an endpoint, which VPCs a flow touches ...).

`analyse_design` is the only place the site calls the analysis stages; the rest of the page code
reads this frozen bundle. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing.known import table_for
from vpcdocs.analysis.pricing.report import CostReport, FlowReport, cost_report
from vpcdocs.analysis.pricing.resources import ResourceCost
from vpcdocs.analysis.pricing.table import PriceTable
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import Topology

__all__ = ["Design", "analyse_design"]

_ENDPOINT_HOPS = frozenset(
    {HopKind.GATEWAY_ENDPOINT, HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT}
)


@dataclass(frozen=True)
class Design:
    """Everything the pages are made from. Flows are priced and sorted by id."""

    topology: Topology
    report: CostReport
    table: PriceTable
    flows: tuple[FlowResult, ...] = field(init=False)
    _flows: Mapping[str, FlowResult] = field(init=False, repr=False, compare=False)
    _reports: Mapping[str, FlowReport] = field(init=False, repr=False, compare=False)
    _resources: Mapping[str, ResourceCost] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flows = tuple(sorted((r.flow for r in self.report.flows), key=lambda f: f.id))
        object.__setattr__(self, "flows", flows)
        object.__setattr__(self, "_flows", MappingProxyType({f.id: f for f in flows}))
        object.__setattr__(
            self, "_reports", MappingProxyType({r.flow.id: r for r in self.report.flows})
        )
        object.__setattr__(
            self, "_resources", MappingProxyType({r.id: r for r in self.report.resources})
        )

    # --- lookups -------------------------------------------------------------------------

    def flow(self, flow_id: str) -> FlowResult:
        return self._flows[flow_id]

    def flow_report(self, flow_id: str) -> FlowReport:
        return self._reports[flow_id]

    def resource(self, resource_id: str) -> ResourceCost | None:
        return self._resources.get(resource_id)

    def flows_using_endpoint(self, endpoint: str) -> tuple[FlowResult, ...]:
        """Flows with a hop through the endpoint, or that name it as `via_endpoint`."""
        named = {f.name for f in self.topology.flows.values() if f.via_endpoint == endpoint}
        return tuple(
            f
            for f in self.flows
            if f.id in named or any(h.kind in _ENDPOINT_HOPS and h.id == endpoint for h in f.hops)
        )

    def flows_with_hop(self, kind: HopKind, hop_id: str) -> tuple[FlowResult, ...]:
        return tuple(
            f for f in self.flows if any(h.kind is kind and h.id == hop_id for h in f.hops)
        )

    def flows_to_service(self, service: str) -> tuple[FlowResult, ...]:
        return tuple(f for f in self.flows if f.to_kind == "endpoint-service" and f.to == service)

    def vpcs_of_flow(self, flow: FlowResult) -> tuple[str, ...]:
        """The VPCs a flow passes through (source first, in hop order, each once)."""
        topo = self.topology
        seen: list[str] = []
        for hop in flow.hops:
            vpc: str | None = None
            if hop.kind is HopKind.LOCAL and hop.id in topo.vpcs:
                vpc = hop.id
            elif hop.kind is HopKind.LOAD_BALANCER and hop.id in topo.load_balancers:
                vpc = topo.load_balancers[hop.id].vpc
            elif hop.kind is HopKind.ENDPOINT_SERVICE and hop.id in topo.endpoint_services:
                vpc = topo.endpoint_services[hop.id].vpc
            elif hop.kind in (HopKind.SERVICE, HopKind.INTERNET):
                vpc = None
            else:
                try:
                    vpc = topo.vpc_of(hop.id).name
                except KeyError:
                    vpc = None
            if vpc is not None and vpc not in seen:
                seen.append(vpc)
        return tuple(seen)

    def flows_touching_vpc(self, vpc: str) -> tuple[FlowResult, ...]:
        return tuple(f for f in self.flows if vpc in self.vpcs_of_flow(f))

    def source_region(self, flow: FlowResult) -> str:
        return self.topology.region_of(flow.source)

    def endpoint_azs(self, endpoint: str) -> tuple[str, ...]:
        ep = self.topology.endpoints[endpoint]
        return tuple(sorted({self.topology.subnets[s].az for s in ep.subnets}))


def analyse_design(topology: Topology, table: PriceTable | None = None) -> Design:
    """Analyse every flow, price it and the design's resources.

    Raises `vpcdocs.analysis.pricing.known.UnknownPriceError` when a region has no prices.
    """
    priced_table = table_for(topology, table)
    results = analyse(topology)
    report = cost_report(topology, results, priced_table)
    return Design(topology, report, priced_table)
