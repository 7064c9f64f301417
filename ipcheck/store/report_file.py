"""A report as the office receives it (docx, html, md or pdf): the figures it states, read
back so that `verify --report` can set them beside what the sealed file gives.

A county may rewrite its prose in Word; its figures it may not. What is read: each row
of the 自评表 (序号, 分值, 自评得分), its 合计 row, the score sentence (自评得分 X 分（满分
Y 分）), the SHA-256 of the 自评文件 the report was made from and its history's chain head
— every time the report states one, so that a hidden copy of the true figures beside
forged ones is two statements, each checked. What a reader cannot see is not read as
stated: Word's hidden text is left out, and a Word file with text boxes, or an HTML page
whose styles can show other text than it holds (generated content, positioning, text
direction), is refused. A PDF's text keeps no table, so from a PDF only the sentence, the
SHA-256 and the chain head are read. The file is hostile until checked: its size is
bounded, a Word file's unpacked XML too, and nothing in it is followed or run.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import _

REPORT_FILE_LIMIT = 64 << 20  # a report with its 自评表: far below this
DOCX_XML_LIMIT = 128 << 20  # … a Word file's XML, unpacked
_ITEM = re.compile(r"^\d{1,3}\.\d{1,3}$")
_SENTENCE = re.compile(r"自评得分\s*(\d+(?:\.\d+)?)\s*分[（(]满分\s*(\d+(?:\.\d+)?)\s*分[）)]")
_SHA256 = re.compile(r"自评文件[^\n]{0,300}?SHA-256[：:]\s*`?([0-9a-f]{64})")
_REVIEWED = re.compile(r"复核[，,]得分\s*(\d+(?:\.\d+)?)\s*分[（(]满分\s*(\d+(?:\.\d+)?)\s*分[）)]")
_CHAIN = re.compile(r"历史记录链头[：:\s]*`?([0-9a-f]{64})")
# styles that can show other text than the page holds: generated content, positioning,
# transforms, text direction (an ipcheck report uses none, but for its page numbers)
_TRICKS = re.compile(
    r"(?i)\bcontent\s*:|::?(?:before|after)\b|\bposition\s*:|\btransform\s*:|"
    r"\bdirection\s*:|unicode-bidi|writing-mode"
)
_PAGE_RULE = re.compile(r"@page[^{]*\{(?:[^{}]|\{[^{}]*\})*\}")  # page numbers: allowed


class StatedFigures(NamedTuple):
    """What a report states, each time it states it."""

    # 1.2 → [(分值, 自评得分, 完成情况 or None where the table has no such column), …]
    items: dict[str, list[tuple[str, str, str | None]]]
    totals: list[tuple[str, str]]  # 合计: (分值, 自评得分)
    sentences: list[tuple[str, str]]  # 自评得分 X 分（满分 Y 分）
    file_sha256s: list[str]  # the 自评文件 it was made from
    chain_heads: list[str]  # the history's chain head it printed
    table: bool  # whether a 自评表 could be read (not from a PDF)
    kind: str = "html"  # docx | html | md | pdf
    reviewed: tuple[tuple[str, str], ...] = ()  # 经市考核办复核，得分 X 分（满分 Y 分）


def read_report(path: Path) -> StatedFigures:
    """The figures a received report states; InputError for what is not a report of ours."""
    data = read_bytes(path, REPORT_FILE_LIMIT)
    stated = None
    if data.startswith(b"%PDF"):
        stated = _from_text(_pdf_text(data, path), table=False)._replace(kind="pdf")
    elif data.startswith(b"PK\x03\x04"):
        stated = _from_docx(data, path)._replace(kind="docx")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is not None and re.search(r"(?i)<(?:html|table|body)\b", text):
            stated = _from_html(text, path)
        elif text is not None and re.search(r"(?m)^\|.*\|\s*$", text):
            stated = _from_markdown(text)._replace(kind="md")
    if stated is None or not (stated.table or stated.sentences or stated.file_sha256s):
        raise InputError(
            _("{path}: not a report ipcheck made (docx, pdf, html or md)").format(path=path)
        )
    return stated


def _from_rows(rows: list[list[str]], text: str) -> StatedFigures:
    """The 自评表 among a document's table rows (every one: a table in two parts, or
    twice), and the sentence, the SHA-256 and the chain head in its text."""
    items: dict[str, list[tuple[str, str, str | None]]] = {}
    totals: list[tuple[str, str]] = []
    columns: tuple[int, int] | None = None
    status: int | None = None  # 完成情况's column, where the table has one
    table = False
    for cells in rows:
        cells = [c.strip() for c in cells]
        if "序号" in cells and "分值" in cells and "自评得分" in cells:
            columns = (cells.index("分值"), cells.index("自评得分"))
            status = cells.index("完成情况") if "完成情况" in cells else None
            table = True
            continue
        if columns is None or not cells or max(columns) >= len(cells):
            continue
        points, earned = cells[columns[0]], cells[columns[1]]
        if _ITEM.match(cells[0]):
            said = cells[status] if status is not None and status < len(cells) else None
            items.setdefault(cells[0], []).append((points, earned, said))
        elif cells[0] == "合计":
            totals.append((points, earned))
    stated = _from_text(text, table=table)
    return stated._replace(items=items, totals=totals)


def _from_text(text: str, *, table: bool) -> StatedFigures:
    # NFKC: a PDF's text may hold the Kangxi radicals (⾃评⽂件) its fonts map 自评文件 to
    text = unicodedata.normalize("NFKC", text)
    flat = re.sub(r"\s+", "", text)
    shas = [m[1] for m in _SHA256.finditer(text)] or [m[1] for m in _SHA256.finditer(flat)]
    return StatedFigures(
        items={},
        totals=[],
        sentences=[(m[1], m[2]) for m in _SENTENCE.finditer(flat)],
        file_sha256s=shas,
        chain_heads=[m[1] for m in _CHAIN.finditer(flat)],
        table=table,
        reviewed=tuple((m[1], m[2]) for m in _REVIEWED.finditer(flat)),
    )


class _Tables(HTMLParser):
    """Every table row's cells (a cell spanning columns repeated), the text, the styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._cell: list[str] | None = None
        self._span = 1
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if given.get("style"):
            self.styles.append(given["style"] or "")
        if tag == "style":
            self._in_style = True
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            span = given.get("colspan") or "1"
            self._span = int(span) if span.isascii() and span.isdigit() and int(span) < 100 else 1
        elif tag in ("br", "p", "tr", "li"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1] += ["".join(self._cell)] * self._span
            self._cell = None
        if tag in ("p", "tr", "li", "h1", "h2", "h3"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            return
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)


def _from_html(text: str, path: Path) -> StatedFigures:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    styles = _PAGE_RULE.sub("", "\n".join(parser.styles))
    if _TRICKS.search(styles):
        raise InputError(
            _(
                "{path}: its styles can show other text than the page holds (generated "
                "content, positioning, text direction): it cannot be checked; ask for the "
                "report as ipcheck made it, or its Word file"
            ).format(path=path)
        )
    return _from_rows(parser.rows, "".join(parser.text))


def _from_markdown(text: str) -> StatedFigures:
    """A Markdown report's tables: each line | a | b | a row (\\| an escaped bar)."""
    rows = [
        [
            cell.replace("\\|", "|").replace("*", "")
            for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]
        ]
        for line in text.splitlines()
        if line.strip().startswith("|")
    ]
    return _from_rows(rows, text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _from_docx(data: bytes, path: Path) -> StatedFigures:
    """Every table of the Word file, wherever it lies, and its paragraphs' text — what a
    reader sees: hidden text (w:vanish) is left out, and text boxes, whose text floats
    over the page where it will, are refused."""
    import io
    import zipfile

    unreadable = _("{path}: not a Word report ipcheck can read").format(path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            if "word/document.xml" not in sizes or sum(sizes.values()) > DOCX_XML_LIMIT:
                raise InputError(unreadable)
            xml = archive.read("word/document.xml")
        from defusedxml import ElementTree

        root = ElementTree.fromstring(xml)
    except InputError:
        raise
    except Exception:  # a broken zip or XML: whatever the parser raises says no more
        raise InputError(unreadable) from None
    body = root.find(f"{_W}body")
    if root.tag != f"{_W}document" or body is None:
        raise InputError(unreadable)
    boxes = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"
    if any(True for _ in root.iter(f"{_W}txbxContent")) or any(True for _ in root.iter(boxes)):
        raise InputError(
            _(
                "{path}: holds text boxes, whose text can lie over the 自评表: it cannot be "
                "checked; ask for the report as ipcheck made it"
            ).format(path=path)
        )
    rows: list[list[str]] = []
    for row in body.iter(f"{_W}tr"):
        cells: list[str] = []
        for cell in row.findall(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            width = span.get(f"{_W}val", "1") if span is not None else "1"
            count = int(width) if width.isascii() and width.isdigit() and int(width) < 100 else 1
            cells += [_seen(cell)] * count
        rows.append(cells)
    paragraphs = [_seen(p) for p in body.iter(f"{_W}p")]
    return _from_rows(rows, "\n".join(paragraphs))


def _seen(element: Any) -> str:
    """The text of the runs in `element` a reader sees (not those marked hidden)."""
    out = []
    for run in element.iter(f"{_W}r"):
        props = run.find(f"{_W}rPr")
        if props is not None and props.find(f"{_W}vanish") is not None:
            vanish = props.find(f"{_W}vanish")
            if vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false"):
                continue
        out += [t.text or "" for t in run.findall(f"{_W}t")]
    return "".join(out)


def _pdf_text(data: bytes, path: Path) -> str:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings: ours say it once
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:500])
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError):
        raise InputError(_("{path}: not a PDF ipcheck can read").format(path=path)) from None
