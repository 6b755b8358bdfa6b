"""The per-endpoint-service view: one line style per meaning (every load balancer → target line
alike, whichever target a flow reaches), each consumer endpoint with its principal's kind."""

from __future__ import annotations

import pytest
from views_support import case_files, loaded

from vpcdocs.render.scene import EdgeStyle
from vpcdocs.render.views import service_view


def every_service() -> list[tuple[str, str]]:
    return [(case, name) for case in sorted(case_files())
            for name in loaded(case)[0].endpoint_services]


@pytest.mark.parametrize(("case", "service"), every_service())
def test_one_style_per_meaning(case: str, service: str) -> None:
    topo, results = loaded(case)
    scene = service_view(topo, results, service)
    svc = topo.endpoint_services[service]
    lb = topo.load_balancers[svc.load_balancer]
    served = [e for e in scene.edges if e.src == svc.name and e.dst == lb.name]
    targets = [e for e in scene.edges if e.src == lb.name]
    assert [e.style for e in served] == [EdgeStyle.NEUTRAL]
    assert sorted(e.dst for e in targets) == sorted(lb.targets)
    assert {e.style for e in targets} <= {EdgeStyle.NEUTRAL}
    for ep in topo.endpoints.values():
        if ep.service != service:
            continue
        (line,) = [e for e in scene.edges if e.src == ep.name and e.dst == svc.name]
        cross = topo.vpcs[ep.vpc].region != svc.region
        assert line.style in ({EdgeStyle.BLOCKED, EdgeStyle.CROSS_REGION} if cross
                              else {EdgeStyle.BLOCKED, EdgeStyle.BACKBONE})


def test_each_consumer_says_its_principal_kind() -> None:
    topo, results = loaded("hub-and-spoke")
    scene = service_view(topo, results, "ledger-api")
    assert "principal: account 456789012345" in scene.node("orders-ledger-if").label
    assert "principal: role ledger-client" in scene.node("euw1-ledger-if").label
    targets = [e for e in scene.edges if e.src == "ledger-nlb"]
    assert len(targets) == 2 and len({(e.style, e.emphasis) for e in targets}) == 1
