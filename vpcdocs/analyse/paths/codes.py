"""The fixed vocabularies of `paths-json.md`: flow codes and blocking reasons, in contract order.

Codes are reported in the order of this module (the contract's order), never in the order a
path happened to meet them, so two analyses of the same design always print the same list.
Only the contract's codes are used: traffic that a route sends through a Gateway Load Balancer
endpoint (inspection appliances) shows it as a `gateway-load-balancer-endpoint` hop, not as a
code of its own, so a reader who knows the contract's vocabulary sees every code it can meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Code(StrEnum):
    VIA_GATEWAY_ENDPOINT = "VIA_GATEWAY_ENDPOINT"
    VIA_INTERFACE_ENDPOINT = "VIA_INTERFACE_ENDPOINT"
    VIA_NAT_GATEWAY = "VIA_NAT_GATEWAY"
    VIA_INTERNET_GATEWAY = "VIA_INTERNET_GATEWAY"
    VIA_PEERING = "VIA_PEERING"
    VIA_TRANSIT_GATEWAY = "VIA_TRANSIT_GATEWAY"
    VIA_TRANSIT_GATEWAY_PEERING = "VIA_TRANSIT_GATEWAY_PEERING"
    VIA_ENDPOINT_SERVICE = "VIA_ENDPOINT_SERVICE"
    PRIVATE_DNS = "PRIVATE_DNS"
    HOSTED_ZONE_DNS = "HOSTED_ZONE_DNS"
    ENDPOINT_DNS_NAME = "ENDPOINT_DNS_NAME"
    PUBLIC_DNS = "PUBLIC_DNS"
    CROSS_REGION = "CROSS_REGION"
    CROSS_AZ = "CROSS_AZ"
    CROSS_REGION_PRIVATELINK = "CROSS_REGION_PRIVATELINK"


class Reason(StrEnum):
    NO_ROUTE = "NO_ROUTE"
    BLACKHOLE = "BLACKHOLE"
    NO_INTERNET_GATEWAY = "NO_INTERNET_GATEWAY"
    GATEWAY_ENDPOINT_NOT_TRANSITIVE = "GATEWAY_ENDPOINT_NOT_TRANSITIVE"
    PEERING_NOT_TRANSITIVE = "PEERING_NOT_TRANSITIVE"
    PEERING_NOT_ACTIVE = "PEERING_NOT_ACTIVE"
    NO_RETURN_ROUTE = "NO_RETURN_ROUTE"
    DNS_NOT_RESOLVABLE = "DNS_NOT_RESOLVABLE"
    PRINCIPAL_NOT_ALLOWED = "PRINCIPAL_NOT_ALLOWED"
    CONNECTION_NOT_ACCEPTED = "CONNECTION_NOT_ACCEPTED"
    REGION_NOT_SUPPORTED = "REGION_NOT_SUPPORTED"
    SECURITY_GROUP_DENIES = "SECURITY_GROUP_DENIES"
    NO_TGW_ATTACHMENT_IN_AZ = "NO_TGW_ATTACHMENT_IN_AZ"
    SERVICE_NOT_AVAILABLE = "SERVICE_NOT_AVAILABLE"
    NO_PUBLIC_IP = "NO_PUBLIC_IP"
    NO_ENDPOINT = "NO_ENDPOINT"


DNS_CODES = frozenset({Code.PRIVATE_DNS, Code.HOSTED_ZONE_DNS, Code.ENDPOINT_DNS_NAME,
                       Code.PUBLIC_DNS})

_ORDER = {code: i for i, code in enumerate(Code)}


def ordered(codes: Iterable[Code]) -> tuple[str, ...]:
    """The distinct codes in contract order, as plain strings."""
    return tuple(c.value for c in sorted(set(codes), key=_ORDER.__getitem__))
