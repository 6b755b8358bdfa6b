"""AWS naming rules the importers share: endpoint service names, ARNs, AZs, Regions.

Service names (what `aws ec2 describe-vpc-endpoint-services` lists, what an endpoint's
`ServiceName` holds) come in a few shapes (AWS PrivateLink guide, "AWS services that integrate
with AWS PrivateLink",
https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html):

* `com.amazonaws.<region>.<service>` (most AWS services; `cn.com.amazonaws.…` in China),
* `com.amazonaws.<service>` for a few global ones (`com.amazonaws.iam`,
  `com.amazonaws.s3-global.accesspoint`),
* `aws.api.<region>.<service>`, `aws.sagemaker.<region>.<service>`, `aws.api.global.<service>`,
* `com.amazonaws.vpce.<region>.vpce-svc-<id>` for endpoint services (PrivateLink, provider side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vpcdocs.loader import catalogue

_VPCE_SVC = re.compile(r"vpce-svc-[0-9a-zA-Z]+")
_ARN = re.compile(r"^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.*)$")
_AZ = re.compile(r"^([a-z]{2}(?:-[a-z]+)+-\d+)([a-z])$")


@dataclass(frozen=True)
class ServiceRef:
    """What an endpoint's service name names."""

    service: str | None  # the catalogue-style short name (s3, ecr.api, ...) of an AWS service
    endpoint_service: str | None  # vpce-svc-… of an endpoint service
    region: str | None  # the Region in the name (None for global services)


def parse_service_name(name: str) -> ServiceRef:
    match = _VPCE_SVC.search(name)
    if match is not None:
        return ServiceRef(None, match.group(0), _region_in(name.split(".")))
    parts = name.split(".")
    regions = set(catalogue.regions())
    for i, part in enumerate(parts):
        if part in regions or part == "global":
            short = ".".join(parts[i + 1:])
            if short.endswith(".cn") and parts[0] == "cn":
                short = short[:-3]
            return ServiceRef(short or name, None, part if part in regions else None)
    for prefix in ("cn.com.amazonaws.", "com.amazonaws.", "aws.api.", "aws."):
        if name.startswith(prefix):
            return ServiceRef(name[len(prefix):], None, None)
    return ServiceRef(name, None, None)


def _region_in(parts: list[str]) -> str | None:
    regions = set(catalogue.regions())
    return next((p for p in parts if p in regions), None)


def arn_region(arn: str | None) -> str | None:
    match = _ARN.match(arn or "")
    if match is None or match.group(3) not in catalogue.regions():
        return None
    return match.group(3)


def arn_account(arn: str | None) -> str | None:
    match = _ARN.match(arn or "")
    return match.group(4) if match is not None and match.group(4) else None


def az_region(az: str | None) -> str | None:
    """eu-west-1a -> eu-west-1; a Local Zone (us-east-1-bos-1a) -> us-east-1; else None."""
    if not az:
        return None
    match = _AZ.match(az)
    if match is not None and match.group(1) in catalogue.regions():
        return match.group(1)
    for region in catalogue.regions():
        if az.startswith(region + "-") and re.fullmatch(re.escape(region) + r"-[a-z]+-\d+[a-z]", az):
            return region
    return None


def is_region(value: object) -> bool:
    return isinstance(value, str) and value in catalogue.regions()


def is_account(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{12}", value) is not None


def endpoint_id_in(dns_name: str) -> str | None:
    """The `vpce-…` id in an interface endpoint's DNS name
    (`vpce-0abc-xyz.sqs.eu-west-1.vpce.amazonaws.com` -> `vpce-0abc`)."""
    match = re.match(r"^\*?\.?(vpce-[0-9a-z]+)(?:-[a-z0-9]+)?\.", dns_name.strip().lower())
    return match.group(1) if match is not None else None


def ipv4_cidr(value: object) -> str | None:
    """`value` if it is an IPv4 CIDR block in canonical form, else None."""
    import ipaddress

    if not isinstance(value, str) or "/" not in value:
        return None
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None
    return str(net) if net.version == 4 else None
