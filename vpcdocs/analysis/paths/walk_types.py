"""The small values the hop-by-hop walkers pass around: where a packet starts and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.result import Network


@dataclass(frozen=True)
class Source:
    """Where packets start: a workload's subnet (or, for a reply, the answering interface's)."""

    subnet: str
    vpc: str
    region: str
    az: str
    public_ip: bool
    workload: str | None  # None for a reply
    net: IPv4Network | None = None  # the source range when not the subnet's (on premises)


@dataclass(frozen=True)
class Delivered:
    """The packet reached the destination's VPC and is delivered by the `local` route."""

    vpc: str
    az: str | None  # where it entered the VPC, when known (transit gateway attachment)


@dataclass(frozen=True)
class Exited:
    """The packet left the VPCs for a service's public addresses (endpoint or internet)."""

    network: Network
    nat: str | None = None  # the NAT gateway that translated it: replies come back through it
