"""rules/totals.py: every item of the scope scored, self-assessed and reviewed, and summed."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ipcheck.core.marking import mark
from ipcheck.model.assessment import Assessment, ItemState, Status
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.model.review import Decision, ItemReview, Review, ReviewedFile
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.rules.scoring import ItemScore, Score
from ipcheck.rules.totals import score_items
from tests.rules.inputs import AT, evidence, stamp


@pytest.fixture
def scope(latest: LoadedChecklist, fresh: Assessment) -> list[ScopedItem]:
    return scope_of(latest.checklist, fresh.assessee)


@pytest.fixture
def marked(fresh: Assessment) -> Assessment:
    """Measure 1 of 叶县 answered: 1.1, 1.2 done with evidence, 1.3 done without,
    1.4 and 1.5 不适用 (every item of measure 1 has 1 point)."""
    a = mark(
        fresh,
        ["punitive-damages", "serious-infringement"],
        stamp(1),
        status=Status.DONE,
        evidence=[evidence()],
    )
    a = mark(a, ["copyright-trademark-crackdown"], stamp(2), status=Status.DONE)
    return mark(
        a,
        ["three-in-one-jurisdiction", "three-in-one-coordination-mechanism"],
        stamp(3),
        status=Status.NA,
        reason="本县无知识产权审判庭",
    )


def decided(decision: Decision, score: int | None = None, reason: str | None = None) -> ItemReview:
    return ItemReview(decision=decision, score=score, reason=reason, at=AT, by="市考核办")


def review_of(assessment: Assessment, items: dict[str, ItemReview]) -> Review:
    return Review(
        schema_version=1,
        kind="review",
        assessment=ReviewedFile(file="叶县-2025.toml", sha256="b" * 64),
        assessee=assessment.assessee,
        period=assessment.period,
        checklist=assessment.checklist,
        reviewer="市考核办",
        created=AT,
        items=items,
    )


def test_a_fresh_assessment_scores_nothing_of_the_countys_hundred_points(
    latest: LoadedChecklist, fresh: Assessment, scope: list[ScopedItem]
) -> None:
    scores = score_items(fresh, scope, latest.checklist.scoring)
    assert len(scores.items) == len(scope) == 97
    assert scores.own == Score(
        earned=0, base=100, na_items=0, na_points=0, na_excluded=0, unproven=0
    )
    assert scores.reviewed is None
    assert all(s.reviewed is None for s in scores.items)
    assert [s.scoped.number for s in scores.of(14)] == ["14.1", "14.2", "14.3", "14.4", "14.5"]
    assert scores.of(99) == []


def test_without_a_review_the_own_score_follows_the_item_rule(
    latest: LoadedChecklist, marked: Assessment, scope: list[ScopedItem]
) -> None:
    scores = score_items(marked, scope, latest.checklist.scoring)
    assert scores.own == Score(
        earned=2, base=100, na_items=2, na_points=2, na_excluded=0, unproven=1
    )
    assert scores.reviewed is None
    assert [(s.scoped.number, s.own.earned, s.own.unproven) for s in scores.of(1)] == [
        ("1.1", 1, False),
        ("1.2", 1, False),
        ("1.3", 0, True),
        ("1.4", 0, False),
        ("1.5", 0, False),
    ]


def test_an_item_missing_from_the_file_counts_as_not_started(
    latest: LoadedChecklist, fresh: Assessment, scope: list[ScopedItem]
) -> None:
    done = mark(fresh, ["credit-mechanism"], stamp(1), status=Status.DONE, evidence=[evidence()])
    items = dict(done.items)
    del items["credit-mechanism"], items["punitive-damages"]
    lacking = replace(done, items=items)
    scores = score_items(lacking, scope, latest.checklist.scoring)
    missing = next(s for s in scores.items if s.scoped.item.id == "credit-mechanism")
    assert missing.state == ItemState(status=Status.TODO)
    assert missing.own == ItemScore(2, 0, False, False, False, 2)
    assert len(scores.items) == 97  # the scope decides, not the file
    assert scores.own == Score(0, 100, 0, 0, 0, 0)


def test_a_review_applies_each_decision_to_its_item(
    latest: LoadedChecklist, marked: Assessment, scope: list[ScopedItem]
) -> None:
    review = review_of(
        marked,
        {
            "punitive-damages": decided(Decision.ACCEPTED),
            "serious-infringement": decided(Decision.REJECTED, reason="台账不全"),
            "copyright-trademark-crackdown": decided(Decision.DEDUCTED, 0, "无佐证"),
            "three-in-one-jurisdiction": decided(Decision.NA_APPROVED),
            "three-in-one-coordination-mechanism": decided(Decision.NA_REJECTED, reason="应开展"),
        },
    )
    scores = score_items(marked, scope, latest.checklist.scoring, review)
    reviewed = {s.scoped.number: s.reviewed for s in scores.of(1)}
    assert reviewed == {
        "1.1": ItemScore(1, 1, False, False, False, 1),  # accepted: as self-assessed
        "1.2": ItemScore(1, 0, False, False, False, 1),  # rejected: nothing
        "1.3": ItemScore(1, 0, False, False, False, 1),  # deducted to 0: no longer unproven
        "1.4": ItemScore(0, 0, True, True, False, 1),  # na-approved: leaves the base
        "1.5": ItemScore(1, 0, True, False, False, 1),  # na-rejected: stays, earns nothing
    }
    assert scores.reviewed == Score(
        earned=1, base=99, na_items=2, na_points=2, na_excluded=1, unproven=0
    )
    # the self-assessed score is untouched by the review
    assert scores.own == Score(2, 100, 2, 2, 0, 1)


def test_a_deduction_gives_the_points_the_office_names(
    latest: LoadedChecklist, fresh: Assessment, scope: list[ScopedItem]
) -> None:
    done = mark(fresh, ["credit-mechanism"], stamp(1), status=Status.DONE, evidence=[evidence()])
    review = review_of(done, {"credit-mechanism": decided(Decision.DEDUCTED, 1, "材料不全")})
    scores = score_items(done, scope, latest.checklist.scoring, review)
    assert scores.own.earned == 2
    assert scores.reviewed is not None and scores.reviewed.earned == 1


def test_items_the_office_has_not_decided_keep_their_own_score(
    latest: LoadedChecklist, marked: Assessment, scope: list[ScopedItem]
) -> None:
    review = review_of(marked, {})  # a review just begun
    scores = score_items(marked, scope, latest.checklist.scoring, review)
    assert scores.reviewed == scores.own
    assert all(s.reviewed == s.own for s in scores.items)
