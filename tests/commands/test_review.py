"""The office's review (复核, issue 17): its own file beside the county's sealed
assessment, decisions per item, the reviewed score, and a refusal once the file changes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.model.review import Decision
from tests.helpers import EXAMPLE_DIR, Run, example_on_1_0_0, reopen

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"


@pytest.fixture
def received(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The county's sealed submission, as the office received it; the office's key."""
    folder = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, folder)
    monkeypatch.chdir(folder)
    assert cli("key", "--new", "--name", "市考核办").code == 0
    return folder / NAME


def test_a_review_records_decisions_and_gives_the_reviewed_score(cli: CLI, received: Path) -> None:
    before = received.read_bytes()
    run = cli("review", "--new", "--reviewer", "市考核办")
    assert run.code == 0, run
    review = received.with_suffix(".review")
    assert review.exists() and "begun by 市考核办" in run.stderr
    assert cli("decide", "1.3", "认可").code == 0
    assert cli("decide", "2.1", "扣分", "--score", "0", "--reason", "台账不全").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    run = cli("decide", "13.2", "不同意核减", "--reason", "有外贸企业")
    assert run.code == 0 and "self-assessed 33/100, reviewed 32/99" in run.stderr
    assert received.read_bytes() == before  # the county's file is never edited
    data = json.loads(cli("review", "--format", "json").stdout)
    assert (data["own"]["score"], data["own"]["max_score"]) == (33, 100)
    assert (data["reviewed"]["score"], data["reviewed"]["max_score"]) == (32, 99)
    assert data["reviewer"] == "市考核办" and data["decided"] == 4
    rows = {r["number"]: r for r in data["items"]}
    assert (rows["2.1"]["own"], rows["2.1"]["reviewed"], rows["2.1"]["decision"]) == (
        1,
        0,
        Decision.DEDUCTED.value,
    )
    assert rows["2.1"]["by"] == "市考核办" and rows["2.1"]["reason"] == "台账不全"
    assert rows["7.7"]["reviewed"] is None  # approved: out of the base
    text = cli("review").stdout
    assert "self-assessed (自评) 33/100 · reviewed (复核) 32/99" in text
    assert "2.1 已完成 扣分 1 → 0：台账不全" in text
    # the county's claims as its report states them: done without evidence waits for it
    assert rows["1.5"]["status_label"] == "已完成（待补佐证）"
    assert rows["7.7"]["status_label"] == "不适用（待核减）"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("2.1", "不认可"), "不认可 needs a reason (--reason)"),
        (("7.7", "认可"), "is 不适用: approve or reject the request to 核减"),
        (("1.3", "同意核减"), "is not 不适用: accept, reject or deduct"),
        (("1.3", "扣分", "--reason", "x"), "a deduction gives the points it earns (--score)"),
        (("1.3", "扣分", "--score", "1", "--reason", "x"), "it earns 1 as self-assessed"),
        (("1.3", "认可", "--score", "1"), "points given (--score) go with a deduction only"),
        (("1.3", "扣分", "--score", "0.3", "--reason", "x"), "'0.3' is not a number of points"),
        (("1.3", "扣分", "--score", "半", "--reason", "x"), "give 0 to 100 in half points"),
        (("1.3", "好"), "'好' is not a decision; give one of 认可、不认可、扣分"),
        (("认可",), "give the items, then the decision"),
        (("99.1", "认可"), "99.1"),
        # a reason holds what a county's reason may hold (found by a trial as the office)
        (("1.3", "不认可", "--reason", "a\x1b[31mRED"), "holds the character U+001B"),
        (("1.3", "扣分", "--score", "0.5", "--reason", "p\uffffq"), "U+FFFF"),
    ],
)
def test_decisions_that_cannot_stand_are_refused(
    cli: CLI, received: Path, args: tuple[str, ...], said: str
) -> None:
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    review = received.with_suffix(".review")
    before = review.read_bytes()
    run = cli("decide", *args)
    assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, run
    assert review.read_bytes() == before


def test_a_deduction_may_leave_half_a_point(cli: CLI, received: Path) -> None:
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    run = cli("decide", "1.3", "扣分", "--score", "0.5", "--reason", "台账不全")
    assert run.code == 0 and "reviewed 32.5/100" in run.stderr, run
    assert "score = 0.5" in received.with_suffix(".review").read_text(encoding="utf-8")
    rows = {r["number"]: r for r in json.loads(cli("review", "--format", "json").stdout)["items"]}
    assert rows["1.3"]["reviewed"] == 0.5 and rows["1.3"]["own"] == 1
    data = json.loads(cli("review", "--format", "json").stdout)
    assert (data["reviewed"]["score"], data["own"]["score"]) == (32.5, 33)


def test_a_review_of_a_file_changed_since_is_refused(cli: CLI, received: Path) -> None:
    assert cli("decide", "1.3", "认可").code == 2  # no review yet
    assert cli("review").code == 2
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    again = cli("review", "--new")
    assert again.code == 2 and "a review is under way" in again.stderr
    assert reopen(received).code == 0  # the county changes its file after the review began
    for run in (cli("review"), cli("decide", "1.3", "认可")):
        assert run.code == 2
        assert "changed after the review began" in run.stderr
        assert "ipcheck review -f 叶县-2025.toml --new)" in run.stderr
    assert cli("review", "--new", "--force", "--reviewer", "市考核办").code == 0
    assert cli("decide", "1.3", "认可").code == 0


def test_a_hostile_review_file_is_refused_in_one_line(cli: CLI, received: Path) -> None:
    review = received.with_suffix(".review")
    for text in ('kind = "review"\n', "x = [" * 3000, 'schema_version = "1"\n'):
        review.write_text(text, encoding="utf-8")
        run = cli("review")
        assert run.code == 2 and run.stderr.count("\n") == 1, run


def test_the_report_carries_the_review(cli: CLI, received: Path, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    plain = cli("report", "--review", "--format", "md")
    assert plain.code == 2 and "no review of 叶县-2025.toml" in plain.stderr
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "2.1", "扣分", "--score", "0", "--reason", "台账不全").code == 0
    md = cli("report", "--review", "--format", "md").stdout
    assert "经市考核办复核，得分32分（满分100分）。" in md
    assert "| 复核得分 | 复核意见 |" in md and "| 32/100 | 市考核办复核 |" in md
    assert "| 0 | 扣分：台账不全 |" in md
    assert "复核得分" not in cli("report", "--format", "md").stdout  # only when asked
    # the 不适用 the office decided are said as decided, not as awaiting approval
    assert "其中2项待考核办审核核减" in md
    assert cli("decide", "7.7", "同意核减").code == 0
    md = cli("report", "--review", "--format", "md").stdout
    assert "其中1项经复核同意核减，1项待考核办审核核减；" in md
    assert cli("decide", "13.2", "不同意核减", "--reason", "有外贸企业").code == 0
    md = cli("report", "--review", "--format", "md").stdout
    assert "其中1项经复核同意核减，1项经复核不同意核减、计入满分不得分；" in md
    assert "其中2项待考核办审核核减" in cli("report", "--format", "md").stdout
    html = cli("report", "--review").stdout
    assert "<th>复核得分</th><th>复核意见</th>" in html and "扣分：台账不全" in html
    docx = tmp_path / "r.docx"
    assert cli("report", "--review", "-o", docx).code == 0
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "序号")
    assert [c.text for c in table.rows[0].cells][-2:] == ["复核得分", "复核意见"]
    assert round(sum(c.width.mm for c in table.columns)) == 243
    xlsx = tmp_path / "r.xlsx"
    assert cli("report", "--review", "-o", xlsx).code == 0
    sheet = load_workbook(xlsx)["自评表"]
    assert [c.value for c in sheet[3]][-2:] == ["复核得分", "复核意见"]
    assert reopen(received).code == 0
    stale = cli("report", "--review", "--format", "md")
    assert stale.code == 2 and "changed after the review began" in stale.stderr


def test_a_review_edited_by_hand_is_refused(cli: CLI, received: Path) -> None:
    """A review edited by hand breaks its signature; and even one signed again with the
    office's key is refused where its decisions are not ones ipcheck would have recorded
    (a deduction above the points, an item the county does not answer, another file)."""
    from ipcheck.store.review_file import office_key, parse_review, sign_review
    from ipcheck.store.writer import to_toml

    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "2.1", "扣分", "--score", "0", "--reason", "台账不全").code == 0
    review = received.with_suffix(".review")
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("score = 0", "score = 99"), encoding="utf-8")
    assert "is not signed by this office's key" in cli("review").stderr
    key, name = office_key()
    signed = text.split("[signature]")[0]
    for old, new, said in (
        ("score = 0", "score = 99", "a deduction only lowers that"),
        ("[items.administrative-enforcement]", "[items.no-such-item]", "does not answer"),
        ('file = "叶县-2025.toml"', 'file = "../../etc/passwd"', "the review is of the file"),
    ):
        review.write_text(signed.replace(old, new), encoding="utf-8")
        edited = sign_review(parse_review(review.read_bytes(), review), key, name)
        review.write_text(to_toml(edited), encoding="utf-8")
        for run in (cli("review"), cli("summary", received.parent), cli("report", "--review")):
            assert run.code in (1, 2) and said in run.stderr, (old, run)


def test_a_changed_decision_keeps_the_one_it_replaced(cli: CLI, received: Path) -> None:
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "1.3", "不认可", "--reason", "佐证不足").code == 0
    assert cli("decide", "1.3", "不认可", "--reason", "佐证不足").code == 0  # the same: kept once
    assert cli("decide", "1.3", "认可").code == 0
    rows = {r["number"]: r for r in json.loads(cli("review", "--format", "json").stdout)["items"]}
    assert rows["1.3"]["decision"] == "accepted"
    (earlier,) = rows["1.3"]["earlier"]
    assert earlier.startswith("不认可（佐证不足） 市考核办 ")
    assert "earlier: 不认可（佐证不足）" in cli("review").stdout


def test_only_reviews_this_office_signed_are_counted(
    cli: CLI, received: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county cannot send the office a review of its own: a review signed by another key,
    unsigned, or changed since it was signed is refused by review, decide, summary and
    report --review."""
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    review = received.with_suffix(".review")
    text = review.read_text(encoding="utf-8")
    assert "[signature]" in text and 'algorithm = "ed25519"' in text
    forged = text.replace('reviewer = "市考核办"', 'reviewer = "市考核办 "')
    review.write_text(forged, encoding="utf-8")
    for run in (
        cli("review"),
        cli("decide", "1.3", "认可"),
        cli("summary", received.parent),
        cli("report", "--review", "--format", "md"),
    ):
        assert run.code in (1, 2) and "is not signed by this office's key" in run.stderr, run
    # the county's own key signs a review: not the office's
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "county"))
    assert cli("key", "--new", "--name", "叶县").code == 0
    assert cli("review", "--new", "--force", "--reviewer", "市考核办").code == 0
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "office"))
    assert cli("key", "--new", "--name", "市考核办").code == 0
    run = cli("review")
    assert run.code == 2 and "is not signed by this office's key" in run.stderr
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "nobody"))
    run = cli("review", "--new", "--force")
    assert run.code == 2 and "ipcheck key --new --name 市考核办" in run.stderr


def test_decisions_mean_what_they_say(cli: CLI, received: Path) -> None:
    """扣分 only lowers what an item earns; 认可 of an item whose points wait for evidence
    needs the rule waived for it, with a reason, and the review lists every waiver."""
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    review = received.with_suffix(".review")
    before = review.read_bytes()
    for args, said in (
        (("1.5", "扣分", "--score", "0", "--reason", "x"), "there is nothing to deduct"),
        (("1.5", "认可"), "accept it only by waiving that rule for it"),
        (("1.5", "认可", "--waive-evidence"), "waiving the evidence rule needs a reason"),
    ):
        run = cli("decide", *args)
        assert run.code == 2 and said in run.stderr and run.stderr.count("\n") == 1, (args, run)
    assert review.read_bytes() == before
    run = cli("decide", "1.5", "认可", "--waive-evidence", "--reason", "原件已现场核验")
    assert run.code == 0, run
    assert "self-assessed 33/100, reviewed 34/100" in run.stderr
    rows = {r["number"]: r for r in json.loads(cli("review", "--format", "json").stdout)["items"]}
    assert rows["1.5"]["waived"] and (rows["1.5"]["own"], rows["1.5"]["reviewed"]) == (0, 1)
    assert "1.5 已完成（待补佐证） 认可（免佐证） 0 → 1：原件已现场核验" in cli("review").stdout


def test_the_summary_lists_each_na_request_with_the_office_decision(
    cli: CLI, received: Path
) -> None:
    """The office's 核减 list: every 不适用 item, its reason, and the decision and by whom;
    one not yet decided says 待复核."""
    folder = received.parent
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    asked = {(q["number"], q["decision"]) for q in data["na_requests"]}
    assert asked == {("7.7", None), ("13.2", None)}
    (before,) = data["rows"]
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    data = json.loads(cli("summary", folder, "--format", "json").stdout)
    # the review's figures where figures are shown: the approved 不适用 leaves the base of
    # completion too, and the count says it
    (after,) = data["rows"]
    assert (before["na_approved"], after["na_approved"]) == (0, 1)
    assert after["score_note"] == "不适用 2 项（1.5 分），同意核减 1 项"
    assert before["completion"] == round(before["done"] / before["applicable"], 4)
    assert after["completion"] == round(after["done"] / (after["applicable"] - 1), 4)
    csv_text = cli("summary", folder, "--format", "csv").stdout
    header, row = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert row.split(",")[header.split(",").index("同意核减项")] == "1"
    rows = {q["number"]: q for q in data["na_requests"]}
    assert rows["7.7"]["name"] == "叶县" and rows["7.7"]["reason"].startswith("本县暂无地理标志")
    assert (rows["7.7"]["decision"], rows["7.7"]["by"]) == ("同意核减", "市考核办")
    assert (rows["13.2"]["decision"], rows["13.2"]["by"]) == (None, None)
    md = cli("summary", folder, "--format", "md").stdout
    assert "## 核减申请（不适用）" in md
    assert (
        "| 叶县 | 13.2 海外侵权保险业务 | 本县无开展海外业务的企业，暂无投保需求 | 待复核 | — |"
        in md
    )
    html = cli("summary", folder, "--format", "html").stdout
    assert "<td>同意核减</td><td>市考核办</td>" in html
    sheet = cli("summary", folder, "--format", "csv", "--table", "na-requests").stdout
    assert sheet.lstrip("\ufeff").splitlines()[1:] == [
        f"叶县,县（市、区）,7.7,国家地理标志产品保护示范区,{rows['7.7']['reason']},同意核减,市考核办",
        f"叶县,县（市、区）,13.2,海外侵权保险业务,{rows['13.2']['reason']},待复核,",
    ]
    text = cli("summary", folder).stdout.replace("\n", "")  # as wrapped to the terminal
    assert "Requests to 核减 (不适用): 2" in text
    assert "7.7 国家地理标志产品保护示范区: 本县暂无地理标志保护产品" in text
    assert "(同意核减, by 市考核办)" in text and "(not yet decided)" in text
    out = folder.parent / "汇总.xlsx"
    assert cli("summary", folder, "--format", "xlsx", "-o", out).code == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(out)["核减申请"].iter_rows(min_row=3, values_only=True))
    assert rows == [
        (
            "叶县",
            "县（市、区）",
            "7.7 国家地理标志产品保护示范区",
            rows[0][3],
            "同意核减",
            "市考核办",
        ),
        ("叶县", "县（市、区）", "13.2 海外侵权保险业务", rows[1][3], "待复核", None),
    ]


def test_a_resubmission_carries_over_the_decisions_on_unchanged_items(
    cli: CLI, received: Path
) -> None:
    """The county resubmits after the review: a new review keeps the decisions on items
    that did not change (a note is not a change), asks again about the ones that did, and
    keeps the old review as a backup (issue 29, point 2)."""
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "1.3", "认可").code == 0
    assert cli("decide", "2.1", "扣分", "--score", "0", "--reason", "台账不全").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    before = {r["number"]: r for r in json.loads(cli("review", "--format", "json").stdout)["items"]}
    assert reopen(received).code == 0
    assert cli("note", "2.1", "补充了台账说明").code == 0
    assert cli("mark", "1.3", "推进中").code == 0
    stale = cli("review")
    assert stale.code == 2 and "changed after the review began" in stale.stderr
    assert "carries over the decisions on items that did not change" in stale.stderr
    old_review = received.with_suffix(".review").read_bytes()
    run = cli("review", "--new")
    assert run.code == 0, run
    assert "a resubmission: 2 decisions carried over" in run.stderr
    assert "decided before and changed since, to decide again: 1.3" in run.stderr
    assert received.with_suffix(".review.1.bak").read_bytes() == old_review
    data = json.loads(cli("review", "--format", "json").stdout)
    rows = {r["number"]: r for r in data["items"]}
    assert data["decided"] == 2 and rows["1.3"]["decision"] is None
    for number in ("2.1", "7.7"):  # the same decision, by whom and when it was made
        kept = (rows[number]["decision"], rows[number]["by"], rows[number]["at"])
        assert kept == (before[number]["decision"], before[number]["by"], before[number]["at"])
    summary = json.loads(cli("summary", received.parent, "--format", "json").stdout)
    (row,) = summary["rows"]
    assert row["reviewed_score"] == data["reviewed"]["score"]  # counted again


def test_a_review_without_item_fingerprints_carries_nothing_over(cli: CLI, received: Path) -> None:
    """A decision recorded without the item's state (a review from before fingerprints)
    cannot be shown to still hold: a resubmission asks about it again."""
    import tomllib

    import msgspec
    import tomli_w

    from ipcheck.model.review import Review
    from ipcheck.store.review_file import office_key, sign_review

    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("decide", "7.7", "同意核减").code == 0
    rows = json.loads(cli("review", "--format", "json").stdout)["items"]
    gi = next(r["id"] for r in rows if r["number"] == "7.7")
    path = received.with_suffix(".review")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    del data["items"][gi]["item"], data["signature"]
    key, name = office_key()
    older = sign_review(msgspec.convert(data, Review), key, name)
    path.write_text(tomli_w.dumps(msgspec.to_builtins(older)), encoding="utf-8")
    assert cli("review").code == 0  # still this office's review
    assert reopen(received).code == 0
    run = cli("review", "--new")
    assert run.code == 0 and "0 decisions carried over" in run.stderr
    assert "to decide again: 7.7" in run.stderr


def test_a_review_of_a_file_upgraded_since_says_to_begin_again(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said only that the review is of another checklist, not that the county's file
    moved on, nor what to do (found by a trial as the office)."""
    folder = tmp_path / "叶县-2025"
    example_on_1_0_0(folder)
    monkeypatch.chdir(folder)
    assert cli("key", "--new", "--name", "市考核办").code == 0
    assert cli("review", "--new", "--reviewer", "市考核办").code == 0
    assert cli("upgrade", "--to", "1.4.0").code == 0
    for run in (cli("review"), cli("decide", "1.3", "认可")):
        assert run.code == 2 and run.stderr.count("\n") == 1
        assert "moved from 1.0.0 to 1.4.0 (ipcheck upgrade) after the review began" in run.stderr
        assert "ipcheck review -f 叶县-2025.toml --new" in run.stderr


def test_a_review_of_a_file_with_errors_says_so_as_it_begins(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It began without a word on a status changed by hand, which summary leaves out of
    the ranking (found by a trial as the office)."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "郏县", "--period", "2025").code == 0
    path = tmp_path / "郏县-2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    assert cli("key", "--new", "--name", "市考核办").code == 0
    run = cli("review", "--new", "--reviewer", "市考核办")
    assert run.code == 0, run
    assert "郏县-2025.toml: 1 error(s) (ipcheck validate lists them)" in run.stderr
    assert "its status is not what the history gives" in run.stderr
    assert "out of the ranking" in run.stderr
    path.write_text(text, encoding="utf-8")
    clean = cli("review", "--new", "--reviewer", "市考核办", "--force")
    assert clean.code == 0 and "error(s)" not in clean.stderr


def test_a_review_beside_the_file_that_the_office_did_not_sign_is_said_so(
    cli: CLI, received: Path
) -> None:
    """A county's own .review sent with its file made review --new say 'a review is under
    way', as if the office's own were (found by a trial as the office)."""
    review = received.with_suffix(".review")
    review.write_text('schema_version = 1\nkind = "review"\n', encoding="utf-8")
    run = cli("review", "--new", "--reviewer", "市考核办")
    assert run.code == 2 and run.stderr.count("\n") == 1
    assert "this office did not sign it" in run.stderr and "--force" in run.stderr
    forced = cli("review", "--new", "--reviewer", "市考核办", "--force")
    assert forced.code == 0, forced
    assert "kept as" in forced.stderr  # the county's file, set aside, not lost
    again = cli("review", "--new", "--reviewer", "市考核办")
    assert again.code == 2 and "a review is under way" in again.stderr
