"""ipcheck serve in a real browser (Debian's chromium, driven by Playwright): a county's
year end to end, with the CLI changing the same file midway, and the office reviewing it.
Screenshots are kept in build/browser/ (look at them). Skips, saying why, when chromium
is absent (CI requires it: IPCHECK_REQUIRE_BROWSER)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipcheck import api
from ipcheck.serve.run import LocalServer
from tests.helpers.browser import ARTIFACTS, MARKS, launched

pytestmark = MARKS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")


def serving(mode: str, path: Path) -> LocalServer:
    server = LocalServer(mode=mode, path=path, by="张三")
    server.start()
    return server


def new_page(browser: Any) -> tuple[Any, list[str]]:
    """A page at 1366×768 that accepts every confirm and records what the CSP blocked
    (screenshots are taken with caret="initial": hiding the caret injects a style)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda dialog: dialog.accept())
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in {"error", "warning"} else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def item_ids(path: Path) -> list[str]:
    return [s.item.id for s in api.open_assessment(path).scope]


def save(page: Any, item: str, status: str, **fields: str) -> None:
    """Set an item's status (and fields) as an officer does, and wait for its answer."""
    card = page.locator(f"#item-{item}")
    card.locator("select[name=status]").select_option(status)
    for name, value in fields.items():
        card.locator(f"[name={name}]").fill(value)
    with page.expect_response(lambda r: r.url.endswith(f"/item/{item}")):
        card.get_by_role("button", name="保存").click()
    page.locator(f"#item-{item} .badge.{status}").wait_for()


def unlabelled(page: Any) -> list[str]:
    """Form controls a screen reader could not name."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(
                'input:not([type=hidden]), select, textarea, button')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
            .map(el => el.outerHTML)"""
        )
    )


def test_a_county_year_end_to_end_then_the_office_reviews_it(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chinese: None
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path)
    made = api.create_assessment(county="叶县", period=2025, by="张三")
    path = made.path.resolve()
    ids = item_ids(path)
    scope = api.open_assessment(path).scope
    part_item = next(s.item.id for s in scope if s.item.criteria and s.item.criteria.part)
    ten = [i for i in ids if i != part_item][:10]
    na_item = next(i for i in ids if i not in ten and i != part_item)
    server = serving("county", path)
    try:
        page, problems = new_page(browser)
        page.goto(server.opening_url())
        assert page.url == server.page_url
        assert page.title().startswith("叶县2025年度自评")
        assert unlabelled(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        page.screenshot(path=str(ARTIFACTS / "serve-county.png"), caret="initial")

        for item in ten:  # ten items 已完成
            save(page, item, "done", note=f"{item} 已办结")
        save(page, part_item, "in_progress", score="０．５分")  # as an input method types it
        save(page, na_item, "na", reason="本县无此职能")
        a = api.open_assessment(path).loaded.assessment
        assert all(a.items[i].status.value == "done" for i in ten)
        assert a.items[part_item].score == 0.5 and a.items[na_item].reason == "本县无此职能"
        totals = page.locator("#totals").inner_text()  # live, without a reload
        assert "已完成 10 · 推进中 1" in totals and "不适用 1" in totals

        # evidence, picked as an officer picks it
        ledger = tmp_path / "案件台账.xlsx"
        ledger.write_bytes(b"PK\x03\x04 ledger")
        card = page.locator(f"#item-{ten[0]}")
        card.locator("input[type=file]").set_input_files(str(ledger))
        with page.expect_response(lambda r: r.url.endswith(f"/item/{ten[0]}/evidence")):
            card.get_by_role("button", name="上传", exact=True).click()
        page.locator(f"#item-{ten[0]} .evidence li").wait_for()
        page.locator(f"#item-{ten[0]}").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "serve-marked.png"), caret="initial")
        kept = path.parent / "叶县-2025-佐证材料" / "案件台账.xlsx"
        assert kept.read_bytes() == ledger.read_bytes()

        # a file dropped on an item is attached to it, as if picked
        dropped = page.evaluate_handle(
            """() => { const t = new DataTransfer();
              t.items.add(new File(["会议纪要"], "会议纪要.txt", {type: "text/plain"}));
              return t; }"""
        )
        card = page.locator(f"#item-{ten[2]}")
        with page.expect_response(lambda r: r.url.endswith(f"/item/{ten[2]}/evidence")):
            card.dispatch_event("drop", {"dataTransfer": dropped})
        page.locator(f"#item-{ten[2]} .evidence li").wait_for()
        assert (path.parent / "叶县-2025-佐证材料" / "会议纪要.txt").read_text() == "会议纪要"

        # by keyboard alone: the status chosen with the arrow keys, saved with Enter
        page.focus(f"#status-{ten[3]}")
        page.keyboard.press("ArrowDown")  # 已完成 → 不适用: needs a reason
        page.keyboard.press("Tab")
        page.keyboard.type("本县无此项工作")
        page.keyboard.press("Tab")
        with page.expect_response(lambda r: r.url.endswith(f"/item/{ten[3]}")):
            page.keyboard.press("Enter")
        page.locator(f"#item-{ten[3]} .badge.na").wait_for()

        # the CLI changes the same item meanwhile: the page's save is refused, the item
        # shows the CLI's change, and what was typed stays in the form
        card = page.locator(f"#item-{ten[1]}")
        card.locator("textarea[name=note]").fill("页面上写的说明")
        api.mark(api.open_assessment(path), [ten[1]], "推进中", by="李四")
        before = path.read_bytes()
        with page.expect_response(lambda r: r.url.endswith(f"/item/{ten[1]}")) as refused:
            card.get_by_role("button", name="保存").click()
        assert refused.value.status == 409
        page.locator(f"#item-{ten[1]} .badge.in_progress").wait_for()
        assert path.read_bytes() == before
        assert "刚被他人修改" in page.locator("#message").inner_text()
        assert card.locator("textarea[name=note]").input_value() == "页面上写的说明"
        problems.remove(
            "Failed to load resource: the server responded with a status of 409 (Conflict)"
        )
        save(page, ten[1], "done")  # seen, saved again: taken
        assert api.open_assessment(path).loaded.assessment.items[ten[1]].note == "页面上写的说明"
        # a change to another item meanwhile does not stand in the way
        api.mark(api.open_assessment(path), [ids[-1]], "推进中", by="李四")
        save(page, ten[4], "in_progress")
        assert "推进中 3" in page.locator("#totals").inner_text()  # the CLI's counted too

        # two sections, saved as typed
        page.get_by_role("link", name="报告内容").click()
        page.locator("#section-situation").fill("叶县高度重视知识产权保护工作。")
        page.locator("#section-plans").fill("下一步，叶县将继续加强保护。")
        page.locator("#section-plans").blur()
        page.wait_for_function(
            "() => document.querySelector('#message').textContent.includes('已保存')"
        )
        page.wait_for_timeout(1200)  # the last keystroke's save
        a = api.open_assessment(path).loaded.assessment
        assert a.narrative["situation"] == "叶县高度重视知识产权保护工作。"
        assert a.narrative["plans"] == "下一步，叶县将继续加强保护。"
        # a section changed meanwhile: refused and held; leaving the box does not save it
        # over the other person's text, typing in it again does, as the message says
        api.write(api.open_assessment(path), "存在问题", "李四写的问题。", by="李四")
        box = page.locator("#section-problems")
        with page.expect_response(lambda r: r.url.endswith("/section/problems")) as refused:
            box.fill("页面上写的问题。")
        assert refused.value.status == 409
        page.locator("#settings-h").click()  # away from the box: its change event
        page.wait_for_timeout(1200)
        problems.remove(
            "Failed to load resource: the server responded with a status of 409 (Conflict)"
        )
        assert api.open_assessment(path).loaded.assessment.narrative["problems"] == "李四写的问题。"
        with page.expect_response(lambda r: r.url.endswith("/section/problems")) as taken:
            box.press("End")
            box.type("！")
        assert taken.value.status == 200
        assert (
            api.open_assessment(path).loaded.assessment.narrative["problems"]
            == "页面上写的问题。！"
        )
        # a report setting saved: the page is shown anew, and says it was saved
        page.locator("#set-key").select_option("主送机关")
        page.locator("#set-value").fill("市委、市政府")
        with page.expect_navigation():
            page.locator("#set-value").press("Enter")
        assert "已保存" in page.locator("#message").inner_text()
        assert "主送机关：市委、市政府" in page.locator("#settings-h + p").inner_text()
        assert unlabelled(page) == []
        page.screenshot(path=str(ARTIFACTS / "serve-narrative.png"), caret="initial")

        # the report as Word, read back
        page.get_by_role("link", name="报告与报送").click()
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Word (docx)").click()
        docx = tmp_path / downloading.value.suggested_filename
        downloading.value.save_as(docx)
        assert docx.name == "叶县-2025-自评报告.docx"
        import docx as python_docx

        text = "\n".join(
            p.text for p in python_docx.Document(io.BytesIO(docx.read_bytes())).paragraphs
        )
        assert "叶县高度重视知识产权保护工作。" in text and "市委、市政府：" in text
        pdf = page.request.get(f"{server.page_url}download/pdf")
        assert pdf.ok and pdf.body()[:5] == b"%PDF-"
        xlsx = page.request.get(f"{server.page_url}download/xlsx")
        assert xlsx.ok and xlsx.body()[:2] == b"PK"

        # seal: a key first (once), then the seal
        with page.expect_navigation():
            page.get_by_role("button", name="生成签名密钥").click()
        # its public key line stays on the page, for the office: not only said once
        assert page.locator("code.key").inner_text().startswith("ipcheck-ed25519 ")
        with page.expect_navigation():
            page.get_by_role("button", name="封存", exact=True).click()
        assert "已封存" in page.locator("#message").inner_text()
        assert api.status(api.open_assessment(path)).sealed
        page.get_by_role("link", name="条目").click()
        assert page.locator("form.mark").count() == 0  # read-only
        page.screenshot(path=str(ARTIFACTS / "serve-sealed.png"), caret="initial")
        assert problems == [], sorted(set(problems))
        with page.expect_response(lambda r: r.url.endswith("/quit")):
            page.get_by_role("button", name="退出").click()
        server.thread.join(10)  # type: ignore[union-attr]
        assert not server.thread.is_alive()  # type: ignore[union-attr]
    finally:
        server.join()

    # the office, on its own computer: the ranking, the county read-only, a decision signed
    (tmp_path / "office-config").mkdir()
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "office-config"))
    api.new_key("市考核办")
    office = serving("office", tmp_path.resolve())
    try:
        page, problems = new_page(browser)
        page.goto(office.opening_url())
        assert page.locator("table.ranking").inner_text().count("叶县") == 1
        page.screenshot(path=str(ARTIFACTS / "serve-office.png"), caret="initial")
        page.goto(f"{office.page_url}?period=1999")  # a year typed into the address
        assert page.locator("#message").inner_text() == "文件中没有 1999 年度的自评"
        page.go_back()
        page.get_by_role("link", name="叶县").click()
        assert page.locator("form.mark").count() == 0
        with page.expect_navigation():
            page.get_by_role("button", name="开始复核").click()
        form = page.locator(f"form.decide:has(input[value='{na_item}'])")
        form.locator("select[name=decision]").select_option("na-approved")
        with page.expect_response(lambda r: r.url.endswith("/decide")):
            form.get_by_role("button", name="确定").click()
        page.locator(f"#review-{na_item} p.decision").wait_for()
        assert "同意核减" in page.locator(f"#review-{na_item} p.decision").inner_text()
        assert "已复核" in page.locator("#message").inner_text()
        assert "已复核 1" in page.locator("#review-totals").inner_text()
        reviewed = api.review(api.open_assessment(path))
        assert reviewed.decided == 1 and reviewed.reviewer == "张三"
        assert unlabelled(page) == []
        page.screenshot(path=str(ARTIFACTS / "serve-review.png"), caret="initial")
        assert problems == []
    finally:
        office.join()
