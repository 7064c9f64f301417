"""`review` and `decide`: the assessment office's review (复核) of a self-assessment, kept
in its own file beside the county's (叶县-2025.review), never by editing the county's
file. The review pins the SHA-256 of the file it reviews; a file changed since is
refused with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ipcheck.commands.events import Events, Out, Say
from ipcheck.commands.opening import Opened, open_assessment
from ipcheck.core.report import status_label
from ipcheck.core.seal import sign_review
from ipcheck.errors import ExitCode, InputError
from ipcheck.model.assessment import Assessment, Status
from ipcheck.model.review import (
    REVIEW_SUFFIX,
    Decision,
    EarlierDecision,
    ItemReview,
    Review,
    ReviewedFile,
)
from ipcheck.model.views.review import ReviewRow, ReviewScore, ReviewView
from ipcheck.rules.review import (
    check_decisions,
    decision_problem,
    reviewed_item_score,
    same_state,
)
from ipcheck.rules.scope import ScopedItem, resolve_refs, state_of
from ipcheck.rules.scoring import ItemScore, Score, item_score, total
from ipcheck.rules.values import check_name
from ipcheck.store.clock import now, who
from ipcheck.store.evidence import sha256_file
from ipcheck.store.files import read_companion
from ipcheck.store.loader import describe_conversion_error
from ipcheck.store.toml import decode_text, loads_toml
from ipcheck.store.writer import atomic_write, locked, to_toml
from ipcheck.text.i18n import _
from ipcheck.text.safety import printable

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

Dirs = Sequence[tuple[Path, bool]]
REVIEW_LIMIT = 4 << 20  # a review of a few hundred items: far below this

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


def office_key() -> tuple[Ed25519PrivateKey, str]:
    """The office's signing key (ipcheck key --new --name 市考核办) and its name: it signs
    every review, and only reviews it signed are counted here."""
    from ipcheck.store.keys import default_key_path, key_name, load_private

    path = default_key_path()
    if not path.exists():
        raise InputError(
            _(
                "the office signs its reviews, and this machine has no signing key: "
                "create it once with: ipcheck key --new --name 市考核办"
            )
        )
    return load_private(path), key_name(path) or ""


def trusted(review: Review, target: Path) -> Review:
    """The review, if this office signed it (a review in another's name, or changed by
    hand since, is refused: a county cannot send the office a review of its own)."""
    from ipcheck.core.seal import review_signer
    from ipcheck.store.keys import raw_public

    key, _name = office_key()
    signer = review_signer(review)
    if signer is None or signer.raw != raw_public(key):
        raise InputError(
            _(
                "{review} is not signed by this office's key: not counted (a review is "
                "begun and changed with ipcheck review and ipcheck decide here)"
            ).format(review=target)
        )
    return review


def review_path(assessment: Path) -> Path:
    return assessment.with_suffix(REVIEW_SUFFIX)


def read_review_bytes(assessment: Path) -> bytes | None:
    """The review beside an assessment, if the office has begun one; a link leading out of
    the assessment's folder is refused, not followed."""
    return read_companion(review_path(assessment), assessment, REVIEW_LIMIT)


def checked_review(
    path: Path,
    assessment: Assessment,
    scope: Sequence[ScopedItem],
    sha256: str,
    data: bytes | None = None,
) -> Review:
    """The review beside an assessment (its bytes, where already read), counted only as
    this office signed it, of the file as it is, with decisions ipcheck would record."""
    target = review_path(path)
    if data is None:
        data = read_review_bytes(path)
        if data is None:
            raise InputError(
                _(
                    "no review of {file}: begin one with ipcheck review -f {file} --new "
                    "--reviewer NAME"
                ).format(file=path.name)
            )
    review = trusted(parse_review(data, target), target)
    same_state(review, assessment, path.name, sha256)
    check_decisions(review, assessment, scope)
    return review


def parse_review(data: bytes, path: Path) -> Review:
    raw = loads_toml(decode_text(data, str(path)), str(path))
    try:
        return msgspec.convert(raw, Review, strict=True)
    except msgspec.ValidationError as exc:
        problem = describe_conversion_error(exc)
        raise InputError(
            _("{path}: not a review ipcheck can read: {key}: {problem}").format(
                path=path, key=problem.key, problem=problem.message
            )
        ) from None


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
        if target.exists() and not force:
            raise InputError(
                _("{review} exists: a review is under way (--force begins it again)").format(
                    review=target
                )
            )
        a = opened.loaded.assessment
        # TRANSLATORS: said before a name: reviewer '…' is not usable as a name …
        office = check_name(reviewer or who(None), _("reviewer"))
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
        key, name = office_key()
        atomic_write(target, to_toml(sign_review(begun, key, name)))
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
        updated = sign_review(msgspec.structs.replace(current, items=ordered), key, name)
        atomic_write(target, to_toml(updated))
        return updated

    updated = locked(target, work)
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
    rows: list[ReviewRow] = []
    own_scores: list[ItemScore] = []
    reviewed_scores: list[ItemScore] = []
    for scoped in opened.scope:
        state = state_of(a, scoped)
        decision = current.items.get(scoped.item.id)
        own = item_score(scoped.item, state, scoring)
        reviewed = reviewed_item_score(scoped.item, state, scoring, decision)
        own_scores.append(own)
        reviewed_scores.append(reviewed)
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
    return ReviewView(
        file=opened.loaded.path.name,
        review=str(target),
        sha256=current.assessment.sha256,
        assessee=a.assessee.name,
        period=a.period,
        checklist=f"{a.checklist.id}@{a.checklist.version}",
        reviewer=current.reviewer,
        created=current.created.isoformat(),
        own=_score(total(own_scores)),
        reviewed=_score(total(reviewed_scores)),
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
