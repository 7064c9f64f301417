"""The Word report opened by an office suite: LibreOffice, where installed, converts it
to PDF as Word or WPS would print it. Skips, saying why, where LibreOffice is absent
(apt-get install libreoffice-writer-nogui; CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, Run

CLI = Callable[..., Run]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("fixed_time"),  # reports made at one time
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
    ),
]


def test_the_word_file_prints_as_a_gongwen_report(cli: CLI, tmp_path: Path) -> None:
    """Printed by LibreOffice: the body on A4 portrait and the 自评表 on A4 landscape,
    "— n —" on every page (the PAGE field, counted by the suite), the 自评表's header row
    repeated on every page it runs onto, the 主送机关 and 落款 where a reader looks."""
    import unicodedata

    from pypdf import PdfReader

    docx = tmp_path / "叶县-2025-自评报告.docx"
    assert cli("report", "-f", EXAMPLE, "--format", "docx", "-o", docx).code == 0
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = docx.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    pages = PdfReader(pdf).pages
    sizes = [tuple(round(float(v) * 25.4 / 72) for v in p.mediabox[2:]) for p in pages]
    texts = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", p.extract_text())) for p in pages]
    for number, text in enumerate(texts, start=1):
        assert f"—{number}—" in text, (number, text[:80])
    assert sizes[0] == (210, 297)
    assert "叶县2025年度强化知识产权保护工作自评报告" in texts[0]
    assert "市市场监督管理局:" in texts[0]  # 主送机关 (NFKC folds the colon)
    schedule = next(
        i for i, text in enumerate(texts) if text.startswith("附件1") or "附件1叶县" in text
    )
    catalogue = next(i for i, text in enumerate(texts) if "附件2" in text and i > schedule)
    body = "".join(texts[:schedule])
    assert "叶县人民政府2026年1月10日" in body  # 落款: the issuing body and the day it was sealed
    assert set(sizes[:schedule]) == {(210, 297)}
    assert set(sizes[schedule:]) == {(297, 210)}
    header = "序号工作任务评分标准分值完成情况自评得分说明佐证材料编号"
    # every page of the table repeats its header; a page after it may hold only the end of
    # the 计分说明 beneath it (no item row: nothing numbered 1.2 near its top)
    table_pages = [
        text for text in texts[schedule + 1 : catalogue] if re.search(r"\d{1,2}\.\d", text[:60])
    ]
    assert table_pages and all(header in text for text in table_pages), [
        i for i, text in enumerate(texts[schedule:catalogue]) if header not in text
    ]
