"""Which items and which status `api.mark` is given, named as officers name them: measures
as the document names them, full-width digits, 、-lists, status words of their own; and
refusals that say why when an item is not the assessee's to answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipcheck import api
from ipcheck.errors import InputError, NotFoundError
from tests.helpers.assessments import statuses

LATEST = "pingdingshan-2021-22@1.2.0"


@pytest.mark.parametrize("measure", ["14", "十四", "（十四）", "(十四)", "第十四条", "１４"])
def test_a_whole_measure_as_the_document_names_it(county: Path, measure: str) -> None:
    api.mark(api.open_assessment(county), [measure], "推进中")
    states = statuses(county)
    assert {n: s for n, s in states.items() if n.startswith("14.")} == {
        "14.1": "in_progress",
        "14.2": "in_progress",
        "14.3": "in_progress",
        "14.4": "in_progress",
    }


@pytest.mark.parametrize(
    "items", [["1.1,1.2"], ["1.1、1.2"], ["1.1，1.2"], ["１.１", "１．２"], ["1.1", "1.2"]]
)
def test_lists_and_full_width_digits(county: Path, items: list[str]) -> None:
    api.mark(api.open_assessment(county), items, "已完成")
    states = statuses(county)
    assert states["1.1"] == states["1.2"] == "done"
    assert states["1.3"] == "todo"


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("完成", "done"),
        ("已完成", "done"),
        ("进行中", "in_progress"),
        ("推进中", "in_progress"),
        ("未启动", "todo"),
        ("未开始", "todo"),
        ("done", "done"),
        ("in-progress", "in_progress"),
    ],
)
def test_the_status_words_officers_use(county: Path, word: str, status: str) -> None:
    a = api.open_assessment(county)
    api.mark(a, ["1.1"], "进行中" if status == "todo" else "未开始")
    api.mark(a, ["1.1"], word)
    assert statuses(county)["1.1"] == status


@pytest.mark.parametrize("word", ["无需开展", "不适用", "na"])
def test_not_applicable_in_its_words_still_needs_a_reason(county: Path, word: str) -> None:
    a = api.open_assessment(county)
    before = county.read_bytes()
    # named as officers name it
    with pytest.raises(InputError, match=re.escape("7.2 创建省级知识产权强县（市）")):
        api.mark(a, ["7.2"], word)
    assert county.read_bytes() == before
    api.mark(a, ["7.2"], word, reason="本县暂不具备条件")
    assert statuses(county)["7.2"] == "na"


@pytest.mark.parametrize(("typo", "meant"), [("以完成", "已完成"), ("推近中", "推进中")])
def test_a_status_typo_gets_a_did_you_mean(
    county: Path, monkeypatch: pytest.MonkeyPatch, typo: str, meant: str
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    before = county.read_bytes()
    with pytest.raises(InputError, match=f"是否想输入“{meant}”"):
        api.mark(api.open_assessment(county), ["1.1"], typo)
    assert county.read_bytes() == before


def test_an_item_that_does_not_apply_says_so(county: Path) -> None:
    before = county.read_bytes()
    with pytest.raises(NotFoundError) as refused:
        api.mark(api.open_assessment(county), ["7.1"], "已完成")
    said = str(refused.value)
    assert "7.1 创建国家知识产权试点示范城市 applies only to municipal units, not to 叶县" in said
    assert "did you mean" not in said
    assert county.read_bytes() == before


def test_a_unit_is_told_why_a_measure_is_not_its_own(here: Path) -> None:
    made = api.create_assessment(unit="平顶山海关", period=2025)
    a = api.open_assessment(made.path)
    before = made.path.read_bytes()
    # measure 1: the customs office is neither lead nor responsible
    with pytest.raises(
        NotFoundError,
        match="belongs to measure 1, where 平顶山海关 is neither a lead nor a responsible unit",
    ):
        api.mark(a, ["1.1"], "已完成")
    # 14.3 落实属地责任: counties only
    with pytest.raises(NotFoundError, match="applies only to counties, not to 平顶山海关"):
        api.mark(a, ["14.3"], "已完成")
    with pytest.raises(NotFoundError) as whole:  # a whole measure is said once
        api.mark(a, ["五"], "推进中")
    assert str(whole.value).endswith(
        "平顶山海关 is neither a lead nor a responsible unit of measure 5 完善社会共治"
    )
    assert made.path.read_bytes() == before
    # 14.6 有关单位要按照职责分工…: every unit answers it, whichever measures it leads
    assert [s.number for s in api.mark(a, ["十四"], "推进中").items] == ["14.6", "14.7"]


@pytest.mark.parametrize(
    ("unit", "holds", "not_held"),
    [
        ("市人大", {"4.1"}, {"4.2"}),
        ("市政协", {"4.2"}, {"4.1"}),
        ("市公安局", {"10.2", "15.4"}, {"1.4", "15.6", "15.7"}),
        ("市教育体育局", {"15.6", "15.7"}, {"15.4"}),
        ("平顶山海关", {"2.1", "3.1", "13.4"}, {"15.6", "15.7"}),
    ],
)
def test_units_answer_for_their_own_duties(
    here: Path, unit: str, holds: set[str], not_held: set[str]
) -> None:
    """Checklist 1.2.0 names which units of a measure bear each item."""
    made = api.create_assessment(unit=unit, period=2025, checklist=LATEST, path=here / "a.toml")
    a = api.open_assessment(made.path)
    shown = api.report(a, "json").report
    numbers = {i.number for m in shown.measures for i in m.items}
    assert holds <= numbers and not numbers & not_held
    before = made.path.read_bytes()
    with pytest.raises(NotFoundError, match=f"not of {unit}"):
        api.mark(a, [sorted(not_held)[0]], "已完成")
    assert made.path.read_bytes() == before
