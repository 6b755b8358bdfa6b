"""The generated docs pages of a design: `{relative path: bytes}` of Markdown and SVG.

    pages = design_pages(analyse(topology))    # pure: rendering, no writing
    pages = generate_pages(Path("network.yaml"))  # load and analyse first; PagesError on bad input

Pages (layout.py): `index.md` (home, with the overview diagram), `regions/`, `vpcs/`,
`endpoints/`, `flows/`, `services/` (each a section index plus one folder per item, with a
`diagram.svg` where the item has a picture), `pricing.md`, `cross-region.md`, `concepts.md`.
`site_nav` gives the MkDocs navigation that groups them. Same input, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpcdocs.model import Topology
from vpcdocs.render.markdown import context as ctx
from vpcdocs.render.markdown import context_network as net_ctx
from vpcdocs.render.markdown import context_pricing as price_ctx
from vpcdocs.render.markdown import context_site as site_ctx
from vpcdocs.render.markdown import context_groups as group_ctx
from vpcdocs.render.markdown import context_onprem as onprem_ctx
from vpcdocs.render.markdown import layout
from vpcdocs.render.markdown.groups import GROUP_ITEMS, FlowGroup, flow_groups, large_site
from vpcdocs.analysis.analysis import Analysis, analyse
from vpcdocs.render.markdown.env import make_environment, render_page
from vpcdocs.site import page_paths
from vpcdocs.site.diagram_assets import asset_files
from vpcdocs.site.diagrams import page_scenes, render_svgs, svg_size
from vpcdocs.site.forked import map_forked
from vpcdocs.site.mkdocs_config import NavItem

__all__ = [
    "PagesError",
    "build_pages",
    "design_pages",
    "generate_pages",
    "load_analysis",
    "load_topology",
    "site_nav",
]


class PagesError(Exception):
    """The pages cannot be generated; `str()` is the diagnostics text for the user."""


@dataclass(frozen=True)
class _Page:
    path: str
    template: str
    context: dict[str, Any]


def build_pages(
    topology: Topology,
    *,
    templates_dir: Path | None = None,
    allow_html: bool = False,
    diagrams: bool = True,
) -> dict[str, bytes]:
    """Analyse, price and render the whole design (`design_pages` of `analyse(topology)`)."""
    return design_pages(
        analyse(topology), templates_dir=templates_dir, allow_html=allow_html, diagrams=diagrams
    )


def design_pages(
    design: Analysis,
    *,
    templates_dir: Path | None = None,
    allow_html: bool = False,
    diagrams: bool = True,
    jobs: int = 1,
) -> dict[str, bytes]:
    """The pages of an analysed design. Pure apart from reading templates and running
    Graphviz. Raises `PricingError` (a region without prices), `TemplateError` and
    `RenderError` (Graphviz missing or failing). `diagrams=False` leaves the pictures out (the
    Markdown then does not depend on the Graphviz version: golden tests use it). `jobs` > 1
    renders the pages in that many processes (`forked.map_forked`: the same bytes)."""
    design.report  # noqa: B018  # raises PricingError before any work when it cannot be priced
    env = make_environment(templates_dir)
    svgs = render_svgs(page_scenes(design)) if diagrams else {}
    pages = _pages(design, svgs, allow_html)
    rendered = map_forked(lambda page: render_page(env, page.template, page.context), pages,
                          jobs=jobs)
    out = {page.path: text for page, text in zip(pages, rendered, strict=True)}
    out.update(svgs)
    if svgs:
        out.update(asset_files())
    return dict(sorted(out.items()))


def _pages(design: Analysis, svgs: dict[str, bytes], allow_html: bool) -> list[_Page]:
    topo = design.topology
    h = allow_html

    def diagram(page: str) -> layout.DiagramRef | None:
        svg = svgs.get(layout.diagram_of(page))
        if svg is None:
            return None
        width, height = svg_size(svg)
        return layout.DiagramRef(layout.DIAGRAM, width, height)

    home, pricing, cross, concepts = (
        layout.HOME,
        layout.PRICING,
        layout.CROSS_REGION,
        layout.CONCEPTS,
    )
    pages = [
        _Page(
            home,
            "home.md.j2",
            site_ctx.home_context(design, home, allow_html=h, diagram=diagram(home)),
        ),
        _Page(pricing, "pricing.md.j2", price_ctx.pricing_context(design, pricing, allow_html=h)),
        _Page(
            cross, "cross_region.md.j2", price_ctx.cross_region_context(design, cross, allow_html=h)
        ),
        _Page(
            concepts, "concepts.md.j2", site_ctx.concepts_context(design, concepts, allow_html=h)
        ),
    ]
    for section, path in layout.SECTIONS.items():
        context = site_ctx.section_context(design, section, path, allow_html=h)
        pages.append(_Page(path, "section.md.j2", context))
    for region in topo.regions():
        path = page_paths.region_page(region)
        context = net_ctx.region_context(design, region, path, allow_html=h,
                                         diagram=diagram(path))
        pages.append(_Page(path, "region.md.j2", context))
    for vpc in topo.vpcs:
        path = page_paths.vpc_page(vpc)
        context = net_ctx.vpc_context(design, vpc, path, allow_html=h, diagram=diagram(path))
        pages.append(_Page(path, "vpc.md.j2", context))
    for endpoint in topo.endpoints:
        path = page_paths.endpoint_page(endpoint)
        context = ctx.endpoint_context(design, endpoint, path, allow_html=h)
        pages.append(_Page(path, "endpoint.md.j2", context))
    groups = flow_groups(topo)
    if groups is not None:
        # a large design: the flows section lists its groups, each group has its own page
        flows_index = layout.SECTIONS["flows"]
        pages[:] = [p for p in pages if p.path != flows_index]
        pages.append(_Page(flows_index, "flow_groups.md.j2", group_ctx.groups_index_context(
            design, groups, flows_index, allow_html=h)))
        for group in _all_groups(groups):
            pages.append(_Page(group.page, "flow_group.md.j2", group_ctx.group_context(
                design, group, group.page, allow_html=h)))
    for flow in design.flows:
        path = page_paths.flow_page(flow.id)
        context = ctx.flow_context(design, flow.id, path, allow_html=h, diagram=diagram(path))
        pages.append(_Page(path, "flow.md.j2", context))
    for service in topo.endpoint_services:
        path = page_paths.service_page(service)
        context = ctx.service_context(design, service, path, allow_html=h, diagram=diagram(path))
        pages.append(_Page(path, "service.md.j2", context))
    if topo.on_premises:  # hybrid designs only: format 1 sites keep exactly their pages
        index = onprem_ctx.SECTION
        pages.append(_Page(index, "on_premises_index.md.j2",
                           onprem_ctx.onprem_index_context(design, index, allow_html=h)))
    for network in topo.on_premises:
        path = page_paths.onprem_page(network)
        context = onprem_ctx.onprem_context(design, network, path, allow_html=h,
                                            diagram=diagram(path))
        pages.append(_Page(path, "on_premises.md.j2", context))
    return pages


def _all_groups(groups: tuple[FlowGroup, ...]) -> list[FlowGroup]:
    """Every group, each Region group before its VPC groups."""
    return [x for g in groups for x in (g, *_all_groups(g.children))]


def site_nav(topology: Topology, *, prefix: str = "") -> list[NavItem]:
    """MkDocs navigation for the pages: home, then sections (flows, endpoints, endpoint
    services, VPCs, regions) each led by its index page, then pricing, cross-region, concepts.
    `prefix` is the folder the pages sit in within the docs (e.g. `network/`).

    On a large site (`groups.large_site`) the sections carry counts, the flows are grouped by
    source VPC (and Region: `groups.flow_groups`) under their group pages, and the VPCs and
    endpoints are split by Region, so that no navigation level is a list of thousands."""

    def p(path: str) -> str:
        return prefix + path

    large = large_site(topology)

    def title(name: str, count: int) -> str:
        return f"{name} ({count:,})" if large else name

    def section(name: str, key: str, items: list[tuple[str, str]],
                region_of: dict[str, str] | None = None) -> NavItem:
        entries: list[NavItem] = [p(layout.SECTIONS[key])]
        if region_of is not None and large and len(items) > GROUP_ITEMS \
                and len(set(region_of.values())) > 1:
            for region in sorted(set(region_of.values())):
                inside = [(n, path) for n, path in items if region_of[n] == region]
                entries.append({title(region, len(inside)): [{n: p(path)} for n, path in inside]})
        else:
            entries += [{n: p(path)} for n, path in items]
        return {title(name, len(items)): entries}

    def grouped(group: FlowGroup) -> NavItem:
        entries: list[NavItem] = [p(group.page)]
        entries += [grouped(c) for c in group.children]
        entries += [{f: p(page_paths.flow_page(f))} for f in group.flows]
        return {title(group.name, group.count): entries}

    groups = flow_groups(topology)
    if groups is None:
        flows_nav = section("Flows", "flows",
                            [(f, page_paths.flow_page(f)) for f in sorted(topology.flows)])
    else:
        flows_nav = {title("Flows", len(topology.flows)):
                     [p(layout.SECTIONS["flows"]), *(grouped(g) for g in groups)]}
    vpc_region = {v.name: v.region for v in topology.vpcs.values()}
    nav: list[NavItem] = [
        {"Home": p(layout.HOME)},
        flows_nav,
        section(
            "Endpoints", "endpoints", [(e, page_paths.endpoint_page(e)) for e in topology.endpoints],
            {e.name: vpc_region[e.vpc] for e in topology.endpoints.values()},
        ),
    ]
    if topology.endpoint_services:
        nav.append(
            section(
                "Endpoint services",
                "services",
                [(s, page_paths.service_page(s)) for s in topology.endpoint_services],
            )
        )
    else:
        nav.append({"Endpoint services": p(layout.SECTIONS["services"])})
    if topology.on_premises:
        nav.append({"On premises": [p(onprem_ctx.SECTION)] + [
            {n: p(page_paths.onprem_page(n))} for n in topology.on_premises]})
    nav += [
        section("VPCs", "vpcs", [(v, page_paths.vpc_page(v)) for v in topology.vpcs], vpc_region),
        section("Regions", "regions", [(r, page_paths.region_page(r)) for r in topology.regions()]),
        {"Pricing": p(layout.PRICING)},
        {"Cross-region": p(layout.CROSS_REGION)},
        {"Concepts": p(layout.CONCEPTS)},
    ]
    return nav


def load_topology(path: Path) -> Topology:
    """Load and validate a topology file; raise `PagesError` with every diagnostic on errors."""
    from vpcdocs.loader import LoadError, load

    try:
        return load(path)
    except LoadError as exc:
        raise PagesError(str(exc)) from exc


def load_analysis(path: Path) -> Analysis:
    """Load and analyse a topology file; raise `PagesError` for an invalid topology or a
    region without prices (its text: the diagnostics, `FILE:LINE:COL: error[CODE]: message`)."""
    analysis = analyse(load_topology(path))
    if analysis.price_error is not None:
        raise PagesError(str(analysis.price_error))
    return analysis


def generate_pages(
    path: Path, *, templates_dir: Path | None = None, allow_html: bool = False
) -> dict[str, bytes]:
    """Load and analyse `path` and build its pages. Raises `PagesError` (see `load_analysis`)."""
    return design_pages(load_analysis(Path(path)), templates_dir=templates_dir,
                        allow_html=allow_html)
