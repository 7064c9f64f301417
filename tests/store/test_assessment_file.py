"""The files' one owner (store/assessment_file.py, store/review_file.py): every change under
the assessment's lock, on a fresh read, validated, companions first — tested directly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ipcheck.core import marking
from ipcheck.errors import InputError
from ipcheck.model.assessment import Status
from ipcheck.store import writer
from ipcheck.store.assessment_file import create, open_assessment, rewrite, transaction
from ipcheck.store.catalog import checklist_dirs
from ipcheck.store.loader import load_assessment
from ipcheck.store.review_file import change_review, review_path
from ipcheck.store.seal_file import seal_path

DIRS = checklist_dirs()


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    from ipcheck.core.create import make_assessee, new_assessment
    from ipcheck.store.catalog import resolve
    from ipcheck.store.clock import now

    checklist = resolve("pingdingshan-2021-22", DIRS)
    assessee = make_assessee(checklist, county="叶县", unit=None)
    path = tmp_path / "叶县-2025.toml"
    create(
        path,
        new_assessment(checklist, assessee, 2025, "叶县-2025-佐证材料", "张三", now()),
        force=False,
    )
    (tmp_path / "叶县-2025-佐证材料").mkdir()
    return path


def test_create_never_overwrites_without_force(assessment: Path) -> None:
    opened = open_assessment(assessment, DIRS)
    before = assessment.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        create(assessment, opened.loaded.assessment, force=False)
    assert assessment.read_bytes() == before


def test_a_change_is_stamped_under_the_lock_and_written(assessment: Path) -> None:
    opened = open_assessment(assessment, DIRS)
    updated = transaction(
        opened,
        lambda current, stamp: marking.mark(
            current, ["serious-infringement"], stamp, note="已起草"
        ),
        "李四",
    )
    again = load_assessment(assessment).assessment
    assert again == updated and again.items["serious-infringement"].note == "已起草"
    assert again.history[-1].by == "李四"


def test_a_change_applies_to_the_file_as_it_is_under_the_lock(assessment: Path) -> None:
    """A file changed after it was opened is read again, not taken as opened: both changes
    are kept (the state opened is reused only where the bytes are still the same)."""

    def note(item: str, text: str, by: str) -> None:
        transaction(
            opened,
            lambda current, stamp: marking.mark(current, [item], stamp, note=text),
            by,
        )

    opened = open_assessment(assessment, DIRS)
    other = open_assessment(assessment, DIRS)
    transaction(
        other,
        lambda current, stamp: marking.mark(current, ["serious-infringement"], stamp, note="甲"),
        "王五",
    )
    note("administrative-enforcement", "乙", "李四")
    items = load_assessment(assessment).assessment.items
    assert items["serious-infringement"].note == "甲"
    assert items["administrative-enforcement"].note == "乙"
    note("administrative-enforcement", "丙", "李四")  # opened long ago: still read afresh
    again = load_assessment(assessment).assessment
    assert again.items["serious-infringement"].note == "甲"
    assert again.items["administrative-enforcement"].note == "丙"
    assert [c.by for c in again.history[-3:]] == ["王五", "李四", "李四"]


def test_a_change_that_would_bring_an_error_is_refused(assessment: Path) -> None:
    """The owner validates what it writes: a change giving an item a status the history
    does not record (an error validate reports) is refused, the file untouched."""
    from msgspec.structs import replace

    opened = open_assessment(assessment, DIRS)
    before = assessment.read_bytes()

    def unrecorded(current, stamp):  # type: ignore[no-untyped-def]
        items = dict(current.items)
        items["serious-infringement"] = replace(items["serious-infringement"], status=Status.DONE)
        return replace(current, items=items)

    with pytest.raises(
        InputError, match=r"would bring an error: items\.serious-infringement\.status"
    ):
        transaction(opened, unrecorded, "李四")
    assert assessment.read_bytes() == before


def test_a_sealed_file_is_refused_but_the_unsealing(assessment: Path) -> None:
    opened = open_assessment(assessment, DIRS)
    transaction(opened, lambda c, s: marking.sealed(c, s, "SHA256:x"), "张三")
    opened = open_assessment(assessment, DIRS)
    before = assessment.read_bytes()
    with pytest.raises(InputError, match="is sealed"):
        transaction(opened, lambda c, s: marking.mark(c, ["budget"], s, note="x"), "张三")
    with pytest.raises(InputError, match="sealed"):
        rewrite(assessment, lambda current, data: data.decode() + "\n")
    assert assessment.read_bytes() == before
    transaction(opened, lambda c, s: marking.unsealed(c, s, "补充材料"), "张三", sealed_ok=True)
    assert load_assessment(assessment).assessment.history[-1].new == "补充材料"


def test_companions_are_written_first(assessment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after the seal is written and before the file is leaves the old file and a
    seal of bytes never written: verify calls it an earlier submission, and the next seal
    replaces it."""
    opened = open_assessment(assessment, DIRS)
    before = assessment.read_bytes()
    written: list[Path] = []
    real = writer.atomic_write

    def crash_on_the_file(path: Path, *args: object, **kwargs: object) -> None:
        if path == assessment:
            raise OSError("the machine went down")
        written.append(path)
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "atomic_write", crash_on_the_file)
    target = seal_path(assessment)
    with pytest.raises(OSError, match="went down"):
        transaction(
            opened,
            lambda c, s: marking.sealed(c, s, "SHA256:x"),
            "张三",
            beside=lambda updated, data, old: [(target, b"the seal of the new bytes\n")],
        )
    assert written == [target] and assessment.read_bytes() == before


def test_the_review_changes_under_the_assessments_lock_and_is_backed_up(
    assessment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """decide and review --new take the assessment's own lock (the review and the file it
    reviews change one at a time); a review replaced is kept as a backup first."""
    from ipcheck.model.review import Review, ReviewedFile

    a = load_assessment(assessment).assessment
    first = Review(
        schema_version=1,
        kind="review",
        assessment=ReviewedFile(file=assessment.name, sha256="0" * 64),
        assessee=a.assessee,
        period=a.period,
        checklist=a.checklist,
        reviewer="市考核办",
        created=a.created,
    )
    change_review(assessment, lambda: first)
    _review, backup = change_review(assessment, lambda: first, replace=True)
    assert backup is not None and backup.read_bytes() == review_path(assessment).read_bytes()
    monkeypatch.setattr(writer, "LOCK_TIMEOUT_SECONDS", 1)
    # another process (a `mark` under way) holds the assessment's lock
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(writer.lock_path(assessment))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="held its lock"):
            change_review(assessment, lambda: first)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


HOLD = """
import sys, time, fasteners
lock = fasteners.InterProcessLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""
