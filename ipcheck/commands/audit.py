"""Commands for auditors: diff of two states (or two checklist versions), textconv for git."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcheck.commands.events import Events, Out, Say
from ipcheck.core.checklist_diff import diff_checklists
from ipcheck.core.diff import diff_assessments, diff_view
from ipcheck.core.progress import assessment_score
from ipcheck.errors import ExitCode, InputError, IpcheckError, SchemaError
from ipcheck.model.assessment import Assessment
from ipcheck.model.checklist import Checklist
from ipcheck.model.views.diff import AssessmentDiff, ChecklistDiff
from ipcheck.rules.scope import scope_of
from ipcheck.rules.scoring import Score
from ipcheck.store.catalog import resolve
from ipcheck.store.git import is_git_spec, read_source
from ipcheck.store.loader import Record, load_data
from ipcheck.text.i18n import _
from ipcheck.text.safety import printable

Dirs = Sequence[tuple[Path, bool]]


def load_any(arg: str, dirs: Dirs) -> tuple[Record, str]:
    """(the record, its name) from a path, a git REV:path or a checklist id@version."""
    if "@" in arg and not Path(arg).exists() and not is_git_spec(arg):
        return resolve(arg, dirs).checklist, arg
    data, name = read_source(arg)
    loaded = load_data(data, name)
    if loaded.record is None:
        raise SchemaError(loaded.first_error())
    return loaded.record, name


def _scored(assessment: Assessment, dirs: Dirs) -> tuple[dict[str, str], Score | None]:
    """Item id → number (1.2) in the assessment's checklist, and the assessment's score,
    where that checklist is available here."""
    pin = assessment.checklist
    try:
        pinned = resolve(f"{pin.id}@{pin.version}", dirs)
        scope = scope_of(pinned.checklist, assessment.assessee)
    except IpcheckError:
        return {}, None  # not available here: items are shown by id, no score
    return {s.item.id: s.number for s in scope}, assessment_score(assessment, pinned.checklist)


def compare(old_arg: str, new_arg: str, dirs: Dirs) -> tuple[AssessmentDiff | ChecklistDiff, bool]:
    """(the diff, regressed?) of two assessments or two checklists."""
    old, old_name = load_any(old_arg, dirs)
    new, new_name = load_any(new_arg, dirs)
    if isinstance(old, Checklist) and isinstance(new, Checklist):
        return diff_checklists(old, new), False
    if not (isinstance(old, Assessment) and isinstance(new, Assessment)):
        old_kind, new_kind = old.kind, new.kind
        raise InputError(
            _("{old} is a {old_kind}, {new} is a {new_kind}: compare like with like").format(
                old=old_name, old_kind=old_kind, new=new_name, new_kind=new_kind
            )
        )
    result = diff_assessments(old, new, old_name, new_name)
    old_numbers, old_score = _scored(old, dirs)
    new_numbers, new_score = _scored(new, dirs)
    view = diff_view(result, old_numbers | new_numbers, (old_score, new_score))
    return view, result.regressed


def diff(
    old: str, new: str, dirs: Dirs, *, fmt: str, exit_code: bool, fail_on: str | None
) -> Events:
    """Compare two states; the exit code says what the caller asked to know."""
    from ipcheck.render.diff import diff_footer, diff_markdown, diff_table, score_line

    view, regressed = compare(old, new, dirs)
    if isinstance(view, AssessmentDiff):
        changed = (
            bool(view.items)
            or view.checklists.old != view.checklists.new
            or view.history is not None
        )
    else:
        changed = view.summary.changes > 0
    if fmt == "json":
        yield Out(view)
    elif fmt == "md":
        yield Out(diff_markdown(view))
    else:
        table = diff_table(view)
        if table is not None:
            yield Out(table)
        yield Say(diff_footer(view))
        line = score_line(view) if isinstance(view, AssessmentDiff) else None
        if line is not None:
            yield Say(line)
    if fail_on == "regression":
        return ExitCode.PROBLEMS if regressed else ExitCode.OK
    if exit_code or fail_on == "any":
        return ExitCode.PROBLEMS if changed else ExitCode.OK
    return ExitCode.OK


def textconv(arg: str, dirs: Dirs) -> Events:
    """An assessment as stable text lines, one per fact, for git diff's textconv."""
    data, _name = read_source(arg)
    try:
        record, _name = load_any(arg, dirs)
    except IpcheckError:
        record = None
    if not isinstance(record, Assessment):
        yield Out(data.decode("utf-8", "replace"))
        return ExitCode.OK
    a = record
    numbers, _score = _scored(a, dirs)
    lines = [
        f"assessment {a.assessee.name} {a.period} ({a.assessee.kind.value})",
        f"checklist {a.checklist.id}@{a.checklist.version} {a.checklist.digest}",
    ]
    for item_id, state in a.items.items():
        label = f"{numbers.get(item_id, '?')} {item_id}"
        lines.append(f"{label}: {state.status.label}")
        if state.note:
            lines.append(f"{label}: 说明 {state.note}")
        if state.reason:
            lines.append(f"{label}: 理由 {state.reason}")
        if state.score is not None:
            lines.append(f"{label}: 部分得分 {state.score}")
        lines += [f"{label}: 佐证 {e.path} sha256:{e.sha256} {e.size}" for e in state.evidence]
    lines.append(f"history: {len(a.history)} entries")
    # one fact a line: a newline or an escape sequence inside a value stays inside it
    yield Out("".join(printable(line) + "\n" for line in lines))
    return ExitCode.OK
