"""Assessments: create, load, check against their checklist, find on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from ipcheck.errors import InputError, SchemaError
from ipcheck.model.assessment import (
    ASSESSMENT_SCHEMA_VERSION,
    NAME_MAX,
    STATUS_LABELS,
    Action,
    Assessee,
    AssesseeKind,
    Assessment,
    Change,
    ChecklistPin,
    ItemState,
    Status,
)
from ipcheck.model.problems import Problem
from ipcheck.rules.checklist import (
    LoadedChecklist,
    describe_conversion_error,
    find_unit,
    schema_version_problem,
)
from ipcheck.rules.scope import ScopedItem, county_scope, unit_scope
from ipcheck.store.files import read_bytes, read_head
from ipcheck.store.toml import parse_toml
from ipcheck.text.safety import has_bidi, has_control, looks_like_formula

STATUS_WORDS = ", ".join(f"{s.value}/{label}" for s, label in STATUS_LABELS.items())
FORBIDDEN_IN_NAMES = set('/\\:*?"<>|') | {chr(c) for c in range(32)}


class LoadedAssessment(NamedTuple):
    assessment: Assessment
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent


def assessment_from_data(raw: dict[str, Any]) -> tuple[Assessment | None, list[Problem]]:
    wrong = schema_version_problem(raw, ASSESSMENT_SCHEMA_VERSION, "assessments")
    if wrong is not None:
        return None, [wrong]
    try:
        return msgspec.convert(raw, Assessment, strict=True), []
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        if problem.key.endswith(".status") and "Invalid enum value" in problem.message:
            word = problem.message.removeprefix("Invalid enum value ").strip()
            problem = problem._replace(message=f"unknown status {word}; use one of {STATUS_WORDS}")
        return None, [problem]


def load_assessment(path: Path) -> LoadedAssessment:
    """Read an assessment; InputError if unreadable, SchemaError if malformed."""
    raw = parse_toml(read_bytes(path), str(path))
    if raw.get("kind") != "assessment":
        raise SchemaError(f"{path}: not an assessment file (kind = {raw.get('kind')!r})")
    assessment, problems = assessment_from_data(raw)
    if assessment is None:
        first = problems[0]
        raise SchemaError(f"{path}: {first.key}: {first.message}")
    return LoadedAssessment(assessment, path)


def scope_of(checklist: LoadedChecklist, assessee: Assessee) -> list[ScopedItem]:
    """The items the assessee answers; SchemaError for a unit the checklist does not know."""
    c = checklist.checklist
    if assessee.kind is AssesseeKind.COUNTY:
        return county_scope(c)
    if assessee.unit is None:
        raise SchemaError("assessee.unit: a unit's assessment must name its unit (registry id)")
    try:
        unit = c.unit(assessee.unit)
    except KeyError:
        raise SchemaError(f"assessee.unit: unit {assessee.unit!r} is not in {c.ref}") from None
    return unit_scope(c, unit)


def check_name(name: str, what: str) -> str:
    """A county's name as it becomes a file name and a spreadsheet cell: refused if it
    cannot be either, or is longer than the format keeps."""
    name = name.strip()
    if not name or FORBIDDEN_IN_NAMES & set(name) or name in (".", "..") or has_bidi(name):
        raise InputError(f'{what} {name!r} is not usable as a name (no / \\ : * ? " < > |)')
    if looks_like_formula(name):
        raise InputError(f"{what} {name!r} must not start with = + - or @ (a spreadsheet formula)")
    if len(name) > NAME_MAX:
        raise InputError(f"{what} {name[:20]!r}…: at most {NAME_MAX} characters")
    return name


def make_assessee(checklist: LoadedChecklist, *, county: str | None, unit: str | None) -> Assessee:
    if (county is None) == (unit is None):
        raise InputError("give exactly one of --county NAME or --unit UNIT")
    if county is not None:
        return Assessee(kind=AssesseeKind.COUNTY, name=check_name(county, "county"))
    assert unit is not None
    found = find_unit(checklist.checklist, unit)
    return Assessee(kind=AssesseeKind.UNIT, name=found.name, unit=found.id)


def default_file_name(assessee: Assessee, period: int) -> str:
    name = check_name(assessee.name, "assessee")
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
    items = {
        s.item.id: ItemState(status=Status.TODO, role=s.role) for s in scope_of(checklist, assessee)
    }
    return Assessment(
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


def path_problem(relative: str, *, outside_ok: bool = False) -> str | None:
    """Why a stored path (evidence, evidence_dir) is not a plain path inside the
    assessment's folder, or None. The one rule: `attach` refuses what it names,
    `validate` reports it, `verify` does not read it. With outside_ok (an entry
    attached with --allow-outside), absolute and climbing paths are accepted."""
    if has_control(relative):
        return "contains a control character (newline, tab, NUL …)"
    if has_bidi(relative):
        return "contains a bidirectional control character (it disguises the name)"
    if "\\" in relative:
        return "contains a backslash; paths are stored with /"
    if not relative:
        return "is empty"
    if relative.startswith("/") or relative[1:2] == ":":
        return None if outside_ok else "is absolute"
    if outside_ok:
        return None
    depth = 0
    for part in relative.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return "leaves the assessment's folder"
        elif part not in ("", "."):
            depth += 1
    return None


def escapes_folder(relative: str) -> bool:
    """True when a stored path leaves the assessment's folder (or is not a plain path)."""
    return path_problem(relative) is not None


def check_assessment(assessment: Assessment, checklist: LoadedChecklist) -> list[Problem]:
    """Cross-checks of an assessment against the checklist it pins."""
    problems: list[Problem] = []
    pin = assessment.checklist
    if pin.digest != checklist.digest:
        problems.append(
            Problem.error(
                "checklist.digest",
                f"{pin.id}@{pin.version} changed under this assessment (its content digest "
                "no longer matches); a released checklist version must not change",
            )
        )
    assessee = assessment.assessee
    if assessee.kind is AssesseeKind.UNIT:
        units = {u.id: u for u in checklist.checklist.units}
        if assessee.unit is None or assessee.unit not in units:
            problems.append(
                Problem.error(
                    "assessee.unit", f"unit {assessee.unit!r} is not in {pin.id}@{pin.version}"
                )
            )
            return problems
        if units[assessee.unit].name != assessee.name:
            problems.append(
                Problem.warning(
                    "assessee.name",
                    f"the registry calls unit {assessee.unit!r} {units[assessee.unit].name}",
                )
            )
    problem = path_problem(assessment.evidence_dir)
    if problem is not None:
        problems.append(Problem.error("evidence_dir", f"{assessment.evidence_dir!r} {problem}"))
    scope = {s.item.id: s for s in scope_of(checklist, assessee)}
    for item_id, state in assessment.items.items():
        key = f"items.{item_id}"
        scoped = scope.get(item_id)
        if scoped is None:
            problems.append(
                Problem.error(
                    key, f"item {item_id!r} is not in {pin.id}@{pin.version} for this assessee"
                )
            )
            continue
        if scoped.role is not None and state.role is not scoped.role:
            problems.append(
                Problem.error(
                    f"{key}.role",
                    f"the unit's role in measure {scoped.measure.number} is {scoped.role.value}",
                )
            )
        if state.status is Status.NA and not (state.reason and state.reason.strip()):
            problems.append(Problem.error(f"{key}.reason", "不适用 (na) needs a reason"))
        if state.status is Status.DONE and not state.evidence:
            problems.append(Problem.warning(f"{key}.evidence", "已完成 (done) without evidence"))
        for index, evidence in enumerate(state.evidence):
            problem = path_problem(evidence.path, outside_ok=evidence.outside)
            if problem is not None:
                problems.append(
                    Problem.error(f"{key}.evidence[{index}].path", f"{evidence.path!r} {problem}")
                )
    for item_id in scope.keys() - assessment.items.keys():
        problems.append(
            Problem.warning(
                f"items.{item_id}", f"item {scope[item_id].number} ({item_id}) is missing"
            )
        )
    return problems


def find_assessment_file(given: Path | None, folder: Path) -> Path:
    """-f PATH, or the single assessment file in the folder."""
    if given is not None:
        return given
    found = []
    for candidate in sorted(folder.glob("*.toml")):
        head = read_head(candidate, 4096)  # None for a FIFO, a device, an unreadable file
        if head is not None and b'kind = "assessment"' in head:
            found.append(candidate.name)
    if not found:
        raise InputError(
            f"no assessment file in {folder}; give one with -f PATH or create one with ipcheck init"
        )
    if len(found) > 1:
        raise InputError(
            f"several assessment files here ({', '.join(found)}); choose one with -f PATH"
        )
    return folder / found[0]
