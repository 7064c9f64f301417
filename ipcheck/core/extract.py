"""`extract`: draft a checklist from a policy text of the 平办〔2021〕22号 family.

The text usually comes out of a PDF: lines and pages break inside words and
inside the unit markers, brackets come half- and full-width. The draft takes
the structure from the text (header, parts 一、, measures （一）, their run-in
titles, one item per sentence or per numbered duty, the units of each
measure) and fills what a maintainer then curates: item wording, evidence
hints (chosen from keywords of the sentence), points (spread evenly). What
it cannot parse it reports with the line, never guessing silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from ipcheck.core.policy_text import find_marker, split_sentences
from ipcheck.rules.checklist import normalise_name
from ipcheck.text.numerals import from_chinese, to_chinese

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PART = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(\S.{0,60})$")
_MEASURE = re.compile(r"[（(]\s*([一二三四五六七八九十]{1,4})\s*[）)]")
_NUMBERED_DUTY = re.compile(r"(?:^|(?<=[。；;]))\s*(\d{1,2})\s*[．.、]\s*")
_TITLE = re.compile(r"^(关于.{4,60}?(?:实施意见|意见|方案|办法|措施|规定))$")
_IMPLEMENTS = re.compile(r"《([^》]*)》\s*[（(]\s*([\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号)\s*[）)]")
_TARGET_YEAR = re.compile(r"到\s*(\d{4})\s*年")
_THEME = re.compile(r"[严大快同]保护")
_ORG = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}$")

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


class Issue(NamedTuple):
    line: int
    message: str


class Extracted(NamedTuple):
    data: dict[str, Any]
    issues: list[Issue]
    notes: list[str]


class _Flat(NamedTuple):
    """The text with every line joined, and the source line of each character."""

    text: str
    lines: list[int]

    def line(self, offset: int) -> int:
        return self.lines[min(max(offset, 0), len(self.lines) - 1)] if self.lines else 1


_PAGE_NUMBER = re.compile(r"^[—－\-–]\s*\d{1,3}\s*[—－\-–]$")


def _flatten(lines: list[str], start: int, end: int) -> _Flat:
    text, where = [], []
    for number in range(start, end):
        stripped = lines[number].strip().replace("\u3000", "")
        if _PAGE_NUMBER.match(stripped):
            continue  # a page number the PDF left between two lines of text
        text.append(stripped)
        where += [number + 1] * len(stripped)
    return _Flat("".join(text), where)


def _evidence_for(sentence: str) -> list[str]:
    hints: list[str] = []
    for keywords, evidence in EVIDENCE_BY_KEYWORD:
        if any(k in sentence for k in keywords):
            hints += [e for e in evidence if e not in hints]
        if len(hints) >= 3:
            break
    return hints or list(DEFAULT_EVIDENCE)


def _header(lines: list[str], first_part: int, issues: list[Issue]) -> dict[str, Any]:
    head = [(n + 1, line.strip()) for n, line in enumerate(lines[:first_part]) if line.strip()]
    doc_number = next(
        (m.group(0) for _, line in head[:12] for m in [_DOC_NUMBER.search(line)] if m), None
    )
    if doc_number is None:
        issues.append(Issue(1, "no document number (文号 such as 平办〔2021〕22号) in the header"))
    date_at = next((i for i, (_, line) in enumerate(head) if _DATE.match(line)), None)
    issued = dt.date(2000, 1, 1)
    issuers: list[str] = []
    if date_at is None:
        issues.append(Issue(1, "no issue date (2021年12月21日) in the header"))
    else:
        year, month, day = _DATE.match(head[date_at][1]).groups()  # type: ignore[union-attr]
        issued = dt.date(int(year), int(month), int(day))
        back = date_at - 1
        while back >= 0 and _ORG.match(head[back][1]) and not head[back][1].startswith("关于"):
            issuers.insert(0, head[back][1])
            back -= 1
        if not issuers:
            issues.append(Issue(head[date_at][0], "no issuing offices above the issue date"))
    title = next((m.group(1) for _, line in head for m in [_TITLE.match(line)] if m), None)
    if title is None:
        inner = next((re.search(r"《(.+?)》", line) for _, line in head if "《" in line), None)
        title = inner.group(1).replace(" ", "") if inner else None
    if title is None:
        issues.append(Issue(1, "no title (关于……意见) in the header"))
    preamble = "".join(line for _, line in head)
    implements = _IMPLEMENTS.search(preamble)
    implements_title = ""
    if implements is not None:
        quoted = re.search(r"〈(.+?)〉", implements.group(1))
        implements_title = quoted.group(1) if quoted else implements.group(1)
    return {
        "doc_number": doc_number or "未识别文号",
        "title": title or "未识别标题",
        "issuers": issuers or ["未识别发文机关"],
        "issued": issued,
        "implements": implements.group(2) if implements else (doc_number or "未识别文号"),
        "implements_title": implements_title or (title or "未识别标题"),
    }


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
    issues: list[Issue] = []
    notes: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[tuple[int, int, str]] = []  # (line index, number, title)
    for n, line in enumerate(lines):
        match = _PART.match(line.strip())
        if match and "。" not in match.group(2):
            try:
                number = from_chinese(match.group(1))
            except ValueError:
                continue
            if number == len(parts) + 1:
                parts.append((n, number, match.group(2).strip()))
            else:
                issues.append(
                    Issue(
                        n + 1,
                        f"part {match.group(1)}、 is out of order (expected {to_chinese(len(parts) + 1)}、)",
                    )
                )
    first_part = (
        parts[0][0]
        if parts
        else next((n for n, line in enumerate(lines) if _MEASURE.match(line.strip())), len(lines))
    )
    source = _header(lines, first_part, issues)
    if not parts:
        notes.append("no parts (一、…) found: all measures go in one part 正文")
        parts = [(first_part, 1, "正文")]

    units: dict[str, dict[str, Any]] = {}
    measures: list[dict[str, Any]] = []
    goals: list[dict[str, Any]] = []
    target_year: int | None = None
    for index, (start, part_number, _) in enumerate(parts):
        end = parts[index + 1][0] if index + 1 < len(parts) else len(lines)
        flat = _flatten(lines, start + (1 if parts[index][2] != "正文" else 0), end)
        year = _TARGET_YEAR.search(flat.text)
        if year and target_year is None:
            target_year = int(year.group(1))
        labelled = [(m, _numeral(m.group(1))) for m in _MEASURE.finditer(flat.text)]
        found = [(m, n) for m, n in labelled if n is not None]
        # measures are numbered on through the parts, or afresh in each part
        numbers = [n for _, n in found]
        expected = len(measures) + 1 if len(measures) + 1 in numbers else 1
        starts = []
        for match, number in found:
            if number == expected:
                starts.append(match)
                expected += 1
        if not starts:
            if year:
                goals += _goals(flat.text[year.start() :])
            continue
        for k, match in enumerate(starts):
            body_end = starts[k + 1].start() if k + 1 < len(starts) else _body_end(flat.text)
            measure = _measure(flat, match, body_end, len(measures) + 1, part_number, units, issues)
            measures.append(measure)
    if target_year is None:
        target_year = source["issued"].year
        issues.append(Issue(1, f"no target year (到20XX年) in the text; {target_year} assumed"))

    county_items = [i for m in measures for i in m["items"] if i["applies_to"] != "unit"]
    if county_items:
        base, extra = divmod(100, len(county_items))
        for k, item in enumerate(county_items):
            item["points"] = base + (1 if k < extra else 0)
        notes.append(
            f"points spread evenly over {len(county_items)} items (100 in all): curate them"
        )
    if not measures:
        issues.append(Issue(first_part + 1, "no measures （一）、（二）… found"))
    data: dict[str, Any] = {
        "schema_version": 1,
        "kind": "checklist",
        "id": checklist_id,
        "version": version,
        "title": f"{source['title']}自评清单",
        "source": {**source, "target_year": target_year},
        "scoring": {"county_total": 100},
        "units": list(units.values()),
        "parts": [
            {
                "number": number,
                "numeral": to_chinese(number),
                "title": title,
                "theme": _theme(title),
            }
            for _, number, title in parts
        ],
        "goals": goals,
        "measures": measures,
    }
    return Extracted(data, issues, notes)


def _numeral(text: str) -> int | None:
    try:
        return from_chinese(text)
    except ValueError:
        return None


def _body_end(text: str) -> int:
    """Where the last measure of a part ends: before a closing signature or date."""
    tail = re.search(r"(中共[\u4e00-\u9fff]{2,20}办公室|\d{4}年\d{1,2}月\d{1,2}日印发)", text)
    return tail.start() if tail else len(text)


def _goals(text: str) -> list[dict[str, Any]]:
    sentence = text.split("。")[0]
    year = _TARGET_YEAR.match(sentence)
    clauses = [
        c for c in re.split(r"[，,]", sentence[year.end() :] if year else sentence) if c.strip()
    ]
    prefix = f"到{year.group(1)}年，" if year else ""
    return [
        {
            "id": f"goal-{n + 1:02d}",
            "text": prefix + clause.strip(),
            "indicators": ["年度工作总结", "统计报表"],
        }
        for n, clause in enumerate(clauses)
    ]


def _measure(
    flat: _Flat,
    match: re.Match[str],
    body_end: int,
    number: int,
    part: int,
    units: dict[str, dict[str, Any]],
    issues: list[Issue],
) -> dict[str, Any]:
    line = flat.line(match.start())
    body = flat.text[match.end() : body_end]
    marker = find_marker(body)
    lead: list[str] = []
    responsible: list[str] = []
    if marker is None:
        issues.append(
            Issue(line, f"measure {match.group(0)} has no unit marker （牵头单位：…；责任单位：…）")
        )
    else:
        body = body[: marker.start]
        lead = [_unit_id(name, units) for name in marker.lead]
        responsible = [
            _unit_id(name, units)
            for name in marker.responsible
            if _unit_id(name, units) not in lead
        ]
        if not lead:
            issues.append(
                Issue(
                    flat.line(match.end() + marker.start),
                    f"measure {match.group(0)} names no lead unit",
                )
            )
    title, _, rest = body.partition("。")
    if not rest.strip():
        issues.append(Issue(line, f"measure {match.group(0)} has a title but no duties"))
    duties = _duties(rest)
    items = []
    for k, (sentence_number, duty) in enumerate(duties, start=1):
        items.append(
            {
                "id": f"m{number:02d}-{k:02d}",
                "text": duty.rstrip("。；;"),
                "basis": duty.rstrip("。；;"),
                "sentence": sentence_number,
                "evidence": _evidence_for(duty),
                "points": 0,
                "applies_to": "county" if any(h in duty for h in COUNTY_HINTS) else "both",
            }
        )
    if not items:
        items.append(
            {
                "id": f"m{number:02d}-01",
                "text": title.strip(),
                "basis": title.strip(),
                "sentence": 1,
                "evidence": _evidence_for(title),
                "points": 0,
                "applies_to": "both",
            }
        )
    return {
        "number": number,
        "numeral": to_chinese(number),
        "part": part,
        "title": title.strip(),
        "lead": lead or ["unknown-lead"],
        "responsible": responsible,
        "items": items,
    }


def _duties(text: str) -> list[tuple[int, str]]:
    """One duty per numbered point (1．… 2．…) if the measure has them, else per sentence."""
    sentences = split_sentences(text)
    numbered = list(_NUMBERED_DUTY.finditer(text))
    if len(numbered) >= 2 and [int(m.group(1)) for m in numbered] == list(
        range(1, len(numbered) + 1)
    ):
        out = []
        for k, m in enumerate(numbered):
            end = numbered[k + 1].start() if k + 1 < len(numbered) else len(text)
            duty = text[m.end() : end].strip()
            out.append((k + 1, duty))
        return [(n, d) for n, d in out if d]
    return [(n, s) for n, s in enumerate(sentences, start=1)]


def _unit_id(name: str, units: dict[str, dict[str, Any]]) -> str:
    key = normalise_name(name)
    if key not in units:
        units[key] = {"id": f"unit-{len(units) + 1:02d}", "name": name, "kind": _unit_kind(name)}
    return str(units[key]["id"])
