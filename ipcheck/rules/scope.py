"""Which items an assessee answers — decided here, once, from the checklist.

The scope of an assessment is what its checklist gives its assessee, never the
items present in the file: an item missing from the file is 未开始 wherever a
score or a progress is shown (`states_in_scope`), and `validate` reports it
(`scope_problems`), as it reports items the assessee does not answer.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

from ipcheck.errors import NotFoundError, SchemaError
from ipcheck.model.assessment import Assessee, AssesseeKind, Assessment, ItemState, Status
from ipcheck.model.checklist import AppliesTo, Checklist, Item, Measure, Role, Unit, UnitKind
from ipcheck.model.problems import Problem
from ipcheck.text.i18n import _


class ScopedItem(NamedTuple):
    measure: Measure
    item: Item
    number: str  # "14.2": measure number and place in the measure
    role: Role | None  # for a unit: its role in the measure


def role_of(measure: Measure, unit_id: str) -> Role | None:
    if unit_id in measure.lead:
        return Role.LEAD
    if unit_id in measure.responsible:
        return Role.RESPONSIBLE
    return None


def county_scope(checklist: Checklist) -> list[ScopedItem]:
    """Every item that applies to counties."""
    return [
        ScopedItem(m, item, f"{m.number}.{i + 1}", None)
        for m in checklist.measures
        for i, item in enumerate(m.items)
        if item.applies_to in (AppliesTo.COUNTY, AppliesTo.BOTH)
    ]


def unit_scope(checklist: Checklist, unit: Unit) -> list[ScopedItem]:
    """The items of the measures where the unit is lead or responsible."""
    wanted = (
        (AppliesTo.UNIT, AppliesTo.BOTH)
        if unit.kind is UnitKind.MUNICIPAL
        else (AppliesTo.COUNTY, AppliesTo.BOTH)
    )
    scoped = []
    for m in checklist.measures:
        role = role_of(m, unit.id)
        if role is None:
            continue
        scoped += [
            ScopedItem(m, item, f"{m.number}.{i + 1}", role)
            for i, item in enumerate(m.items)
            if item.applies_to in wanted
        ]
    return scoped


def scope_of(checklist: Checklist, assessee: Assessee) -> list[ScopedItem]:
    """The items the assessee answers; SchemaError for a unit the checklist does not know."""
    if assessee.kind is AssesseeKind.COUNTY:
        return county_scope(checklist)
    if assessee.unit is None:
        raise SchemaError(_("assessee.unit: a unit's assessment must name its unit (registry id)"))
    try:
        unit = checklist.unit(assessee.unit)
    except KeyError:
        raise SchemaError(
            _("assessee.unit: unit {unit!r} is not in {checklist}").format(
                unit=assessee.unit, checklist=checklist.ref
            )
        ) from None
    return unit_scope(checklist, unit)


def state_of(assessment: Assessment, scoped: ScopedItem) -> ItemState:
    """An item's state; an item of the scope missing from the file is 未开始."""
    state = assessment.items.get(scoped.item.id)
    return state if state is not None else ItemState(status=Status.TODO, role=scoped.role)


def states_in_scope(
    assessment: Assessment, scope: Sequence[ScopedItem]
) -> list[tuple[ScopedItem, ItemState]]:
    """Every item of the scope with its state, in checklist order."""
    return [(scoped, state_of(assessment, scoped)) for scoped in scope]


def scope_problems(assessment: Assessment, scope: Sequence[ScopedItem]) -> list[Problem]:
    """Items the file holds that its assessee does not answer, items of the scope it lacks,
    and a unit's role that is not the one the checklist gives it."""
    pin = assessment.checklist
    problems: list[Problem] = []
    by_id = {s.item.id: s for s in scope}
    for item_id, state in assessment.items.items():
        scoped = by_id.get(item_id)
        if scoped is None:
            problems.append(
                Problem.error(
                    f"items.{item_id}",
                    _("item {item!r} is not in {checklist} for this assessee").format(
                        item=item_id, checklist=f"{pin.id}@{pin.version}"
                    ),
                )
            )
        elif scoped.role is not None and state.role is not scoped.role:
            problems.append(
                Problem.error(
                    f"items.{item_id}.role",
                    _("the unit's role in measure {measure} is {role}").format(
                        measure=scoped.measure.number, role=scoped.role.value
                    ),
                )
            )
    for scoped in scope:
        if scoped.item.id not in assessment.items:
            problems.append(
                Problem.warning(
                    f"items.{scoped.item.id}",
                    _("item {number} ({item}) is missing; it counts as 未开始").format(
                        number=scoped.number, item=scoped.item.id
                    ),
                )
            )
    return problems


def resolve_refs(scope: Sequence[ScopedItem], refs: Sequence[str], who: str) -> list[ScopedItem]:
    """Items named by id ("punitive-damages"), number ("1.2") or measure ("14")."""
    by_key = {s.item.id: s for s in scope} | {s.number: s for s in scope}
    chosen: dict[str, ScopedItem] = {}
    for ref in refs:
        key = ref.strip()
        if key in by_key:
            chosen.setdefault(by_key[key].item.id, by_key[key])
            continue
        measure_items = [s for s in scope if key.isdigit() and s.measure.number == int(key)]
        if measure_items:
            for s in measure_items:
                chosen.setdefault(s.item.id, s)
            continue
        raise NotFoundError(unknown_item_message(key, scope, who))
    return list(chosen.values())


def unknown_item_message(ref: str, scope: Sequence[ScopedItem], who: str) -> str:
    keys = [s.item.id for s in scope] + [s.number for s in scope]
    close = difflib.get_close_matches(ref, keys, n=3, cutoff=0.5)
    # TRANSLATORS: {close} is one or more item ids joined by " or ".
    hint = _("; did you mean {close}?").format(close=_(" or ").join(close)) if close else ""
    return _(
        "no item {ref!r} in the assessment of {who}{hint} "
        "(items are named by id, by number such as 1.2, or a whole measure such as 14)"
    ).format(ref=ref, who=who, hint=hint)
