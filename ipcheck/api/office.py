"""The office's review (复核), as functions: begin one beside an assessment, read it as the
office sees it (self-assessed and reviewed scores side by side), record decisions. The
review lives in its own file (store/review_file.py), signed by the office's key, pinned to
the SHA-256 of the file it reviews."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec

from ipcheck.core.report import status_label
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, Status
from ipcheck.model.points import exact
from ipcheck.model.review import Decision, EarlierDecision, ItemReview, Review, ReviewedFile
from ipcheck.model.views.review import ReviewRow, ReviewScore, ReviewView
from ipcheck.rules.review import CarriedOver, carry_over, decision_problem, item_fingerprint
from ipcheck.rules.scope import ScopedItem, resolve_refs, state_of
from ipcheck.rules.scoring import Score
from ipcheck.rules.totals import score_items
from ipcheck.rules.values import check_name, clean_text
from ipcheck.store.assessment_file import Opened
from ipcheck.store.clock import now, who
from ipcheck.store.evidence import sha256_file
from ipcheck.store.review_file import (
    change_review,
    checked_review,
    office_key,
    review_path,
    sign_review,
)
from ipcheck.text.i18n import _

# What officers type for each decision.
_WORDS = {
    Decision.ACCEPTED: ("认可", "accept", "accepted"),
    Decision.REJECTED: ("不认可", "reject", "rejected"),
    Decision.DEDUCTED: ("扣分", "deduct", "deducted"),
    Decision.NA_APPROVED: ("同意核减", "approve", "na-approved"),
    Decision.NA_REJECTED: ("不同意核减", "deny", "na-rejected"),
}


def parse_decision(word: str) -> Decision:
    for decision, words in _WORDS.items():
        if word.strip() in words:
            return decision
    raise InputError(
        _("{word!r} is not a decision; give one of {decisions}").format(
            word=word, decisions="、".join(words[0] for words in _WORDS.values())
        )
    )


class Begun(NamedTuple):
    review: Review
    path: Path
    backup: Path | None  # the review it replaced, kept
    carried: tuple[str, ...] = ()  # a resubmission: the items whose decisions were kept
    again: tuple[str, ...] = ()  # … and those decided before that changed since


def refuse_broken_seal(opened: Opened) -> None:
    """A file sealed and changed since — its bytes or any evidence file it sealed — is not
    reviewed: the office reviews what was sent."""
    from ipcheck.store.seal_file import seal_state

    if seal_state(opened.loaded, opened.checklist.checklist) == "seal-broken":
        raise InputError(
            _(
                "{file} was changed after it was sealed (it or an evidence file is not as "
                "sealed): it is not reviewed; ipcheck verify says what changed"
            ).format(file=opened.path.name)
        )


def begin_review(opened: Opened, *, reviewer: str | None = None, force: bool = False) -> Begun:
    """Begin the office's review of the assessment as it is now, signed by the office's
    key. Beside a review of an earlier state of the file (a resubmission), the decisions on
    items that did not change are carried over; a review of this state is replaced only
    with `force` (afresh, nothing carried). A review replaced is kept as a backup."""
    opened = opened.fresh()
    path = opened.path
    target = review_path(path)
    sha256, _size = sha256_file(path)
    a = opened.loaded.assessment
    refuse_broken_seal(opened)
    # TRANSLATORS: said before a name: reviewer '…' is not usable as a name …
    office = check_name(reviewer or who(None), _("reviewer"))
    key, name = office_key()

    carried = CarriedOver({}, [])

    def begin() -> Review:
        nonlocal carried
        # a resubmission carries the decisions that still hold over; --force begins afresh
        exists = os.path.lexists(target)
        earlier = _resubmitted(path, a, sha256) if exists and not force else None
        if exists and earlier is None and not force:
            if _our_review(path) is None:  # a county's own .review, another office's, a broken one
                raise InputError(
                    _(
                        "{review} exists, but this office did not sign it (made elsewhere, or "
                        "damaged): --force begins this office's review, the file kept as a "
                        "backup"
                    ).format(review=target)
                )
            raise InputError(
                _("{review} exists: a review is under way (--force begins it again)").format(
                    review=target
                )
            )
        if earlier is not None:
            carried = carry_over(earlier, a, opened.scope, opened.checklist.checklist.scoring)
        begun = Review(
            schema_version=1,
            kind="review",
            assessment=ReviewedFile(file=path.name, sha256=sha256),
            assessee=a.assessee,
            period=a.period,
            checklist=a.checklist,
            reviewer=office,
            created=now(),
            follows=None if earlier is None else earlier.assessment,
            items=carried.items,
        )
        return sign_review(begun, key, name)

    review, backup = change_review(path, begin, replace=True)
    by_id = {s.item.id: s.number for s in opened.scope}
    return Begun(
        review,
        target,
        backup,
        tuple(by_id[item] for item in carried.items),
        tuple(s.number for s in carried.again),
    )


def _our_review(path: Path) -> Review | None:
    """The review beside the assessment, where this office signed it; else None (none
    there, not this office's, or not readable)."""
    from ipcheck.errors import IpcheckError
    from ipcheck.store.review_file import parse_review, read_review_bytes, trusted

    target = review_path(path)
    try:
        data = read_review_bytes(path)
        return None if data is None else trusted(parse_review(data, target), target)
    except IpcheckError:
        return None


def _resubmitted(path: Path, assessment: Assessment, sha256: str) -> Review | None:
    """The review beside the file, where it is this office's review of an earlier state of
    this assessee's file for the year (a resubmission after the review); else None."""
    earlier = _our_review(path)  # not this office's, or not readable: nothing carried over
    if earlier is None:
        return None
    same = (earlier.assessee, earlier.period) == (assessment.assessee, assessment.period)
    if not same or earlier.assessment.file != path.name or earlier.assessment.sha256 == sha256:
        return None
    return earlier


def review(opened: Opened) -> ReviewView:
    """The review beside the assessment, as the office reads it: both scores and every
    decision (refused if this office did not sign it, or the file changed since)."""
    opened = opened.fresh()
    sha256, _size = sha256_file(opened.path)
    current = checked_review(
        opened.path,
        opened.loaded.assessment,
        opened.scope,
        sha256,
        scoring=opened.checklist.checklist.scoring,
    )
    return review_view(opened, current, review_path(opened.path))


class Decided(NamedTuple):
    items: list[ScopedItem]
    decision: Decision
    view: ReviewView


def decide(
    opened: Opened,
    items: Sequence[str],
    decision: Decision | str,
    *,
    score: float | None = None,
    reason: str | None = None,
    by: str | None = None,
    waive_evidence: bool = False,
) -> Decided:
    """Record the office's decision on items (认可, 不认可, 扣分 with the score it earns,
    同意核减, 不同意核减), with the reason where it disagrees; a decision replaced is kept
    as an earlier one."""
    if isinstance(decision, str):
        decision = parse_decision(decision)
    chosen_decision = decision
    opened = opened.fresh()
    path = opened.path
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, list(items), a.assessee, opened.checklist.checklist)
    cleaned = clean_text(reason, "--reason")  # as a county's reasons are: shown by every output
    score = None if score is None else exact(score)
    scoring = opened.checklist.checklist.scoring

    def work() -> Review:
        sha256 = sha256_file(path)[0]
        refuse_broken_seal(opened)
        current = checked_review(path, a, opened.scope, sha256, scoring=scoring)
        entries = dict(current.items)
        at = now()
        stamp_by = who(by) if by else current.reviewer  # the office, unless named
        for scoped in chosen:
            state = state_of(a, scoped)
            entry = ItemReview(
                decision=chosen_decision,
                score=score,
                reason=cleaned,
                waived=waive_evidence,
                at=at,
                by=stamp_by,
                item=item_fingerprint(state),  # what was decided on: kept on resubmission
            )
            problem = decision_problem(scoped, state, entry, scoring)
            if problem is not None:
                raise InputError(problem)
            before = entries.get(scoped.item.id)
            if before is not None:
                said = (before.decision, before.score, before.reason, before.waived)
                if said == (chosen_decision, score, cleaned, waive_evidence):
                    if before.item is None:  # recorded before items were fingerprinted
                        entries[scoped.item.id] = msgspec.structs.replace(before, item=entry.item)
                    continue  # the same decision again: nothing else to record
                kept = EarlierDecision(
                    decision=before.decision,
                    score=before.score,
                    reason=before.reason,
                    at=before.at,
                    by=before.by,
                )
                entry = msgspec.structs.replace(entry, earlier=(*before.earlier, kept))
            entries[scoped.item.id] = entry
        ordered = {s.item.id: entries[s.item.id] for s in opened.scope if s.item.id in entries}
        key, name = office_key()
        return sign_review(msgspec.structs.replace(current, items=ordered), key, name)

    updated, _backup = change_review(path, work)
    return Decided(chosen, chosen_decision, review_view(opened, updated, review_path(path)))


def review_view(opened: Opened, current: Review, target: Path) -> ReviewView:
    a = opened.loaded.assessment
    scoring = opened.checklist.checklist.scoring
    scores = score_items(a, opened.scope, scoring, current)
    rows: list[ReviewRow] = []
    for scored in scores.items:
        scoped, state, own = scored.scoped, scored.state, scored.own
        reviewed = scored.reviewed
        assert reviewed is not None  # the review was given
        decision = current.items.get(scoped.item.id)
        rows.append(
            ReviewRow(
                number=scoped.number,
                id=scoped.item.id,
                text=scoped.item.text,
                status=state.status.value,
                status_label=status_label(state, own, scoring.na_rule),  # 已完成（待补佐证）
                points=scoped.item.points,
                own=None if own.na_excluded else own.earned,
                reviewed=None if reviewed.na_excluded else reviewed.earned,
                decision=None if decision is None else decision.decision.value,
                decision_label=None if decision is None else decision.decision.label,
                reason=None if decision is None else decision.reason,
                waived=decision is not None and decision.waived,
                by=None if decision is None else decision.by,
                at=None if decision is None else decision.at.isoformat(),
                earlier=[] if decision is None else [_earlier(e) for e in decision.earlier],
            )
        )
    assert scores.reviewed is not None
    return ReviewView(
        file=opened.loaded.path.name,
        review=str(target),
        sha256=current.assessment.sha256,
        assessee=a.assessee.name,
        period=a.period,
        checklist=f"{a.checklist.id}@{a.checklist.version}",
        reviewer=current.reviewer,
        created=current.created.isoformat(),
        own=_score(scores.own),
        reviewed=_score(scores.reviewed),
        decided=sum(1 for r in rows if r.decision is not None),
        undecided=sum(1 for r in rows if r.decision is None and r.status != Status.TODO.value),
        items=rows,
    )


def _earlier(decision: EarlierDecision) -> str:
    """A decision replaced since, as one line: 不认可（台账不全）市考核办 2026-01-12 10:00."""
    said = f"（{decision.reason}）" if decision.reason else ""
    score = f" {decision.score}" if decision.score is not None else ""
    when = decision.at.isoformat(sep=" ", timespec="minutes")[:16]
    return f"{decision.decision.label}{score}{said} {decision.by} {when}"


def _score(score: Score) -> ReviewScore:
    return ReviewScore(
        score=score.earned,
        max_score=score.base,
        na=score.na_items,
        na_excluded=score.na_excluded,
    )
