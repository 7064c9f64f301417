"""Never lose data: concurrent writers all land; a killed writer leaves old or new."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from ipcheck.model.assessment import Status
from ipcheck.store.loader import load_assessment
from tests.helpers import ROOT


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, IPCHECK_USER="并发测试", PYTHONPATH=str(ROOT))
    env.pop("IPCHECK_CHECKLIST_DIR", None)
    return env


def _init(tmp_path: Path, name: str = "叶县") -> Path:
    subprocess.run(
        [sys.executable, "-m", "ipcheck", "init", "--county", name, "--period", "2025"],
        cwd=tmp_path,
        env=_env(tmp_path),
        check=True,
        capture_output=True,
    )
    return tmp_path / f"{name}-2025.toml"


@pytest.mark.slow
def test_twenty_concurrent_marks_all_land(tmp_path: Path) -> None:
    path = _init(tmp_path)
    items = list(load_assessment(path).assessment.items)[:20]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ipcheck",
                "mark",
                "-f",
                str(path),
                item,
                "done",
                "--note",
                f"第{n}个",
            ],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, item in enumerate(items)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    final = load_assessment(path).assessment
    assert [final.items[i].status for i in items] == [Status.DONE] * 20
    assert {final.items[i].note for i in items} == {f"第{n}个" for n in range(20)}
    # one "created" line, then a status and a note line per writer
    assert len(final.history) == 1 + 2 * 20
    assert not list(tmp_path.glob(".*.tmp"))


posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def _fork_writers(jobs: list[tuple[Path, str, str]]) -> list[int]:
    """Start one process per (file, item, note), all at once; each marks its item. Exit codes."""
    from ipcheck.commands.assessment import mark
    from ipcheck.store.resources import shipped_checklists_dir

    gate_read, gate_write = os.pipe()
    pids = []
    for path, item, note in jobs:
        pid = os.fork()
        if pid == 0:  # the writer
            code = 1
            try:
                os.close(gate_write)
                os.read(gate_read, 1)  # wait until every writer exists, then race
                events = mark(
                    [item, Status.IN_PROGRESS.value],
                    [(shipped_checklists_dir(), True)],
                    note=note,
                    reason=None,
                    evidence=[],
                    file=path,
                    by="并发",
                    allow_outside=False,
                )
                for _ in events:
                    pass
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    os.close(gate_read)
    os.close(gate_write)  # releases every writer at once
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]


@pytest.mark.slow
@posix_only
def test_fifty_writers_on_one_file(tmp_path: Path) -> None:
    path = _init(tmp_path)
    items = list(load_assessment(path).assessment.items)[:50]
    codes = _fork_writers([(path, item, f"写入者{n}") for n, item in enumerate(items)])
    assert codes == [0] * 50
    final = load_assessment(path).assessment
    assert [final.items[i].note for i in items] == [f"写入者{n}" for n in range(50)]
    assert len(final.history) == 1 + 2 * 50  # nothing lost: a status and a note line each


@pytest.mark.slow
@posix_only
def test_ten_writers_on_each_of_ten_files(tmp_path: Path) -> None:
    roster = [
        "新华区",
        "卫东区",
        "石龙区",
        "湛河区",
        "舞钢市",
        "汝州市",
        "宝丰县",
        "叶县",
        "鲁山县",
        "郏县",
    ]
    paths = [_init(tmp_path, name) for name in roster]
    jobs = []
    for path in paths:
        items = list(load_assessment(path).assessment.items)[:10]
        jobs += [(path, item, f"{path.stem}-{k}") for k, item in enumerate(items)]
    assert _fork_writers(jobs) == [0] * 100
    for path in paths:
        final = load_assessment(path).assessment
        assert sum(s.status is Status.IN_PROGRESS for s in final.items.values()) == 10
        assert len(final.history) == 21


@pytest.mark.slow
@posix_only
def test_a_writer_killed_200_times_leaves_old_or_new(tmp_path: Path) -> None:
    """Each round, a process writes one change; it is killed at a random moment.
    The file is then byte for byte the old content or the new one, never anything else."""
    from ipcheck.core.marking import mark
    from ipcheck.model.assessment import Stamp
    from ipcheck.store.writer import atomic_write, locked, to_toml

    path = _init(tmp_path)
    rng = random.Random(8)
    outcomes = {"old": 0, "new": 0}
    # how long one write takes here: kills are spread over twice that, before, during, after
    start = time.perf_counter()
    locked(path, partial(atomic_write, path, path.read_text(encoding="utf-8")))
    span = 2 * (time.perf_counter() - start) + 0.002
    for round_ in range(200):
        old = path.read_bytes()
        current = load_assessment(path).assessment
        stamp = Stamp("写入者", current.created)
        # big notes make a write take long enough to be cut in the middle
        note = f"第{round_}轮" + "长" * rng.randint(100, 1500)
        new_text = to_toml(mark(current, ["budget"], stamp, note=note))
        pid = os.fork()
        if pid == 0:
            try:
                locked(path, partial(atomic_write, path, new_text))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, span))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = path.read_bytes()
        assert now in (old, new_text.encode("utf-8")), f"round {round_}: torn file"
        outcomes["old" if now == old else "new"] += 1
        tomllib.loads(now.decode("utf-8"))
    assert outcomes["old"] + outcomes["new"] == 200
    print(f"kills: 200; file left old {outcomes['old']} times, new {outcomes['new']} times, torn 0")
    # the writers' temporary files are swept by the next write
    subprocess.run(
        [sys.executable, "-m", "ipcheck", "note", "-f", str(path), "1.2", "收尾"],
        env=_env(tmp_path),
        check=True,
        capture_output=True,
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_writer_that_waited_for_the_lock_stamps_the_time_it_wrote(tmp_path: Path) -> None:
    """Writers take the time under the lock: a `note` that had to wait while another
    writer held the file records when it wrote, not when it started, so two ordinary
    overlapping runs never leave history times going backwards (which validate and seal
    refuse: the county could not submit)."""
    import datetime as dt

    import fasteners

    from ipcheck.store.writer import lock_path

    path = _init(tmp_path)
    env = {k: v for k, v in _env(tmp_path).items() if k != "SOURCE_DATE_EPOCH"}
    holder = fasteners.InterProcessLock(lock_path(path))
    assert holder.acquire(timeout=10)
    try:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "ipcheck", "note", "-f", str(path), "1.2", "等待锁的说明"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(1.2)  # it started, read the time it would have stamped, and waits
        released = dt.datetime.now().astimezone().replace(microsecond=0)
    finally:
        holder.release()
    _out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err.decode()
    history = load_assessment(path).assessment.history
    assert history[-1].action.value == "note"
    assert history[-1].at >= released, (history[-1].at, released)
    from ipcheck import api

    assert not any(report.errors for report in api.validate([path]))
    api.mark(api.open_assessment(path), ["1.2"], "done", by="并发测试")


def test_the_lock_lives_in_the_user_s_folder_never_beside_the_assessment(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing of ipcheck's goes into the folder a county zips and sends."""
    from ipcheck.kept import cache_dir
    from ipcheck.store.writer import lock_path

    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    assert cli("mark", "1.2", "推进中").code == 0
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".lock")]
    lock = lock_path(tmp_path / "叶县-2025.toml")
    assert lock.parent == cache_dir() / "locks" and lock.exists()
    # one file, one lock, however it is named
    assert lock_path(tmp_path / "." / "叶县-2025.toml") == lock


def test_threads_of_one_process_change_one_file_one_at_a_time(tmp_path: Path) -> None:
    """The page's server runs each request on a worker thread: an OS file lock is the
    process's, so threads take the file's lock one at a time too — twenty notes written
    at once by twenty threads all land, each with its history line, and no writer's
    temporary file is swept away by another's."""
    from concurrent.futures import ThreadPoolExecutor

    from ipcheck import api

    path = _init(tmp_path)
    ids = [item.item.id for item in api.open_assessment(path).scope[:20]]

    def write(n: int) -> None:
        api.note(api.open_assessment(path), [ids[n]], f"第{n}条说明", by="并发测试")

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(write, range(20)))
    assessment = load_assessment(path).assessment
    assert {ids[n]: f"第{n}条说明" for n in range(20)} == {i: assessment.items[i].note for i in ids}
    assert sum(1 for line in assessment.history if line.action == "note") == 20
    assert list(tmp_path.glob(".*.tmp")) == []


@pytest.mark.slow
def test_writers_sharing_no_lock_lose_nothing(tmp_path: Path) -> None:
    """Two accounts, or one with two cache folders, take two locks: their changes
    overlapped and the last write won, silently (a trial: 10 of 20 notes were left, each
    command saying it wrote). The writer looks at the file just before it replaces it and
    makes its change again on what another wrote, the look and the replace claimed by one
    writer at a time (a re-trial still lost 1 in 20 between them): every note lands."""
    path = _init(tmp_path)
    items = list(load_assessment(path).assessment.items)[:20]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ipcheck", "note", "-f", str(path), item, f"第{n}条"],
            cwd=tmp_path,
            env=dict(_env(tmp_path), IPCHECK_CACHE_DIR=str(tmp_path / f"cache{n % 2}")),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, item in enumerate(items)
    ]
    said = [(p.wait(timeout=120), p.communicate()[1].decode()) for p in procs]
    assert [code for code, _err in said] == [0] * len(items), said
    assessment = load_assessment(path).assessment
    assert {item: assessment.items[item].note for item in items} == {
        item: f"第{n}条" for n, item in enumerate(items)
    }
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_change_made_meanwhile_without_the_lock_is_kept(tmp_path: Path) -> None:
    """Deterministically: another writer replaces the file while this one works under its
    lock; this one's write is refused by its look before replacing, and made again on the
    file as the other left it."""
    from ipcheck import api
    from ipcheck.core.marking import mark
    from ipcheck.model.assessment import Stamp
    from ipcheck.store.assessment_file import transaction
    from ipcheck.store.writer import to_toml

    path = _init(tmp_path)
    opened = api.open_assessment(path)
    first, second = list(opened.loaded.assessment.items)[:2]
    calls = []

    def apply(current: Any, stamp: Stamp) -> Any:
        calls.append(current.items[first].note)
        if len(calls) == 1:  # the other writer, which holds no lock of ours
            theirs = mark(current, [first], Stamp("他人", stamp.at), note="他人的说明")
            path.write_text(to_toml(theirs), encoding="utf-8")
        return mark(current, [second], stamp, note="本人的说明")

    transaction(opened, apply, "本人")
    assessment = load_assessment(path).assessment
    assert calls == [None, "他人的说明"]  # made again on what the other wrote
    assert assessment.items[first].note == "他人的说明"
    assert assessment.items[second].note == "本人的说明"


def test_one_file_by_two_paths_takes_one_lock(tmp_path: Path) -> None:
    """Its folder reached through a link (as a bind mount or a second drive letter)."""
    from ipcheck.store.writer import lock_path

    (tmp_path / "真").mkdir()
    (tmp_path / "链").symlink_to(tmp_path / "真", target_is_directory=True)
    assert lock_path(tmp_path / "链" / "叶县-2025.toml") == lock_path(
        tmp_path / "真" / "叶县-2025.toml"
    )
    assert lock_path(tmp_path / "真" / "郏县-2025.toml") != lock_path(
        tmp_path / "真" / "叶县-2025.toml"
    )


def test_a_refused_write_names_the_file_or_folder_not_a_temporary_file(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be written, or a disk that fills, was said of the writer's
    temporary file (…/.叶县-2025.toml.04g4ozwv.tmp: 权限不足), a name the officer never
    saw (a trial)."""
    import errno
    import tempfile

    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    made = tempfile.mkstemp

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".x.1234.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    run = cli("mark", "1.2", "推进中")
    assert run.code == 2 and ".tmp" not in run.stderr, run
    assert f"{tmp_path / '叶县-2025.toml'}: " in run.stderr
    monkeypatch.setattr(tempfile, "mkstemp", made)
    from ipcheck.store import writer

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as no_space:
        writer.atomic_write(tmp_path / "r.html", "<p>")
    assert no_space.value.filename == str(tmp_path / "r.html")
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_claim_left_by_a_killed_writer_is_taken_over(tmp_path: Path) -> None:
    """A writer killed between its last look and its replace leaves its claim beside the
    file; the next writer finds it stale and writes, and leaves none."""
    from ipcheck import api

    path = _init(tmp_path)
    claim = path.with_name(f".{path.name}.claim")
    claim.write_bytes(b"")
    old = time.time() - 60
    os.utime(claim, (old, old))
    done = api.note(api.open_assessment(path), ["1.2"], "接管", by="并发测试")
    item = done.items[0].item.id
    assert load_assessment(path).assessment.items[item].note == "接管"
    assert not claim.exists()


def test_a_claim_that_stays_fresh_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim on a drive whose clock runs ahead never looks stale: after the lock's time
    the writer says which file holds it up and what to do, and writes nothing."""
    from ipcheck import api
    from ipcheck.errors import InputError
    from ipcheck.store import writer

    path = _init(tmp_path)
    claim = path.with_name(f".{path.name}.claim")
    claim.write_bytes(b"")
    ahead = time.time() + 3600
    os.utime(claim, (ahead, ahead))
    monkeypatch.setattr(writer, "LOCK_TIMEOUT_SECONDS", 0.2)
    before = path.read_bytes()
    with pytest.raises(InputError) as held:
        api.note(api.open_assessment(path), ["1.2"], "等待", by="并发测试")
    assert str(held.value).startswith(f"{claim}: held for 0.2 s")
    assert "delete it if no ipcheck is writing 叶县-2025.toml" in str(held.value)
    assert path.read_bytes() == before


def test_a_folder_refusing_the_claim_is_said_at_once(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Access denied to the claim, no claim there: the folder refuses it (only Windows'
    'delete pending' is waited out): one line at once, the file as it was."""
    import errno

    from ipcheck.store import writer

    monkeypatch.chdir(tmp_path)
    assert cli("init", "--county", "叶县", "--period", "2025").code == 0
    path = tmp_path / "叶县-2025.toml"
    before = path.read_bytes()
    opened = os.open

    def refused(name: Any, *args: Any, **kwargs: Any) -> int:
        if str(name).endswith(".claim"):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return opened(name, *args, **kwargs)

    monkeypatch.setattr(writer.os, "open", refused)
    start = time.monotonic()
    run = cli("mark", "1.2", "推进中")
    assert run.code == 2 and run.stderr.count("\n") == 1, run
    assert ".claim" in run.stderr and time.monotonic() - start < 5
    assert path.read_bytes() == before
