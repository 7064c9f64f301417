"""A new assessment: its assessee, its file name, every item of its scope 未开始."""

from __future__ import annotations

import datetime as dt

from ipcheck.errors import InputError
from ipcheck.model.assessment import (
    Action,
    Assessee,
    AssesseeKind,
    Assessment,
    Change,
    ChecklistPin,
    ItemState,
    Status,
)
from ipcheck.model.checklist import UnitKind
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.checklist import find_county, find_unit
from ipcheck.rules.history import chained
from ipcheck.rules.scope import scope_of
from ipcheck.rules.values import check_name
from ipcheck.text.i18n import _


def make_assessee(checklist: LoadedChecklist, *, county: str | None, unit: str | None) -> Assessee:
    if (county is None) == (unit is None):
        raise InputError(_("give exactly one of --county NAME or --unit UNIT"))
    if county is not None:
        # TRANSLATORS: said before a name: county '叶县' is not usable as a name …
        name = check_name(county, _("county"))
        if checklist.checklist.counties:  # the roster: 平顶山市叶县 is 叶县, 北京市 is refused
            name = find_county(checklist.checklist, name).name
        return Assessee(kind=AssesseeKind.COUNTY, name=name)
    assert unit is not None
    found = find_unit(checklist.checklist, unit)
    if found.kind is UnitKind.COUNTY:
        raise InputError(
            _(
                "{unit} stands for a body of every county: each county answers its items "
                "in its own assessment (ipcheck init --county NAME --period YEAR)"
            ).format(unit=found.name)
        )
    return Assessee(kind=AssesseeKind.UNIT, name=found.name, unit=found.id)


def default_file_name(assessee: Assessee, period: int) -> str:
    # TRANSLATORS: said before a name: assessee '叶县' is not usable as a name …
    name = check_name(assessee.name, _("assessee"))
    return f"{name}-{period}.toml"


def new_assessment(
    checklist: LoadedChecklist,
    assessee: Assessee,
    period: int,
    evidence_dir: str,
    by: str,
    at: dt.datetime,
) -> Assessment:
    """A fresh assessment: every item in scope 未开始, and a first history line."""
    c = checklist.checklist
    items = {s.item.id: ItemState(status=Status.TODO, role=s.role) for s in scope_of(c, assessee)}
    created = Assessment(
        schema_version=1,
        kind="assessment",
        checklist=ChecklistPin(id=c.id, version=c.version, digest=checklist.digest),
        assessee=assessee,
        period=period,
        evidence_dir=evidence_dir,
        created=at,
        items=items,
        history=(Change(at=at, by=by, action=Action.CREATED, new=f"{c.id}@{c.version}"),),
    )
    return chained(created, 0)
