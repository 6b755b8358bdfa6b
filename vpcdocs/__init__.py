"""vpcdocs: analyse, price, draw and document AWS network designs from one YAML file.

The public API (docs/api.md):

    import vpcdocs
    topology = vpcdocs.load("network.yaml")      # LoadError: .diagnostics, as validate prints
    analysis = vpcdocs.analyse(topology)         # .paths_json(), .cost_json(), .diagnostics
    svg = vpcdocs.draw(analysis, flow="web-to-s3", fmt="svg")
    docs = vpcdocs.pages(analysis)               # {path: bytes}, as generate writes

Names are imported on first use (PEP 562 `__getattr__`), so `import vpcdocs` (and with it
`vpcdocs --version` and the pre-commit hooks) stays quick. Everything not listed in `__all__`
is internal.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "load": "vpcdocs.api",
    "analyse": "vpcdocs.api",
    "draw": "vpcdocs.api",
    "pages": "vpcdocs.api",
    "Analysis": "vpcdocs.analysis.analysis",
    "CrossRegionPattern": "vpcdocs.analysis.analysis",
    "PricingError": "vpcdocs.analysis.analysis",
    "LoadError": "vpcdocs.loader",
    "Topology": "vpcdocs.model",
    "Diagnostic": "vpcdocs.diagnostics",
    "DiagnosticError": "vpcdocs.diagnostics",
    "Location": "vpcdocs.diagnostics",
    "Severity": "vpcdocs.diagnostics",
    "DiagnosticCode": "vpcdocs.codes",
    "RenderError": "vpcdocs.render.graphviz_run",
    "TemplateError": "vpcdocs.render.markdown.env",
}

__all__ = [
    "Analysis",
    "CrossRegionPattern",
    "Diagnostic",
    "DiagnosticCode",
    "DiagnosticError",
    "LoadError",
    "Location",
    "PricingError",
    "RenderError",
    "Severity",
    "TemplateError",
    "Topology",
    "__version__",
    "analyse",
    "draw",
    "load",
    "pages",
]

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports on first use
    from vpcdocs.analysis.analysis import Analysis, CrossRegionPattern, PricingError
    from vpcdocs.api import analyse, draw, load, pages
    from vpcdocs.codes import DiagnosticCode
    from vpcdocs.diagnostics import Diagnostic, DiagnosticError, Location, Severity
    from vpcdocs.loader import LoadError
    from vpcdocs.model import Topology
    from vpcdocs.render.graphviz_run import RenderError
    from vpcdocs.render.markdown.env import TemplateError


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vpcdocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
