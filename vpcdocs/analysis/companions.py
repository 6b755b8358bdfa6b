"""Companion endpoints: services that only work together (`vpcdocs/data/companions.yaml`).

Pulling an image from Amazon ECR in a private subnet needs the ECR API (`ecr.api`), the registry
(`ecr.dkr`) and Amazon S3, which holds the image layers (AWS documents it; sources in the data
file). A design that declares only the registry flow still needs the other two: its ECR API
endpoint is not unused, and a workload that lacks one of them cannot pull.

For every rule, each workload with a flow to one of the rule's `triggers` is a `CompanionUse` in
that flow's service Region. For each service the rule needs, the use holds how the workload gets
there: the declared flow from that workload to that service and Region if there is one, else the
path analysed for an undeclared flow (`analyse_flow` on the topology with that flow added, so
the same rules decide). A companion is missing when the workload cannot reach it, or reaches it
only over the internet while one of its trigger flows is private (then the task still leaves the
AWS network, or fails where there is no NAT). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vpcdocs.analysis.paths import analyse_spec
from vpcdocs.analysis.paths.addresses import service_title
from vpcdocs.analysis.result import FlowResult, HopKind, Network
from vpcdocs.data import read_data
from vpcdocs.model import Flow, TargetKind, Topology

__all__ = ["CompanionPath", "CompanionRule", "CompanionUse", "companion_uses", "rules"]

_ENDPOINT_HOPS = frozenset(
    {HopKind.GATEWAY_ENDPOINT, HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT}
)


@dataclass(frozen=True)
class CompanionRule:
    name: str
    title: str  # "pulling a container image from Amazon ECR"
    needs: tuple[str, ...]
    triggers: tuple[str, ...]
    optional: tuple[tuple[str, str], ...]  # (service, why)
    doc_title: str
    doc_url: str


@cache
def rules() -> tuple[CompanionRule, ...]:
    """Every rule of the data file, by name."""
    raw = read_data("companions.yaml")["rules"]
    return tuple(
        CompanionRule(
            name=str(name),
            title=str(spec["title"]),
            needs=tuple(str(s) for s in spec["needs"]),
            triggers=tuple(str(s) for s in spec["triggers"]),
            optional=tuple(sorted((str(k), str(v)) for k, v in (spec.get("optional") or {}).items())),
            doc_title=str(spec["doc"]["title"]),
            doc_url=str(spec["doc"]["url"]),
        )
        for name, spec in sorted(raw.items())
    )


@dataclass(frozen=True)
class CompanionPath:
    """How the workload reaches one service the rule needs."""

    service: str
    result: FlowResult  # the declared flow's result, or the analysed undeclared one
    declared: bool
    present: bool  # reachable, and privately when the use is private

    @property
    def title(self) -> str:
        return service_title(self.service)

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The VPC endpoints the path goes through (none when it is blocked)."""
        if not self.result.reachable:
            return ()
        return tuple(dict.fromkeys(h.id for h in self.result.hops if h.kind in _ENDPOINT_HOPS))

    @property
    def gateways(self) -> tuple[str, ...]:
        """The NAT and internet gateways it leaves through."""
        kinds = (HopKind.NAT_GATEWAY, HopKind.INTERNET_GATEWAY)
        return tuple(dict.fromkeys(h.id for h in self.result.hops if h.kind in kinds))


@dataclass(frozen=True)
class CompanionUse:
    """A workload doing what a rule describes, in one Region."""

    rule: CompanionRule
    workload: str
    vpc: str
    region: str
    flows: tuple[str, ...]  # its trigger flows, sorted
    private: bool  # one of its trigger flows stays on the AWS backbone
    paths: tuple[CompanionPath, ...]  # one per needed service, in the rule's order

    @property
    def missing(self) -> tuple[CompanionPath, ...]:
        return tuple(p for p in self.paths if not p.present)

    @property
    def endpoints(self) -> tuple[str, ...]:
        """Every endpoint its companion paths go through."""
        return tuple(dict.fromkeys(e for p in self.paths for e in p.endpoints))


def _region(topology: Topology, flow: FlowResult) -> str:
    if flow.to_region is not None:
        return flow.to_region
    return topology.vpcs[topology.workloads[flow.source].vpc].region


def _undeclared(topology: Topology, workload: str, service: str, region: str,
                like: Flow) -> FlowResult:
    """The path of a flow from `workload` to `service` in `region` that the file does not
    declare (named `workload → service`, a name no declared flow can have), analysed on the
    topology itself (the analysis of a flow reads no other flow), so with its lookups."""
    name = f"{workload} → {service}"
    flow = Flow(name=name, source=workload, to=service, to_kind=TargetKind.SERVICE, region=region,
                via_endpoint=None, gb_per_month=0.0, description=None, implicit=True,
                loc=like.loc)
    return analyse_spec(topology, flow)


def companion_uses(topology: Topology, flows: tuple[FlowResult, ...]) -> tuple[CompanionUse, ...]:
    """Every use of every rule in the design, sorted by rule, workload and Region."""
    to_services = [f for f in flows if f.to_kind is TargetKind.SERVICE
                   and f.source in topology.workloads]
    # (workload, service, Region) -> its declared flows, in flow order: one pass, not a scan of
    # every flow for each use and service.
    declared_flows: dict[tuple[str, str, str], list[FlowResult]] = {}
    for f in to_services:
        declared_flows.setdefault((f.source, f.to, _region(topology, f)), []).append(f)
    out: list[CompanionUse] = []
    for rule in rules():
        uses: dict[tuple[str, str], list[FlowResult]] = {}
        for f in to_services:
            if f.to in rule.triggers:
                uses.setdefault((f.source, _region(topology, f)), []).append(f)
        for (workload, region), triggers in sorted(uses.items()):
            triggers.sort(key=lambda f: f.id)
            private = any(f.reachable and f.network is Network.AWS_BACKBONE for f in triggers)
            spec = topology.flows[triggers[0].id]
            paths = []
            for service in rule.needs:
                declared = sorted(
                    declared_flows.get((workload, service, region), ()),
                    key=lambda f: (not f.reachable, f.network is not Network.AWS_BACKBONE, f.id),
                )
                result = declared[0] if declared else _undeclared(
                    topology, workload, service, region, spec)
                present = result.reachable and (
                    not private or result.network is Network.AWS_BACKBONE)
                paths.append(CompanionPath(service, result, bool(declared), present))
            out.append(CompanionUse(rule, workload, topology.workloads[workload].vpc, region,
                                    tuple(f.id for f in triggers), private, tuple(paths)))
    return tuple(out)
