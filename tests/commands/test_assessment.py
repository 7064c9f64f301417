"""Assessments through the CLI: init, mark, note, attach, detach, status, verify."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.loader import load_assessment
from tests.helpers import Run

CLI = Callable[..., Run]


def status_json(cli: CLI) -> dict[str, object]:
    run = cli("status", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert isinstance(data, dict)
    return data


def test_init_county(county: Path) -> None:
    text = county.read_text(encoding="utf-8")
    assert 'kind = "assessment"' in text
    assert 'name = "叶县"' in text
    assert (county.parent / "叶县-2025-佐证材料").is_dir()
    assert text.count("[items.") == 83


def test_init_unit_gets_only_its_measures_with_roles(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--unit", "市公安局", "--period", "2025", "--by", "李四")
    assert run.code == 0, run
    path = tmp_path / "市公安局-2025.toml"
    data = json.loads(cli("status", "--format", "json").stdout)
    # 14.6 and 14.7 are every unit's (有关单位要按照职责分工…)
    assert [m["number"] for m in data["measures"]] == [1, 6, 10, 11, 14, 15, 18, 19]
    text = path.read_text(encoding="utf-8")
    assert 'unit = "public-security"' in text
    assert 'role = "responsible"' in text and 'role = "lead"' not in text
    lead = cli("init", "--unit", "market-regulation", "--period", "2025", "-o", "sj.toml")
    assert lead.code == 0
    assert 'role = "lead"' in (tmp_path / "sj.toml").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite(cli: CLI, county: Path) -> None:
    before = county.read_bytes()
    run = cli("init", "--county", "叶县", "--period", "2025")
    assert run.code == 2
    assert "already exists; pass --force" in run.stderr
    assert county.read_bytes() == before
    assert cli("init", "--county", "叶县", "--period", "2025", "--force").code == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--county", "叶县", "--unit", "市公安局"), "exactly one of --county"),
        (("--period", "2025"), "exactly one of --county"),
        (("--county", "叶/县"), "not usable as a name"),
        (("--unit", "市教育局"), "unknown unit '市教育局'"),
        (("--county", "叶县", "--checklist", "nope"), "no checklist 'nope'"),
        (("--county", "叶县", "--period", "25"), "give a year such as 2025"),
        # the checklist's roster (1.3.0): a name that is no county of Pingdingshan
        (("--county", "叶"), "'叶' is not a county of pingdingshan-2021-22@1.4.0's roster; did"),
        (("--county", "叶"), "did you mean 叶县?"),
        (("--county", "北京市"), "(its counties: 新华区、卫东区、石龙区、湛河区、舞钢市、"),
    ],
)
def test_init_bad_input(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if "--period" not in args:
        args = (*args, "--period", "2025")
    run = cli("init", *args)
    assert run.code == 2
    assert expected in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_where_a_file_holds_the_evidence_folders_name_writes_nothing(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It wrote the assessment, then failed on the folder, and the next init said the file
    already existed (a trial)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "叶县-2025-佐证材料").write_text("", encoding="utf-8")
    run = cli("init", "--county", "叶县", "--period", "2025")
    assert run.code == 2 and "is a file, where the evidence folder goes" in run.stderr
    assert run.stderr.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["叶县-2025-佐证材料"]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("平顶山市叶县", "叶县"),
        ("叶县", "叶县"),
        ("平顶山高新技术产业开发区", "高新区"),
        ("示范区", "城乡一体化示范区"),
    ],
)
def test_init_names_a_county_as_the_roster_does(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--county", typed, "--period", "2025")
    assert run.code == 0, run
    assert load_assessment(tmp_path / f"{name}-2025.toml").assessment.assessee.name == name
    # a checklist without a roster (1.0.0) takes the name as typed
    older = cli(
        "init", "--county", "叶", "--period", "2025", "--checklist", "pingdingshan-2021-22@1.0.0"
    )
    assert older.code == 0 and (tmp_path / "叶-2025.toml").exists()


def test_mark_a_dozen_items_and_see_the_score(cli: CLI, county: Path) -> None:
    ev = "叶县-2025-佐证材料"
    assert (
        cli(
            "mark",
            "1.1",
            "1.2",
            "已完成",
            "--evidence",
            f"{ev}/案件台账.csv",
            "--note",
            "已建立台账",
        ).code
        == 0
    )
    assert cli("mark", "14", "done", "--evidence", f"{ev}/会议纪要.txt").code == 0  # 4 items
    assert cli("mark", "15.2", "done", "--evidence", f"{ev}/签到表.txt").code == 0
    assert cli("mark", "enforcement-plan", "2.2", "推进中", "--note", "方案起草中").code == 0
    marked = cli("mark", "19.1", "done")
    assert marked.code == 0
    assert (
        "19.1 运用报刊、电视及网络新媒体报道… earns no points until evidence is attached"
        in marked.stderr
    )
    assert cli("mark", "7.2", "不适用", "--reason", "本县暂不具备申报省级强县条件").code == 0
    assert cli("mark", "3.1", "todo").code == 0  # unchanged
    data = status_json(cli)
    total = data["total"]
    assert isinstance(total, dict)
    # done: 1.1(2) 1.2(1) 14.1(1) 14.2(2) 14.3(1) 14.4(2) 15.2(2) 19.1(1) = 12 points, 8 items;
    # 19.1 has no evidence, so it earns nothing (无佐证材料不得分)
    assert (total["done"], total["in_progress"], total["na"], total["todo"]) == (8, 2, 1, 72)
    # 7.2 (1 point) is a request to reduce the base: it stays in it until the office approves
    assert (total["score"], total["max_score"]) == (11, 100)
    assert (total["na_points"], total["unproven"]) == (1, 1)
    assert [i["number"] for i in data["done_without_evidence"]] == ["19.1"]  # type: ignore[union-attr]
    assert data["period_ended"] is True
    assert len(data["overdue"]) == 74  # type: ignore[arg-type]
    text = cli("status")
    assert "score 11/100" in text.stdout
    assert "Earns no points until evidence is attached (1 item" in text.stdout
    assert "不适用: 1 item (1 point); 1 of them stay in the base" in text.stdout


def test_history_records_every_change(cli: CLI, county: Path) -> None:
    cli("mark", "1.1", "推进中", "--note", "起草中")
    cli(
        "mark",
        "1.1",
        "已完成",
        "--evidence",
        "叶县-2025-佐证材料/会议纪要.txt",
        "--note",
        "已印发",
        "--by",
        "王五",
    )
    text = county.read_text(encoding="utf-8")
    history = text[text.index("[[history]]") :]
    assert history.count("[[history]]") == 1 + 5  # created; status, note; status, note, evidence
    assert 'action = "evidence_added"' in history
    assert 'from = "in_progress"\nto = "done"' in history
    assert 'by = "王五"' in history
    assert 'from = "起草中"\nto = "已印发"' in history


def test_note_edit_and_clear(cli: CLI, county: Path) -> None:
    assert cli("note", "1.1", "1.2", "已部署").code == 0
    assert county.read_text(encoding="utf-8").count('note = "已部署"') == 2
    cleared = cli("note", "1.1", "--clear")
    assert cleared.code == 0 and "note cleared on 1.1" in cleared.stderr
    assert county.read_text(encoding="utf-8").count('note = "已部署"') == 1


def test_an_empty_note_clears_nothing_and_the_same_note_is_said_unchanged(
    cli: CLI, county: Path
) -> None:
    """As `write` does: an empty text is refused (--clear removes a note), and a note that
    is already so is not said to be set."""
    assert cli("note", "1.2", "已部署").code == 0
    before = county.read_bytes()
    for empty in ("", "   "):
        run = cli("note", "1.2", empty)
        assert run.code == 2 and run.stderr.count("\n") == 1, run
        assert "the note is empty; nothing written (to remove it, use --clear)" in run.stderr
    same = cli("note", "1.2", "已部署")
    assert same.code == 0 and "the note of 1.2 was already so; nothing written" in same.stderr
    assert county.read_bytes() == before


def test_attach_and_detach(cli: CLI, county: Path) -> None:
    assert (
        cli(
            "attach", "1.1", "叶县-2025-佐证材料/会议纪要.txt", "叶县-2025-佐证材料/案件台账.csv"
        ).code
        == 0
    )
    assert county.read_text(encoding="utf-8").count("[[items.punitive-damages.evidence]]") == 2
    assert cli("detach", "1.1", "叶县-2025-佐证材料/会议纪要.txt").code == 0
    text = county.read_text(encoding="utf-8")
    assert text.count("[[items.punitive-damages.evidence]]") == 1
    assert 'action = "evidence_removed"' in text
    missing = cli("detach", "1.1", "nothing.txt")
    assert missing.code == 2
    assert "attached: 叶县-2025-佐证材料/案件台账.csv" in missing.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("mark", "1.7", "done"), "no item '1.7' in the assessment of 叶县; did you mean 1.5"),
        (("mark", "punitive-damage", "done"), "did you mean 1.1 依法适用知识产权惩罚性赔偿制度"),
        (
            ("mark", "7.1", "done"),
            "7.1 创建国家知识产权试点示范城市 applies only to municipal units, not to 叶县",
        ),
        (("mark", "1.1", "finished"), "unknown status 'finished'; use one of 未开始/todo"),
        (("mark", "1.1", "don"), "unknown status 'don'; did you mean done?"),
        (("mark", "1.1", "完城"), "unknown status '完城'; did you mean 已完成?"),
        (("mark", "1.1"), "give one or more items, then a status"),
        (("mark", "1.1", "不适用"), "不适用 (na) needs a reason (--reason)"),
        # a reason for an item that will not be 不适用 was dropped without a word (a trial)
        (("mark", "1.1", "已完成", "--reason", "不需要"), "a 不适用 reason goes with the status"),
        (("mark", "1.1", "done", "--evidence", "nope.pdf"), "nope.pdf: no such evidence file"),
        (("mark", "1.1", "done", "--evidence", "叶县-2025-佐证材料"), "must be a file"),
        (("detach", "14", "a.txt"), "names 4 items"),
    ],
)
def test_bad_marks_leave_the_file_untouched(
    cli: CLI, county: Path, args: tuple[str, ...], expected: str
) -> None:
    before = county.read_bytes()
    run = cli(*args)
    assert run.code == 2, run
    assert expected in run.stderr
    assert run.stderr.count("\n") == 1
    assert county.read_bytes() == before


def test_evidence_outside_the_folder_is_refused(cli: CLI, county: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("外部文件", encoding="utf-8")
    link = tmp_path / "叶县-2025-佐证材料" / "link.txt"
    link.symlink_to(outside)
    before = county.read_bytes()
    for given in (str(outside), f"../{outside.name}", str(link)):
        run = cli("mark", "1.1", "done", "--evidence", given)
        assert run.code == 2, given
        assert "outside the assessment's folder" in run.stderr
    assert "through a symlink" in cli("attach", "1.1", str(link)).stderr
    assert county.read_bytes() == before
    allowed = cli("attach", "1.1", f"../{outside.name}", "--allow-outside")
    assert allowed.code == 0
    text = county.read_text(encoding="utf-8")
    assert f'path = "../{outside.name}"' in text and "outside = true" in text
    assert cli("validate", county).code == 0


def test_verify(cli: CLI, county: Path) -> None:
    ev = county.parent / "叶县-2025-佐证材料"
    cli("mark", "1.1", "done", "--evidence", ev / "会议纪要.txt", "--evidence", ev / "案件台账.csv")
    cli("attach", "15.2", ev / "签到表.txt")
    ok = cli("verify")
    assert ok.code == 0, ok
    assert "3 evidence file(s) checked (3 item–file links), 3 intact" in ok.stderr
    (ev / "案件台账.csv").write_text("案号,案由\n1,专利侵权\n", encoding="utf-8")
    (ev / "签到表.txt").unlink()
    (ev / "照片.jpg").write_bytes(b"\xff\xd8")
    bad = cli("verify")
    assert bad.code == 1
    assert "modified    叶县-2025-佐证材料/案件台账.csv" in bad.stdout
    assert "missing     叶县-2025-佐证材料/签到表.txt  (item 15.2 " in bad.stdout
    assert "(item 1.1 依法适用知识产权惩罚性赔偿制度: " in bad.stdout  # named as officers do
    assert "unreferenced 叶县-2025-佐证材料/照片.jpg" in bad.stdout
    data = json.loads(cli("verify", "--format", "json").stdout)
    assert (len(data["missing"]), len(data["modified"]), data["unreferenced"], data["clean"]) == (
        1,
        1,
        ["叶县-2025-佐证材料/照片.jpg"],
        False,
    )


def test_verify_survives_a_symlink_loop(cli: CLI, county: Path) -> None:
    ev = county.parent / "叶县-2025-佐证材料"
    cli("attach", "1.1", *(ev / name for name in ("会议纪要.txt", "案件台账.csv", "签到表.txt")))
    (ev / "loop").symlink_to(ev, target_is_directory=True)
    run = cli("verify")
    assert run.code == 0, run


def test_which_file(cli: CLI, county: Path, tmp_path: Path) -> None:
    other = tmp_path / "sub"
    other.mkdir()
    os.chdir(other)
    none = cli("status")
    assert none.code == 2 and "no assessment file in" in none.stderr
    assert cli("status", "-f", county).code == 0
    os.chdir(tmp_path)
    assert cli("init", "--county", "郏县", "--period", "2025").code == 0
    several = cli("status")
    assert several.code == 2
    assert "several assessment files here (叶县-2025.toml, 郏县-2025.toml)" in several.stderr


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace('status = "todo"', 'status = "完成"', 1), "unknown status '完成'"),
        (
            lambda t: t.replace("schema_version = 1", "schema_version = 2"),
            "schema_version 2 is unknown",
        ),
        (lambda t: t.replace('kind = "county"', 'kind = "city"'), "assessee.kind"),
        (lambda t: t + "\n[items.x\n", "not valid TOML"),
    ],
)
def test_hand_broken_files_give_clear_errors(
    cli: CLI, county: Path, mutate: Callable[[str], str], expected: str
) -> None:
    county.write_text(mutate(county.read_text(encoding="utf-8")), encoding="utf-8")
    before = county.read_bytes()
    for args in (("mark", "1.1", "done"), ("status",), ("verify",)):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert expected in run.stderr
        assert "Traceback" not in run.stderr
    assert county.read_bytes() == before


def test_gbk_assessment_is_refused_untouched(cli: CLI, county: Path) -> None:
    county.write_bytes(county.read_text(encoding="utf-8").encode("gb18030"))
    before = county.read_bytes()
    run = cli("mark", "-f", county, "1.1", "done")
    assert run.code == 2
    assert "GBK/GB18030-encoded" in run.stderr
    assert county.read_bytes() == before


def test_the_scope_comes_from_the_checklist_in_every_command(cli: CLI, county: Path) -> None:
    """Items deleted from the file count as 未开始 in status, report and summary alike."""
    cli("mark", "1.1", "已完成", "--evidence", "叶县-2025-佐证材料/会议纪要.txt")
    text = county.read_text(encoding="utf-8")
    kept = text.split("\n[items.")[0] + "\n[items." + text.split("\n[items.")[1]
    history = text[text.index("\n[[history]]") :]
    county.write_text(kept.rstrip("\n") + "\n" + history, encoding="utf-8")
    status = status_json(cli)
    total = status["total"]
    assert isinstance(total, dict)
    report = json.loads(cli("report", "--format", "json").stdout)
    summary = json.loads(cli("summary", county, "--format", "json").stdout)
    row = summary["rows"][0]
    assert total["items"] == report["summary"]["items"] == row["applicable"] == 83
    assert total["score"] == report["summary"]["score"] == row["score"]
    assert total["completion"] == report["summary"]["completion"] == row["completion"]
    assert (total["score"], total["max_score"]) == (2, 100)
    run = cli("validate", county)
    assert run.code == 1  # a missing item is an error
    assert "item 19.5 开展知识产权文化建设 is missing from the file" in run.stdout
    assert "(82 errors, 0 warnings)" in run.stderr
    # marking a missing item writes it back
    assert cli("mark", "19.5", "推进中").code == 0
    assert "[items.ip-culture]" in county.read_text(encoding="utf-8")


def test_attach_to_several_items_says_which(cli: CLI, county: Path) -> None:
    ev = county.parent / "叶县-2025-佐证材料" / "会议纪要.txt"
    run = cli("attach", "1.1、1.2", ev)
    assert run.code == 0
    assert "1 file(s) attached to 1.1, 1.2" in run.stderr
    one = cli("attach", "1.3", ev)
    assert "attached to 1.3 " in one.stderr  # one item by its name


def test_a_detach_made_while_a_file_is_hashed_again_stays_made(
    cli: CLI, county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """attach --again chose the items holding the file before its lock, and hashing a big
    file takes seconds: a detach made meanwhile was undone, and the item said unchanged (a
    trial). The items are those holding it under the lock."""
    from ipcheck import api
    from ipcheck.store import evidence

    folder = county.parent / "叶县-2025-佐证材料"
    ev = folder / "会议纪要.txt"
    assert cli("attach", "1.2、1.3", ev).code == 0
    ev.write_text("联席会议纪要（修订）", encoding="utf-8")
    hashed = evidence.make_evidence

    def slow_hash(*args: object, **kwargs: object) -> object:
        # meanwhile, another officer detaches it from 1.3
        assert cli("detach", "1.3", ev).code == 0
        return hashed(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evidence, "make_evidence", slow_hash)
    run = cli("attach", "--again", ev)
    assert run.code == 0 and "attached again to 1.2" in run.stderr, run
    assert "1.3" not in run.stderr
    a = api.open_assessment(county).loaded.assessment
    items = {s.number: s.item.id for s in api.open_assessment(county).scope}
    assert not a.items[items["1.3"]].evidence
    assert [e.path for e in a.items[items["1.2"]].evidence] == ["叶县-2025-佐证材料/会议纪要.txt"]


def test_a_changed_file_is_attached_again_wherever_it_is_attached(cli: CLI, county: Path) -> None:
    """One evidence file proves several items: after it changes, one command records its
    new SHA-256 on each of them, a history line each (issue 29, point 8)."""
    folder = county.parent / "叶县-2025-佐证材料"
    ev = folder / "会议纪要.txt"
    assert cli("attach", "1.1、1.2、1.3", ev).code == 0
    assert cli("attach", "1.4", folder / "签到表.txt").code == 0  # another file: untouched
    ev.write_text("联席会议纪要（修订）", encoding="utf-8")
    stale = cli("verify")
    assert stale.code == 1 and "ipcheck attach --again PATH" in stale.stderr
    run = cli("attach", "--again", ev)
    assert run.code == 0, run
    assert "attached again to 1.1、1.2、1.3 (its new SHA-256)" in run.stderr
    assert "0 modified" in cli("verify").stderr
    import tomllib

    data = tomllib.loads(county.read_text(encoding="utf-8"))
    added = [h for h in data["history"] if h["action"] == "evidence_added"]
    assert len(added) == 7  # three, the other file, then the three again
    again = cli("attach", "--again", ev)
    assert again.code == 0 and "unchanged on 1.1、1.2、1.3" in again.stderr
    before = county.read_bytes()
    item_first = cli("attach", "--again", "1.1", ev)
    assert item_first.code == 2 and "attach --again takes the files alone" in item_first.stderr
    for args in (("--again", folder / "无此文件.txt"), ("--again",)):
        refused = cli("attach", *args)
        assert refused.code == 2 and refused.stderr.count("\n") == 1, refused
    assert county.read_bytes() == before


def test_status_says_evidence_gone_or_changed(cli: CLI, county: Path) -> None:
    """status kept counting the points of evidence deleted or edited, without a word, while
    seal refused and the office's verify named it (a trial). It looks (never reads) and
    says so; nothing is said while the files are as attached."""
    folder = county.parent / "叶县-2025-佐证材料"
    assert cli("mark", "1.2", "done", "--evidence", folder / "案件台账.csv").code == 0
    assert cli("attach", "1.3", folder / "会议纪要.txt").code == 0
    assert "Evidence:" not in cli("status").stdout
    (folder / "案件台账.csv").write_text("案号,案由\n1,商标侵权\n2,专利侵权\n", encoding="utf-8")
    (folder / "会议纪要.txt").unlink()
    run = cli("status")
    assert run.code == 0
    said = " ".join(run.stdout.split())
    assert "Evidence: 1 file(s) gone, 1 changed since attached" in said, run.stdout
    assert "叶县-2025-佐证材料/会议纪要.txt" in said and "ipcheck verify says how" in said


def test_attach_counts_its_own_files_not_those_attached_meanwhile(
    cli: CLI, county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten officers attaching one file each to 1.2 at once were told '10 files attached'
    (and 2, 3 …): the count took in others' attachments made meanwhile (a trial)."""
    from ipcheck.store import evidence

    folder = county.parent / "叶县-2025-佐证材料"
    hashed = evidence.make_evidence
    others = iter([folder / "签到表.txt"])

    def meanwhile(*args: object, **kwargs: object) -> object:
        other = next(others, None)
        if other is not None:  # another officer's attach, between this one's read and lock
            assert cli("attach", "1.2", other).code == 0
        return hashed(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evidence, "make_evidence", meanwhile)
    run = cli("attach", "1.2", folder / "会议纪要.txt")
    assert run.code == 0 and "1 file(s) attached to 1.2" in run.stderr, run
