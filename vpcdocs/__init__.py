"""vpcdocs: analyse, price, draw and document AWS network designs from one YAML file."""

from __future__ import annotations

__version__ = "0.1.0"
