"""The shipped 平办〔2021〕22号 checklist agrees with the source text."""

from __future__ import annotations

from collections import Counter

import pytest

from ipcheck.core.policy import flatten, parse_policy
from ipcheck.model.checklist import AppliesTo, Checklist
from ipcheck.rules.scope import bears, unit_scope
from ipcheck.store.catalog import checklist_dirs, list_entries, load_entry, resolve
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


# 1.2.0: item texts within their source sentence, criteria for every item, units by duty.
LATEST = "pingdingshan-2021-22@1.2.0"
# Duties 1.1.0 added that 平办〔2021〕22号 does not contain (found in review).
ADDED_IN_REVIEW = (
    "定期召开",
    "联席会议",
    "年度知识产权行政执法工作方案",
    "投诉处理机构",
    "网络版权专项",
    "诉调对接",
    "推送",
    "产业集聚区",
    "协作协议",
    "公平竞争审查",
    "人才库",
    "管理办法",
)


@pytest.fixture(scope="module")
def latest() -> Checklist:
    return resolve(LATEST, checklist_dirs()).checklist


def test_every_item_of_the_latest_says_only_what_its_sentence_says(
    latest: Checklist, source_text: str
) -> None:
    document = {m.number: m for m in parse_policy(source_text).measures}
    for measure in latest.measures:
        sentences = document[measure.number].sentences
        for item in measure.items:
            sentence = sentences[item.sentence - 1]
            assert item.basis in sentence, (item.id, item.basis)
            position = 0
            for piece in item.text.split("……"):  # the document's words, elided in order
                found = item.basis.find(piece, position)
                assert piece and found >= 0, (item.id, piece)
                position = found + len(piece)
            assert not [w for w in ADDED_IN_REVIEW if w in item.text], item.id
            assert item.criteria is not None and item.criteria.full and item.criteria.none
            assert item.short is not None and item.points >= 1, item.id


def test_the_latest_keeps_the_documents_soft_words_and_named_duties(latest: Checklist) -> None:
    texts = {item.id: item.text for _, item in latest.items()}
    assert "鼓励保险机构" in texts["overseas-insurance"]
    shorts = {item.short for _, item in latest.items()}
    assert {"助力乡村振兴", "知识产权保护合作交流", "知识产权保护监督机制"} <= shorts
    assert latest.goals[0].text.startswith("到2025年，我市")
    indicators = {i for goal in latest.goals for i in goal.indicators}
    assert not {"每万人高价值发明专利拥有量", "社会满意度得分（第三方测评）"} & indicators


def test_the_latest_maps_every_item_of_1_1_0(latest: Checklist) -> None:
    previous = resolve("pingdingshan-2021-22@1.1.0", checklist_dirs()).checklist
    kept = {item.id for _, item in latest.items()}
    mapped = {old for entry in latest.mapping for old in entry.old}
    assert latest.previous == "1.1.0"
    assert {item.id for _, item in previous.items()} <= kept | mapped


def test_unit_scopes_follow_the_text(latest: Checklist) -> None:
    def scope(name: str) -> set[str]:
        unit = next(u for u in latest.units if u.name == name)
        return {s.item.id for s in unit_scope(latest, unit)}

    assert "cppcc-research" not in scope("市人大") and "congress-inspection" in scope("市人大")
    assert "congress-inspection" not in scope("市政协") and "cppcc-research" in scope("市政协")
    police = scope("市公安局")
    assert not {"three-in-one-jurisdiction", "ip-college", "school-education"} & police
    assert {"criminal-case-transfer", "professional-teams"} <= police
    assert {"ip-college", "school-education"} <= scope("市教育体育局")
    customs = scope("平顶山海关")
    assert {"foreign-aid-services", "key-objects"} <= customs
    assert not {"ip-college", "school-education"} & customs


def test_every_unit_of_a_measure_bears_some_of_its_items(latest: Checklist) -> None:
    for measure in latest.measures:
        for unit in (*measure.lead, *measure.responsible):
            assert any(bears(item, unit) for item in measure.items), (measure.number, unit)
    # units are named only where the text names the body or its field
    named = {item.id for _, item in latest.items() if item.units}
    assert {"congress-inspection", "cppcc-research", "three-in-one-jurisdiction"} <= named
    assert not {"special-marks", "ecommerce-mechanism", "whistleblower-rules"} & named
