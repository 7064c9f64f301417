"""Who an assessment is of, and whom a key belongs to: decided once, by the checklist.

A county is the roster's county (平顶山市叶县 is 叶县); a municipal unit is the
registry's unit, by its id. The office's list of public keys names each key's
owner after the key, and that owner must resolve the same way — by name, alias
or unit id — to exactly one county or one unit: `verify` ties a key to a file,
and `summary` tells one assessee from another, by this one rule, so the two can
never disagree about who a file is of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ipcheck.model.assessment import Assessee, AssesseeKind
from ipcheck.model.checklist import Checklist, UnitKind
from ipcheck.rules.checklist import normalise_name
from ipcheck.text.i18n import _
from ipcheck.text.input import fold


@dataclass(frozen=True, slots=True)
class Identity:
    """One assessee: ("county", the roster's name, or a name folded where the checklist
    has no roster) or ("unit", the registry's id). Two identities are one assessee when
    kind and key agree, however the name was written (北京（市） and 北京(市))."""

    kind: str
    key: str
    name: str = field(compare=False)  # as the roster or the registry writes it, or as given


def _folded(name: str) -> str:
    return normalise_name(fold(name))


def _counties(checklist: Checklist) -> dict[str, Identity]:
    return {
        _folded(name): Identity("county", county.name, county.name)
        for county in checklist.counties
        for name in (county.name, *county.aliases)
    }


def _units(checklist: Checklist) -> dict[str, Identity]:
    return {
        _folded(name): Identity("unit", unit.id, unit.name)
        for unit in checklist.units
        if unit.kind is UnitKind.MUNICIPAL
        for name in (unit.name, *unit.aliases)
    }


def assessee_identity(checklist: Checklist, assessee: Assessee) -> Identity | str:
    """Who the assessment is of, or why that cannot be told: a county not on the roster;
    a unit not in the registry, or whose name is not its unit's."""
    ref = f"{checklist.id}@{checklist.version}"
    if assessee.kind is AssesseeKind.COUNTY:
        if not checklist.counties:  # an older version names no roster: the name is its own
            return Identity("county", _folded(assessee.name), assessee.name)
        found = _counties(checklist).get(_folded(assessee.name))
        if found is None:
            return _("{name} is not a county of the roster of {checklist}").format(
                name=assessee.name, checklist=ref
            )
        return found
    unit = next((u for u in checklist.units if u.id == assessee.unit), None)
    if unit is None:
        return _("unit {unit!r} is not in {checklist}").format(unit=assessee.unit, checklist=ref)
    if unit.kind is not UnitKind.MUNICIPAL:
        return _(
            "{unit} stands for a body of every county: each county answers its items "
            "in its own assessment (ipcheck init --county NAME --period YEAR)"
        ).format(unit=unit.name)
    if _folded(assessee.name) not in {_folded(n) for n in (unit.name, *unit.aliases)}:
        return _(
            "the file is of unit {unit!r} ({registry}) but names itself {name}: one of the two "
            "was changed; an assessment's unit and name must agree"
        ).format(unit=unit.id, registry=unit.name, name=assessee.name)
    return Identity("unit", unit.id, unit.name)


def owner_identity(checklist: Checklist, owner: str) -> Identity | str:
    """Whom a key of the office's list belongs to: the owner written after it must name
    exactly one county of the roster or one municipal unit (by name, alias or id)."""
    ref = f"{checklist.id}@{checklist.version}"
    if not owner.strip():
        return _(
            "names no owner: write after the key the county or unit it belongs to "
            "(ipcheck-ed25519 AAAA… 叶县)"
        )
    folded = _folded(owner)
    found: set[Identity] = set()
    unit = _units(checklist).get(folded)
    if unit is not None:
        found.add(unit)
    found |= {
        Identity("unit", u.id, u.name)
        for u in checklist.units
        if u.kind is UnitKind.MUNICIPAL and u.id == owner.strip()
    }
    if checklist.counties:
        county = _counties(checklist).get(folded)
        if county is not None:
            found.add(county)
    elif not found:
        found.add(Identity("county", folded, owner.strip()))
    if len(found) == 1:
        return found.pop()
    if not found:
        return _(
            "{owner!r} is neither a county of the roster nor a unit of {checklist}: write "
            "after the key its county's or unit's name as the roster or the registry writes it"
        ).format(owner=owner, checklist=ref)
    return _("{owner!r} names both {names}: write one county's or unit's name").format(
        owner=owner, names=_(" and ").join(sorted(i.name for i in found))
    )
