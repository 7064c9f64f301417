"""Changing an assessment: pure functions that return a new one with its history extended
and chained (rules/history.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec.structs import replace

from ipcheck.errors import InputError, NotFoundError
from ipcheck.model.assessment import (
    Action,
    Assessment,
    Change,
    Evidence,
    ItemState,
    Stamp,
    Status,
)
from ipcheck.model.checklist import Item
from ipcheck.model.points import exact
from ipcheck.rules.history import chained, is_sealed
from ipcheck.rules.scoring import part_score_problem
from ipcheck.rules.status import reason_given_problem, reason_problem
from ipcheck.rules.values import clean_text
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text

KEEP = object()  # "leave this field as it is"


def mark(
    assessment: Assessment,
    item_ids: Sequence[str],
    stamp: Stamp,
    *,
    status: Status | None = None,
    note: str | object | None = KEEP,
    reason: str | None = None,
    evidence: Sequence[Evidence] = (),
    names: Mapping[str, str] | None = None,
    score: float | None = None,
    items_of: Mapping[str, Item] | None = None,
) -> Assessment:
    """Set status, note, reason, a part score and add evidence on items; every change
    goes to the history. `names` says how messages name an item (13.4 海外维权援助服务);
    ids otherwise. `items_of` gives the checklist's items, which a part score needs.

    `note=None` clears the note; leaving it out keeps it. A reason is kept only
    while the item is 不适用, which cannot be set without one. A part score is kept only
    while the item is 推进中, where its criteria allow one, below its points.
    """
    items = dict(assessment.items)
    history = list(assessment.history)
    for item_id in item_ids:
        if item_id not in items:
            raise NotFoundError(_("no item {item!r} in this assessment").format(item=item_id))
        state = items[item_id]
        changes: list[Change] = []
        new_status = state.status if status is None else status
        new_reason = clean_text(reason, "--reason") or state.reason
        missing = reason_problem(new_status, new_reason) or reason_given_problem(new_status, reason)
        if missing is not None:
            raise InputError(
                _("{item}: {problem}").format(
                    item=(names or {}).get(item_id, item_id), problem=missing
                )
            )
        if new_status is not Status.NA:
            new_reason = None
        name = (names or {}).get(item_id, item_id)
        new_score = state.score if new_status is Status.IN_PROGRESS else None
        if score is not None:
            item = (items_of or {}).get(item_id)
            new_score = _part_score(score, new_status, item, name)
        if new_status is not state.status:
            changes.append(
                _change(stamp, Action.STATUS, item_id, state.status.value, new_status.value)
            )
        if new_reason != state.reason:
            changes.append(_change(stamp, Action.REASON, item_id, state.reason, new_reason))
        new_review = state.review
        if status is not None and state.review is not None:
            # the officer said the item's status again: the upgrade's question is answered
            new_review = None
            changes.append(_change(stamp, Action.REVIEWED, item_id, state.review, None))
        if new_score != state.score:
            changes.append(
                _change(stamp, Action.SCORE, item_id, _text(state.score), _text(new_score))
            )
        new_note = (
            state.note
            if note is KEEP
            # TRANSLATORS: said in "the note has 2001 characters; at most 2000 are kept".
            else clean_text(note if isinstance(note, str) else None, _("the note"))
        )
        if new_note != state.note:
            changes.append(_change(stamp, Action.NOTE, item_id, state.note, new_note))
        attached = list(state.evidence)
        for given in evidence:
            # attached now, by whoever makes this change: as its history line says
            entry = replace(given, added=stamp.at, by=stamp.by)
            same_path = [e for e in attached if e.path == entry.path]
            if same_path and same_path[0].sha256 == entry.sha256:
                continue  # already attached, unchanged
            for old in same_path:
                attached.remove(old)
                changes.append(
                    _change(stamp, Action.EVIDENCE_REMOVED, item_id, old.sha256, None, old.path)
                )
            attached.append(entry)
            changes.append(
                _change(stamp, Action.EVIDENCE_ADDED, item_id, None, entry.sha256, entry.path)
            )
        if not changes:
            continue
        items[item_id] = replace(
            state,
            status=new_status,
            reason=new_reason,
            score=new_score,
            review=new_review,
            note=new_note,
            evidence=tuple(attached),
            updated=stamp.at,
            by=stamp.by,
        )
        history += changes
    changed = replace(assessment, items=items, history=tuple(history))
    return chained(changed, len(assessment.history))


def _part_score(score: float, status: Status, item: Item | None, name: str) -> float:
    """A part score as the rule allows it (rules/scoring.part_score_problem)."""
    problem = part_score_problem(item, status, score)
    if problem is not None:
        raise InputError(_("{item}: {problem}").format(item=name, problem=problem))
    return exact(score)


def _text(score: float | None) -> str | None:
    return None if score is None else points_text(score)


def detach(
    assessment: Assessment, item_id: str, paths: Sequence[str], stamp: Stamp, name: str = ""
) -> Assessment:
    """Remove evidence entries (by stored path) from an item (`name`d so in messages)."""
    if item_id not in assessment.items:
        raise NotFoundError(_("no item {item!r} in this assessment").format(item=item_id))
    state = assessment.items[item_id]
    attached = list(state.evidence)
    history = list(assessment.history)
    for path in paths:
        matches = [e for e in attached if e.path == path]
        if not matches:
            listed = _(", ").join(e.path for e in attached)
            if not listed:
                # TRANSLATORS: in "attached: none", when no evidence is attached.
                listed = _("none")
            raise NotFoundError(
                _("item {item} has no evidence {path!r}; attached: {listed}").format(
                    item=name or item_id, path=path, listed=listed
                )
            )
        for entry in matches:
            attached.remove(entry)
            history.append(
                _change(stamp, Action.EVIDENCE_REMOVED, item_id, entry.sha256, None, entry.path)
            )
    new_state: ItemState = replace(state, evidence=tuple(attached), updated=stamp.at, by=stamp.by)
    items = dict(assessment.items)
    items[item_id] = new_state
    changed = replace(assessment, items=items, history=tuple(history))
    return chained(changed, len(assessment.history))


def _change(
    stamp: Stamp,
    action: Action,
    item: str,
    old: str | None,
    new: str | None,
    path: str | None = None,
) -> Change:
    return Change(at=stamp.at, by=stamp.by, action=action, item=item, old=old, new=new, path=path)


def sealed(assessment: Assessment, stamp: Stamp, key: str) -> Assessment:
    """The submission (报送): a `sealed` line naming the signing key's fingerprint."""
    if is_sealed(assessment):
        raise InputError(_("already sealed; to seal it again after a change, unseal it first"))
    line = Change(at=stamp.at, by=stamp.by, action=Action.SEALED, new=key)
    return chained(
        replace(assessment, history=(*assessment.history, line)), len(assessment.history)
    )


def unsealed(assessment: Assessment, stamp: Stamp, reason: str) -> Assessment:
    """The seal lifted on purpose: an `unsealed` line with the reason."""
    if not is_sealed(assessment):
        raise InputError(_("not sealed: there is no seal to lift"))
    text = clean_text(reason, "--reason")
    if not text:
        raise InputError(
            _("say why the seal is lifted{hint}").format(hint=cli_hint(_(': --reason "…"')))
        )
    line = Change(at=stamp.at, by=stamp.by, action=Action.UNSEALED, new=text)
    return chained(
        replace(assessment, history=(*assessment.history, line)), len(assessment.history)
    )
