"""The AWS service catalogue (`vpcdocs/data/services.yaml`): what endpoint types each service allows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vpcdocs.data import read_data


@dataclass(frozen=True)
class Service:
    name: str
    title: str
    gateway: bool
    interface: bool
    private_dns: bool
    cross_region: bool
    dns: str
    assumed: bool = False  # not in the catalogue: see `assumed()`
    endpoint_policy: bool = False  # its endpoints accept an endpoint policy

    def dns_name(self, region: str) -> str:
        return self.dns.format(region=region)


@cache
def services() -> dict[str, Service]:
    raw = read_data("services.yaml")["services"]
    return {
        name: Service(
            name=name,
            title=str(spec.get("title", name)),
            gateway=bool(spec.get("gateway", False)),
            interface=bool(spec.get("interface", False)),
            private_dns=bool(spec.get("private_dns", False)),
            cross_region=bool(spec.get("cross_region", False)),
            dns=str(spec.get("dns", name + ".{region}.amazonaws.com")),
            endpoint_policy=bool(spec.get("endpoint_policy", False)),
        )
        for name, spec in sorted(raw.items())
    }


@cache
def regions() -> tuple[str, ...]:
    return tuple(sorted(read_data("services.yaml")["regions"]))


def service(name: str) -> Service | None:
    return services().get(name)


def assumed(name: str) -> Service:
    """A service the catalogue does not list (newer than it, or a typo the loader warns about),
    taken as what almost every AWS service behind PrivateLink is: interface endpoints with
    private DNS, Regional name `<name>.<region>.amazonaws.com`, no gateway or cross-Region
    endpoints. The path analysis records this as an assumption."""
    return Service(name=name, title=name, gateway=False, interface=True, private_dns=True,
                   cross_region=False, dns=name + ".{region}.amazonaws.com", assumed=True)


def aws_service(name: str) -> Service:
    """The catalogue's entry for an AWS service name, else the assumed one."""
    return service(name) or assumed(name)


def gateway_services() -> tuple[str, ...]:
    return tuple(n for n, s in services().items() if s.gateway)


def cross_region_services() -> tuple[str, ...]:
    return tuple(n for n, s in services().items() if s.cross_region)
