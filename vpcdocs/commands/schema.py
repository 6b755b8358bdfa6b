"""`vpcdocs schema`: print the JSON Schema of the topology format, from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

import click


def json_schema() -> dict[str, Any]:
    from vpcdocs.loader.schema import Topology

    schema = Topology.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vpcdocs.dev/schema/topology-1.json"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


@click.command()
def schema() -> None:
    """Print the JSON Schema that editors use to complete and check topology keys."""
    click.echo(schema_text(), nl=False)
