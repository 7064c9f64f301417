"""JSON Schemas of the file formats and of the JSON outputs, generated from their definitions.

The formats' schemas are those of the records the loader converts to; the
outputs' are those of the views `--format json` prints. Regenerate the shipped
copies with `python -m ipcheck.store.schemas`; a test fails when they say
something else than the definitions, and tests check real outputs against them.

What msgspec gives is put in one canonical form first — descriptions without the
docstrings' indentation, the choices of an anyOf in a fixed order — so that the
same definitions give the same schema under every msgspec release ipcheck allows
(0.23 strips indentation that 0.18 kept, and orders anyOf otherwise).
"""

from __future__ import annotations

import inspect
import json
from typing import Any

import msgspec

from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.model.review import Review
from ipcheck.model.views.diff import AssessmentDiff, ChecklistDiff
from ipcheck.model.views.files import Validation, Verification, Verifications
from ipcheck.model.views.report import Report
from ipcheck.model.views.review import ReviewView
from ipcheck.model.views.show import Catalog, ChecklistView
from ipcheck.model.views.status import StatusView
from ipcheck.model.views.summary import SummaryDocument
from ipcheck.store.resources import schema_path

SCHEMA_TYPES: dict[str, type[msgspec.Struct]] = {
    "checklist": Checklist,
    "assessment": Assessment,
    "report": Report,
    "status": StatusView,
    "summary": SummaryDocument,
    "diff": AssessmentDiff,
    "checklist-diff": ChecklistDiff,
    "show": ChecklistView,
    "checklists": Catalog,
    "verify": Verification,
    "verify-paths": Verifications,
    "validate": Validation,
    "review": Review,
    "review-view": ReviewView,
}
TITLES = {
    "checklist": "ipcheck checklist",
    "assessment": "ipcheck assessment",
    "report": "ipcheck report --format json (the report's context)",
    "status": "ipcheck status --format json",
    "summary": "ipcheck summary --format json",
    "diff": "ipcheck diff --format json, of two assessments",
    "checklist-diff": "ipcheck diff --format json, of two checklist versions",
    "show": "ipcheck show --format json",
    "checklists": "ipcheck checklists --format json",
    "verify": "ipcheck verify --format json",
    "verify-paths": "ipcheck verify PATH... --format json",
    "validate": "ipcheck validate --format json",
    "review": "ipcheck review (the office's review, 叶县-2025.review)",
    "review-view": "ipcheck review --format json",
}


def json_schema(kind: str) -> dict[str, Any]:
    body = canonical(msgspec.json.schema(SCHEMA_TYPES[kind]))
    assert isinstance(body, dict)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": TITLES[kind],
        **body,
    }


def canonical(schema: Any) -> Any:
    """A schema as it means: a description's lines without their common indentation, an
    anyOf's choices in the order of their JSON text."""
    if isinstance(schema, list | tuple):  # a tuple default is an array in JSON
        return [canonical(value) for value in schema]
    if not isinstance(schema, dict):
        return schema
    shaped: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            shaped[key] = inspect.cleandoc(value)
        elif key == "anyOf" and isinstance(value, list):
            choices = [canonical(choice) for choice in value]
            shaped[key] = sorted(choices, key=lambda c: json.dumps(c, sort_keys=True))
        else:
            shaped[key] = canonical(value)
    return shaped


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas() -> None:
    for kind in SCHEMA_TYPES:
        schema_path(kind).write_text(schema_text(kind), encoding="utf-8")


if __name__ == "__main__":
    write_schemas()
