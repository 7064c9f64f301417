"""The rules of a checklist that its format's schema cannot say, each decided once here:
numbering, units, points, evidence hints, the mapping from the previous version, and
that a released version never changes."""

from __future__ import annotations

import difflib
from collections import Counter

from ipcheck.errors import NotFoundError
from ipcheck.model.checklist import (
    AppliesTo,
    Checklist,
    County,
    MappingKind,
    Role,
    Unit,
)
from ipcheck.model.problems import Problem
from ipcheck.rules.duties import duty_problems, scope_problems
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.input import fold
from ipcheck.text.numerals import to_chinese
from ipcheck.text.points import points_text
from ipcheck.text.versions import is_version, version_key

# Evidence hints must say what to collect; these say nothing.
GENERIC_EVIDENCE = frozenset(
    {"相关材料", "有关材料", "其他材料", "相关资料", "有关资料", "佐证材料", "材料"}
)


def check_checklist(checklist: Checklist) -> list[Problem]:
    """Semantic checks that a schema cannot express."""
    problems: list[Problem] = []
    problems += _check_version(checklist)
    problems += _check_units(checklist)
    problems += _check_counties(checklist)
    problems += _check_parts(checklist)
    problems += _check_measures(checklist)
    problems += _check_items(checklist)
    problems += _check_points(checklist)
    problems += duty_problems(checklist)
    problems += scope_problems(checklist)
    problems += _check_mapping(checklist)
    return problems


def _check_version(checklist: Checklist) -> list[Problem]:
    if not is_version(checklist.version):
        return [
            Problem.error(
                "version",
                _("{version!r} is not a semantic version").format(version=checklist.version),
            )
        ]
    return []


def normalise_name(name: str) -> str:
    """Fold the bracket variants PDFs and editors produce: 〔〕, (), （）."""
    table = str.maketrans({"〔": "（", "〕": "）", "(": "（", ")": "）", " ": None, "\u3000": None})
    return name.translate(table)


def _check_counties(checklist: Checklist) -> list[Problem]:
    """A name or alias names one county, and no unit."""
    problems: list[Problem] = []
    owners: dict[str, tuple[int, str]] = {}
    for index, county in enumerate(checklist.counties):
        for name in (county.name, *county.aliases):
            folded = normalise_name(name)
            first, owner = owners.setdefault(folded, (index, county.name))
            if first == index:
                continue
            if owner == county.name:
                message = _("county {county!r} is listed twice").format(county=owner)
            else:
                message = _("name {name!r} is also used by county {county!r}").format(
                    name=name, county=owner
                )
            problems.append(Problem.error(f"counties[{index}].name", message))
            break  # one problem a county
    return problems


def _check_units(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for index, unit in enumerate(checklist.units):
        key = f"units[{index}]"
        if unit.id in seen_ids:
            problems.append(
                Problem.error(f"{key}.id", _("duplicate unit id {unit!r}").format(unit=unit.id))
            )
        seen_ids.add(unit.id)
        for name in (unit.name, *unit.aliases):
            folded = normalise_name(name)
            owner = seen_names.get(folded)
            if owner is not None and owner != unit.id:
                problems.append(
                    Problem.error(
                        f"{key}.name",
                        _("name {name!r} is also used by unit {unit!r}").format(
                            name=name, unit=owner
                        ),
                    )
                )
            seen_names[folded] = unit.id
    used = {u for m in checklist.measures for u in (*m.lead, *m.responsible)}
    for index, unit in enumerate(checklist.units):
        if unit.id not in used:
            problems.append(
                Problem.warning(
                    f"units[{index}]",
                    _("unit {unit!r} is named by no measure").format(unit=unit.id),
                )
            )
    return problems


def _check_parts(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    for index, part in enumerate(checklist.parts):
        if part.number != index + 1:
            problems.append(
                Problem.error(
                    f"parts[{index}].number",
                    _("expected part {expected}, found {number}").format(
                        expected=index + 1, number=part.number
                    ),
                )
            )
        if part.numeral != to_chinese(part.number):
            problems.append(
                Problem.error(
                    f"parts[{index}].numeral",
                    _("numeral {numeral!r} does not match number {number}").format(
                        numeral=part.numeral, number=part.number
                    ),
                )
            )
    return problems


def _check_measures(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    unit_ids = {u.id for u in checklist.units}
    part_numbers = {p.number for p in checklist.parts}
    for index, measure in enumerate(checklist.measures):
        key = f"measures[{index}]"
        if measure.number != index + 1:
            problems.append(
                Problem.error(
                    f"{key}.number",
                    _("expected measure {expected}, found {number}").format(
                        expected=index + 1, number=measure.number
                    ),
                )
            )
        if measure.numeral != to_chinese(measure.number):
            problems.append(
                Problem.error(
                    f"{key}.numeral",
                    _("numeral {numeral!r} does not match number {number}").format(
                        numeral=measure.numeral, number=measure.number
                    ),
                )
            )
        if measure.part not in part_numbers:
            problems.append(
                Problem.error(
                    f"{key}.part", _("part {part} does not exist").format(part=measure.part)
                )
            )
        for role in Role:
            refs = measure.lead if role is Role.LEAD else measure.responsible
            for ref_index, ref in enumerate(refs):
                if ref not in unit_ids:
                    problems.append(
                        Problem.error(
                            f"{key}.{role.value}[{ref_index}]",
                            _("unit {unit!r} is not in the unit registry [[units]]").format(
                                unit=ref
                            ),
                        )
                    )
            for ref, count in Counter(refs).items():
                if count > 1:
                    problems.append(
                        Problem.error(
                            f"{key}.{role.value}",
                            _("unit {unit!r} is listed {count} times").format(
                                unit=ref, count=count
                            ),
                        )
                    )
        for ref in sorted(set(measure.lead) & set(measure.responsible)):
            problems.append(
                Problem.error(
                    f"{key}.responsible",
                    _("unit {unit!r} is both lead and responsible").format(unit=ref),
                )
            )
    return problems


def _check_items(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    # TRANSLATORS: what else has an id, in "duplicate id 'x' (also goal x)".
    seen: dict[str, str] = {goal.id: _("goal {id}").format(id=goal.id) for goal in checklist.goals}
    for m_index, measure in enumerate(checklist.measures):
        for unit in (*measure.lead, *measure.responsible):
            if all(item.units and unit not in item.units for item in measure.items):
                problems.append(
                    Problem.error(
                        f"measures[{m_index}]",
                        _(
                            "unit {unit!r} is a unit of measure {measure} but bears none of "
                            "its items (see the items' units)"
                        ).format(unit=unit, measure=measure.number),
                    )
                )
        for i_index, item in enumerate(measure.items):
            key = f"measures[{m_index}].items[{i_index}]"
            if item.id in seen:
                problems.append(
                    Problem.error(
                        f"{key}.id",
                        _("duplicate id {id!r} (also {other})").format(
                            id=item.id, other=seen[item.id]
                        ),
                    )
                )
            # TRANSLATORS: what else has an id, in "duplicate id 'x' (also item 1.2)".
            where = _("item {number}").format(number=f"{measure.number}.{i_index + 1}")
            seen.setdefault(item.id, where)
            units = set(measure.lead) | set(measure.responsible)
            for u_index, unit in enumerate(item.units):
                if unit not in units:
                    problems.append(
                        Problem.error(
                            f"{key}.units[{u_index}]",
                            _(
                                "unit {unit!r} is not a lead or responsible unit of measure "
                                "{measure}; an item is borne by units of its measure"
                            ).format(unit=unit, measure=measure.number),
                        )
                    )
            if len(set(item.units)) != len(item.units):
                problems.append(Problem.error(f"{key}.units", _("a unit is named twice in units")))
            for e_index, hint in enumerate(item.evidence):
                if hint.strip() in GENERIC_EVIDENCE:
                    problems.append(
                        Problem.error(
                            f"{key}.evidence[{e_index}]",
                            _(
                                "evidence hint {hint!r} is too generic; name the document "
                                "(e.g. 会议纪要, 案件台账, 制度文件)"
                            ).format(hint=hint),
                        )
                    )
    return problems


def _check_points(checklist: Checklist) -> list[Problem]:
    total = sum(
        item.points
        for _, item in checklist.items()
        if item.applies_to in (AppliesTo.COUNTY, AppliesTo.BOTH)
    )
    if total != checklist.scoring.county_total:
        return [
            Problem.error(
                "scoring.county_total",
                _(
                    "points of the items that apply to counties add up to {total}, not {declared}"
                ).format(
                    total=points_text(total), declared=points_text(checklist.scoring.county_total)
                ),
            )
        ]
    return []


SHAPES = {
    MappingKind.RENAMED: (1, 1, 1, 1),
    MappingKind.SPLIT: (1, 1, 2, 999),
    MappingKind.MERGED: (2, 999, 1, 1),
    MappingKind.REMOVED: (1, 1, 0, 0),
}


def _check_mapping(checklist: Checklist) -> list[Problem]:
    """The mapping from the previous version: well-shaped, pointing at real items."""
    problems: list[Problem] = []
    if checklist.previous is None:
        if checklist.mapping:
            problems.append(Problem.error("mapping", _('a mapping needs previous = "<version>"')))
        return problems
    if not is_version(checklist.previous):
        return [
            Problem.error(
                "previous",
                _("{version!r} is not a semantic version").format(version=checklist.previous),
            )
        ]
    if version_key(checklist.previous) >= version_key(checklist.version):
        problems.append(
            Problem.error(
                "previous",
                _("previous {previous} is not older than {version}").format(
                    previous=checklist.previous, version=checklist.version
                ),
            )
        )
    ids = {item.id for _, item in checklist.items()}
    seen: set[str] = set()
    targets: dict[str, int] = {}
    for index, entry in enumerate(checklist.mapping):
        key = f"mapping[{index}]"
        low_from, high_from, low_to, high_to = SHAPES[entry.change]
        if not (low_from <= len(entry.old) <= high_from and low_to <= len(entry.new) <= high_to):
            problems.append(
                Problem.error(
                    key,
                    _(
                        "{change} maps {old} item(s) to {new}; "
                        "renamed is 1→1, split 1→2+, merged 2+→1, removed 1→0"
                    ).format(change=entry.change.value, old=len(entry.old), new=len(entry.new)),
                )
            )
        for old in entry.old:
            if old in seen:
                problems.append(
                    Problem.error(
                        f"{key}.from", _("item {item!r} is mapped twice").format(item=old)
                    )
                )
            seen.add(old)
            if old in ids and entry.change is not MappingKind.SPLIT:
                problems.append(
                    Problem.error(
                        f"{key}.from",
                        _("item {item!r} still exists in {version}").format(
                            item=old, version=checklist.version
                        ),
                    )
                )
        for new in entry.new:
            if new not in ids:
                problems.append(
                    Problem.error(
                        f"{key}.to",
                        _("item {item!r} is not in {version}").format(
                            item=new, version=checklist.version
                        ),
                    )
                )
            if new in targets:
                problems.append(
                    Problem.error(
                        f"{key}.to",
                        _(
                            "item {item!r} is also the target of mapping[{index}]; "
                            "an upgrade would put two states into one item"
                        ).format(item=new, index=targets[new]),
                    )
                )
            targets.setdefault(new, index)
    return problems


def check_against_previous(checklist: Checklist, previous: Checklist) -> list[Problem]:
    """The mapping read with the version it maps from: it names that version's items, and
    never maps onto an item that already exists there (an upgrade would overwrite its state)."""
    problems: list[Problem] = []
    old_ids = {item.id for _, item in previous.items()}
    for index, entry in enumerate(checklist.mapping):
        key = f"mapping[{index}]"
        for old in entry.old:
            if old not in old_ids:
                problems.append(
                    Problem.error(
                        f"{key}.from",
                        _("item {item!r} is not in {version}").format(
                            item=old, version=previous.ref
                        ),
                    )
                )
        for new in entry.new:
            if new in old_ids and new not in entry.old:
                problems.append(
                    Problem.error(
                        f"{key}.to",
                        _(
                            "item {item!r} already exists in {checklist}; mapping "
                            "{items} onto it would overwrite its state"
                        ).format(item=new, checklist=previous.ref, items="、".join(entry.old)),
                    )
                )
    return problems


def find_unit(checklist: Checklist, query: str) -> Unit:
    """A unit by id, Chinese name or alias (bracket variants folded); an unknown one is
    refused with the closest units (公安局 → 市公安局, 海关 → 平顶山海关)."""
    folded = normalise_name(fold(query))
    # the city's full form of a municipal unit's name: 平顶山市商务局 is 市商务局
    asked = {folded}
    city, found, rest = folded.partition("市")
    if found and city and rest:
        asked.add(normalise_name("市" + rest))
    for unit in checklist.units:
        names = {normalise_name(n) for n in (unit.name, *unit.aliases)}
        if query == unit.id or asked & names:
            return unit
    close = close_units(checklist, query)
    hint = _("; did you mean {close}?").format(close=_(" or ").join(close)) if close else ""
    listing = cli_hint(
        _(" (ipcheck show {checklist} --units lists them all)").format(checklist=checklist.ref)
    )
    raise NotFoundError(
        _("unknown unit {query!r} in {checklist}{hint}{listing}").format(
            query=query, checklist=checklist.ref, hint=hint, listing=listing
        )
    )


def find_county(checklist: Checklist, query: str) -> County:
    """A county of the checklist's roster by its name or an alias (平顶山市叶县 → 叶县,
    bracket and width variants folded); an unknown one is refused with the closest."""
    folded = normalise_name(fold(query))
    for county in checklist.counties:
        if folded in {normalise_name(n) for n in (county.name, *county.aliases)}:
            return county
    names = {
        normalise_name(n): county.name
        for county in checklist.counties
        for n in (county.name, *county.aliases)
    }
    close = dict.fromkeys(
        names[n] for n in difflib.get_close_matches(folded, list(names), n=3, cutoff=0.4)
    )
    hint = _("; did you mean {close}?").format(close=_(" or ").join(close)) if close else ""
    raise NotFoundError(
        _(
            "{query!r} is not a county of {checklist}'s roster{hint} (its counties: "
            "{counties}; a city with other counties publishes its own checklist version)"
        ).format(
            query=query,
            checklist=checklist.ref,
            hint=hint,
            counties="、".join(c.name for c in checklist.counties),
        )
    )


def close_units(checklist: Checklist, query: str, count: int = 3) -> list[str]:
    """The names of the units closest to what was typed: a name that holds it or that it
    holds first, then by likeness of characters."""
    wanted = _core_of(query)
    if not wanted:
        return []
    scored: dict[str, float] = {}
    for unit in checklist.units:
        for name in (unit.name, *unit.aliases, unit.id):
            candidate = _core_of(name)
            score = difflib.SequenceMatcher(None, wanted, candidate).ratio()
            if wanted in candidate or candidate in wanted:
                score += 1
            scored[unit.name] = max(scored.get(unit.name, 0.0), score)
    ranked = sorted(scored.items(), key=lambda pair: -pair[1])
    return [name for name, score in ranked[:count] if score > 0.5]


def _core_of(name: str) -> str:
    """What tells units apart: 平顶山市教育局 → 教育 (the city and the kind of office
    are shared by most names)."""
    core = normalise_name(fold(name)).removeprefix("平顶山").removeprefix("市")
    return core.removesuffix("局") if len(core) > 2 else core


def version_conflict(
    ident: str, version: str, digest: str, other_digest: str | None, other: str
) -> str | None:
    """A released version never changes: the same id@version with other content is refused.

    The one place this is decided; `other` says where the other copy is."""
    if other_digest is None or other_digest == digest:
        return None
    return _(
        "{checklist} differs from {other} with the same version; a released "
        "version never changes, give this one a new version"
    ).format(checklist=f"{ident}@{version}", other=other)
