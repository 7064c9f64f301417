"""The rules of an assessment read with the checklist it pins: the pin, the assessee,
the scope, each item's state, the stored paths."""

from __future__ import annotations

from ipcheck.model.assessment import Assessee, AssesseeKind, Assessment, ItemState, Status
from ipcheck.model.checklist import Checklist, Item, Scoring
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.model.problems import Problem
from ipcheck.rules.history import history_problems
from ipcheck.rules.identity import assessee_identity
from ipcheck.rules.paths import path_problem, windows_case, windows_problem
from ipcheck.rules.scope import ScopedItem, practices_problems, scope_of, scope_problems
from ipcheck.rules.scoring import evidence_required, part_score_problem
from ipcheck.rules.status import reason_problem
from ipcheck.text.i18n import _, ngettext
from ipcheck.text.names import item_name


def item_names(checklist: Checklist) -> dict[str, str]:
    """Every item of the checklist as messages name it: 13.4 海外维权援助服务."""
    return {
        item.id: item_name(f"{m.number}.{i + 1}", item.name)
        for m in checklist.measures
        for i, item in enumerate(m.items)
    }


_Tables = tuple[list[ScopedItem], dict[str, str], dict[str, Item]]
_TABLES: dict[tuple[str, str, str | None], _Tables] = {}


def _tables(checklist: LoadedChecklist, assessee: Assessee) -> _Tables:
    """The scope, the items' names and the items by id of a checklist for an assessee: the
    same for thousands of files of one city, so worked out once (by the checklist's digest)."""
    key = (checklist.digest, assessee.kind.value, assessee.unit)
    found = _TABLES.get(key)
    if found is None:
        if len(_TABLES) >= 64:
            _TABLES.clear()
        c = checklist.checklist
        found = (scope_of(c, assessee), item_names(c), {item.id: item for _, item in c.items()})
        _TABLES[key] = found
    return found


def check_assessment(assessment: Assessment, checklist: LoadedChecklist) -> list[Problem]:
    """Cross-checks of an assessment against the checklist it pins."""
    problems: list[Problem] = []
    pin = assessment.checklist
    if pin.digest != checklist.digest:
        problems.append(
            Problem.error(
                "checklist.digest",
                _(
                    "{checklist} changed under this assessment (its content digest "
                    "no longer matches); a released checklist version must not change"
                ).format(checklist=f"{pin.id}@{pin.version}"),
            )
        )
    assessee = assessment.assessee
    who = assessee_identity(checklist.checklist, assessee)
    if isinstance(who, str):
        unknown_unit = assessee.kind is AssesseeKind.UNIT and assessee.unit not in {
            u.id for u in checklist.checklist.units
        }
        problems.append(Problem.error("assessee.unit" if unknown_unit else "assessee.name", who))
        if unknown_unit:
            return problems
    problem = path_problem(assessment.evidence_dir)
    if problem is not None:
        problems.append(Problem.error("evidence_dir", f"{assessment.evidence_dir!r} {problem}"))
    scope, names, items = _tables(checklist, assessee)
    problems += scope_problems(assessment, scope, checklist.checklist)
    problems += practices_problems(assessment, checklist.checklist, scope)
    problems += history_problems(assessment, names)
    cased: dict[str, str] = {}  # evidence paths as Windows compares names
    for item_id, state in assessment.items.items():
        key = f"items.{item_id}"
        name = names.get(item_id, item_id)
        problem = reason_problem(state.status, state.reason)
        if problem is not None:
            problems.append(
                Problem.error(
                    f"{key}.reason", _("{item}: {problem}").format(item=name, problem=problem)
                )
            )
        if state.review:
            problems.append(
                Problem.warning(
                    f"{key}.review",
                    _(
                        "{item}: to check again after the checklist upgrade (请复核): "
                        "{review}; marking its status answers it"
                    ).format(item=name, review=state.review),
                )
            )
        item = items.get(item_id)
        if item is not None:
            problems += _score_problems(key, name, item, state, checklist.checklist.scoring)
        for index, evidence in enumerate(state.evidence):
            where = f"{key}.evidence[{index}].path"
            problem = path_problem(evidence.path, outside_ok=evidence.outside)
            if problem is not None:
                problems.append(Problem.error(where, f"{evidence.path!r} {problem}"))
                continue
            if evidence.outside:
                continue
            if not in_evidence_folder(evidence.path, assessment.evidence_dir):
                apart = _(
                    "is not in the evidence folder {folder}, which is what is sent: move it "
                    "there and attach it again, or send it too, at this place beside the file"
                ).format(folder=assessment.evidence_dir)
                problems.append(Problem.warning(where, f"{evidence.path!r} {apart}"))
            problem = windows_problem(evidence.path)
            twin = cased.setdefault(windows_case(evidence.path), evidence.path)
            if problem is None and twin != evidence.path:
                problem = _("and {other!r} are one name to Windows (which ignores case)").format(
                    other=twin
                )
            if problem is not None:
                problems.append(Problem.warning(where, f"{evidence.path!r} {problem}"))
    return problems


def _score_problems(
    key: str, name: str, item: Item, state: ItemState, scoring: Scoring
) -> list[Problem]:
    """A part score only where the rule allows one; points without evidence said."""
    problems: list[Problem] = []
    if state.score is not None:
        problem = part_score_problem(item, state.status, state.score)
        if problem is not None:
            problems.append(
                Problem.error(
                    f"{key}.score", _("{item}: {problem}").format(item=name, problem=problem)
                )
            )
    if state.status is Status.DONE and not state.evidence:
        problems.append(
            Problem.warning(
                f"{key}.evidence",
                _(
                    "{item}: 已完成 (done) without evidence; it earns no points until evidence "
                    "is attached"
                ).format(item=name)
                if evidence_required(item, scoring)
                else _("{item}: 已完成 (done) without evidence").format(item=name),
            )
        )
    return problems


def in_evidence_folder(path: str, folder: str) -> bool:
    """Whether an evidence entry (inside the assessment's folder) lies in its evidence
    folder, the one a county sends with the file (README, seal's message)."""
    base = folder.replace("\\", "/").strip("/").removeprefix("./")
    return not base or base == "." or path.startswith(base + "/")


def apart_from_folder(assessment: Assessment) -> list[str]:
    """The evidence files inside the assessment's folder but not in its evidence folder,
    each once, in the order attached: they do not travel with the folder a county sends."""
    found = {
        e.path: None
        for state in assessment.items.values()
        for e in state.evidence
        if not e.outside and not in_evidence_folder(e.path, assessment.evidence_dir)
    }
    return list(found)


def apart_message(paths: list[str], folder: str) -> str:
    """What `mark`, `attach` and `seal` say of files `apart_from_folder` finds."""
    shown = "、".join(paths[:5]) + ("…" if len(paths) > 5 else "")
    return ngettext(
        "{count} evidence file is not in the evidence folder {folder}, which is what is "
        "sent: {paths}; move it there and attach it again, or send it too, at its place "
        "beside the file",
        "{count} evidence files are not in the evidence folder {folder}, which is what is "
        "sent: {paths}; move them there and attach them again, or send them too, at their "
        "places beside the file",
        len(paths),
    ).format(count=len(paths), folder=folder, paths=shown)
