"""`api.create_assessment` of a unit named as officers name it: the closest units where
none fits, and the bodies every county has sent to the county's own assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcheck import api
from ipcheck.errors import InputError, NotFoundError


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("公安局", "市公安局"),
        ("海关", "平顶山海关"),
        ("市教育局", "市教育体育局"),
        ("人社局", "市人力资源和社会保障局"),
    ],
)
def test_an_unknown_unit_gets_the_closest_ones(here: Path, typed: str, suggested: str) -> None:
    with pytest.raises(NotFoundError, match=f"did you mean {suggested}") as refused:
        api.create_assessment(unit=typed, period=2025)
    assert "--units" in str(refused.value)
    assert list(here.iterdir()) == []


def test_county_bodies_assess_through_the_county(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    with pytest.raises(InputError) as refused:
        api.create_assessment(unit="各县〔市、区〕党〔工〕委", period=2025)
    said = str(refused.value)
    assert "由各县在本县自评中作答" in said and "--county" in said
    assert list(here.iterdir()) == []
