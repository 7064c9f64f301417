"""`validate` on assessment files, and `fmt`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Run

CLI = Callable[..., Run]


def test_fresh_assessment_is_valid(cli: CLI, county: Path) -> None:
    run = cli("validate", county)
    assert run.code == 0, run
    assert "1 file checked: 0 with errors" in run.stderr


def test_done_without_evidence_is_a_warning(cli: CLI, county: Path) -> None:
    cli("mark", "1.1", "done")
    run = cli("validate", county, "--format", "json")
    assert run.code == 0
    problems = json.loads(run.stdout)["files"][0]["problems"]
    assert problems == [
        {
            "severity": "warning",
            "key": "items.punitive-damages.evidence",
            "message": "1.1 依法适用知识产权惩罚性赔偿制度: 已完成 (done) without evidence; "
            "it earns no points until evidence is attached",
            "line": 16,
        }
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '[items.punitive-damages]\nstatus = "todo"',
            '[items.punitive-damage]\nstatus = "todo"',
            "item 'punitive-damage' is not in",
        ),
        (
            '[items.punitive-damages]\nstatus = "todo"',
            '[items.punitive-damages]\nstatus = "na"',
            "不适用 (na) needs a reason",
        ),
        ('status = "todo"', 'status = "finished"', "unknown status 'finished'"),
        (
            'version = "1.1.0"',
            'version = "1.0.1"',
            "checklist pingdingshan-2021-22@1.0.1 is not available",
        ),
    ],
)
def test_broken_assessments(cli: CLI, county: Path, old: str, new: str, expected: str) -> None:
    text = county.read_text(encoding="utf-8")
    assert old in text
    county.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = cli("validate", county)
    assert run.code == 1, run
    assert expected in run.stdout


def test_evidence_escaping_the_folder(cli: CLI, county: Path) -> None:
    cli("attach", "1.1", "叶县-2025-佐证材料/会议纪要.txt")
    text = county.read_text(encoding="utf-8")
    county.write_text(
        text.replace('path = "叶县-2025-佐证材料/会议纪要.txt"', 'path = "../../etc/passwd"', 1),
        encoding="utf-8",
    )
    run = cli("validate", county)
    assert run.code == 1
    assert "'../../etc/passwd' leaves the assessment's folder" in run.stdout
    verify = cli("verify")
    assert verify.code == 1
    assert "outside     ../../etc/passwd" in verify.stdout


def test_fmt_is_canonical_and_idempotent(cli: CLI, county: Path) -> None:
    cli("mark", "1.1", "done", "--note", "已完成")
    canonical = county.read_bytes()
    assert cli("fmt", "--check", county).code == 0
    # Windows editor: BOM, CRLF, reordered keys
    messy = canonical.decode("utf-8").replace(
        'kind = "assessment"\nperiod = 2025', 'period = 2025\nkind = "assessment"'
    )
    county.write_bytes(b"\xef\xbb\xbf" + messy.replace("\n", "\r\n").encode("utf-8"))
    check = cli("fmt", "--check", county)
    assert check.code == 1
    assert check.stdout == f"would reformat {county}\n"
    assert cli("fmt", county).code == 0
    assert county.read_bytes() == canonical
    assert cli("fmt", county).stdout == ""


def test_fmt_on_the_shipped_checklist_is_clean(cli: CLI) -> None:
    from tests.helpers import SHIPPED

    run = cli("fmt", "--check", SHIPPED.parent.parent)
    assert run.code == 0, run


def test_fmt_bad_file(cli: CLI, tmp_path: Path) -> None:
    bad = tmp_path / "a.toml"
    bad.write_bytes(b'kind = "assessment"\nschema_version = 1\n')
    run = cli("fmt", bad)
    assert run.code == 2
    assert "missing required key" in run.stderr
    assert bad.read_bytes() == b'kind = "assessment"\nschema_version = 1\n'


def test_checklist_changed_under_the_assessment(cli: CLI, county: Path) -> None:
    import re

    text = county.read_text(encoding="utf-8")
    county.write_text(
        re.sub(r'digest = "sha256:[0-9a-f]{64}"', 'digest = "sha256:' + "0" * 64 + '"', text),
        encoding="utf-8",
    )
    run = cli("validate", county)
    assert run.code == 1
    assert "changed under this assessment" in run.stdout


def test_a_bad_field_of_an_item_names_the_item_and_its_line(cli: CLI, county: Path) -> None:
    text = county.read_text(encoding="utf-8")
    start = text.index("[items.copyright-trademark-crackdown]")
    at = text.index('status = "todo"', start)
    county.write_text(text[:at] + 'status = "finished"' + text[at + 15 :], encoding="utf-8")
    line = text[:at].count("\n") + 1
    run = cli("validate", county, "--format", "json")
    problem = json.loads(run.stdout)["files"][0]["problems"][0]
    assert problem["key"] == "items.copyright-trademark-crackdown.status"
    assert problem["line"] == line
    status = cli("status")
    assert status.code == 2
    assert "items.copyright-trademark-crackdown.status: unknown status 'finished'" in status.stderr
