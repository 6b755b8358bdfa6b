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
from collections.abc import Callable
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


# per model: (key, default factory) of each field whose default is an empty mapping or list
_EMPTY_FIELDS: dict[type[BaseModel], tuple[tuple[str, Callable[..., Any]], ...]] = {}
_ABSENT = object()


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              json_schema_extra=_null_means_empty_schema)

    @model_validator(mode="before")
    @classmethod
    def _null_means_empty(cls, data: Any) -> Any:
        """A key written with nothing after it (`subnets:`) means an empty mapping or list."""
        if not isinstance(data, dict):
            return data
        fields = _EMPTY_FIELDS.get(cls)
        if fields is None:  # once per model: its keys with an empty default
            fields = _EMPTY_FIELDS[cls] = tuple(
                (info.alias or name, info.default_factory)
                for name, info in cls.model_fields.items() if info.default_factory is not None)
        for key, factory in fields:
            if data.get(key, _ABSENT) is None:
                data = {**data, key: factory()}
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
    network_acl: Name | None = Field(None, description="its network ACL (of the same VPC); "
                                                       "default: the VPC's `default: true` NACL, "
                                                       "else AWS's default NACL (allows all)")


class Route(Base):
    to: Cidr = Field(description="the destination block, e.g. 0.0.0.0/0")
    via: Name = Field(description="a NAT gateway, the VPC's internet gateway, a peering, a "
                                  "transit gateway, a gateway-load-balancer endpoint or the "
                                  "VPC's virtual private gateway")


class RouteTable(EmptyOk):
    main: bool = Field(False, description="the VPC's main route table (used by subnets "
                                          "without `route_table`)")
    propagate: bool = Field(False, description="route propagation from the VPC's virtual "
                                               "private gateway (`vpn_gateway`)")
    routes: list[Route] = Field(default_factory=list, description="routes besides the implicit "
                                                                  "`local` ones")


# --- filters: security groups, network ACLs, endpoint policies (topology-format-hybrid.md) ---

Protocol = Literal["tcp", "udp", "icmp", "all"]
PORT_RANGE_RE = re.compile(r"^(\d{1,5})-(\d{1,5})$")


def port_range(value: int | str) -> tuple[int, int]:
    """A checked `ports` value as (first, last)."""
    if isinstance(value, int):
        return value, value
    m = PORT_RANGE_RE.fullmatch(value.strip())
    assert m is not None
    return int(m.group(1)), int(m.group(2))


def _ports_problem(value: Any) -> str | None:
    """Why a `ports` value is not one port (443) or a range (1024-65535) within 0-65535."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}` is not a port"
    if isinstance(value, int):
        return None if 0 <= value <= 65535 else f"port {value} is outside 0-65535"
    if isinstance(value, str):
        m = PORT_RANGE_RE.fullmatch(value.strip())
        if m is None:
            return f"`{value}` is neither a port (443) nor a range (1024-65535)"
        first, last = int(m.group(1)), int(m.group(2))
        if last > 65535:
            return f"range `{value}` goes past port 65535"
        if first > last:
            return f"range `{value}` ends before it starts"
        return None
    return "ports must be one port (443) or a range (1024-65535)"


def _check_ports(code: DiagnosticCode, protocol: str, ports: Any, given: bool) -> None:
    if protocol in ("tcp", "udp"):
        if not given:
            raise PydanticCustomError(
                code, "a {protocol} rule needs `ports`: one port (443) or a range "
                "(1024-65535)", {"protocol": protocol})
        problem = _ports_problem(ports)
        if problem is not None:
            raise PydanticCustomError(code, "{problem}", {"problem": problem, "at": "ports"})
    elif given:
        raise PydanticCustomError(
            code, "`ports` applies to tcp and udp rules, not to `{protocol}`",
            {"protocol": protocol, "at": "ports"})


Ports = Annotated[
    int | str,
    Field(description="one port (443) or a range (1024-65535), within 0-65535; tcp and udp only",
          examples=[443, "1024-65535"]),
]


class SgRule(Base):
    """One security group rule: who (exactly one of cidr, prefix_list, security_group) may send
    (inbound) or be sent to (outbound), on which protocol and ports."""

    protocol: Protocol = Field(description="tcp, udp, icmp or all")
    ports: Ports | None = Field(None, description="tcp/udp: one port (443) or a range "
                                                  "(1024-65535)")
    cidr: Cidr | None = Field(None, description="an IPv4 block")
    prefix_list: Name | None = Field(None, description="a prefix list of this file, or s3 / "
                                                       "dynamodb (AWS's managed list)")
    security_group: Name | None = Field(None, description="a security group, by name")

    @model_validator(mode="after")
    def _shape(self) -> SgRule:
        _check_ports(DiagnosticCode.SG_RULE_PORTS, self.protocol, self.ports,
                     "ports" in self.model_fields_set)
        given = [k for k in ("cidr", "prefix_list", "security_group") if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                DiagnosticCode.SG_RULE_TARGET,
                "a rule names exactly one of `cidr`, `prefix_list` and `security_group`"
                + (", not several" if given else ""),
                {"at": given[1]} if len(given) > 1 else {})
        return self


class SecurityGroup(EmptyOk):
    """A security group of the VPC (stateful, allow rules only)."""

    inbound: list[SgRule] = Field(default_factory=list, description="allowed inbound traffic; "
                                                                    "absent: none")
    outbound: list[SgRule] | None = Field(
        None, description="allowed outbound traffic; absent: everything (AWS's default rule); "
                          "written empty: nothing")

    @model_validator(mode="before")
    @classmethod
    def _empty_outbound(cls, data: Any) -> Any:
        """`outbound:` written with nothing after it is an empty list (no rule), not absent."""
        if isinstance(data, dict) and "outbound" in data and data["outbound"] is None:
            return {**data, "outbound": []}
        return data


def _nacl_rule_number(value: int) -> int:
    if not 1 <= value <= 32766:
        raise PydanticCustomError(DiagnosticCode.NACL_RULE_NUMBER,
                                  "rule number {value} is outside 1-32766", {"value": value})
    return value


class NaclRule(Base):
    """One network ACL rule; rules are read lowest number first, the first match decides."""

    rule: Annotated[int, AfterValidator(_nacl_rule_number)] = Field(
        description="the rule number, 1-32766, unique per direction")
    action: Literal["allow", "deny"] = Field(description="allow or deny")
    protocol: Protocol = Field(description="tcp, udp, icmp or all")
    ports: Ports | None = Field(None, description="tcp/udp: one port (443) or a range "
                                                  "(1024-65535)")
    cidr: Cidr = Field(description="inbound: the source block; outbound: the destination block")

    @model_validator(mode="after")
    def _shape(self) -> NaclRule:
        _check_ports(DiagnosticCode.NACL_RULE_PORTS, self.protocol, self.ports,
                     "ports" in self.model_fields_set)
        return self


class NetworkAcl(EmptyOk):
    """A network ACL (stateless): every declared NACL ends with a rule that denies everything."""

    default: bool = Field(False, description="the NACL of every subnet of the VPC that names "
                                             "none (at most one per VPC)")
    inbound: list[NaclRule] = Field(default_factory=list, description="inbound rules (by "
                                                                      "source); absent: deny all")
    outbound: list[NaclRule] = Field(default_factory=list, description="outbound rules (by "
                                                                       "destination); absent: "
                                                                       "deny all")


def _policy_principal_before(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        raise PydanticCustomError(
            DiagnosticCode.ACCOUNT_NOT_QUOTED,
            "account id {value} is a number; write it as a quoted string of 12 digits",
            {"value": value})
    return value


ROLE_USER_RE = re.compile(
    r"^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(user/[\w+=,.@/-]{1,512}|role/[\w+=,.@/-]{1,512})$")


def _policy_principal(value: str) -> str:
    if value == "*" or re.fullmatch(r"\d{12}", value) or ROLE_USER_RE.fullmatch(value):
        return value
    raise PydanticCustomError(
        DiagnosticCode.BAD_PRINCIPAL,
        "`{value}` is not a policy principal: use *, a quoted 12-digit account or an IAM role or "
        "user ARN (arn:aws:iam::<12 digits>:role/<name>)", {"value": value})


def _signer(value: str) -> str:
    if ROLE_USER_RE.fullmatch(value):
        return value
    raise PydanticCustomError(
        DiagnosticCode.BAD_PRINCIPAL,
        "`{value}` is not an IAM role or user ARN (arn:aws:iam::<12 digits>:role/<name> or "
        ":user/<name>)", {"value": value})


# who signs a flow's requests (endpoint policies only): an IAM role or user
SignerArn = Annotated[
    str, AfterValidator(_signer),
    Field(description="arn:aws:iam::<account>:role/<name> or :user/<name>",
          json_schema_extra={"pattern": r"^arn:aws(-cn|-us-gov)?:iam::\d{12}:(user|role)/.+$"}),
]

PolicyPrincipal = Annotated[
    str, BeforeValidator(_policy_principal_before), AfterValidator(_policy_principal),
    Field(description='*, a 12-digit account (quoted: "111111111111") or an IAM role or user ARN'),
]
ARN_PATTERN_RE = re.compile(r"^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$")
# S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
# with IAM's wildcards allowed
BUCKET_RE = re.compile(r"^[a-z0-9*?][a-z0-9.*?-]{1,61}[a-z0-9*?]$")


def _policy_resource(value: str) -> str:
    if value == "*" or ARN_PATTERN_RE.fullmatch(value) or BUCKET_RE.fullmatch(value):
        return value
    raise PydanticCustomError(
        DiagnosticCode.POLICY_RESOURCE,
        "`{value}` is not a policy resource: use *, an ARN (wildcards * and ? allowed) or, on S3 "
        "endpoints, a bucket name", {"value": value})


PolicyResource = Annotated[
    str, AfterValidator(_policy_resource),
    Field(description="*, an ARN pattern (wildcards * and ?) or, on S3 endpoints, a bucket name"),
]


class EndpointPolicy(EmptyOk):
    """An endpoint policy in small form: one Allow statement for all actions."""

    principals: list[PolicyPrincipal] = Field(
        default_factory=lambda: ["*"], min_length=1,
        description='who may use the endpoint: *, accounts ("111111111111") or role/user ARNs; '
                    "default *")
    resources: list[PolicyResource] = Field(
        default_factory=lambda: ["*"], min_length=1,
        description="what may be reached: *, ARN patterns or (S3) bucket names; default *")


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
    security_groups: list[Name] | None = Field(None, description="interface endpoints: its "
                                                                 "security groups (of its VPC)")
    policy: EndpointPolicy | None = Field(None, description="the endpoint policy; absent: full "
                                                            "access")


class Workload(Base):
    """Something that sends traffic: instances, tasks, functions."""

    subnet: Name = Field(description="the subnet it runs in")
    kind: str = Field("ec2", description="free text, used for icons (ec2, ecs, lambda, ...)")
    count: int = Field(1, ge=1, description="how many (for the diagrams)")
    public_ip: bool = Field(False, description="whether it has a public IPv4 address")
    security_groups: list[Name] | None = Field(None, description="its security groups (of its "
                                                                 "VPC); absent: unrestricted")
    principal: SignerArn | None = Field(None, description="the IAM role or user its requests "
                                                          "are signed with (endpoint policies)")


def _ipv4(value: str) -> str:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise PydanticCustomError(DiagnosticCode.BAD_VALUE,
                                  "`{value}` is not an IPv4 address such as 192.168.0.10",
                                  {"value": value}) from None
    return value


Ipv4 = Annotated[str, AfterValidator(_ipv4),
                 Field(description="an IPv4 address, e.g. 192.168.0.10",
                       json_schema_extra={"pattern": r"^\d{1,3}(\.\d{1,3}){3}$"})]


class ResolverEndpoint(Base):
    """A Route 53 Resolver endpoint: one ENI in each of its subnets."""

    direction: Literal["inbound", "outbound"] = Field(
        description="inbound (queries from your network to the VPC) or outbound (queries from "
                    "the VPC to your network, with resolver rules)")
    subnets: list[Name] = Field(default_factory=list, description="at least two subnets of the "
                                                                  "VPC, one ENI each")
    security_groups: list[Name] | None = Field(None, description="its security groups (of its "
                                                                 "VPC); absent: unrestricted")


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
    vpn_gateway: Name | None = Field(None, description="name of the virtual private gateway "
                                                       "attached to this VPC")
    security_groups: dict[Name, SecurityGroup] = Field(default_factory=dict,
                                                       description="security groups by name")
    network_acls: dict[Name, NetworkAcl] = Field(default_factory=dict,
                                                 description="network ACLs by name")
    resolver_endpoints: dict[Name, ResolverEndpoint] = Field(
        default_factory=dict, description="Route 53 Resolver endpoints by name")

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
    vpn: Name | None = Field(None, description="a VPN attachment: the Site-to-Site VPN "
                                               "connection")
    direct_connect_gateway: Name | None = Field(None, description="a Direct Connect gateway "
                                                                  "attachment")
    route_table: Name | None = Field(None, description="the associated TGW route table")
    status: Status = Field("active", description="peering attachments: active or pending")
    security_group_referencing: bool | None = Field(
        None, description="VPC attachments: security group referencing (default true)")

    @model_validator(mode="after")
    def _kind(self) -> TgwAttachment:
        kinds = [k for k in ("vpc", "peer", "vpn", "direct_connect_gateway")
                 if getattr(self, k) is not None]
        if not kinds:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "an attachment needs `vpc` (a VPC attachment), "
                "`peer` (a peering with another transit gateway), `vpn` (a VPN connection) or "
                "`direct_connect_gateway`", {}
            )
        if len(kinds) > 1:
            if kinds[:2] == ["vpc", "peer"] and len(kinds) == 2:
                raise PydanticCustomError(
                    DiagnosticCode.TGW_ATTACHMENT_KIND, "an attachment has either `vpc` or `peer`, "
                    "not both; declare two attachments", {"at": "peer"}
                )
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "an attachment has exactly one of `vpc`, `peer`, "
                "`vpn` and `direct_connect_gateway`; declare one attachment each",
                {"at": kinds[1]}
            )
        if self.vpc is not None and not self.subnets:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_SUBNETS, "a VPC attachment needs `subnets`: one subnet in each "
                "Availability Zone that sends traffic to the transit gateway",
                {"at": "subnets"} if self.subnets is not None else {}
            )
        if self.vpc is None and self.subnets is not None:
            what = "a peering" if self.peer is not None else "this"
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, f"{what} attachment has no `subnets`",
                {"at": "subnets"}
            )
        if self.vpc is None and self.security_group_referencing is not None:
            raise PydanticCustomError(
                DiagnosticCode.TGW_ATTACHMENT_KIND, "`security_group_referencing` applies to VPC "
                "attachments only", {"at": "security_group_referencing"}
            )
        if self.peer is None and "status" in self.model_fields_set:
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
    propagations: list[Name] = Field(default_factory=list, description="attachments whose "
                                                                       "routes are propagated "
                                                                       "(VPC, BGP VPN, Direct "
                                                                       "Connect gateway)")
    routes: list[TgwRoute] = Field(default_factory=list, description="static routes")


class TransitGateway(Base):
    """A transit gateway, its attachments and its route tables."""

    region: Region = Field(description="the transit gateway's Region")
    security_group_referencing: bool = Field(False, description="security group referencing "
                                                                "across VPC attachments (default "
                                                                "false, as in AWS)")
    attachments: dict[Name, TgwAttachment] = Field(default_factory=dict,
                                                   description="attachments by name")
    route_tables: dict[Name, TgwRouteTable] = Field(default_factory=dict,
                                                    description="route tables by name")


class LoadBalancer(Base):
    name: Name = Field(description="the load balancer's name (in the one namespace)")
    type: Literal["network", "gateway"] = Field(description="network (NLB) or gateway (GWLB)")
    subnets: list[Name] = Field(min_length=1, description="its subnets, one per AZ")
    targets: list[Name] = Field(default_factory=list, description="workloads behind it")
    security_groups: list[Name] | None = Field(None, description="network load balancers: its "
                                                                 "security groups (of its VPC)")
    enforce_security_groups_on_privatelink: bool = Field(
        True, description="whether its groups' inbound rules apply to PrivateLink traffic "
                          "(default true)")


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


# --- hybrid networks (topology-format-hybrid.md) --------------------------------------------


class Connection(Base):
    """A Site-to-Site VPN connection or a Direct Connect virtual interface of an on-premises
    network."""

    type: Literal["vpn", "direct-connect"] = Field(description="vpn or direct-connect")
    gateway: Name = Field(description="vpn: a virtual private gateway or a transit gateway; "
                                      "direct-connect: a Direct Connect gateway")
    routing: Literal["bgp", "static"] | None = Field(None, description="vpn only: bgp (default) "
                                                                       "or static")
    static_routes: list[Cidr] | None = Field(None, description="a static VPN to a virtual "
                                                               "private gateway: the site's "
                                                               "prefixes")
    advertise: list[Cidr] | None = Field(None, description="BGP VPN and Direct Connect: what "
                                                           "the site announces; default: the "
                                                           "network's `cidrs`")

    @model_validator(mode="after")
    def _vpn_keys(self) -> Connection:
        if self.type == "direct-connect":
            for key in ("routing", "static_routes"):
                if key in self.model_fields_set:
                    raise PydanticCustomError(
                        DiagnosticCode.UNKNOWN_KEY, "unknown key `{key}` in a direct-connect "
                        "connection: it applies to VPN connections only", {"key": key, "at": key})
        return self


class OnPremisesRoute(Base):
    to: Cidr = Field(description="the destination block")
    via: Name = Field(description="a connection of this network, or `internet`")


class DnsForwarder(Base):
    domain: DnsName = Field(description="this name and every name under it")
    to: Name = Field(description="an inbound Route 53 Resolver endpoint")


class OnPremisesWorkload(EmptyOk):
    """Something in the data centre that sends or receives traffic."""

    cidr: Cidr | None = Field(None, description="its addresses, inside the network's `cidrs`; "
                                                "default: the network's first block")
    kind: str = Field("server", description="free text, used for icons")
    count: int = Field(1, ge=1, description="how many (for the diagrams)")
    principal: SignerArn | None = Field(None, description="the IAM role or user its requests "
                                                          "are signed with (endpoint policies)")


class OnPremises(Base):
    """A network outside AWS (a data centre, an office) and how it connects to AWS."""

    region: Region = Field(description="the AWS Region its connections land in")
    cidrs: list[Cidr] = Field(min_length=1, description="its address blocks")
    dns_domain: DnsName | None = Field(None, description="its workloads are named "
                                                         "<workload>.<dns_domain>")
    dns_server: Ipv4 | None = Field(None, description="the address its DNS servers query from "
                                                      "and answer on")
    connections: dict[Name, Connection] = Field(default_factory=dict,
                                                description="VPN and Direct Connect connections")
    routes: list[OnPremisesRoute] = Field(default_factory=list, description="the site router's "
                                                                            "own static routes")
    dns_forwarders: list[DnsForwarder] = Field(default_factory=list,
                                               description="conditional forwarders of its DNS "
                                                           "servers")
    workloads: dict[Name, OnPremisesWorkload] = Field(default_factory=dict,
                                                      description="workloads by name")


class DxAssociation(Base):
    gateway: Name = Field(description="a virtual private gateway or a transit gateway")
    allowed_prefixes: list[Cidr] | None = Field(
        None, description="what the site learns (transit gateways: required); virtual private "
                          "gateways: default the VPC's blocks")


class DirectConnectGateway(EmptyOk):
    """A Direct Connect gateway (global): its associations with gateways."""

    associations: list[DxAssociation] = Field(default_factory=list,
                                              description="virtual private gateways or transit "
                                                          "gateways, not both")


class ResolverRule(Base):
    """A Route 53 Resolver forwarding rule."""

    domain: DnsName = Field(description="this name and every name under it")
    endpoint: Name = Field(description="an outbound Resolver endpoint")
    targets: list[Ipv4] | None = Field(None, description="the DNS servers' IPv4 addresses; "
                                                         "default: the on-premises network's "
                                                         "`dns_server`")
    vpcs: list[Name] = Field(default_factory=list, description="associated VPCs")


class PrefixList(Base):
    """A customer-managed prefix list (for security group rules)."""

    region: Region = Field(description="its Region")
    cidrs: list[Cidr] = Field(min_length=1, description="its entries")


class Flow(Base):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    source: Name = Field(alias="from", description="a workload (in a VPC or on premises)")
    to: Name = Field(description="an AWS service, an endpoint service or a workload (in a VPC "
                                 "or on premises)")
    region: Region | None = Field(None, description="AWS services: the service's Region")
    via_endpoint: Name | None = Field(None, description="use this interface endpoint's own DNS name")
    gb_per_month: float = Field(0.0, ge=0, allow_inf_nan=False,
                                description="all data moved per month, both directions")
    description: str | None = Field(None, description="Markdown")
    port: int = Field(443, ge=1, le=65535, description="the destination port, default 443")
    protocol: Literal["tcp", "udp"] = Field("tcp", description="tcp (default) or udp (flows to "
                                                               "workloads only)")
    resource: str | None = Field(None, min_length=1,
                                 description="flows to AWS services: an ARN, or for s3 a bucket "
                                             "name B or B/key")
    principal: SignerArn | None = Field(None, description="the IAM role or user requests are "
                                                          "signed with; default the source "
                                                          "workload's")


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
    on_premises: dict[Name, OnPremises] = Field(default_factory=dict,
                                                description="networks outside AWS")
    direct_connect_gateways: dict[Name, DirectConnectGateway] = Field(
        default_factory=dict, description="Direct Connect gateways")
    resolver_rules: dict[Name, ResolverRule] = Field(default_factory=dict,
                                                     description="Route 53 Resolver forwarding "
                                                                 "rules")
    prefix_lists: dict[Name, PrefixList] = Field(default_factory=dict,
                                                 description="customer-managed prefix lists")
