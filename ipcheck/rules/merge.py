"""How the states of several items become one when a checklist version merges them:
used by `upgrade`, and by the history's replay (rules/history.py) to check it."""

from __future__ import annotations

from collections.abc import Sequence

from ipcheck.errors import InputError
from ipcheck.model.assessment import Evidence, ItemState, Status
from ipcheck.model.checklist import TEXT_MAX
from ipcheck.text import labels
from ipcheck.text.i18n import N_, _

RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.DONE: 2}


# What _joined says when merged notes or reasons are too long, by what is merged.
_TOO_LONG = {
    "note": N_(
        "merging {items}: their notes together have {length} characters, "
        "more than the {limit} an item keeps; shorten them (ipcheck note) and upgrade again"
    ),
    "reason": N_(
        "merging {items}: their reasons together have {length} characters, "
        "more than the {limit} an item keeps; shorten them (ipcheck note) and upgrade again"
    ),
}


def _joined(texts: list[str], what: str, ids: Sequence[str]) -> str | None:
    joined = "；".join(dict.fromkeys(texts))
    if len(joined) > TEXT_MAX:
        raise InputError(
            _(_TOO_LONG[what]).format(items="、".join(ids), length=len(joined), limit=TEXT_MAX)
        )
    return joined or None


def merge_states(states: list[ItemState], ids: Sequence[str], review: str) -> ItemState:
    """Several items become one: the least advanced status, every note and evidence file.
    Where some were 不适用 and others not, the merged duty is not done as a whole: it is at
    most 推进中, and the 不适用 reasons join its note (a 不适用 never raises a score)."""
    applicable = [s for s in states if s.status is not Status.NA]
    status = min((s.status for s in applicable), key=RANK.__getitem__) if applicable else Status.NA
    notes = [s.note for s in states if s.note]
    reasons = [s.reason for s in states if s.reason]
    if applicable and len(applicable) < len(states):
        status = min(status, Status.IN_PROGRESS, key=RANK.__getitem__)
        notes += [f"不适用：{reason}" for reason in reasons]
    evidence: list[Evidence] = []
    for state in states:
        evidence += [e for e in state.evidence if e not in evidence]
    return ItemState(
        status=status,
        role=states[0].role,
        note=_joined(notes, "note", ids),
        reason=_joined(reasons, "reason", ids) if status is Status.NA else None,
        evidence=tuple(evidence),
        review=review,
    )


def progress_of(states: Sequence[ItemState]) -> Status:
    """What the progress among merged items warrants: 已完成 when every one was done, at
    least 推进中 when any made progress (a 不适用 part keeps it below 已完成), 不适用 when
    all were, else 未开始. An upgrade raises a merged item to it (never lowers)."""
    applicable = [s.status for s in states if s.status is not Status.NA]
    if not applicable:
        return Status.NA
    if all(s is Status.DONE for s in applicable) and len(applicable) == len(states):
        return Status.DONE
    if any(s in (Status.IN_PROGRESS, Status.DONE) for s in applicable):
        return Status.IN_PROGRESS
    return Status.TODO


def sources_said(states: Sequence[ItemState], names: Sequence[str]) -> str:
    """The merged items' states and reasons, for the merged item's review note:
    1.4 三合一机制 推进中；1.5 联席会议 不适用（理由：…）."""
    said = []
    for name, state in zip(names, states, strict=True):
        text = f"{name} {labels.STATUS[state.status.value]}"
        if state.reason:
            text += f"（理由：{state.reason}）"
        if state.score is not None:
            text += f"（部分得分 {state.score}）"
        said.append(text)
    return "；".join(said)
