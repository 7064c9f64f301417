"""JSON Schemas of the file formats, generated from the definitions the loader uses.

Regenerate the shipped copies with `python -m ipcheck.schema`; a test fails
when they are out of date.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.store.resources import schema_path

SCHEMA_TYPES: dict[str, type[msgspec.Struct]] = {"checklist": Checklist, "assessment": Assessment}
TITLES = {"checklist": "ipcheck checklist", "assessment": "ipcheck assessment"}


def json_schema(kind: str) -> dict[str, Any]:
    body = msgspec.json.schema(SCHEMA_TYPES[kind])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": TITLES[kind],
        **body,
    }


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas() -> None:
    for kind in SCHEMA_TYPES:
        schema_path(kind).write_text(schema_text(kind), encoding="utf-8")


if __name__ == "__main__":
    write_schemas()
