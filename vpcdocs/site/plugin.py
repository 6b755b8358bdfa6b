"""The `vpcdocs` MkDocs plugin: the generated network pages inside an existing MkDocs project.

```yaml
plugins:
  - search
  - vpcdocs:
      topology: network.yaml   # relative to mkdocs.yml
      prefix: network/         # folder of the site that holds the pages (default)
      templates: my-templates  # optional: folder of template overrides (relative to mkdocs.yml)
      allow_html: false        # optional: keep formatting HTML in descriptions (no script)
```

On every build the plugin regenerates the pages from the topology and adds them as in-memory
generated files (MkDocs 1.6 `File.generated`); it never writes into docs_dir, which would make
`mkdocs serve` rebuild forever. Under `mkdocs serve` it also watches the topology file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from vpcdocs.site.diagram_assets import SCRIPTS, STYLESHEETS, link_assets
from vpcdocs.site.inject import add_pages, normalise_prefix
from vpcdocs.write import UnsafePathError

PAGES_MODULE = "vpcdocs.site.pages"
PageGenerator = Callable[..., Mapping[str, bytes]]


class VpcdocsPluginConfig(Config):  # type: ignore[no-untyped-call]
    topology = c.File(exists=True)
    prefix = c.Type(str, default="network/")
    templates = c.Optional(c.Dir(exists=True))
    allow_html = c.Type(bool, default=False)


class VpcdocsPlugin(BasePlugin[VpcdocsPluginConfig]):  # type: ignore[no-untyped-call]
    """Adds the pages generated from `topology` under `prefix`."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            normalise_prefix(self.config.prefix)
        except UnsafePathError as exc:
            raise PluginError(f"vpcdocs: bad 'prefix' option: {exc}") from exc
        # The pages are generated later (on_files); the diagrams always come with their assets.
        link_assets(config, dict.fromkeys((*STYLESHEETS, *SCRIPTS), b""),
                    normalise_prefix(self.config.prefix))
        return None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        topology = Path(self.config.topology)
        generate = load_generator()
        try:
            templates = self.config.templates
            pages = generate(
                topology,
                templates_dir=Path(templates) if templates else None,
                allow_html=self.config.allow_html,
            )
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(f"vpcdocs: cannot generate pages from {topology}: {exc}") from exc
        return add_pages(files, config, pages, prefix=self.config.prefix)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        server.watch(self.config.topology, recursive=False)
        if self.config.templates:
            server.watch(self.config.templates, recursive=True)
        return server


def load_generator() -> PageGenerator:
    """`vpcdocs.site.pages.generate_pages`, imported on first use (it pulls in the whole
    pipeline: loader, analysis, diagrams)."""
    try:
        module = importlib.import_module(PAGES_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != PAGES_MODULE:
            raise
        raise PluginError("vpcdocs: page generation is not available in this version") from exc
    return cast(PageGenerator, module.generate_pages)
