"""The file of each object page: `<section>/<safe name>/index.md`, the folder name made portable
by `vpcdocs.write.safe_filename` (so `Web` and `web` never share a folder). These are the pages
that `vpcdocs.render.views.pages.page_for` links to; test_pages_layout.py checks they agree."""

from __future__ import annotations

from vpcdocs.write import safe_filename

__all__ = ["endpoint_page", "flow_page", "region_page", "service_page", "vpc_page"]


def _item(section: str, name: str) -> str:
    return f"{section}/{safe_filename(name)}/index.md"


def region_page(region: str) -> str:
    return _item("regions", region)


def vpc_page(vpc: str) -> str:
    return _item("vpcs", vpc)


def endpoint_page(endpoint: str) -> str:
    return _item("endpoints", endpoint)


def flow_page(flow: str) -> str:
    return _item("flows", flow)


def service_page(service: str) -> str:
    return _item("services", service)
