"""Allow `python -m vpcdocs`."""

from __future__ import annotations

from vpcdocs.cli import main

main()
