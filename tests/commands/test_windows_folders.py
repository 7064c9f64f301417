"""What officers' Windows machines, editors and zip tools put into a folder, as a trial
playing a county officer found it: a submission saved as UTF-16 or cut off to nothing,
a comment typed in Notepad, Explorer's and Word's own files, a file attached twice, a
name unpacked from a Chinese Windows zip."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_DIR, Run

CLI = Callable[..., Run]
NAME = "叶县-2025.toml"
EVIDENCE = "叶县-2025-佐证材料"
LEDGER = f"{EVIDENCE}/知识产权案件台账.csv"


@pytest.fixture
def example(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example, its seal lifted to change it, as a county would."""
    folder = tmp_path / "叶县-2025"
    shutil.copytree(EXAMPLE_DIR, folder)
    monkeypatch.chdir(folder)
    assert cli("unseal", "--reason", "补充材料").code == 0
    return folder / NAME


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        # an assessment, by the kind it says: unreadable (2)
        (lambda data: data.decode("utf-8").encode("utf-16"), 2),
        # nothing says what it is: named for the office to look at (1)
        (lambda data: b"", 1),
        (lambda data: data.decode("utf-8").encode("gbk")[64:], 1),
    ],
    ids=["notepad-unicode", "empty", "gbk-without-kind"],
)
def test_verify_of_a_folder_names_a_submission_it_cannot_read(
    cli: CLI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
    code: int,
) -> None:
    """It was passed over without a word, and the folder verified (exit 0)."""
    received = tmp_path / "收到的报送"
    shutil.copytree(EXAMPLE_DIR, received / "a")
    shutil.copytree(EXAMPLE_DIR, received / "b")
    broken = received / "b" / NAME
    broken.write_bytes(damage(broken.read_bytes()))
    run = cli("verify", received)
    assert run.code == code, run
    assert f"{received / 'a' / NAME}: " in run.stdout  # the sound one is checked
    assert str(broken) in run.stderr and "Traceback" not in run.stderr
    # named on its own, it is an error (2), whatever it says of itself
    named = cli("verify", broken)
    assert named.code == 2 and named.stderr.count("\n") == 1, named
    # and in its own folder, without -f, it is the file read, not "no assessment here"
    monkeypatch.chdir(broken.parent)
    for args in (("status",), ("verify",)):
        alone = cli(*args)
        assert alone.code == 2 and alone.stderr.count("\n") == 1
        assert "no assessment file" not in alone.stderr
        assert any(said in alone.stderr for said in ("UTF-16", "empty", "GBK")), alone
    # in Chinese too the path is said once (its full-width colon was not taken off)
    monkeypatch.setenv("IPCHECK_LANG", "zh")
    for args in (("status",), ("summary", received)):
        said = cli(*args).stderr
        for twice in (f"{broken}: {broken}", f"{broken}：{broken}", f"{NAME}：{NAME}"):
            assert twice not in said, said


def test_a_comment_typed_into_the_file_is_never_dropped(cli: CLI, example: Path) -> None:
    """mark wrote the file without it, without a word, where fmt refuses to."""
    text = example.read_text(encoding="utf-8")
    example.write_text(
        text.replace("[items.", "# 王科长：1.2 下周再报\n[items.", 1), encoding="utf-8"
    )
    before = example.read_bytes()
    run = cli("mark", "1.3", "推进中", "--note", "待补")
    assert run.code == 2 and run.stderr.count("\n") == 1
    assert "has comments (# …)" in run.stderr and "ipcheck note" in run.stderr
    assert example.read_bytes() == before
    # a # inside a note is no comment
    example.write_text(text, encoding="utf-8")
    assert cli("note", "1.3", "第#3号文件").code == 0


def test_windows_and_office_files_in_the_evidence_folder_are_not_evidence(
    cli: CLI, example: Path
) -> None:
    """Thumbs.db made verify fail (unreferenced) where the Mac's .DS_Store did not."""
    evidence = example.parent / EVIDENCE
    for name in ("Thumbs.db", "desktop.ini", "~$会议纪要.docx", ".DS_Store"):
        (evidence / name).write_bytes(b"left by the system")
    run = cli("verify")
    assert run.code == 0 and "unreferenced" not in run.stdout, run
    (evidence / "会议纪要.docx").write_bytes(b"a document no item holds")
    run = cli("verify")
    assert run.code == 1 and f"unreferenced {EVIDENCE}/会议纪要.docx" in run.stdout


def test_attaching_a_file_again_says_it_was_already_attached(cli: CLI, example: Path) -> None:
    """A double-pressed attach said the file was attached, counting it again."""
    first = cli("attach", "1.2", LEDGER)
    assert first.code == 0 and "1 file(s) attached to 1.2" in first.stderr, first
    before = example.read_bytes()
    again = cli("attach", "1.2", LEDGER)
    assert again.code == 0 and "already attached to 1.2" in again.stderr
    assert "file(s) attached to" not in again.stderr
    assert example.read_bytes() == before
    both = cli("attach", "1.2", LEDGER, f"{EVIDENCE}/知识产权保护培训签到表.csv")
    assert "1 file(s) attached to 1.2" in both.stderr
    assert "1 file(s) already attached to 1.2" in both.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="names of any bytes: Linux file systems")
def test_a_name_unpacked_from_a_chinese_windows_zip_is_named_as_such(
    cli: CLI, example: Path
) -> None:
    """It was refused as holding a control character."""
    gbk = os.fsencode(example.parent / EVIDENCE) + b"/" + "会议.txt".encode("gbk")
    with open(gbk, "wb") as stream:  # noqa: PTH123 (a name of bytes)
        stream.write(b"x")
    before = example.read_bytes()
    run = cli("attach", "1.2", os.fsdecode(gbk))
    assert run.code == 2 and run.stderr.count("\n") == 1
    assert "is not a UTF-8 name (perhaps GBK" in run.stderr
    assert "control character" not in run.stderr
    assert example.read_bytes() == before


@pytest.mark.skipif(sys.platform == "darwin", reason="APFS takes both forms as one name")
def test_a_name_a_mac_zip_wrote_in_another_unicode_form_is_named_as_such(
    cli: CLI, example: Path
) -> None:
    """verify said 'missing X' and 'unreferenced X' with two names that look the same."""
    import unicodedata

    evidence = example.parent / EVIDENCE
    (evidence / "Café.txt").write_text("cafe", encoding="utf-8")
    assert cli("attach", "1.2", f"{EVIDENCE}/Café.txt").code == 0
    (evidence / "Café.txt").rename(evidence / unicodedata.normalize("NFD", "Café.txt"))
    run = cli("verify")
    assert run.code == 1
    assert f"{EVIDENCE}/Café.txt: missing, and there under the same name in another " in (
        run.stderr
    )


@pytest.mark.skipif(sys.platform != "linux", reason="names Windows and macOS cannot hold")
def test_names_windows_cannot_unpack_are_warned_of(cli: CLI, example: Path) -> None:
    """Attached on Linux, they passed without a word, and the folder does not unpack whole
    at an office on Windows (found by a trial)."""
    evidence = example.parent / EVIDENCE
    names = ("会议纪要.txt", "会议纪要.TXT", "NUL.txt", "台账. ", "a?.txt")
    for name in names:
        (evidence / name).write_text(name, encoding="utf-8")
    assert cli("attach", "1.2", *(f"{EVIDENCE}/{n}" for n in names)).code == 0
    run = cli("validate", example)
    assert run.code == 0, run  # warnings: the file stands, the office is told
    for said in (
        f"'{EVIDENCE}/会议纪要.TXT' and '{EVIDENCE}/会议纪要.txt' are one name to Windows",
        f"'{EVIDENCE}/NUL.txt' is a name Windows reserves",
        f"'{EVIDENCE}/台账. ' ends with a dot or a space",
        f"'{EVIDENCE}/a?.txt' holds a character Windows does not allow",
    ):
        assert said in run.stdout, said
