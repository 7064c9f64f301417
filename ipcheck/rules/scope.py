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

import msgspec

from ipcheck.errors import NotFoundError, SchemaError
from ipcheck.model.assessment import (
    PRACTICES_OF,
    Assessee,
    AssesseeKind,
    Assessment,
    ItemState,
    Status,
)
from ipcheck.model.checklist import AppliesTo, Checklist, Item, Measure, Role, Unit, UnitKind
from ipcheck.model.problems import Problem
from ipcheck.text.i18n import _
from ipcheck.text.input import measure_number, split_list
from ipcheck.text.names import item_name


class ScopedItem(NamedTuple):
    measure: Measure
    item: Item
    number: str  # "14.2": measure number and place in the measure
    role: Role | None  # for a unit: its role in the measure

    @property
    def name(self) -> str:
        """How messages name it: 13.4 海外维权援助服务."""
        return item_name(self.number, self.item.name)


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


def bears(item: Item, unit_id: str) -> bool:
    """Whether a unit of the item's measure bears it: every unit, unless the item names
    which of them do (`units`)."""
    return not item.units or unit_id in item.units


def unit_scope(checklist: Checklist, unit: Unit) -> list[ScopedItem]:
    """The items of the measures where the unit is lead or responsible, that it bears."""
    wanted = (
        (AppliesTo.UNIT, AppliesTo.BOTH)
        if unit.kind is UnitKind.MUNICIPAL
        else (AppliesTo.COUNTY, AppliesTo.BOTH)
    )
    scoped = []
    for m in checklist.measures:
        role = role_of(m, unit.id)
        scoped += [
            ScopedItem(m, item, f"{m.number}.{i + 1}", role)
            for i, item in enumerate(m.items)
            if item.applies_to in wanted and answers(m, item, unit)
        ]
    return scoped


def answers(measure: Measure, item: Item, unit: Unit) -> bool:
    """Whether the unit answers for the item: as lead or responsible of its measure, where
    the item falls to it; or, a municipal unit, an item of 有关单位 (要按照职责分工…), which
    every one answers by its duties. One rule for a unit's scope and a unit's sheet."""
    role = role_of(measure, unit.id)
    return (role is not None and bears(item, unit.id)) or (
        item.all_units and unit.kind is UnitKind.MUNICIPAL
    )


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


def practices_names(checklist: Checklist, scope: Sequence[ScopedItem]) -> dict[str, int]:
    """What a county may write 主要做法及成效 of, one by one: the themes of the parts and
    the titles of the measures it is assessed on, each with its part's number."""
    themes = {p.number: p.theme for p in checklist.parts}
    names: dict[str, int] = {}
    for scoped in scope:
        names.setdefault(themes[scoped.measure.part], scoped.measure.part)
        names.setdefault(scoped.measure.title, scoped.measure.part)
    return names


def practices_problems(
    assessment: Assessment, checklist: Checklist, scope: Sequence[ScopedItem]
) -> list[Problem]:
    """Practices of a part or measure the assessee is not assessed on (or no longer: a
    checklist upgrade renamed it): kept and printed, but worth a look."""
    names = practices_names(checklist, scope)
    return [
        Problem.warning(
            f"narrative.{key}",
            _(
                "{name!r} is no part or measure {assessee} is assessed on in {checklist}; "
                "the report prints this text at the end of 主要做法及成效"
            ).format(
                name=key.removeprefix(PRACTICES_OF),
                assessee=assessment.assessee.name,
                checklist=f"{checklist.id}@{checklist.version}",
            ),
        )
        for key in assessment.narrative
        if key.startswith(PRACTICES_OF) and key.removeprefix(PRACTICES_OF) not in names
    ]


def state_of(assessment: Assessment, scoped: ScopedItem) -> ItemState:
    """An item's state; an item of the scope missing from the file is 未开始."""
    state = assessment.items.get(scoped.item.id)
    return state if state is not None else ItemState(status=Status.TODO, role=scoped.role)


def with_states(assessment: Assessment, scoped: Sequence[ScopedItem]) -> Assessment:
    """The assessment with every one of these items present (a missing one as 未开始)."""
    missing = {s.item.id: state_of(assessment, s) for s in scoped}
    missing = {k: v for k, v in missing.items() if k not in assessment.items}
    if not missing:
        return assessment
    return msgspec.structs.replace(assessment, items={**assessment.items, **missing})


def states_in_scope(
    assessment: Assessment, scope: Sequence[ScopedItem]
) -> list[tuple[ScopedItem, ItemState]]:
    """Every item of the scope with its state, in checklist order."""
    return [(scoped, state_of(assessment, scoped)) for scoped in scope]


def scope_problems(
    assessment: Assessment, scope: Sequence[ScopedItem], checklist: Checklist | None = None
) -> list[Problem]:
    """Items the file holds that its assessee does not answer (with the reason, when the
    checklist is given), items of the scope it lacks, and a unit's role that is not the
    one the checklist gives it."""
    pin = assessment.checklist
    problems: list[Problem] = []
    by_id = {s.item.id: s for s in scope}
    for item_id, state in assessment.items.items():
        scoped = by_id.get(item_id)
        if scoped is None:
            why = (
                None
                if checklist is None
                else outside_scope(item_id, checklist, assessment.assessee)
            )
            problems.append(
                Problem.error(
                    f"items.{item_id}",
                    why
                    or _("item {item!r} is not in {checklist} for this assessee").format(
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
                Problem.error(
                    f"items.{scoped.item.id}",
                    _(
                        "item {item} is missing from the file; it counts as 未开始 everywhere "
                        "(its checklist gives it to this assessee)"
                    ).format(item=scoped.name),
                )
            )
    return problems


def resolve_refs(
    scope: Sequence[ScopedItem], refs: Sequence[str], assessee: Assessee, checklist: Checklist
) -> list[ScopedItem]:
    """Items named as officers name them: by number (1.2, １.２), by a whole measure (14,
    十四, （十四）, 第十四条) or by id (punitive-damages); several in one argument too
    (1.1,1.2 or 1.1、1.2). An item the checklist has but the assessee does not answer is
    refused with the reason."""
    by_key = {s.item.id: s for s in scope} | {s.number: s for s in scope}
    chosen: dict[str, ScopedItem] = {}
    for key in split_list(refs):
        if key in by_key:
            chosen.setdefault(by_key[key].item.id, by_key[key])
            continue
        number = measure_number(key)
        measure_items = [s for s in scope if s.measure.number == number]
        if measure_items:
            for s in measure_items:
                chosen.setdefault(s.item.id, s)
            continue
        raise NotFoundError(unknown_item_message(key, scope, assessee, checklist))
    if not chosen:
        raise NotFoundError(_("name at least one item (e.g. 1.2)"))
    return list(chosen.values())


def unknown_item_message(
    ref: str, scope: Sequence[ScopedItem], assessee: Assessee, checklist: Checklist
) -> str:
    """Why a reference names nothing here: what it names in the checklist and why the
    assessee does not answer it, else the closest items."""
    why = outside_scope(ref, checklist, assessee)
    if why is not None:
        return why
    keys = [s.number for s in scope] + [s.item.id for s in scope]
    close = difflib.get_close_matches(ref, keys, n=3, cutoff=0.5)
    names = {s.number: s.name for s in scope} | {s.item.id: s.name for s in scope}
    # TRANSLATORS: {close} is one or more items ("1.2 建立…") joined by " or ".
    hint = (
        _("; did you mean {close}?").format(
            close=_(" or ").join(dict.fromkeys(names[c] for c in close))
        )
        if close
        else ""
    )
    return _(
        "no item {ref!r} in the assessment of {who}{hint} "
        "(items are named by number such as 1.2, a whole measure such as 14, or id)"
    ).format(ref=ref, who=assessee.name, hint=hint)


def outside_scope(ref: str, checklist: Checklist, assessee: Assessee) -> str | None:
    """What a reference names in the checklist that this assessee does not answer, said
    with the reason; None when it names nothing there."""
    everything = [
        ScopedItem(m, item, f"{m.number}.{i + 1}", None)
        for m in checklist.measures
        for i, item in enumerate(m.items)
    ]
    named = [s for s in everything if ref in (s.number, s.item.id)]
    number = measure_number(ref)
    measure = next((m for m in checklist.measures if m.number == number), None)
    if not named and measure is None:
        return None
    unit = _unit_of(checklist, assessee)
    if named:
        scoped = named[0]
        names = {u.id: u.name for u in checklist.units}
        bearers = tuple(names.get(u, u) for u in scoped.item.units)
        return _why_not(
            scoped.name,
            scoped.measure,
            scoped.item.applies_to,
            assessee,
            unit,
            bearers,
            scoped.item.not_county,
        )
    assert measure is not None
    title = _("measure {number} {title}").format(number=measure.number, title=measure.title)
    kinds = {item.applies_to for item in measure.items}
    applies = kinds.pop() if len(kinds) == 1 else AppliesTo.BOTH
    if unit is not None and unit.kind is UnitKind.MUNICIPAL and role_of(measure, unit.id) is None:
        return _("{who} is neither a lead nor a responsible unit of {measure}").format(
            who=assessee.name, measure=title
        )
    return _why_not(title, measure, applies, assessee, unit)


def _unit_of(checklist: Checklist, assessee: Assessee) -> Unit | None:
    if assessee.kind is AssesseeKind.COUNTY or assessee.unit is None:
        return None
    try:
        return checklist.unit(assessee.unit)
    except KeyError:
        return None


def _why_not(
    what: str,
    measure: Measure,
    applies: AppliesTo,
    assessee: Assessee,
    unit: Unit | None,
    bearers: tuple[str, ...] = (),
    not_county: str | None = None,
) -> str:
    """Why the assessee does not answer `what`; `bearers` names the units that bear the
    item, where it names them; `not_county` why counties do not, where the checklist says."""
    county_like = unit is None or unit.kind is UnitKind.COUNTY
    if county_like and applies is AppliesTo.UNIT and not_county:
        # TRANSLATORS: "1.4 案件管辖制度 is not a duty of 叶县: 案件管辖由上级人民法院依法确定…".
        return _("{what} is not a duty of {who}: {reason}").format(
            what=what, who=assessee.name, reason=not_county
        )
    if county_like and applies is AppliesTo.UNIT:
        return _("{what} applies only to municipal units, not to {who}").format(
            what=what, who=assessee.name
        )
    if not county_like and applies is AppliesTo.COUNTY:
        return _("{what} applies only to counties, not to {who}").format(
            what=what, who=assessee.name
        )
    if unit is not None and role_of(measure, unit.id) is None:
        return _(
            "{what} belongs to measure {measure}, where {who} is neither a lead nor a "
            "responsible unit"
        ).format(what=what, measure=measure.number, who=assessee.name)
    if unit is not None and bearers and unit.name not in bearers:
        # TRANSLATORS: "1.3 案件管辖制度 is a duty of 市中级人民法院, not of 市公安局".
        return _("{what} is a duty of {units}, not of {who}").format(
            what=what, units="、".join(bearers), who=assessee.name
        )
    return _("{what} is not answered by {who}").format(what=what, who=assessee.name)
