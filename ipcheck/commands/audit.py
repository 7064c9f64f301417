"""Commands for auditors: diff of two states (or two checklist versions), textconv for git."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ipcheck.core.checklist_diff import diff_checklists
from ipcheck.core.diff import diff_assessments, diff_view, scored_kinds
from ipcheck.core.narrative import narrative_label
from ipcheck.errors import ExitCode, InputError, IpcheckError, SchemaError
from ipcheck.model.assessment import Action, Assessment, Change
from ipcheck.model.checklist import Checklist
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.problems import Severity
from ipcheck.model.views.diff import AssessmentDiff, ChecklistDiff, State
from ipcheck.rules.history import figure_text, history_problems
from ipcheck.rules.scope import scope_of
from ipcheck.rules.scoring import Score
from ipcheck.rules.totals import score_items
from ipcheck.store.catalog import resolve
from ipcheck.store.clock import now
from ipcheck.store.git import describe_revision, is_git_spec, read_source
from ipcheck.store.loader import Record, load_data
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text
from ipcheck.text.safety import printable, printable_block

Dirs = Sequence[tuple[Path, bool]]


def load_any(arg: str, dirs: Dirs) -> tuple[Record, str, bytes]:
    """(the record, its name, its bytes) from a path, a git REV:path or a checklist
    id@version."""
    if "@" in arg and not Path(arg).exists() and not is_git_spec(arg):
        return resolve(arg, dirs).checklist, arg, b""
    data, name = read_source(arg)
    loaded = load_data(data, name)
    if loaded.record is None:
        raise SchemaError(loaded.first_error())
    return loaded.record, name, data


class Scored(NamedTuple):
    """An assessment read with its checklist, where that is available here."""

    numbers: dict[str, str]  # item id → 1.2
    texts: dict[str, str]
    earned: dict[str, float]  # item id → the points it earns
    score: Score | None


def _scored(assessment: Assessment, dirs: Dirs) -> Scored:
    pin = assessment.checklist
    try:
        pinned = resolve(f"{pin.id}@{pin.version}", dirs)
        scope = scope_of(pinned.checklist, assessment.assessee)
    except IpcheckError:
        return Scored({}, {}, {}, None)  # not available here: items by id, no score
    scores = score_items(assessment, scope, pinned.checklist.scoring)
    return Scored(
        {s.item.id: s.number for s in scope},
        {s.item.id: s.item.text for s in scope},
        {s.scoped.item.id: s.own.earned for s in scores.items},
        scores.own,
    )


def _history_line(n: int, change: Change, numbers: dict[str, str]) -> str:
    """One line of the history as textconv prints it: 修改 12：2026-01-10 09:05 李四
    1.3 状态 未开始 → 已完成."""
    what = labels.history_action(change.action.value)
    if change.item is not None:
        what = f"{numbers.get(change.item, change.item)} {what}"
    if change.path is not None:
        what += f" {change.path}"
    old, new = change.old, change.new
    if change.action is Action.STATUS:
        old, new = labels.status_word(old), labels.status_word(new)
    elif change.action in (Action.EVIDENCE_ADDED, Action.EVIDENCE_REMOVED):
        old, new = (None if v is None else f"sha256:{v[:12]}…" for v in (old, new))
    if old is None and new is not None:
        what += f" {new}"
    elif old is not None:
        what += f" {old} → {new or '—'}"
    return _("change {n}: {when} {by}: {what}").format(
        n=n, when=change.at.isoformat(sep=" ", timespec="minutes"), by=change.by, what=what
    )


def _state(name: str, data: bytes, assessment: Assessment) -> State:
    """OLD or NEW named for the memo: the commit a git revision resolves to, and when."""
    commit = describe_revision(name) if is_git_spec(name) else None
    last = assessment.history[-1].at.isoformat() if assessment.history else None
    return State(
        name=name,
        commit=None if commit is None else commit[0],
        committed=None if commit is None else commit[1],
        sha256=hashlib.sha256(data).hexdigest(),
        last_change=last,
    )


def compare(
    old_arg: str, new_arg: str, dirs: Dirs, *, year_on_year: bool = False
) -> tuple[AssessmentDiff | ChecklistDiff, bool, list[str]]:
    """(the diff, regressed?, the states whose history does not account for them) of two
    assessments or two checklists."""
    old, old_name, old_data = load_any(old_arg, dirs)
    new, new_name, new_data = load_any(new_arg, dirs)
    if isinstance(old, Checklist) and isinstance(new, Checklist):
        return diff_checklists(old, new), False, []
    if not (isinstance(old, Assessment) and isinstance(new, Assessment)):
        old_kind, new_kind = old.kind, new.kind
        raise InputError(
            _("{old} is a {old_kind}, {new} is a {new_kind}: compare like with like").format(
                old=old_name, old_kind=old_kind, new=new_name, new_kind=new_kind
            )
        )
    result = diff_assessments(old, new, old_name, new_name, year_on_year=year_on_year)
    before, after = _scored(old, dirs), _scored(new, dirs)
    earned = {
        item: (before.earned.get(item), after.earned.get(item))
        for item in before.earned.keys() | after.earned.keys()
    }
    result = scored_kinds(result, earned)  # a label never contradicts the score
    view = diff_view(
        result,
        before.numbers | after.numbers,
        (before.score, after.score),
        texts=before.texts | after.texts,
        earned=earned,
        states=[_state(old_name, old_data, old), _state(new_name, new_data, new)],
        generated=now().isoformat(),
    )
    # a change made by hand shows as any other, without who or when: said, so that it is
    # not taken for one the history records
    unrecorded = [
        name
        for name, state in ((old_name, old), (new_name, new))
        if any(p.severity is Severity.ERROR for p in history_problems(state, {}))
    ]
    return view, result.regressed, unrecorded


def diff(
    old: str,
    new: str,
    dirs: Dirs,
    *,
    fmt: str,
    exit_code: bool,
    fail_on: str | None,
    year_on_year: bool = False,
) -> Events:
    """Compare two states; the exit code says what the caller asked to know."""
    from ipcheck.render.diff import diff_footer, diff_markdown, diff_table, score_line

    view, regressed, unrecorded = compare(old, new, dirs, year_on_year=year_on_year)
    for name in unrecorded:
        yield Say(
            _(
                "{path}: its history does not account for its state (changed without a "
                "history line?): a change without who and when may be one of those; ipcheck "
                "validate says where"
            ).format(path=name),
            "warning",
        )
    if isinstance(view, AssessmentDiff):
        changed = (
            bool(view.items)
            or view.checklists.old != view.checklists.new
            or view.history is not None
            or bool(view.submissions)
            or bool(view.documents)
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


def _other_file(data: bytes) -> str:
    """A file that is not an assessment, for git diff: UTF-8 text as it is; anything else
    (a byte that is not UTF-8, a control or bidirectional character, a CR) escaped, after
    a line with the SHA-256 of its bytes, so that no escape reaches the terminal and two
    different files never read alike."""
    import hashlib

    text = data.decode("utf-8", "backslashreplace")  # a byte that is not UTF-8 shows as \x80
    shown = printable_block(text)
    if shown == text and text.encode("utf-8") == data:
        return text
    digest = hashlib.sha256(data).hexdigest()
    header = _(
        "not UTF-8 text, or with control characters: shown escaped; {size} bytes, SHA-256 {digest}"
    ).format(size=len(data), digest=digest)
    return f"{header}\n{shown}"


def textconv(arg: str, dirs: Dirs) -> Events:
    """An assessment as stable text lines, one per fact, for git diff's textconv."""
    data, _name = read_source(arg)
    try:
        record, _name, _data = load_any(arg, dirs)
    except IpcheckError:
        record = None
    if not isinstance(record, Assessment):
        yield Out(_other_file(data))
        return ExitCode.OK
    a = record
    scored = _scored(a, dirs)
    numbers = scored.numbers
    lines = [
        _("assessment {name} {period} ({kind})").format(
            name=a.assessee.name, period=a.period, kind=a.assessee.kind.label
        ),
        _("checklist {checklist} {digest}").format(
            checklist=f"{a.checklist.id}@{a.checklist.version}", digest=a.checklist.digest
        ),
    ]
    if scored.score is not None:
        lines.append(
            _("self-assessed score {earned}/{base}").format(
                earned=points_text(scored.score.earned), base=points_text(scored.score.base)
            )
        )
    for item_id, state in a.items.items():
        label = f"{numbers.get(item_id, '?')} {item_id}"
        earned = scored.earned.get(item_id)
        status = state.status.label
        if earned is not None:  # the score effect of a change shows beside it in git diff
            status = _("{status} ({points} pt)").format(status=status, points=points_text(earned))
        lines.append(f"{label}: {status}")
        if state.note:
            lines.append(f"{label}: 说明 {state.note}")
        if state.reason:
            lines.append(f"{label}: 理由 {state.reason}")
        if state.score is not None:
            lines.append(f"{label}: 部分得分 {state.score}")
        lines += [f"{label}: 佐证 {e.path} sha256:{e.sha256} {e.size}" for e in state.evidence]
    lines += [f"{narrative_label(key)}: {text}" for key, text in a.narrative.items()]
    lines += [f"数据指标 {f.name}: {figure_text(f.value, f.unit)}" for f in a.figures]
    # each change of the history, who made it and when: git diff shows the new ones
    lines += [_history_line(n, change, numbers) for n, change in enumerate(a.history, start=1)]
    # one fact a line: a newline or an escape sequence inside a value stays inside it
    yield Out("".join(printable(line) + "\n" for line in lines))
    return ExitCode.OK
