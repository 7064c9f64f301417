"""rules/review.py: what the office's review may say of an item, that it is of the file as it
is, and the reviewed score."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ipcheck.core.marking import mark
from ipcheck.errors import InputError
from ipcheck.model.assessment import Assessment, ItemState, Status
from ipcheck.model.checklist import Checklist
from ipcheck.model.loaded import LoadedChecklist
from ipcheck.model.review import Decision, ItemReview, Review, ReviewedFile
from ipcheck.rules.review import check_decisions, decision_problem, reviewed_item_score, same_state
from ipcheck.rules.scope import ScopedItem, scope_of
from ipcheck.rules.scoring import ItemScore, item_score
from tests.rules.inputs import AT, evidence, item, scoped, stamp

FILE = "叶县-2025.toml"
SHA = "b" * 64
DONE = ItemState(status=Status.DONE, evidence=(evidence(),))
NA = ItemState(status=Status.NA, reason="本县不涉及")


UNPROVEN = ItemState(status=Status.DONE)  # done, no evidence: earns nothing yet
PART = ItemState(status=Status.IN_PROGRESS, score=1, evidence=(evidence(),))  # 1 of its 2


def decided(
    decision: Decision, score: float | None = None, reason: str | None = None, waived: bool = False
) -> ItemReview:
    return ItemReview(
        decision=decision, score=score, reason=reason, waived=waived, at=AT, by="市考核办"
    )


def review_of(assessment: Assessment, items: dict[str, ItemReview] | None = None) -> Review:
    return Review(
        schema_version=1,
        kind="review",
        assessment=ReviewedFile(file=FILE, sha256=SHA),
        assessee=assessment.assessee,
        period=assessment.period,
        checklist=assessment.checklist,
        reviewer="市考核办",
        created=AT,
        items=items or {},
    )


@pytest.fixture
def scope(latest: LoadedChecklist, fresh: Assessment) -> list[ScopedItem]:
    return scope_of(latest.checklist, fresh.assessee)


@pytest.fixture
def c(latest: LoadedChecklist) -> Checklist:
    return latest.checklist


@pytest.mark.parametrize(
    ("state", "decision", "problem"),
    [
        (NA, decided(Decision.ACCEPTED), " is 不适用: approve or reject the request to 核减"),
        (
            NA,
            decided(Decision.DEDUCTED, 1, "扣"),
            " is 不适用: approve or reject the request to 核减",
        ),
        (DONE, decided(Decision.NA_APPROVED), " is not 不适用: accept, reject or deduct"),
        (
            DONE,
            decided(Decision.NA_REJECTED, reason="应开展"),
            " is not 不适用: accept, reject or deduct",
        ),
        (
            DONE,
            decided(Decision.DEDUCTED, reason="扣"),
            ": a deduction gives the points it earns (--score)",
        ),
        (
            DONE,
            decided(Decision.DEDUCTED, 2, "扣"),
            ": it earns 2 as self-assessed; a deduction only lowers that (--score below 2)",
        ),
        (
            PART,
            decided(Decision.DEDUCTED, 2, "扣"),  # its points, above the 1 it earns
            ": it earns 1 as self-assessed; a deduction only lowers that (--score below 1)",
        ),
        (DONE, decided(Decision.ACCEPTED, 1), ": points given (--score) go with a deduction only"),
        (
            DONE,
            decided(Decision.REJECTED, 0, "差"),
            ": points given (--score) go with a deduction only",
        ),
        (DONE, decided(Decision.REJECTED), ": 不认可 needs a reason (--reason)"),
        (
            DONE,
            decided(Decision.ACCEPTED, reason="原件已核验", waived=True),
            ": its points do not wait for evidence: there is no evidence rule to waive",
        ),
        (DONE, decided(Decision.DEDUCTED, 1), ": 扣分 needs a reason (--reason)"),
        (NA, decided(Decision.NA_REJECTED), ": 不同意核减 needs a reason (--reason)"),
        (
            UNPROVEN,
            decided(Decision.DEDUCTED, 1, "扣"),
            ": it earns nothing as self-assessed: there is nothing to deduct (不认可 says it earns nothing)",
        ),
        (
            UNPROVEN,
            decided(Decision.ACCEPTED),
            ": it earns nothing until evidence is attached (无佐证材料不得分); accept it only "
            "by waiving that rule for it, with a reason (--waive-evidence --reason …)",
        ),
        (
            UNPROVEN,
            decided(Decision.ACCEPTED, waived=True),
            ": waiving the evidence rule needs a reason (--reason)",
        ),
        (
            UNPROVEN,
            decided(Decision.REJECTED, reason="无", waived=True),
            ": the evidence rule is waived with 认可 only",
        ),
    ],
    ids=[
        "na-accepted",
        "na-deducted",
        "done-na-approved",
        "done-na-rejected",
        "deducted-without-score",
        "deducted-to-full-points",
        "deducted-to-more-than-a-part-score",
        "accepted-with-score",
        "rejected-with-score",
        "rejected-without-reason",
        "waived-with-evidence-attached",
        "deducted-without-reason",
        "na-rejected-without-reason",
        "deducted-from-nothing",
        "accepted-without-evidence",
        "waived-without-reason",
        "waived-with-a-rejection",
    ],
)
def test_decision_problem_says_why_a_decision_cannot_stand(
    scope: list[ScopedItem], c: Checklist, state: ItemState, decision: ItemReview, problem: str
) -> None:
    said = decision_problem(scoped(scope, "credit-mechanism"), state, decision, c.scoring)
    assert said == f"6.1 守信激励和失信联合惩戒机制{problem}"


@pytest.mark.parametrize(
    ("state", "decision"),
    [
        (DONE, decided(Decision.ACCEPTED)),  # agreeing needs no reason
        (ItemState(status=Status.TODO), decided(Decision.ACCEPTED)),
        (DONE, decided(Decision.REJECTED, reason="台账不全")),
        (DONE, decided(Decision.DEDUCTED, 0, "无佐证")),
        (DONE, decided(Decision.DEDUCTED, 1, "材料不全")),
        (NA, decided(Decision.NA_APPROVED)),
        (NA, decided(Decision.NA_REJECTED, reason="应开展")),
        (UNPROVEN, decided(Decision.ACCEPTED, reason="原件已现场核验", waived=True)),
        (UNPROVEN, decided(Decision.REJECTED, reason="无佐证")),
    ],
)
def test_decisions_that_fit_their_item_stand(
    scope: list[ScopedItem], c: Checklist, state: ItemState, decision: ItemReview
) -> None:
    assert decision_problem(scoped(scope, "credit-mechanism"), state, decision, c.scoring) is None


def test_an_item_the_office_has_not_decided_keeps_its_own_score(c: Checklist) -> None:
    credit = item(c, "credit-mechanism")
    unproven = ItemState(status=Status.DONE)
    own = item_score(credit, unproven, c.scoring)
    assert own.unproven
    assert reviewed_item_score(credit, unproven, c.scoring, None) == own
    assert reviewed_item_score(credit, DONE, c.scoring, decided(Decision.ACCEPTED)) == (
        ItemScore(2, 2, False, False, False, 2)
    )


@pytest.mark.parametrize(
    ("state", "decision", "expected"),
    [
        (DONE, decided(Decision.REJECTED, reason="差"), ItemScore(2, 0, False, False, False, 2)),
        (DONE, decided(Decision.DEDUCTED, 1, "扣"), ItemScore(2, 1, False, False, False, 2)),
        (
            UNPROVEN,
            decided(Decision.ACCEPTED, reason="现场核验", waived=True),
            ItemScore(2, 2, False, False, False, 2),
        ),
        (UNPROVEN, decided(Decision.ACCEPTED), ItemScore(2, 0, False, False, True, 2)),
        (NA, decided(Decision.NA_APPROVED), ItemScore(0, 0, True, True, False, 2)),
        (
            NA,
            decided(Decision.NA_REJECTED, reason="应开展"),
            ItemScore(2, 0, True, False, False, 2),
        ),
    ],
)
def test_reviewed_item_score_applies_the_decision(
    c: Checklist, state: ItemState, decision: ItemReview, expected: ItemScore
) -> None:
    assert reviewed_item_score(item(c, "credit-mechanism"), state, c.scoring, decision) == expected


def test_same_state_accepts_the_file_the_review_is_of(fresh: Assessment) -> None:
    assert same_state(review_of(fresh), fresh, FILE, SHA) is None


def test_same_state_refuses_a_review_of_another_assessee_year_checklist_or_file(
    fresh: Assessment,
) -> None:
    review = review_of(fresh)
    other_year = replace(review, period=2024)
    with pytest.raises(InputError) as refused:
        same_state(other_year, fresh, FILE, SHA)
    assert str(refused.value) == (
        "the review is of 叶县 2024 (pingdingshan-2021-22@1.3.0), not of 叶县-2025.toml"
    )
    other_county = replace(review, assessee=replace(fresh.assessee, name="郏县"))
    with pytest.raises(InputError, match=r"^the review is of 郏县 2025 "):
        same_state(other_county, fresh, FILE, SHA)
    # the file moved on to another version of its checklist (upgrade): begin again
    other_version = replace(review, checklist=replace(fresh.checklist, version="1.2.0"))
    with pytest.raises(InputError, match=r"^叶县-2025.toml moved from 1\.2\.0 to 1\.3\.0 "):
        same_state(other_version, fresh, FILE, SHA)
    other_list = replace(review, checklist=replace(fresh.checklist, id="another-22"))
    with pytest.raises(InputError, match=r"\(another-22@1\.3\.0\), not of"):
        same_state(other_list, fresh, FILE, SHA)
    with pytest.raises(InputError) as refused:
        same_state(review, fresh, "叶县-2025-副本.toml", SHA)
    assert str(refused.value) == (
        "the review is of the file '叶县-2025.toml', not of 叶县-2025-副本.toml"
    )


def test_same_state_refuses_a_file_changed_since_the_review_began(fresh: Assessment) -> None:
    with pytest.raises(InputError) as refused:
        same_state(review_of(fresh), fresh, FILE, "c" * 64)
    message = str(refused.value)
    assert message.startswith(
        "叶县-2025.toml changed after the review began "
        "(SHA-256 bbbbbbbbbbbb… when reviewed, cccccccccccc… now)"
    )
    assert message.endswith(
        "(ipcheck review -f 叶县-2025.toml --new), which carries over the decisions on items "
        "that did not change"
    )


def test_check_decisions_accepts_decisions_that_fit(
    fresh: Assessment, scope: list[ScopedItem], c: Checklist
) -> None:
    marked = mark(fresh, ["strong-county"], stamp(1), status=Status.NA, reason="已创建")
    review = review_of(
        marked,
        {
            "strong-county": decided(Decision.NA_APPROVED),
            "punitive-damages": decided(Decision.REJECTED, reason="未开展"),
        },
    )
    assert check_decisions(review, marked, scope, c.scoring) is None


def test_check_decisions_refuses_an_item_the_assessee_does_not_answer(
    fresh: Assessment, scope: list[ScopedItem], c: Checklist
) -> None:
    review = review_of(fresh, {"demonstration-city": decided(Decision.ACCEPTED)})  # 7.1: units
    with pytest.raises(InputError) as refused:
        check_decisions(review, fresh, scope, c.scoring)
    assert (
        str(refused.value) == "the review decides 'demonstration-city', which 叶县 does not answer"
    )


def test_check_decisions_refuses_a_decision_ipcheck_would_not_write(
    fresh: Assessment, scope: list[ScopedItem], c: Checklist
) -> None:
    # an item missing from the file is 未开始: not 不适用, so no 核减 to approve
    items = dict(fresh.items)
    del items["strong-county"]
    lacking = replace(fresh, items=items)
    review = review_of(lacking, {"strong-county": decided(Decision.NA_APPROVED)})
    with pytest.raises(InputError) as refused:
        check_decisions(review, lacking, scope, c.scoring)
    assert str(refused.value) == (
        "the review is not as ipcheck writes it: "
        "7.2 省级知识产权强县（市） is not 不适用: accept, reject or deduct"
    )
