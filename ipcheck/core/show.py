"""`show`: a checklist, or one unit's share of it, as a view."""

from __future__ import annotations

from ipcheck.errors import NotFoundError
from ipcheck.model.checklist import (
    AppliesTo,
    Checklist,
    County,
    Item,
    Measure,
    Role,
    Scoring,
    Unit,
    UnitKind,
)
from ipcheck.model.views.show import (
    ChecklistView,
    ItemSource,
    NotBorne,
    ShowCounty,
    ShowCriteria,
    ShowGoal,
    ShowItem,
    ShowMeasure,
    ShowPart,
    ShowScoring,
    ShowSource,
    ShowUnit,
)
from ipcheck.rules.checklist import find_county, find_unit
from ipcheck.rules.scope import bears, county_scope, role_of
from ipcheck.rules.scoring import (
    allows_part_score,
    evidence_required,
    scoring_rules,
    weights_sentence,
)
from ipcheck.rules.values import check_name
from ipcheck.text import labels
from ipcheck.text.i18n import _


def _item_view(
    measure: Measure, index: int, item: Item, names: dict[str, str], scoring: Scoring
) -> ShowItem:
    c = item.criteria
    return ShowItem(
        number=f"{measure.number}.{index + 1}",
        id=item.id,
        name=item.name,
        text=item.text,
        basis=item.basis,
        source=ItemSource(part=measure.part, measure=measure.number, sentence=item.sentence),
        evidence=list(item.evidence),
        points=item.points,
        applies_to=item.applies_to.value,
        units=[names[u] for u in item.units],
        criteria=None
        if c is None
        else ShowCriteria(
            full=c.full, part=c.part, none=c.none, part_score=allows_part_score(item)
        ),
        evidence_required=evidence_required(item, scoring),
        verb=item.verb,
        duty=None if item.duty is None else item.duty.value,
        standard=None if item.standard is None else item.standard.value,
        county_named=item.county_named,
    )


def checklist_view(
    checklist: Checklist,
    *,
    measure: int | None = None,
    unit: str | None = None,
    county: str | None = None,
) -> ChecklistView:
    """The data `show` prints: measures with unit names and items, optionally filtered —
    to one unit's share or one county's, with the items it does not bear and why."""
    if county is not None:
        # a checklist without a roster (before 1.3.0) takes any county, as init does
        if checklist.counties:
            found = find_county(checklist, county)
        else:
            # TRANSLATORS: said before a name: county '叶县' is not usable as a name …
            found = County(name=check_name(county, _("county")))
        return _county_view(checklist, found, measure)
    names = {u.id: u.name for u in checklist.units}
    measures = list(checklist.measures)
    if measure is not None:
        measures = [m for m in measures if m.number == measure]
        if not measures:
            raise NotFoundError(
                _("{checklist} has no measure {measure}; measures are 1–{last}").format(
                    checklist=checklist.ref, measure=measure, last=len(checklist.measures)
                )
            )
    chosen = find_unit(checklist, unit) if unit is not None else None
    excluded = None
    if chosen is not None:
        measures = [
            m
            for m in measures
            if role_of(m, chosen.id) is not None
            or (chosen.kind is UnitKind.MUNICIPAL and any(i.all_units for i in m.items))
        ]
        if measure is not None and not measures:
            title = _("measure {number} {title}").format(
                number=measure, title=checklist.measures[measure - 1].title
            )
            raise NotFoundError(
                _("{who} is neither a lead nor a responsible unit of {measure}").format(
                    who=chosen.name, measure=title
                )
            )
        excluded = AppliesTo.COUNTY if chosen.kind is UnitKind.MUNICIPAL else AppliesTo.UNIT
    view_measures = []
    for m in measures:
        role = role_of(m, chosen.id) if chosen is not None else None
        items = [
            _item_view(m, i, item, names, checklist.scoring)
            for i, item in enumerate(m.items)
            if item.applies_to != excluded
            and (
                chosen is None
                or (role is not None and bears(item, chosen.id))
                or (item.all_units and chosen.kind is UnitKind.MUNICIPAL)
            )
        ]
        view_measures.append(_measure_view(m, names, items, role))
    not_borne = [] if chosen is None else _not_borne_by_unit(checklist, chosen, measure)
    return _view(checklist, view_measures, chosen, not_borne=not_borne)


def _view(
    checklist: Checklist,
    measures: list[ShowMeasure],
    chosen: Unit | None,
    *,
    county: County | None = None,
    not_borne: list[NotBorne] | None = None,
) -> ChecklistView:
    source = checklist.source
    return ChecklistView(
        id=checklist.id,
        version=checklist.version,
        title=checklist.title,
        source=ShowSource(
            doc_number=source.doc_number,
            title=source.title,
            issuers=list(source.issuers),
            issued=source.issued.isoformat(),
            implements=source.implements,
            target_year=source.target_year,
        ),
        unit=None
        if chosen is None
        else ShowUnit(id=chosen.id, name=chosen.name, kind=chosen.kind.value),
        parts=[
            ShowPart(number=p.number, numeral=p.numeral, title=p.title, theme=p.theme)
            for p in checklist.parts
        ],
        goals=[
            ShowGoal(id=g.id, text=g.text, indicators=list(g.indicators)) for g in checklist.goals
        ],
        units=[
            ShowUnit(
                id=u.id,
                name=u.name,
                kind=u.kind.value,
                aliases=list(u.aliases),
                lead=[m.number for m in checklist.measures if u.id in m.lead],
                responsible=[m.number for m in checklist.measures if u.id in m.responsible],
            )
            for u in checklist.units
        ],
        measures=measures,
        county=None if county is None else _county(county),
        counties=[_county(c) for c in checklist.counties],
        not_borne=not_borne or [],
        scoring=ShowScoring(
            county_total=checklist.scoring.county_total,
            not_applicable=checklist.scoring.na_rule.value,
            evidence_required=checklist.scoring.needs_evidence,
            rules=list(scoring_rules(checklist, said=True)),
            weights=weights_sentence(checklist, said=True),
        ),
    )


def _county(county: County) -> ShowCounty:
    return ShowCounty(
        name=county.name, aliases=list(county.aliases), zone=county.zone, note=county.note
    )


def _county_view(checklist: Checklist, county: County, measure: int | None) -> ChecklistView:
    """One county's share: the items it bears, by measure, and those it does not, with the
    checklist's reason for each."""
    names = {u.id: u.name for u in checklist.units}
    borne = {s.item.id for s in county_scope(checklist)}
    view_measures = []
    not_borne = []
    for m in checklist.measures:
        if measure is not None and m.number != measure:
            continue
        items = []
        for index, item in enumerate(m.items):
            if item.id in borne:
                items.append(_item_view(m, index, item, names, checklist.scoring))
            else:
                not_borne.append(
                    NotBorne(
                        number=f"{m.number}.{index + 1}",
                        id=item.id,
                        name=item.name,
                        reason=item.not_county or labels.APPLIES_TO[item.applies_to.value],
                    )
                )
        if items:
            view_measures.append(_measure_view(m, names, items, None))
    return _view(checklist, view_measures, None, county=county, not_borne=not_borne)


def _not_borne_by_unit(checklist: Checklist, unit: Unit, measure: int | None) -> list[NotBorne]:
    """The items of a unit's measures it does not bear, and why: another kind of assessee's,
    or the text names other units (the checklist's `units_reason`)."""
    out = []
    for m in checklist.measures:
        if (measure is not None and m.number != measure) or role_of(m, unit.id) is None:
            continue
        for index, item in enumerate(m.items):
            wanted = (
                item.applies_to is not AppliesTo.COUNTY
                if unit.kind is UnitKind.MUNICIPAL
                else item.applies_to is not AppliesTo.UNIT
            )
            if wanted and bears(item, unit.id):
                continue
            reason = (
                item.units_reason
                if wanted and item.units_reason
                else labels.APPLIES_TO[item.applies_to.value]
                if not wanted
                else "、".join(item.units)
            )
            out.append(
                NotBorne(
                    number=f"{m.number}.{index + 1}", id=item.id, name=item.name, reason=reason
                )
            )
    return out


def _measure_view(
    m: Measure, names: dict[str, str], items: list[ShowItem], role: Role | None
) -> ShowMeasure:
    return ShowMeasure(
        number=m.number,
        numeral=m.numeral,
        part=m.part,
        title=m.title,
        lead=[names[u] for u in m.lead],
        responsible=[names[u] for u in m.responsible],
        lead_ids=list(m.lead),
        responsible_ids=list(m.responsible),
        role=None if role is None else role.value,
        role_label=None if role is None else role.label,
        items=items,
    )
