"""The file of each object page: `<section>/<safe name>/index.md`.

The names come from the one mapping that diagrams link to (`vpcdocs.render.views.pages`);
this module only re-exports them for the site layer.
"""

from __future__ import annotations

from vpcdocs.render.views.pages import (
    endpoint_page,
    flow_page,
    onprem_page,
    region_page,
    service_page,
    vpc_page,
)

__all__ = ["endpoint_page", "flow_page", "onprem_page", "region_page", "service_page", "vpc_page"]
