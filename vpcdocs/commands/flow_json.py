"""One flow's object of the `paths --format json` document, written straight from its
`FlowResult`: the text `json_indent.dumps(result.to_json(), indent)` gives, without building
the dictionaries first (on 100,000 flows, building them cost half as much as writing them).

`FlowResult.to_json` stays the contract's definition (paths-json.md): the fields, their order,
which ones are left out when empty. This module follows it field by field, and
tests/test_flow_json.py checks that the two agree on every flow of every design of the
repository, of generated designs and of hand-made results with every optional field set and
unset; a field added to `to_json` and not here fails that test.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

from vpcdocs.analysis.result import FIXED_PREFIX, CostItem, FlowCost, FlowResult, Hop
from vpcdocs.commands.json_indent import dumps

__all__ = ["flow_text"]


def _value(value: Any, indent: str) -> str:
    return encode_basestring(value) if type(value) is str else dumps(value, indent)


def _strings(values: tuple[str, ...] | list[str], indent: str) -> str:
    if not values:
        return "[]"
    inner = indent + "  "
    return ("[\n" + inner + (",\n" + inner).join([_value(v, inner) for v in values])
            + "\n" + indent + "]")


def _hop(hop: Hop, indent: str) -> str:
    inner = indent + "  "
    fields = ['"kind": ' + _value(hop.kind.value, inner), '"id": ' + _value(hop.id, inner)]
    if hop.region is not None:
        fields.append('"region": ' + _value(hop.region, inner))
    if hop.az is not None:
        fields.append('"az": ' + _value(hop.az, inner))
    if hop.route is not None:
        fields.append('"route": ' + _value(hop.route, inner))
    if hop.note is not None:
        fields.append('"note": ' + _value(hop.note, inner))
    return "{\n" + inner + (",\n" + inner).join(fields) + "\n" + indent + "}"


def _item(item: CostItem, indent: str) -> str:
    inner = indent + "  "
    words = FIXED_PREFIX + item.item if item.fixed else item.item
    return ("{\n" + inner + '"item": ' + _value(words, inner) + ",\n" + inner + '"usd": '
            + _value(item.usd, inner) + ",\n" + inner + '"basis": ' + _value(item.basis, inner)
            + "\n" + indent + "}")


def _list(texts: list[str], indent: str) -> str:
    if not texts:
        return "[]"
    inner = indent + "  "
    return "[\n" + inner + (",\n" + inner).join(texts) + "\n" + indent + "]"


def _cost(cost: FlowCost, indent: str) -> str:
    inner = indent + "  "
    fields = ['"monthly_usd": ' + _value(cost.monthly_usd, inner)]
    if cost.fixed_usd is not None:
        fields.append('"fixed_usd": ' + _value(cost.fixed_usd, inner))
    items = _list([_item(i, inner + "  ") for i in cost.items], inner)
    fields.append('"items": ' + items)
    return "{\n" + inner + (",\n" + inner).join(fields) + "\n" + indent + "}"


def flow_text(result: FlowResult, indent: str = "") -> str:
    """`json_indent.dumps(result.to_json(), indent)`."""
    r = result
    inner = indent + "  "
    hops = _list([_hop(h, inner + "  ") for h in r.hops], inner)
    fields = [
        '"id": ' + _value(r.id, inner),
        '"from": ' + _value(r.source, inner),
        '"to": ' + _value(r.to, inner),
        '"to_region": ' + _value(r.to_region, inner),
        '"reachable": ' + _value(r.reachable, inner),
        '"network": ' + _value(r.network.value, inner),
        '"cross_region": ' + _value(r.cross_region, inner),
        '"regions": ' + _strings(r.regions, inner),
        '"hops": ' + hops,
        '"codes": ' + _strings([c.value for c in r.codes], inner),
        '"reason": ' + ("null" if r.reason is None else _value(r.reason.value, inner)),
        '"explanation": ' + _value(r.explanation, inner),
        '"cost": ' + _cost(r.cost, inner),
        '"assumptions": ' + _strings(r.assumptions, inner),
        '"to_kind": ' + _value(r.to_kind.value, inner),
        '"gb_per_month": ' + _value(r.gb_per_month, inner),
    ]
    if r.fix is not None:
        fields.append('"fix": ' + _value(r.fix, inner))
    return "{\n" + inner + (",\n" + inner).join(fields) + "\n" + indent + "}"
