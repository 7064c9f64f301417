"""Shares as percents: one rule in every format, a half rounded up, as Excel shows them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcheck.text.labels import percent


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        # found by a trial: 58.5/100 showed 58%, 39.5/100 40%, while Excel showed 59%
        (0.585, "59%"),
        (0.395, "40%"),
        (0.515, "52%"),
        (0.625, "63%"),
        (0.755, "76%"),
        (0.0, "0%"),
        (1.0, "100%"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_a_half_is_rounded_up(share: float | None, shown: str) -> None:
    assert percent(share) == shown


def test_tenths_where_asked() -> None:
    assert percent(0.585, 1) == "58.5%" and percent(0.58549, 1) == "58.5%"


@given(st.integers(0, 400), st.integers(1, 400))
def test_a_score_over_its_base_is_rounded_as_its_exact_share_is(score: int, base: int) -> None:
    """Half points over the base, as summary has them: the float's error never decides
    (58.5/100 is 0.58499… as a float), the exact share does, a half going up."""
    from fractions import Fraction

    exact = Fraction(score, 2 * base) * 100
    assert percent((score / 2) / base) == f"{int(exact + Fraction(1, 2))}%"
