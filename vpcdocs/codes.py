"""The one registry of diagnostic codes: every code vpcdocs can print, what it means, how severe.

A `Diagnostic` (`vpcdocs.diagnostics`) takes its code from `DiagnosticCode`, so a code that is
not registered here cannot be emitted (mypy checks the call sites; codes that come back from
pydantic are converted with `DiagnosticCode(...)`, which fails loudly for an unknown one).
`docs/diagnostics.md` is generated from `CODE_DOCS` (`python -m vpcdocs.codes`), and a test
keeps the page current and every code documented.

Severities: `error` makes the input invalid (exit 1); `warning` is a problem that `--strict`
turns into a failure; `info` is worth knowing and never fails a run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from vpcdocs.diagnostics import Severity


class Group(StrEnum):
    """Where a code comes from (the sections of docs/diagnostics.md, in this order)."""

    FILE = "Reading the file"
    SCHEMA = "The topology format"
    RULES = "Rules across objects"
    PRICING = "Prices"
    FLOWS = "Flows"
    FINDINGS = "Findings"
    IMPORT = "Importing (vpcdocs import)"
    MANIFEST = "The docs folder's manifest (.vpcdocs-manifest.json)"
    CONFIG = "Settings (.vpcdocs.yml)"
    INJECT = "Summaries in other files (inject)"


class DiagnosticCode(StrEnum):
    # reading the file
    CANNOT_READ = "CANNOT_READ"
    CANNOT_WRITE = "CANNOT_WRITE"
    NOT_A_FILE = "NOT_A_FILE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    BINARY_FILE = "BINARY_FILE"
    ENCODING = "ENCODING"
    EMPTY_FILE = "EMPTY_FILE"
    YAML_SYNTAX = "YAML_SYNTAX"
    YAML_TAG = "YAML_TAG"
    YAML_ALIAS = "YAML_ALIAS"
    MULTIPLE_DOCUMENTS = "MULTIPLE_DOCUMENTS"
    DUPLICATE_KEY = "DUPLICATE_KEY"
    COMPLEX_KEY = "COMPLEX_KEY"
    TOO_DEEP = "TOO_DEEP"
    NOT_A_MAPPING = "NOT_A_MAPPING"
    # the format
    MISSING_KEY = "MISSING_KEY"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    TYPE = "TYPE"
    BAD_VALUE = "BAD_VALUE"
    BAD_NAME = "BAD_NAME"
    BAD_CIDR = "BAD_CIDR"
    CIDR_HOST_BITS = "CIDR_HOST_BITS"
    BAD_REGION = "BAD_REGION"
    BAD_ACCOUNT = "BAD_ACCOUNT"
    ACCOUNT_NOT_QUOTED = "ACCOUNT_NOT_QUOTED"
    BAD_PRINCIPAL = "BAD_PRINCIPAL"
    BAD_DNS_NAME = "BAD_DNS_NAME"
    BAD_DATE = "BAD_DATE"
    VPC_CIDR = "VPC_CIDR"
    TGW_ATTACHMENT_KIND = "TGW_ATTACHMENT_KIND"
    TGW_ATTACHMENT_SUBNETS = "TGW_ATTACHMENT_SUBNETS"
    INVALID = "INVALID"
    # rules across objects
    DUPLICATE_NAME = "DUPLICATE_NAME"
    DUPLICATE_ITEM = "DUPLICATE_ITEM"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    WRONG_KIND = "WRONG_KIND"
    OTHER_VPC = "OTHER_VPC"
    AMBIGUOUS_NAME = "AMBIGUOUS_NAME"
    CIDR_SIZE = "CIDR_SIZE"
    VPC_CIDR_OVERLAP = "VPC_CIDR_OVERLAP"
    CIDR_OUTSIDE_VPC = "CIDR_OUTSIDE_VPC"
    SUBNET_OVERLAP = "SUBNET_OVERLAP"
    AZ_REGION = "AZ_REGION"
    NO_MAIN_ROUTE_TABLE = "NO_MAIN_ROUTE_TABLE"
    MAIN_ROUTE_TABLE = "MAIN_ROUTE_TABLE"
    LOCAL_ROUTE = "LOCAL_ROUTE"
    DUPLICATE_ROUTE = "DUPLICATE_ROUTE"
    PEERING_NOT_OURS = "PEERING_NOT_OURS"
    PEERING_SELF = "PEERING_SELF"
    DUPLICATE_PEERING = "DUPLICATE_PEERING"
    PEERING_OVERLAP = "PEERING_OVERLAP"
    UNKNOWN_SERVICE = "UNKNOWN_SERVICE"
    ENDPOINT_TYPE = "ENDPOINT_TYPE"
    ENDPOINT_KEY = "ENDPOINT_KEY"
    ENDPOINT_AZ = "ENDPOINT_AZ"
    CROSS_REGION_SERVICE = "CROSS_REGION_SERVICE"
    SERVICE_REGION = "SERVICE_REGION"
    UNSUPPORTED_REGION = "UNSUPPORTED_REGION"
    PRIVATE_DNS = "PRIVATE_DNS"
    PRIVATE_DNS_OFF = "PRIVATE_DNS_OFF"
    PRIVATE_DNS_CONFLICT = "PRIVATE_DNS_CONFLICT"
    INBOUND_ONLY_NEEDS_GATEWAY = "INBOUND_ONLY_NEEDS_GATEWAY"
    GATEWAY_ROUTE_CONFLICT = "GATEWAY_ROUTE_CONFLICT"
    LOAD_BALANCER_AZ = "LOAD_BALANCER_AZ"
    TGW_NOT_ATTACHED = "TGW_NOT_ATTACHED"
    TGW_REGION = "TGW_REGION"
    TGW_DUPLICATE_ATTACHMENT = "TGW_DUPLICATE_ATTACHMENT"
    TGW_ATTACHMENT_AZ = "TGW_ATTACHMENT_AZ"
    TGW_OVERLAP = "TGW_OVERLAP"
    TGW_PEER_SELF = "TGW_PEER_SELF"
    TGW_PEER_ONE_SIDED = "TGW_PEER_ONE_SIDED"
    TGW_PEER_STATUS = "TGW_PEER_STATUS"
    OTHER_TGW = "OTHER_TGW"
    PROPAGATE_PEERING = "PROPAGATE_PEERING"
    TGW_ROUTE = "TGW_ROUTE"
    ZONE_TARGET = "ZONE_TARGET"
    ZONE_CONFLICT = "ZONE_CONFLICT"
    FLOW_SELF = "FLOW_SELF"
    FLOW_REGION = "FLOW_REGION"
    VIA_ENDPOINT_SERVICE = "VIA_ENDPOINT_SERVICE"
    UNKNOWN_PRICE_KEY = "UNKNOWN_PRICE_KEY"
    # rules across objects: hybrid networks, security groups, NACLs, endpoint policies
    ON_PREMISES_REGION = "ON_PREMISES_REGION"
    ON_PREMISES_OVERLAP = "ON_PREMISES_OVERLAP"
    CIDR_OUTSIDE_NETWORK = "CIDR_OUTSIDE_NETWORK"
    VPN_ROUTING = "VPN_ROUTING"
    VPN_NOT_ATTACHED = "VPN_NOT_ATTACHED"
    ROUTE_ON_PREMISES = "ROUTE_ON_PREMISES"
    FORWARDER_CONFLICT = "FORWARDER_CONFLICT"
    VGW_NOT_ATTACHED = "VGW_NOT_ATTACHED"
    PROPAGATE_NO_VGW = "PROPAGATE_NO_VGW"
    PROPAGATE_STATIC_VPN = "PROPAGATE_STATIC_VPN"
    DXGW_MIXED = "DXGW_MIXED"
    DXGW_DUPLICATE = "DXGW_DUPLICATE"
    DXGW_OVERLAP = "DXGW_OVERLAP"
    DXGW_ALLOWED_PREFIXES = "DXGW_ALLOWED_PREFIXES"
    DXGW_NOT_ATTACHED = "DXGW_NOT_ATTACHED"
    RESOLVER_ENDPOINT_SUBNETS = "RESOLVER_ENDPOINT_SUBNETS"
    RESOLVER_ENDPOINT_AZ = "RESOLVER_ENDPOINT_AZ"
    RESOLVER_DIRECTION = "RESOLVER_DIRECTION"
    RESOLVER_RULE_REGION = "RESOLVER_RULE_REGION"
    RESOLVER_RULE_CONFLICT = "RESOLVER_RULE_CONFLICT"
    SG_RULE_PORTS = "SG_RULE_PORTS"
    NACL_RULE_PORTS = "NACL_RULE_PORTS"
    SG_RULE_TARGET = "SG_RULE_TARGET"
    SG_REFERENCE_SCOPE = "SG_REFERENCE_SCOPE"
    SG_NOT_SUPPORTED = "SG_NOT_SUPPORTED"
    PREFIX_LIST_REGION = "PREFIX_LIST_REGION"
    NACL_RULE_NUMBER = "NACL_RULE_NUMBER"
    DEFAULT_NACL = "DEFAULT_NACL"
    POLICY_NOT_SUPPORTED = "POLICY_NOT_SUPPORTED"
    POLICY_RESOURCE = "POLICY_RESOURCE"
    FLOW_PROTOCOL = "FLOW_PROTOCOL"
    FLOW_RESOURCE = "FLOW_RESOURCE"
    FLOW_ON_PREMISES_BOTH = "FLOW_ON_PREMISES_BOTH"
    # prices
    UNKNOWN_PRICE_REGION = "UNKNOWN_PRICE_REGION"
    BAD_PRICING = "BAD_PRICING"
    # flows
    FLOW_UNREACHABLE = "FLOW_UNREACHABLE"
    # findings
    NAT_FOR_GATEWAY_SERVICE = "NAT_FOR_GATEWAY_SERVICE"
    INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE = "INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE"
    CROSS_AZ_NAT = "CROSS_AZ_NAT"
    INTERFACE_ENDPOINT_MISSING_AZ = "INTERFACE_ENDPOINT_MISSING_AZ"
    ENDPOINT_SERVICE_OPEN = "ENDPOINT_SERVICE_OPEN"
    CROSS_REGION_DETOUR = "CROSS_REGION_DETOUR"
    CROSS_REGION_LOCAL_ENDPOINT = "CROSS_REGION_LOCAL_ENDPOINT"
    NAT_ABOVE_BREAK_EVEN = "NAT_ABOVE_BREAK_EVEN"
    UNUSED_INTERFACE_ENDPOINT = "UNUSED_INTERFACE_ENDPOINT"
    GATEWAY_ENDPOINT_FROM_ON_PREMISES = "GATEWAY_ENDPOINT_FROM_ON_PREMISES"
    NACL_EPHEMERAL_PARTIAL = "NACL_EPHEMERAL_PARTIAL"
    ENDPOINT_SG_OPEN = "ENDPOINT_SG_OPEN"
    DIRECT_CONNECT_BYPASSED = "DIRECT_CONNECT_BYPASSED"
    ENDPOINT_POLICY_OPEN = "ENDPOINT_POLICY_OPEN"
    COMPANION_ENDPOINT_MISSING = "COMPANION_ENDPOINT_MISSING"
    # importing
    JSON_SYNTAX = "JSON_SYNTAX"
    JSON_TOO_DEEP = "JSON_TOO_DEEP"
    NOT_UTF8 = "NOT_UTF8"
    NOT_A_TOPOLOGY = "NOT_A_TOPOLOGY"
    NO_REGION = "NO_REGION"
    TF_CONFIGURATION = "TF_CONFIGURATION"
    TF_NOT_PLAN = "TF_NOT_PLAN"
    TF_STATE_VERSION = "TF_STATE_VERSION"
    TF_WRONG_TYPE = "TF_WRONG_TYPE"
    SNAPSHOT_EMPTY = "SNAPSHOT_EMPTY"
    SNAPSHOT_WRONG_TYPE = "SNAPSHOT_WRONG_TYPE"
    CFN_NOT_TEMPLATE = "CFN_NOT_TEMPLATE"
    CFN_WRONG_TYPE = "CFN_WRONG_TYPE"
    CFN_REGION = "CFN_REGION"
    CFN_TOO_DEEP = "CFN_TOO_DEEP"
    CFN_BAD_FUNCTION = "CFN_BAD_FUNCTION"
    CFN_BAD_CONDITION = "CFN_BAD_CONDITION"
    CFN_UNKNOWN_CONDITION = "CFN_UNKNOWN_CONDITION"
    CFN_UNKNOWN_REF = "CFN_UNKNOWN_REF"
    CFN_CYCLE = "CFN_CYCLE"
    AWS_PROFILE = "AWS_PROFILE"
    AWS_REGION = "AWS_REGION"
    AWS_CREDENTIALS = "AWS_CREDENTIALS"
    AWS_CALL = "AWS_CALL"
    # the generated docs folder's manifest
    MANIFEST_ENCODING = "MANIFEST_ENCODING"
    MANIFEST_SYNTAX = "MANIFEST_SYNTAX"
    MANIFEST_DUPLICATE = "MANIFEST_DUPLICATE"
    MANIFEST_NESTING = "MANIFEST_NESTING"
    MANIFEST_FOREIGN = "MANIFEST_FOREIGN"
    MANIFEST_VERSION = "MANIFEST_VERSION"
    MANIFEST_FORMAT = "MANIFEST_FORMAT"
    MANIFEST_ENTRY = "MANIFEST_ENTRY"
    MANIFEST_TYPE = "MANIFEST_TYPE"
    MANIFEST_READ = "MANIFEST_READ"
    MANIFEST_SIZE = "MANIFEST_SIZE"
    # settings
    CONFIG_NOT_A_MAPPING = "CONFIG_NOT_A_MAPPING"
    CONFIG_UNKNOWN_KEY = "CONFIG_UNKNOWN_KEY"
    CONFIG_TYPE = "CONFIG_TYPE"
    CONFIG_PATH = "CONFIG_PATH"
    # inject
    INJECT_NO_MARKERS = "INJECT_NO_MARKERS"
    INJECT_MARKERS = "INJECT_MARKERS"
    INJECT_ENCODING = "INJECT_ENCODING"
    INJECT_DOCS_MISSING = "INJECT_DOCS_MISSING"


@dataclass(frozen=True)
class CodeDoc:
    group: Group
    severity: Severity
    text: str  # what it means and what to do (Markdown, one paragraph)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
C = DiagnosticCode

_DOCS: dict[DiagnosticCode, CodeDoc] = {
    # --- reading the file
    C.CANNOT_READ: CodeDoc(Group.FILE, _E, "The file cannot be read (missing, a folder, no "
                           "permission). The diagnostic names the file as given."),
    C.CANNOT_WRITE: CodeDoc(Group.FILE, _E, "A file vpcdocs had to update cannot be written "
                            "(permissions, disk full); nothing was half-written."),
    C.NOT_A_FILE: CodeDoc(Group.FILE, _E, "The path names a folder, a named pipe, a device or a "
                          "socket: vpcdocs reads regular files only (and never waits on one)."),
    C.FILE_TOO_LARGE: CodeDoc(Group.FILE, _E, "The file is larger, or holds more keys and values, "
                              "than a topology needs (the limits are in the message); split it "
                              "or remove what is not part of the design."),
    C.BINARY_FILE: CodeDoc(Group.FILE, _E, "The file holds a NUL byte: it is not text."),
    C.ENCODING: CodeDoc(Group.FILE, _E, "The file is not UTF-8 (for example UTF-16, or a byte "
                        "that is not UTF-8); save it as UTF-8."),
    C.EMPTY_FILE: CodeDoc(Group.FILE, _E, "The file is empty or holds only comments; a topology "
                          "needs at least `vpcdocs: 1` and `vpcs`."),
    C.YAML_SYNTAX: CodeDoc(Group.FILE, _E, "The YAML cannot be parsed (indentation, an unclosed "
                           "quote or bracket, a tab, a character YAML does not allow)."),
    C.YAML_TAG: CodeDoc(Group.FILE, _E, "A YAML tag (`!something`) that a topology does not use, "
                        "or a value that does not fit its standard tag."),
    C.YAML_ALIAS: CodeDoc(Group.FILE, _E, "YAML anchors and aliases (`&a`, `*a`) are not "
                          "supported: write each value where it belongs."),
    C.MULTIPLE_DOCUMENTS: CodeDoc(Group.FILE, _E, "The file holds more than one YAML document "
                                  "(`---`); write one topology per file."),
    C.DUPLICATE_KEY: CodeDoc(Group.FILE, _E, "A key appears twice in one mapping; the message "
                             "names the line of the first."),
    C.COMPLEX_KEY: CodeDoc(Group.FILE, _E, "A key is a mapping or a list; keys are plain names."),
    C.TOO_DEEP: CodeDoc(Group.FILE, _E, "The document nests deeper than any topology needs."),
    C.NOT_A_MAPPING: CodeDoc(Group.FILE, _E, "The document is a list or a single value; a "
                             "topology is a mapping of keys (`vpcdocs: 1`, `vpcs: ...`)."),
    # --- the format
    C.MISSING_KEY: CodeDoc(Group.SCHEMA, _E, "A required key is missing (the message names it "
                           "and the object that needs it)."),
    C.UNKNOWN_KEY: CodeDoc(Group.SCHEMA, _E, "A key the format does not have; the hint suggests "
                           "the closest one."),
    C.TYPE: CodeDoc(Group.SCHEMA, _E, "A value of the wrong type (a list where a mapping "
                    "belongs, a number where text belongs ...)."),
    C.BAD_VALUE: CodeDoc(Group.SCHEMA, _E, "A value outside what the key allows (one of a list "
                         "of choices, a number in a range, a non-empty list)."),
    C.BAD_NAME: CodeDoc(Group.SCHEMA, _E, "A name that is not 1-64 characters of `A-Za-z0-9._-` "
                        "starting with a letter or digit."),
    C.BAD_CIDR: CodeDoc(Group.SCHEMA, _E, "Not an IPv4 CIDR block such as `10.0.0.0/16`."),
    C.CIDR_HOST_BITS: CodeDoc(Group.SCHEMA, _E, "A CIDR block with host bits set (`10.0.0.1/16`); "
                              "the hint gives the network to write."),
    C.BAD_REGION: CodeDoc(Group.SCHEMA, _E, "Not an AWS Region name (`eu-west-2`)."),
    C.BAD_ACCOUNT: CodeDoc(Group.SCHEMA, _E, "Not a 12-digit AWS account id."),
    C.ACCOUNT_NOT_QUOTED: CodeDoc(Group.SCHEMA, _E, "An account id written as a number: YAML would "
                                  "drop its leading zeros. Quote it."),
    C.BAD_PRINCIPAL: CodeDoc(Group.SCHEMA, _E, "Not a principal ARN "
                             "(`arn:aws:iam::<12 digits>:root`, `:user/<name>`, `:role/<name>`)."),
    C.BAD_DNS_NAME: CodeDoc(Group.SCHEMA, _E, "Not a DNS name."),
    C.BAD_DATE: CodeDoc(Group.SCHEMA, _E, "Not a date written `YYYY-MM-DD`."),
    C.VPC_CIDR: CodeDoc(Group.SCHEMA, _E, "A VPC needs `cidr` (one block) or `cidrs` (a list), "
                        "not both and not neither."),
    C.TGW_ATTACHMENT_KIND: CodeDoc(Group.SCHEMA, _E, "A transit gateway attachment is either a VPC "
                                   "attachment (`vpc`, `subnets`) or a peering (`peer`, "
                                   "`status`), not a mix."),
    C.TGW_ATTACHMENT_SUBNETS: CodeDoc(Group.SCHEMA, _E, "A VPC attachment needs `subnets`: one in "
                                      "each Availability Zone that sends traffic to the transit "
                                      "gateway."),
    C.INVALID: CodeDoc(Group.SCHEMA, _E, "Any other value the format refuses; the message says "
                       "why."),
    # --- rules across objects
    C.DUPLICATE_NAME: CodeDoc(Group.RULES, _E, "Two objects share a name; names are one namespace "
                              "across the whole file."),
    C.DUPLICATE_ITEM: CodeDoc(Group.RULES, _E, "The same item is listed twice in one list."),
    C.UNKNOWN_REFERENCE: CodeDoc(Group.RULES, _E, "A name that no object of the expected kind has; "
                                 "the hint suggests the closest one."),
    C.WRONG_KIND: CodeDoc(Group.RULES, _E, "A name that belongs to an object of another kind than "
                          "the key expects."),
    C.OTHER_VPC: CodeDoc(Group.RULES, _E, "An object of another VPC where one of this VPC is "
                         "needed (a route target, a subnet)."),
    C.AMBIGUOUS_NAME: CodeDoc(Group.RULES, _E, "A name that is both one of yours and an AWS "
                              "service, so a reference to it is ambiguous."),
    C.CIDR_SIZE: CodeDoc(Group.RULES, _E, "A VPC or subnet block outside the sizes AWS allows "
                         "(/16 to /28)."),
    C.VPC_CIDR_OVERLAP: CodeDoc(Group.RULES, _E, "Two blocks of one VPC overlap."),
    C.CIDR_OUTSIDE_VPC: CodeDoc(Group.RULES, _E, "A subnet's block is not inside its VPC's blocks."),
    C.SUBNET_OVERLAP: CodeDoc(Group.RULES, _E, "Two subnets of one VPC overlap."),
    C.AZ_REGION: CodeDoc(Group.RULES, _E, "An Availability Zone that is not in the VPC's Region."),
    C.NO_MAIN_ROUTE_TABLE: CodeDoc(Group.RULES, _E, "A subnet without `route_table` in a VPC "
                                   "without a main route table."),
    C.MAIN_ROUTE_TABLE: CodeDoc(Group.RULES, _E, "A VPC with two main route tables."),
    C.LOCAL_ROUTE: CodeDoc(Group.RULES, _E, "A route that repeats the VPC's implicit `local` "
                           "route."),
    C.DUPLICATE_ROUTE: CodeDoc(Group.RULES, _E, "Two routes of one route table to the same "
                               "destination."),
    C.PEERING_NOT_OURS: CodeDoc(Group.RULES, _E, "A route over a peering that does not connect the "
                                "route table's VPC."),
    C.PEERING_SELF: CodeDoc(Group.RULES, _E, "A peering of a VPC with itself."),
    C.DUPLICATE_PEERING: CodeDoc(Group.RULES, _E, "Two peerings between the same two VPCs."),
    C.PEERING_OVERLAP: CodeDoc(Group.RULES, _E, "A peering between VPCs whose blocks overlap, "
                               "which AWS refuses."),
    C.UNKNOWN_SERVICE: CodeDoc(Group.RULES, _W, "An endpoint's `service` that is neither an AWS "
                               "service of vpcdocs' catalogue nor an endpoint service of the "
                               "file (a newer service, or a typo: the hint suggests the closest "
                               "name). It is analysed as an AWS service with interface endpoints "
                               "and private DNS."),
    C.ENDPOINT_TYPE: CodeDoc(Group.RULES, _E, "An endpoint type the service does not offer "
                             "(gateway endpoints exist for S3 and DynamoDB only, an endpoint "
                             "service behind a Gateway Load Balancer needs a GWLB endpoint ...)."),
    C.ENDPOINT_KEY: CodeDoc(Group.RULES, _E, "An endpoint key that does not apply to this kind of "
                            "endpoint or service."),
    C.ENDPOINT_AZ: CodeDoc(Group.RULES, _E, "An endpoint with two subnets in one Availability Zone "
                           "(or a GWLB endpoint with more than one subnet)."),
    C.CROSS_REGION_SERVICE: CodeDoc(Group.RULES, _E, "A cross-Region endpoint (`service_region`) "
                                    "for a service that has none."),
    C.SERVICE_REGION: CodeDoc(Group.RULES, _E, "An endpoint to an endpoint service in another "
                              "Region must name that Region in `service_region`."),
    C.UNSUPPORTED_REGION: CodeDoc(Group.RULES, _W, "An endpoint service whose "
                                  "`supported_regions` do not include the consumer's Region: the "
                                  "endpoint cannot connect."),
    C.PRIVATE_DNS: CodeDoc(Group.RULES, _E, "Private DNS asked for where it cannot exist (a service "
                           "or endpoint service without a private DNS name)."),
    C.PRIVATE_DNS_OFF: CodeDoc(Group.RULES, _W, "Private DNS (of an endpoint or a hosted zone) in a "
                               "VPC with `dns_support` or `dns_hostnames` off: it does not "
                               "answer."),
    C.PRIVATE_DNS_CONFLICT: CodeDoc(Group.RULES, _E, "Two endpoints of one VPC turn on private DNS "
                                    "for the same service name."),
    C.INBOUND_ONLY_NEEDS_GATEWAY: CodeDoc(Group.RULES, _E, "An S3 or DynamoDB interface endpoint "
                                          "with private DNS for inbound resolver endpoints only "
                                          "needs a gateway endpoint in the same VPC."),
    C.GATEWAY_ROUTE_CONFLICT: CodeDoc(Group.RULES, _E, "Two gateway endpoints for one service add "
                                      "their route to the same route table."),
    C.LOAD_BALANCER_AZ: CodeDoc(Group.RULES, _E, "A load balancer with two subnets in one "
                                "Availability Zone."),
    C.TGW_NOT_ATTACHED: CodeDoc(Group.RULES, _E, "A route to a transit gateway the VPC is not "
                                "attached to."),
    C.TGW_REGION: CodeDoc(Group.RULES, _E, "A VPC attachment to a transit gateway in another "
                          "Region."),
    C.TGW_DUPLICATE_ATTACHMENT: CodeDoc(Group.RULES, _E, "A VPC attached twice to one transit "
                                        "gateway."),
    C.TGW_ATTACHMENT_AZ: CodeDoc(Group.RULES, _E, "A VPC attachment with two subnets in one "
                                 "Availability Zone."),
    C.TGW_OVERLAP: CodeDoc(Group.RULES, _W, "VPCs on one transit gateway whose blocks overlap: "
                           "the transit gateway cannot route between them."),
    C.TGW_PEER_SELF: CodeDoc(Group.RULES, _E, "A transit gateway peering with itself."),
    C.TGW_PEER_ONE_SIDED: CodeDoc(Group.RULES, _E, "A transit gateway peering declared on one "
                                  "side only; declare the attachment on both."),
    C.TGW_PEER_STATUS: CodeDoc(Group.RULES, _E, "The two sides of a transit gateway peering "
                               "disagree on its `status`."),
    C.OTHER_TGW: CodeDoc(Group.RULES, _E, "An attachment or route table of another transit "
                         "gateway."),
    C.PROPAGATE_PEERING: CodeDoc(Group.RULES, _E, "A propagation from a peering attachment; routes "
                                 "do not propagate across a transit gateway peering."),
    C.TGW_ROUTE: CodeDoc(Group.RULES, _E, "A transit gateway route needs `via` or "
                         "`blackhole: true`, not both."),
    C.ZONE_TARGET: CodeDoc(Group.RULES, _W, "A private hosted zone whose name does not match the "
                           "service its endpoint reaches."),
    C.ZONE_CONFLICT: CodeDoc(Group.RULES, _E, "A VPC with two private zones for the same domain."),
    C.FLOW_SELF: CodeDoc(Group.RULES, _E, "A flow from a workload to itself."),
    C.FLOW_REGION: CodeDoc(Group.RULES, _E, "`region` on a flow that does not go to an AWS "
                           "service."),
    C.VIA_ENDPOINT_SERVICE: CodeDoc(Group.RULES, _E, "A flow's `via_endpoint` reaches another "
                                    "service (or Region) than the flow's `to`."),
    C.UNKNOWN_PRICE_KEY: CodeDoc(Group.RULES, _E, "A `pricing` override for a key the price table "
                                 "does not have."),
    C.ON_PREMISES_REGION: CodeDoc(Group.RULES, _E, "A VPN connection whose gateway (virtual "
                                  "private or transit gateway) is not in its on-premises "
                                  "network's `region`."),
    C.ON_PREMISES_OVERLAP: CodeDoc(Group.RULES, _W, "An on-premises block overlaps another "
                                   "on-premises network, or a VPC one of its connections "
                                   "reaches; AWS recommends distinct ranges."),
    C.CIDR_OUTSIDE_NETWORK: CodeDoc(Group.RULES, _E, "An on-premises workload's `cidr` or the "
                                    "network's `dns_server` is not inside the network's "
                                    "`cidrs`."),
    C.VPN_ROUTING: CodeDoc(Group.RULES, _E, "`advertise` or `static_routes` that do not fit the "
                           "VPN's `routing` and gateway: a static VPN to a virtual private "
                           "gateway needs `static_routes`; BGP VPNs and VPNs to transit gateways "
                           "take none (a static VPN to a transit gateway needs static routes in "
                           "the transit gateway route table)."),
    C.VPN_NOT_ATTACHED: CodeDoc(Group.RULES, _E, "A VPN connection to a transit gateway without "
                                "exactly one `vpn:` attachment naming it on that transit gateway, "
                                "or a `vpn:` attachment naming a connection to another gateway."),
    C.ROUTE_ON_PREMISES: CodeDoc(Group.RULES, _E, "An on-premises route via a connection of "
                                 "another network."),
    C.FORWARDER_CONFLICT: CodeDoc(Group.RULES, _E, "Two `dns_forwarders` of one network for the "
                                  "same domain."),
    C.VGW_NOT_ATTACHED: CodeDoc(Group.RULES, _E, "A VPC route via a virtual private gateway "
                                "attached to another VPC."),
    C.PROPAGATE_NO_VGW: CodeDoc(Group.RULES, _E, "`propagate: true` in a VPC without "
                                "`vpn_gateway`."),
    C.PROPAGATE_STATIC_VPN: CodeDoc(Group.RULES, _W, "A transit gateway route table propagates a "
                                    "static VPN attachment, which installs nothing: add static "
                                    "routes instead."),
    C.DXGW_MIXED: CodeDoc(Group.RULES, _E, "A Direct Connect gateway associated with both virtual "
                          "private gateways and transit gateways."),
    C.DXGW_DUPLICATE: CodeDoc(Group.RULES, _E, "A virtual private gateway associated with two "
                              "Direct Connect gateways (or twice with one)."),
    C.DXGW_OVERLAP: CodeDoc(Group.RULES, _E, "VPCs with overlapping blocks behind one Direct "
                            "Connect gateway."),
    C.DXGW_ALLOWED_PREFIXES: CodeDoc(Group.RULES, _E, "A transit gateway association of a Direct "
                                     "Connect gateway without `allowed_prefixes`."),
    C.DXGW_NOT_ATTACHED: CodeDoc(Group.RULES, _E, "A transit gateway association of a Direct "
                                 "Connect gateway without exactly one matching "
                                 "`direct_connect_gateway:` attachment on that transit gateway, "
                                 "or the reverse."),
    C.RESOLVER_ENDPOINT_SUBNETS: CodeDoc(Group.RULES, _E, "A Resolver endpoint with fewer than two "
                                         "subnets, or a subnet of another VPC."),
    C.RESOLVER_ENDPOINT_AZ: CodeDoc(Group.RULES, _W, "All subnets of a Resolver endpoint in one "
                                    "Availability Zone."),
    C.RESOLVER_DIRECTION: CodeDoc(Group.RULES, _E, "A DNS forwarder to an outbound Resolver "
                                  "endpoint, or a Resolver rule on an inbound one."),
    C.RESOLVER_RULE_REGION: CodeDoc(Group.RULES, _E, "A Resolver rule associated with a VPC "
                                    "outside its endpoint's Region."),
    C.RESOLVER_RULE_CONFLICT: CodeDoc(Group.RULES, _E, "Two Resolver rules for one domain "
                                      "associated with one VPC."),
    C.SG_RULE_PORTS: CodeDoc(Group.RULES, _E, "A security group rule's `ports` missing (tcp, "
                             "udp), forbidden (icmp, all) or malformed."),
    C.NACL_RULE_PORTS: CodeDoc(Group.RULES, _E, "A network ACL rule's `ports` missing (tcp, udp), "
                               "forbidden (icmp, all) or malformed."),
    C.SG_RULE_TARGET: CodeDoc(Group.RULES, _E, "A security group rule that does not name exactly "
                              "one of `cidr`, `prefix_list`, `security_group`."),
    C.SG_REFERENCE_SCOPE: CodeDoc(Group.RULES, _E, "A security group rule naming a group AWS does "
                              "not let it reference: not in the same VPC, a same-Region VPC "
                              "peered by an active peering, or (inbound) a VPC on the same "
                              "transit gateway with security group referencing on."),
    C.SG_NOT_SUPPORTED: CodeDoc(Group.RULES, _E, "`security_groups` on a gateway endpoint, a "
                                "Gateway Load Balancer endpoint or a Gateway Load Balancer."),
    C.PREFIX_LIST_REGION: CodeDoc(Group.RULES, _E, "A customer prefix list of another Region, or "
                                  "a service without an AWS-managed prefix list."),
    C.NACL_RULE_NUMBER: CodeDoc(Group.RULES, _E, "A network ACL rule number outside 1-32766, or "
                                "repeated in one direction."),
    C.DEFAULT_NACL: CodeDoc(Group.RULES, _E, "Two `default: true` network ACLs in one VPC."),
    C.POLICY_NOT_SUPPORTED: CodeDoc(Group.RULES, _E, "An endpoint `policy` where AWS accepts none "
                                    "(a Gateway Load Balancer endpoint, an endpoint to an "
                                    "endpoint service, a service without endpoint policy "
                                    "support)."),
    C.POLICY_RESOURCE: CodeDoc(Group.RULES, _E, "An endpoint policy resource that is malformed, "
                               "or a bucket name on an endpoint that is not for S3."),
    C.FLOW_PROTOCOL: CodeDoc(Group.RULES, _E, "`protocol: udp` on a flow to an AWS service or an "
                             "endpoint service."),
    C.FLOW_RESOURCE: CodeDoc(Group.RULES, _E, "`resource` on a flow that does not go to an AWS "
                             "service, or a bucket form on a flow not to s3."),
    C.FLOW_ON_PREMISES_BOTH: CodeDoc(Group.RULES, _E, "A flow between two on-premises workloads: "
                                     "vpcdocs does not route between sites."),
    # --- prices
    C.UNKNOWN_PRICE_REGION: CodeDoc(Group.PRICING, _E, "A Region the bundled price table does not "
                                    "know: set the figures the message names under "
                                    "`pricing.regions.<region>`. `paths` reports it as a "
                                    "warning and leaves the costs empty (`monthly_usd: null`)."),
    C.BAD_PRICING: CodeDoc(Group.PRICING, _E, "A `pricing` override the price table cannot use."),
    # --- flows
    C.FLOW_UNREACHABLE: CodeDoc(Group.FLOWS, _W, "A flow does not work: its packets stop, or the "
                                "replies cannot come back. The message gives the reason "
                                "(`paths` calls it `reason`) and the hint what to change. At "
                                "the flow."),
    # --- findings
    C.NAT_FOR_GATEWAY_SERVICE: CodeDoc(Group.FINDINGS, _W, "S3 or DynamoDB in the source's own "
                                       "Region reached through a NAT gateway; a gateway endpoint "
                                       "would carry the data free. At the NAT gateway."),
    C.INTERFACE_ENDPOINT_FOR_GATEWAY_SERVICE: CodeDoc(Group.FINDINGS, _W, "S3 or DynamoDB in the "
                                                      "source's own Region reached through an "
                                                      "interface endpoint, where a gateway "
                                                      "endpoint in the source's VPC would be "
                                                      "free. At the interface endpoint."),
    C.CROSS_AZ_NAT: CodeDoc(Group.FINDINGS, _W, "Data crosses Availability Zones to reach its NAT "
                            "gateway: route each AZ to a NAT gateway in the same AZ. At the route "
                            "that sends it there."),
    C.INTERFACE_ENDPOINT_MISSING_AZ: CodeDoc(Group.FINDINGS, _W, "An interface endpoint has no "
                                             "network interface in an AZ where a flow through it "
                                             "starts: that flow depends on another AZ. At the "
                                             "endpoint."),
    C.ENDPOINT_SERVICE_OPEN: CodeDoc(Group.FINDINGS, _W, "An endpoint service allows every AWS "
                                     "account (`*`) and accepts connections automatically: "
                                     "anyone can reach its load balancer. At the endpoint "
                                     "service."),
    C.CROSS_REGION_DETOUR: CodeDoc(Group.FINDINGS, _W, "A flow's path passes through a Region that "
                                   "is neither its source's nor its target's. At the flow."),
    C.CROSS_REGION_LOCAL_ENDPOINT: CodeDoc(Group.FINDINGS, _I, "A flow reaches a service in another "
                                           "Region while an endpoint for that service exists in "
                                           "its own: if the data can live there, that endpoint "
                                           "would do. At the flow."),
    C.NAT_ABOVE_BREAK_EVEN: CodeDoc(Group.FINDINGS, _I, "A flow through a NAT gateway moves more "
                                    "than the break-even volume of an interface endpoint. At the "
                                    "flow."),
    C.UNUSED_INTERFACE_ENDPOINT: CodeDoc(Group.FINDINGS, _I, "No declared flow goes through an "
                                         "interface endpoint, and no companion rule needs it "
                                         "(only when `flows` are declared). At the endpoint."),
    C.COMPANION_ENDPOINT_MISSING: CodeDoc(
        Group.FINDINGS, _W, "A declared flow does something that needs other services too, and "
        "its workload cannot reach one of them, or reaches it only over the internet while the "
        "flow itself is private: pulling an image from Amazon ECR needs `ecr.api`, `ecr.dkr` and "
        "S3 (the image layers); Systems Manager Session Manager needs `ssm` and `ssmmessages`; "
        "the ECS agent needs `ecs`, `ecs-agent` and `ecs-telemetry` (AWS documentation; the "
        "rules are in vpcdocs/data/companions.yaml). The message names the missing services. "
        "At the flow. An endpoint such a rule needs is never reported as "
        "`UNUSED_INTERFACE_ENDPOINT`."),
    C.GATEWAY_ENDPOINT_FROM_ON_PREMISES: CodeDoc(Group.FINDINGS, _W, "A flow from on premises "
                                                 "meets a gateway endpoint, which serves only "
                                                 "traffic from inside its VPC: an interface "
                                                 "endpoint (with an inbound Resolver endpoint, or "
                                                 "its own `vpce-` name) would carry it. At the "
                                                 "flow."),
    C.NACL_EPHEMERAL_PARTIAL: CodeDoc(Group.FINDINGS, _W, "A network ACL lets the replies of an "
                                      "analysed flow through on only part of the ephemeral ports "
                                      "1024-65535, so clients that pick other ports get no "
                                      "reply. At the NACL, once per direction."),
    C.ENDPOINT_SG_OPEN: CodeDoc(Group.FINDINGS, _W, "An interface endpoint admits 0.0.0.0/0 (a "
                                "security group rule or `allow_from`): whatever can route to its "
                                "subnets can use it. At the rule."),
    C.DIRECT_CONNECT_BYPASSED: CodeDoc(Group.FINDINGS, _W, "An on-premises route sends traffic "
                                       "for addresses its Direct Connect connection learns over "
                                       "a VPN or the internet instead. At the route."),
    C.ENDPOINT_POLICY_OPEN: CodeDoc(Group.FINDINGS, _W, "An endpoint policy allows every resource "
                                    "(`*`): clients can reach anyone's buckets, tables or keys "
                                    "through it. At the policy."),
    # --- importing
    C.JSON_SYNTAX: CodeDoc(Group.IMPORT, _E, "The input is not valid JSON."),
    C.JSON_TOO_DEEP: CodeDoc(Group.IMPORT, _E, "The JSON nests deeper than a plan, state, "
                             "snapshot or template does."),
    C.NOT_UTF8: CodeDoc(Group.IMPORT, _E, "The input (or the topology to merge into) is not "
                        "UTF-8 text."),
    C.NOT_A_TOPOLOGY: CodeDoc(Group.IMPORT, _E, "The file given with `--into` is not a topology "
                              "(not a YAML mapping)."),
    C.NO_REGION: CodeDoc(Group.IMPORT, _E, "The input does not say a VPC's Region; give it with "
                         "`--region`."),
    C.TF_CONFIGURATION: CodeDoc(Group.IMPORT, _E, "Terraform configuration was given; import "
                                "reads a plan or state (`terraform show -json`)."),
    C.TF_NOT_PLAN: CodeDoc(Group.IMPORT, _E, "The JSON is not a Terraform plan or state."),
    C.TF_STATE_VERSION: CodeDoc(Group.IMPORT, _E, "A Terraform state format that is not read "
                                "(only version 4, Terraform 0.12 and later)."),
    C.TF_WRONG_TYPE: CodeDoc(Group.IMPORT, _E, "A value of a Terraform plan or state has the "
                             "wrong type (the message gives its JSON pointer)."),
    C.SNAPSHOT_EMPTY: CodeDoc(Group.IMPORT, _E, "The snapshot folder holds no JSON files."),
    C.SNAPSHOT_WRONG_TYPE: CodeDoc(Group.IMPORT, _E, "A value of a saved describe-* response has "
                                   "the wrong type."),
    C.CFN_NOT_TEMPLATE: CodeDoc(Group.IMPORT, _E, "The input is not a CloudFormation template "
                                "(no `Resources`)."),
    C.CFN_WRONG_TYPE: CodeDoc(Group.IMPORT, _E, "A resource or its `Properties` has the wrong "
                              "shape."),
    C.CFN_REGION: CodeDoc(Group.IMPORT, _E, "The Region given for the template is not an AWS "
                          "Region."),
    C.CFN_TOO_DEEP: CodeDoc(Group.IMPORT, _E, "The template, or its functions, nest too deeply."),
    C.CFN_BAD_FUNCTION: CodeDoc(Group.IMPORT, _E, "An intrinsic function (`Fn::...`, `Ref`) with "
                                "arguments it does not take."),
    C.CFN_BAD_CONDITION: CodeDoc(Group.IMPORT, _E, "A condition that is not true or false, or "
                                 "not named by a string."),
    C.CFN_UNKNOWN_CONDITION: CodeDoc(Group.IMPORT, _E, "A condition the template does not "
                                     "define."),
    C.CFN_UNKNOWN_REF: CodeDoc(Group.IMPORT, _E, "`Ref` or `Fn::GetAtt` of a name that is no "
                               "parameter or resource of the template."),
    C.CFN_CYCLE: CodeDoc(Group.IMPORT, _E, "A condition or attribute that depends on itself."),
    C.AWS_PROFILE: CodeDoc(Group.IMPORT, _E, "The AWS profile cannot be used."),
    C.AWS_REGION: CodeDoc(Group.IMPORT, _E, "No Region given, and the profile has none."),
    C.AWS_CREDENTIALS: CodeDoc(Group.IMPORT, _E, "AWS cannot be called with these credentials."),
    C.AWS_CALL: CodeDoc(Group.IMPORT, _E, "An AWS API call failed (the message names it)."),
    # --- the manifest
    C.MANIFEST_ENCODING: CodeDoc(Group.MANIFEST, _E, "The manifest in the output folder is not "
                                 "UTF-8 text: it is not one vpcdocs wrote, so nothing is "
                                 "written."),
    C.MANIFEST_SYNTAX: CodeDoc(Group.MANIFEST, _E, "The manifest is not valid JSON."),
    C.MANIFEST_DUPLICATE: CodeDoc(Group.MANIFEST, _E, "A key appears twice in the manifest."),
    C.MANIFEST_NESTING: CodeDoc(Group.MANIFEST, _E, "The manifest's brackets nest too deeply."),
    C.MANIFEST_FOREIGN: CodeDoc(Group.MANIFEST, _E, "The file has the manifest's name but was not "
                                "written by vpcdocs (no `\"generator\": \"vpcdocs\"`)."),
    C.MANIFEST_VERSION: CodeDoc(Group.MANIFEST, _E, "A manifest version this vpcdocs does not "
                                "read (written by a newer one)."),
    C.MANIFEST_FORMAT: CodeDoc(Group.MANIFEST, _E, "A key or value the manifest format does not "
                               "have."),
    C.MANIFEST_ENTRY: CodeDoc(Group.MANIFEST, _E, "A manifest entry with a bad path or sha256."),
    C.MANIFEST_TYPE: CodeDoc(Group.MANIFEST, _E, "The manifest is a symbolic link or not a "
                             "regular file."),
    C.MANIFEST_READ: CodeDoc(Group.MANIFEST, _E, "The manifest cannot be read."),
    C.MANIFEST_SIZE: CodeDoc(Group.MANIFEST, _E, "The manifest is larger than any vpcdocs "
                             "writes."),
    # --- settings
    C.CONFIG_NOT_A_MAPPING: CodeDoc(Group.CONFIG, _E, "`.vpcdocs.yml` is not a mapping of "
                                    "settings."),
    C.CONFIG_UNKNOWN_KEY: CodeDoc(Group.CONFIG, _E, "A setting `.vpcdocs.yml` does not have."),
    C.CONFIG_TYPE: CodeDoc(Group.CONFIG, _E, "A setting of the wrong type."),
    C.CONFIG_PATH: CodeDoc(Group.CONFIG, _E, "A path setting that is absolute or leaves the "
                           "repository."),
    # --- inject
    C.INJECT_NO_MARKERS: CodeDoc(Group.INJECT, _E, "The file has no `<!-- BEGIN_VPCDOCS -->` "
                                 "marker; put the two markers where the summary belongs."),
    C.INJECT_MARKERS: CodeDoc(Group.INJECT, _E, "The markers are repeated, unclosed or in the "
                              "wrong order."),
    C.INJECT_ENCODING: CodeDoc(Group.INJECT, _E, "The file to inject into is not UTF-8 text."),
    C.INJECT_DOCS_MISSING: CodeDoc(Group.INJECT, _W, "The generated docs page the summary would "
                                   "link to (the docs folder's `index.md`, or its pricing page) "
                                   "does not exist, so the summary leaves the link out: generate "
                                   "the docs there first (`vpcdocs generate`)."),
}

CODE_DOCS: Mapping[DiagnosticCode, CodeDoc] = MappingProxyType(_DOCS)

_PAGE_HEAD = """\
# Diagnostics

Every problem vpcdocs reports is a diagnostic: a file, a line and a column, a severity, a code
and a message, often with a hint:

```text
network.yaml:14:3: warning[NAT_FOR_GATEWAY_SERVICE]: flow `web-to-s3`: 500 GB/month of s3 go ...
  hint: fixing it saves $22.50/month
```

`--diagnostics github` prints the same as GitHub workflow annotations (`::error`, `::warning`,
`::notice` for info) and `--diagnostics json` as one JSON object per line. Severities:

* **error**: the input is not valid; the command exits 1.
* **warning**: a problem that does not stop the command; `--strict` makes it fail (exit 1).
* **info**: worth knowing; never fails a run.

`vpcdocs validate FILE` reports the file's errors and warnings; `vpcdocs validate --findings FILE`
adds what the analysis finds (findings, unreachable flows, unknown prices), each at the line of
the object it concerns.

This page is generated from the code registry (`vpcdocs/codes.py`): `python -m vpcdocs.codes`.
"""


def diagnostics_page() -> str:
    """docs/diagnostics.md: every code, by group, with its severity and meaning."""
    lines = [_PAGE_HEAD]
    for group in Group:
        codes = [c for c in DiagnosticCode if CODE_DOCS[c].group is group]
        lines += [f"## {group.value}", "", "| Code | Severity | Meaning |", "|---|---|---|"]
        for code in codes:
            doc = CODE_DOCS[code]
            lines.append(f"| `{code.value}` | {doc.severity.value} | {doc.text} |")
        lines.append("")
    return "\n".join(lines)


__all__ = ["CODE_DOCS", "CodeDoc", "DiagnosticCode", "Group", "diagnostics_page"]


if __name__ == "__main__":
    print(diagnostics_page(), end="")
