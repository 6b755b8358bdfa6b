"""How many processes vpcdocs may run at once: one per core this process may use.

Shared by everything that spreads work over processes or threads (`dot` processes for the
diagrams, forked page rendering, forked `paths` analysis), so they agree on the count and on the
switch that turns the extra processes off (`VPCDOCS_SERIAL=1`, for debugging and for machines
where forking is unwelcome).
"""

from __future__ import annotations

import os

__all__ = ["SERIAL_ENV", "cores", "serial"]

#: Set (to anything but the empty string) to do all work in one process.
SERIAL_ENV = "VPCDOCS_SERIAL"


def cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's share, where
    the platform says; else every core)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def serial() -> bool:
    """Whether the user asked for one process (`VPCDOCS_SERIAL`)."""
    return bool(os.environ.get(SERIAL_ENV))
