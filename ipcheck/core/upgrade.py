"""Moving an assessment to a newer checklist version, following the versions' mappings.

Nothing is lost: statuses, notes, evidence and history follow the mapping;
items that no longer exist (or no longer apply to the assessee) move to the
file's `[archived]` section; items that were split or merged keep their state
with a `review` note; the upgrade is recorded in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from msgspec.structs import replace

from ipcheck.errors import InputError
from ipcheck.model.assessment import (
    Action,
    ArchivedItem,
    Assessment,
    Change,
    ChecklistPin,
    ItemState,
    Status,
)
from ipcheck.model.checklist import MappingKind
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.history import chained
from ipcheck.rules.merge import merge_states
from ipcheck.rules.scope import scope_of
from ipcheck.text.i18n import _


class Step(NamedTuple):
    """One line of the upgrade plan, for --dry-run and the summary."""

    action: str  # kept | renamed | split | merged | archived | added
    old: tuple[str, ...]
    new: tuple[str, ...]
    detail: str


def _free_key(archived: dict[str, ArchivedItem], item_id: str) -> str:
    """An item archived a second time keeps the first archive: x, then x-2, x-3 …"""
    key, number = item_id, 1
    while key in archived:
        number += 1
        key = f"{item_id}-{number}"
    return key


def upgrade_once(
    assessment: Assessment,
    target: LoadedChecklist,
    by: str,
    at: dt.datetime,
    names: Mapping[str, str] | None = None,
) -> tuple[Assessment, list[Step]]:
    """One version step along the target's mapping. `names` says how the review notes
    name an item of the version left (1.4 建立法院与检察…); its id otherwise."""

    def named(ids: Sequence[str]) -> str:
        return "、".join((names or {}).get(i, i) for i in ids)

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
            review = f"由 {named(entry.old[:1])} 拆分（{old_version} → {new_version}），状态与佐证沿用原条目，请复核"
            for new in entry.new:
                states[new] = replace(source, review=review)
                log(new, entry.old, [new])
            steps.append(Step("split", entry.old, entry.new, entry.note or ""))
        elif entry.change is MappingKind.MERGED:
            review = f"由 {named(present)} 合并（{old_version} → {new_version}），请复核"
            states[entry.new[0]] = merge_states([states.pop(i) for i in present], present, review)
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
    return chained(upgraded, len(assessment.history)), steps


def upgrade(
    assessment: Assessment,
    chain: Sequence[LoadedChecklist],
    by: str,
    at: dt.datetime,
    names: Sequence[Mapping[str, str]] = (),
) -> tuple[Assessment, list[Step]]:
    """Along the chain of versions; `names[n]` names the items of the version the n-th
    step leaves (the review notes say 1.4 建立法院与检察…, not an id)."""
    steps: list[Step] = []
    for n, target in enumerate(chain):
        step_names = names[n] if n < len(names) else None
        assessment, more = upgrade_once(assessment, target, by, at, step_names)
        steps += more
    return assessment, steps
