"""The results cache of validate and summary: the same answers, never a stale one."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcheck.errors import InputError
from ipcheck.store.cache import Entry, ResultCache
from ipcheck.store.files import feed_file, read_bytes
from tests.helpers import EXAMPLES, Run

CLI = Callable[..., Run]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES / "counties", copy)
    return copy


def test_a_second_run_answers_the_same_from_the_cache(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = cli("validate", folder, "--format", "json")
    assert (own_cache / "results.sqlite3").exists()
    second = cli("validate", folder, "--format", "json")
    assert (second.code, second.stdout) == (first.code, first.stdout)
    sum_first = cli("summary", folder, "--format", "json")
    sum_second = cli("summary", folder, "--format", "json")
    assert _rows(sum_first) == _rows(sum_second)
    assert cli("summary", folder, "--format", "json", "--no-cache").stdout == sum_second.stdout


def _rows(run: Run) -> object:
    data = json.loads(run.stdout)
    return data["rows"], data["lagging"], data["lead_units"]


def test_a_changed_byte_is_checked_again_whatever_the_file_times_say(
    cli: CLI, folder: Path
) -> None:
    file = next(folder.rglob("*.toml"))
    assert cli("validate", folder).code == 0
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('status = "todo"', 'status = "na"', 1), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time as before
    run = cli("validate", folder)
    assert run.code == 1 and "needs a reason" in run.stdout


def test_a_new_checklist_makes_new_keys(cli: CLI, folder: Path, tmp_path: Path) -> None:
    """A result depends on the checklists that can be pinned: another catalog, another key."""
    assert cli("validate", folder).code == 0
    empty = tmp_path / "own"
    (empty / "pingdingshan-2021-22").mkdir(parents=True)
    shipped = EXAMPLES.parent / "checklists" / "pingdingshan-2021-22" / "1.4.0.toml"
    changed = shipped.read_text(encoding="utf-8").replace("points = 1\n", "points = 2\n", 1)
    (empty / "pingdingshan-2021-22" / "1.4.0.toml").write_text(changed, encoding="utf-8")
    run = cli("validate", folder, "--checklist-dir", empty)
    assert run.code == 1  # the pinned digest no longer matches


def test_a_broken_cache_is_not_used(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (own_cache / "results.sqlite3").write_bytes(b"this is not a database" * 100)
    assert cli("validate", folder).code == 0
    assert (own_cache / "results.sqlite3").read_bytes().startswith(b"SQLite format 3")
    blocked = own_cache / "blocked"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    monkeypatch.setenv("IPCHECK_CACHE_DIR", str(blocked))
    assert cli("validate", folder).code == 0


def test_concurrent_writers_do_not_corrupt_it(own_cache: Path) -> None:
    def write(n: int) -> None:
        with ResultCache("salt", own_cache) as cache:
            cache.put_many(
                Entry(cache.key(f"{n}-{i}".encode()), f"{n}:{i}".encode()) for i in range(200)
            )

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with ResultCache("salt", own_cache) as cache:
        assert all(
            cache.get(cache.key(f"{n}-{i}".encode())) == f"{n}:{i}".encode()
            for n in range(8)
            for i in range(200)
        )
    with ResultCache("other salt", own_cache) as other:
        assert other.get(other.key(b"0-0")) is None


def _same_size_edit(file: Path) -> None:
    """The county's hand edit after the office's first run: a status changed in place, the
    file's size kept."""
    text = file.read_text(encoding="utf-8")
    edited = text.replace('status = "todo"', 'status = "na"  ', 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    file.write_text(edited, encoding="utf-8")


def test_metadata_that_says_unchanged_is_not_believed(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Times, size, inode and change time can all be forged by whoever prepared the medium:
    with every one of them reporting the file as it was, the changed bytes are checked."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    file = next(folder.rglob("*.toml"))
    first = cli("validate", folder)
    assert first.code == 0, first
    sum_first = cli("summary", folder, "--format", "json")
    old = file.stat()
    _same_size_edit(file)
    real_stat, real_lstat = os.stat, os.lstat

    def forged(real: Callable[..., os.stat_result]) -> Callable[..., os.stat_result]:
        def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
            found = real(path, *args, **kwargs)
            if isinstance(path, str | Path) and Path(path).absolute() == file.absolute():
                return old
            return found

        return stat

    monkeypatch.setattr(os, "stat", forged(real_stat))
    monkeypatch.setattr(os, "lstat", forged(real_lstat))
    assert file.stat() == old
    run = cli("validate", folder)
    assert run.code == 1 and "needs a reason" in run.stdout, run
    sum_second = cli("summary", folder, "--format", "json")
    assert sum_second.stdout != sum_first.stdout
    assert cli("summary", folder, "--format", "json", "--no-cache").stdout == sum_second.stdout


def _root_with_loop_devices() -> str | None:
    """Why a forged ext4 image cannot be mounted here, or None when it can."""
    if os.name != "posix" or os.geteuid() != 0:
        return "mounting an image needs root"
    for tool in ("mkfs.ext4", "debugfs", "mount", "umount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def test_a_stick_image_with_forged_times_is_checked_again(
    cli: CLI, tmp_path: Path, own_cache: Path
) -> None:
    """The attack as it was shown: an ext4 image holding a submission, checked once by the
    office; the file rewritten and its modification and change times restored with debugfs
    on the unmounted image; mounted again, every field of its stat is what it was."""
    why = _root_with_loop_devices()
    if why is not None:
        pytest.skip(why)
    image, mount = tmp_path / "stick.ext4", tmp_path / "stick"
    mount.mkdir()
    subprocess.run(["truncate", "-s", "16M", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)
    if subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=False).returncode:
        pytest.skip("no loop device can be mounted here")
    try:
        shutil.copytree(EXAMPLES / "counties" / "郏县-2025", mount / "郏县-2025")
        file = mount / "郏县-2025" / "郏县-2025.toml"
        assert cli("validate", mount).code == 0
        old = file.stat()
        _same_size_edit(file)
    finally:
        subprocess.run(["umount", str(mount)], check=True)
    inside = "/郏县-2025/郏县-2025.toml"
    for field, value in (
        ("mtime", f"@{old.st_mtime_ns // 10**9}"),
        ("mtime_extra", str((old.st_mtime_ns % 10**9) << 2)),
        ("ctime", f"@{old.st_ctime_ns // 10**9}"),
        ("ctime_extra", str((old.st_ctime_ns % 10**9) << 2)),
    ):
        subprocess.run(
            ["debugfs", "-w", "-R", f"set_inode_field {inside} {field} {value}", str(image)],
            check=True,
            capture_output=True,
        )
    subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=True)
    try:
        now = file.stat()
        forged = ("st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
        assert [getattr(now, f) for f in forged] == [getattr(old, f) for f in forged]
        run = cli("validate", mount)
        assert run.code == 1 and "needs a reason" in run.stdout, run
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_damaged_cache_row_is_a_miss(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept value that does not decode (a disk error, another ipcheck's layout) is worked
    out again, never an error; the damaged rows are replaced."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = cli("validate", folder, "--format", "json")
    sum_first = cli("summary", folder, "--format", "json")
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db, db:
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] > 0
        db.execute("UPDATE results SET value = x'c1ffee'")
    again = cli("validate", folder, "--format", "json")
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    sum_again = cli("summary", folder, "--format", "json")
    assert (sum_again.code, sum_again.stdout) == (sum_first.code, sum_first.stdout)
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db:
        damaged = db.execute("SELECT count(*) FROM results WHERE value = x'c1ffee'").fetchone()
    assert damaged == (0,)
    assert cli("validate", folder, "--format", "json").stdout == first.stdout


@pytest.mark.parametrize("language", ["zh", "en"])
def test_text_shown_from_the_cache_is_the_text_a_check_shows(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """A second text run prints what the first printed, word for word, in the run's
    language, however the cache was filled (a JSON run keeps no text); a file kept under
    another name's content shows its own path."""
    monkeypatch.setenv("IPCHECK_LANG", language)
    first = cli("validate", folder, "--no-cache")
    assert first.code == 0 and first.stdout.count("\n") > 10, first
    assert cli("validate", folder, "--format", "json").code == 0  # problems, no text
    for _ in range(3):  # shown from problems, then kept with text, then shown from the text
        again = cli("validate", folder)
        assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    other = "zh" if language == "en" else "en"
    monkeypatch.setenv("IPCHECK_LANG", other)
    assert cli("validate", folder).stdout == cli("validate", folder, "--no-cache").stdout
    monkeypatch.setenv("IPCHECK_LANG", language)
    source = next(folder.rglob("*.toml"))
    twin = folder / "twin" / "twin.toml"
    twin.parent.mkdir()
    shutil.copyfile(source, twin)
    both = cli("validate", source, twin)
    assert both.stdout == cli("validate", source, twin, "--no-cache").stdout
    assert f"{twin}\n" in both.stdout and f"{source}\n" in both.stdout


def test_a_kept_text_with_damaged_problems_is_a_miss_where_the_problems_are_wanted(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text and problems are kept side by side: a run that needs the problems (JSON) and
    finds them damaged works them out again; a text run shows the text it kept."""
    import msgspec

    from ipcheck.api.validation import Kept

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    text, json_out = cli("validate", folder), cli("validate", folder, "--format", "json")
    assert cli("validate", folder).stdout == text.stdout  # the text is kept now
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db:
        rows = db.execute("SELECT key, value FROM results").fetchall()
    kept = [(key, msgspec.msgpack.decode(value[:-4], type=Kept)) for key, value in rows]
    wrong = msgspec.Raw(msgspec.msgpack.encode({"not": "problems"}))  # well-formed
    damaged = [
        Entry(key, msgspec.msgpack.encode(msgspec.structs.replace(k, problems=wrong)))
        for key, k in kept
        if k.text is not None
    ]
    assert damaged
    with ResultCache("", own_cache) as cache:  # kept as the cache keeps a value: whole
        cache.put_many(damaged)
    assert cli("validate", folder).stdout == text.stdout
    again = cli("validate", folder, "--format", "json")
    assert (again.code, again.stdout) == (json_out.code, json_out.stdout)


@settings(max_examples=40, deadline=None)
@given(content=st.binary(max_size=200_000), salt=st.text(max_size=20))
def test_a_files_key_is_the_key_of_its_bytes(content: bytes, salt: str) -> None:
    """key_of_file reads through a small buffer what read_bytes would read whole: the same
    key at every size, across the buffer's edges."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.toml"
        path.write_bytes(content)
        cache = ResultCache(salt, Path(folder))
        assert cache.key_of_file(path) == cache.key(read_bytes(path))


def test_a_file_past_the_limit_is_refused_as_read_bytes_refuses_it(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 200_000)
    with pytest.raises(InputError) as whole:
        read_bytes(path, limit=100_000)
    with pytest.raises(InputError) as fed:
        feed_file(path, lambda _piece: None, limit=100_000)
    assert str(fed.value) == str(whole.value)
    pieces: list[int] = []
    feed_file(path, lambda piece: pieces.append(len(piece)))
    assert sum(pieces) == 200_000 and max(pieces) <= 1 << 16


@pytest.mark.parametrize("value", ["'txt'", "1.5", "42", "x''", "x'00'"])
def test_a_row_another_program_wrote_is_a_miss(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Text, a number, nothing: what SQLite holds in a row is whatever was written there."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = cli("validate", folder, "--format", "json")
    sum_first = cli("summary", folder, "--format", "json")
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db, db:
        db.execute(f"UPDATE results SET value = {value}")
    again = cli("validate", folder, "--format", "json")
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    assert cli("summary", folder, "--format", "json").stdout == sum_first.stdout


def test_a_flipped_byte_is_a_miss_not_other_figures(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte damaged on the disk in a kept summary row would still decode, into figures
    no file holds (16711683 items done): each value is kept with its CRC-32."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    truth = cli("summary", folder, "--format", "json", "--no-cache").stdout
    assert cli("summary", folder, "--format", "json").stdout == truth
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db, db:
        rows = db.execute("SELECT key, value FROM results").fetchall()
        for key, value in rows:
            flipped = bytearray(value)
            flipped[len(flipped) // 2] ^= 0xFF
            db.execute("UPDATE results SET value = ? WHERE key = ?", (bytes(flipped), key))
    assert cli("summary", folder, "--format", "json").stdout == truth
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db:
        rows = db.execute("SELECT key, value FROM results").fetchall()
    assert all(zlib.crc32(v[:-4], zlib.crc32(k)).to_bytes(4, "big") == v[-4:] for k, v in rows)


def test_a_value_found_under_another_key_is_a_miss(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each county's row, whole and well-formed, moved under another county's key: each
    would be ranked with another's figures. The CRC-32 is of the key and the value."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    truth = cli("summary", folder, "--format", "json", "--no-cache").stdout
    assert cli("summary", folder, "--format", "json").stdout == truth
    with closing(sqlite3.connect(own_cache / "results.sqlite3")) as db, db:
        rows = db.execute("SELECT key, value FROM results").fetchall()
        assert len(rows) > 2
        turned = [(value, rows[n - 1][0]) for n, (_key, value) in enumerate(rows)]
        db.execute("DELETE FROM results")
        db.executemany("INSERT INTO results (value, key) VALUES (?, ?)", turned)
    assert cli("summary", folder, "--format", "json").stdout == truth


def test_a_broken_cache_that_cannot_be_replaced_is_done_without(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged cache file whose companion is a folder (or whose folder is read-only):
    it cannot be started afresh, and the run goes on without it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (own_cache / "results.sqlite3").write_bytes(b"this is not a database" * 100)
    (own_cache / "results.sqlite3-shm").mkdir()
    for args in (("validate", folder), ("summary", folder, "--format", "json")):
        run = cli(*args)
        assert (run.code, run.stdout, run.stderr) == _without_cache(cli, *args), args


def _without_cache(cli: CLI, *args: str | Path) -> tuple[int, str, str]:
    run = cli(*args, "--no-cache")
    return run.code, run.stdout, run.stderr


def test_a_cache_another_program_holds_locked_is_waited_for_once(
    cli: CLI, folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exclusive lock held by another program (a backup tool, a database browser):
    each process waits SQLite's timeout once, then works without the cache."""
    import time

    from ipcheck.store import cache

    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert cli("validate", folder).code == 0  # the cache exists, with rows
    with closing(sqlite3.connect(own_cache / "results.sqlite3", isolation_level=None)) as db:
        db.execute("PRAGMA locking_mode=EXCLUSIVE")
        db.execute("BEGIN EXCLUSIVE")
        began = time.monotonic()
        for args in (("validate", folder), ("summary", folder, "--format", "json")):
            run = cli(*args)
            assert (run.code, run.stdout, run.stderr) == _without_cache(cli, *args), args
        assert time.monotonic() - began < 8  # 0.3 s a wait: not waited for again and again
        db.execute("ROLLBACK")
