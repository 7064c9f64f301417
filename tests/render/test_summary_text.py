"""The summary's terminal text: figures that rank a row are never hidden by rounding."""

from __future__ import annotations

from ipcheck.text.labels import rates_text


def test_a_reviewed_rate_is_shown_to_a_tenth_where_whole_percents_hide_it() -> None:
    assert rates_text(0.614, None) == "61%"
    assert rates_text(0.614, 0.609) == "61.4% → 60.9%"  # not 61% → 61%
    assert rates_text(0.61, 0.61) == "61% → 61%"  # the same: nothing hidden
    assert rates_text(0.7, 0.5) == "70% → 50%"
