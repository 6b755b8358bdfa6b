"""Where a packet is going, symbolically: a service's public addresses or a private subnet.

vpcdocs never invents IP addresses. A flow to an AWS service over public DNS goes to "the public
addresses of <service> in <region>", which is exactly what that service's AWS-managed prefix list
`com.amazonaws.<region>.<service>` stands for (aws-networking-facts.md §1.2, §6.1). A flow to an
interface endpoint or a workload goes to the CIDR of the subnet that holds its network interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from vpcdocs.analysis.paths import prefix_lists
from vpcdocs.loader import catalogue

# Ranges that are never a public service's address: RFC 1918 private space and RFC 6598 shared
# space (100.64.0.0/10), which VPCs may also use. A route to any other CIDR (0.0.0.0/0 above all)
# may carry public service traffic.
PRIVATE_RANGES = tuple(IPv4Network(c) for c in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"))


def prefix_list_id(service: str, region: str) -> str:
    """The id of the service's prefix list in `region` (`pl-7ca54015`), or `pl-…` when not
    recorded (`prefix_lists`, data in vpcdocs/data/prefix_lists.yaml with its sources)."""
    return prefix_lists.prefix_list_id(service, region)


def prefix_list_text(service: str, region: str) -> str:
    """A prefix-list route's destination as shown: `pl-… (com.amazonaws.<region>.<svc>)`."""
    return f"{prefix_list_id(service, region)} (com.amazonaws.{region}.{service})"


def is_private(net: IPv4Network) -> bool:
    """True when every address of `net` is private or shared space (never a public service)."""
    return any(net.subnet_of(r) for r in PRIVATE_RANGES)


def cap(text: str) -> str:
    """`text` with its first letter in upper case (for a sentence that starts with a name)."""
    return text[:1].upper() + text[1:]


def article(title: str) -> str:
    """"a" or "an" before a service title ("an Amazon S3 ...", "a ... ")."""
    return "an" if title[:1].lower() in "aeiou" else "a"


def service_title(service: str) -> str:
    svc = catalogue.service(service)
    return svc.title if svc is not None else service


def service_dns_name(service: str, region: str) -> str:
    svc = catalogue.service(service)
    return svc.dns_name(region) if svc is not None else f"{service}.{region}.amazonaws.com"


def endpoint_dns_name(service: str, region: str) -> str:
    """The shape of an interface endpoint's own Regional DNS name (facts §2.4), ids elided."""
    name = service_dns_name(service, region)
    base = name.removesuffix(".amazonaws.com")
    return f"vpce-….{base}.vpce.amazonaws.com"


def partition(region: str) -> str:
    """AWS partition of a region: cross-region PrivateLink never crosses one (facts §2.8)."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass(frozen=True)
class PublicDest:
    """The public addresses of an AWS service in a region."""

    service: str
    region: str

    def describe(self) -> str:
        return f"the public addresses of {service_title(self.service)} in {self.region}"


@dataclass(frozen=True)
class PrivateDest:
    """An address in subnet `subnet` (CIDR `net`) of VPC `vpc`; `what` names it for people."""

    net: IPv4Network
    vpc: str
    subnet: str
    what: str

    def describe(self) -> str:
        return f"{self.what} (`{self.subnet}`, {self.net})"


@dataclass(frozen=True)
class SiteDest:
    """An address of on-premises workload `workload` (range `net`) in network `network`."""

    net: IPv4Network
    network: str
    workload: str

    def describe(self) -> str:
        return f"on-premises workload `{self.workload}` (`{self.network}`, {self.net})"


Dest = PublicDest | PrivateDest | SiteDest
