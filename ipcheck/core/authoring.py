"""Writing checklists: what a maintainer need not keep by hand.

Fields that must agree with a place — the number and numeral of each part
and measure, the county total of points — are derived from the places here,
and `ipcheck fmt` writes them: insert a measure anywhere and run fmt.
"""

from __future__ import annotations

from msgspec.structs import replace

from ipcheck.model.checklist import AppliesTo, Checklist
from ipcheck.text.numerals import to_chinese


def numbered(checklist: Checklist) -> Checklist:
    """The checklist with parts and measures numbered by their places, their numerals
    written, a measure's part renumbered with its part, and the county total summed."""
    renumber = {part.number: index for index, part in enumerate(checklist.parts, start=1)}
    parts = tuple(
        replace(part, number=index, numeral=to_chinese(index))
        for index, part in enumerate(checklist.parts, start=1)
    )
    measures = tuple(
        replace(
            measure,
            number=index,
            numeral=to_chinese(index),
            part=renumber.get(measure.part, measure.part),
        )
        for index, measure in enumerate(checklist.measures, start=1)
    )
    total = sum(
        item.points
        for measure in measures
        for item in measure.items
        if item.applies_to in (AppliesTo.COUNTY, AppliesTo.BOTH)
    )
    scoring = replace(checklist.scoring, county_total=total) if total else checklist.scoring
    return replace(checklist, parts=parts, measures=measures, scoring=scoring)
