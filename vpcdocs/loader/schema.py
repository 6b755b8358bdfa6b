"""The topology format (topology-format.md) declared once, as pydantic v2 models.

These models check the shape of the file: keys, types, defaults, name syntax, CIDR syntax and host
bits, account ids and principal ARNs, region names. Unknown keys are errors (`extra="forbid"`).
Cross-object rules (references, containment, overlap, AZ rules) are in `semantic.py`. The JSON
Schema printed by `vpcdocs schema` and used by editors is generated from these same models.

Errors raised here use `PydanticCustomError` whose type is the diagnostic code, so that
`validate.py` can map them straight to `error[CODE]` diagnostics.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vpcdocs.codes import DiagnosticCode
from vpcdocs.loader import catalogue

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
Name = Annotated[
    str,
    StringConstraints(pattern=NAME_PATTERN),
    Field(description="A name from this file: 1-64 characters A-Za-z0-9._- starting with a letter "
                      "or digit; unique in the whole file."),
]


@lru_cache(maxsize=1 << 16)
def _loose_network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(value, strict=False)


@lru_cache(maxsize=1 << 16)
def network(cidr: str) -> ipaddress.IPv4Network:
    """A checked `Cidr` as a network. The schema, the rules and the model builder each need
    every block of the file, and parsing one costs about 10 microseconds: each is parsed once
    (the schema's check already parsed it)."""
    net = _loose_network(cidr)
    if isinstance(net, ipaddress.IPv4Network) and str(net) == cidr:
        return net
    return ipaddress.IPv4Network(cidr)


def _cidr(value: str) -> str:
    try:
        net = _loose_network(value)
    except ValueError:
        raise PydanticCustomError(
            DiagnosticCode.BAD_CIDR,
            "`{value}` is not an IPv4 CIDR block such as 10.0.0.0/16",
            {"value": value},
        ) from None
    if net.version != 4 or "/" not in value:
        raise PydanticCustomError(
            DiagnosticCode.BAD_CIDR,
            "`{value}` is not an IPv4 CIDR block such as 10.0.0.0/16",
            {"value": value},
        )
    if str(net) != value.strip():
        raise PydanticCustomError(
            DiagnosticCode.CIDR_HOST_BITS,
            "`{value}` has host bits set; the network is {net}",
            {"value": value, "net": str(net)},
        )
    return value


Cidr = Annotated[
    str,
    AfterValidator(_cidr),
    Field(description="An IPv4 CIDR block, e.g. 10.1.0.0/16", examples=["10.1.0.0/16"],
          json_schema_extra={"pattern": r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$"}),
]


def _region(value: str) -> str:
    if value not in catalogue.regions():
        raise PydanticCustomError(DiagnosticCode.BAD_REGION,
                                  "`{value}` is not an AWS Region", {"value": value})
    return value


Region = Annotated[
    str,
    AfterValidator(_region),
    Field(description="An AWS Region name, e.g. eu-west-2", examples=["eu-west-2"],
          json_schema_extra={"enum": list(catalogue.regions())}),
]


def _account_before(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise PydanticCustomError(
            DiagnosticCode.ACCOUNT_NOT_QUOTED,
            "account id {value} is a number; write it as a quoted string of 12 digits",
            {"value": value},
        )
    return value


def _account(value: str) -> str:
    if not re.fullmatch(r"\d{12}", value):
        raise PydanticCustomError(
            DiagnosticCode.BAD_ACCOUNT, "`{value}` is not a 12-digit AWS account id", {"value": value}
        )
    return value


Account = Annotated[
    str,
    BeforeValidator(_account_before),
    AfterValidator(_account),
    Field(description='A 12-digit AWS account id, quoted: "111111111111"',
          json_schema_extra={"pattern": r"^\d{12}$"}),
]

PRINCIPAL_RE = re.compile(
    r"^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(root|user/[\w+=,.@/-]{1,512}|role/[\w+=,.@/-]{1,512})$"
)


def _principal_arn(value: str) -> str:
    if not PRINCIPAL_RE.fullmatch(value):
        raise PydanticCustomError(
            DiagnosticCode.BAD_PRINCIPAL,
            "`{value}` is not a principal ARN: use arn:aws:iam::<12 digits>:root, "
            ":user/<name> or :role/<name>",
            {"value": value},
        )
    return value


def _principal(value: str) -> str:
    if value != "*" and not PRINCIPAL_RE.fullmatch(value):
        raise PydanticCustomError(
            DiagnosticCode.BAD_PRINCIPAL,
            "`{value}` is not a principal ARN: use arn:aws:iam::<12 digits>:root, "
            ":user/<name> or :role/<name>, or *",
            {"value": value},
        )
    return value


_ARN_PATTERN = r"arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|user/.+|role/.+)"

# who may connect to an endpoint service: principals, or * for everyone
Principal = Annotated[
    str,
    AfterValidator(_principal),
    Field(description="arn:aws:iam::<account>:root | :user/<name> | :role/<name>, or *",
          json_schema_extra={"pattern": rf"^(\*|{_ARN_PATTERN})$"}),
]
# who creates an endpoint: one principal
PrincipalArn = Annotated[
    str,
    AfterValidator(_principal_arn),
    Field(description="arn:aws:iam::<account>:root | :user/<name> | :role/<name>",
          json_schema_extra={"pattern": rf"^{_ARN_PATTERN}$"}),
]

DNS_RE = re.compile(r"^(?=.{1,253}$)(\*\.)?([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}\.?$")


def _dns(value: str) -> str:
    if not DNS_RE.fullmatch(value):
        raise PydanticCustomError(DiagnosticCode.BAD_DNS_NAME,
                                  "`{value}` is not a DNS name", {"value": value})
    return value


DnsName = Annotated[str, AfterValidator(_dns), Field(description="A DNS name, e.g. api.example.com")]
Status = Literal["active", "pending"]


def _null_means_empty_schema(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """JSON Schema side of `Base._null_means_empty`: such keys may also be null."""
    props = schema.get("properties", {})
    for name, info in cls.model_fields.items():
        key = info.alias or name
        if info.default_factory is not None and key in props:
            prop = props[key]
            keep = {k: prop.pop(k) for k in ("title", "description") if k in prop}
            props[key] = {**keep, "anyOf": [prop, {"type": "null"}]}


def _empty_ok_schema(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    _null_means_empty_schema(schema, cls)
    schema["type"] = ["object", "null"]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              json_schema_extra=_null_means_empty_schema)

    @model_validator(mode="before")
    @classmethod
    def _null_means_empty(cls, data: Any) -> Any:
        """A key written with nothing after it (`subnets:`) means an empty mapping or list."""
        if not isinstance(data, dict):
            return data
        for name, info in cls.model_fields.items():
            key = info.alias or name
            if info.default_factory is not None and key in data and data[key] is None:
                data = {**data, key: info.default_factory()}  # type: ignore[call-arg]
        return data


class EmptyOk(Base):
    """An object whose keys are all optional: a key with nothing after it is an empty object."""

    model_config = ConfigDict(json_schema_extra=lambda schema, cls: _empty_ok_schema(schema, cls))

    @model_validator(mode="before")
    @classmethod
    def _null_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data


class Subnet(Base):
    """A subnet in one Availability Zone."""

    az: str = Field(min_length=1, description="the Availability Zone, in the VPC's Region, e.g. eu-west-1a")
    cidr: Cidr = Field(description="the subnet's block, inside the VPC's, /16 to /28")
    route_table: Name | None = Field(None, description="its route table; default: the VPC's "
                                                       "main table")


class Route(Base):
    to: Cidr = Field(description="the destination block, e.g. 0.0.0.0/0")
    via: Name = Field(description="a NAT gateway, the VPC's internet gateway, a peering, a "
                                  "transit gateway or a gateway-load-balancer endpoint")


class RouteTable(EmptyOk):
    main: bool = Field(False, description="the VPC's main route table (used by subnets "
                                          "without `route_table`)")
    routes: list[Route] = Field(default_factory=list, description="routes besides the implicit "
                                                                  "`local` ones")


class NatGateway(Base):
    subnet: Name = Field(description="the (public) subnet the NAT gateway is in")


class Endpoint(Base):
    """A VPC endpoint: gateway (S3, DynamoDB), interface (PrivateLink ENIs) or GWLB endpoint."""

    type: Literal["gateway", "interface", "gateway-load-balancer"] = Field(
        description="gateway (S3, DynamoDB), interface (PrivateLink) or gateway-load-balancer")
    service: Name = Field(description="an AWS service from the catalogue (s3, sqs, ...) or an "
                                      "endpoint service of this file")
    route_tables: list[Name] | None = Field(None, description="gateway endpoints: the route "
                                                             "tables that get its route")
    subnets: list[Name] | None = Field(
        None, description="interface/GWLB endpoints: subnets for the ENIs, at most one per AZ"
    )
    private_dns: bool | None = Field(
        None, description="default true for AWS services; for endpoint services, true when the "
                          "service has a private_dns_name"
    )
    private_dns_inbound_only: bool | None = Field(
        None, description="S3 interface endpoints with private DNS: default true (as in AWS)"
    )
    allow_from: list[Cidr] | None = Field(
        None, description="security-group ingress CIDRs; absent = allowed (an assumption)"
    )
    service_region: Region | None = Field(None, description="cross-region PrivateLink: the "
                                                            "service's Region")
    principal: PrincipalArn | None = Field(None, description="who creates the endpoint; default "
                                                          "the VPC account's root")
    accepted: bool | None = Field(None, description="whether the provider accepted the "
                                                    "connection; default false when the service "
                                                    "requires acceptance")


class Workload(Base):
    """Something that sends traffic: instances, tasks, functions."""

    subnet: Name = Field(description="the subnet it runs in")
    kind: str = Field("ec2", description="free text, used for icons (ec2, ecs, lambda, ...)")
    count: int = Field(1, ge=1, description="how many (for the diagrams)")
    public_ip: bool = Field(False, description="whether it has a public IPv4 address")


class Vpc(Base):
    """A VPC and everything in it."""

    region: Region = Field(description="the VPC's Region, e.g. eu-west-2")
    account: Account | None = Field(None, description='the owner account, 12 digits quoted: '
                                                      '"111111111111"')
    cidr: Cidr | None = Field(None, description="the VPC's block (or `cidrs` for several)")
    cidrs: list[Cidr] | None = Field(None, min_length=1, description="the VPC's blocks, when "
                                                                     "it has several")
    dns_support: bool = Field(True, description="enableDnsSupport")
    dns_hostnames: bool = Field(True, description="enableDnsHostnames")
    internet_gateway: Name | None = Field(None, description="name of this VPC's internet gateway")
    subnets: dict[Name, Subnet] = Field(default_factory=dict, description="subnets by name")
    route_tables: dict[Name, RouteTable] = Field(default_factory=dict,
                                                 description="route tables by name")
    nat_gateways: dict[Name, NatGateway] = Field(default_factory=dict,
                                                 description="NAT gateways by name")
    endpoints: dict[Name, Endpoint] = Field(default_factory=dict,
                                            description="VPC endpoints by name")
    workloads: dict[Name, Workload] = Field(default_factory=dict,
                                            description="workloads by name")

    @model_validator(mode="after")
    def _one_cidr_form(self) -> Vpc:
        if self.cidr is None and self.cidrs is None:
            raise PydanticCustomError(
                DiagnosticCode.VPC_CIDR, "a VPC needs `cidr` (one block) or `cidrs` (a list of blocks)", {}
            )
        if self.cidr is not None and self.cidrs is not None:
            raise PydanticCustomError(
                DiagnosticCode.VPC_CIDR, "a VPC has either `cidr` or `cidrs`, not both; put every block "
                "in `cidrs`", {"at": "cidrs"}
            )
        return self

    def all_cidrs(self) -> tuple[str, ...]:
        return (self.cidr,) if self.cidr is not None else tuple(self.cidrs or ())


class Peering(Base):
    """A VPC peering connection."""

    requester: Name = Field(description="the VPC that requests the peering")
    accepter: Name = Field(description="the VPC that accepts it")
    status: Status = Field("active", description="active (default) or pending")


class TgwAttachment(Base):
    vpc: Name | None = Field(None, description="a VPC attachment: the VPC ...")
    subnets: list[Name] | None = Field(None, description="... and one subnet per AZ")
    peer: Name | None = Field(None, description="a peering attachment: the other transit gateway")
    route_table: Name | None = Field(None, description="the associated TGW route table")
    status: Status = Field("active", description="peering attachments: active or pending")

    @model_validator(mode="after")
    def _kind(self) -> TgwAttachment:
        if self.vpc is None and self.peer is None:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "an attachment needs `vpc` (a VPC attachment) or `peer` "
                "(a peering with another transit gateway)", {}
            )
        if self.vpc is not None and self.peer is not None:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "an attachment has either `vpc` or `peer`, not both; "
                "declare two attachments", {"at": "peer"}
            )
        if self.vpc is not None and not self.subnets:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_SUBNETS, "a VPC attachment needs `subnets`: one subnet in each "
                "Availability Zone that sends traffic to the transit gateway",
                {"at": "subnets"} if self.subnets is not None else {}
            )
        if self.peer is not None and self.subnets is not None:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "a peering attachment has no `subnets`", {"at": "subnets"}
            )
        if self.vpc is not None and "status" in self.model_fields_set:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "`status` applies to peering attachments only",
                {"at": "status"}
            )
        return self


class TgwRoute(Base):
    to: Cidr = Field(description="the destination block")
    via: Name | None = Field(None, description="an attachment of this transit gateway")
    blackhole: bool = Field(False, description="drop matching traffic (instead of `via`)")


class TgwRouteTable(EmptyOk):
    propagations: list[Name] = Field(default_factory=list, description="VPC attachments whose "
                                                                       "blocks are propagated")
    routes: list[TgwRoute] = Field(default_factory=list, description="static routes")


class TransitGateway(Base):
    """A transit gateway, its attachments and its route tables."""

    region: Region = Field(description="the transit gateway's Region")
    attachments: dict[Name, TgwAttachment] = Field(default_factory=dict,
                                                   description="attachments by name")
    route_tables: dict[Name, TgwRouteTable] = Field(default_factory=dict,
                                                    description="route tables by name")


class LoadBalancer(Base):
    name: Name = Field(description="the load balancer's name (in the one namespace)")
    type: Literal["network", "gateway"] = Field(description="network (NLB) or gateway (GWLB)")
    subnets: list[Name] = Field(min_length=1, description="its subnets, one per AZ")
    targets: list[Name] = Field(default_factory=list, description="workloads behind it")


class EndpointService(Base):
    """A PrivateLink endpoint service (the provider side)."""

    vpc: Name = Field(description="the provider's VPC")
    load_balancer: LoadBalancer = Field(description="the load balancer in front of the service")
    acceptance_required: bool = Field(True, description="connections must be accepted by the "
                                                        "provider (default true)")
    allowed_principals: list[Principal] = Field(default_factory=list, description="who may "
                                                "connect; default nobody")
    supported_regions: list[Region] = Field(default_factory=list, description="Regions that "
                                            "cross-Region consumers may connect from")
    private_dns_name: DnsName | None = Field(None, description="a private DNS name (network "
                                                              "load balancers only)")


class HostedZone(Base):
    """A Route 53 private hosted zone aliased to an interface endpoint."""

    domain: DnsName = Field(description="the zone's name, e.g. dynamodb.eu-west-2.amazonaws.com")
    alias_to: Name = Field(description="an interface endpoint")
    vpcs: list[Name] = Field(min_length=1, description="the VPCs it is associated with (any "
                                                       "Region)")


class Flow(Base):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    source: Name = Field(alias="from", description="a workload")
    to: Name = Field(description="an AWS service, an endpoint service or a workload")
    region: Region | None = Field(None, description="AWS services: the service's Region")
    via_endpoint: Name | None = Field(None, description="use this interface endpoint's own DNS name")
    gb_per_month: float = Field(0.0, ge=0, allow_inf_nan=False,
                                description="all data moved per month, both directions")
    description: str | None = Field(None, description="Markdown")


def _date(value: str) -> str:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            DiagnosticCode.BAD_DATE, "`{value}` is not a date; write YYYY-MM-DD, e.g. 2026-06-01",
            {"value": value}) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError(
            DiagnosticCode.BAD_DATE, "`{value}` is not a date; write YYYY-MM-DD, e.g. 2026-06-01",
            {"value": value})
    return value


Price = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Pricing(Base):
    as_of: Annotated[str, AfterValidator(_date)] | None = Field(
        None, description="date of the override prices, YYYY-MM-DD", examples=["2026-06-01"],
        json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}$"})
    regions: dict[Region, dict[str, Price]] = Field(
        default_factory=dict, description="per Region: price-table key -> USD")


class Topology(Base):
    """A vpcdocs topology file (format 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              title="vpcdocs topology (format 1)")

    vpcdocs: Literal[1] = Field(description="the format version: 1")
    title: str | None = Field(None, description="the site's title")
    description: str | None = Field(None, description="Markdown")
    accounts: dict[Account, str] = Field(default_factory=dict,
                                         description="labels for account ids")
    vpcs: dict[Name, Vpc] = Field(description="the VPCs by name")
    peerings: dict[Name, Peering] = Field(default_factory=dict, description="VPC peerings")
    transit_gateways: dict[Name, TransitGateway] = Field(default_factory=dict,
                                                         description="transit gateways")
    endpoint_services: dict[Name, EndpointService] = Field(
        default_factory=dict, description="PrivateLink endpoint services (provider side)")
    hosted_zones: dict[Name, HostedZone] = Field(default_factory=dict,
                                                 description="private hosted zones")
    flows: dict[Name, Flow] | None = Field(
        None, description="absent: one flow from every workload to every service named by an "
                          "endpoint"
    )
    pricing: Pricing | None = Field(None, description="overrides of the bundled price table")
