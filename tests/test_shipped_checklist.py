"""The shipped 平办〔2021〕22号 checklist agrees with the source text."""

from __future__ import annotations

from collections import Counter

import pytest

from ipcheck.core.policy import flatten, parse_policy
from ipcheck.model.checklist import AppliesTo, Checklist
from ipcheck.store.catalog import checklist_dirs, list_entries, load_entry
from ipcheck.store.loader import load_checklist
from ipcheck.store.resources import shipped_checklists_dir
from tests.helpers import SHIPPED


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(SHIPPED).checklist


@pytest.fixture(scope="module")
def source_text(checklist: Checklist) -> str:
    assert checklist.source.text is not None
    return (shipped_checklists_dir() / checklist.id / checklist.source.text).read_text(
        encoding="utf-8"
    )


def test_every_shipped_checklist_loads_and_sits_at_its_id_and_version() -> None:
    entries = list_entries(checklist_dirs())
    assert entries, "no shipped checklist found"
    for entry in entries:
        loaded = load_entry(entry)
        assert loaded.checklist.ref == f"{entry.id}@{entry.version}"


def test_source_metadata(checklist: Checklist) -> None:
    source = checklist.source
    assert source.doc_number == "平办〔2021〕22号"
    assert source.implements == "豫办〔2020〕21号"
    assert source.target_year == 2025
    assert source.issued.isoformat() == "2021-12-21"
    assert source.issuers == ("中共平顶山市委办公室", "平顶山市人民政府办公室")


def test_parts_and_themes(checklist: Checklist) -> None:
    assert [(p.numeral, p.theme) for p in checklist.parts] == [
        ("一", "总体要求"),
        ("二", "严保护"),
        ("三", "大保护"),
        ("四", "快保护"),
        ("五", "同保护"),
        ("六", "长效机制"),
    ]
    assert [m.part for m in checklist.measures] == [2] * 3 + [3] * 4 + [4] * 3 + [5] * 3 + [6] * 6


def test_measures_titles_and_units_are_the_documents(
    checklist: Checklist, source_text: str
) -> None:
    document = parse_policy(source_text).measures
    assert len(document) == len(checklist.measures) == 19
    names = {u.id: u.name for u in checklist.units}
    for in_doc, measure in zip(document, checklist.measures, strict=True):
        assert in_doc.marker is not None
        assert measure.title == in_doc.title
        assert tuple(names[u] for u in measure.lead) == in_doc.marker.lead
        assert tuple(names[u] for u in measure.responsible) == in_doc.marker.responsible


def test_county_bodies_are_two_units(checklist: Checklist) -> None:
    fourteen = checklist.measures[13]
    assert [checklist.unit(u).name for u in fourteen.responsible] == [
        "各县〔市、区〕党〔工〕委",
        "各县〔市、区〕政府〔管委会〕",
    ]
    assert {checklist.unit(u).kind.value for u in fourteen.responsible} == {"county"}


def test_every_item_quotes_its_sentence(checklist: Checklist, source_text: str) -> None:
    document = {m.number: m for m in parse_policy(source_text).measures}
    for measure in checklist.measures:
        sentences = document[measure.number].sentences
        for item in measure.items:
            assert 1 <= item.sentence <= len(sentences), item.id
            assert item.basis in sentences[item.sentence - 1], (item.id, item.basis)


def test_item_counts_and_points(checklist: Checklist) -> None:
    items = checklist.items()
    assert len(items) >= 70
    per_measure = Counter(m.number for m, _ in items)
    assert sum(3 <= n <= 6 for n in per_measure.values()) >= 17
    county = sum(i.points for _, i in items if i.applies_to is not AppliesTo.UNIT)
    assert county == checklist.scoring.county_total == 100


def test_goals_quote_the_general_requirements(checklist: Checklist, source_text: str) -> None:
    flat = flatten(source_text)
    assert len(checklist.goals) == 3
    for goal in checklist.goals:
        assert goal.text.removeprefix("到2025年，") in flat
