"""The rules of a checklist that its format's schema cannot say, each decided once here:
numbering, units, points, evidence hints, the mapping from the previous version, and
that a released version never changes."""

from __future__ import annotations

from collections import Counter

from ipcheck.errors import NotFoundError
from ipcheck.model.checklist import (
    AppliesTo,
    Checklist,
    MappingKind,
    Role,
    Unit,
)
from ipcheck.model.problems import Problem
from ipcheck.text.numerals import to_chinese
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
    problems += _check_parts(checklist)
    problems += _check_measures(checklist)
    problems += _check_items(checklist)
    problems += _check_points(checklist)
    problems += _check_mapping(checklist)
    return problems


def _check_version(checklist: Checklist) -> list[Problem]:
    if not is_version(checklist.version):
        return [Problem.error("version", f"{checklist.version!r} is not a semantic version")]
    return []


def normalise_name(name: str) -> str:
    """Fold the bracket variants PDFs and editors produce: 〔〕, (), （）."""
    table = str.maketrans({"〔": "（", "〕": "）", "(": "（", ")": "）", " ": None, "\u3000": None})
    return name.translate(table)


def _check_units(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for index, unit in enumerate(checklist.units):
        key = f"units[{index}]"
        if unit.id in seen_ids:
            problems.append(Problem.error(f"{key}.id", f"duplicate unit id {unit.id!r}"))
        seen_ids.add(unit.id)
        for name in (unit.name, *unit.aliases):
            folded = normalise_name(name)
            owner = seen_names.get(folded)
            if owner is not None and owner != unit.id:
                problems.append(
                    Problem.error(f"{key}.name", f"name {name!r} is also used by unit {owner!r}")
                )
            seen_names[folded] = unit.id
    used = {u for m in checklist.measures for u in (*m.lead, *m.responsible)}
    for index, unit in enumerate(checklist.units):
        if unit.id not in used:
            problems.append(
                Problem.warning(f"units[{index}]", f"unit {unit.id!r} is named by no measure")
            )
    return problems


def _check_parts(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    for index, part in enumerate(checklist.parts):
        if part.number != index + 1:
            problems.append(
                Problem.error(
                    f"parts[{index}].number", f"expected part {index + 1}, found {part.number}"
                )
            )
        if part.numeral != to_chinese(part.number):
            problems.append(
                Problem.error(
                    f"parts[{index}].numeral",
                    f"numeral {part.numeral!r} does not match number {part.number}",
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
                    f"{key}.number", f"expected measure {index + 1}, found {measure.number}"
                )
            )
        if measure.numeral != to_chinese(measure.number):
            problems.append(
                Problem.error(
                    f"{key}.numeral",
                    f"numeral {measure.numeral!r} does not match number {measure.number}",
                )
            )
        if measure.part not in part_numbers:
            problems.append(Problem.error(f"{key}.part", f"part {measure.part} does not exist"))
        for role in Role:
            refs = measure.lead if role is Role.LEAD else measure.responsible
            for ref_index, ref in enumerate(refs):
                if ref not in unit_ids:
                    problems.append(
                        Problem.error(
                            f"{key}.{role.value}[{ref_index}]",
                            f"unit {ref!r} is not in the unit registry [[units]]",
                        )
                    )
            for ref, count in Counter(refs).items():
                if count > 1:
                    problems.append(
                        Problem.error(
                            f"{key}.{role.value}", f"unit {ref!r} is listed {count} times"
                        )
                    )
        for ref in sorted(set(measure.lead) & set(measure.responsible)):
            problems.append(
                Problem.error(f"{key}.responsible", f"unit {ref!r} is both lead and responsible")
            )
    return problems


def _check_items(checklist: Checklist) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {goal.id: f"goal {goal.id}" for goal in checklist.goals}
    for m_index, measure in enumerate(checklist.measures):
        for i_index, item in enumerate(measure.items):
            key = f"measures[{m_index}].items[{i_index}]"
            if item.id in seen:
                problems.append(
                    Problem.error(f"{key}.id", f"duplicate id {item.id!r} (also {seen[item.id]})")
                )
            seen.setdefault(item.id, f"item {measure.number}.{i_index + 1}")
            for e_index, hint in enumerate(item.evidence):
                if hint.strip() in GENERIC_EVIDENCE:
                    problems.append(
                        Problem.error(
                            f"{key}.evidence[{e_index}]",
                            f"evidence hint {hint!r} is too generic; name the document "
                            "(e.g. 会议纪要, 案件台账, 制度文件)",
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
                f"points of the items that apply to counties add up to {total}, "
                f"not {checklist.scoring.county_total}",
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
            problems.append(Problem.error("mapping", 'a mapping needs previous = "<version>"'))
        return problems
    if not is_version(checklist.previous):
        return [Problem.error("previous", f"{checklist.previous!r} is not a semantic version")]
    if version_key(checklist.previous) >= version_key(checklist.version):
        problems.append(
            Problem.error(
                "previous", f"previous {checklist.previous} is not older than {checklist.version}"
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
                    f"{entry.change.value} maps {len(entry.old)} item(s) to {len(entry.new)}; "
                    "renamed is 1→1, split 1→2+, merged 2+→1, removed 1→0",
                )
            )
        for old in entry.old:
            if old in seen:
                problems.append(Problem.error(f"{key}.from", f"item {old!r} is mapped twice"))
            seen.add(old)
            if old in ids and entry.change is not MappingKind.SPLIT:
                problems.append(
                    Problem.error(
                        f"{key}.from", f"item {old!r} still exists in {checklist.version}"
                    )
                )
        for new in entry.new:
            if new not in ids:
                problems.append(
                    Problem.error(f"{key}.to", f"item {new!r} is not in {checklist.version}")
                )
            if new in targets:
                problems.append(
                    Problem.error(
                        f"{key}.to",
                        f"item {new!r} is also the target of mapping[{targets[new]}]; "
                        "an upgrade would put two states into one item",
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
                    Problem.error(f"{key}.from", f"item {old!r} is not in {previous.ref}")
                )
        for new in entry.new:
            if new in old_ids and new not in entry.old:
                problems.append(
                    Problem.error(
                        f"{key}.to",
                        f"item {new!r} already exists in {previous.ref}; mapping "
                        f"{'、'.join(entry.old)} onto it would overwrite its state",
                    )
                )
    return problems


def find_unit(checklist: Checklist, query: str) -> Unit:
    """A unit by id, Chinese name or alias (bracket variants folded)."""
    folded = normalise_name(query.strip())
    for unit in checklist.units:
        if query == unit.id or folded in {normalise_name(n) for n in (unit.name, *unit.aliases)}:
            return unit
    names = "、".join(u.name for u in checklist.units[:6])
    raise NotFoundError(
        f"unknown unit {query!r} in {checklist.ref}; units are e.g. {names} "
        f"(ipcheck show {checklist.ref} lists them all)"
    )


def version_conflict(
    ident: str, version: str, digest: str, other_digest: str | None, other: str
) -> str | None:
    """A released version never changes: the same id@version with other content is refused.

    The one place this is decided; `other` says where the other copy is."""
    if other_digest is None or other_digest == digest:
        return None
    return (
        f"{ident}@{version} differs from {other} with the same version; a released "
        "version never changes, give this one a new version"
    )
