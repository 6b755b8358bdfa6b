"""Hand-made scenes: the cases the renderer must get right, a realistic sample and a big synthetic one.

Tests compare their DOT with golden files, the benchmark times the synthetic one, and view authors
can read them as examples of building a `Scene`. Pure data, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from vpcdocs.render.scene import (
    Arrow,
    Cluster,
    ClusterKind,
    Edge,
    EdgeStyle,
    Emphasis,
    Node,
    Scene,
    default_legend,
)

__all__ = ["EXAMPLES", "review_sample", "synthetic_scene"]


def equal_labels() -> Scene:
    """Two VPCs in one region, each with an AZ box labelled "eu-west-1a": they must stay two."""
    nodes = (
        Node("prod-app-a", "app-a", icon="subnet-private"),
        Node("dev-app-a", "app-a", icon="subnet-private"),
        Node("prod-nat", "nat-a", icon="nat-gateway"),
        Node("dev-nat", "nat-a", icon="nat-gateway"),
    )
    region = Cluster(
        "eu-west-1",
        "eu-west-1",
        ClusterKind.REGION,
        clusters=(
            Cluster(
                "prod",
                "prod 10.0.0.0/16",
                ClusterKind.VPC,
                clusters=(
                    Cluster(
                        "prod/eu-west-1a",
                        "eu-west-1a",
                        ClusterKind.AZ,
                        node_ids=("prod-app-a", "prod-nat"),
                    ),
                ),
            ),
            Cluster(
                "dev",
                "dev 10.1.0.0/16",
                ClusterKind.VPC,
                clusters=(
                    Cluster(
                        "dev/eu-west-1a",
                        "eu-west-1a",
                        ClusterKind.AZ,
                        node_ids=("dev-app-a", "dev-nat"),
                    ),
                ),
            ),
        ),
    )
    edges = (
        Edge("prod-app-a", "prod-nat", style=EdgeStyle.BACKBONE),
        Edge("dev-app-a", "dev-nat", style=EdgeStyle.BACKBONE),
    )
    return Scene("Equal labels stay apart", clusters=(region,), nodes=nodes, edges=edges)


def hostile_text() -> Scene:
    """User text that Graphviz would misread: HTML-looking labels, quotes, backslashes, newlines."""
    nodes = (
        Node("html", "<b>x</b>", icon="ec2", tooltip='<i>tip</i> "quoted"'),
        Node("quotes", 'say "hi"\\n and \\N \\G', icon=None),
        Node("newline", "first line\nsecond line\\", icon="s3", link="services/s3/"),
        Node("long", "a label long enough that it has to be wrapped onto lines", icon="vpc"),
    )
    cluster = Cluster("c", "<VPC> & \\l", ClusterKind.VPC, node_ids=("html", "quotes"))
    edges = (
        Edge("html", "quotes", label="<td>&amp;</td>"),
        Edge("quotes", "newline", label='a\nb "c" \\', style=EdgeStyle.INTERNET),
        Edge("newline", "long", label="", tooltip="<tooltip>", arrow=Arrow.BOTH),
    )
    return Scene('Title with "quotes" and <angle> \\ backslash', (cluster,), nodes, edges)


def unsafe_ids() -> Scene:
    """Ids with colons, slashes, spaces, digits first and DOT keywords."""
    arn = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc"
    nodes = (
        Node(arn, "vpc-0abc", icon="vpc"),
        Node("web server 1", "web server 1", icon="ec2"),
        Node("a:b", "a:b", icon="eni"),
        Node("a_b", "a_b", icon="eni"),
        Node("1st", "first", icon="ec2"),
        Node("node", "keyword", icon="ec2"),
        Node("ünïcode-名前", "ünïcode 名前", icon="ec2"),
    )
    clusters = (
        Cluster("vpc:prod", "prod", ClusterKind.VPC, node_ids=("web server 1", "a:b")),
        Cluster("vpc prod", "prod", ClusterKind.VPC, node_ids=("a_b",)),
    )
    edges = (
        Edge(arn, "web server 1", style=EdgeStyle.BACKBONE),
        Edge("web server 1", "a:b"),
        Edge("a:b", "a_b"),
        Edge("1st", "node"),
        Edge("node", "ünïcode-名前"),
    )
    return Scene("Unsafe ids", clusters, nodes, edges)


def numbered_flow() -> Scene:
    """One flow, numbered hop by hop, with a blocked alternative and a legend."""
    nodes = (
        Node("web", "web-1\n10.0.1.10", icon="ec2", emphasis=Emphasis.HIGHLIGHT),
        Node("rt", "rt-private-a", icon="route-table"),
        Node("nat", "nat-a", icon="nat-gateway", link="vpcs/prod/#nat-a"),
        Node("igw", "igw-prod", icon="internet-gateway"),
        Node("s3", "Amazon S3", icon="s3", link="services/s3/"),
        Node("vpce", "vpce-s3", icon="gateway-endpoint", emphasis=Emphasis.MUTED),
    )
    vpc = Cluster(
        "prod",
        "prod",
        ClusterKind.VPC,
        clusters=(
            Cluster("prod/private-a", "private-a", ClusterKind.SUBNET_PRIVATE, node_ids=("web",)),
            Cluster("prod/public-a", "public-a", ClusterKind.SUBNET_PUBLIC, node_ids=("nat",)),
        ),
        node_ids=("rt", "igw", "vpce"),
    )
    edges = (
        Edge("web", "rt", "0.0.0.0/0", EdgeStyle.BACKBONE, number=1),
        Edge("rt", "nat", "nat-a", EdgeStyle.BACKBONE, number=2),
        Edge("nat", "igw", "SNAT", EdgeStyle.BACKBONE, number=3),
        Edge("igw", "s3", "public IP", EdgeStyle.INTERNET, number=4),
        Edge("rt", "vpce", "no pl-… route", EdgeStyle.BLOCKED, emphasis=Emphasis.MUTED),
        Edge("vpce", "s3", "", EdgeStyle.NEUTRAL, emphasis=Emphasis.MUTED),
    )
    return Scene("web-to-s3", (vpc,), nodes, edges, legend=default_legend(edges))


def review_sample() -> Scene:
    """A realistic two-region picture, used to look at the rendering and in the docs."""
    nodes = (
        Node("internet", "Internet", icon="internet"),
        Node("s3", "Amazon S3\neu-west-1", icon="s3", link="services/s3/"),
        Node("ddb", "DynamoDB\neu-west-1", icon="dynamodb"),
        Node("prod-igw", "igw-prod", icon="internet-gateway", link="vpcs/prod/"),
        Node("prod-nat-a", "nat-a", icon="nat-gateway", link="vpcs/prod/"),
        Node("prod-web-a", "web-a\n10.0.1.10", icon="ec2", emphasis=Emphasis.HIGHLIGHT),
        Node("prod-web-b", "web-b\n10.0.2.10", icon="ec2"),
        Node("prod-vpce-s3", "vpce-s3 (gateway)", icon="gateway-endpoint"),
        Node("prod-vpce-ssm", "vpce-ssm (interface)", icon="interface-endpoint"),
        Node("prod-nlb", "nlb-api", icon="nlb"),
        Node("tgw-eu", "tgw-eu-west-1", icon="transit-gateway"),
        Node("tgw-us", "tgw-us-east-1", icon="transit-gateway"),
        Node("shared-app", "app-a\n10.8.1.20", icon="ec2"),
        Node("shared-zone", "internal.example.com", icon="hosted-zone"),
    )
    prod = Cluster(
        "prod",
        "prod  10.0.0.0/16",
        ClusterKind.VPC,
        link="vpcs/prod/",
        clusters=(
            Cluster(
                "prod/eu-west-1a",
                "eu-west-1a",
                ClusterKind.AZ,
                clusters=(
                    Cluster(
                        "prod/public-a",
                        "public-a  10.0.0.0/24",
                        ClusterKind.SUBNET_PUBLIC,
                        node_ids=("prod-nat-a",),
                    ),
                    Cluster(
                        "prod/private-a",
                        "private-a  10.0.1.0/24",
                        ClusterKind.SUBNET_PRIVATE,
                        node_ids=("prod-web-a", "prod-vpce-ssm"),
                    ),
                ),
            ),
            Cluster(
                "prod/eu-west-1b",
                "eu-west-1b",
                ClusterKind.AZ,
                clusters=(
                    Cluster(
                        "prod/private-b",
                        "private-b  10.0.2.0/24",
                        ClusterKind.SUBNET_PRIVATE,
                        node_ids=("prod-web-b", "prod-nlb"),
                    ),
                ),
            ),
        ),
        node_ids=("prod-igw", "prod-vpce-s3"),
    )
    eu = Cluster("eu-west-1", "eu-west-1", ClusterKind.REGION, clusters=(prod,), node_ids=("tgw-eu",))
    us = Cluster(
        "us-east-1",
        "us-east-1",
        ClusterKind.REGION,
        node_ids=("tgw-us",),
        clusters=(
            Cluster(
                "shared",
                "shared  10.8.0.0/16",
                ClusterKind.VPC,
                node_ids=("shared-app", "shared-zone"),
            ),
        ),
    )
    edges = (
        Edge("prod-web-a", "prod-nat-a", "0.0.0.0/0", EdgeStyle.BACKBONE, number=1),
        Edge("prod-nat-a", "prod-igw", "", EdgeStyle.BACKBONE, number=2),
        Edge("prod-igw", "internet", "api.example.org", EdgeStyle.INTERNET, number=3),
        Edge("prod-web-b", "prod-vpce-s3", "pl-6ea54007", EdgeStyle.BACKBONE),
        Edge("prod-vpce-s3", "s3", "", EdgeStyle.BACKBONE),
        Edge("prod-web-b", "ddb", "no route to pl-…", EdgeStyle.BLOCKED),
        Edge("prod-web-a", "prod-vpce-ssm", "ssm.eu-west-1", EdgeStyle.BACKBONE),
        Edge("prod-nlb", "prod-web-b", "tcp/443", EdgeStyle.BACKBONE),
        Edge("prod-web-b", "tgw-eu", "10.8.0.0/16", EdgeStyle.BACKBONE),
        Edge("tgw-eu", "tgw-us", "TGW peering", EdgeStyle.CROSS_REGION, arrow=Arrow.BOTH),
        Edge("tgw-us", "shared-app", "", EdgeStyle.BACKBONE),
        Edge("shared-app", "shared-zone", "", EdgeStyle.NEUTRAL, arrow=Arrow.NONE),
    )
    return Scene(
        "prod network — overview",
        clusters=(eu, us),
        nodes=nodes,
        edges=edges,
        legend=default_legend(edges),
    )


_ICON_CYCLE = ("ec2", "subnet-private", "nat-gateway", "interface-endpoint", "nlb", "route-table")
_STYLE_CYCLE = tuple(EdgeStyle)


def synthetic_scene(nodes: int = 500, clusters: int = 55, edges: int = 600) -> Scene:
    """A big, deterministic scene for benchmarks: 5 regions of VPCs of AZ boxes, nodes dealt out
    round-robin, edges mostly between neighbours with some long jumps."""
    regions = 5
    leaf_count = max(1, clusters - regions)
    members: list[list[str]] = [[] for _ in range(leaf_count)]
    made: list[Node] = []
    for index in range(nodes):
        node_id = f"n{index:04d}"
        made.append(
            Node(
                node_id,
                f"node {index}\n10.{index // 250}.{index % 250}.1",
                icon=_ICON_CYCLE[index % len(_ICON_CYCLE)],
            )
        )
        members[index % leaf_count].append(node_id)
    leaves = [
        Cluster(f"c{i:03d}", f"vpc-{i:03d}", ClusterKind.VPC, node_ids=tuple(ids))
        for i, ids in enumerate(members)
    ]
    tops = tuple(
        Cluster(f"r{r}", f"region-{r}", ClusterKind.REGION, clusters=tuple(leaves[r::regions]))
        for r in range(regions)
    )
    links: list[Edge] = []
    for index in range(edges):
        src = index % nodes
        step = 1 + (index * 7) % 13 if index % 5 else 1 + (index * 131) % nodes
        dst = (src + step) % nodes
        links.append(
            Edge(
                f"n{src:04d}",
                f"n{dst:04d}",
                f"e{index}" if index % 3 == 0 else "",
                _STYLE_CYCLE[index % len(_STYLE_CYCLE)],
            )
        )
    return Scene(
        f"synthetic {nodes} nodes / {clusters} clusters / {edges} edges",
        tops,
        tuple(made),
        tuple(links),
        legend=default_legend(links),
    )


#: Named small scenes whose DOT is kept under tests/golden/render/<name>.dot.
EXAMPLES: dict[str, Callable[[], Scene]] = {
    "equal_labels": equal_labels,
    "hostile_text": hostile_text,
    "numbered_flow": numbered_flow,
    "review_sample": review_sample,
    "unsafe_ids": unsafe_ids,
}
