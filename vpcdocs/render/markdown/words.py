"""The words the pages use for the analysis' vocabularies, and the AWS pages they cite.

Flow codes, blocking reasons and hop kinds are fixed strings (`paths-json.md`); here each gets a
short label and a sentence for people. An unknown code (the contract allows additions) falls back
to the code itself, so a new code never breaks a page. Sources are the AWS documentation pages
collected in aws-networking-facts.md.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AWS_DOCS",
    "CODE_WORDS",
    "ENDPOINT_TYPE_WORDS",
    "HOP_LABELS",
    "REASON_WORDS",
    "Doc",
    "code_words",
    "hop_label",
    "principal_kind",
    "reason_words",
]


@dataclass(frozen=True)
class Doc:
    title: str
    url: str


AWS_DOCS: dict[str, Doc] = {
    "privatelink": Doc(
        "What is AWS PrivateLink?",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/what-is-privatelink.html",
    ),
    "managed-prefix-lists": Doc(
        "Managed prefix lists",
        "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html",
    ),
    "prefix-list-entries-cli": Doc(
        "get-managed-prefix-list-entries (AWS CLI)",
        "https://awscli.amazonaws.com/v2/documentation/api/latest/reference/ec2/"
        "get-managed-prefix-list-entries.html",
    ),
    "ip-ranges": Doc(
        "AWS IP address ranges",
        "https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html",
    ),
    "s3-mrap-privatelink": Doc(
        "Configuring a Multi-Region Access Point for use with AWS PrivateLink",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessConfiguration.html",
    ),
    "nlb-target-groups": Doc(
        "Target groups for your Network Load Balancers",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/"
        "load-balancer-target-groups.html",
    ),
    "create-endpoint-service": Doc(
        "Create an endpoint service",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html",
    ),
    "gateway-endpoints": Doc(
        "Gateway endpoints",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    ),
    "interface-endpoints": Doc(
        "Access an AWS service using an interface VPC endpoint",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
    ),
    "gwlb-endpoints": Doc(
        "Gateway Load Balancer endpoints",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpce-gateway-load-balancer.html",
    ),
    "endpoint-services": Doc(
        "Share your services through AWS PrivateLink",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html",
    ),
    "endpoint-permissions": Doc(
        "Manage permissions (allowed principals)",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/add-endpoint-service-permissions.html",
    ),
    "cross-region-privatelink": Doc(
        "Cross-Region connectivity for endpoint services",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/"
        "privatelink-share-your-services.html#endpoint-service-cross-region",
    ),
    "cross-region-aws-services": Doc(
        "Cross-Region enabled AWS services",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/"
        "aws-services-cross-region-privatelink-support.html",
    ),
    "route-priority": Doc(
        "Route priority",
        "https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html",
    ),
    "peering": Doc(
        "What is VPC peering?",
        "https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html",
    ),
    "peering-limits": Doc(
        "VPC peering limitations",
        "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html"
        "#vpc-peering-limitations",
    ),
    "transit-gateway": Doc(
        "What is a transit gateway?",
        "https://docs.aws.amazon.com/vpc/latest/tgw/what-is-transit-gateway.html",
    ),
    "tgw-attachments": Doc(
        "Transit gateway attachments to a VPC",
        "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html",
    ),
    "tgw-peering": Doc(
        "Transit gateway peering attachments",
        "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html",
    ),
    "centralized-endpoints": Doc(
        "Centralized access to VPC private endpoints",
        "https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-"
        "network-infrastructure/centralized-access-to-vpc-private-endpoints.html",
    ),
    "phz": Doc(
        "Considerations when working with a private hosted zone",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "hosted-zone-private-considerations.html",
    ),
    "phz-associate": Doc(
        "Associating more VPCs with a private hosted zone",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "hosted-zone-private-associate-vpcs.html",
    ),
    "nat-gateway": Doc(
        "NAT gateways",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
    ),
    "internet-gateway": Doc(
        "Internet gateways",
        "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html",
    ),
    "s3-privatelink": Doc(
        "AWS PrivateLink for Amazon S3",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html",
    ),
    "privatelink-pricing": Doc(
        "AWS PrivateLink pricing", "https://aws.amazon.com/privatelink/pricing/"
    ),
    "vpc-pricing": Doc("Amazon VPC pricing (NAT gateway)", "https://aws.amazon.com/vpc/pricing/"),
    "tgw-pricing": Doc(
        "AWS Transit Gateway pricing", "https://aws.amazon.com/transit-gateway/pricing/"
    ),
    "data-transfer": Doc(
        "Overview of data transfer costs for common architectures",
        "https://aws.amazon.com/blogs/architecture/"
        "overview-of-data-transfer-costs-for-common-architectures/",
    ),
}

# hybrid networks and filters (aws-networking-facts-hybrid.md; the Concepts page shows them only
# for designs that use them, so format 1 pages are unchanged)
AWS_DOCS.update({
    "site-to-site-vpn": Doc(
        "What is AWS Site-to-Site VPN?",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html",
    ),
    "vpn-route-priority": Doc(
        "Route tables and VPN route priority",
        "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html",
    ),
    "dx-gateways": Doc(
        "Direct Connect gateways",
        "https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html",
    ),
    "dx-allowed-prefixes": Doc(
        "Allowed prefixes interactions",
        "https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html",
    ),
    "resolver-inbound": Doc(
        "Resolving DNS queries between VPCs and your network",
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "resolver-overview-DSN-queries-to-vpc.html",
    ),
    "security-groups": Doc(
        "Control traffic to your AWS resources using security groups",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
    ),
    "network-acls": Doc(
        "Control subnet traffic with network access control lists",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
    ),
    "endpoint-policies": Doc(
        "Control access to VPC endpoints using endpoint policies",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    ),
})

HOP_LABELS: dict[str, str] = {
    "workload": "workload",
    "subnet": "subnet",
    "route-table": "route table",
    "local": "local route",
    "nat-gateway": "NAT gateway",
    "internet-gateway": "internet gateway",
    "internet": "internet",
    "gateway-endpoint": "gateway endpoint",
    "interface-endpoint": "interface endpoint",
    "gateway-load-balancer-endpoint": "GWLB endpoint",
    "peering": "VPC peering",
    "transit-gateway": "transit gateway",
    "transit-gateway-peering": "TGW peering",
    "load-balancer": "load balancer",
    "endpoint-service": "endpoint service",
    "service": "AWS service",
    "on-premises": "on-premises network",
    "vpn-connection": "Site-to-Site VPN",
    "vpn-gateway": "virtual private gateway",
    "direct-connect": "Direct Connect",
    "direct-connect-gateway": "Direct Connect gateway",
    "network-acl": "network ACL",
}

CODE_WORDS: dict[str, tuple[str, str]] = {
    "VIA_GATEWAY_ENDPOINT": (
        "gateway endpoint",
        "A route table sends the traffic to a gateway endpoint by the service's prefix-list route.",
    ),
    "VIA_INTERFACE_ENDPOINT": (
        "interface endpoint",
        "The traffic goes to the private addresses (ENIs) of an interface endpoint (PrivateLink).",
    ),
    "VIA_NAT_GATEWAY": (
        "NAT gateway",
        "The traffic leaves through a NAT gateway, which charges for every GB it processes.",
    ),
    "VIA_INTERNET_GATEWAY": (
        "internet gateway",
        "The traffic goes out through an internet gateway to public addresses.",
    ),
    "VIA_PEERING": ("VPC peering", "The traffic crosses a VPC peering connection."),
    "VIA_TRANSIT_GATEWAY": ("transit gateway", "The traffic goes through a transit gateway."),
    "VIA_TRANSIT_GATEWAY_PEERING": (
        "TGW peering",
        "The traffic crosses a peering between two transit gateways (static routes only).",
    ),
    "VIA_ENDPOINT_SERVICE": (
        "endpoint service",
        "The traffic reaches a PrivateLink endpoint service and its load balancer.",
    ),
    "VIA_GATEWAY_LOAD_BALANCER_ENDPOINT": (
        "GWLB endpoint",
        "A route sends the traffic through a Gateway Load Balancer endpoint (inspection).",
    ),
    "PRIVATE_DNS": (
        "private DNS",
        "The service's usual name resolves to the endpoint's addresses through the endpoint's "
        "private DNS, which answers only inside the endpoint's own VPC.",
    ),
    "HOSTED_ZONE_DNS": (
        "hosted zone DNS",
        "A Route 53 private hosted zone associated with the source VPC answers the name.",
    ),
    "ENDPOINT_DNS_NAME": (
        "endpoint DNS name",
        "The client calls the endpoint's own DNS name (vpce-…), which resolves to its private "
        "addresses from anywhere.",
    ),
    "PUBLIC_DNS": (
        "public DNS",
        "The name resolves to the service's public addresses.",
    ),
    "CROSS_REGION": ("cross-region", "The traffic crosses an AWS Region boundary."),
    "CROSS_AZ": (
        "cross-AZ",
        "The traffic crosses Availability Zones on the way (a data transfer charge may apply).",
    ),
    "CROSS_REGION_PRIVATELINK": (
        "cross-region PrivateLink",
        "An interface endpoint in one Region reaches a service in another Region.",
    ),
    "VIA_VPN": ("Site-to-Site VPN", "The traffic crosses a Site-to-Site VPN connection."),
    "VIA_DIRECT_CONNECT": ("Direct Connect", "The traffic crosses a Direct Connect virtual "
                           "interface."),
    "VIA_VPN_GATEWAY": ("virtual private gateway", "The traffic crosses a VPC's virtual private "
                        "gateway."),
    "VIA_ON_PREMISES_INTERNET": ("site's internet", "The on-premises network sends the traffic "
                                 "to the internet itself."),
    "PROPAGATED_ROUTE": ("propagated route", "A VPC route table uses a route its virtual "
                         "private gateway learned (route propagation)."),
    "RESOLVER_INBOUND_ENDPOINT": ("Resolver inbound endpoint", "The on-premises DNS server "
                                  "forwards the query to a Route 53 Resolver inbound endpoint."),
    "RESOLVER_FORWARDING_RULE": ("Resolver rule", "A Route 53 Resolver rule forwards the query "
                                 "for the on-premises name through an outbound endpoint."),
}

REASON_WORDS: dict[str, str] = {
    "NO_ROUTE": "no route matches the destination",
    "BLACKHOLE": "a transit gateway black-hole route drops the traffic",
    "NO_INTERNET_GATEWAY": "the NAT gateway's subnet has no route to an internet gateway",
    "GATEWAY_ENDPOINT_NOT_TRANSITIVE": "a gateway endpoint cannot be used from outside its VPC",
    "PEERING_NOT_TRANSITIVE": "a VPC peering is not transitive: the peer's edge cannot be used",
    "PEERING_NOT_ACTIVE": "the peering is not active (pending acceptance)",
    "NO_RETURN_ROUTE": "the reply has no route back",
    "DNS_NOT_RESOLVABLE": "the name cannot be resolved from the source VPC",
    "PRINCIPAL_NOT_ALLOWED": "the endpoint's principal is not allowed by the endpoint service",
    "CONNECTION_NOT_ACCEPTED": "the endpoint service has not accepted the connection",
    "REGION_NOT_SUPPORTED": "the endpoint service does not support the consumer's Region",
    "SECURITY_GROUP_DENIES": "the endpoint's security group does not allow the source",
    "NO_TGW_ATTACHMENT_IN_AZ": "the transit gateway has no attachment subnet in the source's AZ",
    "SERVICE_NOT_AVAILABLE": "the service is not available this way",
    "NO_PUBLIC_IP": "the workload has no public IP address to use the internet gateway directly",
    "NO_ENDPOINT": "there is no interface endpoint for the service in the source VPC",
    "NACL_DENIES": "a network ACL drops the packet at a subnet's edge",
    "NACL_RETURN_DENIES": "a network ACL lets none of the replies through (NACLs are stateless)",
    "ENDPOINT_POLICY_DENIES": "the endpoint policy does not allow the principal or resource",
    "VPN_GATEWAY_NOT_TRANSITIVE": "a virtual private gateway delivers only inside its own VPC",
}

ENDPOINT_TYPE_WORDS: dict[str, str] = {
    "gateway": "gateway endpoint",
    "interface": "interface endpoint",
    "gateway-load-balancer": "Gateway Load Balancer endpoint",
}


def hop_label(kind: str) -> str:
    return HOP_LABELS.get(kind, kind)


def code_words(code: str) -> tuple[str, str]:
    """(short label, sentence) for a flow code; the code itself when it is new."""
    return CODE_WORDS.get(code, (code, code))


def reason_words(reason: str) -> str:
    return REASON_WORDS.get(reason, reason)


def principal_kind(arn: str) -> str:
    """What an allowed principal is: everyone, an account, an IAM role or user, or other."""
    if arn == "*":
        return "everyone (any AWS account)"
    tail = arn.split(":", 5)[-1] if arn.count(":") >= 5 else ""
    if tail == "root":
        return "account (every principal in it)"
    if tail.startswith("role/"):
        return "IAM role"
    if tail.startswith("user/"):
        return "IAM user"
    return "principal"


def principal_account(arn: str) -> str | None:
    parts = arn.split(":")
    if len(parts) >= 5 and parts[0] == "arn" and parts[4].isdigit():
        return parts[4]
    return None
