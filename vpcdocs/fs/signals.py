"""Stopping cleanly on SIGTERM and SIGHUP, as on Ctrl-C.

A service manager, CI runner or closed terminal stops a process with SIGTERM or SIGHUP, whose
default action skips every `finally` block: temporary files stay, the private folder of the live
preview stays. `guard_signals` turns them into `SystemExit(128 + signal)`, so the run unwinds and
cleans up. (SIGKILL cannot be caught; the next run removes what such a run leaves.)
"""

from __future__ import annotations

import contextlib
import signal
from types import FrameType

__all__ = ["guard_signals"]


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def guard_signals() -> None:
    """Install the handler for SIGTERM and SIGHUP (only possible from the main thread)."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(number, _stop)
