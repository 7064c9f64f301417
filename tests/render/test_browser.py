"""The HTML report in a real browser (Debian's chromium, driven by Playwright).

It checks that no script runs and no resource is requested, prints the report
to an A4 PDF of more than one page and saves a screenshot to
build/browser/ (look at it). Skips, saying why, when chromium is absent.
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLE, GENERATED_AT, ROOT, Run
from tests.helpers.browser import ARTIFACTS, MARKS, launched

CLI = Callable[..., Run]
pytestmark = MARKS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


def open_report(browser: object, html_path: Path) -> tuple[object, list[str], list[str]]:
    """Open a file in a fresh page; record every request beyond the file and every dialog."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400})  # type: ignore[attr-defined]
    requests: list[str] = []
    dialogs: list[str] = []
    target = html_path.as_uri()
    page.on("request", lambda r: requests.append(r.url) if r.url != target else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(target, wait_until="load")
    page.wait_for_timeout(300)
    return page, requests, dialogs


def render(cli: CLI, out: Path, *args: str | Path) -> Path:
    run = cli("report", *args, "--format", "html", "-o", out, "--force")
    assert run.code == 0, run
    return out


def test_example_report_in_the_browser(
    cli: CLI, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", GENERATED_AT)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    html = render(cli, EXAMPLE.parent / "build-report.html", "-f", EXAMPLE)
    try:
        shutil.copy(html, ARTIFACTS / "叶县-2025.html")
        page, requests, dialogs = open_report(browser, html)
        assert requests == [] and dialogs == []
        assert page.evaluate("document.scripts.length") == 0  # type: ignore[attr-defined]
        assert page.title() == "叶县2025年度强化知识产权保护工作自评报告"  # type: ignore[attr-defined]
        # the evidence links resolve to real files beside the assessment
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")  # type: ignore[attr-defined]
        assert hrefs and all(h.startswith("file://") for h in hrefs)
        page.screenshot(path=str(ARTIFACTS / "叶县-2025.png"), full_page=False)  # type: ignore[attr-defined]
        pdf = page.pdf(format="A4", print_background=True)  # type: ignore[attr-defined]
        (ARTIFACTS / "叶县-2025.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages > 1, pages
        # readable on a phone: the page does not scroll sideways
        phone = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        phone.goto(html.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        phone.screenshot(path=str(ARTIFACTS / "叶县-2025-phone.png"))
    finally:
        html.unlink(missing_ok=True)


def test_hostile_report_runs_nothing_in_the_browser(
    cli: CLI,
    browser: object,
    hostile: Path,
) -> None:
    html = render(cli, hostile.parent / "report.html")
    page, requests, dialogs = open_report(browser, html)
    assert dialogs == []
    assert requests == []
    assert page.evaluate("document.scripts.length") == 0  # type: ignore[attr-defined]
    assert page.evaluate("document.images.length") == 0  # type: ignore[attr-defined]
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in body
    # clicking the hostile evidence link navigates to a file, never runs code
    page.click("text=javascript:alert(1)")  # type: ignore[attr-defined]
    time.sleep(0.3)
    assert dialogs == []


def test_summary_page_in_the_browser(cli: CLI, browser: object, tmp_path: Path) -> None:
    examples = ROOT / "examples"
    html = tmp_path / "summary.html"
    run = cli("summary", examples, "--format", "html", "-o", html)
    assert run.code == 0, run
    page, requests, dialogs = open_report(browser, html)
    assert requests == [] and dialogs == []
    assert page.evaluate("document.scripts.length") == 0  # type: ignore[attr-defined]
    # the heatmap: one coloured cell per assessee and measure
    assert page.evaluate("document.querySelectorAll('td[class^=h]').length") == 16 * 19  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1300, "height": 1000})  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "summary.png"), full_page=True)  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4", landscape=True, print_background=True)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    # the pictures are drawn: the ranking's bars in their colour, the tied ones marked
    from tests.helpers.png import colours

    counties = page.query_selector("svg.chart.ranking")  # type: ignore[attr-defined]
    shot = colours(counties.screenshot(path=str(ARTIFACTS / "summary-ranking.png")))
    area = sum(shot.values())
    assert shot.get((165, 37, 42), 0) > area * 0.05  # #a5252a: the bars
    assert shot.get((217, 140, 143), 0) > 0  # #d98c8f: the tied bars (并列)
    profile = page.query_selector("svg.chart.profile")  # type: ignore[attr-defined]
    assert colours(profile.screenshot()).get((165, 37, 42), 0) > 0


def test_the_report_as_pdf_is_the_golden_report_printed(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report --format pdf: the HTML report printed by the browser. Its golden file is the
    HTML golden: the PDF holds the same text in the same order, with every page numbered
    "— n —" at its foot (@page margin boxes) and the tables' header rows repeated on each
    page they run onto; the body on A4 portrait, the 自评表 (附件1) on A4 landscape."""
    from pypdf import PdfReader

    from tests.helpers import GOLDEN

    monkeypatch.setenv("SOURCE_DATE_EPOCH", GENERATED_AT)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    out = tmp_path / "叶县-2025-自评报告.pdf"
    run = cli("report", "-f", EXAMPLE, "--format", "pdf", "-o", out)
    assert run.code == 0, run
    assert not list(tmp_path.glob(".ipcheck-*"))  # the page printed is gone
    pages = PdfReader(out).pages
    sizes = [tuple(round(float(v) * 25.4 / 72) for v in p.mediabox[2:]) for p in pages]
    texts = [p.extract_text() for p in pages]
    for number, text in enumerate(texts, start=1):
        assert f"— {number} —" in text, number
    schedule = next(i for i, text in enumerate(texts) if "附件1" in text)
    catalogue = next(i for i, text in enumerate(texts) if "附件2" in text)
    assert set(sizes[:schedule]) == {(210, 297)} and set(sizes[catalogue:]) == {(210, 297)}
    assert set(sizes[schedule:catalogue]) == {(297, 210)}
    golden = _visible_text(GOLDEN / "叶县-2025.html")
    headers = golden.headers
    printed = _squeezed(re.sub(r"— \d+ —", "", "".join(texts)))
    assessed = _squeezed(next(h for h in headers if "序号" in h))  # the 自评表's header row
    # on every page of the 自评表 (the last may hold only the sign-off row)
    on_pages = [assessed in _squeezed(text) for text in texts[schedule:catalogue]]
    assert all(on_pages[:-1]) and printed.count(assessed) == sum(on_pages)
    expected = _squeezed(golden.text)
    for header in headers:
        printed = printed.replace(_squeezed(header), "")
        expected = expected.replace(_squeezed(header), "")
    assert len(printed) == len(expected)
    wrong = [i for i, (a, b) in enumerate(zip(expected, printed, strict=True)) if a != b]
    # a PDF may name an ideograph by its radical's code point (⻅ for 见): the same glyph
    assert all(0x2E80 <= ord(printed[i]) <= 0x2FFF for i in wrong), [
        (expected[i - 10 : i + 10], printed[i - 10 : i + 10]) for i in wrong[:3]
    ]
    # the office reads the PDF back: its score and its file's SHA-256 against the sealed file
    checked = cli("verify", "-f", EXAMPLE, "--report", out)
    assert checked.code == 0 and "its score and the SHA-256 of its file match" in checked.stderr


class _Text(HTMLParser):
    """The text a reader sees on the page, and each table header's."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.in_head = False
        self.parts: list[str] = []
        self.headers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "title")
        if tag == "thead":
            self.in_head = True
            self.headers.append("")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "title")
        self.in_head = self.in_head and tag != "thead"

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
            if self.in_head:
                self.headers[-1] += data

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _visible_text(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _squeezed(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_the_printed_report_splits_no_table_row(browser: object, tmp_path: Path) -> None:
    """Printed, body text is 3号 (16 pt) and no row of the 自评表 is cut by a page end."""
    from tests.helpers import EXAMPLE as example

    html = tmp_path / "r.html"
    assert cli_report(example, html) == 0
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert abs(float(size.removesuffix("px")) - 64 / 3) < 0.01  # 16 pt
    rows = page.evaluate(
        "[...document.querySelectorAll('tr')].map(r => getComputedStyle(r).breakInside)"
    )
    assert rows and all(value == "avoid" for value in rows)
    page.close()


def cli_report(assessment: Path, out: Path) -> int:
    from typer.testing import CliRunner

    from ipcheck.cli import app

    args = ["report", "-f", str(assessment), "--format", "html", "-o", str(out), "--force"]
    return CliRunner().invoke(app, args).exit_code


HOSTILE_TEMPLATE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src * 'unsafe-inline' file: data:">
<base href="file:///">
<link rel="stylesheet" href="{secret_css}">
<title>received</title></head>
<body>
<h1>{{{{ title }}}}</h1>
<p id="mark">PAGE-PRINTED</p>
<iframe src="{secret}" width="600" height="200"></iframe>
<iframe src="{key}" width="600" height="200"></iframe>
<iframe src="{other}" width="600" height="200"></iframe>
<object data="{secret}" type="text/plain" width="600" height="100"></object>
<embed src="{binary}" width="600" height="100">
<img src="{image}" alt="">
<script>document.getElementById("mark").textContent = "SCRIPT-RAN";</script>
<a href="{binary}" download>x</a>
<meta http-equiv="refresh" content="0; url={secret}">
<form action="{secret}"><input name="q" value="1"></form>
</body></html>
"""


def test_a_received_template_reaches_nothing_when_printed(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report --format pdf with a received template that drops the CSP, frames the
    office's files (another county's evidence, an SSH key, a file the browser cannot show
    and would download), runs a script and submits a form: the PDF holds none of those
    files, the script did not run, nothing was downloaded, and nothing was written
    beside the output but the PDF."""
    from pypdf import PdfReader

    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    key = home / ".ssh" / "id_ed25519"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY----- KEY-SECRET-77", encoding="utf-8")
    other = tmp_path / "收到的报送" / "郏县-2025-佐证材料" / "案件台账.csv"
    other.parent.mkdir(parents=True)
    other.write_text("OTHER-COUNTY-SECRET-55", encoding="utf-8")
    secret = tmp_path / "office" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("OFFICE-SECRET-31", encoding="utf-8")
    (secret.parent / "secret.css").write_text('body::after { content: "CSS-SECRET-12"; }')
    binary = secret.parent / "台账.bin"
    binary.write_bytes(b"\x00\x01BINARY-SECRET-90" * 100)
    image = secret.parent / "photo.png"
    shutil.copy(ROOT / "tests" / "data" / "shouldbe-plain.txt", image)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        HOSTILE_TEMPLATE.format(
            secret=secret.as_uri(),
            secret_css=(secret.parent / "secret.css").as_uri(),
            key=key.as_uri(),
            other=other.as_uri(),
            binary=binary.as_uri(),
            image=image.as_uri(),
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.pdf"
    run = cli("report", "-f", EXAMPLE, "--template-dir", templates, "-o", out)
    assert run.code == 0, run
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    data = out.read_bytes()
    assert "PAGE-PRINTED" in text and "SCRIPT-RAN" not in text
    for leaked in ("OFFICE-SECRET", "KEY-SECRET", "OTHER-COUNTY", "BINARY-SECRET", "CSS-SECRET"):
        assert leaked not in text and leaked.encode() not in data, leaked
    assert [p.name for p in out_dir.iterdir()] == ["report.pdf"]
    downloads = [p for p in home.rglob("*") if p.is_file() and p != key]
    assert downloads == [], downloads


def test_the_pdf_keeps_the_characters_at_xml_s_edges(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note with the first and last characters on each side of what XML forbids, and a
    received one with U+FFFE and U+FFFF as escapes: printed to PDF, both are on the page."""
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    assert cli("note", "1.2", "边界\ud7ff\ue000\ufffd\U00010000和平").code == 0
    path = tmp_path / "叶县-2025.toml"
    data = path.read_text(encoding="utf-8").replace("和平", "和平\\uFFFE\\uFFFF", 1)
    path.write_text(data, encoding="utf-8")
    out = tmp_path / "report.pdf"
    run = cli("report", "-o", out)
    assert run.code == 0, run
    import unicodedata

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    # as a reader copies it: the PDF's ligatures (ﬀ) undone, its line breaks joined
    squeezed = unicodedata.normalize("NFKC", text).replace("\n", "")
    assert "边界" in squeezed and "和平\\ufffe\\uffff" in squeezed


def test_the_pdf_is_laid_out_as_gb_t_9704_sets_it(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from the PDF's text positions (issue 28): each page number at the outer edge
    (odd pages right, even pages left) below the text area; no heading stranded at a page's
    foot; printed black on white, with no bullets."""
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", GENERATED_AT)
    out = tmp_path / "r.pdf"
    assert cli("report", "-f", EXAMPLE, "--format", "pdf", "-o", out).code == 0
    md = cli("report", "-f", EXAMPLE, "--format", "md").stdout

    def squeezed(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    headings = {squeezed(line.lstrip("#")) for line in md.splitlines() if line.startswith("##")}
    assert "二、主要做法及成效" in headings
    for number, page in enumerate(PdfReader(out).pages, start=1):
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        pieces: list[tuple[float, float, str]] = []

        def seen(
            text: str,
            cm: list[float],
            tm: list[float],
            *_: object,
            into: list[tuple[float, float, str]] = pieces,
        ) -> None:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if text.strip():
                into.append((x, y, text.strip()))

        text = page.extract_text(visitor_text=seen)
        assert "•" not in text, number
        page_number = [x for x, y, t in pieces if t == str(number) and y < 80]
        assert page_number, (number, [p for p in pieces if p[1] < 80])
        portrait = height > width
        outer = page_number[0] > width / 2 if number % 2 else page_number[0] < width / 2
        assert outer, (number, page_number)
        if portrait:
            lines: dict[int, list[tuple[float, str]]] = {}
            for x, y, t in pieces:
                if y > 90:  # the text area: above the page number
                    lines.setdefault(round(y), []).append((x, t))
            last = squeezed("".join(t for _x, t in sorted(lines[min(lines)])))
            assert last not in headings, (number, last)  # a heading goes with what follows
        stream = page.get_contents()
        data = stream.get_data() if stream is not None else b""
        colours = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data)
        assert all(r == g == b for r, g, b in colours), (number, set(colours))
