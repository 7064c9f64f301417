"""Ranks as 考核 gives them: ties share a rank (并列), counties and units apart."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, NamedTuple

from hypothesis import given
from hypothesis import strategies as st

from ipcheck.core.summary import ranks


class Ranked(NamedTuple):  # what ranks() reads of a summary row
    kind: str
    exact_rate: Fraction


def test_equal_rates_share_a_rank_and_the_next_one_skips() -> None:
    rows: list[Any] = [
        Ranked("county", Fraction(7, 10)),
        Ranked("county", Fraction(3, 5)),
        Ranked("county", Fraction(60, 100)),  # the same rate, reached otherwise
        Ranked("county", Fraction(1, 2)),
        Ranked("unit", Fraction(1, 2)),
        Ranked("unit", Fraction(1, 2)),
    ]
    assert ranks(rows) == [(1, False), (2, True), (2, True), (4, False), (1, True), (1, True)]


@given(st.lists(st.tuples(st.sampled_from(["county", "unit"]), st.integers(0, 10)), max_size=40))
def test_a_rank_is_one_more_than_the_better_rows_of_its_kind(pairs: list[tuple[str, int]]) -> None:
    rows: list[Any] = sorted(
        (Ranked(kind, Fraction(score, 10)) for kind, score in pairs),
        key=lambda r: (r.kind != "county", -r.exact_rate),
    )
    for row, (rank, tied) in zip(rows, ranks(rows), strict=True):
        mine = [r for r in rows if r.kind == row.kind]
        assert rank == 1 + sum(r.exact_rate > row.exact_rate for r in mine)
        assert tied == (sum(r.exact_rate == row.exact_rate for r in mine) > 1)
