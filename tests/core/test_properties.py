"""Property tests: files round-trip, marks keep files valid and history true, reports keep their shape."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from ipcheck.core.create import make_assessee, new_assessment
from ipcheck.core.marking import mark
from ipcheck.core.report import build_report_context
from ipcheck.model.assessment import Action, Evidence, ItemState, Stamp, Status
from ipcheck.model.loaded import LoadedAssessment
from ipcheck.model.problems import Severity
from ipcheck.render.templates import render
from ipcheck.rules.assessment import check_assessment
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import convert
from ipcheck.store.writer import to_toml
from ipcheck.text.safety import unwritable

CHECKLIST = resolve("pingdingshan-2021-22@1.0.0", checklist_dirs())
TZ = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 1, 1, 8, tzinfo=TZ)
FRESH = new_assessment(
    CHECKLIST,
    make_assessee(CHECKLIST, county="叶县", unit=None),
    2025,
    "叶县-2025-佐证材料",
    "测试员",
    AT,
)
ITEMS = list(FRESH.items)

# any text a person may type (no surrogates: they cannot be UTF-8), within the format's limits
texts = st.text(min_size=1, max_size=200).filter(lambda t: t.strip() == t and t != "")
# what a person may give ipcheck to keep (text/safety.unwritable): a received file may hold
# any text, and the reports are tested with that
kept_texts = texts.filter(lambda t: unwritable(t) is None)
names = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t != "")
moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=TZ)
)
evidence = st.builds(
    Evidence,
    path=st.from_regex(
        r"叶县-2025-佐证材料/[a-z0-9\u4e00-\u9fa5]{1,12}\.(pdf|csv|txt)", fullmatch=True
    ),
    sha256=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    size=st.integers(min_value=0, max_value=10**12),
    added=moments,
    by=names,
)
states = st.builds(
    ItemState,
    status=st.sampled_from(list(Status)),
    note=st.none() | texts,
    reason=st.none() | texts,
    updated=st.none() | moments,
    by=st.none() | names,
    evidence=st.lists(evidence, max_size=3).map(tuple),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(ITEMS), states, max_size=20), names)
def test_assessments_round_trip(changes: dict[str, ItemState], name: str) -> None:
    assessment = replace(
        FRESH, items={**FRESH.items, **changes}, assessee=replace(FRESH.assessee, name=name)
    )
    text = to_toml(assessment)
    again, problems = convert(tomllib.loads(text), "assessment")
    assert problems == []
    assert again == assessment
    assert to_toml(again) == text  # the same content, the same bytes


operations = st.lists(
    st.tuples(
        st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3, unique=True),
        st.sampled_from([None, *Status]),
        st.none() | kept_texts,
        st.lists(evidence, max_size=2),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_marks_keep_the_file_valid_and_the_history_true(
    ops: list[tuple[list[str], Status | None, str | None, list[Evidence]]],
) -> None:
    assessment = FRESH
    for n, (items, status, note, files) in enumerate(ops):
        stamp = Stamp(f"officer{n}", AT + dt.timedelta(minutes=n))
        reason = "不适用的理由" if status is Status.NA else None
        assessment = mark(
            assessment, items, stamp, status=status, note=note, reason=reason, evidence=files
        )
    text = to_toml(assessment)
    reloaded, problems = convert(tomllib.loads(text), "assessment")
    assert reloaded == assessment and problems == []
    errors = [p for p in check_assessment(assessment, CHECKLIST) if p.severity is Severity.ERROR]
    assert errors == []
    # replaying the history from a fresh file gives the final state
    replay: dict[str, dict[str, object]] = {
        i: {"status": "todo", "note": None, "evidence": {}} for i in ITEMS
    }
    for change in assessment.history:
        if change.item is None:
            continue
        state = replay[change.item]
        if change.action is Action.STATUS:
            assert state["status"] == change.old
            state["status"] = change.new
        elif change.action is Action.NOTE:
            assert state["note"] == change.old
            state["note"] = change.new
        elif change.action is Action.EVIDENCE_ADDED:
            state["evidence"][change.path] = change.new  # type: ignore[index]
        elif change.action is Action.EVIDENCE_REMOVED:
            del state["evidence"][change.path]  # type: ignore[attr-defined]
    for item_id, final in assessment.items.items():
        assert replay[item_id]["status"] == final.status.value
        assert replay[item_id]["note"] == final.note
        assert replay[item_id]["evidence"] == {e.path: e.sha256 for e in final.evidence}


class Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _report(note: str, name: str, fmt: str) -> str:
    """The report of a received file whose note and assessee's name are any text (written by
    another program: ipcheck's own input would refuse some of it)."""
    changed = mark(FRESH, ["punitive-damages"], Stamp(name, AT), status=Status.IN_PROGRESS)
    items = dict(changed.items)
    items["punitive-damages"] = replace(items["punitive-damages"], note=note)
    changed = replace(changed, items=items, assessee=replace(changed.assessee, name=name))
    loaded = LoadedAssessment(changed, Path("/nowhere/叶县-2025.toml"))
    context = build_report_context(loaded, CHECKLIST, generated=AT, file_sha256="0" * 64)
    return render(context, fmt)


BASE_HTML = Shape()
BASE_HTML.feed(_report("说明", "叶县", "html"))
BASE_MD_ROWS = [
    line for line in _report("说明", "叶县", "md").splitlines() if line.startswith("| ")
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, names)
def test_any_text_keeps_the_reports_shape(note: str, name: str) -> None:
    shape = Shape()
    shape.feed(_report(note, name, "html"))
    # not one element more or less, but the line breaks a note's lines are shown with:
    # nothing in the text became markup
    assert [t for t in shape.tags if t != "br"] == [t for t in BASE_HTML.tags if t != "br"]
    assert shape.tags.count("br") - BASE_HTML.tags.count("br") == note.count("\n")
    rows = [line for line in _report(note, name, "md").splitlines() if line.startswith("| ")]
    assert len(rows) == len(BASE_MD_ROWS)
    for row, base in zip(rows, BASE_MD_ROWS, strict=True):
        # every row keeps its number of cells: no | or line break escapes its cell
        assert len(re.findall(r"(?<!\\)\|", row)) == len(re.findall(r"(?<!\\)\|", base)), row
