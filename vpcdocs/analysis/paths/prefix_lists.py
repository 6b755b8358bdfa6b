"""The AWS-managed prefix lists of gateway endpoints: ids, recorded entries, shortest entry.

A gateway endpoint adds the route `pl-… (com.amazonaws.<region>.<service>) -> vpce-…` to the route
tables it is associated with (facts §1.2). vpcdocs never routes by the entries (they change, and a
public service address is kept symbolic, see `addresses`), but two things need them:

* the rule of paths-json.md ("Rulings added after review"): a written public route may be more
  specific than some entries of the prefix list, and then wins for the addresses inside it, only
  when its prefix is longer than the shortest entry of that prefix list (`may_beat`);
* the pages, which show a list's id, its entries as recorded, and how to list the current ones.

The data is `vpcdocs/data/prefix_lists.yaml` (sources and dates in its comments). A list whose
shortest entry was not checked against AWS's published ranges falls back to its service's floor,
the shortest range of that service in any Region, so the assumption is never missed; a service
with no data falls back to `unknown_floor` (1: every written public route but /0 and /1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from ipaddress import IPv4Network

from vpcdocs.data import read_data

__all__ = ["PrefixList", "list_command", "may_beat", "prefix_list", "prefix_list_id"]

ELIDED_ID = "pl-…"


@dataclass(frozen=True)
class PrefixList:
    """What vpcdocs knows of `com.amazonaws.<region>.<service>`."""

    service: str
    region: str
    id: str | None  # None when not recorded
    entries: tuple[IPv4Network, ...]  # as recorded (`entries_recorded`), possibly none
    entries_recorded: str | None  # when the entries were recorded (a year), None without entries
    shortest: int  # the length of the shortest entry, or the fallback
    shortest_checked: bool  # False: `shortest` is the service's floor (or the unknown floor)

    @property
    def name(self) -> str:
        return f"com.amazonaws.{self.region}.{self.service}"

    @property
    def shown_id(self) -> str:
        return self.id or ELIDED_ID


@cache
def _data() -> dict[str, object]:
    raw = read_data("prefix_lists.yaml")
    assert isinstance(raw, dict)
    return raw


@cache
def prefix_list(service: str, region: str) -> PrefixList:
    """The prefix list of `service` in `region` (known or not; read once per pair: the data
    file does not change while vpcdocs runs)."""
    data = _data()
    services = data["services"]
    lists = data["lists"]
    assert isinstance(services, dict) and isinstance(lists, dict)
    floor = int(services.get(service, {}).get("floor", data["unknown_floor"]))
    spec = lists.get(service, {}).get(region)
    if spec is None:
        return PrefixList(service, region, None, (), None, floor, False)
    entries = tuple(IPv4Network(e) for e in spec.get("entries") or ())
    checked = spec.get("shortest")
    return PrefixList(
        service=service,
        region=region,
        id=spec.get("id"),
        entries=entries,
        entries_recorded=str(data["entries_recorded"]) if entries else None,
        shortest=int(checked) if checked is not None else floor,
        shortest_checked=checked is not None,
    )


def prefix_list_id(service: str, region: str) -> str:
    """The id as shown: `pl-7ca54015`, or `pl-…` when not recorded."""
    return prefix_list(service, region).shown_id


def may_beat(route: IPv4Network, service: str, region: str) -> bool:
    """Whether the written public route `route` may be more specific than some entries of the
    prefix list of `service` in `region`: its prefix is longer than the list's shortest entry."""
    return route.prefixlen > prefix_list(service, region).shortest


def list_command(service: str, region: str) -> str:
    """The AWS CLI command that lists the current entries."""
    pl = prefix_list(service, region)
    if pl.id is not None:
        return (f"aws ec2 get-managed-prefix-list-entries --region {region} "
                f"--prefix-list-id {pl.id}")
    return (f"aws ec2 describe-managed-prefix-lists --region {region} "
            f"--filters Name=prefix-list-name,Values={pl.name}")
