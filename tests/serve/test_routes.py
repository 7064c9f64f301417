"""ipcheck serve's routes through Starlette's TestClient: who may talk to the server
(token, cookie, Host, Origin, CSRF), every change through the CLI's transaction, a stale
page refused, a sealed file read-only, uploads kept inside the evidence folder."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from starlette.testclient import TestClient

from ipcheck import api
from ipcheck.serve.app import build
from ipcheck.serve.guard import COOKIE, PAGE_POLICY
from ipcheck.store.assessment_file import shown
from tests.helpers import HOSTILE_NOTE

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"


class Session(NamedTuple):
    client: TestClient
    path: Path
    csrf: str
    stopped: list[bool]
    served: object

    def version(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def shown(self, item: str) -> str:
        """What a page showing the item as it is now names it by."""
        return shown(api.open_assessment(self.path).loaded.assessment.items.get(item))

    def post(self, url: str, data: dict[str, str] | None = None, **kwargs: object) -> object:
        """A change asked of the file as it is now (as a page just shown asks it)."""
        headers = {"X-CSRF-Token": self.csrf, "Origin": ORIGIN}
        values = {"version": self.version(), **(data or {})}
        if url.startswith("/item/"):
            values.setdefault("state", self.shown(url.split("/")[2]))
        a = api.open_assessment(self.path).loaded.assessment
        if url == "/figure":
            values.setdefault("shown", shown(a.figures))
        if url == "/setting":
            values.setdefault("shown", shown(a.report))
        return self.client.post(url, data=values, headers=headers, **kwargs)  # type: ignore[arg-type]


def start(path: Path, mode: str = "county", upload_limit: int | None = None) -> Session:
    stopped: list[bool] = []
    guard, keys, served = build(
        mode=mode,
        path=path,
        by="张三",
        port=lambda: PORT,
        quit=lambda: stopped.append(True),
        upload_limit=upload_limit,
    )
    client = TestClient(guard, base_url=ORIGIN, follow_redirects=False)
    opened = client.get(f"/open?token={keys.opening}")
    assert opened.status_code == 303 and "HttpOnly" in opened.headers["set-cookie"]
    assert "SameSite=Strict" in opened.headers["set-cookie"]
    assert f"Path={keys.base}/" in opened.headers["set-cookie"]
    assert opened.headers["location"] == f"{ORIGIN}{keys.base}/"
    client.base_url = f"{ORIGIN}{keys.base}/"  # the pages' secret path
    return Session(client, path, keys.csrf, stopped, served)


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    monkeypatch.chdir(tmp_path)
    made = api.create_assessment(county="叶县", period=2025, by="张三")
    session = start(made.path.resolve())
    with session.client:
        yield session


def test_nothing_answers_without_the_cookie_or_on_another_host(county: Session) -> None:
    bare = TestClient(county.client.app, base_url=ORIGIN)
    refused = bare.get("/")
    assert refused.status_code == 403 and "ipcheck serve" in refused.text
    assert bare.get("/static/htmx.min.js").status_code == 403
    # DNS rebinding: the page asked for under another name
    evil = county.client.get("/", headers={"Host": f"evil.example:{PORT}"})
    assert evil.status_code == 421
    assert county.client.get("/", headers={"Host": "127.0.0.1:1"}).status_code == 421
    # the cookie alone opens nothing: a program on another port of 127.0.0.1 could be
    # handed a cookie, never the pages' secret path
    stolen = TestClient(county.client.app, base_url=ORIGIN)
    stolen.cookies.set(COOKIE, county.client.cookies[COOKIE])
    for path in ("/", "/static/htmx.min.js", "/narrative", "/download/docx"):
        assert stolen.get(path).status_code == 403, path
    page = county.client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert "'unsafe-inline'" not in PAGE_POLICY and "'unsafe-eval'" not in PAGE_POLICY
    assert page.headers["x-frame-options"] == "DENY"


def test_the_opening_token_works_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    made = api.create_assessment(county="叶县", period=2025, by="张三")
    guard, keys, _served = build(
        mode="county", path=made.path.resolve(), by="张三", port=lambda: PORT, quit=lambda: None
    )
    token = keys.opening
    client = TestClient(guard, base_url=ORIGIN, follow_redirects=False)
    assert client.get("/open?token=wrong").status_code == 403
    assert client.get(f"/open?token={token}").status_code == 303
    other = TestClient(guard, base_url=ORIGIN, follow_redirects=False)
    again = other.get(f"/open?token={token}")
    assert again.status_code == 403 and "used" in again.text
    assert other.get("/").status_code == 403


def test_a_change_needs_the_csrf_token_and_the_same_origin(county: Session) -> None:
    before = county.path.read_bytes()
    data = {"status": "done", "version": county.version()}
    url = "/item/serious-infringement"
    assert county.client.post(url, data=data, headers={"Origin": ORIGIN}).status_code == 403
    wrong = {"X-CSRF-Token": "x" * 43, "Origin": ORIGIN}
    assert county.client.post(url, data=data, headers=wrong).status_code == 403
    cross = {"X-CSRF-Token": county.csrf, "Origin": "http://evil.example"}
    assert county.client.post(url, data=data, headers=cross).status_code == 403
    no_origin = {"X-CSRF-Token": county.csrf}
    assert county.client.post(url, data=data, headers=no_origin).status_code == 403
    assert county.path.read_bytes() == before


def test_a_change_goes_through_the_transaction_and_answers_the_changed_part(
    county: Session,
) -> None:
    answer = county.post(
        "/item/serious-infringement", {"status": "done", "note": "全年办理 3 件", "reason": ""}
    )
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert 'id="item-serious-infringement"' in text
    assert 'id="totals"' in text and 'hx-swap-oob="true"' in text
    assert f'value="{county.version()}"' in text  # the page's new version, out of band
    a = api.open_assessment(county.path).loaded.assessment
    state = a.items["serious-infringement"]
    assert state.status.value == "done" and state.note == "全年办理 3 件"
    assert [c.by for c in a.history[-2:]] == ["张三", "张三"]


def test_a_part_score_and_a_not_applicable_reason(county: Session) -> None:
    scope = api.open_assessment(county.path).scope
    item = next(s.item for s in scope if s.item.criteria and s.item.criteria.part).id
    part = county.post(f"/item/{item}", {"status": "in_progress", "score": "0.5"})
    assert part.status_code == 200, part.text  # type: ignore[attr-defined]
    state = api.open_assessment(county.path).loaded.assessment.items[item]
    assert state.status.value == "in_progress" and state.score == 0.5
    refused = county.post(f"/item/{item}", {"status": "na", "reason": ""})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert refused.headers["hx-retarget"] == "#message"  # type: ignore[attr-defined]
    assert "reason" in refused.text  # type: ignore[attr-defined]
    # the page has the reason's field: it does not tell the officer to type --reason
    assert "--reason" not in refused.text  # type: ignore[attr-defined]
    na = county.post(f"/item/{item}", {"status": "na", "reason": "本县无此职能"})
    assert na.status_code == 200, na.text  # type: ignore[attr-defined]
    state = api.open_assessment(county.path).loaded.assessment.items[item]
    assert state.status.value == "na" and state.reason == "本县无此职能"


def test_a_page_out_of_date_is_refused_and_shown_anew(county: Session) -> None:
    item = "serious-infringement"  # 1.2
    page_saw = county.shown(item)
    api.mark(api.open_assessment(county.path), ["1.2"], "推进中", by="李四")  # the CLI, meanwhile
    changed = county.path.read_bytes()
    stale = county.post(
        f"/item/{item}", {"status": "done", "note": "我填写的说明", "state": page_saw}
    )
    assert stale.status_code == 409  # type: ignore[attr-defined]
    assert county.path.read_bytes() == changed  # nothing written
    text = stale.text  # type: ignore[attr-defined]
    assert 'class="badge in_progress"' in text  # the item as it is now
    assert "我填写的说明" in text and 'class="mark unsaved"' in text  # what was typed, kept
    assert "someone else changed this item meanwhile" in text
    # another item changed meanwhile does not stand in the way of this one
    api.mark(api.open_assessment(county.path), ["1.3"], "推进中", by="李四")
    taken = county.post(f"/item/{item}", {"status": "done", "note": "我填写的说明"})
    assert taken.status_code == 200  # type: ignore[attr-defined]
    a = api.open_assessment(county.path).loaded.assessment
    assert a.items[item].status.value == "done" and a.items[item].note == "我填写的说明"
    # a figure is asked of the figures as the page showed them
    figures_seen = shown(api.open_assessment(county.path).loaded.assessment.figures)
    api.figure(api.open_assessment(county.path), "办结数", "2", "件", by="李四")
    refused = county.post("/figure", {"name": "办结数", "value": "3", "shown": figures_seen})
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert refused.headers["hx-retarget"] == "#message"  # type: ignore[attr-defined]
    assert api.open_assessment(county.path).loaded.assessment.figures[0].value == "2"
    # the seal is asked of the whole file as the page showed it
    file_seen = county.version()
    api.mark(api.open_assessment(county.path), ["1.5"], "推进中", by="李四")
    api.new_key("叶县")
    sealed = county.client.post(
        "/seal",
        data={"version": file_seen},
        headers={"X-CSRF-Token": county.csrf, "Origin": ORIGIN},
    )
    assert sealed.status_code == 409 and sealed.headers["hx-refresh"] == "true"
    assert "was changed since this page was shown" in county.client.get("/").text
    assert not api.status(api.open_assessment(county.path)).sealed


def test_a_section_saved_as_typed_is_refused_only_if_it_changed(county: Session) -> None:
    saw = shown(None)
    api.write(api.open_assessment(county.path), "plans", "李四写的", by="李四")
    refused = county.post("/section/plans", {"text": "我写的", "shown": saw})
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert refused.headers["hx-retarget"] == "#message"  # type: ignore[attr-defined]
    assert api.open_assessment(county.path).loaded.assessment.narrative["plans"] == "李四写的"
    text = refused.text  # type: ignore[attr-defined]
    assert "李四写的" in text  # theirs, shown beside the box
    base = re.search(r'id="base-plans" name="shown" value="(\w+)"', text)
    assert base is not None  # typing on, having seen theirs, saves over it
    again = county.post("/section/plans", {"text": "我写的", "shown": base.group(1)})
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert api.open_assessment(county.path).loaded.assessment.narrative["plans"] == "我写的"
    taken = county.post("/section/situation", {"text": "我写的", "shown": saw})
    assert taken.status_code == 200  # type: ignore[attr-defined]
    assert 'id="base-situation"' in taken.text  # type: ignore[attr-defined]


def test_a_sealed_file_is_read_only_and_unsealing_asks_why(
    county: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "ipcheck-ed25519" not in county.client.get("/submit").text  # no key yet
    line = api.new_key("叶县")
    api.mark(api.open_assessment(county.path), ["1.2"], "推进中", by="张三")
    sealed = county.post("/seal")
    assert sealed.status_code == 204, sealed.text  # type: ignore[attr-defined]
    page = county.client.get("/")
    assert '<form class="mark"' not in page.text and "sealed: " in page.text
    # the public key line the office needs, shown again on every visit, sealed or not
    assert f'<code class="key">{line}</code>' in county.client.get("/submit").text
    before = county.path.read_bytes()
    refused = county.post("/item/serious-infringement", {"status": "done"})
    assert refused.status_code == 422 and "sealed" in refused.text  # type: ignore[attr-defined]
    upload = county.post("/item/serious-infringement/evidence", files={"files": ("a.txt", b"x")})
    assert upload.status_code == 422  # type: ignore[attr-defined]
    assert county.path.read_bytes() == before
    assert list((county.path.parent / "叶县-2025-佐证材料").iterdir()) == []
    assert county.post("/unseal", {"reason": ""}).status_code == 422  # type: ignore[attr-defined]
    lifted = county.post("/unseal", {"reason": "补充佐证材料"})
    assert lifted.status_code == 204  # type: ignore[attr-defined]
    history = api.open_assessment(county.path).loaded.assessment.history
    assert history[-1].action.value == "unsealed" and history[-1].new == "补充佐证材料"


def test_an_upload_is_kept_inside_the_evidence_folder_under_a_safe_name(
    county: Session,
) -> None:
    answer = county.post(
        "/item/serious-infringement/evidence",
        files=[
            ("files", ("..\\..\\..\\案件台账.csv", b"a,b\n")),
            ("files", ("../../CON.txt", b"x")),
        ],
    )
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    folder = county.path.parent / "叶县-2025-佐证材料"
    assert sorted(p.name for p in folder.iterdir()) == ["_CON.txt", "案件台账.csv"]
    assert sorted(p.name for p in county.path.parent.parent.iterdir() if p.suffix == ".csv") == []
    state = api.open_assessment(county.path).loaded.assessment.items["serious-infringement"]
    recorded = {e.path: e.sha256 for e in state.evidence}
    assert recorded["叶县-2025-佐证材料/案件台账.csv"] == hashlib.sha256(b"a,b\n").hexdigest()
    # the same name again: kept beside, never over
    county.post("/item/serious-infringement/evidence", files={"files": ("案件台账.csv", b"2")})
    assert (folder / "案件台账 (2).csv").read_bytes() == b"2"
    assert (folder / "案件台账.csv").read_bytes() == b"a,b\n"
    detach = county.post(
        "/item/serious-infringement/detach", {"path": "叶县-2025-佐证材料/案件台账.csv"}
    )
    assert detach.status_code == 200  # type: ignore[attr-defined]
    state = api.open_assessment(county.path).loaded.assessment.items["serious-infringement"]
    assert "叶县-2025-佐证材料/案件台账.csv" not in {e.path for e in state.evidence}


def test_an_upload_refused_by_the_disk_leaves_no_file(
    county: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk or a folder that cannot be written refused the upload and kept its
    files in the evidence folder (then 'unreferenced' to verify, and 'x (2).txt' on the
    next try: a trial); any refusal now takes them away."""
    import errno

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(county.path))

    monkeypatch.setattr(api, "attach", full)
    folder = county.path.parent / "叶县-2025-佐证材料"
    before = sorted(p.name for p in folder.iterdir())
    answer = county.post(
        "/item/serious-infringement/evidence",
        files=[("files", ("签到表.pdf", b"%PDF")), ("files", ("台账.csv", b"a"))],
    )
    assert answer.status_code == 422, answer.text  # type: ignore[attr-defined]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_an_upload_beyond_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = api.create_assessment(county="叶县", period=2025, by="张三")
    session = start(made.path.resolve(), upload_limit=1000)
    before = made.path.read_bytes()
    answer = session.post(
        "/item/serious-infringement/evidence", files={"files": ("big.bin", b"x" * 5000)}
    )
    assert answer.status_code == 413  # type: ignore[attr-defined]
    assert list(made.evidence_dir.iterdir()) == [] and made.path.read_bytes() == before


def test_a_received_files_words_are_escaped(county: Session) -> None:
    api.note(api.open_assessment(county.path), ["1.2"], HOSTILE_NOTE, by="张三")
    page = county.client.get("/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_sections_figures_and_settings(county: Session) -> None:
    blank = shown(None)
    assert (
        county.post("/section/situation", {"text": "叶县高度重视。", "shown": blank}).status_code
        == 200
    )  # type: ignore[attr-defined]
    assert county.post("/section/plans", {"text": "下一步……", "shown": blank}).status_code == 200  # type: ignore[attr-defined]
    assert (
        county.post("/figure", {"name": "办结数", "value": "12", "unit": "件"}).status_code == 204
    )  # type: ignore[attr-defined]
    assert county.post("/setting", {"key": "落款", "value": "叶县人民政府"}).status_code == 204  # type: ignore[attr-defined]
    a = api.open_assessment(county.path).loaded.assessment
    assert a.narrative["situation"] == "叶县高度重视。" and a.narrative["plans"] == "下一步……"
    assert a.figures[0].value == "12" and a.report is not None
    page = county.client.get("/narrative")
    assert "叶县高度重视。" in page.text and "办结数" in page.text
    # the page shown anew says what became of the save (it said nothing: found by a trial)
    assert _message(page.text) == "saved"
    assert _message(county.client.get("/narrative").text) == ""  # said once
    county.post("/figure", {"name": "办结数", "value": "12", "unit": "件"})
    assert _message(county.client.get("/narrative").text) == "nothing to change"


def _message(page: str) -> str:
    found = re.search(r'<p id="message"[^>]*>([^<]*)</p>', page)
    assert found is not None
    return found.group(1)


def test_downloads_history_and_quit(county: Session) -> None:
    docx = county.client.get("/download/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "filename*=UTF-8''" in docx.headers["content-disposition"]
    md = county.client.get("/download/md")
    assert md.text.startswith("# 叶县2025年度")
    assert county.client.get("/download/exe").status_code == 404
    preview = county.client.get("/preview")
    assert "sandbox" in preview.headers["content-security-policy"]
    assert "script-src" not in preview.headers["content-security-policy"]
    sheet = county.client.get("/export")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    assert "%E8%87%AA%E8%AF%84%E8%A1%A8.xlsx" in sheet.headers["content-disposition"]  # 自评表
    county.post("/item/serious-infringement/evidence", files={"files": ("台账.csv", b"1")})
    history = county.client.get("/history").text
    assert "<td>1.2</td>" in history and "serious-infringement" not in history
    assert "叶县-2025-佐证材料/台账.csv" in history  # evidence by its path, not its hash
    assert county.post("/quit").status_code == 200  # type: ignore[attr-defined]
    assert county.stopped == [True]


def test_the_office_reads_a_county_and_reviews_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office_dir = tmp_path / "报送"
    office_dir.mkdir()
    monkeypatch.chdir(office_dir)
    made = api.create_assessment(county="叶县", period=2025, by="张三")
    a = api.open_assessment(made.path)
    api.mark(a, ["7.2"], "不适用", reason="本县暂不具备条件", by="张三")
    api.mark(a, ["1.2"], "已完成", by="张三")  # its points wait for evidence
    ledger = made.evidence_dir / "台账.csv"
    ledger.write_text("1\n", encoding="utf-8")
    api.mark(a, ["1.3"], "已完成", evidence=[ledger], by="张三")
    api.new_key("市考核办")
    county_file = made.path.read_bytes()
    session = start(office_dir.resolve(), mode="office")

    def decision_shown(item: str) -> str:
        """What a page showing the item's decision as it is now names it by."""
        from ipcheck.store.review_file import parse_review, read_review_bytes, review_path

        data = read_review_bytes(made.path)
        review = parse_review(data, review_path(made.path)) if data else None
        return shown(None if review is None else review.items.get(item))

    with session.client:
        ranking = session.client.get("/")
        assert ranking.status_code == 200 and "叶县" in ranking.text
        assert "evidence: 1 intact, 0 missing, 0 changed" in ranking.text  # verify, per file
        assert session.client.get("/summary").status_code == 200
        assert session.client.get("/", params={"period": "²"}).status_code == 200
        name = made.path.name
        page = session.client.get("/file", params={"file": name})
        assert page.status_code == 200 and '<form class="mark"' not in page.text
        for bad in ("../x.toml", "/etc/passwd", "..\\x.toml", "x.txt"):
            assert session.client.get("/file", params={"file": bad}).status_code == 404
        headers = {"X-CSRF-Token": session.csrf, "Origin": ORIGIN}
        version = re.search(r'id="version" name="version" value="(\w+)"', page.text)
        assert version is not None
        begun = session.client.post(
            "/review", data={"file": name, "version": version.group(1)}, headers=headers
        )
        assert begun.status_code == 204, begun.text
        page = session.client.get("/file", params={"file": name})
        version = re.search(r'id="version" name="version" value="(\w+)"', page.text)
        assert version is not None
        item = next(s.item.id for s in a.scope if s.number == "7.2")
        decided = session.client.post(
            "/decide",
            data={
                "file": name,
                "item": item,
                "decision": "na-approved",
                "shown": shown(None),  # not decided yet, as the page showed it
            },
            headers=headers,
        )
        assert decided.status_code == 200, decided.text
        refused = session.client.post(
            "/decide",
            data={"file": name, "item": item, "decision": "deducted", "score": "nan",
                  "shown": decision_shown(item)},
            headers=headers,
        )  # fmt: skip
        assert refused.status_code == 422 and "the points given (扣分)" in refused.text
        assert 'id="review-totals" hx-swap-oob="true"' in decided.text
        stale = session.client.post(  # asked of the item as it was before the decision
            "/decide",
            data={"file": name, "item": item, "decision": "accepted", "reason": "我的理由",
                  "shown": shown(None)},
            headers=headers,
        )  # fmt: skip
        assert stale.status_code == 409
        assert "我的理由" in stale.text and "同意核减" in stale.text  # typed kept, theirs shown
        assert api.review(api.open_assessment(made.path)).decided == 1

        def decide(item: str, decision: str, **extra: str) -> object:
            data = {"file": name, "item": item, "decision": decision, **extra}
            data["shown"] = decision_shown(item)
            return session.client.post("/decide", data=data, headers=headers)

        proven = "serious-infringement"  # 1.2, without evidence
        refused = decide(proven, "accepted")
        assert refused.status_code == 422 and "evidence" in refused.text  # type: ignore[attr-defined]
        assert "--waive-evidence" not in refused.text  # type: ignore[attr-defined]  # a box here
        no_points = decide(proven, "deducted", reason="台账不全")
        assert "gives the points it earns" in no_points.text  # type: ignore[attr-defined]
        assert "--score" not in no_points.text  # type: ignore[attr-defined]
        waived = decide(proven, "accepted", waive="on", reason="佐证材料已现场核验")
        assert waived.status_code == 200, waived.text  # type: ignore[attr-defined]
        done = "copyright-trademark-crackdown"  # 1.3, with its evidence
        deducted = decide(done, "deducted", score="0.5", reason="台账不全")
        assert deducted.status_code == 200, deducted.text  # type: ignore[attr-defined]
        # back to 认可 with the points box still filled: the points count for 扣分 only
        again = decide(done, "accepted", score="0.5")
        assert again.status_code == 200, again.text  # type: ignore[attr-defined]
        assert api.review(api.open_assessment(made.path)).decided == 3
        assert made.path.read_bytes() == county_file  # the office changes only the review


def test_a_departments_sheet_goes_out_and_comes_back(county: Session) -> None:
    from openpyxl import load_workbook

    sheet = county.client.get("/export")
    assert sheet.status_code == 200
    # named as the CLI names it: 叶县-2025-自评表.xlsx, a unit's by its Chinese name
    from urllib.parse import quote

    assert sheet.headers["content-disposition"].endswith(quote("叶县-2025-自评表.xlsx"))
    court = county.client.get("/export", params={"unit": "intermediate-court"})
    assert court.status_code == 200
    named = quote("叶县-2025-市中级人民法院-自评表.xlsx")
    assert court.headers["content-disposition"].endswith(named)
    book = load_workbook(io.BytesIO(sheet.content))
    ws = book["自评表"]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "1.2")
    row[4].value = "已完成"
    row[6].value = "审结侵权案件 4 件"
    filled = io.BytesIO()
    book.save(filled)
    answer = county.post("/import", files={"sheet": ("县法院-自评表.xlsx", filled.getvalue())})
    assert answer.status_code == 204, answer.text  # type: ignore[attr-defined]
    assert "imported: 1 change" in county.client.get("/").text
    state = api.open_assessment(county.path).loaded.assessment.items["serious-infringement"]
    assert state.status.value == "done" and state.note == "审结侵权案件 4 件"
    again = county.post("/import", files={"sheet": ("县法院-自评表.xlsx", filled.getvalue())})
    assert again.status_code == 422  # a sheet comes back once  # type: ignore[attr-defined]


def test_a_file_broken_meanwhile_is_said_in_one_line_not_a_traceback(county: Session) -> None:
    county.path.write_text("this is = not [toml", encoding="utf-8")
    page = county.client.get("/")
    assert page.status_code == 422 and "Traceback" not in page.text
    assert county.path.name in page.text
    download = county.client.get("/download/docx")
    assert download.status_code == 422 and county.path.name in download.text
    change = county.client.get("/narrative", headers={"HX-Request": "true"})
    assert change.status_code == 422 and change.headers["hx-retarget"] == "#message"


def test_what_would_have_been_a_server_error_is_one_line(county: Session) -> None:
    scope = api.open_assessment(county.path).scope
    item = next(s.item for s in scope if s.item.criteria and s.item.criteria.part).id
    before = county.path.read_bytes()
    for score in ("nan", "inf", "1e400", "-inf", "一分"):
        answer = county.post(f"/item/{item}", {"status": "in_progress", "score": score})
        assert answer.status_code == 422, (score, answer.text)  # type: ignore[attr-defined]
        assert "part score" in answer.text  # type: ignore[attr-defined]
    many = [("files", (f"{n}.txt", b"x")) for n in range(21)]
    answer = county.post(f"/item/{item}/evidence", files=many)
    assert answer.status_code == 400 and "at most 20 files" in answer.text  # type: ignore[attr-defined]
    assert county.path.read_bytes() == before
    assert county.client.get("/alive").status_code == 204
    named = county.post("/by", {"by": "李四"})
    assert named.status_code == 200 and "李四" in named.text  # type: ignore[attr-defined]
    county.post(f"/item/{item}", {"status": "done"})
    assert api.open_assessment(county.path).loaded.assessment.history[-1].by == "李四"


def test_the_page_reads_what_the_command_line_reads(county: Session) -> None:
    """A part score as an input method types it (１．５, 1.5分) is taken, as --score takes
    it; a status the command line refuses is refused, never ignored; a section named as
    officers name it is asked of the section the file keys (a change meanwhile is seen);
    an empty operator's name is refused at once (found by a trial of the page)."""
    scope = api.open_assessment(county.path).scope
    item = next(s for s in scope if s.item.criteria and s.item.criteria.part)
    for typed, kept in (("０．５", 0.5), ("0分", 0)):
        answer = county.post(f"/item/{item.item.id}", {"status": "in_progress", "score": typed})
        assert answer.status_code == 200, (typed, answer.text)  # type: ignore[attr-defined]
        state = api.open_assessment(county.path).loaded.assessment.items[item.item.id]
        assert state.score == kept
    before = county.path.read_bytes()
    unknown = county.post(f"/item/{item.item.id}", {"status": "finished", "note": "新说明"})
    assert unknown.status_code == 422 and "unknown status" in unknown.text  # type: ignore[attr-defined]
    assert county.path.read_bytes() == before
    from ipcheck.store.assessment_file import shown

    empty_base = shown(None)
    saved = county.post("/section/situation", {"text": "第一稿", "shown": empty_base})
    assert saved.status_code == 200, saved.text  # type: ignore[attr-defined]
    stale = county.post("/section/基本情况", {"text": "覆盖", "shown": empty_base})  # shown empty
    assert stale.status_code == 409  # type: ignore[attr-defined]
    assert api.open_assessment(county.path).loaded.assessment.narrative["situation"] == "第一稿"
    empty = county.post("/by", {"by": "  "})
    assert empty.status_code == 422 and "give the name" in empty.text  # type: ignore[attr-defined]
    county.post(f"/item/{item.item.id}", {"status": "done"})
    assert api.open_assessment(county.path).loaded.assessment.history[-1].by == "张三"


def test_the_items_shown_can_be_narrowed(county: Session) -> None:
    county.post("/item/serious-infringement", {"status": "done"})  # 1.2, no evidence
    every = county.client.get("/").text.count('<article id="item-')
    open_ = county.client.get("/", params={"show": "open"}).text.count('<article id="item-')
    waiting = county.client.get("/", params={"show": "unproven"}).text
    assert every == 91 and open_ == 90
    assert waiting.count('<article id="item-') == 1 and 'id="item-serious-infringement"' in waiting
    assert county.client.get("/", params={"show": "<x>"}).text.count('<article id="item-') == 91


def test_the_office_ranks_as_the_summary_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's ranking is the summary's: counties among counties, units among units, and
    rows of equal rate share a rank (并列) — not one place after another down the page."""
    import json
    import shutil

    from tests.helpers import EXAMPLES

    folder = tmp_path / "收到的报送"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "keys"))
    monkeypatch.chdir(tmp_path)
    from ipcheck.api.assessment import dirs_of
    from ipcheck.api.summaries import summarise
    from ipcheck.core.summary_view import records

    views = list(records(summarise([str(folder)], dirs_of(), 1)))
    expected = [(r.name, r.rank_label) for r in views]
    assert any("（并列）" in label for _name, label in expected)  # the examples hold a tie
    assert next(r.rank_label for r in views if r.kind == "unit") == "1"  # units among units
    session = start(folder.resolve(), mode="office")
    with session.client:
        page = session.client.get("/").text
    shown = re.findall(r'<td>([^<]*)</td><td><a href="[^"]*">([^<]*)</a>', page)
    assert [(name, rank) for rank, name in shown] == expected, json.dumps(shown, ensure_ascii=False)


def test_a_year_without_files_says_so_on_the_office_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year typed into the page's address that no file is of showed an empty ranking and
    nothing else (found by a trial); it is said as `summary --period` says it, with the
    years the folder does hold linked."""
    import shutil

    from tests.helpers import EXAMPLES

    folder = tmp_path / "收到的报送"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "keys"))
    monkeypatch.chdir(tmp_path)
    session = start(folder.resolve(), mode="office")
    with session.client:
        empty = session.client.get("/", params={"period": "1999"}).text
        held = session.client.get("/", params={"period": "2025"}).text
    message = re.search(r'<p id="message"[^>]*>([^<]*)</p>', empty)
    assert message is not None and message.group(1) == "no assessment of 1999 among the files"
    assert '?period=2025">2025</a>' in empty
    assert re.search(r'<p id="message"[^>]*></p>', held)


def test_a_file_with_comments_is_refused_on_the_page_without_command_lines(
    county: Session,
) -> None:
    """The refusal named `ipcheck note`, which a page user has no use for (found by a
    trial); the file is left as it was."""
    text = county.path.read_text(encoding="utf-8")
    county.path.write_text("# 手写的注释\n" + text, encoding="utf-8")
    before = county.path.read_bytes()
    refused = county.post("/item/serious-infringement", {"status": "done"})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "has comments" in refused.text and "ipcheck note" not in refused.text  # type: ignore[attr-defined]
    assert county.path.read_bytes() == before
