"""The shipped JSON Schema is current and agrees with the loader."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable

import jsonschema
import pytest

from ipcheck.store.resources import schema_path
from ipcheck.store.schemas import SCHEMA_TYPES, canonical, json_schema, schema_text
from tests.helpers import EXAMPLE, SHIPPED, Run

CLI = Callable[..., Run]


def test_shipped_schemas_are_current() -> None:
    """The shipped schemas say what the definitions say (compared as JSON: neither key
    order nor layout is a meaning)."""
    for kind in SCHEMA_TYPES:
        shipped = json.loads(schema_path(kind).read_text(encoding="utf-8"))
        assert shipped == json_schema(kind), (
            f"run: python -m ipcheck.store.schemas  ({kind} schema is out of date)"
        )


def test_a_schema_is_the_same_whatever_msgspec_indents_or_orders() -> None:
    """msgspec 0.18 keeps a docstring's indentation in a description and orders an anyOf
    otherwise than 0.23: the canonical form is the same for both."""
    older = {
        "description": "A county-level division (县（市、区）, and the functional areas\n"
        "    the city assesses as counties).",
        "anyOf": [{"type": "null"}, {"$ref": "#/$defs/Submission"}],
    }
    newer = {
        "description": "A county-level division (县（市、区）, and the functional areas\n"
        "the city assesses as counties).",
        "anyOf": [{"$ref": "#/$defs/Submission"}, {"type": "null"}],
    }
    assert canonical(older) == canonical(newer) == newer
    assert canonical({"anyOf": [{"type": "integer"}, {"type": "string"}]}) != canonical(
        {"anyOf": [{"type": "integer"}]}
    )


def test_the_shipped_text_is_what_the_generator_writes() -> None:
    """Regenerating changes no byte under the msgspec installed: the canonical form is
    written, sorted and indented alike."""
    for kind in SCHEMA_TYPES:
        assert schema_path(kind).read_text(encoding="utf-8") == schema_text(kind), kind


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


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("report", ("report", "-f", EXAMPLE, "--format", "json")),
        ("status", ("status", "-f", EXAMPLE, "--format", "json")),
        ("summary", ("summary", EXAMPLE.parents[1], "--format", "json")),
        ("diff", ("diff", EXAMPLE, EXAMPLE, "--format", "json")),
        (
            "checklist-diff",
            (
                "diff",
                "pingdingshan-2021-22@1.0.0",
                "pingdingshan-2021-22@1.1.0",
                "--format",
                "json",
            ),
        ),
        ("show", ("show", "pingdingshan-2021-22", "--unit", "平顶山海关", "--format", "json")),
        ("checklists", ("checklists", "--format", "json")),
        ("verify", ("verify", "-f", EXAMPLE, "--format", "json")),
        ("verify-paths", ("verify", EXAMPLE.parent.parent, "--format", "json")),
        ("validate", ("validate", EXAMPLE.parents[1], "--format", "json")),
    ],
)
def test_json_outputs_follow_their_schemas(cli: CLI, kind: str, args: tuple[object, ...]) -> None:
    run = cli(*args)
    assert run.code in (0, 1), run
    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(run.stdout))
