"""`ipcheck diff`: assessments (files and git revisions) and checklist versions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import CHECKLIST_ID, EXAMPLE_DIR, SHIPPED, Run, example_on_1_0_0, reopen

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"


@pytest.fixture
def audit(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the example; the working copy then changes:
    one regression, one improvement, a scope change, a note, a modified evidence file."""
    repo = tmp_path / "repo"
    example_on_1_0_0(repo)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("IPCHECK_USER", "审计员")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "before"], check=True)
    shutil.copy(repo / NAME, tmp_path / "before.toml")
    assert cli("mark", "1.1", "推进中").code == 0
    assert cli("mark", "3.2", "已完成").code == 0
    assert cli("mark", "3.4", "不适用", "--reason", "本县无电商平台").code == 0
    assert cli("note", "2.1", "方案已修订").code == 0
    ledger = repo / "叶县-2025-佐证材料" / "知识产权案件台账.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "补录,1\n", encoding="utf-8")
    assert cli("attach", "1.2", ledger).code == 0
    return repo


def test_diff_json(cli: CLI, audit: Path) -> None:
    run = cli("diff", f"HEAD:{NAME}", NAME, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["kind"] == "assessment"
    by_number = {d["number"]: d for d in data["items"]}
    assert by_number["1.1"]["status"] == {
        "from": "done",
        "to": "in_progress",
        "kind": "regression",
        "reason": None,
    }
    assert by_number["3.2"]["status"]["kind"] == "improvement"
    assert by_number["3.4"]["status"] == {
        "from": "in_progress",
        "to": "na",
        "kind": "scope",
        "reason": "本县无电商平台",
    }
    assert by_number["2.1"]["note"] == {"from": None, "to": "方案已修订"}
    (evidence,) = by_number["1.2"]["evidence"]
    assert evidence["change"] == "modified" and evidence["old_sha256"] != evidence["new_sha256"]
    assert data["summary"]["text"] == (
        "1 improved, 1 regressed, 1 scope changes, 1 note changes, 0 reason changes, "
        "1 evidence changes"
    )


def test_diff_text_and_markdown(cli: CLI, audit: Path) -> None:
    text = cli("diff", f"HEAD:{NAME}", NAME)
    assert text.code == 0
    assert "1.1" in text.stdout and "regression" in text.stdout
    assert "done → in progress" in text.stdout
    assert "1 improved, 1 regressed" in text.stderr
    memo = cli("diff", f"HEAD:{NAME}", NAME, "--format", "md")
    assert memo.code == 0, memo
    md = memo.stdout
    # the memo: who, which year, the two states named by commit and SHA-256, when made
    assert md.startswith("### Audit memo: 叶县 2025\n")
    assert "| Assessee | 叶县 |" in md and "| Year assessed | 2025 |" in md
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert re.search(rf"\| Earlier state \| HEAD:{NAME}（commit {commit}, \d{{4}}-", md), md
    assert "| Later state | 叶县-2025.toml<br>SHA-256 " in md
    assert "**Conclusion**：改进 1 项，倒退 1 项，范围变化 1 项，说明修改 1 项" in md
    assert "历史记录为只增不改。" in md
    # each change: number and text, what, who and when, points before and after
    assert re.search(
        r"\| 1\.1 \| 依法适用知识产权惩罚性赔偿制度[^|]* \| regression \| done → in progress \| "
        r"审计员 \| \d{4}-\d\d-\d\d \d\d:\d\d \| 2 → 0 \|",
        md,
    ), md
    assert re.search(
        r"\| 3\.4 \| [^|]* \| change of scope \| in progress → not applicable "
        r"\\\(reason: 本县无电商平台\\\) \| 审计员 \|",
        md,
    ), md
    assert re.search(r"\| 1\.2 \| [^|]* \| evidence modified \|", md)
    assert re.search(r"\| 2\.1 \| [^|]* \| note changed \| \\\(empty\\\) → 方案已修订 \|", md)


def test_exit_codes(cli: CLI, audit: Path, tmp_path: Path) -> None:
    assert cli("diff", tmp_path / "before.toml", NAME).code == 0
    assert cli("diff", tmp_path / "before.toml", NAME, "--exit-code").code == 1
    assert cli("diff", tmp_path / "before.toml", NAME, "--fail-on", "regression").code == 1
    assert cli("diff", NAME, NAME, "--exit-code").code == 0
    # only improvements: no failure on regression
    assert cli("mark", "1.1", "已完成").code == 0
    assert cli("mark", "3.4", "推进中").code == 0
    improved = cli("diff", "HEAD:" + NAME, NAME, "--fail-on", "regression")
    assert improved.code == 0, improved
    assert cli("diff", "HEAD:" + NAME, NAME, "--exit-code").code == 1


def test_different_assessees_are_refused(cli: CLI, audit: Path) -> None:
    assert cli("init", "--county", "郏县", "--period", "2025").code == 0
    run = cli("diff", NAME, "郏县-2025.toml")
    assert run.code == 2
    assert "is 叶县 2025" in run.stderr and "is 郏县 2025" in run.stderr


def test_bad_git_revision(cli: CLI, audit: Path) -> None:
    run = cli("diff", f"nope:{NAME}", NAME)
    assert run.code == 2
    assert "git show failed" in run.stderr


def test_textconv(cli: CLI, audit: Path) -> None:
    run = cli("textconv", NAME)
    assert run.code == 0
    assert "1.1 punitive-damages: 推进中" in run.stdout
    assert "3.4 platform-linkage: 理由 本县无电商平台" in run.stdout
    # a file that is not an assessment passes through unchanged
    other = audit / "notes.toml"
    other.write_text("a = 1\n", encoding="utf-8")
    assert cli("textconv", other).stdout == "a = 1\n"


def test_textconv_shows_every_byte_of_a_file_that_is_not_clean_text(cli: CLI, audit: Path) -> None:
    """Found by a trial: bytes that are not UTF-8 all became U+FFFD, so git diff showed no
    change between two files that differ; an escape sequence reached the terminal raw."""
    shown = {}
    for name, data in {
        "a": b'name = "\x80"\n',
        "b": b'name = "\x81"\n',
        "c": b"hello\x1b[31mred\x00bin\r\n",
    }.items():
        path = audit / f"{name}.toml"
        path.write_bytes(data)
        run = cli("textconv", path)
        assert run.code == 0 and run.stderr == ""
        assert "\x1b" not in run.stdout and "\x00" not in run.stdout and "\r" not in run.stdout
        shown[name] = run.stdout
    assert shown["a"] != shown["b"]
    assert 'name = "\\x80"' in shown["a"] and "SHA-256" in shown["a"]
    assert "hello\\x1b[31mred\\x00bin\\x0d" in shown["c"]


def test_checklist_versions(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    new = (
        shipped_text.replace('version = "1.0.0"', 'version = "1.1.0"')
        .replace('title = "加强执法监督"', 'title = "加强执法监督工作"')
        .replace('text = "兑现举报人员奖励"', 'text = "按规定兑现举报人员奖励"')
    )
    path = tmp_path / "1.1.0.toml"
    path.write_text(new, encoding="utf-8")
    run = cli("diff", SHIPPED, path, "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["kind"] == "checklist"
    assert data["changes"]["measures"] == [
        {"change": "reworded", "number": 4, "from": "加强执法监督", "to": "加强执法监督工作"}
    ]
    assert data["changes"]["items"][0]["change"] == "reworded"
    assert cli("diff", f"{CHECKLIST_ID}@1.0.0", path, "--exit-code").code == 1
    mixed = cli("diff", SHIPPED, EXAMPLE_DIR / NAME)
    assert mixed.code == 2 and "compare like with like" in mixed.stderr


def test_a_checklist_diff_names_items_and_changes_in_the_officers_words(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    run = cli("diff", f"{CHECKLIST_ID}@1.0.0", f"{CHECKLIST_ID}@1.2.0", "--format", "md")
    assert run.code == 0
    assert "条目 1.1 惩罚性赔偿 | 文字修改：" in run.stdout
    assert "分值变化：" in run.stdout and "删除：" in run.stdout
    for english in ("reworded", "points changed", "evidence changed", "| 条目 punitive"):
        assert english not in run.stdout
    data = json.loads(
        cli("diff", f"{CHECKLIST_ID}@1.1.0", f"{CHECKLIST_ID}@1.2.0", "--format", "json").stdout
    )
    borne = next(
        c
        for c in data["changes"]["items"]
        if c["id"] == "congress-inspection" and c["change"] == "units changed"
    )
    assert (borne["change"], borne["from"], borne["to"]) == (
        "units changed",
        ["本措施全部单位"],
        ["市人大"],
    )
    reworded = next(c for c in data["changes"]["items"] if c["id"] == "punitive-damages")
    assert (reworded["change"], reworded["name"]) == ("reworded", "1.1 惩罚性赔偿")


def test_a_checklist_diff_covers_every_section(cli: CLI) -> None:
    """1.2.0 → 1.3.0 added the roster and the addressee; 1.3.0 → 1.4.0 the weight rule,
    the 功能区 and the reasons, key by key."""
    run = cli("diff", f"{CHECKLIST_ID}@1.2.0", f"{CHECKLIST_ID}@1.3.0", "--format", "json")
    data = json.loads(run.stdout)
    sections = {c["id"]: c for c in data["changes"]["sections"]}
    assert sections["submission"]["change"] == "added"
    assert "市市场监督管理局" in sections["submission"]["to"]
    assert sections["counties.叶县"]["change"] == "added" and data["summary"]["changes"] == 13
    text = cli("diff", f"{CHECKLIST_ID}@1.2.0", f"{CHECKLIST_ID}@1.3.0")
    assert "counties.高新区" in text.stdout and "13 changes" in text.stderr
    newer = json.loads(
        cli("diff", f"{CHECKLIST_ID}@1.3.0", f"{CHECKLIST_ID}@1.4.0", "--format", "json").stdout
    )
    ids = {c["id"] for c in newer["changes"]["sections"]}
    assert {"scoring.rule.weights.required", "counties.高新区.zone", "counties.汝州市.note"} <= ids
    units = {c["id"]: c for c in newer["changes"]["units"]}
    assert "垂直管理" in units["units.customs.no_county_body"]["to"]
    items = [(c["id"], c["change"]) for c in newer["changes"]["items"]]
    assert ("punitive-damages", "applies_to changed") in items
    assert ("items.credit-mechanism.standard", "changed") in items
    same = cli("diff", f"{CHECKLIST_ID}@1.4.0", f"{CHECKLIST_ID}@1.4.0", "--exit-code")
    assert same.code == 0


def test_two_years_of_one_assessee_compared_when_asked(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for year in ("2024", "2025"):
        assert cli("init", "--county", "郏县", "--period", year).code == 0
    assert cli("mark", "-f", "郏县-2024.toml", "1.2", "推进中").code == 0
    assert cli("mark", "-f", "郏县-2025.toml", "1.2", "已完成").code == 0
    refused = cli("diff", "郏县-2024.toml", "郏县-2025.toml")
    assert refused.code == 2 and "--year-on-year" in refused.stderr
    run = cli("diff", "郏县-2024.toml", "郏县-2025.toml", "--year-on-year", "--format", "md")
    assert run.code == 0, run
    assert run.stdout.startswith("### Audit memo: 郏县 2024 → 2025")
    assert "| Year assessed | 2024 → 2025 |" in run.stdout
    assert "改进 1 项" in run.stdout and "历史记录" not in run.stdout
    same = cli("diff", "郏县-2025.toml", "郏县-2025.toml", "--year-on-year")
    assert same.code == 2 and "compares two years" in same.stderr


def test_a_change_of_reason_alone_is_a_change(cli: CLI, audit: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    shutil.copy(NAME, old)
    assert cli("mark", "3.4", "不适用", "--reason", "本县无电商平台，经核实无相关企业").code == 0
    run = cli("diff", old, NAME, "--exit-code")
    assert run.code == 1
    assert "1 reason changes" in run.stderr and "reason changed" in run.stdout
    data = json.loads(cli("diff", old, NAME, "--format", "json").stdout)
    assert data["summary"]["reason_changes"] == 1
    assert "理由修改 1 项" in data["summary"]["text_zh"]


def test_seals_lifted_and_made_between_two_states_are_in_the_memo(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, work)
    monkeypatch.chdir(work)
    monkeypatch.setenv("IPCHECK_CONFIG_DIR", str(tmp_path / "config"))
    first = tmp_path / "first.toml"
    shutil.copy(NAME, first)
    assert cli("unseal", "--reason", "考核办要求补充佐证材料").code == 0
    assert cli("key", "--new", "--name", "叶县市场监管局").code == 0
    assert cli("seal").code == 0
    run = cli("diff", first, NAME, "--format", "md")
    assert run.code == 0, run
    assert re.search(r"\| — \|  \| seal lifted \| 考核办要求补充佐证材料 \| ", run.stdout), (
        run.stdout
    )
    assert re.search(r"\| — \|  \| sealed \\\(待报送\\\) \| SHA256:", run.stdout)
    assert "封存 1 次、解除封存 1 次" in run.stdout
    data = json.loads(cli("diff", first, NAME, "--format", "json").stdout)
    assert [s["action"] for s in data["submissions"]] == ["unsealed", "sealed"]
    assert cli("diff", first, NAME, "--exit-code").code == 1


def test_year_on_year_compares_evidence_within_each_years_folder(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for year in ("2024", "2025"):
        assert cli("init", "--county", "郏县", "--period", year).code == 0
        folder = tmp_path / f"郏县-{year}-佐证材料"
        (folder / "台账.csv").write_text("同一份台账\n", encoding="utf-8")
        assert (
            cli(
                "mark",
                "-f",
                f"郏县-{year}.toml",
                "1.2",
                "已完成",
                "--evidence",
                folder / "台账.csv",
            ).code
            == 0
        )
    run = cli("diff", "郏县-2024.toml", "郏县-2025.toml", "--year-on-year", "--format", "json")
    assert run.code == 0, run
    assert json.loads(run.stdout)["items"] == []  # same evidence, each in its year's folder
    backwards = cli("diff", "郏县-2025.toml", "郏县-2024.toml", "--year-on-year")
    assert backwards.code == 2 and "give the earlier year first" in backwards.stderr


def test_the_report_texts_and_figures_are_in_diff_and_textconv(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rewritten section, a cleared one and a changed figure are changes an auditor
    sees (issue 16), with who made them; textconv shows the texts for git diff."""
    work = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, work)
    monkeypatch.chdir(work)
    monkeypatch.setenv("IPCHECK_USER", "王建国")
    before = tmp_path / "before.toml"
    shutil.copy(NAME, before)
    assert reopen(work / NAME).code == 0
    source = tmp_path / "s.txt"
    source.write_text("新的基本情况。\n第二段。", encoding="utf-8")
    assert cli("write", "基本情况", source).code == 0
    assert cli("write", "存在问题", "--clear").code == 0
    assert cli("figure", "培训人次", "90").code == 0
    run = cli("diff", before, NAME, "--format", "json")
    assert run.code == 0, run
    documents = json.loads(run.stdout)["documents"]
    assert [(d["what"], d["label"], d["old"] is None, d["new"] is None) for d in documents] == [
        ("section", "基本情况", False, False),
        ("section", "存在问题", False, True),
        ("figure", "培训人次", False, False),
    ]
    assert documents[2]["old"] == "86 人次" and documents[2]["new"] == "90 人次"
    assert [d["by"] for d in documents] == ["王建国"] * 3
    assert cli("diff", before, NAME, "--exit-code").code == 1
    memo = cli("diff", before, NAME, "--format", "md").stdout
    assert "报告文字和数据指标修改 3 处" in memo
    assert "| 培训人次 |  | figure \\(数据指标\\) | 86 人次 → 90 人次 | 王建国 |" in memo
    lines = cli("textconv", NAME).stdout.splitlines()
    assert "基本情况: 新的基本情况。\\x0a第二段。" in lines  # one fact a line
    assert "数据指标 培训人次: 90 人次" in lines


def test_the_memo_names_who_made_each_change_and_when(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 29: 李四's note at 09:05 and 赵六's attachment at 15:00 are each named for
    their own change, not both for the item's last; the text diff says who, when and the
    points; a change whose points went up is never called a regression."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767258000")  # 2026-01-01 09:00
    assert cli("init", "--county", "郏县", "--period", "2025", "--by", "张三").code == 0
    (tmp_path / "郏县-2025-佐证材料" / "台账.csv").write_text("案号\n1\n", encoding="utf-8")
    old = tmp_path / "earlier" / "old.toml"
    old.parent.mkdir()
    shutil.copy(tmp_path / "郏县-2025.toml", old)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767258300")  # 09:05
    assert cli("note", "1.2", "已建立台账", "--by", "李四").code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767279600")  # 15:00
    assert cli("mark", "1.2", "已完成", "--by", "赵六").code == 0
    assert cli("attach", "1.2", "郏县-2025-佐证材料/台账.csv", "--by", "赵六").code == 0
    memo = cli("diff", old, "郏县-2025.toml", "--format", "md").stdout
    note = next(line for line in memo.splitlines() if "note changed" in line)
    attach = next(line for line in memo.splitlines() if "台账.csv" in line)
    assert "李四" in note and "09:05" in note, note
    assert "赵六" in attach and "15:00" in attach, attach
    data = json.loads(cli("diff", old, "郏县-2025.toml", "--format", "json").stdout)
    (item,) = data["items"]
    assert [(line["action"], line["by"]) for line in item["lines"]] == [
        ("note", "李四"),
        ("status", "赵六"),
        ("evidence_added", "赵六"),
    ]
    assert item["earned"] == {"from": 0, "to": 2}
    text = cli("diff", old, "郏县-2025.toml")
    assert "李四" in text.stdout and "0 → 2" in text.stdout
    # the item's points changed once: said once, beside its status change, not its note
    status = next(line for line in memo.splitlines() if "赵六" in line and "台账.csv" not in line)
    assert "0 → 2" in status and "0 → 2" not in note and "0 → 2" not in attach
    assert memo.count("| 0 → 2 |") == 1, memo


def test_textconv_names_each_change_with_who_and_when(
    cli: CLI, audit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For git diff: each history line as a line with its time and author, each item with
    the points it earns, in the interface language (issue 29, point 5)."""
    lines = cli("textconv", NAME).stdout.splitlines()
    assert lines[0] == "assessment 叶县 2025 (县（市、区）)"
    assert any(line.startswith("self-assessed score ") for line in lines)
    assert "1.1 punitive-damages: 推进中 (0 pt)" in lines
    changes = [line for line in lines if line.startswith("change ")]
    data = tomllib.loads((audit / NAME).read_text(encoding="utf-8"))
    assert len(changes) == len(data["history"])  # one line per change, no count
    last = changes[-1]
    assert "审计员" in last and data["history"][-1]["at"].isoformat(sep=" ")[:16] in last
    assert any(": 1.1 status 已完成 → 推进中" in line and "审计员" in line for line in changes)
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    zh = cli("textconv", NAME).stdout.splitlines()
    assert zh[0] == "自评 叶县 2025（县（市、区））"
    assert "1.1 punitive-damages: 推进中（0 分）" in zh
    assert any(line.startswith("修改 1：") for line in zh)
    assert not any("entries" in line for line in zh)


def test_a_change_made_by_hand_is_said_to_be_unrecorded(cli: CLI, tmp_path: Path) -> None:
    """diff showed a status changed by hand as any other change, only without who and when
    (found by a trial as the office)."""
    before = tmp_path / "before.toml"
    example_on_1_0_0(tmp_path / "c")
    after = tmp_path / "c" / NAME
    shutil.copy(after, before)
    text = after.read_text(encoding="utf-8")
    after.write_text(text.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    run = cli("diff", before, after)
    assert run.code == 0
    assert f"{after}: its history does not account for its state" in run.stderr
    assert "its history does not account" not in cli("diff", before, before).stderr
