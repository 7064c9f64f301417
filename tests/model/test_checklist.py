"""model/checklist.py: the checklist format as frozen records, converted from a shipped file."""

from __future__ import annotations

import functools
import tomllib
from typing import Any

import msgspec
import pytest
from msgspec.structs import replace

from ipcheck.model.checklist import (
    AppliesTo,
    Checklist,
    MappingKind,
    NotApplicableRule,
    Role,
    Scoring,
    UnitKind,
)
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.resources import shipped_checklists_dir


@functools.cache
def raw(version: str) -> dict[str, Any]:
    """A shipped checklist file as TOML gives it (read once)."""
    path = shipped_checklists_dir() / "pingdingshan-2021-22" / f"{version}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@functools.cache
def shipped(version: str) -> Checklist:
    return msgspec.convert(raw(version), Checklist)


def test_a_shipped_file_converts_to_the_record_the_loader_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("IPCHECK_CHECKLIST_DIR", raising=False)
    loaded = resolve("pingdingshan-2021-22@1.3.0", checklist_dirs())
    assert shipped("1.3.0") == loaded.checklist
    assert shipped("1.3.0") is not loaded.checklist


def test_the_converted_record_holds_the_files_content() -> None:
    c = shipped("1.3.0")
    assert (c.id, c.version, c.previous) == ("pingdingshan-2021-22", "1.3.0", "1.2.0")
    assert c.source.doc_number == "平办〔2021〕22号"
    assert c.source.issued.isoformat() == "2021-12-21"
    assert [p.theme for p in c.parts] == [
        "总体要求",
        "严保护",
        "大保护",
        "快保护",
        "同保护",
        "长效机制",
    ]
    assert c.submission is not None and c.submission.addressee == "市市场监督管理局"
    assert len(c.counties) == 12 and c.counties[7].aliases == ("平顶山市叶县",)
    assert c.ref == "pingdingshan-2021-22@1.3.0"
    assert shipped("1.0.0").ref == "pingdingshan-2021-22@1.0.0"


def test_items_are_every_measures_items_in_order() -> None:
    c = shipped("1.3.0")
    pairs = c.items()
    assert len(pairs) == 103
    assert [(m.number, i.id) for m, i in pairs[:2]] == [
        (1, "punitive-damages"),
        (1, "serious-infringement"),
    ]
    assert (pairs[-1][0].number, pairs[-1][1].id) == (19, "ip-culture")
    assert [i for _m, i in pairs] == [i for m in c.measures for i in m.items]
    assert all(i in m.items for m, i in pairs)


def test_a_unit_is_found_by_its_registry_id() -> None:
    c = shipped("1.3.0")
    customs = c.unit("customs")
    assert (customs.name, customs.kind) == ("平顶山海关", UnitKind.MUNICIPAL)
    assert c.unit("county-government").kind is UnitKind.COUNTY
    with pytest.raises(KeyError) as unknown:
        c.unit("平顶山海关")  # a name is not an id
    assert unknown.value.args == ("平顶山海关",)


def test_scoring_rules_not_declared_are_the_defaults() -> None:
    old = shipped("1.0.0").scoring
    assert (old.not_applicable, old.evidence_required) == (None, None)
    assert old.na_rule is NotApplicableRule.OFFICE_APPROVES
    assert old.needs_evidence is True
    assert Scoring(county_total=100, evidence_required=False).needs_evidence is False
    declared = Scoring(county_total=100, not_applicable=NotApplicableRule.NOT_ACCEPTED)
    assert declared.na_rule is NotApplicableRule.NOT_ACCEPTED


def test_an_items_name_is_its_short_name_or_the_first_clause_of_its_text() -> None:
    latest = dict((i.id, i) for _m, i in shipped("1.3.0").items())
    assert latest["punitive-damages"].name == latest["punitive-damages"].short == "惩罚性赔偿"
    first = dict((i.id, i) for _m, i in shipped("1.0.0").items())
    assert first["punitive-damages"].short is None
    assert first["punitive-damages"].name == "依法适用知识产权惩罚性赔偿制度"
    assert first["copyright-trademark-crackdown"].name == "开展打击盗版、抄袭、恶意抢注、…"  # cut


def test_a_mapping_reads_from_and_to() -> None:
    split = shipped("1.1.0").mapping[0]
    assert split.change is MappingKind.SPLIT
    assert split.old == ("three-in-one-coordination",)
    assert split.new == ("three-in-one-mechanism", "three-in-one-joint-meetings")
    assert msgspec.to_builtins(split)["from"] == ("three-in-one-coordination",)
    assert "old" not in msgspec.to_builtins(split)


def test_the_codes_are_labelled_in_chinese() -> None:
    assert [r.label for r in Role] == ["牵头", "责任"]
    assert [a.label for a in AppliesTo] == ["县（市、区）", "市直单位", "均适用"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "Object contains unknown field `colour`"),
        ({"schema_version": 2}, "Invalid enum value 2 - at `$.schema_version`"),
        ({"kind": "assessment"}, "Invalid enum value 'assessment' - at `$.kind`"),
        ({"version": "1.3"}, "Expected `str` matching regex"),
        ({"id": "Pingdingshan"}, "Expected `str` matching regex"),
    ],
)
def test_a_file_with_unknown_keys_or_wrong_values_is_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(msgspec.ValidationError) as refused:
        msgspec.convert(raw("1.3.0") | change, Checklist)
    assert str(refused.value).startswith(message)


def test_a_checklist_is_frozen_and_equal_by_content() -> None:
    c = shipped("1.3.0")
    with pytest.raises(AttributeError):
        c.version = "9.9.9"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        c.measures[0].title = "改"  # type: ignore[misc]
    again = msgspec.convert(raw("1.3.0"), Checklist)
    assert again == c and hash(again) == hash(c)
    changed = replace(c, scoring=replace(c.scoring, county_total=120))
    assert changed != c and c.scoring.county_total == 100
    assert shipped("1.2.0") != c
