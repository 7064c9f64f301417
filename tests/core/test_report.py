"""The report context is a pure function of its inputs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ipcheck.core.report import build_report_context, evidence_href
from ipcheck.model.views.report import Report
from ipcheck.rules.issuing import report_topic
from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import load_assessment
from ipcheck.text.labels import size_text, text_bar
from tests.helpers import EXAMPLE

MOMENT = dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def context(prefix: str = "") -> Report:
    loaded = load_assessment(EXAMPLE)
    checklist = resolve("pingdingshan-2021-22@1.0.0", checklist_dirs())
    return build_report_context(
        loaded, checklist, generated=MOMENT, file_sha256="0" * 64, link_prefix=prefix
    )


def test_same_inputs_same_context() -> None:
    assert context() == context()


def test_link_prefix_moves_the_links_only() -> None:
    here, there = context(), context("../examples/叶县-2025")
    assert here.evidence[0].href.startswith("./%E5%8F%B6")
    assert there.evidence[0].href.startswith("../examples/%E5%8F%B6")
    for key in ("summary", "measures", "problems"):
        assert getattr(here, key) == getattr(there, key)


def test_every_scored_item_is_in_the_table_once() -> None:
    numbers = [i.number for m in context().measures for i in m.items]
    assert len(numbers) == len(set(numbers)) == 83


def test_helpers() -> None:
    assert report_topic("关于强化知识产权保护的实施意见") == "强化知识产权保护"
    assert (
        size_text(13) == "13 B" and size_text(1536) == "1.5 KB" and size_text(3 << 30) == "3.0 GB"
    )
    assert text_bar(0.53) == "█████░░░░░"
    assert evidence_href("javascript:alert(1)") == "./javascript%3Aalert%281%29"
    assert evidence_href("../外/a b.pdf") == "../%E5%A4%96/a%20b.pdf"


@given(st.text(max_size=60))
def test_the_href_encoding_is_urllib_s(text: str) -> None:
    """The report's own percent-encoding (it never imports urllib) is urllib.parse.quote."""
    from urllib.parse import quote as reference

    from ipcheck.core.report import quote

    try:
        expected = reference(text, safe="/")
    except UnicodeEncodeError:  # a lone surrogate: ipcheck refuses such text at input
        return
    assert quote(text) == expected
