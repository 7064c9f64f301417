"""`ipcheck --version`, `checklists`, `show`, `schema` through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ipcheck import __version__
from tests.helpers import CHECKLIST_ID, ROOT, Run, build_tree

CLI = Callable[..., Run]


def test_version(cli: CLI) -> None:
    assert cli("--version") == Run(0, f"ipcheck {__version__}\n", "")


def test_checklists_lists_the_shipped_one(cli: CLI) -> None:
    run = cli("checklists", "--format", "json")
    assert run.code == 0
    rows = json.loads(run.stdout)["checklists"]
    assert [(r["id"], r["version"], r["origin"], r["measures"]) for r in rows] == [
        (CHECKLIST_ID, "1.0.0", "shipped", 19),
        (CHECKLIST_ID, "1.1.0", "shipped", 19),
        (CHECKLIST_ID, "1.2.0", "shipped", 19),
        (CHECKLIST_ID, "1.3.0", "shipped", 19),
        (CHECKLIST_ID, "1.4.0", "shipped", 19),
    ]
    table = cli("checklists")
    assert table.code == 0
    assert "pingdingshan-2021-22" in table.stdout
    assert "1.0.0" in table.stdout


def test_checklists_with_a_county_folder(
    cli: CLI, tmp_path: Path, shipped_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = shipped_text.replace('id = "pingdingshan-2021-22"', 'id = "yexian-2022"')
    build_tree(
        tmp_path,
        {
            "yexian-2022/1.0.0.toml": own,
            "yexian-2022/1.1.0.toml": own.replace('version = "1.0.0"', 'version = "1.1.0"'),
            "broken/2.0.0.toml": "kind = [",
        },
    )
    run = cli("checklists", "--checklist-dir", tmp_path, "--format", "json")
    assert run.code == 1
    data = json.loads(run.stdout)
    assert [(r["id"], r["version"]) for r in data["checklists"]] == [
        (CHECKLIST_ID, "1.0.0"),
        (CHECKLIST_ID, "1.1.0"),
        (CHECKLIST_ID, "1.2.0"),
        (CHECKLIST_ID, "1.3.0"),
        (CHECKLIST_ID, "1.4.0"),
        ("yexian-2022", "1.0.0"),
        ("yexian-2022", "1.1.0"),
    ]
    assert "not valid TOML" in data["broken"][0]["message"]
    assert "ipcheck: warning: skipped" in run.stderr
    monkeypatch.setenv("IPCHECK_CHECKLIST_DIR", str(tmp_path))
    newest = cli("show", "yexian-2022", "--format", "json")
    assert json.loads(newest.stdout)["version"] == "1.1.0"


def test_missing_checklist_dir(cli: CLI, tmp_path: Path) -> None:
    run = cli("show", CHECKLIST_ID, "--checklist-dir", tmp_path / "nope")
    assert run.code == 2
    assert run.stdout == ""


def test_show_json_lists_all_measures_with_units(cli: CLI) -> None:
    run = cli("show", f"{CHECKLIST_ID}@1.0.0", "--format", "json")
    assert run.code == 0
    data = json.loads(run.stdout)
    assert (data["id"], data["version"]) == (CHECKLIST_ID, "1.0.0")
    assert [m["number"] for m in data["measures"]] == list(range(1, 20))
    sixteen = data["measures"][15]
    assert sixteen["lead"] == ["市财政局"]
    assert sixteen["responsible"] == ["市市场监督管理局", "各县〔市、区〕政府〔管委会〕"]
    item = data["measures"][0]["items"][0]
    assert set(item) >= {"id", "text", "points", "applies_to"}
    assert item["number"] == "1.1"


def test_show_for_a_unit(cli: CLI) -> None:
    run = cli("show", CHECKLIST_ID, "--unit", "平顶山海关", "--format", "json")
    assert run.code == 0
    data = json.loads(run.stdout)
    assert data["unit"]["id"] == "customs"
    roles = {m["number"]: m.get("role") for m in data["measures"]}
    # 14.6 and 14.7 are every unit's by its duties (有关单位要按照职责分工…), without a role
    assert roles == {n: "responsible" for n in (2, 3, 6, 10, 11, 12, 13, 15, 18, 19)} | {14: None}
    assert [i["number"] for i in data["measures"][roles_order(data, 14)]["items"]] == [
        "14.6",
        "14.7",
    ]
    for measure in data["measures"]:
        assert all(item["applies_to"] != "county" for item in measure["items"])
    by_id = cli("show", CHECKLIST_ID, "--unit", "county-government", "--format", "json")
    assert [m["number"] for m in json.loads(by_id.stdout)["measures"]] == [14, 16]
    # the bracket variant a user types finds the same unit
    variant = cli(
        "show", CHECKLIST_ID, "--unit", "各县（市、区）政府（管委会）", "--format", "json"
    )
    assert json.loads(variant.stdout)["unit"]["id"] == "county-government"


def roles_order(data: dict[str, Any], number: int) -> int:
    return [m["number"] for m in data["measures"]].index(number)


def test_show_for_a_county_says_what_it_bears_and_why_not_the_rest(cli: CLI) -> None:
    run = cli("show", CHECKLIST_ID, "--county", "平顶山市城乡一体化示范区", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["county"]["name"] == "城乡一体化示范区" and data["county"]["zone"] is True
    numbers = [i["number"] for m in data["measures"] for i in m["items"]]
    assert "1.2" in numbers and "1.1" not in numbers and "14.2" in numbers
    why = {row["number"]: row["reason"] for row in data["not_borne"]}
    assert set(why) == {
        "1.1",
        "1.4",
        "4.1",
        "4.2",
        "7.1",
        "9.2",
        "9.3",
        "13.3",
        "14.6",
        "14.7",
        "15.6",
        "16.3",
    }
    assert "上级人民法院" in why["1.4"] and "人大" in why["4.1"]
    assert sum(i["points"] for m in data["measures"] for i in m["items"]) == 100
    item = data["measures"][0]["items"][0]
    assert (item["verb"], item["duty"], item["standard"]) == (
        "依法严惩",
        "required",
        "outcome-or-none",
    )
    text = cli("show", CHECKLIST_ID, "--county", "汝州市", "--measure", "1")
    assert text.code == 0 and "省直管" in text.stdout and "Not borne by 汝州市:" in text.stdout
    assert "Duty: required duties (依法严惩)" in text.stdout
    for args, said in (
        (("--county", "北京市"), "is not a county of pingdingshan-2021-22@1.4.0's roster"),
        (("--county", "叶县", "--unit", "市公安局"), "give --unit or --county, not both"),
    ):
        refused = cli("show", CHECKLIST_ID, *args)
        assert refused.code == 2 and said in refused.stderr and refused.stdout == "", refused


def test_a_checklist_without_a_roster_shows_any_countys_share(cli: CLI) -> None:
    """1.0.0 has no roster of counties: show takes the county, as init does, and lists its
    share; a name that is no name is still refused."""
    run = cli("show", "pingdingshan-2021-22@1.0.0", "--county", "郏县", "--format", "json")
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["county"]["name"] == "郏县" and data["measures"]
    empty = cli("show", "pingdingshan-2021-22@1.0.0", "--county", "")
    assert empty.code == 2 and "not usable as a name" in empty.stderr, empty


def test_a_zone_is_started_by_its_official_name(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("init", "--county", "平顶山市城乡一体化示范区", "--period", "2025")
    assert run.code == 0, run
    assert (tmp_path / "城乡一体化示范区-2025.toml").is_file()


def test_show_for_a_unit_says_what_of_its_measures_it_does_not_bear(cli: CLI) -> None:
    data = json.loads(cli("show", CHECKLIST_ID, "--unit", "市公安局", "--format", "json").stdout)
    why = {row["number"]: row["reason"] for row in data["not_borne"]}
    assert "人民法院" in why["1.1"] and "1.2" not in why


def test_show_text(cli: CLI) -> None:
    run = cli("show", CHECKLIST_ID, "--unit", "市人大")
    assert run.code == 0
    assert "(四) 加强执法监督  [this unit: lead]" in run.stdout
    assert "4.1" in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("show", "nope"), "no checklist 'nope'; available: pingdingshan-2021-22"),
        (("show", f"{CHECKLIST_ID}@2.0.0"), "has no version 2.0.0; it has 1.0.0, 1.1.0"),
        (("show", f"{CHECKLIST_ID}@2.0"), "'2.0' is not a semantic version"),
        (("show", CHECKLIST_ID, "--unit", "市教育局"), "unknown unit '市教育局'"),
        (("show", CHECKLIST_ID, "--measure", "20"), "has no measure 20"),
        (("schema", "invoice"), "no schema 'invoice'"),
    ],
)
def test_bad_arguments_give_one_line_errors(cli: CLI, args: tuple[str, ...], expected: str) -> None:
    run = cli(*args)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("ipcheck: error: ")
    assert expected in run.stderr
    assert run.stderr.count("\n") == 1


def test_broken_checklist_in_a_folder_is_a_clear_error(cli: CLI, tmp_path: Path) -> None:
    build_tree(tmp_path, {"mine/1.0.0.toml": 'schema_version = 1\nkind = "checklist"\n'})
    run = cli("show", "mine", "--checklist-dir", tmp_path)
    assert run.code == 2
    assert "1.0.0.toml: (top level): missing required key `id`" in run.stderr


def test_schema_prints_json(cli: CLI) -> None:
    run = cli("schema")
    assert run.code == 0
    assert json.loads(run.stdout)["title"] == "ipcheck checklist"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("summary", "examples", "--format", "csv", "-o", "{tmp}/no/dir/x.csv"),
            "no/dir: no such folder",
        ),
        (
            (
                "extract",
                "checklists/pingdingshan-2021-22/sources/pingdingshan-2021-22.txt",
                "-o",
                "{tmp}",
            ),
            "is a folder; give a file name",
        ),
        (
            (
                "extract",
                "checklists/pingdingshan-2021-22/sources/pingdingshan-2021-22.txt",
                "-o",
                "{tmp}/no/x.toml",
            ),
            "no such folder",
        ),
        (
            ("report", "-f", "examples/叶县-2025/叶县-2025.toml", "-o", "{tmp}/no/x.html"),
            "no such folder",
        ),
        (
            ("upgrade", "-f", "examples/叶县-2025/叶县-2025.toml", "--to", "abc"),
            "give a semantic version",
        ),
    ],
)
def test_bad_outputs_and_versions(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], expected: str
) -> None:
    monkeypatch.chdir(ROOT)
    run = cli(*(a.format(tmp=tmp_path) for a in args))
    assert run.code == 2, run
    assert expected in run.stderr and run.stderr.count("\n") == 1


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no file can be made"
)
def test_an_os_refusal_is_one_line(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even root cannot create files in /proc: the OS error becomes one line, exit 2."""
    monkeypatch.chdir(ROOT)
    for args in (
        ("summary", "examples", "--format", "csv", "-o", "/proc/ipcheck-test.csv"),
        (
            "extract",
            "checklists/pingdingshan-2021-22/sources/pingdingshan-2021-22.txt",
            "-o",
            "/proc/ipcheck-test.toml",
        ),
    ):
        run = cli(*args)
        assert run.code == 2, run
        assert run.stderr.startswith("ipcheck: error: /proc/") and run.stderr.count("\n") == 1


def test_fmt_numbers_parts_and_measures_by_their_places(cli: CLI, tmp_path: Path) -> None:
    from tests.helpers import SHIPPED

    """A maintainer inserts a measure anywhere; fmt writes every number, numeral and total."""
    import tomli_w

    from ipcheck.store.toml import read_toml

    data = read_toml(SHIPPED)
    data["version"] = "9.9.9"
    measures = data["measures"]
    new = dict(measures[0], title="新增措施", numeral="一", number=1)
    new["items"] = [dict(measures[0]["items"][0], id="brand-new-duty", points=10)]
    data["measures"] = [measures[0], new, *measures[1:]]
    own = tmp_path / "pingdingshan-2021-22" / "9.9.9.toml"
    own.parent.mkdir()
    own.write_text(tomli_w.dumps(data), encoding="utf-8")
    run = cli("validate", own)
    assert run.code == 1 and "expected measure 2, found 1" in run.stdout
    assert cli("fmt", own).code == 0
    run = cli("validate", own)
    assert run.code == 0, run.stdout
    text = own.read_text(encoding="utf-8")
    assert 'number = 2\nnumeral = "二"\npart = 2\ntitle = "新增措施"' in text
    assert "county_total = 110" in text
    assert 'lead = ["intermediate-court"]' in text  # short arrays on one line


def _own_copy(folder: Path, ident: str, version: str, edit: Callable[[str], str]) -> Path:
    """The shipped 1.4.0, as another office's `<id>/<version>.toml`, edited."""
    shipped = ROOT / "checklists" / CHECKLIST_ID / "1.4.0.toml"
    text = shipped.read_text(encoding="utf-8").replace(
        f'id = "{CHECKLIST_ID}"', f'id = "{ident}"', 1
    )
    text = text.replace('version = "1.4.0"', f'version = "{version}"', 1)
    path = folder / ident / f"{version}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_a_changed_copy_of_a_shipped_version_fails_validate_where_ci_gives_its_folder(
    cli: CLI, tmp_path: Path
) -> None:
    """Given both as the folder to check and as a checklist folder (as docs/ci.md has CI
    do), the copy was compared with itself and passed (found by a trial)."""
    forged = _own_copy(
        tmp_path, CHECKLIST_ID, "1.4.0", lambda t: t.replace("自评清单", "伪造清单", 1)
    )
    for extra in ((), ("--checklist-dir", tmp_path)):
        run = cli("validate", "--no-cache", tmp_path, *extra)
        assert run.code == 1, (extra, run)
        assert "differs from the shipped" in run.stdout and str(forged) in run.stdout


def test_versions_that_differ_in_build_metadata_alone_are_refused(cli: CLI, tmp_path: Path) -> None:
    """1.0.0, 1.0.0+a and 1.0.0+b passed validate, and show picked one by its file name."""
    for version in ("1.0.0", "1.0.0+a", "1.0.0+b"):
        _own_copy(tmp_path, "other", version, lambda t: t.replace("\nprevious = ", "\n# ", 1))
    run = cli("validate", "--no-cache", tmp_path)
    assert run.code == 1 and "are one version to semver" in run.stdout, run
    for args in (
        ("show", "other"),
        ("init", "--county", "叶县", "--period", "2025", "--checklist", "other"),
    ):
        refused = cli(*args, "--checklist-dir", tmp_path)
        assert refused.code == 2 and "are one version to semver" in refused.stderr, refused
        assert refused.stderr.count("\n") == 1


def test_a_checklist_that_is_a_link_out_of_its_folder_is_not_read(cli: CLI, tmp_path: Path) -> None:
    """show, checklists and init read through a link (a file's or its folder's) that
    validate refuses, and said what the file it led to held (found by a trial)."""
    outside = tmp_path / "outside"
    _own_copy(outside, "linked", "1.0.0", lambda t: t.replace("\nprevious = ", "\n# ", 1))
    secret = outside / "secret.toml"
    secret.write_text("the office's = secret\n", encoding="utf-8")
    by_folder, by_file = tmp_path / "by-folder", tmp_path / "by-file"
    by_folder.mkdir()
    (by_folder / "linked").symlink_to(outside / "linked", target_is_directory=True)
    (by_file / "linked").mkdir(parents=True)
    (by_file / "linked" / "1.0.0.toml").symlink_to(secret)
    for folder in (by_folder, by_file):
        for args in (
            ("show", "linked"),
            (
                "init",
                "--county",
                "叶县",
                "--period",
                "2025",
                "--checklist",
                "linked",
                "-o",
                tmp_path / "x.toml",
            ),
        ):
            run = cli(*args, "--checklist-dir", folder)
            assert run.code == 2 and "a symbolic link leading outside" in run.stderr, run
            assert "secret" not in run.stderr and "=" not in run.stderr
        listed = cli("checklists", "--checklist-dir", folder)
        assert "a symbolic link leading outside" in listed.stderr
        assert "linked" not in listed.stdout
    assert not (tmp_path / "x.toml").exists()
