"""Checklist 1.4.0 read as the text asks: whose duty each item is, how strong, what its
评分标准 may ask, and the points that follow from one declared rule."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

import msgspec
import pytest

from ipcheck.model.assessment import AssesseeKind
from ipcheck.model.checklist import AppliesTo, Checklist, Duty, Standard, UnitKind
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.checklist import check_checklist
from ipcheck.rules.duties import STANDARDS, VERBS, rule_points, rule_sentence
from ipcheck.rules.scope import county_scope, unit_scope
from ipcheck.store.toml import read_toml

COUNTY = (AppliesTo.COUNTY, AppliesTo.BOTH)


@pytest.fixture(scope="module")
def c(v140: LoadedChecklist) -> Checklist:
    return v140.checklist


def test_every_item_records_its_verb_class_and_the_standard_its_class_allows(
    c: Checklist,
) -> None:
    """推动、鼓励、探索、视情况 are met by documented effort; 要、落实、建立 … by the work
    itself, or a documented none occurred where the events are not the assessee's."""
    for _m, item in c.items():
        assert item.verb is not None and item.duty is not None and item.standard is not None
        assert item.verb in item.basis or item.verb in item.text, item.id
        assert VERBS[item.verb] is item.duty, item.id
        assert item.standard in STANDARDS[item.duty], item.id
        assert item.criteria is not None
        none_allowed = "未发生" in item.criteria.full or "未发现" in item.criteria.full
        assert none_allowed == (item.standard is Standard.OUTCOME_OR_NONE), item.id
        if item.duty in (Duty.PROMOTE, Duty.ENCOURAGE):
            assert item.standard is Standard.EFFORT, item.id
    for verb in ("推动", "鼓励", "探索", "视情况"):
        assert VERBS[verb] in (Duty.PROMOTE, Duty.ENCOURAGE)


def test_no_standard_is_harder_than_the_text(c: Checklist) -> None:
    by_id = {item.id: item for _m, item in c.items()}
    for _m, item in c.items():
        assert item.criteria is not None
        full = item.criteria.full
        # one reading of 加大: stepped-up work shown by measures, never a count above last year
        assert "较上年" not in full or "不要求" in full, item.id
        # an open list ending in 等 is met by the fields that apply, never "all of them"
        assert "均有记录" not in full and "均有并" not in full, item.id
    # counties cannot have arbitration commissions (仲裁法 第十条)
    assert "县（市、区）不要求仲裁" in by_id["arbitration-mediation-notary"].criteria.full  # type: ignore[union-attr]
    # 督促地方党委、政府, in the text's words
    assert "督促地方党委、政府" in by_id["local-pressure"].criteria.full  # type: ignore[union-attr]
    # 推动/鼓励: the outcome earns nothing extra, and there is no part to earn
    for item_id in ("credit-mechanism", "protection-linkage", "mutual-aid-fund"):
        assert by_id[item_id].standard is Standard.EFFORT
        assert by_id[item_id].criteria.part is None  # type: ignore[union-attr]
    assert "统计" not in by_id["enterprise-funding"].criteria.full  # type: ignore[union-attr]


def _points_by_hand(c: Checklist) -> dict[str, Fraction]:
    """The rule as docs/checklist-format.md states it, worked out independently."""
    rule = c.scoring.rule
    assert rule is not None

    def weight(item: Any) -> Fraction:
        return Fraction(getattr(rule.weights, item.duty.value)) + (
            Fraction(rule.county_named) if item.county_named else 0
        )

    items = [item for _m, item in c.items()]
    county = [i for i in items if i.applies_to in COUNTY]
    per_weight = Fraction(c.scoring.county_total) / sum(weight(i) for i in county)
    share = {i.id: weight(i) * per_weight for i in county}
    got = {k: Fraction(int(v * 2), 2) for k, v in share.items()}
    left = int((Fraction(c.scoring.county_total) - sum(got.values())) * 2)
    order = {i.id: n for n, i in enumerate(county)}
    ranked = sorted(county, key=lambda i: (-(share[i.id] - got[i.id]), -weight(i), order[i.id]))
    for item in ranked[:left]:
        got[item.id] += Fraction(1, 2)
    for item in items:
        if item.applies_to not in COUNTY:
            got[item.id] = Fraction(int(weight(item) * per_weight * 2 + Fraction(1, 2)), 2)
    return got


def test_every_item_s_points_follow_the_declared_rule(c: Checklist) -> None:
    by_hand = _points_by_hand(c)
    assert {i.id: Fraction(i.points) for _m, i in c.items()} == by_hand
    assert {k: Fraction(v) for k, v in rule_points(c).items()} == by_hand
    county = [i.points for _m, i in c.items() if i.applies_to in COUNTY]
    assert sum(county) == 100 and c.scoring.county_total == 100
    # heavier duties weigh more; the duties the text puts on counties by name more again
    points = {(i.duty, i.county_named): i.points for _m, i in c.items() if i.applies_to in COUNTY}
    assert points[(Duty.REQUIRED, True)] > points[(Duty.REQUIRED, False)]
    assert points[(Duty.REQUIRED, False)] > points[(Duty.BUILD, False)]
    assert points[(Duty.BUILD, False)] == points[(Duty.PROMOTE, False)]
    assert points[(Duty.PROMOTE, False)] > points[(Duty.ENCOURAGE, False)]
    sentence = rule_sentence(c)
    assert sentence is not None and "以半分计" in sentence and "合计100分" in sentence


def test_a_rule_that_weighs_nothing_is_an_error(c: Checklist) -> None:
    """Every weight 0 gave no expected points, and the points check passed whatever the
    items said (found by a trial)."""
    from msgspec.structs import replace

    from ipcheck.model.checklist import Weights
    from ipcheck.rules.duties import duty_problems

    rule = c.scoring.rule
    assert rule is not None
    nothing = Weights(required=0, build=0, promote=0, encourage=0)
    weightless = replace(
        c, scoring=replace(c.scoring, rule=replace(rule, weights=nothing, county_named=0))
    )
    keys = [p.key for p in duty_problems(weightless) if p.severity.value == "error"]
    assert keys == ["scoring.rule"]
    assert not [p for p in duty_problems(c) if p.key == "scoring.rule"]


def test_a_county_bears_only_what_a_body_under_its_government_can_do(c: Checklist) -> None:
    scope = {s.number for s in county_scope(c)}
    # courts, the people's congress, the CPPCC: not the county's 党委、政府
    assert not {"1.1", "1.4", "4.1", "4.2", "9.2", "9.3"} & scope
    assert {"1.2", "1.5", "5.1", "14.2", "14.5", "16.1"} <= scope
    bodies = {u.id: u.kind is UnitKind.COUNTY or u.county_body is not None for u in c.units}
    assert not bodies["intermediate-court"] and not bodies["customs"] and bodies["justice"]
    for m, item in c.items():
        units = item.units or (*m.lead, *m.responsible)
        if item.applies_to in COUNTY:
            assert any(bodies[u] for u in units), item.id
        else:
            assert item.not_county, item.id
    named = [i.id for _m, i in c.items() if i.county_named]
    assert named == [
        "leadership-mechanism",
        "territorial-responsibility",
        "on-the-agenda",
        "work-plan",
        "budget",
        "special-fund",
        "funding-growth",
    ]


def test_every_unit_answers_what_the_text_gives_有关单位(c: Checklist) -> None:
    for unit in c.units:
        numbers = {s.number for s in unit_scope(c, unit)}
        if unit.kind is UnitKind.MUNICIPAL:
            assert {"14.6", "14.7"} <= numbers, unit.name
        else:
            assert not {"14.6", "14.7"} & numbers
    police = {s.number for s in unit_scope(c, c.unit("public-security"))}
    assert "1.1" not in police and "1.2" in police  # 惩罚性赔偿 is the courts' to award


def _changed(raw: dict[str, Any], item_id: str, **change: Any) -> Checklist:
    for measure in raw["measures"]:
        for item in measure["items"]:
            if item["id"] == item_id:
                item.update(change)
                for key, value in list(item.items()):
                    if value is None:
                        del item[key]
    return msgspec.convert(raw, Checklist)


@pytest.mark.parametrize(
    ("item_id", "change", "said"),
    [
        (
            "three-in-one-jurisdiction",
            {"applies_to": "both", "not_county": None},
            "counties bear it (both), but none of its units (intermediate-court) has a body in a "
            "county",
        ),
        ("cppcc-research", {"not_county": None}, "say why counties do not bear it"),
        ("serious-infringement", {"not_county": "审判事项"}, "applies_to gives it to them"),
        ("notary-evidence", {"units_reason": None}, "say why only justice of the measure"),
        ("credit-mechanism", {"duty": "build"}, "'推动' is a duty of class promote, not build"),
        ("credit-mechanism", {"standard": "outcome"}, "a promote duty is met by effort"),
        ("credit-mechanism", {"verb": "督办"}, "'督办' is not in the item's text or basis"),
        ("well-known-trademarks", {"points": 2}, "2 points, but [scoring.rule] gives it 0.5"),
        ("special-marks", {"standard": "outcome-or-none"}, "says what a year with none"),
    ],
)
def test_validate_refuses_a_reading_its_own_rules_contradict(
    v140: LoadedChecklist, item_id: str, change: dict[str, Any], said: str
) -> None:
    raw = read_toml(v140.path)
    changed = _changed(raw, item_id, **change)
    messages = [p.message for p in check_checklist(changed)]
    assert any(said in m for m in messages), messages


def test_the_shipped_checklist_has_no_problem(c: Checklist) -> None:
    assert check_checklist(c) == []
    kinds = Counter(i.standard for _m, i in c.items())
    assert kinds[Standard.EFFORT] and kinds[Standard.OUTCOME_OR_NONE]


def test_zones_are_marked_and_ruzhou_carries_its_note(c: Checklist) -> None:
    zones = {county.name for county in c.counties if county.zone}
    assert zones == {"高新区", "城乡一体化示范区"}
    demo = next(x for x in c.counties if x.name == "城乡一体化示范区")
    assert "平顶山市城乡一体化示范区" in demo.aliases
    ruzhou = next(x for x in c.counties if x.name == "汝州市")
    assert ruzhou.note is not None and "省直管" in ruzhou.note
    assert AssesseeKind.COUNTY


def test_a_county_listed_twice_is_an_error(c: Checklist) -> None:
    """A second county of one name passed, where one sharing another's alias did not."""
    from msgspec.structs import replace

    twice = replace(c, counties=(*c.counties, c.counties[0]))
    named = [p.message for p in check_checklist(twice) if p.key.startswith("counties[")]
    assert named == [f"county {c.counties[0].name!r} is listed twice"]
