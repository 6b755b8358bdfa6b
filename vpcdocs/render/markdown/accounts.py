"""How an AWS account is named on the pages: its id, with the topology's label when it has one."""

from __future__ import annotations

from vpcdocs.model import Topology

__all__ = ["account_label"]


def account_label(topology: Topology, account: str | None) -> str | None:
    """`111122223333 (Platform)`, or the bare id, or None."""
    if account is None:
        return None
    label = topology.accounts.get(account)
    return f"{account} ({label})" if label else account
