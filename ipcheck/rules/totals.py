"""The one function that turns an assessment's item states — and the office's decisions,
where it has reviewed — into item scores and their totals.

`status`, `report`, `summary`, `review` and `diff` all add up what `score_items` gives:
the rule for one item is rules/scoring.item_score (and, reviewed,
rules/review.reviewed_item_score); the sum is `total`; no view sums otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ipcheck.model.assessment import Assessment, ItemState
from ipcheck.model.checklist import Scoring
from ipcheck.rules.scope import ScopedItem, state_of
from ipcheck.rules.scoring import ItemScore, Score, item_score, total

if TYPE_CHECKING:
    from ipcheck.model.review import Review


class Scored(NamedTuple):
    """One item of the scope: its state, its own score, and its reviewed score where the
    office has reviewed (its own where it has not decided the item)."""

    scoped: ScopedItem
    state: ItemState
    own: ItemScore
    reviewed: ItemScore | None


class Scores(NamedTuple):
    items: list[Scored]
    own: Score
    reviewed: Score | None  # None: not reviewed

    def of(self, number: int) -> list[Scored]:
        """The items of one measure."""
        return [s for s in self.items if s.scoped.measure.number == number]


def score_items(
    assessment: Assessment,
    scope: Sequence[ScopedItem],
    scoring: Scoring,
    review: Review | None = None,
) -> Scores:
    """Every item of the scope scored (an item missing from the file counts as 未开始),
    and the totals: self-assessed, and reviewed where a review is given."""
    if review is not None:  # the review's rules, only where one is given (start-up)
        from ipcheck.rules.review import reviewed_item_score
    items: list[Scored] = []
    for scoped in scope:
        state = state_of(assessment, scoped)
        own = item_score(scoped.item, state, scoring)
        reviewed = None
        if review is not None:
            decision = review.items.get(scoped.item.id)
            reviewed = reviewed_item_score(scoped.item, state, scoring, decision)
        items.append(Scored(scoped, state, own, reviewed))
    reviewed_total = None
    if review is not None:
        reviewed_total = total(s.reviewed for s in items if s.reviewed is not None)
    return Scores(items, total(s.own for s in items), reviewed_total)
