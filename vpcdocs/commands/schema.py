"""`vpcdocs schema`: print the JSON Schema of the topology format, from the pydantic models.

The same models validate files (`vpcdocs.loader.schema`), so the schema editors use cannot drift
from what `vpcdocs validate` accepts. A copy is checked in as `schema/vpcdocs.schema.json` (a test
keeps it equal to this output); `vpcdocs init` writes one beside the starter file.
"""

from __future__ import annotations

import json
from typing import Any

import click

SCHEMA_ID = "https://vpcdocs.dev/schema/topology-1.json"


def _close_named_maps(node: Any) -> None:
    """Mappings keyed by names accept only valid names (pydantic emits patternProperties only)."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_named_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_named_maps(value)


def json_schema() -> dict[str, Any]:
    from vpcdocs.loader.schema import Topology

    schema = Topology.model_json_schema(by_alias=True, mode="validation")
    _close_named_maps(schema)
    # pydantic drops a key type's pattern from propertyNames: account ids are 12 digits
    schema["properties"]["accounts"]["anyOf"][0]["propertyNames"]["pattern"] = r"^\d{12}$"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


@click.command()
def schema() -> None:
    """Print the JSON Schema that editors use to complete and check topology keys."""
    click.echo(schema_text(), nl=False)
