"""The defaults of topology-format.md that depend on other objects, resolved in one place.

Both the rules (`semantic.py`, which must judge the effective setting, e.g. whether private DNS is
on) and the model builder (`build.py`, which stores it) call these, so they can never disagree.
"""

from __future__ import annotations

import re

from vpcdocs.loader import catalogue
from vpcdocs.loader import schema as s

# a flow's S3 `resource` written as a bucket (B) or an object (B/key): bucket naming rules,
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
BUCKET_FORM_RE = re.compile(r"^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?$")


def aws_service(topo: s.Topology, name: str) -> catalogue.Service | None:
    """The AWS service `name` stands for: the catalogue's, or (for a name that is neither in the
    catalogue nor an endpoint service of the file) the assumed one; None for an endpoint
    service."""
    known = catalogue.service(name)
    if known is not None:
        return known
    return None if name in topo.endpoint_services else catalogue.assumed(name)


def endpoint_service(topo: s.Topology, ep: s.Endpoint) -> s.EndpointService | None:
    """The endpoint service an endpoint names, or None for an AWS service (or an unknown name)."""
    if catalogue.service(ep.service) is not None:
        return None
    return topo.endpoint_services.get(ep.service)


def private_dns(topo: s.Topology, ep: s.Endpoint) -> bool:
    """Effective private DNS: only interface endpoints have it; default true for AWS services
    that offer it, and for endpoint services only when the service has a `private_dns_name`."""
    if ep.type != "interface":
        return False
    if ep.private_dns is not None:
        return ep.private_dns
    aws = aws_service(topo, ep.service)
    if aws is not None:
        return aws.private_dns
    svc = topo.endpoint_services.get(ep.service)
    return svc is not None and svc.private_dns_name is not None


def private_dns_inbound_only(topo: s.Topology, ep: s.Endpoint) -> bool:
    """Effective "private DNS only for inbound endpoints": default true for S3 interface endpoints
    with private DNS (as in AWS); false otherwise unless set."""
    if not private_dns(topo, ep):
        return False
    if ep.private_dns_inbound_only is not None:
        return ep.private_dns_inbound_only
    return ep.service == "s3" and catalogue.service("s3") is not None


def service_region(topo: s.Topology, vpc: s.Vpc, ep: s.Endpoint) -> str:
    """The Region of the service an endpoint reaches: `service_region`, else the endpoint
    service's Region, else the endpoint's own VPC's Region."""
    if ep.service_region is not None:
        return ep.service_region
    svc = endpoint_service(topo, ep)
    if svc is not None and svc.vpc in topo.vpcs:
        return topo.vpcs[svc.vpc].region
    return vpc.region


def accepted(topo: s.Topology, ep: s.Endpoint) -> bool:
    """Whether the connection is accepted: `accepted`, else true unless the endpoint service
    requires acceptance (AWS services accept automatically)."""
    if ep.accepted is not None:
        return ep.accepted
    svc = endpoint_service(topo, ep)
    return svc is None or not svc.acceptance_required


def principal(vpc: s.Vpc, ep: s.Endpoint) -> str | None:
    """Who creates the endpoint: `principal`, else the root of the VPC's account (if known)."""
    if ep.principal is not None:
        return ep.principal
    return f"arn:aws:iam::{vpc.account}:root" if vpc.account else None


def under_domain(name: str, domain: str) -> bool:
    """Whether DNS name `name` equals `domain` or lies under it (case and final dot ignored)."""
    n, d = name.rstrip(".").lower(), domain.rstrip(".").lower()
    return n == d or n.endswith("." + d)


def bucket_form(resource: str) -> bool:
    return BUCKET_FORM_RE.fullmatch(resource) is not None


def flow_resource(to: str, resource: str | None) -> str | None:
    """A flow's `resource` as an ARN: for `to: s3` a bucket B is `arn:aws:s3:::B/*` (its
    objects) and B/key is `arn:aws:s3:::B/key` (topology-format-hybrid.md, "Flows")."""
    if resource is None or resource.startswith("arn:") or to != "s3":
        return resource
    m = BUCKET_FORM_RE.fullmatch(resource)
    if m is None:
        return resource
    return f"arn:aws:s3:::{resource}" if m.group(2) else f"arn:aws:s3:::{resource}/*"


def policy_resources(service: str, resources: list[str]) -> tuple[str, ...]:
    """An endpoint policy's resources as ARN patterns: on S3 endpoints a bucket name B stands
    for `arn:aws:s3:::B` and `arn:aws:s3:::B/*` (topology-format-hybrid.md)."""
    out: list[str] = []
    for r in resources:
        if r == "*" or r.startswith("arn:") or service != "s3":
            out.append(r)
        else:
            out += [f"arn:aws:s3:::{r}", f"arn:aws:s3:::{r}/*"]
    return tuple(dict.fromkeys(out))
