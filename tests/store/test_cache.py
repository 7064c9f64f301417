"""The results cache of validate and summary: the same answers, never a stale one."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcheck.store.cache import Entry, ResultCache
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
    shipped = EXAMPLES.parent / "checklists" / "pingdingshan-2021-22" / "1.0.0.toml"
    changed = shipped.read_text(encoding="utf-8").replace("points = 1\n", "points = 2\n", 1)
    (empty / "pingdingshan-2021-22" / "1.0.0.toml").write_text(changed, encoding="utf-8")
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
        cache = ResultCache("salt", own_cache)
        cache.put_many(
            Entry(cache.key(f"{n}-{i}".encode()), f"{n}:{i}".encode(), f"f{n}-{i}", None)
            for i in range(200)
        )
        cache.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache = ResultCache("salt", own_cache)
    assert all(
        cache.get(cache.key(f"{n}-{i}".encode())) == f"{n}:{i}".encode()
        for n in range(8)
        for i in range(200)
    )
    other = ResultCache("other salt", own_cache)
    assert other.get(other.key(b"0-0")) is None
