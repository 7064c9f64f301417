"""How an item earns its points — one rule, applied wherever a score is shown.

The checklist declares the rule (`[scoring]`): what 不适用 does to the base, whether
points need evidence (无佐证材料不得分), and, per item, the criteria that allow a part
score for an item 推进中. `status`, `report`, `summary` and `diff` all add up
`item_score`, so no view can show a score another would not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ipcheck.model.assessment import ItemState, Status
from ipcheck.model.checklist import Checklist, Item, NotApplicableRule, Scoring
from ipcheck.model.points import HALF, exact, is_half
from ipcheck.text import labels
from ipcheck.text.i18n import _
from ipcheck.text.points import points_text


class ItemScore(NamedTuple):
    """What one item contributes to a score."""

    base: float  # its points in the base (0 once a 不适用 leaves it), in half points
    earned: float
    na: bool  # marked 不适用
    na_excluded: bool  # … and left the base (approved 核减)
    unproven: bool  # would earn points but has no evidence: 已完成（待补佐证）
    points: float  # the item's points


def evidence_required(item: Item, scoring: Scoring) -> bool:
    return scoring.needs_evidence if item.evidence_required is None else item.evidence_required


def allows_part_score(item: Item) -> bool:
    """An item 推进中 may be given a part score where its criteria say what earns part
    (and it has a point to part: half points are the smallest)."""
    return item.criteria is not None and item.criteria.part is not None and item.points >= 1


def part_score_problem(item: Item | None, status: Status, score: float) -> str | None:
    """Why a part score cannot be given, or None: a part score is for an item 推进中, where
    its criteria say what earns part, in half points from 0 to below its points (full
    points are for 已完成). The one place this is decided: `mark --score` refuses what it
    names, `validate` reports it."""
    if status is not Status.IN_PROGRESS:
        return _("a part score belongs to an item 推进中, not {status}").format(status=status.said)
    if item is None or not allows_part_score(item):
        return _("its criteria (评分标准) give no part score")
    if not (0 <= score < item.points and is_half(score)):
        return _(
            "a part score is 0 to {most} in half points (it has {points} points; full points "
            "are for 已完成)"
        ).format(most=points_text(item.points - HALF), points=points_text(item.points))
    return None


def claimed(item: Item, state: ItemState) -> float:
    """The points the state claims, before the evidence rule."""
    status = state.status
    if status is Status.DONE:
        return item.points
    if status is Status.IN_PROGRESS and state.score is not None and allows_part_score(item):
        return min(state.score, item.points - HALF)
    return 0


def item_score(
    item: Item, state: ItemState, scoring: Scoring, *, na_approved: bool = False
) -> ItemScore:
    """The item's part of the score. A 不适用 leaves the base only when the rule is
    `office-approves` and the office approved it (`na_approved`); until then it stays in
    the base and earns nothing."""
    if state.status is Status.NA:
        excluded = na_approved and scoring.na_rule is NotApplicableRule.OFFICE_APPROVES
        return ItemScore(0 if excluded else item.points, 0, True, excluded, False, item.points)
    points = item.points
    claim = claimed(item, state)
    if not claim:  # most items of a year's assessment: nothing claimed, nothing to prove
        return ItemScore(points, 0, False, False, False, points)
    unproven = not state.evidence and evidence_required(item, scoring)
    return ItemScore(points, 0 if unproven else claim, False, False, unproven, points)


class Score(NamedTuple):
    """A sum of item scores: earned of base, and what stands beside it."""

    earned: float  # in half points, an integer when whole
    base: float
    na_items: int
    na_points: float
    na_excluded: int  # 不适用 items that left the base (approved)
    unproven: int  # items whose points wait for evidence

    @property
    def rate(self) -> float:
        return self.earned / self.base if self.base else 1.0


def total(scores: Iterable[ItemScore]) -> Score:
    earned: float = 0
    base: float = 0
    na_points: float = 0
    na_items = na_excluded = unproven = 0
    for s in scores:
        earned += s.earned
        base += s.base
        if s.na:
            na_items += 1
            na_points += s.points
            na_excluded += s.na_excluded
        unproven += s.unproven
    return Score(exact(earned), exact(base), na_items, exact(na_points), na_excluded, unproven)


def scoring_rules(checklist: Checklist, *, said: bool = False) -> tuple[str, ...]:
    """The checklist's scoring rules as the documents state them (Chinese), or as the
    interface says them (`said`: in the user's language)."""
    scoring = checklist.scoring
    codes = (scoring.na_rule.value,) + (("evidence",) if scoring.needs_evidence else ())
    rules = tuple(_words(code, said) for code in codes)
    if scoring.rule is not None:  # how the points follow from the duties (1.4.0 on)
        from ipcheck.rules.duties import rule_sentence

        rules += (rule_sentence(checklist, said=said) or "",)
    return rules


def weights_sentence(checklist: Checklist, *, said: bool = False) -> str:
    """Where the points come from: the checklist's own sentence, else the standard one."""
    if checklist.scoring.weights is not None:
        return checklist.scoring.weights.rstrip("。")
    return _words("weights", said).format(doc_number=checklist.source.doc_number)


def _words(code: str, said: bool) -> str:
    return labels.said("scoring_rule", code) if said else labels.SCORING_RULE[code]
