"""The assessment office's review (复核) of one self-assessment, as plain, frozen data.

It lives in its own file beside the county's (叶县-2025.toml → 叶县-2025.review), never in
the county's file, and pins the bytes of the assessment it reviews: a review of a file
that changed since is refused (rules/review.py).
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from ipcheck.model.assessment import Assessee, ChecklistPin, Name, Sha256, _Record
from ipcheck.model.checklist import Slug, Text
from ipcheck.model.points import Points
from ipcheck.model.seal import Signature
from ipcheck.text import labels

REVIEW_SCHEMA_VERSION = 1
REVIEW_SUFFIX = ".review"  # beside the assessment: 叶县-2025.toml → 叶县-2025.review


class Decision(StrEnum):
    """The office's word on one item."""

    ACCEPTED = "accepted"  # 认可: the self-assessed points stand
    REJECTED = "rejected"  # 不认可: the item earns nothing
    DEDUCTED = "deducted"  # 扣分: it earns the points the office gives (fewer)
    NA_APPROVED = "na-approved"  # 同意核减: a 不适用 leaves the base
    NA_REJECTED = "na-rejected"  # 不同意核减: it stays in the base, earning nothing

    @property
    def label(self) -> str:
        return labels.DECISION[self.value]


class EarlierDecision(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A decision the office changed since: kept, so that a change of mind is seen."""

    decision: Decision
    score: Points | None = None
    reason: Text | None = None
    at: dt.datetime
    by: Name


class ItemReview(_Record, frozen=True, kw_only=True, omit_defaults=True):
    decision: Decision
    score: Annotated[Points, Meta(description="For deducted: the points it earns")] | None = None
    reason: Annotated[
        Text | None, Meta(description="Why: required unless the self-assessment is accepted")
    ] = None
    waived: Annotated[
        bool,
        Meta(
            description="With 认可: the office waives 无佐证材料不得分 for this item (its reason "
            "says why); the item earns what it claims"
        ),
    ] = False
    at: dt.datetime
    by: Name
    item: Annotated[
        Sha256 | None,
        Meta(
            description="SHA-256 of the item as decided (status, part score, 不适用 reason, "
            "evidence paths and their SHA-256): a resubmission carries the decision over "
            "to its new review only while the item is unchanged"
        ),
    ] = None
    earlier: Annotated[
        tuple[EarlierDecision, ...],
        Meta(max_length=100, description="The decisions it replaced, oldest first"),
    ] = ()


class ReviewedFile(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """The assessment as it was when the review began."""

    file: Annotated[str, Meta(max_length=255, description="Its file name, beside the review")]
    sha256: Annotated[Sha256, Meta(description="Of every byte of the file")]


class Review(_Record, frozen=True, kw_only=True, omit_defaults=True):
    schema_version: Literal[1]
    kind: Literal["review"]
    assessment: ReviewedFile
    assessee: Assessee
    period: Annotated[int, Meta(ge=2000, le=2100)]
    checklist: ChecklistPin
    reviewer: Annotated[Name, Meta(description="The office that reviews: 市考核办")]
    created: dt.datetime
    follows: Annotated[
        ReviewedFile | None,
        Meta(
            description="The earlier submission whose review this one carried unchanged "
            "items' decisions over from (a resubmission)"
        ),
    ] = None
    items: Annotated[
        dict[Slug, ItemReview], Meta(description="The office's decision on each item, by id")
    ] = msgspec.field(default_factory=dict)
    signature: Annotated[
        Signature | None,
        Meta(description="The office's Ed25519 signature over the rest (ipcheck key)"),
    ] = None
