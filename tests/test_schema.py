"""The shipped JSON Schema is current and agrees with the loader."""

from __future__ import annotations

import json
import tomllib

import jsonschema

from ipcheck.store.resources import schema_path
from ipcheck.store.schemas import SCHEMA_TYPES, schema_text

from .conftest import SHIPPED


def test_shipped_schemas_are_current() -> None:
    for kind in SCHEMA_TYPES:
        assert schema_path(kind).read_text(encoding="utf-8") == schema_text(kind), (
            f"run: python -m ipcheck.schema  ({kind} schema is out of date)"
        )


def _as_json(value: object) -> object:
    """What taplo and editors see: TOML dates become strings."""
    return json.loads(json.dumps(value, default=str))


def test_shipped_checklist_passes_the_json_schema() -> None:
    schema = json.loads(schema_path("checklist").read_text(encoding="utf-8"))
    data = _as_json(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        data
    )


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(schema_path("checklist").read_text(encoding="utf-8"))
    data = _as_json(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    data["measures"][0]["items"][0]["points"] = "2"
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(data)
    data["measures"][0]["items"][0]["points"] = 2
    data["extra"] = 1
    assert not validator.is_valid(data)
