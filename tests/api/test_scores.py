"""Scores the assessment office can rely on (checklist 1.2.0), as `api.status`,
`api.report` and `api.summarise` give them: 不适用, missing evidence and deleted items
never raise a score anywhere; part scores; what the checklist declares of its scoring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipcheck import api
from ipcheck.core.summary import Cell
from ipcheck.errors import InputError
from ipcheck.model.views.report import ReportSummary
from ipcheck.model.views.status import Counts
from ipcheck.store.catalog import checklist_dirs, resolve
from tests.helpers import build_tree
from tests.helpers.assessments import delete_all_items_but_the_first, messages, with_errors

LATEST = "pingdingshan-2021-22@1.2.0"


def _create(folder: Path, *, county: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    made = api.create_assessment(
        county=county, period=2025, checklist=LATEST, path=folder / "a.toml"
    )
    build_tree(made.evidence_dir, {"纪要.txt": "会议纪要"})
    return made.path


@pytest.fixture
def county(here: Path) -> Path:
    """鲁山县 on checklist 1.2.0, whose items carry points and criteria."""
    return _create(here / "鲁山县", county="鲁山县")


def _evidence(file: Path) -> Path:
    return file.parent / "a-佐证材料" / "纪要.txt"


def _scores(file: Path) -> tuple[Counts, ReportSummary, Cell]:
    """(status total, report summary, summary row's totals) of one file."""
    a = api.open_assessment(file)
    row = api.summarise([file]).rows[0]
    return api.status(a).total, api.report(a, "json").report.summary, row.total


def _every_number(file: Path) -> list[str]:
    view = api.report(api.open_assessment(file), "json").report
    return [i.number for m in view.measures for i in m.items]


def test_everything_but_one_item_not_applicable_raises_no_score(county: Path, here: Path) -> None:
    numbers = _every_number(county)
    a = api.open_assessment(county)
    api.mark(a, ["1.1"], "已完成", evidence=[_evidence(county)])
    api.mark(a, [",".join(numbers[1:])], "不适用", reason="本县不涉及")
    status, report, row = _scores(county)
    # 1 point earned of 100: the 不适用 stay in the base until the office approves them
    assert (status.score, status.max_score) == (1, 100)
    assert (report.score, report.max_score) == (row.earned, row.points) == (1, 100)
    assert status.na == report.na == row.na == len(numbers) - 1
    assert status.na_points == report.na_points == row.na_points == 99
    assert status.completion < 0.02
    # an honest county that did five items ranks above it
    honest = _create(here / "叶县", county="叶县")
    api.mark(
        api.open_assessment(honest),
        ["1.1,1.2,1.3,1.4,1.5"],
        "已完成",
        evidence=[_evidence(honest)],
    )
    assert [r.name for r in api.summarise([here]).rows] == ["叶县", "鲁山县"]


def test_done_without_evidence_earns_nothing_until_evidence_is_attached(county: Path) -> None:
    a = api.open_assessment(county)
    marked = api.mark(a, ["14"], "已完成")
    # the items the command line warns of
    assert [s.number for s in marked.without_evidence] == [s.number for s in marked.items]
    status, report, row = _scores(county)
    assert status.score == report.score == row.earned == 0
    assert status.unproven == report.unproven == row.unproven == 5
    made = api.report(a, "md")
    fourteen = next(m for m in made.report.measures if m.number == 14)
    assert {i.status_label for i in fourteen.items} == {"已完成（待补佐证）"}
    assert "已完成（待补佐证）" in made.text
    api.attach(a, ["14.2"], [_evidence(county)])
    status, report, row = _scores(county)
    assert status.score == report.score == row.earned == 2  # 14.2 is worth 2


def test_deleting_items_from_the_file_raises_no_score(county: Path) -> None:
    api.mark(api.open_assessment(county), ["1.1"], "已完成", evidence=[_evidence(county)])
    delete_all_items_but_the_first(county)
    status, report, row = _scores(county)
    assert status.score == report.score == row.earned == 1
    assert status.max_score == report.max_score == row.points == 100
    assert "is missing from the file" in messages(with_errors(county))
    missing = api.status(api.open_assessment(county)).missing
    assert len(missing) == len(_every_number(county)) - 1


def test_a_part_score_for_an_item_in_progress(county: Path) -> None:
    a = api.open_assessment(county)
    api.mark(a, ["14.2"], "推进中", score=1, evidence=[_evidence(county)])
    assert api.status(a).total.score == 1
    data = api.open_assessment(county).loaded.assessment
    assert data.items["leadership-mechanism"].score == 1
    assert [(c.action.value, c.old, c.new) for c in data.history if c.action.value == "score"] == [
        ("score", None, "1")
    ]
    view = api.report(a, "json").report
    item = next(i for m in view.measures for i in m.items if i.number == "14.2")
    assert item.earned == 1 and item.criteria.startswith("满分：")
    before = county.read_bytes()
    for (number, status, score), said in [
        (("14.2", "推进中", 2), "a part score is 0 to 1"),
        (("14.2", "已完成", 1), "a part score belongs to an item 推进中"),
        (("1.1", "推进中", 1), "its criteria (评分标准) give no part score"),
    ]:
        with pytest.raises(InputError, match=re.escape(said)) as refused:
            api.mark(a, [number], status, score=score)
        assert "\n" not in str(refused.value)  # one line
    assert county.read_bytes() == before
    api.mark(a, ["14.2"], "已完成")
    assert api.open_assessment(county).loaded.assessment.items["leadership-mechanism"].score is None


def test_the_shipped_checklist_declares_its_scoring() -> None:
    c = resolve(LATEST, checklist_dirs()).checklist
    assert c.scoring.not_applicable is not None and c.scoring.evidence_required is True
    assert c.scoring.weights is not None and "本身未规定分值" in c.scoring.weights


def test_a_unit_of_a_measure_that_bears_none_of_its_items_is_an_error(tmp_path: Path) -> None:
    import tomllib

    import tomli_w

    path = resolve(LATEST, checklist_dirs()).path
    assert path is not None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for item in data["measures"][3]["items"]:  # （四）: 市人大, 市政协; 市委宣传部
        item["units"] = ["peoples-congress"]
    own = tmp_path / "c.toml"
    own.write_text(tomli_w.dumps(data | {"version": "9.0.0"}), encoding="utf-8")
    said = messages(with_errors(own))
    assert "unit 'cppcc' is a unit of measure 4 but bears none of its items" in said
    assert "unit 'publicity-dept' is a unit of measure 4" in said


def test_a_part_score_without_evidence_waits_for_it(county: Path) -> None:
    a = api.open_assessment(county)
    api.mark(a, ["14.2"], "推进中", score=1)
    status = api.status(a)
    assert (status.total.score, status.total.unproven) == (0, 1)
    assert status.done_without_evidence == []  # it is 推进中, not 已完成
    report = api.report(a, "json").report
    item = next(i for m in report.measures for i in m.items if i.number == "14.2")
    assert (item.status_label, item.earned) == ("推进中（待补佐证）", 0)
    assert report.summary.done_without_evidence == []
    assert "推进中（待补佐证）1项，补齐佐证材料前不得分" in report.summary.score_text
