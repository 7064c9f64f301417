"""The pictures' figures: a rate label never makes two different rates look tied."""

from __future__ import annotations

from fractions import Fraction

from ipcheck.core.summary_charts import _labeller


def test_rates_that_round_alike_are_shown_to_a_tenth() -> None:
    label = _labeller([Fraction(535, 1000), Fraction(54, 100), Fraction(7, 10)])
    assert [label(r) for r in (0.535, 0.54, 0.7)] == ["53.5%", "54.0%", "70.0%"]
    same = _labeller([Fraction(6, 10), Fraction(6, 10), Fraction(7, 10)])  # a real tie
    assert [same(r) for r in (0.6, 0.7)] == ["60%", "70%"]
