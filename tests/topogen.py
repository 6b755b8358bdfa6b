"""A generator of valid-but-unseen topologies, for testing the whole pipeline on designs nobody
wrote by hand.

Each design follows topology-format.md: 1-3 Regions, 1-6 VPCs with distinct blocks, subnets in
1-3 AZs, main and explicit route tables whose routes go to internet and NAT gateways, peerings,
transit gateways and gateway-load-balancer endpoints, gateway and interface endpoints to catalogue
services (cross-Region ones too), peerings (active or pending), transit gateways with VPC and
peering attachments, propagations, static and blackhole routes, endpoint services (NLB or GWLB,
principals of every kind, acceptance, supported Regions, private DNS names), hosted zones,
workloads, and flows (to services, endpoint services and workloads, with and without
`via_endpoint` or `region`), or no `flows` key at all. Names are legal but hostile (dots,
underscores, case twins, Windows device names, names that look like files or YAML scalars) and
free text carries Markdown, HTML, pipes, backticks, Jinja and unicode.

The same code draws from two sources of choices:

    design = generate(seed)                    # a seeded `random.Random`: quick, reproducible
    @given(designs())                          # a Hypothesis strategy: shrinks failing designs
    def test(design: Design) -> None: ...

`generate(seed, long=True)` and `designs(long=True)` give the same kinds of design with every name
64 characters long (the most the format allows) and kilobytes of free text in the title, the
description, the account labels and the workload kinds: for checking that whatever validates
also draws (tests/test_render_limits.py; tests/stressgen.py pushes the counts too).

`Design.text` is the YAML file; `shuffled(design, seed)` writes the same design with every
mapping's keys in another order (which must not change any output); `mutated(design, seed)`
changes a few things that keep it valid (volumes, statuses, routes, flags), for diffs. Designs
are meant to load without errors; the few that do not are discarded by the tests (see the
acceptance-rate test).
"""

from __future__ import annotations

import copy
import io
import ipaddress
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st
from ruamel.yaml import YAML

from vpcdocs.analysis.pricing.table import load_price_table
from vpcdocs.loader.catalogue import services

T = TypeVar("T")

#: Regions the bundled price table knows (others need `pricing` overrides).
PRICED_REGIONS: tuple[str, ...] = (
    "ap-northeast-1",
    "ap-southeast-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "us-east-1",
    "us-east-2",
    "us-west-2",
)
#: A Region the table does not know: used only with a full `pricing.regions` override.
UNPRICED_REGION = "ca-central-1"

ACCOUNT_POOL: tuple[str, ...] = (
    "012345678901",
    "111111111111",
    "222233334444",
    "000000000007",
    "987654321098",
)

#: Links that must not become links: every way to write a script (or any refused) scheme that
#: some Markdown engine or browser decodes: character references (named, decimal, hex, with and
#: without the semicolon, zero-padded, double-encoded), tabs and newlines inside, spaces and
#: controls in front, case, backslashes, percent-encoding, angle brackets, code spans and
#: reference links spliced into the destination, reference definitions, footnotes (a reference
#: definition to an engine without footnotes), images, autolinks, links in headings and tables,
#: attribute lists. Each runs `alert(1)` if it ever becomes a link (the browser test counts).
HOSTILE_LINKS: tuple[str, ...] = (
    "[a](javascript:alert(1))",
    "[b](javascript&#58;alert(1))",
    "[c](javascript&#58alert(1))",
    "[d](&#106;avascript:alert(1))",
    "[e](&#106avascript:alert(1))",
    "[f](&#x6A;avascript:alert(1))",
    "[g](jav&#x09;ascript:alert(1))",
    "[h](jav&Tab;ascript:alert(1))",
    "[i](javascript&colon;alert(1))",
    "[j](JaVaScRiPt:alert(1))",
    "[k](<javascript:alert(1)>)",
    "[l](   javascript:alert(1))",
    "[m](java\tscript:alert(1))",
    "[n](&#32;javascript:alert(1))",
    "[o](java&#10;script:alert(1))",
    "[p](javascript\\:alert(1))",
    "[q](vbscript:msgbox(1))",
    "[r](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[s](data:text/html,<script>alert(1)</script>)",
    "![t](javascript&#58;alert(1))",
    "[u][ref-u]\n\n[ref-u]: javascript&#58;alert(1)",
    "[v][ref-v]\n\n[ref-v]: <&#106;avascript:alert(1)>",
    "[ref-w]\n\n[ref-w]: JAVASCRIPT:alert(1)",
    "<javascript:alert(1)>",
    "<javascript://%0aalert(1)>",
    "[x](`javascript:alert(1)`)",
    "[y](java`script`:alert(1))",
    "[z](java[script][ok]:alert(1))\n\n[ok]: https://example.com/",
    "[aa](javascript%3Aalert(1))",
    "[ab](\u2028javascript:alert(1))",
    "[ac](javascript&#x3A;alert(1) \"title\")",
    "Note[^n]\n\n[^n]: javascript:alert(1)",
    "# [ad](javascript&#58;alert(1))",
    "| [ae](javascript&#58;alert(1)) |\n|---|\n| x |",
    "[af](FILE://server/share/x)",  # upper case: no path for the fuzz's DOT check to find
    "[ag](&#x26;#106;avascript:alert(1))",
    "[ah](javascript&#0000058;alert(1))",
    "[ai](javascript&#X3A;alert(1))",
    "[aj](&NewLine;javascript:alert(1))",
    "[ak](\\javascript:alert(1))",
    "[al [nested] text](javascript&#58;alert(1))",
    "[am]\n(javascript:alert(1))",
    "[an]: javascript:alert(1)\n\n[an]",
    "Para{: onclick=\"alert(1)\"} [ao](/ok){: href=\"javascript:alert(1)\"}",
    "<a href=\"javascript&#58;alert(1)\">ap</a> <img src=x onerror=alert(1)>",
    "<a href='&#106avascript:alert(1)'>aq</a><svg onload=alert(1)>",
    "> [au](\n> javascript:alert(1))",
    "[aw]\x02(javascript:alert(1)) [ax]\x03: javascript:alert(1)\n\n[ax]",
    "<mailto:x/onmouseover=alert&#40;1&#41;> <mailto:a@b.example>",
    "> > [av]:\n> > &#106;avascript:alert(1)\n>\n> > [av]",
    "[ar](https://example.com/ok) [as](#ok) [at](/ok) <https://example.com/auto>",
)

#: Free text that must come out as text: Markdown, HTML, table pipes, backticks, Jinja, unicode.
HOSTILE_TEXT: tuple[str, ...] = (
    "Plain words.",
    "**bold** and _under_score_ and *star*",
    "# A heading inside a description",
    "| not | a | table |\n|---|---|---|\n| x | y | z |",
    "pipe | in the middle",
    "`code` and ``double `tick` code`` and an unclosed ` tick",
    "```\nfenced\n```",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "</td></tr></table><b>broken html",
    "[a link](https://example.com/a_b?c=1&d=2)",
    "[js](javascript:alert(1))",
    "{{ jinja }} {% if x %}block{% endif %} {# comment #}",
    "Unicode: 日本語, Ünïcødé, emoji 🚀, RTL \u202eevil\u202c, zero\u200bwidth",
    "Backslash \\ and \\n and a trailing backslash\\",
    "--- dashes\n\n---\n\nafter a rule",
    "!!! warning\n    an admonition",
    "<!-- an unclosed comment",
    "]]> & &amp; &lt;tag&gt; \"quotes\" 'single'",
    "line one\nline two\n\n* a bullet\n* another",
    "  leading and trailing spaces  ",
    "%s %d {0} {name}",
    "<!-- END_VPCDOCS -->",
    "<!-- BEGIN_VPCDOCS -->",
    "~~~~",
    *HOSTILE_LINKS,
)

#: GB a month: nothing, small, fractional, large, absurd but finite (sums stay finite).
VOLUMES: tuple[float, ...] = (0, 1, 12.5, 500, 2048, 123456.789, 6_000_000, 1e-9, 1e15, 1e300)

WORKLOAD_KINDS: tuple[str, ...] = (
    "ec2",
    "ecs",
    "lambda",
    "rds",
    "eks",
    "appliance",
    "Fargate <task>",
    "k8s|pod",
    "`db`",
    "日本",
    "",
)

#: Names that are legal but awkward somewhere: a file system, a URL, DOT, YAML or Markdown.
ODD_NAMES: tuple[str, ...] = (
    "CON",
    "con",
    "nul",
    "Aux",
    "COM1",
    "lpt9",
    "index",
    "index.md",
    "diagram.svg",
    "README",
    "a..b",
    "x.",
    "y-",
    "z_",
    "A.b_c-1",
    "1st.subnet",
    "007",
    "1e3",
    "0x1F",
    "1_000",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "true",
    "NaN",
    "inf",
    "a__b__",
    "h1",
    "script",
    "a--b",
    "x.svg",
    "site",
    "assets",
    "flows",
    "vpcs",
    "pricing",
    "cross-region",
    "concepts",
    "regions",
    "services",
    "endpoints",
    "L" * 64,
    "m" * 63 + "M",
    # names that mean something else in the pictures and pages
    "local",
    "internet",
    "blackhole",
    "main",
    "us-east-1",
    "eu-west-1a",
    "10.0.0.0",
    "0.0.0.0",
    "pl-12345678",
    "vpce-0abc",
    "None",
    "undefined",
    "1.",
    "9.",
    "0",
)


class Chooser(Protocol):
    """Where the choices come from (a seeded Random or a Hypothesis draw)."""

    def integer(self, lo: int, hi: int) -> int: ...

    def chance(self, percent: int) -> bool: ...

    def choice(self, items: Sequence[T]) -> T: ...

    def subset(self, items: Sequence[T], lo: int, hi: int) -> list[T]: ...


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def subset(self, items: Sequence[T], lo: int, hi: int) -> list[T]:
        hi = min(hi, len(items))
        lo = min(lo, hi)
        return self.rng.sample(list(items), self.rng.randint(lo, hi))


class DrawChooser:
    """Hypothesis draws; each shrinks towards the smallest count, no optional feature, the first
    item."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) >= 100 - percent

    def choice(self, items: Sequence[T]) -> T:
        return items[self.draw(st.integers(0, len(items) - 1))]

    def subset(self, items: Sequence[T], lo: int, hi: int) -> list[T]:
        hi = min(hi, len(items))
        lo = min(lo, hi)
        if hi == 0:
            return []
        idx = self.draw(
            st.lists(st.integers(0, len(items) - 1), min_size=lo, max_size=hi, unique=True)
        )
        return [items[i] for i in idx]


@dataclass(frozen=True)
class Design:
    """One generated design: the data (plain dicts and lists) and its YAML text."""

    data: dict[str, Any]
    text: str

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8")


@cache
def _interface_services() -> tuple[str, ...]:
    return tuple(n for n, s in services().items() if s.interface)


@cache
def _cross_region_services() -> tuple[str, ...]:
    return tuple(n for n, s in services().items() if s.cross_region and s.interface)


@cache
def _price_keys() -> tuple[str, ...]:
    return tuple(sorted(load_price_table().regions["us-east-1"]))


#: What `long` mode pads names with, up to the 64 characters the format allows.
_LONG_FILLER = "-Long_name.with-every_allowed.character" * 2


def long_name(name: str) -> str:
    """`name` made 64 characters long (a legal name stays legal)."""
    return (name + _LONG_FILLER)[:64]


def long_text(text: str, length: int) -> str:
    """`text` repeated to `length` characters."""
    return (text * (length // max(1, len(text)) + 1))[:length]


class _Names:
    """Unique names in the one namespace, some of them hostile; in `long` mode all 64
    characters long."""

    def __init__(self, c: Chooser, long: bool = False) -> None:
        self.c = c
        self.long = long
        self.taken: set[str] = set()
        self.forbidden = set(services())
        self.serial = 0
        self.hostility = c.choice([10, 25, 60])  # percent of names that are odd

    def _free(self, name: str) -> bool:
        return name not in self.taken and name not in self.forbidden

    def take(self, name: str) -> str:
        self.taken.add(name)
        return name

    def new(self, hint: str) -> str:
        name = self._new(hint)
        if self.long:
            padded = long_name(name)
            if padded != name and self._free(padded):
                self.taken.discard(name)
                return self.take(padded)
        return name

    def _new(self, hint: str) -> str:
        c = self.c
        if c.chance(self.hostility):
            roll = c.integer(0, 3)
            candidates: list[str] = []
            if roll == 0:
                candidates = list(ODD_NAMES)
            elif roll == 1 and self.taken:
                # a case twin of an existing name: `Web` beside `web`
                for other in sorted(self.taken):
                    for twin in (other.upper(), other.swapcase(), other.title()):
                        if twin != other and twin[0].isalnum():
                            candidates.append(twin)
            elif roll == 2:
                candidates = [f"{hint[:1].upper()}{hint[1:]}.{self.serial}_x-Y"]
            else:
                candidates = [f"{hint}.{self.serial}.md", f"{hint}_{self.serial}.html"]
            free = [n for n in candidates if self._free(n)]
            if free:
                return self.take(c.choice(free))
        while True:
            self.serial += 1
            name = f"{hint}-{self.serial}"
            if self._free(name):
                return self.take(name)


def _text(c: Chooser) -> str:
    parts = c.subset(HOSTILE_TEXT, 1, 3)
    return "\n\n".join(parts)


class _Builder:
    def __init__(self, c: Chooser, long: bool = False) -> None:
        self.c = c
        self.long = long
        self.names = _Names(c, long)
        self.data: dict[str, Any] = {"vpcdocs": 1}
        self.regions: list[str] = []
        self.vpcs: dict[str, dict[str, Any]] = {}
        self.vpc_nets: dict[str, list[ipaddress.IPv4Network]] = {}
        self.subnet_az: dict[str, str] = {}
        self.tables: dict[str, list[str]] = {}  # vpc -> its route tables
        self.workloads: dict[str, str] = {}  # workload -> vpc
        self.dns_claims: dict[str, set[str]] = {}  # vpc -> private DNS names it answers
        self.interface_eps: dict[str, tuple[str, str, str]] = {}  # name -> (vpc, service, region)
        self.services: dict[str, dict[str, Any]] = {}
        self.service_region: dict[str, str] = {}
        self.tgw_attached: dict[str, set[str]] = {}  # tgw -> vpcs

    def _long(self, text: str, length: int) -> str:
        """Free text: as drawn, or in `long` mode repeated to `length` characters."""
        return long_text(text, length) if self.long and text else text

    # ------------------------------------------------------------------ top level

    def build(self) -> dict[str, Any]:
        c = self.c
        self.regions = c.subset(PRICED_REGIONS, 1, 3)
        if c.chance(8):
            self.regions.append(UNPRICED_REGION)
        self.accounts = c.subset(ACCOUNT_POOL, 1, 4)
        if c.chance(60):
            self.data["title"] = self._long(c.choice(HOSTILE_TEXT).split("\n")[0], 20_000)
        if c.chance(60):
            self.data["description"] = self._long(_text(c), 20_000)
        if c.chance(50):
            self.data["accounts"] = {a: self._long(c.choice(HOSTILE_TEXT).split("\n")[0], 5_000)
                                     for a in c.subset(self.accounts, 1, len(self.accounts))}
        parents = [ipaddress.IPv4Network(f"10.{i}.0.0/16") for i in range(0, 256, 7)]
        parents += [ipaddress.IPv4Network(f"172.{i}.0.0/16") for i in range(16, 32)]
        parents += [ipaddress.IPv4Network("192.168.0.0/16")]
        pool = c.subset(parents, 14, 14)
        self.data["vpcs"] = self.vpcs
        for _ in range(c.integer(1, 6)):
            self._vpc(pool)
        self._peerings()
        self._transit_gateways()
        self._endpoint_services()
        self._hosted_zones()
        self._flows()
        self._pricing()
        return self.data

    def _pricing(self) -> None:
        c = self.c
        overrides: dict[str, dict[str, float]] = {}
        if UNPRICED_REGION in self.regions:
            overrides[UNPRICED_REGION] = {k: 0.01 for k in _price_keys()}
        if c.chance(20):
            region = c.choice(PRICED_REGIONS)
            keys = c.subset(_price_keys(), 1, 3)
            overrides.setdefault(region, {}).update({k: c.choice([0.0, 0.011, 5, 1e-06])
                                                     for k in keys})
        if overrides:
            self.data["pricing"] = {"regions": overrides}
            if c.chance(50):
                self.data["pricing"]["as_of"] = "2026-06-01"

    # ------------------------------------------------------------------ VPCs

    def _vpc(self, pool: list[ipaddress.IPv4Network]) -> None:
        c = self.c
        name = self.names.new("vpc")
        region = c.choice(self.regions)
        parent = pool.pop()
        prefix = c.choice([16, 16, 20, 22])
        block = next(iter(parent.subnets(new_prefix=prefix)))
        vpc: dict[str, Any] = {"region": region}
        if c.chance(75):
            vpc["account"] = c.choice(self.accounts)
        nets = [block]
        if c.chance(12) and pool:
            nets.append(next(iter(pool.pop().subnets(new_prefix=24))))
            vpc["cidrs"] = [str(n) for n in nets]
        else:
            vpc["cidr"] = str(block)
        if c.chance(15):
            vpc["dns_support"] = c.chance(50)
        if c.chance(15):
            vpc["dns_hostnames"] = c.chance(50)
        self.vpcs[name] = vpc
        self.vpc_nets[name] = nets
        self.dns_claims[name] = set()

        azs = [region + s for s in c.subset("abc", 1, 3)]
        sub_prefix = min(28, prefix + c.choice([4, 6, 8]))
        blocks = list(block.subnets(new_prefix=sub_prefix))
        subnets: dict[str, dict[str, Any]] = {}
        for i in range(0 if c.chance(4) else c.integer(1, 4)):  # rarely an empty VPC
            sname = self.names.new("subnet")
            az = azs[i % len(azs)]
            subnets[sname] = {"az": az, "cidr": str(blocks[i])}
            self.subnet_az[sname] = az
        if len(nets) > 1 and c.chance(50):
            sname = self.names.new("subnet")
            az = c.choice(azs)
            subnets[sname] = {"az": az, "cidr": str(next(iter(nets[1].subnets(new_prefix=26))))}
            self.subnet_az[sname] = az
        vpc["subnets"] = subnets

        igw = None
        if c.chance(50):
            igw = self.names.new("igw")
            vpc["internet_gateway"] = igw

        tables: dict[str, dict[str, Any]] = {}
        main = None
        if c.chance(85):
            main = self.names.new("main-rt")
            tables[main] = {"main": True}
        for _ in range(c.integer(0 if main else 1, 2)):
            tables[self.names.new("rt")] = {}
        vpc["route_tables"] = tables
        self.tables[name] = list(tables)
        routes: dict[str, dict[str, str]] = {t: {} for t in tables}
        self._routes = routes
        explicit = [t for t in tables if t != main]
        public = None
        if igw is not None and explicit and c.chance(80):
            public = explicit[0]
            routes[public]["0.0.0.0/0"] = igw
        for sub in subnets.values():
            if main is None or (explicit and c.chance(50)):
                sub["route_table"] = c.choice(explicit)
        if public is not None and subnets and not any(
            s.get("route_table") == public for s in subnets.values()
        ):
            first = next(iter(subnets))
            subnets[first]["route_table"] = public

        # NAT gateways, in public subnets mostly
        nats: dict[str, dict[str, str]] = {}
        public_subnets = [s for s, v in subnets.items() if public and v.get("route_table") == public]
        nat_count = c.integer(0, 2) if public_subnets else (1 if subnets and c.chance(10) else 0)
        for _ in range(nat_count):
            nat = self.names.new("nat")
            nats[nat] = {"subnet": c.choice(public_subnets or list(subnets))}
        if nats:
            vpc["nat_gateways"] = nats
        for t in tables:
            if t == public:
                continue
            if nats and c.chance(75):
                routes[t]["0.0.0.0/0"] = c.choice(list(nats))
            elif igw and c.chance(25):
                routes[t]["0.0.0.0/0"] = igw
            if igw and c.chance(15):
                routes[t][c.choice(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/25"])] = igw

        # workloads
        workloads: dict[str, dict[str, Any]] = {}
        for _ in range(c.integer(0, 3) if subnets else 0):
            wl = self.names.new("wl")
            spec: dict[str, Any] = {"subnet": c.choice(list(subnets))}
            if c.chance(50):
                spec["kind"] = self._long(c.choice(WORKLOAD_KINDS), 2_000)
            if c.chance(30):
                spec["count"] = c.integer(1, 12)
            if c.chance(25):
                spec["public_ip"] = c.chance(70)
            workloads[wl] = spec
            self.workloads[wl] = name
        if workloads:
            vpc["workloads"] = workloads

        # endpoints to AWS services
        endpoints: dict[str, dict[str, Any]] = {}
        gw_services: set[str] = set()
        for svc in ("s3", "dynamodb"):
            if c.chance(35):
                ep = self.names.new(f"{svc}-gw")
                endpoints[ep] = {"type": "gateway", "service": svc,
                                 "route_tables": c.subset(list(tables), 0 if c.chance(10) else 1,
                                                          len(tables))}
                gw_services.add(svc)
        for _ in range(c.integer(0, 3) if subnets else 0):
            svc = c.choice(["s3", "dynamodb", "sqs", "kms", "ecr.api", "sts", "logs", "iam",
                            *_interface_services()])
            ep = self.names.new(f"{svc}-if")
            spec = {"type": "interface", "service": svc}
            by_az: dict[str, str] = {}
            for s in subnets:
                by_az.setdefault(self.subnet_az[s], s)
            spec["subnets"] = c.subset(sorted(by_az.values()), 1, 3)
            svc_region = region
            if svc in _cross_region_services() and c.chance(25):
                svc_region = c.choice(PRICED_REGIONS)
                spec["service_region"] = svc_region
            dns_name = services()[svc].dns_name(svc_region)
            want_dns = c.chance(65) and dns_name not in self.dns_claims[name]
            if not want_dns or c.chance(30):
                spec["private_dns"] = want_dns
            if svc in ("s3", "dynamodb") and want_dns and svc not in gw_services:
                spec["private_dns_inbound_only"] = False
            elif svc in ("s3", "dynamodb") and want_dns and c.chance(30):
                spec["private_dns_inbound_only"] = c.chance(50)
            if want_dns:
                self.dns_claims[name].add(dns_name)
            if c.chance(50):
                spec["allow_from"] = c.subset(
                    sorted({str(block), "10.0.0.0/8", "0.0.0.0/0", "172.16.0.0/12"}), 1, 2)
            endpoints[ep] = spec
            self.interface_eps[ep] = (name, svc, svc_region)
        vpc["endpoints"] = endpoints
        self._finish_vpc(name)

    def _finish_vpc(self, name: str) -> None:
        """Write the routes collected so far (more are added by peerings, TGWs and GWLBs)."""
        vpc = self.vpcs[name]
        for t, routes in self._routes.items():
            vpc["route_tables"][t]["_routes"] = routes
        del self._routes

    def _add_route(self, vpc: str, table: str, to: str, via: str) -> None:
        nets = self.vpc_nets[vpc]
        net = ipaddress.IPv4Network(to)
        if any(net == n or net.subnet_of(n) for n in nets):
            return  # the local route covers it
        routes = self.vpcs[vpc]["route_tables"][table]["_routes"]
        routes.setdefault(to, via)

    # ------------------------------------------------------------------ peerings

    def _peerings(self) -> None:
        c = self.c
        names = list(self.vpcs)
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
        peerings: dict[str, dict[str, Any]] = {}
        for a, b in c.subset(pairs, 0, 3):
            if c.chance(50):
                a, b = b, a
            p = self.names.new("pcx")
            spec: dict[str, Any] = {"requester": a, "accepter": b}
            if c.chance(30):
                spec["status"] = c.choice(["active", "pending"])
            peerings[p] = spec
            for side, other in ((a, b), (b, a)):
                if c.chance(80):
                    tables = self.tables[side]
                    for t in c.subset(tables, len(tables) if c.chance(50) else 1, len(tables)):
                        self._add_route(side, t, str(self.vpc_nets[other][0]), p)
                        if c.chance(10):
                            # not transitive: the peer's internet access or a third VPC
                            third = c.choice(names)
                            to = "0.0.0.0/0" if third in (a, b) else str(self.vpc_nets[third][0])
                            self._add_route(side, t, to, p)
        if peerings or self.c.chance(20):
            self.data["peerings"] = peerings

    # ------------------------------------------------------------------ transit gateways

    def _transit_gateways(self) -> None:
        c = self.c
        tgws: dict[str, dict[str, Any]] = {}
        used = sorted({v["region"] for v in self.vpcs.values()})
        for _ in range(c.integer(0, 3)):
            region = c.choice(used)
            tgw = self.names.new("tgw")
            spec: dict[str, Any] = {"region": region, "attachments": {}, "route_tables": {}}
            tgws[tgw] = spec
            self.tgw_attached[tgw] = set()
            tidy = c.chance(50)  # one table, every VPC associated and propagated
            rts = [self.names.new("tgw-rt") for _ in range(1 if tidy else c.integer(0, 2))]
            for rt in rts:
                spec["route_tables"][rt] = {"propagations": [], "routes": []}
            local = [v for v, s in self.vpcs.items() if s["region"] == region and s["subnets"]]
            for vpc in c.subset(local, 1 if tidy else 0, len(local)):
                att = self.names.new("att")
                by_az: dict[str, str] = {}
                for s in self.vpcs[vpc]["subnets"]:
                    by_az.setdefault(self.subnet_az[s], s)
                vpc_att: dict[str, Any] = {
                    "vpc": vpc, "subnets": c.subset(sorted(by_az.values()), 3 if tidy else 1, 3)}
                if rts and (tidy or c.chance(85)):
                    vpc_att["route_table"] = c.choice(rts)
                spec["attachments"][att] = vpc_att
                self.tgw_attached[tgw].add(vpc)
                for rt in rts:
                    if tidy or c.chance(60):
                        spec["route_tables"][rt]["propagations"].append(att)
                if not tidy:
                    # the VPC's tables send other VPCs (or everything) to the TGW
                    for t in c.subset(self.tables[vpc], 0, 2):
                        for other in c.subset(list(self.vpcs), 0, 2):
                            if other != vpc:
                                self._add_route(vpc, t, str(self.vpc_nets[other][0]), tgw)
                        if c.chance(30):
                            self._add_route(vpc, t, c.choice(["0.0.0.0/0", "10.0.0.0/8"]), tgw)
            if tidy:
                for vpc in sorted(self.tgw_attached[tgw]):
                    for t in self.tables[vpc]:
                        for other in sorted(self.tgw_attached[tgw] - {vpc}):
                            self._add_route(vpc, t, str(self.vpc_nets[other][0]), tgw)
        # TGW peerings, declared on both sides
        names = list(tgws)
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
        for one, two in c.subset(pairs, 0, 2):
            status = c.choice(["active", "active", "pending"])
            explicit = status == "pending" or c.chance(30)
            for side, other in ((one, two), (two, one)):
                att = self.names.new("tgw-peer")
                peer_att: dict[str, Any] = {"peer": other}
                if explicit:
                    peer_att["status"] = status
                rts = list(tgws[side]["route_tables"])
                if rts and c.chance(70):
                    peer_att["route_table"] = c.choice(rts)
                tgws[side]["attachments"][att] = peer_att
                far = sorted(self.tgw_attached[other])
                for rt in rts:
                    if c.chance(70):
                        for vpc in c.subset(far, 0 if c.chance(30) else len(far), len(far)):
                            self._tgw_route(tgws[side], rt, str(self.vpc_nets[vpc][0]), att)
                for vpc in sorted(self.tgw_attached[side]):
                    for t in self.tables[vpc]:
                        for target in far:
                            if c.chance(70):
                                self._add_route(vpc, t, str(self.vpc_nets[target][0]), side)
        # static and blackhole routes
        for spec in tgws.values():
            vpc_atts = {n: a for n, a in spec["attachments"].items() if "vpc" in a}
            for rt in spec["route_tables"]:
                if vpc_atts and c.chance(40):
                    att = c.choice(sorted(vpc_atts))
                    self._tgw_route(spec, rt, c.choice(["0.0.0.0/0", "10.0.0.0/8"]), att)
                if c.chance(30):
                    # a blackhole: for nothing, for a whole range, or for one VPC (which beats
                    # its propagated route)
                    targets = ["10.250.0.0/16", "10.0.0.0/8"]
                    targets += [str(self.vpc_nets[a["vpc"]][0]) for a in vpc_atts.values()]
                    self._tgw_route(spec, rt, c.choice(targets), None)
        if tgws or c.chance(10):
            for spec in tgws.values():
                for rt in spec["route_tables"].values():
                    for key in ("propagations", "routes"):
                        if not rt[key]:
                            del rt[key]
                if not spec["route_tables"]:
                    del spec["route_tables"]
                if not spec["attachments"] and c.chance(50):
                    del spec["attachments"]
            self.data["transit_gateways"] = tgws

    def _tgw_route(self, tgw: dict[str, Any], rt: str, to: str, via: str | None) -> None:
        routes: list[dict[str, Any]] = tgw["route_tables"][rt]["routes"]
        if any(r["to"] == to for r in routes):
            return
        routes.append({"to": to, "via": via} if via else {"to": to, "blackhole": True})

    # ------------------------------------------------------------------ endpoint services

    def _principals(self) -> list[str]:
        c = self.c
        acct = c.choice(ACCOUNT_POOL)
        kinds = [
            f"arn:aws:iam::{acct}:root",
            f"arn:aws:iam::{acct}:role/svc+ci=1,a@b.c/path-x",
            f"arn:aws:iam::{acct}:user/ålice_Ü",
            f"arn:aws-us-gov:iam::{acct}:role/gov",
            "*",
        ]
        out = c.subset(kinds, 0, 3)
        for vpc in self.vpcs.values():
            if "account" in vpc and c.chance(40):
                out.append(f"arn:aws:iam::{vpc['account']}:root")
        return sorted(set(out))

    def _endpoint_services(self) -> None:
        c = self.c
        svcs: dict[str, dict[str, Any]] = {}
        for _ in range(c.integer(0, 2)):
            with_subnets = [v for v, s in self.vpcs.items() if s["subnets"]]
            if not with_subnets:
                break
            vpc = c.choice(with_subnets)
            region = self.vpcs[vpc]["region"]
            name = self.names.new("svc")
            by_az: dict[str, str] = {}
            for s in self.vpcs[vpc]["subnets"]:
                by_az.setdefault(self.subnet_az[s], s)
            gwlb = c.chance(30)
            lb: dict[str, Any] = {
                "name": self.names.new("gwlb" if gwlb else "nlb"),
                "type": "gateway" if gwlb else "network",
                "subnets": c.subset(sorted(by_az.values()), 1, 3),
            }
            targets = [w for w, v in self.workloads.items() if v == vpc]
            if targets and c.chance(80):
                lb["targets"] = c.subset(targets, 1, 2)
            spec: dict[str, Any] = {"vpc": vpc, "load_balancer": lb}
            if c.chance(50):
                spec["acceptance_required"] = c.chance(50)
            principals = self._principals()
            if principals or c.chance(30):
                spec["allowed_principals"] = principals
            if c.chance(40):
                spec["supported_regions"] = c.subset(list(PRICED_REGIONS), 1, 2)
            if not gwlb and c.chance(40):
                spec["private_dns_name"] = c.choice(
                    ["api.example.com", f"{name.lower().replace('_', '-').strip('.-')[:40]}x.corp.internal",
                     "xn--bcher-kva.example"])
            svcs[name] = spec
            self.services[name] = spec
            self.service_region[name] = region
        if svcs or c.chance(10):
            self.data["endpoint_services"] = svcs
        # consumers
        for name, spec in svcs.items():
            gwlb = spec["load_balancer"]["type"] == "gateway"
            for vpc in c.subset([v for v, s in self.vpcs.items() if s["subnets"]], 0, 3):
                self._consumer(vpc, name, spec, gwlb)

    def _consumer(self, vpc: str, svc: str, spec: dict[str, Any], gwlb: bool) -> None:
        c = self.c
        v = self.vpcs[vpc]
        region = v["region"]
        ep = self.names.new("gwlbe" if gwlb else "svc-if")
        e: dict[str, Any] = {"type": "gateway-load-balancer" if gwlb else "interface",
                             "service": svc}
        by_az: dict[str, str] = {}
        for s in v["subnets"]:
            by_az.setdefault(self.subnet_az[s], s)
        e["subnets"] = c.subset(sorted(by_az.values()), 1, 1 if gwlb else 3)
        svc_region = self.service_region[svc]
        if svc_region != region:
            e["service_region"] = svc_region
            supported = spec.setdefault("supported_regions", [])
            if region not in supported:
                supported.append(region)
        elif c.chance(15):
            e["service_region"] = svc_region
        if c.chance(40):
            allowed = [p for p in spec.get("allowed_principals", []) if p != "*"]
            acct = v.get("account", "111111111111")
            e["principal"] = c.choice(allowed or [f"arn:aws:iam::{acct}:role/consumer"])
        if c.chance(60):
            e["accepted"] = c.chance(70)
        if not gwlb:
            dns_name = spec.get("private_dns_name")
            claims = self.dns_claims[vpc]
            if dns_name is None:
                if c.chance(30):
                    e["private_dns"] = False
            elif dns_name in claims or c.chance(30):
                e["private_dns"] = False
            else:
                claims.add(dns_name)
                if c.chance(30):
                    e["private_dns"] = True
            if c.chance(40):
                e["allow_from"] = ["10.0.0.0/8"]
        v["endpoints"][ep] = e
        if gwlb:
            # a GWLB endpoint as a route target: inspection in front of the default route
            for t in c.subset(self.tables[vpc], 0, 2):
                self._add_route(vpc, t, c.choice(["0.0.0.0/0", "198.18.0.0/15"]), ep)
        else:
            self.interface_eps[ep] = (vpc, svc, svc_region)

    # ------------------------------------------------------------------ hosted zones

    def _hosted_zones(self) -> None:
        c = self.c
        zones: dict[str, dict[str, Any]] = {}
        aws_eps = [(n, v) for n, v in self.interface_eps.items() if v[1] in services()]
        for _ in range(c.integer(0, 2) if aws_eps else 0):
            ep, (_vpc, svc, region) = c.choice(aws_eps)
            domain = services()[svc].dns_name(region)
            if c.chance(15):
                domain = "internal.example.com"
            vpcs = [v for v in c.subset(list(self.vpcs), 1, 3) if domain not in self.dns_claims[v]]
            if not vpcs:
                continue
            for v in vpcs:
                self.dns_claims[v].add(domain)
            zones[self.names.new("zone")] = {"domain": domain, "alias_to": ep, "vpcs": vpcs}
        if zones or c.chance(10):
            self.data["hosted_zones"] = zones

    # ------------------------------------------------------------------ flows

    def _flows(self) -> None:
        c = self.c
        if not self.workloads or c.chance(20):
            if c.chance(20):
                self.data["flows"] = {}
            return  # no `flows` key: every workload to every service an endpoint names
        flows: dict[str, dict[str, Any]] = {}
        wls = sorted(self.workloads)
        for _ in range(c.integer(1, 8)):
            src = c.choice(wls)
            f: dict[str, Any] = {"from": src}
            roll = c.integer(0, 9)
            if roll <= 1 and self.services:
                f["to"] = c.choice(sorted(self.services))
            elif roll <= 3 and len(wls) > 1:
                f["to"] = c.choice([w for w in wls if w != src])
            elif roll <= 5 and self.interface_eps:
                ep = c.choice(sorted(self.interface_eps))
                _vpc, svc, _region = self.interface_eps[ep]
                f["to"] = svc
                if c.chance(50):
                    f["via_endpoint"] = ep
            else:
                f["to"] = c.choice(["s3", "dynamodb", "sqs", "kms", "sns", "sts", "iam",
                                    "ecr.dkr", "logs"])
                if c.chance(30):
                    f["region"] = c.choice(PRICED_REGIONS)
            if c.chance(70):
                f["gb_per_month"] = c.choice(VOLUMES)
            if c.chance(40):
                f["description"] = _text(c)
            name = f"{src}-to-{f['to']}"
            if len(name) > 64 or not self.names._free(name) or c.chance(40):
                name = self.names.new("flow")
            else:
                self.names.take(name)
            flows[name] = f
        self.data["flows"] = flows


def _finalise(data: dict[str, Any]) -> dict[str, Any]:
    """Turn collected route dicts into route lists (sorted by destination, as a person writes)."""
    for vpc in data["vpcs"].values():
        for rt in vpc["route_tables"].values():
            routes = rt.pop("_routes")
            if routes:
                rt["routes"] = [{"to": to, "via": via} for to, via in sorted(routes.items())]
        if not vpc["endpoints"]:
            del vpc["endpoints"]
        if not vpc["subnets"] and len(vpc["region"]) % 2:
            del vpc["subnets"]  # an empty VPC, written both ways
    return data


def dump(data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def build(c: Chooser, *, long: bool = False) -> Design:
    data = _finalise(_Builder(c, long).build())
    return Design(data, dump(data))


def generate(seed: int, *, long: bool = False) -> Design:
    """A design from a seeded Random: the same seed, the same design."""
    return build(RandomChooser(seed), long=long)


@st.composite
def designs(draw: st.DrawFn, *, long: bool = False) -> Design:
    """A Hypothesis strategy of designs."""
    return build(DrawChooser(draw), long=long)


def _shuffle(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffle(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffle(v, rng) for v in value]
    return value


def shuffled(design: Design, seed: int) -> Design:
    """The same design with every mapping's keys in another order (lists keep theirs)."""
    data = _shuffle(design.data, random.Random(seed))
    return Design(data, dump(data))


def _mutate(data: dict[str, Any], rng: random.Random) -> list[str]:
    """Apply 1-3 changes that keep the design valid; return what was changed."""
    vpcs = data["vpcs"]
    options: list[tuple[str, Any]] = []
    for f in (data.get("flows") or {}).values():
        options.append(("volume", f))
    for p in (data.get("peerings") or {}).values():
        options.append(("peering", p))
    for v in vpcs.values():
        options.append(("dns", v))
        for rt in v["route_tables"].values():
            if rt.get("routes"):
                options.append(("route", rt))
        for w in (v.get("workloads") or {}).values():
            options.append(("workload", w))
        for e in (v.get("endpoints") or {}).values():
            if "accepted" in e:
                options.append(("accepted", e))
    done = []
    for kind, target in rng.sample(options, min(len(options), rng.randint(1, 3))):
        if kind == "volume":
            target["gb_per_month"] = float(target.get("gb_per_month", 0)) * 2 + 1
        elif kind == "peering":
            target["status"] = "pending" if target.get("status", "active") == "active" else "active"
        elif kind == "dns":
            target["dns_hostnames"] = not target.get("dns_hostnames", True)
        elif kind == "route":
            target["routes"].pop(rng.randrange(len(target["routes"])))
            if not target["routes"]:
                del target["routes"]
        elif kind == "workload":
            target["public_ip"] = not target.get("public_ip", False)
            target["kind"] = "lambda" if target.get("kind") != "lambda" else "ec2"
        else:
            target["accepted"] = not target["accepted"]
        done.append(kind)
    return done


def mutated(design: Design, seed: int) -> Design:
    """The design with a few valid changes (see `_mutate`)."""
    data = copy.deepcopy(design.data)
    _mutate(data, random.Random(seed))
    return Design(data, dump(data))
