"""rules/scoring.py: how one item earns its points, and how item scores add up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from ipcheck.model.assessment import ItemState, Status
from ipcheck.model.checklist import Checklist, NotApplicableRule, Scoring
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.rules.scoring import (
    ItemScore,
    Score,
    claimed,
    item_score,
    part_score_problem,
    scoring_rules,
    total,
    weights_sentence,
)
from ipcheck.text import labels
from tests.rules.inputs import evidence, item

# 1.3.0's rule: 不适用 waits for the office (office-approves), no evidence, no points
DECLARED = Scoring(
    county_total=100,
    not_applicable=NotApplicableRule.OFFICE_APPROVES,
    evidence_required=True,
)
NOT_ACCEPTED = Scoring(county_total=100, not_applicable=NotApplicableRule.NOT_ACCEPTED)
PROVEN = (evidence(),)


@pytest.fixture
def c(latest: LoadedChecklist) -> Checklist:
    return latest.checklist


def test_an_item_not_started_stays_in_the_base_and_earns_nothing(c: Checklist) -> None:
    credit = item(c, "credit-mechanism")  # 6.1, 2 points
    assert item_score(credit, ItemState(status=Status.TODO), DECLARED) == ItemScore(
        base=2, earned=0, na=False, na_excluded=False, unproven=False, points=2
    )


def test_an_item_done_earns_its_points_with_evidence_and_waits_for_it_without(
    c: Checklist,
) -> None:
    assert c.scoring.needs_evidence is DECLARED.needs_evidence  # the shipped rule
    credit = item(c, "credit-mechanism")
    proven = ItemState(status=Status.DONE, evidence=PROVEN)
    assert item_score(credit, proven, DECLARED) == ItemScore(2, 2, False, False, False, 2)
    assert item_score(credit, ItemState(status=Status.DONE), DECLARED) == ItemScore(
        base=2, earned=0, na=False, na_excluded=False, unproven=True, points=2
    )


@pytest.mark.parametrize(
    ("checklist_says", "item_says", "earned", "unproven"),
    [
        (True, None, 0, True),  # the checklist's rule
        (False, None, 2, False),
        (True, False, 2, False),  # the item overrides the checklist …
        (False, True, 0, True),  # … either way
    ],
)
def test_the_evidence_rule_is_the_checklists_unless_the_item_says_otherwise(
    c: Checklist, checklist_says: bool, item_says: bool | None, earned: int, unproven: bool
) -> None:
    credit = replace(item(c, "credit-mechanism"), evidence_required=item_says)
    scoring = Scoring(county_total=100, evidence_required=checklist_says)
    score = item_score(credit, ItemState(status=Status.DONE), scoring)
    assert (score.earned, score.unproven, score.base) == (earned, unproven, 2)


def test_an_item_in_progress_without_a_part_score_earns_nothing_and_needs_no_evidence(
    c: Checklist,
) -> None:
    credit = item(c, "credit-mechanism")
    score = item_score(credit, ItemState(status=Status.IN_PROGRESS), DECLARED)
    assert score == ItemScore(2, 0, False, False, False, 2)


def test_a_part_score_counts_where_the_criteria_allow_one_and_evidence_is_attached(
    c: Checklist,
) -> None:
    credit = item(c, "credit-mechanism")
    assert credit.criteria is not None and credit.criteria.part is not None
    proven = ItemState(status=Status.IN_PROGRESS, score=1, evidence=PROVEN)
    unproven = ItemState(status=Status.IN_PROGRESS, score=1)
    assert item_score(credit, proven, DECLARED) == ItemScore(2, 1, False, False, False, 2)
    assert item_score(credit, unproven, DECLARED) == ItemScore(2, 0, False, False, True, 2)


@pytest.mark.parametrize(
    ("item_id", "state", "points"),
    [
        ("credit-mechanism", ItemState(status=Status.DONE, score=1), 2),  # done: all of them
        ("credit-mechanism", ItemState(status=Status.IN_PROGRESS, score=1), 1),
        ("credit-mechanism", ItemState(status=Status.IN_PROGRESS, score=1.5), 1.5),  # halves
        ("credit-mechanism", ItemState(status=Status.IN_PROGRESS, score=9), 1.5),  # below full
        ("credit-mechanism", ItemState(status=Status.TODO, score=1), 0),
        ("credit-mechanism", ItemState(status=Status.NA, reason="无", score=1), 0),
        ("punitive-damages", ItemState(status=Status.IN_PROGRESS, score=0), 0),  # no part
        ("punitive-damages", ItemState(status=Status.DONE), 1),
    ],
)
def test_claimed_is_what_the_state_claims_before_the_evidence_rule(
    c: Checklist, item_id: str, state: ItemState, points: int
) -> None:
    assert claimed(item(c, item_id), state) == points


def test_a_not_applicable_item_stays_in_the_base_until_the_office_approves(c: Checklist) -> None:
    assert c.scoring.na_rule is DECLARED.na_rule  # the shipped rule
    credit = item(c, "credit-mechanism")
    state = ItemState(status=Status.NA, reason="本县不涉及")
    assert item_score(credit, state, DECLARED) == ItemScore(2, 0, True, False, False, 2)
    assert item_score(credit, state, DECLARED, na_approved=True) == ItemScore(
        base=0, earned=0, na=True, na_excluded=True, unproven=False, points=2
    )


def test_not_accepted_never_takes_a_not_applicable_item_out_of_the_base(c: Checklist) -> None:
    credit = item(c, "credit-mechanism")
    state = ItemState(status=Status.NA, reason="本县不涉及", evidence=PROVEN)
    assert item_score(credit, state, NOT_ACCEPTED, na_approved=True) == ItemScore(
        2, 0, True, False, False, 2
    )


@pytest.mark.parametrize(
    ("item_id", "status", "score", "why"),
    [
        ("credit-mechanism", Status.DONE, 1, "a part score belongs to an item 推进中, not done"),
        ("credit-mechanism", Status.TODO, 1, "a part score belongs to an item 推进中, not to do"),
        ("punitive-damages", Status.IN_PROGRESS, 0, "its criteria (评分标准) give no part score"),
        (None, Status.IN_PROGRESS, 0, "its criteria (评分标准) give no part score"),
        (
            "credit-mechanism",
            Status.IN_PROGRESS,
            2,
            "a part score is 0 to 1.5 in half points (it has 2 points; full points are for 已完成)",
        ),
        (
            "credit-mechanism",
            Status.IN_PROGRESS,
            -1,
            "a part score is 0 to 1.5 in half points (it has 2 points; full points are for 已完成)",
        ),
        (
            "credit-mechanism",
            Status.IN_PROGRESS,
            1.3,
            "a part score is 0 to 1.5 in half points (it has 2 points; full points are for 已完成)",
        ),
    ],
)
def test_part_score_problem_says_why_a_part_score_cannot_be_given(
    c: Checklist, item_id: str | None, status: Status, score: int, why: str
) -> None:
    found = None if item_id is None else item(c, item_id)
    assert part_score_problem(found, status, score) == why


@pytest.mark.parametrize("score", [0, 0.5, 1, 1.5])
def test_part_score_problem_accepts_zero_up_to_below_full_points(
    c: Checklist, score: float
) -> None:
    assert part_score_problem(item(c, "credit-mechanism"), Status.IN_PROGRESS, score) is None


def test_total_adds_the_items_and_counts_what_stands_beside_the_score() -> None:
    scores = [
        ItemScore(2, 2, False, False, False, 2),  # done
        ItemScore(1, 0, False, False, True, 1),  # done, waiting for evidence
        ItemScore(3, 0, True, False, False, 3),  # 不适用, not approved
        ItemScore(0, 0, True, True, False, 1),  # 不适用, approved
        ItemScore(4, 1, False, False, False, 4),  # a part score
    ]
    assert total(scores) == Score(
        earned=3, base=10, na_items=2, na_points=4, na_excluded=1, unproven=1
    )
    assert total(scores).rate == 0.3


def test_a_total_of_half_points_is_exact_and_whole_sums_are_integers() -> None:
    halves = [ItemScore(1.5, 0.5, False, False, False, 1.5)] * 3
    assert total(halves) == Score(1.5, 4.5, 0, 0, 0, 0)
    whole = total([ItemScore(1.5, 1.5, False, False, False, 1.5)] * 2)
    assert (whole.earned, whole.base) == (3, 3)
    assert isinstance(whole.earned, int) and isinstance(whole.base, int)


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=300))
def test_totals_in_half_points_never_drift(pairs: list[tuple[int, int]]) -> None:
    """Any number of half-point items adds up exactly: compared with exact fractions."""
    from fractions import Fraction

    scores = [
        ItemScore(max(a, b) / 2, min(a, b) / 2, False, False, False, max(a, b) / 2)
        for a, b in pairs
    ]
    got = total(scores)
    assert Fraction(got.earned) == sum((Fraction(min(a, b), 2) for a, b in pairs), Fraction(0))
    assert Fraction(got.base) == sum((Fraction(max(a, b), 2) for a, b in pairs), Fraction(0))
    assert isinstance(got.earned, int) == (Fraction(got.earned).denominator == 1)
    # nothing left to count: the rate is full
    assert total([]) == Score(0, 0, 0, 0, 0, 0)
    assert total([]).rate == 1.0
    assert total([ItemScore(0, 0, True, True, False, 2)]).rate == 1.0


def test_scoring_rules_are_stated_in_the_documents_words_or_the_users(
    c: Checklist, first: LoadedChecklist
) -> None:
    stated = (labels.SCORING_RULE["office-approves"], labels.SCORING_RULE["evidence"])
    assert scoring_rules(c) == stated
    assert first.checklist.scoring.not_applicable is None  # 1.0.0 declares nothing …
    assert scoring_rules(first.checklist) == stated  # … and gets the same rules
    said = scoring_rules(c, said=True)  # in the user's language
    assert len(said) == 2
    assert said[0].startswith("a 不适用 is a request to reduce the base (核减)")
    assert said[1].startswith("无佐证材料不得分: an item 已完成, or given a part score")


def test_a_checklist_without_the_evidence_rule_states_only_its_na_rule(c: Checklist) -> None:
    own = replace(c, scoring=replace(NOT_ACCEPTED, evidence_required=False))
    assert scoring_rules(own) == ("不适用事项不核减分值，计入满分、不得分",)
    assert scoring_rules(own, said=True) == (
        "a 不适用 never reduces the base: the item's points stay in it and earn nothing",
    )


def test_weights_sentence_is_the_checklists_own_without_its_full_stop(c: Checklist) -> None:
    assert c.scoring.weights is not None and c.scoring.weights.endswith("。")
    sentence = weights_sentence(c)
    assert sentence == c.scoring.weights[:-1]
    assert weights_sentence(c, said=True) == sentence  # the checklist's words: never translated


def test_weights_sentence_is_the_standard_one_where_the_checklist_gives_none(
    first: LoadedChecklist,
) -> None:
    assert weights_sentence(first.checklist) == (
        "各条目分值为本清单建议的权重，平办〔2021〕22号本身未规定分值；"
        "分值由发布清单的单位确定，市考核办可发布本市的清单版本调整分值"
    )
    assert weights_sentence(first.checklist, said=True).startswith(
        "The points are this checklist's suggested weights; 平办〔2021〕22号 itself gives none."
    )
