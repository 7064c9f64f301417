"""model/assessment.py: the assessment format as frozen records."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from msgspec.structs import replace

from ipcheck.model.assessment import (
    Action,
    Assessee,
    AssesseeKind,
    Assessment,
    Change,
    ChecklistPin,
    Evidence,
    ItemState,
    Section,
    Stamp,
    Status,
)

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 1, 1, 8, tzinfo=CST)
EVIDENCE = Evidence(
    path="叶县-2025-佐证材料/台账.csv", sha256="a" * 64, size=12, added=AT, by="张三"
)
ASSESSMENT = Assessment(
    schema_version=1,
    kind="assessment",
    checklist=ChecklistPin(id="pingdingshan-2021-22", version="1.3.0", digest="sha256:" + "0" * 64),
    assessee=Assessee(kind=AssesseeKind.COUNTY, name="叶县"),
    period=2025,
    evidence_dir="叶县-2025-佐证材料",
    created=AT,
    items={
        "punitive-damages": ItemState(
            status=Status.DONE, evidence=(EVIDENCE,), updated=AT, by="张三"
        ),
        "serious-infringement": ItemState(status=Status.TODO),
    },
    history=(
        Change(at=AT, by="张三", action=Action.CREATED, new="pingdingshan-2021-22@1.3.0"),
        Change(
            at=AT, by="张三", action=Action.STATUS, item="punitive-damages", old="todo", new="done"
        ),
    ),
)


def test_codes_are_labelled_with_the_documents_words() -> None:
    assert {s.value: s.label for s in Status} == {
        "todo": "未开始",
        "in_progress": "推进中",
        "done": "已完成",
        "na": "不适用",
    }
    # the other codes of the format too
    assert (AssesseeKind.COUNTY.label, AssesseeKind.UNIT.label) == ("县（市、区）", "市直单位")
    assert Section.PRACTICES.label == "主要做法及成效"


def test_a_status_is_said_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert [s.said for s in Status] == ["to do", "in progress", "done", "not applicable"]
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    assert [s.said for s in Status] == [s.label for s in Status]


def test_a_stamp_is_who_and_when() -> None:
    stamp = Stamp("张三", AT)
    by, at = stamp
    assert (by, at) == (stamp.by, stamp.at) == ("张三", AT)
    assert stamp == Stamp(by="张三", at=AT)
    with pytest.raises(AttributeError):
        stamp.by = "李四"  # type: ignore[misc]


def test_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ASSESSMENT.period = 2024  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ASSESSMENT.items["punitive-damages"].status = Status.TODO  # type: ignore[misc]
    changed = replace(ASSESSMENT, period=2024)
    assert (changed.period, ASSESSMENT.period) == (2024, 2025)


def test_records_are_equal_by_content() -> None:
    state = ItemState(status=Status.DONE, evidence=(EVIDENCE,))
    same = ItemState(status=Status.DONE, evidence=(replace(EVIDENCE),))
    assert state == same and hash(state) == hash(same)
    assert state != replace(state, note="已建立台账")
    copy = replace(ASSESSMENT)
    assert copy == ASSESSMENT and copy is not ASSESSMENT
    moved = replace(ASSESSMENT, assessee=Assessee(kind=AssesseeKind.COUNTY, name="郏县"))
    assert moved != ASSESSMENT


def test_an_assessment_becomes_plain_data_and_back() -> None:
    data = msgspec.to_builtins(ASSESSMENT)
    # defaults are not written (TOML has no null), and a change says from/to
    assert data["items"]["serious-infringement"] == {"status": "todo"}
    assert data["history"][1] == {
        "at": "2026-01-01T08:00:00+08:00",
        "by": "张三",
        "action": "status",
        "item": "punitive-damages",
        "from": "todo",
        "to": "done",
    }
    assert "archived" not in data and "narrative" not in data
    assert msgspec.convert(data, Assessment) == ASSESSMENT


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"status": "done", "colour": "red"}, "Object contains unknown field `colour`"),
        ({"status": "finished"}, "Invalid enum value 'finished' - at `$.status`"),
        ({"status": "in_progress", "score": 101}, "Expected `int` <= 100 - at `$.score`"),
        ({"status": "done", "by": ""}, "Expected `str` of length >= 1 - at `$.by`"),
        ({"status": "done", "role": "chief"}, "Invalid enum value 'chief' - at `$.role`"),
        ({"note": "x"}, "Object missing required field `status`"),
    ],
)
def test_an_item_state_refuses_unknown_keys_and_wrong_values(
    raw: dict[str, object], message: str
) -> None:
    with pytest.raises(msgspec.ValidationError) as refused:
        msgspec.convert(raw, ItemState)
    assert str(refused.value) == message


def test_an_evidence_entry_needs_a_lower_case_sha256() -> None:
    raw = msgspec.to_builtins(EVIDENCE) | {"sha256": "A" * 64}
    with pytest.raises(msgspec.ValidationError, match=r"at `\$\.sha256`$"):
        msgspec.convert(raw, Evidence)
    assert msgspec.convert(msgspec.to_builtins(EVIDENCE), Evidence) == EVIDENCE
