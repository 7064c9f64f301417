"""Reading the structure of a policy text of the 平办〔2021〕22号 family.

The texts come out of PDFs: words are cut by page breaks ("制\\n\\n度"),
brackets come half- and full-width. This module finds the measures
(（一）…), their run-in titles, their sentences and their unit markers
（牵头单位：…；责任单位：…）.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ipcheck.text.numerals import from_chinese

OPEN = "（(〔["
CLOSE = "）)〕]"
_MEASURE_START = re.compile(r"[（(]\s*([一二三四五六七八九十百]+)\s*[）)]")
_LIST_SEPARATORS = "、，,"
# Names that start a unit on their own; anything else after an "各县（市、区）…"
# name is elliptical and inherits that prefix ("…党〔工〕委、政府〔管委会〕").
_UNIT_HEADS = ("各", "市", "县", "区", "省", "中共", "平顶山", "驻")
_COUNTY_PREFIX = re.compile(r"^各[县区市乡镇][〔（(][^〕）)]*[〕）)]")


class Marker(NamedTuple):
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    start: int  # offset of the marker's opening bracket in the measure text


class MeasureText(NamedTuple):
    number: int
    title: str
    sentences: tuple[str, ...]  # after the title, each ending with 。
    marker: Marker | None


def flatten(text: str) -> str:
    """Join every line: the PDF's line and page breaks fall inside words."""
    return "".join(line.strip() for line in text.splitlines())


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


def find_measures(text: str) -> list[MeasureText]:
    """The measures （一）、（二）… in order, each with title, sentences and marker."""
    flat = flatten(text)
    starts: list[tuple[int, int, int]] = []  # (number, match start, body start)
    for match in _MEASURE_START.finditer(flat):
        try:
            number = from_chinese(match.group(1))
        except ValueError:
            continue
        if number == len(starts) + 1:
            starts.append((number, match.start(), match.end()))
    measures = []
    for index, (number, _, body_start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(flat)
        body = flat[body_start:end]
        marker = find_marker(body)
        if marker is not None:
            body = body[: marker.start]
        title, _, rest = body.partition("。")
        measures.append(MeasureText(number, title.strip(), split_sentences(rest), marker))
    return measures
