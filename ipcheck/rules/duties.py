"""Whose duty an item is, how strong it is, and the points that follow — by stated rules.

- **Force.** Each item records the verb that gives its duty its force, in the text's own
  words; `VERBS` says which class that verb is (要求类 要、落实 … 鼓励类 鼓励、探索), and
  the class says what its 评分标准 may ask (`STANDARDS`): a duty to 推动 or 鼓励 is met by
  documented effort, never by an outcome that is others' to bring about.
- **Points.** Where `[scoring.rule]` is declared, every item's points follow from its
  class's weight by one formula (`rule_points`), and `validate` recomputes them.
- **Whose.** A county bears an item when a body under the county's 党委、政府 can perform
  it: a municipal unit with a `county_body` (县市场监督管理局 …). Courts, procuratorates,
  the people's congress, the CPPCC and customs have none (`no_county_body` says why), so
  an item only they bear is not a county's (`scope_problems`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ipcheck.model.checklist import (
    AppliesTo,
    Checklist,
    Duty,
    Item,
    Measure,
    Standard,
    UnitKind,
    WeightRule,
)
from ipcheck.model.points import exact
from ipcheck.model.problems import Problem
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text

if TYPE_CHECKING:
    from fractions import Fraction  # imported where points are computed (2 ms a start)

# The verbs of the document, by the force they give a duty. A verb not listed is refused
# by validate, so a new checklist's reading is said here, once.
VERBS: dict[str, Duty] = {
    **dict.fromkeys(("要", "落实", "依法严惩", "坚持", "不区分", "认真落实"), Duty.REQUIRED),
    **dict.fromkeys(
        (
            "建立",
            "建立完善",
            "建立健全",
            "建立和完善",
            "完善",
            "进一步完善",
            "健全",
            "加强",
            "全面加强",
            "加大",
            "重点加大",
            "强化",
            "实施",
            "开展",
            "制定",
            "研究制定",
            "拓展",
            "提升",
            "拓宽",
            "搭建",
            "延伸",
            "构建",
            "畅通",
            "纳入",
            "聚焦",
            "及时通报",
            "及时报道",
            "组织开展",
            "给予奖励",
            "有效运用",
            "督促",
            "积极使用",
            "按照职责分工",
            "协调推进",
        ),
        Duty.BUILD,
    ),
    **dict.fromkeys(
        (
            "推动",
            "推进",
            "支持",
            "引导",
            "指导",
            "培育",
            "培育发展",
            "大力培育",
            "积极创建",
            "创建",
            "积极参与",
            "发挥",
            "充分发挥",
            "助力",
            "加快",
        ),
        Duty.PROMOTE,
    ),
    **dict.fromkeys(("鼓励", "探索", "视情况"), Duty.ENCOURAGE),
}

# How the 计分说明 names each class: by the verbs a reader knows it by.
SAID_VERBS: dict[Duty, tuple[str, ...]] = {
    Duty.REQUIRED: ("要", "落实", "坚持"),
    Duty.BUILD: ("建立", "完善", "加强", "加大"),
    Duty.PROMOTE: ("推动", "支持", "引导"),
    Duty.ENCOURAGE: ("鼓励", "探索", "视情况"),
}

# What a 评分标准 may ask of each class: 推动 and 鼓励 are met by documented effort.
STANDARDS: dict[Duty, tuple[Standard, ...]] = {
    Duty.REQUIRED: (Standard.OUTCOME, Standard.OUTCOME_OR_NONE),
    Duty.BUILD: (Standard.OUTCOME, Standard.OUTCOME_OR_NONE),
    Duty.PROMOTE: (Standard.EFFORT,),
    Duty.ENCOURAGE: (Standard.EFFORT,),
}

# The words a criterion of each standard must hold, so the kind recorded is the kind said.
NONE_OCCURRED = ("未发生", "未发现")


def weight_of(item: Item, rule: WeightRule) -> Fraction:
    """The item's weight under the rule (0 for an item without a class)."""
    from fractions import Fraction

    if item.duty is None:
        return Fraction(0)
    weight = Fraction(rule.weights.of(item.duty))
    return weight + (Fraction(rule.county_named) if item.county_named else 0)


def is_county_item(item: Item) -> bool:
    return item.applies_to in (AppliesTo.COUNTY, AppliesTo.BOTH)


def rule_points(checklist: Checklist) -> dict[str, int | float]:
    """Every item's points as `[scoring.rule]` gives them (WeightRule says the formula):
    the county items add up to `county_total` exactly. Empty without a rule."""
    from fractions import Fraction

    rule = checklist.scoring.rule
    if rule is None:
        return {}
    items = [item for _, item in checklist.items()]
    county = [item for item in items if is_county_item(item)]
    total_weight = sum((weight_of(item, rule) for item in county), Fraction(0))
    if not total_weight:
        return {}
    halves_total = Fraction(checklist.scoring.county_total) * 2
    factor = halves_total / total_weight  # half points per unit of weight
    halves: dict[str, int] = {}
    remainders: list[tuple[Fraction, Fraction, int, str]] = []
    for order, item in enumerate(county):
        exact_halves = weight_of(item, rule) * factor
        halves[item.id] = int(exact_halves)  # floor: weights are never negative
        remainders.append(
            (exact_halves - int(exact_halves), weight_of(item, rule), -order, item.id)
        )
    left = int(halves_total) - sum(halves.values())
    for *_rest, item_id in sorted(remainders, reverse=True)[:left]:
        halves[item_id] += 1
    for item in items:
        if not is_county_item(item):
            halves[item.id] = int(weight_of(item, rule) * factor + Fraction(1, 2))
    return {item_id: exact(h / 2) for item_id, h in halves.items()}


def rule_sentence(checklist: Checklist, *, said: bool = False) -> str | None:
    """The rule as the report's 计分说明 quotes it (Chinese), or as the interface says it
    (`said`); None without one."""
    rule = checklist.scoring.rule
    if rule is None:
        return None

    def words(code: str) -> str:
        return labels.said("scoring_rule", code) if said else labels.SCORING_RULE[code]

    classes = (_(", ") if said else "、").join(
        words("weight-class").format(
            duty=labels.said("duty", duty.value) if said else labels.DUTY[duty.value],
            verbs="、".join(SAID_VERBS[duty]),
            weight=points_text(weight),
        )
        for duty, weight in sorted(
            ((duty, rule.weights.of(duty)) for duty in Duty), key=lambda kv: -kv[1]
        )
    )
    named = (
        words("weight-named").format(named=points_text(rule.county_named))
        if rule.county_named
        else ""
    )
    total = points_text(checklist.scoring.county_total)
    return words("weight-rule").format(classes=classes, named=named, total=total)


def duty_problems(checklist: Checklist) -> list[Problem]:
    """Each item's verb, class and standard agree with VERBS and STANDARDS; a checklist
    records them for every item or for none; with a rule, every item's points are the
    rule's."""
    problems: list[Problem] = []
    declared = [item.duty is not None for _, item in checklist.items()]
    if not any(declared) and checklist.scoring.rule is None:
        return problems  # a checklist of before these rules (1.0.0 … 1.3.0)
    expected = rule_points(checklist)
    if checklist.scoring.rule is not None and not expected:
        # a rule that weighs nothing would leave every item's points unchecked
        problems.append(
            Problem.error(
                "scoring.rule",
                _("[scoring.rule] weighs every county item 0: it gives no item its points"),
            )
        )
    for key, measure, item in _keyed(checklist):
        problems += _item_duty_problems(key, measure, item)
        if expected and item.id in expected and expected[item.id] != item.points:
            problems.append(
                Problem.error(
                    f"{key}.points",
                    _("{points} points, but [scoring.rule] gives it {expected}").format(
                        points=points_text(item.points), expected=points_text(expected[item.id])
                    ),
                )
            )
    return problems


def _keyed(checklist: Checklist) -> list[tuple[str, Measure, Item]]:
    return [
        (f"measures[{m_index}].items[{i_index}]", measure, item)
        for m_index, measure in enumerate(checklist.measures)
        for i_index, item in enumerate(measure.items)
    ]


def _item_duty_problems(key: str, measure: Measure, item: Item) -> list[Problem]:
    if item.verb is None or item.duty is None or item.standard is None:
        return [
            Problem.error(
                key, _("every item of this checklist records its verb, duty and standard")
            )
        ]
    problems: list[Problem] = []
    if item.verb not in item.basis and item.verb not in item.text:
        problems.append(
            Problem.error(
                f"{key}.verb",
                _("{verb!r} is not in the item's text or basis").format(verb=item.verb),
            )
        )
    said = VERBS.get(item.verb)
    if said is None:
        problems.append(
            Problem.error(
                f"{key}.verb",
                _("{verb!r} is no verb ipcheck knows the force of (rules/duties.VERBS)").format(
                    verb=item.verb
                ),
            )
        )
    elif said is not item.duty:
        problems.append(
            Problem.error(
                f"{key}.duty",
                _("{verb!r} is a duty of class {said}, not {duty}").format(
                    verb=item.verb, said=said.value, duty=item.duty.value
                ),
            )
        )
    if item.standard not in STANDARDS[item.duty]:
        problems.append(
            Problem.error(
                f"{key}.standard",
                _("a {duty} duty is met by {allowed}, not {standard}").format(
                    duty=item.duty.value,
                    allowed=" or ".join(s.value for s in STANDARDS[item.duty]),
                    standard=item.standard.value,
                ),
            )
        )
    none_said = item.criteria is not None and any(w in item.criteria.full for w in NONE_OCCURRED)
    if (item.standard is Standard.OUTCOME_OR_NONE) != none_said:
        problems.append(
            Problem.error(
                f"{key}.criteria.full",
                _(
                    "an outcome-or-none standard, and only it, says what a year with none "
                    "occurred earns"
                ),
            )
        )
    return problems


def county_bodies(checklist: Checklist) -> dict[str, bool] | None:
    """Which units a county has a body for (a county's own units always), or None for a
    checklist that does not say (before 1.4.0)."""
    municipal = [u for u in checklist.units if u.kind is UnitKind.MUNICIPAL]
    if not any(u.county_body or u.no_county_body for u in municipal):
        return None
    return {u.id: u.kind is UnitKind.COUNTY or u.county_body is not None for u in checklist.units}


def bearing_units(measure: Measure, item: Item) -> tuple[str, ...]:
    """The units that bear an item: its `units`, else every unit of its measure."""
    return item.units or (*measure.lead, *measure.responsible)


def scope_problems(checklist: Checklist) -> list[Problem]:
    """Whose duty each item is agrees with the stated rule: a county bears an item when one
    of its bearing units has a body in a county; an item counties do not bear says why;
    an item borne by some of its measure's units says why the others do not."""
    bodies = county_bodies(checklist)
    if bodies is None:
        return []
    problems: list[Problem] = []
    for index, unit in enumerate(checklist.units):
        if unit.kind is UnitKind.MUNICIPAL and not (unit.county_body or unit.no_county_body):
            problems.append(
                Problem.error(
                    f"units[{index}]",
                    _("{unit}: say its county_body, or why it has none (no_county_body)").format(
                        unit=unit.name
                    ),
                )
            )
        if unit.county_body and unit.no_county_body:
            problems.append(
                Problem.error(
                    f"units[{index}]",
                    _("{unit}: a county_body and no_county_body contradict").format(unit=unit.name),
                )
            )
    for key, measure, item in _keyed(checklist):
        units = bearing_units(measure, item)
        can = any(bodies.get(u, False) for u in units)
        if is_county_item(item) and not can:
            problems.append(
                Problem.error(
                    f"{key}.applies_to",
                    _(
                        "counties bear it ({applies}), but none of its units ({units}) has a "
                        "body in a county"
                    ).format(applies=item.applies_to.value, units="、".join(units)),
                )
            )
        if is_county_item(item) and item.not_county:
            problems.append(
                Problem.error(
                    f"{key}.not_county",
                    _("it says why counties do not bear it, but applies_to gives it to them"),
                )
            )
        if not is_county_item(item) and not item.not_county:
            problems.append(
                Problem.error(
                    f"{key}.not_county", _("say why counties do not bear it (not_county)")
                )
            )
        every = {*measure.lead, *measure.responsible}
        if item.units and set(item.units) != every and not item.units_reason:
            problems.append(
                Problem.error(
                    f"{key}.units_reason",
                    _("say why only {units} of the measure bear it (units_reason)").format(
                        units="、".join(item.units)
                    ),
                )
            )
    return problems
