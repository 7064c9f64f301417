"""The roll-up's rows kept as they stream past (core/summary.OneYear)."""

from __future__ import annotations

from array import array
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from ipcheck.core.summary import CELL_TYPE, OneYear, Row


def _row(n: int, period: int) -> Row:
    return Row.of(f"{n}.toml", f"县{n}", "county", None, "c", "1.0.0", period, array(CELL_TYPE))


@given(st.lists(st.sampled_from([2023, 2024, 2025]), max_size=40), st.none() | st.just(2024))
def test_one_year_keeps_the_rows_of_the_year_rolled_up_and_counts_the_rest(
    periods: list[int], asked: int | None
) -> None:
    rows = [_row(n, period) for n, period in enumerate(periods)]
    kept = OneYear(asked)
    for row in rows:
        kept.add(row)
    assert kept.years == Counter(periods)
    chosen = asked if asked is not None else max(periods, default=None)
    assert kept.rows == [r for r in rows if r.period == chosen]


def test_a_later_year_found_after_an_earlier_one_drops_the_earlier_rows() -> None:
    kept = OneYear()
    for n, period in enumerate([2024, 2024, 2025, 2024]):
        kept.add(_row(n, period))
    assert [r.name for r in kept.rows] == ["县2"]
    assert kept.years == Counter({2024: 3, 2025: 1})
