"""JSON Schemas of the file formats and of the JSON outputs, generated from their definitions.

The formats' schemas are those of the records the loader converts to; the
outputs' are those of the views `--format json` prints. Regenerate the shipped
copies with `python -m ipcheck.store.schemas`; a test fails when they are out
of date, and tests check real outputs against them.
"""

from __future__ import annotations

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
