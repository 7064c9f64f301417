"""Drafting a checklist from a policy text: what core/policy.py reads, as checklist data.

A draft is a maintainer's starting point: unit ids are generated (`unit-01`),
evidence hints are chosen from keywords of each duty and points are spread
evenly (the command says so); the maintainer curates them.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ipcheck.core.policy import Issue, MeasureText, parse_policy
from ipcheck.model.checklist import TEXT_MAX
from ipcheck.rules.checklist import normalise_name
from ipcheck.text.i18n import _
from ipcheck.text.numerals import to_chinese

_THEME = re.compile(r"[严大快同]保护")

# Evidence hints chosen by keywords of a duty: concrete documents, never 相关材料.
EVIDENCE_BY_KEYWORD: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("会议", "会商", "联席"), ("会议纪要",)),
    (("培训", "教育", "人才"), ("培训计划", "培训签到表")),
    (("案件", "执法", "查处", "惩处", "惩戒", "办案", "审判"), ("案件台账", "执法统计报表")),
    (("宣传", "报道", "舆情"), ("宣传活动方案", "新闻报道清单")),
    (("资金", "财政", "经费", "基金", "保险"), ("资金拨付凭证", "资金使用台账")),
    (("考核", "评价", "问责", "约谈"), ("考核评价文件", "通报或约谈记录")),
    (("奖励", "表彰"), ("表彰奖励文件", "奖励发放台账")),
    (("机制", "制度", "规则", "办法"), ("制度文件",)),
    (("调解", "仲裁", "公证", "纠纷"), ("调解或仲裁案件台账",)),
    (("示范", "创建", "试点", "申报"), ("创建工作方案", "申报材料")),
)
DEFAULT_EVIDENCE = ("工作方案", "工作总结")
COUNTY_HINTS = ("各县", "县（市、区）", "县(市、区)", "属地")


class Extracted(NamedTuple):
    data: dict[str, Any]
    issues: list[Issue]
    notes: list[str]


def _evidence_for(sentence: str) -> list[str]:
    hints: list[str] = []
    for keywords, evidence in EVIDENCE_BY_KEYWORD:
        if any(k in sentence for k in keywords):
            hints += [e for e in evidence if e not in hints]
        if len(hints) >= 3:
            break
    return hints or list(DEFAULT_EVIDENCE)


def _theme(title: str) -> str:
    found = _THEME.search(title)
    if found:
        return found.group(0)
    last = re.split(r"[，,]", title)[-1]
    return re.sub(r"^(建立|健全|完善|加强|强化|坚持|构筑|塑造|突出|落实)", "", last) or title


def _unit_kind(name: str) -> str:
    return "county" if name.startswith(("各县", "各乡", "各区", "各市")) else "municipal"


def extract_checklist(text: str, checklist_id: str = "draft", version: str = "0.1.0") -> Extracted:
    """Draft checklist data (the checklist TOML format) from a policy text."""
    policy = parse_policy(text)
    issues = list(policy.issues)
    notes = list(policy.notes)
    units: dict[str, dict[str, Any]] = {}
    issuer = policy.source["issuers"][0] if policy.source.get("issuers") else None
    measures = [_measure(m, units, issuer, notes) for m in policy.measures]
    for parsed, drafted in zip(policy.measures, measures, strict=True):
        issues += [
            Issue(
                parsed.line,
                _(
                    "measure {label}, item {item}: {length} characters, over the {limit} an "
                    "item's text may hold: split it"
                ).format(label=parsed.label, item=k, length=len(i["text"]), limit=TEXT_MAX),
            )
            for k, i in enumerate(drafted["items"], start=1)
            if len(i["text"]) > TEXT_MAX
        ]
    target_year = policy.target_year
    if target_year is None:
        target_year = policy.source["issued"].year
        issues.append(
            Issue(
                1,
                _("no target year (到20XX年) in the text; {year} assumed").format(year=target_year),
            )
        )
    county_items = [i for m in measures for i in m["items"] if i["applies_to"] != "unit"]
    if county_items:
        base, extra = divmod(100, len(county_items))
        for k, item in enumerate(county_items):
            item["points"] = base + (1 if k < extra else 0)
        notes.append(
            _("points spread evenly over {count} items (100 in all): curate them").format(
                count=len(county_items)
            )
        )
    data: dict[str, Any] = {
        "schema_version": 1,
        "kind": "checklist",
        "id": checklist_id,
        "version": version,
        "title": f"{policy.source['title']}自评清单",
        "source": {**policy.source, "target_year": target_year},
        "scoring": {"county_total": 100},
        "units": list(units.values()),
        "parts": [
            {
                "number": number,
                "numeral": to_chinese(number),
                "title": title,
                "theme": _theme(title),
            }
            for _, number, title in policy.parts
        ],
        "goals": [
            {"id": f"goal-{n + 1:02d}", "text": goal, "indicators": ["年度工作总结", "统计报表"]}
            for n, goal in enumerate(policy.goals)
        ],
        "measures": measures,
    }
    return Extracted(data, issues, notes)


def _measure(
    measure: MeasureText, units: dict[str, dict[str, Any]], issuer: str | None, notes: list[str]
) -> dict[str, Any]:
    lead: list[str] = []
    responsible: list[str] = []
    if measure.marker is not None:
        lead = [_unit_id(name, units) for name in measure.marker.lead]
        responsible = [
            _unit_id(name, units)
            for name in measure.marker.responsible
            if _unit_id(name, units) not in lead
        ]
    if not lead and issuer is not None:
        # a measure without its units (reported with its line by the parser) is the
        # issuer's to assign: a person decides
        lead = [_unit_id(issuer, units)]
        notes.append(
            _(
                "measure {label} names no units; the draft gives it to the issuer, "
                "{issuer}: decide its lead and responsible units"
            ).format(label=measure.label, issuer=issuer)
        )
    items = [
        {
            "id": f"m{measure.number:02d}-{k:02d}",
            "text": duty.rstrip("。；;"),
            "basis": duty.rstrip("。；;"),
            "sentence": sentence_number,
            "evidence": _evidence_for(duty),
            "points": 0,
            "applies_to": "county" if any(h in duty for h in COUNTY_HINTS) else "both",
        }
        for k, (sentence_number, duty) in enumerate(measure.duties, start=1)
    ]
    if not items:
        items.append(
            {
                "id": f"m{measure.number:02d}-01",
                "text": measure.title,
                "basis": measure.title,
                "sentence": 1,
                "evidence": _evidence_for(measure.title),
                "points": 0,
                "applies_to": "both",
            }
        )
    drafted: dict[str, Any] = {
        "number": measure.number,
        "numeral": to_chinese(measure.number),
        "part": measure.part,
        "title": measure.title,
        "lead": lead,
    }
    if responsible:  # the format leaves out an empty list (ipcheck fmt --check)
        drafted["responsible"] = responsible
    return drafted | {"items": items}


def _unit_id(name: str, units: dict[str, dict[str, Any]]) -> str:
    key = normalise_name(name)
    if key not in units:
        units[key] = {"id": f"unit-{len(units) + 1:02d}", "name": name, "kind": _unit_kind(name)}
    return str(units[key]["id"])
