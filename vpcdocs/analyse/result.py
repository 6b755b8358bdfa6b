"""The analysis result types: what `paths` computes for each flow (the `paths-json.md` contract).

These frozen dataclasses are the single shape that pricing, diagrams, the site and `diff` read.
`to_json()` gives exactly the contract's field order; fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class HopKind(StrEnum):
    WORKLOAD = "workload"
    SUBNET = "subnet"
    ROUTE_TABLE = "route-table"
    LOCAL = "local"
    NAT_GATEWAY = "nat-gateway"
    INTERNET_GATEWAY = "internet-gateway"
    INTERNET = "internet"
    GATEWAY_ENDPOINT = "gateway-endpoint"
    INTERFACE_ENDPOINT = "interface-endpoint"
    GATEWAY_LOAD_BALANCER_ENDPOINT = "gateway-load-balancer-endpoint"
    PEERING = "peering"
    TRANSIT_GATEWAY = "transit-gateway"
    TRANSIT_GATEWAY_PEERING = "transit-gateway-peering"
    LOAD_BALANCER = "load-balancer"
    ENDPOINT_SERVICE = "endpoint-service"
    SERVICE = "service"


class Network(StrEnum):
    AWS_BACKBONE = "aws-backbone"
    INTERNET = "internet"
    NONE = "none"


@dataclass(frozen=True)
class Hop:
    kind: HopKind
    id: str
    region: str | None = None
    az: str | None = None
    route: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "id": self.id}
        for key in ("region", "az", "route", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class CostItem:
    item: str
    usd: float
    basis: str

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "usd": self.usd, "basis": self.basis}


@dataclass(frozen=True)
class FlowCost:
    """Per-flow cost. `monthly_usd` is the flow's per-GB charges (None until priced);
    `fixed_usd` the monthly fixed charges of the resources it uses (not split between flows)."""

    monthly_usd: float | None = None
    fixed_usd: float | None = None
    items: tuple[CostItem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"monthly_usd": self.monthly_usd}
        if self.fixed_usd is not None:
            out["fixed_usd"] = self.fixed_usd
        out["items"] = [i.to_json() for i in self.items]
        return out


@dataclass(frozen=True)
class FlowResult:
    id: str
    source: str  # JSON "from"
    to: str
    to_region: str | None
    reachable: bool
    network: Network
    cross_region: bool
    regions: tuple[str, ...]
    hops: tuple[Hop, ...]
    codes: tuple[str, ...]
    reason: str | None
    explanation: str
    cost: FlowCost = field(default_factory=FlowCost)
    assumptions: tuple[str, ...] = ()
    # Not in the JSON contract's required set, but useful to renderers:
    to_kind: str = "service"  # "service" | "endpoint-service" | "workload"
    gb_per_month: float = 0.0
    description: str | None = None
    fix: str | None = None  # for a blocked flow: what to change to make it work

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "from": self.source,
            "to": self.to,
            "to_region": self.to_region,
            "reachable": self.reachable,
            "network": self.network.value,
            "cross_region": self.cross_region,
            "regions": list(self.regions),
            "hops": [h.to_json() for h in self.hops],
            "codes": list(self.codes),
            "reason": self.reason,
            "explanation": self.explanation,
            "cost": self.cost.to_json(),
            "assumptions": list(self.assumptions),
        }
        out["to_kind"] = self.to_kind
        out["gb_per_month"] = self.gb_per_month
        if self.fix is not None:
            out["fix"] = self.fix
        return out


def paths_document(flows: tuple[FlowResult, ...]) -> dict[str, Any]:
    """The whole `vpcdocs paths --format json` document: flows sorted by id."""
    return {"vpcdocs": 1, "flows": [f.to_json() for f in sorted(flows, key=lambda f: f.id)]}
