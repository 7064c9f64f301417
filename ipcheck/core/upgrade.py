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
from ipcheck.model.checklist import Item, MappingKind
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.model.points import HALF, exact
from ipcheck.rules.history import chained
from ipcheck.rules.merge import RANK, merge_states, progress_of, sources_said
from ipcheck.rules.scope import scope_of
from ipcheck.rules.scoring import allows_part_score, part_score_problem
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text


class Step(NamedTuple):
    """One line of the upgrade plan, for --dry-run and the summary."""

    action: str  # kept | renamed | split | merged | archived | added | capped
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
            sources = [states.pop(i) for i in present]
            review = (
                f"由 {named(present)} 合并（{old_version} → {new_version}），"
                f"原状态：{sources_said(sources, [named([i]) for i in present])}，请复核"
            )
            merged = merge_states(sources, present, review)
            steps.append(Step("merged", tuple(present), entry.new, entry.note or ""))
            log(entry.new[0], present, entry.new)
            raised = progress_of(sources)
            if RANK.get(raised, -1) > RANK.get(merged.status, -1):
                # progress among the sources is never lost: a line of its own, so the
                # history says the upgrade raised it and why
                history.append(
                    Change(
                        at=at,
                        by=by,
                        action=Action.STATUS,
                        item=entry.new[0],
                        old=merged.status.value,
                        new=raised.value,
                    )
                )
                merged = replace(merged, status=raised, updated=at, by=by)
            states[entry.new[0]] = merged
        else:  # removed
            reason = entry.note or f"{new_version} 删除该条目"
            archived[_free_key(archived, entry.old[0])] = ArchivedItem(
                state=states.pop(entry.old[0]), left_in=new_version, reason=reason
            )
            steps.append(Step("archived", entry.old, (), reason))
            log(entry.old[0], entry.old, None)

    scope = scope_of(target.checklist, assessment.assessee)
    in_scope = {s.item.id: s for s in scope}
    not_borne = {i.id: i.not_county for _m, i in target.checklist.items() if i.not_county}
    for item_id in [i for i in states if i not in in_scope]:
        reason = f"{new_version} 中该条目不存在或不再适用于本单位"
        if assessment.assessee.unit is None and item_id in not_borne:  # a county's
            reason = f"{new_version} 中该条目不由县（市、区）承担：{not_borne[item_id]}"
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
        if state.score is not None and part_score_problem(scoped.item, state.status, state.score):
            state = _capped(state, scoped.item, history, at, by, new_version)
            steps.append(Step("capped", (scoped.item.id,), (scoped.item.id,), state.review or ""))
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


def _capped(
    state: ItemState, item: Item, history: list[Change], at: dt.datetime, by: str, version: str
) -> ItemState:
    """A part score the new version no longer allows (above its points, or no part score
    at all): lowered to the most it allows, in a line of its own, and flagged for review."""
    score = state.score
    assert score is not None
    most = exact(item.points - HALF) if allows_part_score(item) else None
    new = None if most is None else min(score, most)
    history.append(
        Change(
            at=at,
            by=by,
            action=Action.SCORE,
            item=item.id,
            old=points_text(score),
            new=None if new is None else points_text(new),
        )
    )
    said = "—" if new is None else points_text(new)
    review = (
        f"部分得分 {points_text(score)} 超出 {version} 的分值 {points_text(item.points)} 允许的范围，"
        f"已调整为 {said}，请复核"
    )
    joined = review if not state.review else f"{state.review}；{review}"
    return replace(state, score=new, review=joined, updated=at, by=by)


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
