"""Checklist versions and `ipcheck upgrade`: nothing is lost."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.catalog import checklist_dirs, resolve
from ipcheck.store.loader import convert, load_assessment
from tests.helpers import Run, example_on_1_0_0

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"
SPLIT = {"three-in-one-coordination": ("three-in-one-mechanism", "three-in-one-joint-meetings")}
RENAMED = {"website-takedown": "piracy-site-takedown"}
MERGED = {
    "equal-treatment": "equal-treatment-standards",
    "equal-standards": "equal-treatment-standards",
}


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "叶县-2025"
    path = example_on_1_0_0(folder)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("IPCHECK_USER", "升级测试")
    return path


def test_shipped_1_1_0_declares_its_mapping() -> None:
    new = resolve("pingdingshan-2021-22@1.1.0", checklist_dirs()).checklist
    assert new.previous == "1.0.0"
    assert [(m.change.value, m.old, m.new) for m in new.mapping] == [
        ("split", ("three-in-one-coordination",), SPLIT["three-in-one-coordination"]),
        ("renamed", ("website-takedown",), ("piracy-site-takedown",)),
        ("merged", ("equal-treatment", "equal-standards"), ("equal-treatment-standards",)),
    ]
    county = sum(i.points for _, i in new.items() if i.applies_to.value != "unit")
    assert county == 100


def test_upgrade_loses_nothing(cli: CLI, example: Path) -> None:
    assert cli("mark", "9.5", "已完成", "--note", "已删除侵权链接12条").code == 0
    before = load_assessment(example).assessment
    run = cli("upgrade", NAME, "--to", "1.1.0")
    assert run.code == 0, run
    after = load_assessment(example).assessment
    assert (after.checklist.id, after.checklist.version) == ("pingdingshan-2021-22", "1.1.0")
    # every history line kept, in order, then the migration and the upgrade
    assert after.history[: len(before.history)] == before.history
    added = after.history[len(before.history) :]
    assert [c.action.value for c in added][-1] == "upgraded"
    assert (added[-1].old, added[-1].new) == ("1.0.0", "1.1.0")
    for old_id, state in before.items.items():
        if old_id in SPLIT:
            for new_id in SPLIT[old_id]:
                moved = after.items[new_id]
                assert (moved.status, moved.note, moved.evidence) == (
                    state.status,
                    state.note,
                    state.evidence,
                )
                assert moved.review is not None and "拆分" in moved.review
        elif old_id in RENAMED:
            assert after.items[RENAMED[old_id]] == state
        elif old_id in MERGED:
            merged = after.items[MERGED[old_id]]
            assert set(state.evidence) <= set(merged.evidence)
            assert state.note is None or state.note in (merged.note or "")
            assert merged.review is not None and "合并" in merged.review
        else:
            assert after.items[old_id] == state, old_id
    backup = example.with_name(f"{NAME}.1.0.0.bak")
    assert load_assessment(backup).assessment == before
    assert cli("validate", example).code == 0
    assert cli("verify").code == 0


def test_dry_run_writes_nothing(cli: CLI, example: Path) -> None:
    data = example.read_bytes()
    run = cli("upgrade", "--to", "1.1.0", "--dry-run")
    assert run.code == 0
    assert "split" in run.stdout and "renamed" in run.stdout and "merged" in run.stdout
    assert "nothing written" in run.stderr
    assert example.read_bytes() == data
    assert not list(example.parent.glob("*.bak"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--to", "1.0.0"), "already uses"),
        (("--to", "0.9.0"), "a downgrade is refused"),
        (("--to", "2.0.0"), "no checklist pingdingshan-2021-22@2.0.0"),
        ((), "give the version to move to"),
    ],
)
def test_refused_upgrades(cli: CLI, example: Path, args: tuple[str, ...], expected: str) -> None:
    data = example.read_bytes()
    run = cli("upgrade", *args)
    assert run.code == 2
    assert expected in run.stderr
    assert example.read_bytes() == data


def test_no_mapping_path(cli: CLI, example: Path, tmp_path: Path) -> None:
    shipped = resolve("pingdingshan-2021-22@1.1.0", checklist_dirs()).path
    assert shipped is not None
    own = tmp_path / "own" / "pingdingshan-2021-22"
    own.mkdir(parents=True)
    text = shipped.read_text(encoding="utf-8")
    (own / "3.0.0.toml").write_text(
        text.replace('version = "1.1.0"', 'version = "3.0.0"').replace(
            'previous = "1.0.0"', 'previous = "2.0.0"'
        ),
        encoding="utf-8",
    )
    run = cli("upgrade", "--to", "3.0.0", "--checklist-dir", tmp_path / "own")
    assert run.code == 2
    assert (
        "no mapping path from pingdingshan-2021-22@1.0.0 to 3.0.0: 2.0.0 is missing" in run.stderr
    )


def test_removed_and_out_of_scope_items_are_archived(
    cli: CLI, example: Path, tmp_path: Path
) -> None:
    shipped = resolve("pingdingshan-2021-22@1.1.0", checklist_dirs()).path
    assert shipped is not None
    text = shipped.read_text(encoding="utf-8")
    own = tmp_path / "own" / "pingdingshan-2021-22"
    own.mkdir(parents=True)
    # 1.1.1 drops the item 19.5 and says so
    start = text.index('[[measures.items]]\nid = "ip-culture"')
    end = text.index('applies_to = "both"', start) + len('applies_to = "both"\n')
    cut = text[:start] + text[end:]
    cut = cut.replace('version = "1.1.0"', 'version = "1.1.1"').replace(
        'previous = "1.0.0"', 'previous = "1.1.0"'
    )
    head, _, _ = cut.partition("\n[[mapping]]")
    cut = (
        head
        + '\n[[mapping]]\nchange = "removed"\nfrom = ["ip-culture"]\nnote = "并入宣传工作总体考核"\n'
    )
    # keep 100 points: 19.1 takes the point of 19.5
    cut = cut.replace(
        'evidence = ["新闻报道清单", "报道截图或剪报"]\npoints = 1',
        'evidence = ["新闻报道清单", "报道截图或剪报"]\npoints = 2',
    )
    (own / "1.1.1.toml").write_text(cut, encoding="utf-8")
    import tomllib

    checklist, problems = convert(tomllib.loads(cut), "checklist")
    assert checklist is not None and problems == [], problems
    assert cli("mark", "19.5", "推进中", "--note", "文化建设方案起草中").code == 0
    before = load_assessment(example).assessment
    run = cli("upgrade", "--to", "1.1.1", "--checklist-dir", tmp_path / "own")
    assert run.code == 0, run
    after = load_assessment(example).assessment
    archived = after.archived["ip-culture"]
    assert archived.state == before.items["ip-culture"]
    assert archived.left_in == "1.1.1" and archived.reason == "并入宣传工作总体考核"
    assert "ip-culture" not in after.items
    assert after.checklist.version == "1.1.1"
    status = json.loads(
        cli("status", "--format", "json", "--checklist-dir", tmp_path / "own").stdout
    )
    assert status["checklist"] == "pingdingshan-2021-22@1.1.1"


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        (
            'change = "renamed"\nfrom = ["website-takedown", "budget"]\nto = ["piracy-site-takedown"]',
            "renamed maps 2 item(s) to 1",
        ),
        (
            'change = "split"\nfrom = ["website-takedown"]\nto = ["no-such-item", "budget"]',
            "item 'no-such-item' is not in 5.0.0",
        ),
        ('change = "removed"\nfrom = ["budget"]', "item 'budget' still exists in 5.0.0"),
    ],
)
def test_bad_mappings_are_reported(cli: CLI, tmp_path: Path, mapping: str, expected: str) -> None:
    shipped = resolve("pingdingshan-2021-22@1.1.0", checklist_dirs()).path
    assert shipped is not None
    head, _, _ = shipped.read_text(encoding="utf-8").partition("\n[[mapping]]")
    path = tmp_path / "c.toml"
    path.write_text(
        head.replace('version = "1.1.0"', 'version = "5.0.0"') + "\n[[mapping]]\n" + mapping + "\n",
        encoding="utf-8",
    )
    run = cli("validate", path)
    assert run.code == 1
    assert expected in run.stdout


def _another_pin(text: str) -> str:
    """The checklist pin's digest with its first hex digit changed."""
    found = re.search(r'digest = "sha256:([0-9a-f])', text)
    assert found is not None
    other = "1" if found[1] == "0" else "0"
    return text[: found.start(1)] + other + text[found.end(1) :]


@pytest.mark.parametrize(
    ("forge", "named"),
    [
        # 11.1 marked 已完成 by hand, no history line: merged into 11.x, it would be laundered
        (
            lambda t: t.replace(
                '[items.equal-treatment]\nstatus = "todo"',
                '[items.equal-treatment]\nstatus = "done"',
                1,
            ),
            "items.equal-treatment.status",
        ),
        # a pin that does not match the checklist the file was made on
        (
            _another_pin,
            "checklist.digest",
        ),
    ],
    ids=["status-by-hand", "pin"],
)
def test_a_file_with_errors_is_not_upgraded(
    cli: CLI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forge: Callable[[str], str],
    named: str,
) -> None:
    """Found by a trial as a county: an upgrade rebuilt the states and history from a
    status changed by hand (or against a checklist the pin did not match), and the file
    then validated clean. Now the error is named and nothing is written."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "郏县", "--period", "2025", "--checklist",
               "pingdingshan-2021-22@1.0.0").code == 0  # fmt: skip
    path = tmp_path / "郏县-2025.toml"
    text = path.read_text(encoding="utf-8")
    assert forge(text) != text
    path.write_text(forge(text), encoding="utf-8")
    data = path.read_bytes()
    for dry_run in ((), ("--dry-run",)):
        run = cli("upgrade", "--to", "1.4.0", *dry_run)
        assert run.code == 2 and run.stdout == ""
        assert "not upgraded: it has an error" in run.stderr and named in run.stderr
        assert run.stderr.count("\n") == 1
        assert path.read_bytes() == data
    assert not list(tmp_path.glob("*.bak"))
