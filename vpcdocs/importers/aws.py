"""`vpcdocs import aws`: read a live account into a snapshot folder (then `snapshot` maps it).

Only read-only calls (`Describe*`, `Get*`, `List*`, `Search*`), paginated, with botocore's
adaptive retry mode (it backs off on throttling). The responses are saved as the AWS CLI would
print them (`<account>/<region>/<call>.json`; calls about one parent object under a folder named
by its id, e.g. `tgw-route-tables/tgw-rtb-…/propagations.json`), so that the folder is a snapshot
like any other and `vpcdocs import snapshot` reads it the same way.

boto3 is an optional extra (`pip install 'vpcdocs[aws]'`). `AWS_ENDPOINT_URL` and the other
standard variables are honoured by boto3 itself (the tests point it at moto's server).

Known gaps of moto, the AWS emulator the tests use, are handled here rather than in the tests:
`describe_vpc_endpoint_connections` is not implemented (answered with an error: skipped, the
endpoints' own `State` is used), and propagated routes are not in `search_transit_gateway_routes`
(propagations are read directly with `get_transit_gateway_route_table_propagations`).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.importers.problems import fail

Echo = Callable[[str], None] | None


class MissingBoto3(Exception):
    """boto3 is not installed."""


def require_boto3() -> None:
    try:
        import boto3  # noqa: F401
    except ImportError:
        raise MissingBoto3("`vpcdocs import aws` needs boto3: pip install 'vpcdocs[aws]'") \
            from None


def _json(value: Any) -> bytes:
    def default(obj: object) -> str:
        if isinstance(obj, (datetime.datetime, datetime.date)):
            return obj.isoformat()
        return str(obj)

    return (json.dumps(value, indent=2, default=default) + "\n").encode("utf-8")


class Fetcher:
    """Calls one Region's APIs and keeps each response under its snapshot path."""

    def __init__(self, session: Any, region: str, prefix: str, echo: Echo) -> None:
        from botocore.config import Config

        self.config = Config(retries={"max_attempts": 10, "mode": "adaptive"})
        self.session = session
        self.region = region
        self.prefix = prefix
        self.echo = echo
        self.files: dict[str, bytes] = {}
        self.notes: list[str] = []
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.session.client(service, region_name=self.region,
                                                         config=self.config)
        return self._clients[service]

    def call(self, service: str, operation: str, path: str, *, required: bool = False,
             **params: Any) -> dict[str, Any] | None:
        """One call (all pages merged), saved at `path`; None when the call failed and is not
        required."""
        from botocore.exceptions import BotoCoreError, ClientError
        from botocore.parsers import ResponseParserError

        client = self.client(service)
        try:
            if client.can_paginate(operation):
                result: dict[str, Any] = {}
                for page in client.get_paginator(operation).paginate(**params):
                    for key, value in page.items():
                        if key == "ResponseMetadata" or key.startswith("Next"):
                            continue
                        if isinstance(value, list):
                            result.setdefault(key, []).extend(value)
                        else:
                            result.setdefault(key, value)
            else:
                result = {k: v for k, v in getattr(client, operation)(**params).items()
                          if k != "ResponseMetadata" and not k.startswith("Next")}
        except (ClientError, BotoCoreError, ResponseParserError) as exc:
            if required:
                raise fail(DiagnosticCode.AWS_CALL, f"{service} {operation} in {self.region} failed: {exc}",
                           "aws") from None
            self.notes.append(f"{self.region}: {service} {operation} failed ({_short(exc)}); "
                              "what it gives is not in the snapshot")
            return None
        self.files[f"{self.prefix}{path}"] = _json(result)
        return result

    def run(self) -> None:
        if self.echo:
            self.echo(f"reading {self.region} ...")
        ec2 = "ec2"
        vpcs = self.call(ec2, "describe_vpcs", "describe-vpcs.json", required=True) or {}
        for vpc in vpcs.get("Vpcs", []):
            vid = vpc.get("VpcId")
            for attr, name in (("enableDnsSupport", "dns-support"),
                               ("enableDnsHostnames", "dns-hostnames")):
                self.call(ec2, "describe_vpc_attribute", f"vpc-attributes/{vid}-{name}.json",
                          VpcId=vid, Attribute=attr)
        for op in ("describe_subnets", "describe_route_tables", "describe_internet_gateways",
                   "describe_nat_gateways", "describe_vpc_endpoints", "describe_security_groups",
                   "describe_vpc_peering_connections", "describe_instances"):
            self.call(ec2, op, op.replace("_", "-") + ".json")
        self._transit_gateways()
        services = self.call(ec2, "describe_vpc_endpoint_service_configurations",
                             "describe-vpc-endpoint-service-configurations.json") or {}
        for svc in services.get("ServiceConfigurations", []):
            sid = svc.get("ServiceId")
            self.call(ec2, "describe_vpc_endpoint_service_permissions",
                      f"endpoint-services/{sid}/permissions.json", ServiceId=sid)
        self.call(ec2, "describe_vpc_endpoint_connections",
                  "describe-vpc-endpoint-connections.json")
        lbs = self.call("elbv2", "describe_load_balancers", "elbv2-describe-load-balancers.json")
        if lbs is not None:
            groups = self.call("elbv2", "describe_target_groups",
                               "elbv2-describe-target-groups.json") or {}
            for tg in groups.get("TargetGroups", []):
                arn = str(tg.get("TargetGroupArn", ""))
                folder = "-".join(arn.rsplit("/", 2)[-2:]) or "target-group"
                self.call("elbv2", "describe_target_health",
                          f"target-groups/{folder}/health.json", TargetGroupArn=arn)
        self.call("autoscaling", "describe_auto_scaling_groups",
                  "autoscaling-describe-auto-scaling-groups.json")
        self._hybrid()

    def _hybrid(self) -> None:
        """VPN, network ACLs, prefix lists, Direct Connect gateways, Route 53 Resolver
        (snapshot_hybrid.py reads what these save)."""
        ec2 = "ec2"
        for op in ("describe_vpn_gateways", "describe_customer_gateways",
                   "describe_vpn_connections", "describe_network_acls"):
            self.call(ec2, op, op.replace("_", "-") + ".json")
        lists = self.call(ec2, "describe_managed_prefix_lists",
                          "describe-managed-prefix-lists.json") or {}
        for pl in lists.get("PrefixLists", []):
            pid = pl.get("PrefixListId")
            if pl.get("OwnerId") != "AWS" and isinstance(pid, str):
                self.call(ec2, "get_managed_prefix_list_entries",
                          f"prefix-lists/{pid}/entries.json", PrefixListId=pid)
        dx = self.call("directconnect", "describe_direct_connect_gateways",
                       "directconnect-describe-direct-connect-gateways.json") or {}
        for gw in dx.get("directConnectGateways", []):
            gid = gw.get("directConnectGatewayId")
            self.call("directconnect", "describe_direct_connect_gateway_associations",
                      f"direct-connect-gateways/{gid}/associations.json",
                      directConnectGatewayId=gid)
        endpoints = self.call("route53resolver", "list_resolver_endpoints",
                              "route53resolver-list-resolver-endpoints.json") or {}
        for rep in endpoints.get("ResolverEndpoints", []):
            rid = rep.get("Id")
            self.call("route53resolver", "list_resolver_endpoint_ip_addresses",
                      f"resolver-endpoints/{rid}/ip-addresses.json", ResolverEndpointId=rid)
        self.call("route53resolver", "list_resolver_rules",
                  "route53resolver-list-resolver-rules.json")
        self.call("route53resolver", "list_resolver_rule_associations",
                  "route53resolver-list-resolver-rule-associations.json")

    def _transit_gateways(self) -> None:
        ec2 = "ec2"
        tgws = self.call(ec2, "describe_transit_gateways", "describe-transit-gateways.json")
        if tgws is None or not tgws.get("TransitGateways"):
            return
        for op in ("describe_transit_gateway_attachments",
                   "describe_transit_gateway_vpc_attachments",
                   "describe_transit_gateway_peering_attachments"):
            self.call(ec2, op, op.replace("_", "-") + ".json")
        tables = self.call(ec2, "describe_transit_gateway_route_tables",
                           "describe-transit-gateway-route-tables.json") or {}
        for table in tables.get("TransitGatewayRouteTables", []):
            rid = table.get("TransitGatewayRouteTableId")
            base = f"tgw-route-tables/{rid}/"
            self.call(ec2, "get_transit_gateway_route_table_propagations",
                      base + "propagations.json", TransitGatewayRouteTableId=rid)
            self.call(ec2, "get_transit_gateway_route_table_associations",
                      base + "associations.json", TransitGatewayRouteTableId=rid)
            self.call(ec2, "search_transit_gateway_routes", base + "static-routes.json",
                      TransitGatewayRouteTableId=rid,
                      Filters=[{"Name": "type", "Values": ["static"]}])
            # what the gateway learned from VPN (BGP) and Direct Connect attachments
            self.call(ec2, "search_transit_gateway_routes", base + "propagated-routes.json",
                      TransitGatewayRouteTableId=rid,
                      Filters=[{"Name": "type", "Values": ["propagated"]}])


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def fetch(regions: list[str], profile: str | None, echo: Echo = None) -> tuple[
        dict[str, bytes], list[str]]:
    """The snapshot files (relative path -> bytes) of every Region, and notes on calls that
    failed."""
    require_boto3()
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

    try:
        session = boto3.session.Session(profile_name=profile)
    except ProfileNotFound as exc:
        raise fail(DiagnosticCode.AWS_PROFILE, str(exc), "aws") from None
    if not regions:
        if not session.region_name:
            raise fail(DiagnosticCode.AWS_REGION, "no Region given and the profile has none", "aws",
                       hint="give --region (repeat it for several Regions)")
        regions = [session.region_name]
    account = None
    try:
        account = session.client("sts", region_name=regions[0]).get_caller_identity().get(
            "Account")
    except (ClientError, BotoCoreError) as exc:
        if "credentials" in str(exc).lower():
            raise fail(DiagnosticCode.AWS_CREDENTIALS, f"cannot call AWS: {_short(exc)}", "aws") from None
    prefix = f"{account}/" if isinstance(account, str) and account.isdigit() else ""
    files: dict[str, bytes] = {}
    notes: list[str] = []
    try:
        for region in sorted(set(regions)):
            fetcher = Fetcher(session, region, f"{prefix}{region}/", echo)
            fetcher.run()
            files.update(fetcher.files)
            notes.extend(fetcher.notes)
        zones = Fetcher(session, sorted(set(regions))[0], f"{prefix}route53/", echo)
        listed = zones.call("route53", "list_hosted_zones", "list-hosted-zones.json") or {}
        for zone in listed.get("HostedZones", []):
            if not (zone.get("Config") or {}).get("PrivateZone"):
                continue
            zid = str(zone.get("Id", "")).rsplit("/", 1)[-1]
            zones.call("route53", "get_hosted_zone", f"{zid}/get-hosted-zone.json", Id=zid)
            zones.call("route53", "list_resource_record_sets", f"{zid}/records.json",
                       HostedZoneId=zid)
        files.update(zones.files)
        notes.extend(zones.notes)
    except (ClientError, BotoCoreError) as exc:
        raise fail(DiagnosticCode.AWS_CALL, f"cannot read AWS: {_short(exc)}", "aws") from None
    return files, notes
