"""`ipcheck validate` on the shipped checklist and on broken copies of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import SHIPPED, Run, build_tree

CLI = Callable[..., Run]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def test_shipped_checklist_is_clean(cli: CLI) -> None:
    run = cli("validate", SHIPPED)
    assert run.code == 0
    assert run.stdout == ""
    assert "1 file checked: 0 with errors (0 errors, 0 warnings)" in run.stderr


BROKEN = {
    "duplicate item id": (
        lambda t: replace_once(
            t, 'id = "copyright-trademark-crackdown"', 'id = "punitive-damages"'
        ),
        "measures[0].items[1].id: duplicate id 'punitive-damages'",
    ),
    "unregistered unit": (
        lambda t: replace_once(t, 'lead = ["intermediate-court"]', 'lead = ["provincial-court"]'),
        "measures[0].lead[0]: unit 'provincial-court' is not in the unit registry",
    ),
    "points not adding up": (
        lambda t: replace_once(t, "points = 1\n", "points = 3\n"),
        "scoring.county_total: points of the items that apply to counties add up to 102, not 100",
    ),
    "bad semver": (
        lambda t: replace_once(t, 'version = "1.0.0"', 'version = "1.0"'),
        "version: Expected a semantic version such as 1.0.0",
    ),
    "wrong type": (
        lambda t: replace_once(t, "points = 2\n", 'points = "2"\n'),
        "measures[0].items[0].points: expected a number of points (1, 1.5), found text",
    ),
    "unknown key": (
        lambda t: replace_once(t, "target_year = 2025", "target_year = 2025\ndeadline = 2025"),
        "source: unknown key `deadline`",
    ),
    "unknown schema version": (
        lambda t: replace_once(t, "schema_version = 1", "schema_version = 7"),
        "schema_version: schema_version 7 is unknown; this ipcheck reads checklists of schema_version = 1",
    ),
    "generic evidence": (
        lambda t: replace_once(t, '"惩罚性赔偿典型裁判文书"', '"相关材料"'),
        "evidence hint '相关材料' is too generic",
    ),
    "lead and responsible": (
        lambda t: replace_once(
            t, 'responsible = ["procuratorate",', 'responsible = ["intermediate-court",'
        ),
        "unit 'intermediate-court' is both lead and responsible",
    ),
    "numeral mismatch": (
        lambda t: replace_once(t, 'numeral = "十九"', 'numeral = "十八"'),
        "numeral '十八' does not match number 19",
    ),
    "changed released version": (
        lambda t: replace_once(t, 'title = "加大司法惩戒力度"', 'title = "加大司法惩戒"'),
        "differs from the shipped",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_copies_exit_1_naming_the_problem(
    cli: CLI, tmp_path: Path, shipped_text: str, case: str
) -> None:
    mutate, expected = BROKEN[case]
    path = tmp_path / "checklist.toml"
    path.write_text(mutate(shipped_text), encoding="utf-8")
    run = cli("validate", path)
    assert run.code == 1, run
    assert expected in run.stdout
    assert run.stdout.startswith(f"{path}\n  error ")
    assert "Traceback" not in run.stdout + run.stderr


def test_two_files_claiming_one_version(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    changed = shipped_text.replace('version = "1.0.0"', 'version = "9.0.0"')
    build_tree(tmp_path, {"a.toml": changed, "b.toml": changed.replace("县级党委", "县委")})
    run = cli("validate", tmp_path)
    assert run.code == 1
    assert f"differs from {tmp_path / 'a.toml'} with the same version" in run.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'schema_version = 1\nkind = "checklist"\nid = "x\nversion', "not valid TOML"),
        ('title = "叶县"\n'.encode("gbk"), "GBK/GB18030-encoded"),
        (b"", "file is empty"),
    ],
)
def test_unreadable_files_exit_2(cli: CLI, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    run = cli("validate", path)
    assert run.code == 2
    assert expected in run.stdout
    assert path.read_bytes() == content


def test_bom_and_crlf_are_fine(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + shipped_text.replace("\n", "\r\n").encode("utf-8"))
    run = cli("validate", path)
    assert run.code == 0, run.stdout


def test_missing_path_exits_2(cli: CLI, tmp_path: Path) -> None:
    run = cli("validate", tmp_path / "nowhere.toml")
    assert run.code == 2
    assert "no such file" in run.stdout


def test_explicit_non_ipcheck_file_is_an_error(cli: CLI, tmp_path: Path) -> None:
    path = build_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n"}) / "pyproject.toml"
    run = cli("validate", path)
    assert run.code == 1
    assert "not an ipcheck file: it has no kind key" in run.stdout


@pytest.mark.slow
def test_folder_of_thousands_of_files(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    files: dict[str, str | bytes] = {f"d{i % 30}/f{i}.toml": f"n = {i}\n" for i in range(3000)}
    files["county/checklist.toml"] = shipped_text
    files[".git/objects/x.toml"] = "not = [valid"
    files["notes.txt"] = "not toml"
    build_tree(tmp_path, files)
    run = cli("validate", tmp_path)
    assert run.code == 0, run.stdout
    assert "1 file checked" in run.stderr
    assert "3000 other TOML files skipped" in run.stderr


def test_json_output(cli: CLI, tmp_path: Path, shipped_text: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(shipped_text.replace("points = 1\n", "points = 3\n", 1), encoding="utf-8")
    run = cli("validate", SHIPPED, bad, "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    assert [f["ok"] for f in data["files"]] == [True, False]
    problems = data["files"][1]["problems"]
    assert [p["key"] for p in problems] == ["scoring.county_total", "version"]
    assert "differs from the shipped" in problems[1]["message"]
    assert data["summary"] == {
        "files": 2,
        "files_with_errors": 1,
        "errors": 2,
        "warnings": 0,
        "skipped": 0,
        "strict": False,
    }
