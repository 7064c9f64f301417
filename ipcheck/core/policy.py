"""The one reader of a policy text of the 平办〔2021〕22号 family.

The texts come out of PDFs: words are cut by page breaks ("制\\n\\n度"),
brackets come half- and full-width, page numbers sit between lines. This
finds the header (文号, issuing offices, date, title, the document it
implements), the parts (一、…), the measures (（一）…, numbered on through the
parts or afresh in each) with their run-in titles, their duties (numbered
points 1．…, else sentences) and their unit markers （牵头单位：…；责任单位：…）,
the goals of 总体要求 and the target year — each with its line. `extract`
drafts a checklist from it; the tests hold the shipped checklist against it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from ipcheck.errors import InputError
from ipcheck.text.i18n import _
from ipcheck.text.numerals import from_chinese, to_chinese

OPEN = "（(〔["
CLOSE = "）)〕]"
_LIST_SEPARATORS = "、，,"
# Names that start a unit on their own; anything else after an "各县（市、区）…"
# name is elliptical and inherits that prefix ("…党〔工〕委、政府〔管委会〕").
_UNIT_HEADS = ("各", "市", "县", "区", "省", "中共", "平顶山", "驻")
_COUNTY_PREFIX = re.compile(r"^各[县区市乡镇][〔（(][^〕）)]*[〕）)]")


class Marker(NamedTuple):
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    start: int  # offset of the marker's opening bracket in the measure text


def split_units(text: str) -> tuple[str, ...]:
    """Split a unit list at 、 or ， outside brackets, expanding elliptical names."""
    names: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        if char in _LIST_SEPARATORS and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    names.append(current.strip())
    expanded: list[str] = []
    for name in filter(None, names):
        prefix = _COUNTY_PREFIX.match(expanded[-1]) if expanded else None
        if prefix is not None and not name.startswith(_UNIT_HEADS):
            name = prefix.group(0) + name
        expanded.append(name)
    return tuple(expanded)


def _matching_close(text: str, start: int) -> int:
    """Index of the bracket closing the one at `start`, or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] in OPEN:
            depth += 1
        elif text[index] in CLOSE:
            depth -= 1
            if depth == 0:
                return index
    return -1


def find_marker(text: str) -> Marker | None:
    """The last （牵头单位：…；责任单位：…） of a measure's text."""
    at = text.rfind("牵头单位")
    if at < 1 or text[at - 1] not in "（(":
        return None
    start = at - 1
    end = _matching_close(text, start)
    if end < 0:
        return None
    body = text[at + len("牵头单位") : end].lstrip("：:")
    parts = re.split(r"[；;]", body, maxsplit=1)
    lead_text = parts[0]
    responsible_text = ""
    if len(parts) > 1:
        responsible_text = re.sub(r"^责任单位[：:]", "", parts[1].strip())
    return Marker(split_units(lead_text), split_units(responsible_text), start)


def split_sentences(text: str) -> tuple[str, ...]:
    return tuple(s + "。" for s in text.split("。") if s.strip())


_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PART = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(\S.{0,60})$")
_MEASURE = re.compile(r"[（(]\s*([一二三四五六七八九十]{1,4})\s*[）)]")
_NUMBERED_DUTY = re.compile(r"(?:^|(?<=[。；;]))\s*(\d{1,3})\s*[．.、]\s*")
_TITLE = re.compile(r"^(关于.{4,60}?(?:实施意见|意见|方案|办法|措施|规定))$")
_IMPLEMENTS = re.compile(r"《([^》]*)》\s*[（(]\s*([\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号)\s*[）)]")
_TARGET_YEAR = re.compile(r"到\s*(\d{4})\s*年")
_ORG = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}$")


class Issue(NamedTuple):
    line: int
    message: str


class Flat(NamedTuple):
    """The text with every line joined, and the source line of each character."""

    text: str
    lines: list[int]

    def line(self, offset: int) -> int:
        return self.lines[min(max(offset, 0), len(self.lines) - 1)] if self.lines else 1


_PAGE_NUMBER = re.compile(r"^[—－\-–]\s*\d{1,3}\s*[—－\-–]$")


def flatten_lines(lines: list[str], start: int, end: int) -> Flat:
    text, where = [], []
    for number in range(start, end):
        stripped = lines[number].strip().replace("\u3000", "")
        if _PAGE_NUMBER.match(stripped):
            continue  # a page number the PDF left between two lines of text
        text.append(stripped)
        where += [number + 1] * len(stripped)
    return Flat("".join(text), where)


def flatten(text: str) -> str:
    """The whole text as one line: the PDF's line and page breaks fall inside words."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return flatten_lines(lines, 0, len(lines)).text


def _header(lines: list[str], first_part: int, issues: list[Issue]) -> dict[str, Any]:
    head = [(n + 1, line.strip()) for n, line in enumerate(lines[:first_part]) if line.strip()]
    doc_number = next(
        (m.group(0) for _, line in head[:12] for m in [_DOC_NUMBER.search(line)] if m), None
    )
    if doc_number is None:
        issues.append(
            Issue(1, _("no document number (文号 such as 平办〔2021〕22号) in the header"))
        )
    date_at = next((i for i, (_, line) in enumerate(head) if _DATE.match(line)), None)
    issued = dt.date(2000, 1, 1)
    issuers: list[str] = []
    if date_at is None:
        issues.append(Issue(1, _("no issue date (2021年12月21日) in the header")))
    else:
        year, month, day = _DATE.match(head[date_at][1]).groups()  # type: ignore[union-attr]
        issued = dt.date(int(year), int(month), int(day))
        back = date_at - 1
        while back >= 0 and _ORG.match(head[back][1]) and not head[back][1].startswith("关于"):
            issuers.insert(0, head[back][1])
            back -= 1
        if not issuers:
            issues.append(Issue(head[date_at][0], _("no issuing offices above the issue date")))
    title = next((m.group(1) for _, line in head for m in [_TITLE.match(line)] if m), None)
    if title is None:
        inner = next((re.search(r"《(.+?)》", line) for _, line in head if "《" in line), None)
        title = inner.group(1).replace(" ", "") if inner else None
    if title is None:
        issues.append(Issue(1, _("no title (关于……意见) in the header")))
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


def _numeral(text: str) -> int | None:
    try:
        return from_chinese(text)
    except ValueError:
        return None


# The closing of a document: its issuers' names (…办公室, …人民政府), then a date or 印发.
_SIGNATURE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,30}(?:办公室|办公厅|人民政府|委员会|管委会)\s*)+"
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日印发"
)


def _body_end(text: str) -> int:
    """Where the last measure of a part ends: before a closing signature or date."""
    tail = _SIGNATURE.search(text)
    return tail.start() if tail else len(text)


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


class MeasureText(NamedTuple):
    number: int
    part: int
    title: str
    sentences: tuple[str, ...]  # after the title, each ending with 。
    duties: list[tuple[int, str]]  # (sentence or point number, the duty)
    marker: Marker | None
    line: int  # where （一） stands
    label: str  # （一） as the text writes it


class PolicyText(NamedTuple):
    source: dict[str, Any]  # the header, in the checklist format's [source] keys
    parts: list[tuple[int, int, str]]  # (line index, number, title)
    measures: list[MeasureText]
    goals: list[str]  # the targets of 总体要求, one clause each
    target_year: int | None
    issues: list[Issue]
    notes: list[str]


def parse_policy(text: str) -> PolicyText:
    """Every structure the text holds, with what could not be read and its line."""
    issues: list[Issue] = []
    notes: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[tuple[int, int, str]] = []
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
                        _("part {numeral}、 is out of order (expected {expected}、)").format(
                            numeral=match.group(1), expected=to_chinese(len(parts) + 1)
                        ),
                    )
                )
    first_part = (
        parts[0][0]
        if parts
        else next((n for n, line in enumerate(lines) if _MEASURE.match(line.strip())), len(lines))
    )
    source = _header(lines, first_part, issues)
    if not parts:
        notes.append(_("no parts (一、…) found: all measures go in one part 正文"))
        parts = [(first_part, 1, "正文")]
    measures: list[MeasureText] = []
    goals: list[str] = []
    target_year: int | None = None
    for index, (start, part_number, title) in enumerate(parts):
        end = parts[index + 1][0] if index + 1 < len(parts) else len(lines)
        flat = flatten_lines(lines, start + (1 if title != "正文" else 0), end)
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
                goals += _goal_clauses(flat.text[year.start() :])
            continue
        for k, match in enumerate(starts):
            body_end = starts[k + 1].start() if k + 1 < len(starts) else _body_end(flat.text)
            measures.append(_measure(flat, match, body_end, len(measures) + 1, part_number, issues))
            _bounded(measures)
    if not measures:
        # where the measures were looked for, or the file's first line if that is past its end
        where = first_part + 1 if any(line.strip() for line in lines[first_part:]) else 1
        issues.append(Issue(where, _("no measures （一）、（二）… found")))
    return PolicyText(source, parts, measures, goals, target_year, issues, notes)


# The items a draft may hold: a policy text has tens of duties, a few hundred at most. A
# text of a million one-sentence lines would draft a million items (3 KB each).
MAX_DRAFT_ITEMS = 5000


def _bounded(measures: list[MeasureText]) -> None:
    count = sum(len(m.duties) for m in measures)
    if count > MAX_DRAFT_ITEMS:
        raise InputError(
            _(
                "over {limit} duties found (sentences or numbered points of the measures): "
                "a policy text has a few hundred at most; no draft is made"
            ).format(limit=MAX_DRAFT_ITEMS)
        )


def _goal_clauses(text: str) -> list[str]:
    sentence = text.split("。")[0]
    year = _TARGET_YEAR.match(sentence)
    clauses = [
        c for c in re.split(r"[，,]", sentence[year.end() :] if year else sentence) if c.strip()
    ]
    prefix = f"到{year.group(1)}年，" if year else ""
    return [prefix + clause.strip() for clause in clauses]


def _measure(
    flat: Flat, match: re.Match[str], body_end: int, number: int, part: int, issues: list[Issue]
) -> MeasureText:
    line = flat.line(match.start())
    body = flat.text[match.end() : body_end]
    marker = find_marker(body)
    if marker is None:
        issues.append(
            Issue(
                line,
                _("measure {label} has no unit marker （牵头单位：…；责任单位：…）").format(
                    label=match.group(0)
                ),
            )
        )
    else:
        body = body[: marker.start]
        if not marker.lead:
            issues.append(
                Issue(
                    flat.line(match.end() + marker.start),
                    _("measure {label} names no lead unit").format(label=match.group(0)),
                )
            )
    title, _stop, rest = body.partition("。")
    if not rest.strip():
        issues.append(
            Issue(line, _("measure {label} has a title but no duties").format(label=match.group(0)))
        )
    return MeasureText(
        number,
        part,
        title.strip(),
        split_sentences(rest),
        _duties(rest),
        marker,
        line,
        match.group(0),
    )
