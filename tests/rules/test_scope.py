"""rules/scope.py: which items an assessee answers, how officers name them, and why an item
is not theirs."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ipcheck.errors import NotFoundError, SchemaError
from ipcheck.model.assessment import Assessee, AssesseeKind, Assessment, ItemState, Status
from ipcheck.model.checklist import AppliesTo, Checklist, Role
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.scope import ScopedItem, outside_scope, resolve_refs, scope_of, state_of
from tests.rules.inputs import scoped

YEXIAN = Assessee(kind=AssesseeKind.COUNTY, name="叶县")
POLICE = Assessee(kind=AssesseeKind.UNIT, name="市公安局", unit="public-security")
COURT = Assessee(kind=AssesseeKind.UNIT, name="市中级人民法院", unit="intermediate-court")
MEASURE_14 = ["14.1", "14.2", "14.3", "14.4", "14.5"]  # 14.6 and 14.7 are units' items
HINT = "(items are named by number such as 1.2, a whole measure such as 14, or id)"


@pytest.fixture
def c(latest: LoadedChecklist) -> Checklist:
    return latest.checklist


@pytest.fixture
def county_scope(c: Checklist) -> list[ScopedItem]:
    return scope_of(c, YEXIAN)


@pytest.fixture
def police_scope(c: Checklist) -> list[ScopedItem]:
    return scope_of(c, POLICE)


def numbers(scope: list[ScopedItem]) -> list[str]:
    return [s.number for s in scope]


def test_a_county_answers_every_item_for_counties_worth_its_hundred_points(
    c: Checklist, county_scope: list[ScopedItem]
) -> None:
    assert len(county_scope) == 97
    assert sum(s.item.points for s in county_scope) == c.scoring.county_total == 100
    assert {s.item.applies_to for s in county_scope} == {AppliesTo.COUNTY, AppliesTo.BOTH}
    assert {s.role for s in county_scope} == {None}
    assert numbers(county_scope)[:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]
    assert "7.1" not in numbers(county_scope)  # 创建国家知识产权试点示范城市: the city's
    assert scoped(county_scope, "strong-county").number == "7.2"
    assert scoped(county_scope, "foreign-aid-services").name == "13.4 涉外援助服务"


def test_a_unit_answers_the_items_of_its_measures_that_it_bears_in_its_role(
    c: Checklist, police_scope: list[ScopedItem]
) -> None:
    assert numbers(police_scope)[:7] == ["1.1", "1.2", "1.3", "1.5", "6.1", "6.2", "6.3"]
    assert "1.4" not in numbers(police_scope)  # a duty of the court alone
    assert {s.role for s in police_scope} == {Role.RESPONSIBLE}
    assert {s.measure.number for s in police_scope} == {1, 6, 10, 11, 15, 18, 19}
    assert AppliesTo.COUNTY not in {s.item.applies_to for s in police_scope}
    assert len(police_scope) == 24
    # a lead unit: the court leads measure 1 and is responsible in measure 6
    court = scope_of(c, COURT)
    roles = {s.measure.number: s.role for s in court}
    assert (roles[1], roles[6]) == (Role.LEAD, Role.RESPONSIBLE)
    assert numbers(court)[:5] == ["1.1", "1.2", "1.3", "1.4", "1.5"]  # 1.4 is the court's


def test_a_body_of_every_county_answers_the_county_items_of_its_measures(c: Checklist) -> None:
    body = Assessee(
        kind=AssesseeKind.UNIT, name="各县〔市、区〕政府〔管委会〕", unit="county-government"
    )
    assert numbers(scope_of(c, body)) == [*MEASURE_14, "16.1", "16.2", "16.4", "16.5", "16.6"]


def test_a_units_assessment_must_name_a_known_unit(c: Checklist) -> None:
    with pytest.raises(SchemaError) as nameless:
        scope_of(c, Assessee(kind=AssesseeKind.UNIT, name="市公安局"))
    assert str(nameless.value) == (
        "assessee.unit: a unit's assessment must name its unit (registry id)"
    )
    with pytest.raises(SchemaError) as unknown:
        scope_of(c, Assessee(kind=AssesseeKind.UNIT, name="市气象局", unit="weather"))
    assert (
        str(unknown.value) == "assessee.unit: unit 'weather' is not in pingdingshan-2021-22@1.3.0"
    )


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        (["1.2"], ["1.2"]),
        (["１.２"], ["1.2"]),  # full-width digits
        (["1。2"], ["1.2"]),
        (["punitive-damages"], ["1.1"]),
        (["14"], MEASURE_14),  # a whole measure …
        (["十四"], MEASURE_14),
        (["（十四）"], MEASURE_14),
        (["第十四条"], MEASURE_14),
        (["1.1,1.2"], ["1.1", "1.2"]),  # several in one argument
        (["1.1、1.2"], ["1.1", "1.2"]),
        (["1.1，1.2；1.3"], ["1.1", "1.2", "1.3"]),
        (["1.2", "1.1", "punitive-damages", "1.2"], ["1.2", "1.1"]),  # once each, as named
        (["14.2", "14"], ["14.2", "14.1", "14.3", "14.4", "14.5"]),
    ],
)
def test_resolve_refs_reads_items_as_officers_name_them(
    c: Checklist, county_scope: list[ScopedItem], refs: list[str], expected: list[str]
) -> None:
    assert numbers(resolve_refs(county_scope, refs, YEXIAN, c)) == expected


def test_resolve_refs_takes_a_units_part_of_a_measure(
    c: Checklist, police_scope: list[ScopedItem]
) -> None:
    assert numbers(resolve_refs(police_scope, ["1"], POLICE, c)) == ["1.1", "1.2", "1.3", "1.5"]


@pytest.mark.parametrize("refs", [[], [""], [",、 "]])
def test_resolve_refs_needs_at_least_one_item(
    c: Checklist, county_scope: list[ScopedItem], refs: list[str]
) -> None:
    with pytest.raises(NotFoundError) as refused:
        resolve_refs(county_scope, refs, YEXIAN, c)
    assert str(refused.value) == "name at least one item (e.g. 1.2)"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("20", f"no item '20' in the assessment of 叶县 {HINT}"),
        ("xyz", f"no item 'xyz' in the assessment of 叶县 {HINT}"),
        (
            "punitive-damage",
            "no item 'punitive-damage' in the assessment of 叶县; did you mean 1.1 惩罚性赔偿 or "
            f"14.4 纳入重要议事日程? {HINT}",
        ),
        ("7.1", "7.1 国家知识产权试点示范城市 applies only to municipal units, not to 叶县"),
        (
            "demonstration-city",
            "7.1 国家知识产权试点示范城市 applies only to municipal units, not to 叶县",
        ),
    ],
)
def test_resolve_refs_refuses_what_names_no_item_of_the_assessee(
    c: Checklist, county_scope: list[ScopedItem], ref: str, message: str
) -> None:
    with pytest.raises(NotFoundError) as refused:
        resolve_refs(county_scope, ["1.1", ref], YEXIAN, c)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("1.4", "1.4 “三合一”案件管辖制度 is a duty of 市中级人民法院, not of 市公安局"),
        ("14.2", "14.2 知识产权保护领导机制 applies only to counties, not to 市公安局"),
        (
            "7.3",
            "7.3 专利导航工程 belongs to measure 7, where 市公安局 is neither a lead nor a "
            "responsible unit",
        ),
        ("7", "市公安局 is neither a lead nor a responsible unit of measure 7 强化示范引领"),
        ("第七条", "市公安局 is neither a lead nor a responsible unit of measure 7 强化示范引领"),
    ],
)
def test_outside_scope_says_why_a_unit_does_not_answer(
    c: Checklist, ref: str, message: str
) -> None:
    assert outside_scope(ref, c, POLICE) == message


@pytest.mark.parametrize("ref", ["99.1", "nothing-like-it", "20"])
def test_outside_scope_is_none_for_what_the_checklist_does_not_name(c: Checklist, ref: str) -> None:
    assert outside_scope(ref, c, YEXIAN) is None
    assert outside_scope(ref, c, POLICE) is None


def test_state_of_gives_the_files_state_or_not_started(
    c: Checklist, fresh: Assessment, police_scope: list[ScopedItem]
) -> None:
    county_item = scoped(scope_of(c, fresh.assessee), "punitive-damages")
    done = ItemState(status=Status.DONE, note="已建立")
    held = replace(fresh, items={**fresh.items, "punitive-damages": done})
    assert state_of(held, county_item) is done
    # missing from the file: 未开始, with the unit's role
    empty = replace(fresh, items={})
    assert state_of(empty, county_item) == ItemState(status=Status.TODO)
    assert state_of(empty, scoped(police_scope, "punitive-damages")) == ItemState(
        status=Status.TODO, role=Role.RESPONSIBLE
    )
