"""How long `vpcdocs import snapshot` takes, and how much memory, on a generated 100-VPC estate.

    python benchmarks/import_bench.py              # prints the figures
    python benchmarks/import_bench.py --vpcs 300   # a larger estate
    python benchmarks/import_bench.py --record     # also writes benchmarks/import_bench.txt

The generator writes a snapshot folder in the AWS CLI's shapes (`describe-vpcs`, subnets, route
tables, NAT and internet gateways, endpoints, security groups, instances, a transit gateway with an
attachment per VPC and its route tables, peerings between neighbours), then times each stage of
the import in this process: reading the files, mapping to the topology (design), writing YAML, and
loading the result back (validate), with tracemalloc's peak for the import itself. Timings are
measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vpcdocs.importers import design, emit, snapshot  # noqa: E402
from vpcdocs.loader import load_bytes  # noqa: E402

ACCOUNT, REGION = "111111111111", "eu-west-1"
AZS = ("a", "b", "c")
SERVICES = ("s3", "ssm", "ssmmessages", "ec2messages", "kms", "logs", "secretsmanager", "sts")


def _tags(name: str) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}, {"Key": "team", "Value": "platform"}]


def generate(root: Path, vpcs: int) -> int:
    """A snapshot of `vpcs` VPCs under root/<account>/<region>/; returns its size in bytes."""
    out = root / ACCOUNT / REGION
    out.mkdir(parents=True, exist_ok=True)
    data: dict[str, list[dict[str, object]]] = {k: [] for k in (
        "Vpcs", "Subnets", "RouteTables", "InternetGateways", "NatGateways", "VpcEndpoints",
        "SecurityGroups", "Reservations", "TransitGatewayVpcAttachments",
        "VpcPeeringConnections")}
    tgw = "tgw-0000000000000001"
    for v in range(vpcs):
        vid, cidr = f"vpc-{v:017x}", f"10.{v // 2}.{(v % 2) * 128}.0/17"
        base = f"10.{v // 2}.{(v % 2) * 128}"
        data["Vpcs"].append({"VpcId": vid, "CidrBlock": cidr, "State": "available", "OwnerId": ACCOUNT,
                             "IsDefault": False, "Tags": _tags(f"vpc-{v}"),
                             "CidrBlockAssociationSet": [{"CidrBlock": cidr,
                                                          "CidrBlockState": {"State": "associated"}}]})
        subnets = []
        for i, az in enumerate(AZS):
            for tier, offset in (("public", 0), ("private", 3)):
                sid = f"subnet-{v:08x}{i + offset:09x}"
                third = int(base.split(".")[2]) + i + offset
                subnets.append((sid, tier, az))
                data["Subnets"].append({"SubnetId": sid, "VpcId": vid, "State": "available",
                                        "AvailabilityZone": f"{REGION}{az}",
                                        "CidrBlock": f"10.{v // 2}.{third}.0/24", "OwnerId": ACCOUNT,
                                        "Tags": _tags(f"vpc-{v}-{tier}-{az}"),
                                        "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{sid}"})
        igw, nat = f"igw-{v:017x}", f"nat-{v:017x}"
        data["InternetGateways"].append({"InternetGatewayId": igw, "OwnerId": ACCOUNT,
                                         "Attachments": [{"State": "available", "VpcId": vid}]})
        data["NatGateways"].append({"NatGatewayId": nat, "SubnetId": subnets[0][0], "VpcId": vid,
                                    "State": "available", "ConnectivityType": "public"})
        rtb_main, rtb_pub, rtb_priv = (f"rtb-{v:08x}{k:09x}" for k in range(3))
        local = {"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable",
                 "State": "active"}
        data["RouteTables"] += [
            {"RouteTableId": rtb_main, "VpcId": vid, "Routes": [local],
             "Associations": [{"Main": True, "AssociationState": {"State": "associated"}}]},
            {"RouteTableId": rtb_pub, "VpcId": vid, "Tags": _tags(f"vpc-{v}-public"),
             "Routes": [local, {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw,
                                "State": "active"}],
             "Associations": [{"Main": False, "SubnetId": s, "AssociationState": {"State": "associated"}}
                              for s, tier, _ in subnets if tier == "public"]},
            {"RouteTableId": rtb_priv, "VpcId": vid, "Tags": _tags(f"vpc-{v}-private"),
             "Routes": [local, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat,
                                "State": "active"},
                        {"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": tgw,
                         "State": "active"},
                        {"DestinationPrefixListId": "pl-6da54004", "GatewayId": f"vpce-{v:08x}000000000",
                         "State": "active"}],
             "Associations": [{"Main": False, "SubnetId": s, "AssociationState": {"State": "associated"}}
                              for s, tier, _ in subnets if tier == "private"]}]
        sg = f"sg-{v:017x}"
        data["SecurityGroups"].append({"GroupId": sg, "VpcId": vid, "GroupName": "endpoints",
                                       "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443,
                                                          "ToPort": 443,
                                                          "IpRanges": [{"CidrIp": cidr}]}]})
        private = [s for s, tier, _ in subnets if tier == "private"]
        for k, service in enumerate(SERVICES):
            gateway = service == "s3"
            data["VpcEndpoints"].append({
                "VpcEndpointId": f"vpce-{v:08x}{k:09x}", "VpcId": vid, "State": "available",
                "ServiceName": f"com.amazonaws.{REGION}.{service}",
                "VpcEndpointType": "Gateway" if gateway else "Interface",
                "RouteTableIds": [rtb_priv] if gateway else [], "SubnetIds": [] if gateway else private,
                "Groups": [] if gateway else [{"GroupId": sg, "GroupName": "endpoints"}],
                "PrivateDnsEnabled": not gateway, "Tags": _tags(f"vpc-{v}-{service}")})
        data["Reservations"].append({"Instances": [
            {"InstanceId": f"i-{v:08x}{n:09x}", "SubnetId": private[n % 3], "VpcId": vid,
             "State": {"Name": "running"}, "PrivateIpAddress": f"10.{v // 2}.1.{n + 10}",
             "Tags": _tags(f"app-{v}-{n}")} for n in range(4)]})
        data["TransitGatewayVpcAttachments"].append({
            "TransitGatewayAttachmentId": f"tgw-attach-{v:017x}", "TransitGatewayId": tgw,
            "VpcId": vid, "State": "available", "SubnetIds": private})
        if v % 2 == 1:
            prev = f"vpc-{v - 1:017x}"
            data["VpcPeeringConnections"].append({
                "VpcPeeringConnectionId": f"pcx-{v:017x}", "Status": {"Code": "active"},
                "RequesterVpcInfo": {"VpcId": prev, "Region": REGION, "OwnerId": ACCOUNT},
                "AccepterVpcInfo": {"VpcId": vid, "Region": REGION, "OwnerId": ACCOUNT}})
    data["TransitGateways"] = [{"TransitGatewayId": tgw, "State": "available", "OwnerId": ACCOUNT,
                                "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:transit-gateway/{tgw}",
                                "Options": {"DefaultRouteTableAssociation": "enable",
                                            "AssociationDefaultRouteTableId": "tgw-rtb-01",
                                            "DefaultRouteTablePropagation": "enable",
                                            "PropagationDefaultRouteTableId": "tgw-rtb-01"}}]
    data["TransitGatewayRouteTables"] = [{"TransitGatewayRouteTableId": "tgw-rtb-01",
                                          "TransitGatewayId": tgw, "State": "available",
                                          "DefaultAssociationRouteTable": True}]
    size = 0
    for key, items in data.items():
        text = json.dumps({key: items}, indent=4)
        (out / f"{key}.json").write_text(text)
        size += len(text)
    return size


def measure(root: Path) -> dict[str, float]:
    """Times from a plain run; the peak from a second run under tracemalloc (which slows it)."""
    t0 = time.perf_counter()
    est = snapshot.read_folder(root)
    t1 = time.perf_counter()
    result = design.build(est)
    t2 = time.perf_counter()
    data = emit.render(result)
    t3 = time.perf_counter()
    tracemalloc.start()
    emit.render(design.build(snapshot.read_folder(root)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    loaded = load_bytes("imported.yaml", data)
    t4 = time.perf_counter()
    assert loaded.ok, [str(d) for d in loaded.errors][:5]
    return {"read": t1 - t0, "design": t2 - t1, "emit": t3 - t2, "import": t3 - t0,
            "validate": t4 - t3, "peak_mib": peak / 2**20, "yaml_kib": len(data) / 1024,
            "objects": float(sum(result.summary.imported.values()))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vpcs", type=int, default=100)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        size = generate(Path(tmp), args.vpcs)
        figures = measure(Path(tmp))
    lines = [
        f"import snapshot, {args.vpcs} VPCs ({size / 2**20:.1f} MiB of describe-* JSON, "
        f"{int(figures['objects'])} objects imported, {figures['yaml_kib']:.0f} KiB of YAML)",
        f"  read files   {figures['read']:6.2f} s",
        f"  design       {figures['design']:6.2f} s",
        f"  emit YAML    {figures['emit']:6.2f} s",
        f"  import total {figures['import']:6.2f} s   peak memory (tracemalloc) "
        f"{figures['peak_mib']:.0f} MiB",
        f"  validate the result {figures['validate']:.2f} s",
        f"  ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()})",
    ]
    print("\n".join(lines))
    if args.record:
        (ROOT / "benchmarks" / "import_bench.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
