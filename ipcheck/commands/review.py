"""`review` and `decide`: the assessment office's review (复核) of a self-assessment, kept
in its own file beside the county's (叶县-2025.review), never by editing the county's
file. The review pins the SHA-256 of the file it reviews; a file changed since is
refused with the reason."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import msgspec

from ipcheck.core.report import status_label
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Status
from ipcheck.model.events import Events, Out, Say
from ipcheck.model.review import (
    Decision,
    EarlierDecision,
    ItemReview,
    Review,
    ReviewedFile,
)
from ipcheck.model.views.review import ReviewRow, ReviewScore, ReviewView
from ipcheck.rules.review import (
    decision_problem,
)
from ipcheck.rules.scope import resolve_refs, state_of
from ipcheck.rules.scoring import Score
from ipcheck.rules.totals import score_items
from ipcheck.rules.values import check_name
from ipcheck.store.assessment_file import Opened, open_assessment
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
from ipcheck.text.safety import printable

Dirs = Sequence[tuple[Path, bool]]

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


def review(
    file: Path | None,
    dirs: Dirs,
    *,
    new: bool,
    force: bool,
    reviewer: str | None,
    as_json: bool,
) -> Events:
    """Begin a review of an assessment (--new), or show it: the self-assessed and the
    reviewed score side by side, and every decision."""
    opened = open_assessment(file, dirs)
    path = opened.loaded.path
    target = review_path(path)
    sha256, _size = sha256_file(path)
    if new:
        a = opened.loaded.assessment
        # TRANSLATORS: said before a name: reviewer '…' is not usable as a name …
        office = check_name(reviewer or who(None), _("reviewer"))
        key, name = office_key()

        def begin() -> Review:
            if os.path.lexists(target) and not force:
                raise InputError(
                    _("{review} exists: a review is under way (--force begins it again)").format(
                        review=target
                    )
                )
            begun = Review(
                schema_version=1,
                kind="review",
                assessment=ReviewedFile(file=path.name, sha256=sha256),
                assessee=a.assessee,
                period=a.period,
                checklist=a.checklist,
                reviewer=office,
                created=now(),
            )
            return sign_review(begun, key, name)

        _begun, backup = change_review(path, begin, replace=force)
        if backup is not None:
            yield Say(
                _("{review}: the review under way is kept as {backup}").format(
                    review=target, backup=backup
                )
            )
        yield Say(
            _(
                "{review}: review of {assessee} {period} begun by {reviewer}; record each "
                "decision with ipcheck decide ITEM 认可|不认可|扣分|同意核减|不同意核减"
            ).format(review=target, assessee=a.assessee.name, period=a.period, reviewer=office)
        )
    current = checked_review(path, opened.loaded.assessment, opened.scope, sha256)
    view = review_view(opened, current, target)
    if as_json:
        yield Out(view)
    elif not new:
        yield Out(review_text(view))
    return ExitCode.OK


def decide(
    refs: Sequence[str],
    word: str,
    dirs: Dirs,
    *,
    score: int | None,
    reason: str | None,
    file: Path | None,
    by: str | None,
) -> Events:
    """Record the office's decision on items, in the review beside the assessment."""
    decision = parse_decision(word)
    opened = open_assessment(file, dirs)
    path = opened.loaded.path
    target = review_path(path)
    a = opened.loaded.assessment
    chosen = resolve_refs(opened.scope, refs, a.assessee, opened.checklist.checklist)
    cleaned = (reason or "").strip() or None

    def work() -> Review:
        current = checked_review(path, a, opened.scope, sha256_file(path)[0])
        items = dict(current.items)
        at = now()
        stamp_by = who(by) if by else current.reviewer  # the office, unless named
        for scoped in chosen:
            entry = ItemReview(decision=decision, score=score, reason=cleaned, at=at, by=stamp_by)
            problem = decision_problem(scoped, state_of(a, scoped), entry)
            if problem is not None:
                raise InputError(problem)
            before = items.get(scoped.item.id)
            if before is not None:
                said = (before.decision, before.score, before.reason)
                if said == (decision, score, cleaned):
                    continue  # the same decision again: nothing to record
                kept = EarlierDecision(
                    decision=before.decision,
                    score=before.score,
                    reason=before.reason,
                    at=before.at,
                    by=before.by,
                )
                entry = msgspec.structs.replace(entry, earlier=(*before.earlier, kept))
            items[scoped.item.id] = entry
        ordered = {s.item.id: items[s.item.id] for s in opened.scope if s.item.id in items}
        key, name = office_key()
        return sign_review(msgspec.structs.replace(current, items=ordered), key, name)

    updated, _backup = change_review(path, work)
    yield Say(
        _("{review}: {items} {decision}").format(
            review=target,
            items="、".join(s.number for s in chosen),
            decision=decision.label,
        )
    )
    view = review_view(opened, updated, target)
    yield Say(
        _("self-assessed {own}/{own_base}, reviewed {reviewed}/{reviewed_base}").format(
            own=view.own.score,
            own_base=view.own.max_score,
            reviewed=view.reviewed.score,
            reviewed_base=view.reviewed.max_score,
        )
    )
    return ExitCode.OK


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


def review_text(view: ReviewView) -> str:
    """The review as the office reads it in a terminal: scores, then each decision."""
    lines = [
        _("{assessee} {period}: reviewed by {reviewer} ({file}, SHA-256 {sha}…)").format(
            assessee=view.assessee,
            period=view.period,
            reviewer=view.reviewer,
            file=view.file,
            sha=view.sha256[:12],
        ),
        _(
            "self-assessed (自评) {own}/{own_base} · reviewed (复核) {reviewed}/{reviewed_base}"
        ).format(
            own=view.own.score,
            own_base=view.own.max_score,
            reviewed=view.reviewed.score,
            reviewed_base=view.reviewed.max_score,
        ),
        _("{decided} items decided; {undecided} claimed items not decided yet").format(
            decided=view.decided, undecided=view.undecided
        ),
    ]
    for row in view.items:
        if row.decision_label is None:
            continue
        points = f"{'—' if row.own is None else row.own} → {'—' if row.reviewed is None else row.reviewed}"
        reason = f"：{row.reason}" if row.reason else ""
        lines.append(f"  {row.number} {row.status_label} {row.decision_label} {points}{reason}")
        lines += ["      " + _("earlier: {decision}").format(decision=e) for e in row.earlier]
    return "".join(printable(line) + "\n" for line in lines)
