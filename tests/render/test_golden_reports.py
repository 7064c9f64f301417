"""The report of three assessments, byte for byte: a county that began on checklist 1.4.0
(郏县), a municipal unit (市市场监督管理局: the measures it leads or answers for, and the
items every unit answers), and a county that upgraded in the year (叶县, 1.0.0 → 1.4.0:
addressee, half points, archived items, the items a county no longer bears).

Made through the Python API, as the command line makes them. After an intended change to
the report: UPDATE_GOLDEN=1 python -m pytest tests/render/test_golden_reports.py, and read
the difference before committing it (in a commit of its own)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ipcheck import api
from tests.helpers import EXAMPLE, EXAMPLES, GOLDEN
from tests.helpers.documents import docx_outline, xlsx_outline

pytestmark = pytest.mark.usefixtures("fixed_time")  # reports made at one time

ASSESSMENTS = {
    "叶县-2025": EXAMPLE,
    "郏县-2025": EXAMPLES / "counties" / "郏县-2025" / "郏县-2025.toml",
    "市市场监督管理局-2025": EXAMPLES
    / "units"
    / "市市场监督管理局-2025"
    / "市市场监督管理局-2025.toml",
}


def _matches(text: str, golden: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"differs from {golden.name}"


@pytest.mark.parametrize("name", list(ASSESSMENTS))
@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_report_is_its_golden_file(name: str, fmt: str) -> None:
    made = api.report(api.open_assessment(ASSESSMENTS[name]), fmt)
    _matches(made.text, GOLDEN / f"{name}.{fmt}")


@pytest.mark.parametrize("name", list(ASSESSMENTS))
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_office_file_is_its_golden_outline(name: str, fmt: str, tmp_path: Path) -> None:
    """The Word and Excel files as a reader meets them (tests/helpers/documents.py): page
    setup, every paragraph with its style, every table and cell."""
    out = tmp_path / f"report.{fmt}"
    api.report(api.open_assessment(ASSESSMENTS[name]), output=out)
    outline = (docx_outline if fmt == "docx" else xlsx_outline)(out)
    _matches(outline, GOLDEN / f"{name}.{fmt}.txt")


def test_the_three_are_what_they_stand_for() -> None:
    """A county that began on 1.4.0, a unit with its roles (and 有关单位 items), a county
    that moved from 1.0.0 to 1.4.0 in the year: the goldens cover what differs between them."""
    first, unit, upgraded = (
        api.open_assessment(ASSESSMENTS[n])
        for n in ("郏县-2025", "市市场监督管理局-2025", "叶县-2025")
    )
    assert first.checklist.checklist.version == "1.4.0"
    assert "upgraded" not in {c.action.value for c in first.loaded.assessment.history}
    assert first.loaded.assessment.assessee.kind.value == "county"
    assert unit.loaded.assessment.assessee.unit == "market-regulation"
    roles = {s.role.value for s in unit.scope if s.role is not None}
    assert roles == {"lead", "responsible"} and len(unit.scope) < len(first.scope)
    actions = {c.action.value for c in upgraded.loaded.assessment.history}
    assert "upgraded" in actions and upgraded.checklist.checklist.version == "1.4.0"
