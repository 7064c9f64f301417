"""A sent file's name, whatever the sender makes it, becomes a safe name inside the
evidence folder; the folder itself must be a real folder beside the assessment."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcheck.errors import InputError
from ipcheck.rules.paths import MAX_NAME, RESERVED, safe_name
from ipcheck.serve.uploads import evidence_folder, keep


@given(st.text(max_size=400))
def test_any_sent_name_becomes_one_safe_name(sent: str) -> None:
    name = safe_name(sent)
    assert name and len(name) <= MAX_NAME
    assert not any(c in name for c in '/\\<>:"|?*\0') and name.isprintable()
    assert name not in {".", ".."} and not name.endswith((" ", "."))
    assert name.split(".")[0].strip().upper() not in RESERVED


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("案件台账.xlsx", "案件台账.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\会议纪要.pdf", "会议纪要.pdf"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("..", "file"),
        ("a\u202egpj.exe", "a_gpj.exe"),
        ("报告. ", "报告"),
    ],
)
def test_names_as_windows_and_every_system_take_them(sent: str, kept: str) -> None:
    assert safe_name(sent) == kept


def test_a_file_is_never_written_over_nor_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"first")
    target = tmp_path / "outside.txt"
    (tmp_path / "a (2).txt").symlink_to(target)
    kept = keep(tmp_path, "a.txt", [b"second"])
    assert kept.name == "a (3).txt" and kept.read_bytes() == b"second"
    assert (tmp_path / "a.txt").read_bytes() == b"first" and not target.exists()


def test_the_evidence_folder_must_be_a_folder_beside_the_assessment(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "叶县-2025-佐证材料").symlink_to(outside)
    with pytest.raises(InputError, match="evidence folder"):
        evidence_folder(folder, "叶县-2025-佐证材料")
    with pytest.raises(InputError, match="evidence folder"):
        evidence_folder(folder, "../elsewhere")
    assert evidence_folder(folder, "新文件夹") == folder / "新文件夹"
    assert evidence_folder(folder, "材料/佐证") == folder / "材料" / "佐证"  # as attach takes it
    for climbing in ("/tmp", "材料/../../elsewhere", "C:/x", ""):
        with pytest.raises(InputError, match="evidence folder"):
            evidence_folder(folder, climbing)
