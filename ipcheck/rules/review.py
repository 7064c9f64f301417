"""The rules of the office's review (复核): what a review may say of an item, that it is
of the file as it is, and the reviewed score — the same score as everywhere else, with
the office's decisions applied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, ItemState, Status
from ipcheck.model.checklist import Item, Scoring
from ipcheck.model.points import is_half
from ipcheck.model.review import Decision, ItemReview, Review
from ipcheck.rules.scope import ScopedItem, state_of
from ipcheck.rules.scoring import ItemScore, claimed, item_score
from ipcheck.text.hints import cli_hint
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text

NA_DECISIONS = (Decision.NA_APPROVED, Decision.NA_REJECTED)
NEEDS_REASON = (Decision.REJECTED, Decision.DEDUCTED, Decision.NA_REJECTED)


def item_fingerprint(state: ItemState) -> str:
    """What a decision is about, as a SHA-256: the item's status, part score, 不适用
    reason, and its evidence (paths and their SHA-256, in any order). A note or who
    last touched it is not; a resubmission whose item still gives this keeps the decision."""
    import hashlib

    import msgspec

    facts = [
        state.status.value,
        None if state.score is None else str(state.score),
        state.reason,
        sorted([e.path, e.sha256] for e in state.evidence),
    ]
    return hashlib.sha256(msgspec.json.encode(facts)).hexdigest()


class CarriedOver(NamedTuple):
    """A resubmission's new review begun from the review of the earlier submission."""

    items: dict[str, ItemReview]  # the decisions that still hold, by item id
    again: list[ScopedItem]  # decided before, changed since: the office decides again


def carry_over(
    earlier: Review, assessment: Assessment, scope: Sequence[ScopedItem], scoring: Scoring
) -> CarriedOver:
    """The decisions of the earlier submission's review on items that did not change
    (their fingerprint holds, and the decision still fits): the rest are asked again. A
    review of another checklist version carries nothing over."""
    kept: dict[str, ItemReview] = {}
    again: list[ScopedItem] = []
    same_version = earlier.checklist == assessment.checklist
    for scoped in scope:
        decision = earlier.items.get(scoped.item.id)
        if decision is None:
            continue
        state = state_of(assessment, scoped)
        if (
            same_version
            and decision.item is not None
            and decision.item == item_fingerprint(state)
            and decision_problem(scoped, state, decision, scoring) is None
        ):
            kept[scoped.item.id] = decision
        else:
            again.append(scoped)
    return CarriedOver(kept, again)


def same_state(review: Review, assessment: Assessment, name: str, sha256: str) -> None:
    """A review is of one state of one assessment: another assessee, year or checklist,
    or a file that changed since the review began, is refused, saying which."""
    theirs = (assessment.assessee, assessment.period, assessment.checklist)
    if (review.assessee, review.period) == theirs[:2] and (
        review.checklist.id == assessment.checklist.id
        and review.checklist.version != assessment.checklist.version
    ):
        raise InputError(
            _(
                "{name} moved from {then} to {now} (ipcheck upgrade) after the review began: "
                "a review is of one checklist version; begin a new one (ipcheck review -f "
                "{name} --new), in which each item is decided again"
            ).format(name=name, then=review.checklist.version, now=assessment.checklist.version)
        )
    if (review.assessee, review.period, review.checklist) != theirs:
        raise InputError(
            _("the review is of {reviewed} {period} ({checklist}), not of {name}").format(
                reviewed=review.assessee.name,
                period=review.period,
                checklist=f"{review.checklist.id}@{review.checklist.version}",
                name=name,
            )
        )
    if review.assessment.file != name:
        raise InputError(
            _("the review is of the file {reviewed!r}, not of {name}").format(
                reviewed=review.assessment.file, name=name
            )
        )
    if review.assessment.sha256 != sha256:
        raise InputError(
            _(
                "{name} changed after the review began (SHA-256 {then}… when reviewed, "
                "{now}… now): a review is of one state of the file; review the file as it "
                "is with a new review (ipcheck review -f {name} --new), which carries over "
                "the decisions on items that did not change"
            ).format(name=name, then=review.assessment.sha256[:12], now=sha256[:12])
        )


def decision_problem(
    scoped: ScopedItem, state: ItemState, decision: ItemReview, scoring: Scoring
) -> str | None:
    """Why a decision cannot stand for an item, or None: 扣分 only lowers what the item
    earns; 认可 of an item whose points wait for evidence needs the evidence rule waived
    for it, with a reason."""
    choice = decision.decision
    own = item_score(scoped.item, state, scoring)
    if state.status is Status.NA and choice not in NA_DECISIONS:
        return _("{item} is 不适用: approve or reject the request to 核减").format(item=scoped.name)
    if state.status is not Status.NA and choice in NA_DECISIONS:
        return _("{item} is not 不适用: accept, reject or deduct").format(item=scoped.name)
    if choice is Decision.DEDUCTED:
        if decision.score is None:
            return _("{item}: a deduction gives the points it earns{hint}").format(
                item=scoped.name, hint=cli_hint(_(" (--score)"))
            )
        if not is_half(decision.score):
            return _("{item}: points are given in half points (1, 1.5), not {score}").format(
                item=scoped.name, score=decision.score
            )
        # what it earns as self-assessed (at most its points) is what a deduction lowers:
        # said against that, never against its points (a trial met "1.5 is no deduction
        # of its 1.5" for an item self-scored 1)
        if own.earned == 0:
            return _(
                "{item}: it earns nothing as self-assessed: there is nothing to deduct "
                "(不认可 says it earns nothing)"
            ).format(item=scoped.name)
        if decision.score >= own.earned:
            earned = points_text(own.earned)
            return _(
                "{item}: it earns {earned} as self-assessed; a deduction only lowers that{hint}"
            ).format(
                item=scoped.name,
                earned=earned,
                hint=cli_hint(_(" (--score below {earned})").format(earned=earned)),
            )
    elif decision.score is not None:
        return _("{item}: points given{hint} go with a deduction only").format(
            item=scoped.name, hint=cli_hint(_(" (--score)"))
        )
    if decision.waived and choice is not Decision.ACCEPTED:
        return _("{item}: the evidence rule is waived with 认可 only").format(item=scoped.name)
    if choice is Decision.ACCEPTED and own.unproven and not decision.waived:
        return _(
            "{item}: it earns nothing until evidence is attached (无佐证材料不得分); accept it "
            "only by waiving that rule for it, with a reason{hint}"
        ).format(item=scoped.name, hint=cli_hint(_(" (--waive-evidence --reason …)")))
    if decision.waived and not own.unproven:
        return _(
            "{item}: its points do not wait for evidence: there is no evidence rule to waive"
        ).format(item=scoped.name)
    if decision.waived and not (decision.reason and decision.reason.strip()):
        return _("{item}: waiving the evidence rule needs a reason{hint}").format(
            item=scoped.name, hint=cli_hint(_(" (--reason)"))
        )
    if choice in NEEDS_REASON and not (decision.reason and decision.reason.strip()):
        return _("{item}: {decision} needs a reason{hint}").format(
            item=scoped.name, decision=choice.label, hint=cli_hint(_(" (--reason)"))
        )
    return None


def reviewed_item_score(
    item: Item, state: ItemState, scoring: Scoring, decision: ItemReview | None
) -> ItemScore:
    """The item's part of the reviewed score: its own where the office has not decided."""
    if decision is None:
        return item_score(item, state, scoring)
    if decision.decision is Decision.NA_APPROVED:
        return item_score(item, state, scoring, na_approved=True)
    own = item_score(item, state, scoring)
    if decision.decision in (Decision.REJECTED, Decision.NA_REJECTED):
        return own._replace(earned=0)
    if decision.decision is Decision.DEDUCTED and decision.score is not None:
        return own._replace(earned=min(decision.score, own.earned), unproven=False)
    if decision.decision is Decision.ACCEPTED and decision.waived and own.unproven:
        return own._replace(earned=claimed(item, state), unproven=False)
    return own


def check_decisions(
    review: Review, assessment: Assessment, scope: Sequence[ScopedItem], scoring: Scoring
) -> None:
    """Every decision in a review is one the office could have recorded: an item the
    assessee answers, a decision that fits it (a file edited by hand is refused)."""
    by_id = {s.item.id: s for s in scope}
    for item_id, decision in review.items.items():
        scoped = by_id.get(item_id)
        if scoped is None:
            raise InputError(
                _("the review decides {item!r}, which {assessee} does not answer").format(
                    item=item_id, assessee=assessment.assessee.name
                )
            )
        problem = decision_problem(scoped, state_of(assessment, scoped), decision, scoring)
        if problem is not None:
            raise InputError(
                _("the review is not as ipcheck writes it: {problem}").format(problem=problem)
            )
