"""A report as the office receives it (docx, html, md or pdf): the figures it states, read
back so that `verify --report` can set them beside what the sealed file gives.

A county may rewrite its prose in Word; its figures it may not. What is read: each row
of the 自评表 (序号, 分值, 自评得分), its 合计 row, the score sentence (自评得分 X 分（满分
Y 分）), the SHA-256 of the 自评文件 the report was made from and its history's chain head
— every time the report states one, so that a hidden copy of the true figures beside
forged ones is two statements, each checked. What a reader cannot see is not read as
stated: Word's hidden text (on the run or by its styles) is left out, its symbols read as
the characters they draw, and a Word file with text boxes or white or tiny text is
refused; an HTML page is read only as ipcheck styles it (its own style sheet, none of the
elements that show or hide other text). Text is read as a reader sees it: NFKC, without
zero-width characters, Markdown escapes and comments undone. A PDF's text keeps no table,
so from a PDF only the figures of its text, the SHA-256 and the chain head are read. The file is hostile until checked: its size is
bounded, a Word file's unpacked XML too, and nothing in it is followed or run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import _
from ipcheck.text.lazy import lazy

REPORT_FILE_LIMIT = 64 << 20  # a report with its 自评表: far below this
DOCX_XML_LIMIT = 128 << 20  # … a Word file's XML, unpacked
_ITEM = re.compile(r"^\d{1,3}\.\d{1,3}$")
_SENTENCE = re.compile(r"自评得分\s*(\d+(?:\.\d+)?)\s*分[（(]满分\s*(\d+(?:\.\d+)?)\s*分[）)]")
_SHA256 = re.compile(r"自评文件[^\n]{0,300}?SHA-256[：:]\s*`?([0-9a-f]{64})")
_REVIEWED = re.compile(r"复核[，,]得分\s*(\d+(?:\.\d+)?)\s*分[（(]满分\s*(\d+(?:\.\d+)?)\s*分[）)]")
_COUNTS = re.compile(r"共(\d+)项工作任务[:：]((?:[^\d。.]{1,12}\d+项[，,]?)+)[。.]?完成率(\d+%)")
_COUNT = re.compile(r"([^\d，,]{1,12}?)(\d+)项")
_CHAIN = re.compile(r"历史记录链头[：:\s]*`?([0-9a-f]{64})")


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
    # 共 N 项工作任务：未开始 a 项，…。完成率 p%: (N, ((未开始, a), …), p%)
    counts: tuple[tuple[str, tuple[tuple[str, str], ...], str], ...] = ()


def read_report(path: Path, styles: Callable[[], str] | None = None) -> StatedFigures:
    """The figures a received report states; InputError for what is not a report of ours.
    `styles`: the style sheet ipcheck writes into an HTML report of this file (asked for
    only when the report is HTML) — an HTML report styled otherwise is refused (a style
    sheet can draw other figures than the page holds, in more ways than a list of tricks
    could name)."""
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
            _refuse_resaved(data, path)
        if text is not None and _HTML().search(text):
            stated = _from_html(text, path, styles)
        elif text is not None and _MARKDOWN_TABLE().search(text):
            stated = _from_markdown(text)._replace(kind="md")
    if stated is None or not (stated.table or stated.sentences or stated.file_sha256s):
        raise InputError(
            _("{path}: not a report ipcheck made (docx, pdf, html or md)").format(path=path)
        )
    return stated


_HTML = lazy(r"(?i)<(?:html|table|body)\b")
_MARKDOWN_TABLE = lazy(r"(?m)^\|.*\|\s*$")


def _refuse_resaved(data: bytes, path: Path) -> None:
    """A report of ours saved again as UTF-16 or GBK (Notepad's 另存为) is named as such,
    with the way back, rather than called not a report."""
    from ipcheck.store.toml import decode_text

    for codec in ("utf-16", "gb18030"):
        try:
            other = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _HTML().search(other) or _MARKDOWN_TABLE().search(other):
            decode_text(data, str(path))  # raises, naming the encoding


def plain(text: str) -> str:
    """Text as a reader sees it, for matching: NFKC (全角 digits, ⾃ radicals), without the
    characters no one sees (zero-width spaces, joiners, bidi marks: Unicode's format
    characters) — a figure cannot hide from the check behind one."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _from_rows(rows: list[list[str] | None], text: str) -> StatedFigures:
    """The 自评表 among a document's table rows (None: another table begins; every 自评表:
    one in two parts, or twice), and the sentence, the SHA-256 and the chain head in its
    text."""
    items: dict[str, list[tuple[str, str, str | None]]] = {}
    totals: list[tuple[str, str]] = []
    columns: tuple[int, int] | None = None
    status: int | None = None  # 完成情况's column, where the table has one
    table = False
    for row in rows:
        if row is None:  # another table: the 自评表's columns are its own
            columns = status = None
            continue
        cells = [re.sub(r"\s+", "", plain(c)) for c in row]
        if "序号" in cells and "分值" in cells and "自评得分" in cells:
            columns = (cells.index("分值"), cells.index("自评得分"))
            status = cells.index("完成情况") if "完成情况" in cells else None
            table = True
            continue
        if columns is None or not cells or max(columns) >= len(cells):
            continue
        if len(set(cells)) == 1:
            continue  # one cell across the table: a measure's heading, whatever it says
        points, earned = cells[columns[0]], cells[columns[1]]
        if _ITEM.match(cells[0]):
            said = cells[status] if status is not None and status < len(cells) else None
            items.setdefault(cells[0], []).append((points, earned, said))
        elif cells[0] == "合计":
            totals.append((points, earned))
        elif re.search(r"\d", cells[0]) or "合计" in cells[0]:
            # a row of the table that names no item as ipcheck writes one (1.2, 合计): a
            # figure the check would pass over is a figure that cannot be checked
            items.setdefault(cells[0] or "?", []).append((points, earned, None))
    stated = _from_text(text, table=table)
    return stated._replace(items=items, totals=totals)


def _from_text(text: str, *, table: bool) -> StatedFigures:
    # NFKC: a PDF's text may hold the Kangxi radicals (⾃评⽂件) its fonts map 自评文件 to
    text = plain(text)
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
        counts=tuple(
            (m[1], tuple((c[1], c[2]) for c in _COUNT.finditer(m[2])), m[3])
            for m in _COUNTS.finditer(flat)
        ),
    )


_NOT_IN_A_REPORT = {  # elements that show, hide or fetch what the page's text does not say
    "link", "template", "script", "noscript", "object", "embed", "iframe", "frame", "svg",
    "math", "img", "picture", "video", "audio", "canvas", "input", "textarea", "select",
    "button", "form", "base", "dialog", "slot",
}  # fmt: skip
_WIDTH_STYLE = re.compile(r"^\s*width:\s*\d+(?:\.\d+)?(?:%|mm|px)\s*;?\s*$")


def _from_html(text: str, path: Path, styles: Callable[[], str] | None) -> StatedFigures:
    """The tables and text of an HTML report, read with lxml (libxml2's parser: linear
    time, where Python's html.parser is quadratic on some inputs). Only a page styled as
    ipcheck styles its reports is read: its style sheet (`styles`), widths in style
    attributes, none of the elements that show or hide what the text does not say."""
    import lxml.etree
    import lxml.html

    refused = _(
        "{path}: its styles or elements can show other text than the page holds: it cannot "
        "be checked; ask for the report as ipcheck made it, or its Word file"
    ).format(path=path)
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, no_network=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        raise InputError(
            _("{path}: not a report ipcheck made (docx, pdf, html or md)").format(path=path)
        ) from None
    sheet = "".join(_text_of(style) for style in root.iter("style"))
    if styles is not None and _css(sheet) != _css(styles()):
        raise InputError(refused)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _NOT_IN_A_REPORT or "hidden" in element.attrib:
            raise InputError(refused)
        given = element.attrib.get("style")
        if given is not None and not _WIDTH_STYLE.match(given):
            raise InputError(refused)
    for sheet_element in root.iter("style", "title"):
        sheet_element.text = ""  # not text of the page
    rows: list[list[str] | None] = []
    for table in root.iter("table"):
        rows.append(None)
        for row in table.iter("tr"):
            cells: list[str] = []
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                span = cell.attrib.get("colspan", "1")
                wide = span.isascii() and span.isdigit() and int(span) < 100
                cells += [_text_of(cell)] * (int(span) if wide else 1)
            rows.append(cells)
    for block in root.iter("p", "br", "tr", "li", "h1", "h2", "h3", "div"):
        block.tail = "\n" + (block.tail or "")
    return _from_rows(rows, _text_of(root))


def _text_of(element: Any) -> str:
    """The text under an element (lxml parsed it from text: str, never bytes)."""
    return "".join(str(piece) for piece in element.itertext())


def _css(sheet: str) -> str:
    return re.sub(r"\s+", "", sheet)


def _from_markdown(text: str) -> StatedFigures:
    """A Markdown report's tables: each line | a | b | a row. What a renderer shows is what
    is read: comments dropped, inline HTML tags dropped (<b>合计</b> is 合计), backslash
    escapes undone (1\\.2 is 1.2)."""
    text = re.sub(r"<!--.*?(?:-->|$)", "", text, flags=re.S)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    rows: list[list[str] | None] = []
    in_table = False
    for line in text.splitlines():
        if not line.strip().startswith("|"):
            in_table = False
            continue
        if not in_table:  # a run of table lines is one table
            rows.append(None)
            in_table = True
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([re.sub(r"\\(.)", r"\1", cell).replace("*", "") for cell in cells])
    return _from_rows(rows, re.sub(r"\\(.)", r"\1", text))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _from_docx(data: bytes, path: Path) -> StatedFigures:
    """Every table of the Word file, wherever it lies, and its paragraphs' text — what a
    reader sees: hidden text (w:vanish, set on the run or by its styles) is left out, a
    symbol (w:sym) read as the character it draws; text boxes, whose text floats over the
    page where it will, and text no one can see (white, under 4 pt) are refused."""
    import io
    import zipfile

    unreadable = _("{path}: not a Word report ipcheck can read").format(path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            if "word/document.xml" not in sizes or sum(sizes.values()) > DOCX_XML_LIMIT:
                raise InputError(unreadable)
            xml = archive.read("word/document.xml")
            styles = archive.read("word/styles.xml") if "word/styles.xml" in sizes else None
        from defusedxml import ElementTree

        root = ElementTree.fromstring(xml)
        look = _WordLook(None if styles is None else ElementTree.fromstring(styles))
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
    try:
        rows: list[list[str] | None] = []
        for table in body.iter(f"{_W}tbl"):
            rows.append(None)
            for row in table.iter(f"{_W}tr"):
                cells: list[str] = []
                for cell in _cells(row):
                    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
                    width = span.get(f"{_W}val", "1") if span is not None else "1"
                    wide = width.isascii() and width.isdigit() and int(width) < 100
                    cells += [look.seen(cell)] * (int(width) if wide else 1)
                rows.append(cells)
        paragraphs = [look.seen(p) for p in body.iter(f"{_W}p")]
    except _Unseen:
        raise InputError(
            _(
                "{path}: holds text no reader can see (white, or under 4 pt): it cannot be "
                "checked; ask for the report as ipcheck made it"
            ).format(path=path)
        ) from None
    return _from_rows(rows, "\n".join(paragraphs))


def _cells(row: Any) -> Iterator[Any]:
    """A row's cells, those inside a content control (w:sdt) too."""
    for child in row:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _cells(content)


class _Unseen(Exception):
    """A run drawn so that no one reads it (white, or under 4 pt)."""


_ON = {"true", "1", "on"}


class _WordLook:
    """How a run looks: its own properties, else its character style's, else its
    paragraph style's (each through the styles it is based on), else the defaults."""

    def __init__(self, styles: Any) -> None:
        self.styles: dict[str, Any] = {}
        self.defaults: Any = None
        if styles is not None:
            for style in styles.iter(f"{_W}style"):
                self.styles[style.get(f"{_W}styleId", "")] = style
            self.defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            props = style.find(f"{_W}rPr")
            if props is not None:
                yield props
            based = style.find(f"{_W}basedOn")
            style_id = None if based is None else based.get(f"{_W}val")

    def _property(self, run: Any, paragraph_style: str | None, name: str) -> Any:
        own = run.find(f"{_W}rPr")
        character = None if own is None else own.find(f"{_W}rStyle")
        sources = [
            *([own] if own is not None else []),
            *self._chain(None if character is None else character.get(f"{_W}val")),
            *self._chain(paragraph_style),
            *([self.defaults] if self.defaults is not None else []),
        ]
        for props in sources:
            found = props.find(f"{_W}{name}")
            if found is not None:
                return found
        return None

    def seen(self, element: Any) -> str:
        """The text of the runs under `element` a reader sees."""
        out: list[str] = []
        for paragraph in [element] if element.tag == f"{_W}p" else element.iter(f"{_W}p"):
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            paragraph_style = None if style is None else style.get(f"{_W}val")
            for run in paragraph.iter(f"{_W}r"):
                out.append(self._run_text(run, paragraph_style))
        return "".join(out)

    def _run_text(self, run: Any, paragraph_style: str | None) -> str:
        text = []
        for piece in run:
            if piece.tag == f"{_W}t":
                text.append(piece.text or "")
            elif piece.tag == f"{_W}sym":
                code = piece.get(f"{_W}char", "")
                if code and all(c in "0123456789abcdefABCDEF" for c in code):
                    value = int(code, 16)
                    text.append(chr(value - 0xF000 if 0xF000 <= value <= 0xF0FF else value))
        said = "".join(text)
        if not said.strip():
            return said
        for name in ("vanish", "specVanish"):
            hidden = self._property(run, paragraph_style, name)
            if hidden is not None and hidden.get(f"{_W}val", "true").lower() in _ON:
                return ""
        color = self._property(run, paragraph_style, "color")
        size = self._property(run, paragraph_style, "sz")
        if color is not None and color.get(f"{_W}val", "").upper() in ("FFFFFF", "FFFFFE"):
            raise _Unseen
        points = "" if size is None else size.get(f"{_W}val", "")
        if points.isascii() and points.isdigit() and int(points) < 8:  # half points
            raise _Unseen
        return said


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
