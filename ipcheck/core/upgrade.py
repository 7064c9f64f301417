"""Moving an assessment to a newer checklist version, following the versions' mappings.

Nothing is lost: statuses, notes, evidence and history follow the mapping;
items that no longer exist (or no longer apply to the assessee) move to the
file's `[archived]` section; items that were split or merged keep their state
with a `review` note; the upgrade is recorded in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from msgspec.structs import replace

from ipcheck.errors import InputError
from ipcheck.model.assessment import (
    Action,
    ArchivedItem,
    Assessment,
    Change,
    ChecklistPin,
    Evidence,
    ItemState,
    Status,
)
from ipcheck.model.checklist import TEXT_MAX, MappingKind
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.scope import scope_of
from ipcheck.text.i18n import N_, _

RANK = {Status.TODO: 0, Status.IN_PROGRESS: 1, Status.DONE: 2}


class Step(NamedTuple):
    """One line of the upgrade plan, for --dry-run and the summary."""

    action: str  # kept | renamed | split | merged | archived | added
    old: tuple[str, ...]
    new: tuple[str, ...]
    detail: str


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


def _merge_states(states: list[ItemState], ids: Sequence[str], review: str) -> ItemState:
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


def _free_key(archived: dict[str, ArchivedItem], item_id: str) -> str:
    """An item archived a second time keeps the first archive: x, then x-2, x-3 …"""
    key, number = item_id, 1
    while key in archived:
        number += 1
        key = f"{item_id}-{number}"
    return key


def upgrade_once(
    assessment: Assessment, target: LoadedChecklist, by: str, at: dt.datetime
) -> tuple[Assessment, list[Step]]:
    """One version step along the target's mapping."""
    old_version = assessment.checklist.version
    new_version = target.checklist.version
    states = dict(assessment.items)
    archived = dict(assessment.archived)
    history = list(assessment.history)
    steps: list[Step] = []

    def log(item: str, old: Sequence[str], new: Sequence[str] | None) -> None:
        history.append(
            Change(
                at=at,
                by=by,
                action=Action.MIGRATED,
                item=item,
                old="、".join(old),
                new="、".join(new) if new else None,
            )
        )

    for entry in target.checklist.mapping:
        present = [i for i in entry.old if i in states]
        if not present:
            continue
        for new in entry.new:
            if new in states and new not in entry.old:
                # the mapping is wrong (validate says so); never let it overwrite a state
                raise InputError(
                    _(
                        "{checklist}: its mapping {change} {old} → {new} would overwrite "
                        "the state of {new}, which the assessment already holds; "
                        "nothing was changed"
                    ).format(
                        checklist=target.checklist.ref,
                        change=entry.change.value,
                        old="、".join(entry.old),
                        new=new,
                    )
                )
        if entry.change is MappingKind.RENAMED:
            states[entry.new[0]] = states.pop(entry.old[0])
            steps.append(Step("renamed", entry.old, entry.new, entry.note or ""))
            log(entry.new[0], entry.old, entry.new)
        elif entry.change is MappingKind.SPLIT:
            source = states.pop(entry.old[0])
            review = f"由 {entry.old[0]} 拆分（{old_version} → {new_version}），状态与佐证沿用原条目，请复核"
            for new in entry.new:
                states[new] = replace(source, review=review)
                log(new, entry.old, [new])
            steps.append(Step("split", entry.old, entry.new, entry.note or ""))
        elif entry.change is MappingKind.MERGED:
            review = f"由 {'、'.join(present)} 合并（{old_version} → {new_version}），请复核"
            states[entry.new[0]] = _merge_states([states.pop(i) for i in present], present, review)
            steps.append(Step("merged", tuple(present), entry.new, entry.note or ""))
            log(entry.new[0], present, entry.new)
        else:  # removed
            reason = entry.note or f"{new_version} 删除该条目"
            archived[_free_key(archived, entry.old[0])] = ArchivedItem(
                state=states.pop(entry.old[0]), left_in=new_version, reason=reason
            )
            steps.append(Step("archived", entry.old, (), reason))
            log(entry.old[0], entry.old, None)

    scope = scope_of(target.checklist, assessment.assessee)
    in_scope = {s.item.id: s for s in scope}
    for item_id in [i for i in states if i not in in_scope]:
        reason = f"{new_version} 中该条目不存在或不再适用于本单位"
        archived[_free_key(archived, item_id)] = ArchivedItem(
            state=states.pop(item_id), left_in=new_version, reason=reason
        )
        steps.append(Step("archived", (item_id,), (), reason))
        log(item_id, [item_id], None)
    items: dict[str, ItemState] = {}
    for scoped in scope:
        state = states.get(scoped.item.id)
        if state is None:
            state = ItemState(status=Status.TODO, role=scoped.role)
            steps.append(
                Step("added", (), (scoped.item.id,), f"{scoped.number} {scoped.item.text}")
            )
        elif state.role is not scoped.role:
            state = replace(state, role=scoped.role)
        items[scoped.item.id] = state
    history.append(Change(at=at, by=by, action=Action.UPGRADED, old=old_version, new=new_version))
    c = target.checklist
    upgraded = replace(
        assessment,
        checklist=ChecklistPin(id=c.id, version=c.version, digest=target.digest),
        items=items,
        archived=archived,
        history=tuple(history),
    )
    return upgraded, steps


def upgrade(
    assessment: Assessment, chain: Sequence[LoadedChecklist], by: str, at: dt.datetime
) -> tuple[Assessment, list[Step]]:
    steps: list[Step] = []
    for target in chain:
        assessment, more = upgrade_once(assessment, target, by, at)
        steps += more
    return assessment, steps
