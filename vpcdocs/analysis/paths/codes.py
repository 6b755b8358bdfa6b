"""The fixed vocabularies of `paths-json.md`: flow codes and blocking reasons, in contract order
(the enums are defined with the result types, `vpcdocs.analysis.result`, and re-exported here).

Codes are reported in the order of this module (the contract's order), never in the order a
path happened to meet them, so two analyses of the same design always print the same list.
Only the contract's codes are used: traffic that a route sends through a Gateway Load Balancer
endpoint (inspection appliances) shows it as a `gateway-load-balancer-endpoint` hop, not as a
code of its own, so a reader who knows the contract's vocabulary sees every code it can meet.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpcdocs.analysis.result import Code, Reason

DNS_CODES = frozenset({Code.PRIVATE_DNS, Code.HOSTED_ZONE_DNS, Code.ENDPOINT_DNS_NAME,
                       Code.PUBLIC_DNS})

_ORDER = {code: i for i, code in enumerate(Code)}


def ordered(codes: Iterable[Code]) -> tuple[Code, ...]:
    """The distinct codes in contract order."""
    return tuple(sorted(set(codes), key=_ORDER.__getitem__))


__all__ = ["DNS_CODES", "Code", "Reason", "ordered"]
