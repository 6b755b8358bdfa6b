"""The stylesheet and scripts that show a site's diagrams whole and open them full screen.

They ship inside the package (`vpcdocs/site/static/`) and travel with the generated pages, under
`assets/vpcdocs/` beside them, whenever the pages have diagrams: nothing is fetched from another
site when a page is viewed. `vpcdocs build` names them in its generated `mkdocs.yml`
(`extra_css`, `extra_javascript`); the MkDocs plugin adds them to the user's configuration under
its prefix. A docs tree written by `vpcdocs generate` into another MkDocs project works without
them (the diagram macro's inline styles fit each picture; a click opens the SVG on its own).

Panzoom (https://github.com/timmywil/panzoom, MIT licence, its text in `panzoom-LICENSE.txt`,
shipped beside it) does the zooming and panning; it is version 4.6.2 from the npm registry,
`dist/panzoom.min.js`, unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any, Final

__all__ = ["ASSET_DIR", "SCRIPTS", "STYLESHEETS", "asset_files", "link_assets"]

ASSET_DIR: Final = "assets/vpcdocs"
_FILES: Final = (
    "panzoom-LICENSE.txt",
    "panzoom.min.js",
    "vpcdocs-diagrams.css",
    "vpcdocs-diagrams.js",
)
#: Site paths (from the pages' root) of the stylesheets and of the scripts, in loading order.
STYLESHEETS: Final = (f"{ASSET_DIR}/vpcdocs-diagrams.css",)
SCRIPTS: Final = (f"{ASSET_DIR}/panzoom.min.js", f"{ASSET_DIR}/vpcdocs-diagrams.js")


def asset_files() -> dict[str, bytes]:
    """{path under the pages' root: bytes} of every asset, the licence included."""
    folder = resources.files("vpcdocs.site") / "static"
    return {f"{ASSET_DIR}/{name}": (folder / name).read_bytes() for name in _FILES}


def link_assets(config: Any, pages: Mapping[str, bytes], prefix: str = "") -> None:
    """Add the stylesheets and scripts to an MkDocs config's `extra_css` and
    `extra_javascript` (each once), when `pages` hold them (i.e. when they have diagrams).
    `prefix` is the folder the pages are placed under (`"network/"`)."""
    if not all(path in pages for path in (*STYLESHEETS, *SCRIPTS)):
        return
    for key, paths in (("extra_css", STYLESHEETS), ("extra_javascript", SCRIPTS)):
        current = config[key]
        present = {str(item) for item in current}
        for path in paths:
            if prefix + path not in present:
                current.append(prefix + path)
