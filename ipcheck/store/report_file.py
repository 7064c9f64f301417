"""A report as the office receives it (docx, html or pdf): the figures it states, read back
so that `verify --report` can set them beside what the sealed file gives.

A county may rewrite its prose in Word; its figures it may not. What is read: each row
of the 自评表 (序号, 分值, 自评得分), its 合计 row, the score sentence (自评得分 X 分（满分
Y 分）) and the SHA-256 of the 自评文件 the report was made from. A PDF's text keeps no
table, so from a PDF only the sentence and the SHA-256 are read. The file is hostile
until checked: its size is bounded, a Word file's unpacked XML too, and nothing in it is
followed or run.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from ipcheck.errors import InputError
from ipcheck.store.files import read_bytes
from ipcheck.text.i18n import _

REPORT_FILE_LIMIT = 64 << 20  # a report with its 自评表: far below this
DOCX_XML_LIMIT = 128 << 20  # … a Word file's XML, unpacked
_ITEM = re.compile(r"^\d{1,3}\.\d{1,3}$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_SENTENCE = re.compile(r"自评得分\s*(\d+(?:\.\d+)?)\s*分[（(]满分\s*(\d+(?:\.\d+)?)\s*分[）)]")
_SHA256 = re.compile(r"自评文件[^\n]{0,300}?SHA-256[：:]\s*`?([0-9a-f]{64})")


class StatedFigures(NamedTuple):
    """What a report states."""

    items: dict[str, tuple[str, str]]  # 1.2 → (分值, 自评得分) as printed
    total: tuple[str, str] | None  # 合计: (分值, 自评得分)
    sentence: tuple[str, str] | None  # 自评得分 X 分（满分 Y 分）
    file_sha256: str | None  # the 自评文件 it was made from
    table: bool  # whether a 自评表 could be read (not from a PDF)
    kind: str = "html"  # docx | html | pdf


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
            stated = _from_html(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            stated = None
    if stated is None or not (stated.table or stated.sentence or stated.file_sha256):
        raise InputError(
            _("{path}: not a report ipcheck made (docx, pdf or html)").format(path=path)
        )
    return stated


def _from_rows(rows: list[list[str]], text: str) -> StatedFigures:
    """The 自评表 among a document's table rows, and the sentence and SHA-256 in its text."""
    items: dict[str, tuple[str, str]] = {}
    total = None
    columns: tuple[int, int] | None = None
    for cells in rows:
        cells = [c.strip() for c in cells]
        if "序号" in cells and "分值" in cells and "自评得分" in cells:
            columns = (cells.index("分值"), cells.index("自评得分"))
            continue
        if columns is None or not cells or max(columns) >= len(cells):
            continue
        points, earned = cells[columns[0]], cells[columns[1]]
        if _ITEM.match(cells[0]):
            items[cells[0]] = (points, earned)
        elif cells[0] == "合计":
            total = (points, earned)
    stated = _from_text(text, table=columns is not None)
    return stated._replace(items=items, total=total)


def _from_text(text: str, *, table: bool) -> StatedFigures:
    # NFKC: a PDF's text may hold the Kangxi radicals (⾃评⽂件) its fonts map 自评文件 to
    text = unicodedata.normalize("NFKC", text)
    flat = re.sub(r"\s+", "", text)
    sentence = _SENTENCE.search(flat)
    sha = _SHA256.search(text) or _SHA256.search(flat)
    return StatedFigures(
        items={},
        total=None,
        sentence=None if sentence is None else (sentence[1], sentence[2]),
        file_sha256=None if sha is None else sha[1],
        table=table,
    )


class _Tables(HTMLParser):
    """Every table row's cells (a cell spanning columns repeated), and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and int(span) < 100 else 1
        elif tag in ("br", "p", "tr", "li"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1] += ["".join(self._cell)] * self._span
            self._cell = None
        if tag in ("p", "tr", "li", "h1", "h2", "h3"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)


def _from_html(text: str) -> StatedFigures:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return _from_rows(parser.rows, "".join(parser.text))


def _from_docx(data: bytes, path: Path) -> StatedFigures:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            if "word/document.xml" not in sizes or sum(sizes.values()) > DOCX_XML_LIMIT:
                raise zipfile.BadZipFile(path.name)
        from docx import Document

        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError(
            _("{path}: not a Word report ipcheck can read").format(path=path)
        ) from None
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    text = "\n".join([p.text for p in document.paragraphs] + [cell for row in rows for cell in row])
    return _from_rows(rows, text)


def _pdf_text(data: bytes, path: Path) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:500])
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError):
        raise InputError(_("{path}: not a PDF ipcheck can read").format(path=path)) from None
